"""The end-of-scenario chart: where the choices left each dimension.

The page draws it (player_js/player.js) from the scores of the path: an HTML table with bars,
not an altair chart. The ending then needs no chart library and no trip to the kernel (issue
18), it looks the same in Lab and Voilà, and a screen reader reads it as the table it is. The
bars only repeat the numbers beside them; the direction is also said in words (not by colour
alone). Its words and sizes are here, with the kernel's other Danish texts.
"""

from __future__ import annotations

TITLE = "Sådan endte dine valg"
SUBTITLE = "Summen af konsekvenserne for hver dimension. 0 er udgangspunktet."
MIN_REACH = 3  # the bars' scale goes at least from -3 to +3
# The table fits its box at any width (WCAG 1.4.10, 320 px): fixed column shares, long
# dimension names wrap, and the bar takes what is left beside its number.
COLUMNS = (("Dimension", "40%"), ("Ændring fra start", "34%"), ("Retning", "26%"))


def signed(value: int) -> str:
    """+2, 0, −1 (a real minus sign, as the chart writes it)."""
    return f"+{value}" if value > 0 else ("0" if value == 0 else f"−{abs(value)}")
