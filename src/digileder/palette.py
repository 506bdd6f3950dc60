"""The course's colours (Okabe-Ito: distinguishable with the common forms of colour blindness).

Kept apart from charts.py so that views can use them without importing altair and pandas."""

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
MAIN, ACCENT, GOOD, MUTED = PALETTE[0], PALETTE[1], PALETTE[2], "#9a9a9a"
