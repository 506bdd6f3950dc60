"""The course's colours (Okabe-Ito: distinguishable with the common forms of colour blindness).

Kept apart from charts.py so that views can use them without importing altair and pandas."""

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
MAIN, ACCENT, GOOD, MUTED = PALETTE[0], PALETTE[1], PALETTE[2], "#9a9a9a"
# Text in colour must reach 4.5:1 on white and on the course's light boxes (WCAG 1.4.3). The
# palette's vermillion, green and ochre are 3.4-3.9:1 (enough for bars and lines, 1.4.11), so
# messages use darker shades of them.
ERROR_TEXT, OK_TEXT, WARN_TEXT = "#A84A00", "#007555", "#8A6100"
