"""The end-of-scenario chart: where the choices left each dimension.

Drawn as an HTML table with bars, not with altair: the ending then needs no chart library
(importing altair and pandas made the first ending take 0.6 s, issue 18), it looks the same
in Lab and Voilà, and a screen reader reads it as the table it is. The bars only repeat the
numbers beside them; the direction is also said in words (not by colour alone).
"""

from __future__ import annotations

from dataclasses import dataclass

from digileder.palette import GOOD, PALETTE
from digileder.ui import html as ui_html

TITLE = "Sådan endte dine valg"
SUBTITLE = "Summen af konsekvenserne for hver dimension. 0 er udgangspunktet."
MIN_REACH = 3  # the bars' scale goes at least from -3 to +3
COLOURS = {"steget": GOOD, "faldet": PALETTE[5], "uændret": "transparent"}
_CELL = ("padding:0.2em 0.6em 0.2em 0;text-align:left;vertical-align:middle;"
         "overflow-wrap:anywhere")
# The table fits its box at any width (WCAG 1.4.10, 320 px): fixed column shares, long
# dimension names wrap, and the bar takes what is left beside its number.
_COLUMNS = (("Dimension", "40%"), ("Ændring fra start", "34%"), ("Retning", "26%"))


@dataclass(frozen=True)
class DimensionRow:
    dimension: str
    score: int
    label: str  # "+2", "−1", "0"
    retning: str  # steget, faldet, uændret


def signed(value: int) -> str:
    return f"+{value}" if value > 0 else ("0" if value == 0 else f"−{abs(value)}")


def dimension_rows(scores: dict[str, int], labels: dict[str, str]) -> list[DimensionRow]:
    """One row per dimension, in the scenario's order."""
    return [DimensionRow(labels.get(key, key), int(value), signed(int(value)),
                         "steget" if value > 0 else ("faldet" if value < 0 else "uændret"))
            for key, value in scores.items()]


def _bar(row: DimensionRow, reach: int) -> ui_html.Markup:
    """A bar from the middle (0) to the right (+) or left (−); decorative, holds no text."""
    half = 50 * abs(row.score) / reach
    left = 50 if row.score >= 0 else 50 - half
    tag = ui_html.tag
    return tag("span", tag("span", style="position:absolute;left:50%;top:0;bottom:0;width:1px;"
                                          "background:#222"),
               tag("span", style=f"position:absolute;left:{left:.2f}%;width:{half:.2f}%;top:3px;"
                                 f"bottom:3px;background:{COLOURS[row.retning]}"),
               style="position:relative;display:inline-block;width:calc(100% - 3.4em);"
                     "height:22px;vertical-align:middle;margin-right:0.4em")


def dimension_chart(scores: dict[str, int], labels: dict[str, str]) -> ui_html.Markup:
    """Vandrette søjler: hvordan dine valg endte for hver dimension (0 er udgangspunktet)."""
    rows = dimension_rows(scores, labels)
    reach = max([MIN_REACH, *(abs(row.score) for row in rows)])
    tag = ui_html.tag
    body = [tag("tr", tag("th", row.dimension, scope="row", style=_CELL),
                tag("td", _bar(row, reach), tag("b", row.label),
                    style=f"{_CELL};white-space:nowrap"),
                tag("td", row.retning, style=_CELL))
            for row in rows]
    head = tag("tr", *(tag("th", name, scope="col", style=f"{_CELL};width:{width}")
                       for name, width in _COLUMNS))
    caption = tag("caption", tag("b", TITLE, style="font-size:15px"), tag("br"),
                  tag("span", SUBTITLE, style="color:#555;font-size:12px"),
                  style="text-align:left;caption-side:top;padding-bottom:0.4em")
    return tag("table", caption, tag("thead", head), tag("tbody", *body),
               cls="digileder-dimension-chart",
               style="border-collapse:collapse;margin:0.6em 0;width:100%;max-width:40em;"
                     "table-layout:fixed")
