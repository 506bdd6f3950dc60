"""The scenario player: a thin ipywidgets view over Run.

Each click only updates a few HTML widgets and relabels buttons made once; the scenario is
read once when the player starts. The ending's chart is an HTML table with bars
(scenarios/chart.py), so the player never imports a chart library (issue 18).
"""

from __future__ import annotations

import re

import ipywidgets as widgets

from digileder.palette import ACCENT, MAIN
from digileder.scenarios.chart import dimension_chart, signed
from digileder.scenarios.model import Run, Scenario
from digileder.scenarios.runs import read_saved_run, save_run
from digileder.scenarios.validate import ScenarioError, load
from digileder.ui import html as ui_html

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_BOX = "border-radius:6px;padding:0.6em 1em;margin:0.4em 0;"
_GOOD, _BAD, _NEUTRAL = "#e3f3ec", "#fbe6dc", "#eeeeee"
# ipywidgets buttons never wrap their text (white-space: nowrap); long choices must wrap.
_STYLE = ui_html.tag(
    "style", ui_html.raw(".digileder-choice{white-space:normal !important;text-align:left "
                         "!important;line-height:1.35 !important;padding:6px 12px !important;"
                         "min-height:34px}"))
_SMALL = "color:#555;font-size:90%"
LIVE = "digileder-live"  # see voila_template/digileder/index.html.j2


def _paragraphs(text: str) -> ui_html.Markup:
    """Plain text to HTML: blank lines separate paragraphs, **fed** becomes bold."""
    parts = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return ui_html.join(  # split() with a group: text, bold, text, bold, ...
        ui_html.tag("p", *(ui_html.tag("b", piece) if odd % 2 else piece
                           for odd, piece in enumerate(_BOLD.split(" ".join(p.split())))))
        for p in parts)


def effect_chips(effects: dict[str, int], scenario: Scenario) -> ui_html.Markup:
    """Små mærkater som '+1 Medarbejdernes tillid' for et valgs konsekvenser."""
    chips = [ui_html.tag(
        "span", f"{signed(change)} {scenario.dimension_label(key)}",
        style=f"display:inline-block;background:"
              f"{_GOOD if change > 0 else _BAD if change < 0 else _NEUTRAL};border-radius:10px;"
              "padding:0.1em 0.6em;margin:0.15em 0.3em 0.15em 0;font-size:90%")
        for key, change in effects.items()]
    return ui_html.join(chips) or ui_html.tag("span", "Ingen ændring",
                                              style="font-size:90%;color:#555")


def _error_html(message: str, problems: list[str]) -> ui_html.Markup:
    tag = ui_html.tag
    return tag("div", tag("b", message), tag("ul", *(tag("li", p) for p in problems)),
               tag("p", "Sig det til din underviser. Underviseren kan tjekke filen med ",
                   tag("code", "digileder scenarie tjek FIL"), "."),
               style=f"{_BOX}background:{_BAD}")


class ScenarioPlayer(widgets.VBox):
    """Afspilleren: situationen, valgene som knapper, konsekvensen og din vej indtil nu."""

    def __init__(self, scenario: Scenario, save: bool = True):
        self.scenario = scenario
        self.save = save
        self.run = Run(scenario)
        # Read once, not on every click; a saved run that was set aside stays named on top.
        self._note, self._notice = self._saved_note()
        self.header = widgets.HTML(self._header_html())
        self.situation = widgets.HTML()
        # Two sets of choice buttons, used in turn: a step shows its choices on the set the
        # last step did not use. Buttons are made once and only relabelled (new buttons cost
        # the page three new widget models and views per choice), and a click sent from the
        # previous step's set, e.g. the second click of a double click, is ignored (issue 18).
        self._pools: tuple[list[widgets.Button], list[widgets.Button]] = ([], [])
        self._boxes = tuple(widgets.VBox(layout=widgets.Layout(width="100%", display="none"))
                            for _ in self._pools)
        self._active = 1  # the set that shows the choices; the first step uses set 0
        self.consequence = widgets.HTML()
        self.path_box = widgets.HTML()
        self.ending_box = widgets.HTML()
        # Screen readers read these out when they change (the course's Voila template makes
        # them polite live regions): focus stays on the next choices (issue 18).
        self.consequence.add_class(LIVE)
        self.ending_box.add_class(LIVE)
        self.chart = widgets.HTML()  # the ending's chart; not a live region (a whole table)
        self.status = widgets.HTML()
        self.restart_button = widgets.Button(description="Start forfra", icon="refresh",
                                             tooltip="Spil scenariet igen fra begyndelsen")
        self.restart_button.on_click(lambda _: self.restart())
        super().__init__(
            # The consequence of the last choice comes first, then what happens next.
            [self.header, self.consequence, self.ending_box, self.chart, self.situation,
             *self._boxes, self.path_box, self.status, self.restart_button],
            layout=widgets.Layout(width="100%", max_width="820px"),
        )
        self._show()

    # -- actions -------------------------------------------------------------------------

    def choose(self, index: int) -> None:
        step = self.run.choose(index)
        self.consequence.value = ui_html.tag(
            "div", ui_html.tag("b", "Konsekvens af dit valg"), _paragraphs(step["feedback"]),
            ui_html.tag("div", effect_chips(step["effects"], self.scenario)),
            style=f"{_BOX}background:#f3f8fc;border-left:4px solid {MAIN}")
        self._show(focus=True)
        if self.run.is_finished:
            self._finish()

    def _clicked(self, pool: int, index: int) -> None:
        # Only the set on show answers: a quick second click was sent from the other set.
        if (pool == self._active and not self.run.is_finished
                and index < len(self.run.node.choices)):
            self.choose(index)

    @property
    def buttons(self) -> widgets.VBox:
        """The box with the choices on show (empty at the ending)."""
        return self._boxes[self._active]

    def restart(self) -> None:
        self.run = Run(self.scenario)
        self._note = self._saved_note()[0]
        self.consequence.value = ""
        self.status.value = ""
        self._show(focus=True)

    # -- view ----------------------------------------------------------------------------

    def _saved_note(self) -> tuple[ui_html.Markup | str, ui_html.Markup | str]:
        """(how the last saved run ended, a Danish notice if its file had to be set aside)."""
        saved, notice = read_saved_run(self.scenario.id) if self.save else (None, "")
        warning = ui_html.message(notice, ui_html.Tone.ERROR) if notice else ""
        if not (saved and isinstance(saved.get("ending"), dict)):
            return "", warning
        return ui_html.tag("p", "Sidst du spillede, endte du i slutningen ",
                           ui_html.tag("i", str(saved["ending"].get("title", ""))),
                           ". Prøv gerne en anden vej.", style=_SMALL), warning

    def _header_html(self, folded: bool = False) -> str:
        intro = ui_html.join([_paragraphs(self.scenario.intro), self._note])
        if folded:  # after the first choice the intro only takes one line
            intro = ui_html.tag("details", ui_html.tag("summary", "Om scenariet"), intro)
        return ui_html.join([_STYLE, ui_html.tag("h3", self.scenario.title), self._notice,
                             intro])

    def _show(self, focus: bool = False) -> None:
        """Show the run as it is now; FOCUS (after a choice or a restart, not when the module
        opens) moves the keyboard to the first new choice."""
        node = self.run.node
        self.header.value = self._header_html(folded=bool(self.run.path))
        self.path_box.value = self._path_html()
        if self.run.is_finished:
            # The focus moves before the pressed choice is hidden, so it never falls back to
            # the page; Shift+Tab from "Start forfra" reads the ending.
            self.restart_button.button_style = "primary"
            self.restart_button.focus()
            self.situation.value = ""
            self.buttons.children = ()
            self.buttons.layout.display = "none"
            return
        self.situation.value = ui_html.tag(
            "div", ui_html.tag("div", f"Beslutning {len(self.run.path) + 1}", style=_SMALL),
            ui_html.tag("h4", node.title) if node.title else None, _paragraphs(node.text),
            ui_html.tag("p", ui_html.tag("b", "Hvad gør du?")),
            style=f"{_BOX}background:#fafafa;border:1px solid #ddd")
        self._show_choices([choice.text for choice in node.choices], focus)
        self.ending_box.value = self.chart.value = ""
        self.restart_button.button_style = ""

    def _show_choices(self, texts: list[str], focus: bool) -> None:
        """Relabel the other set of buttons with these choices, show it and hide this one."""
        shown, self._active = self.buttons, 1 - self._active
        pool, box = self._pools[self._active], self.buttons
        while len(pool) < len(texts):  # a step with more choices than any before it
            pool.append(self._choice_button(self._active, len(pool)))
        for button, text in zip(pool, texts, strict=False):
            with button.hold_sync():  # one message per button
                button.description = button.tooltip = text
        box.children = tuple(pool[:len(texts)])
        box.layout.display = "flex"
        if focus:  # the pressed button is hidden next: keep the keyboard on the choices
            pool[0].focus()
        shown.layout.display = "none"

    def _choice_button(self, pool: int, index: int) -> widgets.Button:
        button = widgets.Button(layout=widgets.Layout(width="100%", height="auto",
                                                      margin="2px 0"))
        button.add_class("digileder-choice")
        button.on_click(lambda _: self._clicked(pool, index))
        return button

    def _path_html(self) -> str:
        if not self.run.path:
            return ""
        tag, br = ui_html.tag, ui_html.tag("br")
        items = (tag("li", step["situation"], br, tag("b", "Du valgte:"), " ", step["choice"], br,
                     effect_chips(step["effects"], self.scenario)) for step in self.run.path)
        return tag("details", tag("summary", tag("b", "Din vej indtil nu")), tag("ol", *items),
                   open=True)

    def _finish(self) -> None:
        ending = self.run.ending
        tag = ui_html.tag
        self.ending_box.value = tag(
            "div", tag("div", "Slutning", style=_SMALL), tag("h4", ending.title),
            _paragraphs(ending.summary),
            tag("p", tag("b", "✍️ Til refleksion:"), " ", ending.reflection),
            style=f"{_BOX}background:#fff7e6;border-left:4px solid {ACCENT}")
        self.chart.value = dimension_chart(self.run.scores, self.scenario.dimensions)
        if not self.save:
            return
        result = save_run(self.run)
        if not result.saved:
            self.status.value = ui_html.tag("span", result.message, style="color:#D55E00")
            return
        self.status.value = ui_html.tag(
            "i", f"Din vej er gemt i mine-svar/scenarier/{result.path.name}.")


def show(scenario_id: str, save: bool = True) -> widgets.Widget:
    """Spil et scenarie: scenarios.show("ipads-i-vej-og-park").

    Når du når en slutning, gemmes din vej i mine-svar/scenarier/. Er filen væk eller
    i stykker, viser afspilleren en dansk besked i stedet for en fejl.
    """
    try:
        scenario = load(scenario_id)
    except ScenarioError as err:
        shown = str(scenario_id)[:60] + (" …" if len(str(scenario_id)) > 60 else "")
        return widgets.HTML(_error_html(f"Scenariet '{shown}' kan ikke vises.",
                                        err.problems))
    return ScenarioPlayer(scenario, save=save)
