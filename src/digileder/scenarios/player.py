"""The scenario player: a thin ipywidgets view over Run.

Each click only updates a few HTML widgets; the scenario is read once when the
player starts, and the chart is drawn once, at the ending.
"""

from __future__ import annotations

import re

import ipywidgets as widgets

from digileder import charts
from digileder.scenarios.chart import dimension_chart, signed
from digileder.scenarios.model import Run, Scenario
from digileder.scenarios.runs import load_saved_run, save_run
from digileder.scenarios.validate import ScenarioError, load
from digileder.ui import html as ui_html

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_BOX = "border-radius:6px;padding:0.6em 1em;margin:0.4em 0;"
_GOOD, _BAD, _NEUTRAL = "#e3f3ec", "#fbe6dc", "#eeeeee"
# ipywidgets buttons never wrap their text (white-space: nowrap); long choices must wrap.
_STYLE = (
    "<style>.digileder-choice{white-space:normal !important;text-align:left !important;"
    "line-height:1.35 !important;padding:6px 12px !important;min-height:34px}</style>"
)


def _paragraphs(text: str) -> str:
    """Plain text to HTML: blank lines separate paragraphs, **fed** becomes bold."""
    parts = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join(
        "<p>" + _BOLD.sub(r"<b>\1</b>", ui_html.text(" ".join(p.split()))) + "</p>" for p in parts
    )


def effect_chips(effects: dict[str, int], scenario: Scenario) -> str:
    """Små mærkater som '+1 Medarbejdernes tillid' for et valgs konsekvenser."""
    chips = []
    for key, change in effects.items():
        colour = _GOOD if change > 0 else (_BAD if change < 0 else _NEUTRAL)
        label = ui_html.text(f"{signed(change)} {scenario.dimension_label(key)}")
        chips.append(
            f"<span style='display:inline-block;background:{colour};border-radius:10px;"
            f"padding:0.1em 0.6em;margin:0.15em 0.3em 0.15em 0;font-size:90%'>{label}</span>"
        )
    return "".join(chips) or "<span style='font-size:90%;color:#555'>Ingen ændring</span>"


def _error_html(message: str, problems: list[str]) -> str:
    items = "".join(f"<li>{ui_html.text(p)}</li>" for p in problems)
    return (
        f"<div style='{_BOX}background:{_BAD}'><b>{ui_html.text(message)}</b>"
        f"<ul>{items}</ul><p>Sig det til din underviser. Underviseren kan tjekke filen med "
        "<code>digileder scenarie tjek FIL</code>.</p></div>"
    )


class ScenarioPlayer(widgets.VBox):
    """Afspilleren: situationen, valgene som knapper, konsekvensen og din vej indtil nu."""

    def __init__(self, scenario: Scenario, save: bool = True):
        self.scenario = scenario
        self.save = save
        self.run = Run(scenario)
        self._note = self._saved_note()  # read once, not on every click
        self.header = widgets.HTML(self._header_html())
        self.situation = widgets.HTML()
        self.buttons = widgets.VBox(layout=widgets.Layout(width="100%"))
        self.consequence = widgets.HTML()
        self.path_box = widgets.HTML()
        self.ending_box = widgets.HTML()
        self.chart_box = widgets.HTML()
        self.status = widgets.HTML()
        self.restart_button = widgets.Button(description="Start forfra", icon="refresh",
                                             tooltip="Spil scenariet igen fra begyndelsen")
        self.restart_button.on_click(lambda _: self.restart())
        super().__init__(
            # The consequence of the last choice comes first, then what happens next.
            [self.header, self.consequence, self.ending_box, self.chart_box, self.situation,
             self.buttons, self.path_box, self.status, self.restart_button],
            layout=widgets.Layout(width="100%", max_width="820px"),
        )
        self._show()

    # -- actions -------------------------------------------------------------------------

    def choose(self, index: int) -> None:
        step = self.run.choose(index)
        self.consequence.value = (
            f"<div style='{_BOX}background:#f3f8fc;border-left:4px solid {charts.MAIN}'>"
            f"<b>Konsekvens af dit valg</b>{_paragraphs(step['feedback'])}"
            f"<div>{effect_chips(step['effects'], self.scenario)}</div></div>"
        )
        self._show()
        if self.run.is_finished:
            self._finish()

    def _clicked(self, node_id: str, index: int) -> None:
        # A quick double click can arrive after the buttons changed: ignore stale clicks.
        if node_id == self.run.node_id and not self.run.is_finished:
            self.choose(index)

    def restart(self) -> None:
        self.run = Run(self.scenario)
        self._note = self._saved_note()
        self.consequence.value = ""
        self.status.value = ""
        self._show()

    # -- view ----------------------------------------------------------------------------

    def _saved_note(self) -> str:
        saved = load_saved_run(self.scenario.id) if self.save else None
        if not (saved and isinstance(saved.get("ending"), dict)):
            return ""
        title = ui_html.text(str(saved["ending"].get("title", "")))
        return (f"<p style='color:#555;font-size:90%'>Sidst du spillede, endte du i "
                f"slutningen <i>{title}</i>. Prøv gerne en anden vej.</p>")

    def _header_html(self, folded: bool = False) -> str:
        intro = _paragraphs(self.scenario.intro) + self._note
        if folded:  # after the first choice the intro only takes one line
            intro = f"<details><summary>Om scenariet</summary>{intro}</details>"
        return f"{_STYLE}<h3>{ui_html.text(self.scenario.title)}</h3>{intro}"

    def _show(self) -> None:
        node = self.run.node
        self.header.value = self._header_html(folded=bool(self.run.path))
        self.path_box.value = self._path_html()
        if self.run.is_finished:
            self.situation.value = ""
            self.buttons.children = ()
            self.restart_button.button_style = "primary"
            return
        heading = f"<h4>{ui_html.text(node.title)}</h4>" if node.title else ""
        step = len(self.run.path) + 1
        self.situation.value = (
            f"<div style='{_BOX}background:#fafafa;border:1px solid #ddd'>"
            f"<div style='color:#555;font-size:90%'>Beslutning {step}</div>"
            f"{heading}{_paragraphs(node.text)}<p><b>Hvad gør du?</b></p></div>"
        )
        buttons = []
        for index, choice in enumerate(node.choices):
            button = widgets.Button(
                description=choice.text, tooltip=choice.text,
                layout=widgets.Layout(width="100%", height="auto", margin="2px 0"),
            )
            button.add_class("digileder-choice")
            button.on_click(lambda _, i=index, at=node.id: self._clicked(at, i))
            buttons.append(button)
        self.buttons.children = tuple(buttons)
        self.ending_box.value = ""
        self.chart_box.value = ""
        self.restart_button.button_style = ""

    def _path_html(self) -> str:
        if not self.run.path:
            return ""
        items = "".join(
            f"<li>{ui_html.text(step['situation'])}<br><b>Du valgte:</b> "
            f"{ui_html.text(step['choice'])}<br>{effect_chips(step['effects'], self.scenario)}</li>"
            for step in self.run.path
        )
        return ("<details open><summary><b>Din vej indtil nu</b></summary>"
                f"<ol>{items}</ol></details>")

    def _finish(self) -> None:
        ending = self.run.ending
        self.ending_box.value = (
            f"<div style='{_BOX}background:#fff7e6;border-left:4px solid {charts.ACCENT}'>"
            f"<div style='color:#555;font-size:90%'>Slutning</div>"
            f"<h4>{ui_html.text(ending.title)}</h4>{_paragraphs(ending.summary)}"
            f"<p><b>✍️ Til refleksion:</b> {ui_html.text(ending.reflection)}</p></div>"
        )
        try:
            svg = charts.to_svg(dimension_chart(self.run.scores, self.scenario.dimensions))
            # Scale down in a narrow window instead of cutting the chart off.
            self.chart_box.value = svg.replace(
                "<svg ", '<svg style="max-width:100%;height:auto" ', 1)
        except Exception:  # noqa: BLE001 - a chart failure must not cost the participant the run
            self.chart_box.value = "<p><i>Diagrammet kunne ikke tegnes.</i></p>"
        if not self.save:
            return
        result = save_run(self.run)
        if not result.saved:
            self.status.value = (f"<span style='color:#D55E00'>{ui_html.text(result.message)}"
                                 "</span>")
            return
        self.status.value = (f"<i>Din vej er gemt i mine-svar/scenarier/"
                             f"{ui_html.text(result.path.name)}.</i>")


def show(scenario_id: str, save: bool = True) -> widgets.Widget:
    """Spil et scenarie: scenarios.show("ipads-i-vej-og-park").

    Når du når en slutning, gemmes din vej i mine-svar/scenarier/. Er filen væk eller
    i stykker, viser afspilleren en dansk besked i stedet for en fejl.
    """
    try:
        scenario = load(scenario_id)
    except ScenarioError as err:
        return widgets.HTML(_error_html(f"Scenariet '{scenario_id}' kan ikke vises.",
                                        err.problems))
    return ScenarioPlayer(scenario, save=save)
