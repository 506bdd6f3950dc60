"""Module 00's warm-up: guess the article's 46 pct., then see the simulated survey."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import ipywidgets as widgets

from digileder import danish
from digileder.errors import DataError
from digileder.kernel_preload import import_in_background
from digileder.ui import html as ui_html
from digileder.ui.chart_box import ChartBox

if TYPE_CHECKING:
    import pandas as pd

# The answer and its chart need pandas and altair, about 0.6 s to import: they load in the
# background while the participant guesses, so Run All of module 00 does not wait (issue 18).
_FOR_THE_ANSWER = ("digileder.data", "digileder.stats", "digileder.charts")


@dataclass
class GuessModel:
    """How close a guess (0-100) is to the true share (0-1)."""

    true_share: float

    def feedback(self, guess_pct: int) -> str:
        if not 0 <= guess_pct <= 100:
            return "Dit gæt skal ligge mellem 0 og 100 pct."
        diff = guess_pct - self.true_share * 100
        answer = danish.pct(self.true_share)
        if abs(diff) <= 5:
            return f"Godt ramt! Svaret er {answer}: næsten hver anden leder."
        direction = "højt" if diff > 0 else "lavt"
        amount = "lidt" if abs(diff) <= 15 else "en del" if abs(diff) <= 30 else "langt"
        end = "" if answer.endswith(".") else "."  # "46 pct." already ends the sentence
        return f"Du gættede {guess_pct} pct. – {amount} for {direction}. Svaret er {answer}{end}"


def leaders_by_level() -> pd.DataFrame:
    """Share of SIMULATED leaders naming gains realisation, per level, with 95 pct. CI."""
    from digileder import data, stats

    leaders = data.survey().query("gruppe == 'leder'")
    table = stats.share_table(leaders, "udfordring_gevinster", by="niveau")
    order = {"chef": 0, "afdelingsleder": 1, "teamleder": 2}
    return table.sort_values("niveau", key=lambda s: s.map(order)).reset_index(drop=True)


def chart():
    from digileder import charts

    return charts.share_bars(
        leaders_by_level(), "niveau", n="n", lower="lower", upper="upper",
        chart_title="Ledere der kalder gevinstrealisering en stor udfordring",
        subtitle="Fordelt på ledelsesniveau. Den sorte streg er et 95 pct. sikkerhedsinterval.",
        description=(
            "Vandrette søjler for chefer, afdelingsledere og teamledere i de simulerede data. "
            "Andelen der nævner gevinstrealisering, stiger fra chefer til teamledere."
        ),
        simulated=True, category_title="Ledelsesniveau",
    )


def show() -> widgets.VBox:
    """A number field to guess the share and a button that reveals the answer and a chart."""
    # A number field, not a slider: ipywidgets' slider handle has no accessible name.
    field = widgets.BoundedIntText(
        value=20, min=0, max=100, step=1, description="Dit gæt (pct.)",
        style={"description_width": "initial"}, layout=widgets.Layout(width="200px"),
    )
    button = widgets.Button(description="Se svaret", button_style="primary", icon="eye")
    answer = widgets.HTML()
    out = ChartBox()
    drawn = []

    def reveal(_=None):
        from digileder import data

        try:
            model = GuessModel(data.figure("tm2016_leaders_gains_challenge"))
        except DataError as error:  # a broken datasets folder: say so, draw nothing
            answer.value = ui_html.tag("p", str(error))
            return
        feedback = ui_html.tag("p", ui_html.tag("b", model.feedback(field.value)))
        answer.value = feedback
        if not drawn:  # the chart never changes: draw it once, not on every click
            try:  # the survey, not the figure: a broken file is said here, tried again
                out.show(chart())
            except DataError as error:
                answer.value = feedback + ui_html.tag("p", str(error))
                return
            drawn.append(True)

    button.on_click(reveal)
    import_in_background(_FOR_THE_ANSWER, "digileder-warmup-imports")
    return widgets.VBox([widgets.HBox([field, button]), answer, out])

