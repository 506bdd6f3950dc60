"""The scenario player: the page plays the scenario, the kernel checks and saves the path.

A choice used to go to the kernel and back (10-12 widget messages) before the page showed the
next step: 55-112 ms on a busy hub, over the 100 ms goal of issue 18. Now the kernel sends
the whole scenario once, as escaped HTML pieces (`view`), and the page (player_js/player.js)
shows each step itself the moment a choice is pressed. It tells the kernel the path (the
choice numbers from the start); the kernel replays it on its own Run, saves it at an ending
and answers with the save message. The page never builds HTML from text: pieces of HTML come
from ui/html.py, texts go in as text.
"""

from __future__ import annotations

import re
from pathlib import Path

import anywidget
import ipywidgets as widgets
import traitlets

from digileder.palette import ACCENT, ERROR_TEXT, GOOD, MAIN, PALETTE
from digileder.scenarios.chart import COLUMNS, MIN_REACH, SUBTITLE, TITLE, signed
from digileder.scenarios.model import Choice, Ending, Run, Scenario, Situation
from digileder.scenarios.runs import read_saved_run, save_run
from digileder.scenarios.validate import ScenarioError, load
from digileder.ui import html as ui_html

JS = Path(__file__).resolve().parent / "player_js"
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_BOX = "border-radius:6px;padding:0.6em 1em;margin:0.4em 0;"
_GOOD, _BAD, _NEUTRAL = "#e3f3ec", "#fbe6dc", "#eeeeee"
_SMALL = "color:#555;font-size:90%"
# A path no participant makes: a longer one from the page is cut here, not replayed.
MAX_STEPS = 500
# The words the page puts in around the HTML pieces ({n} is the decision's number).
LABELS = {
    "decision": "Beslutning {n}",
    "about": "Om scenariet",
    "path": "Din vej indtil nu",
    "restart": "Start forfra",
    "restart_tip": "Spil scenariet igen fra begyndelsen",
    "chart_title": TITLE,
    "chart_subtitle": SUBTITLE,
    "columns": [name for name, _width in COLUMNS],
    "widths": [width for _name, width in COLUMNS],
    "up": "steget", "down": "faldet", "same": "uændret",
}
# What the page says at an ending until the kernel answers that it saved the path, and after
# wait_ms without an answer: the page plays on its own, also when the kernel is busy with
# another cell, or restarted or culled under it (then nothing will be saved).
SAVE_LABELS = {
    "saving": "Gemmer din vej …",
    "not_saved": "⚠ Din vej er ikke gemt endnu, for kernen svarer ikke. Kører der stadig en anden "
                 "celle, kommer svaret om lidt. Ellers: kør notesbogen igen (i Voilà: genindlæs "
                 "siden), og spil scenariet igen.",
    "wait_ms": 10_000,
}


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


# -- the HTML pieces the page puts together --------------------------------------------------


def _situation_html(node: Situation) -> ui_html.Markup:
    tag = ui_html.tag
    return tag("div", tag("div", cls="digileder-decision", style=_SMALL),  # the page numbers it
               tag("h4", node.title) if node.title else None, _paragraphs(node.text),
               tag("p", tag("b", "Hvad gør du?")),
               style=f"{_BOX}background:#fafafa;border:1px solid #ddd")


def _consequence_html(choice: Choice, scenario: Scenario) -> ui_html.Markup:
    tag = ui_html.tag
    return tag("div", tag("b", "Konsekvens af dit valg"), _paragraphs(choice.feedback),
               tag("div", effect_chips(choice.effects, scenario)),
               style=f"{_BOX}background:#f3f8fc;border-left:4px solid {MAIN}")


def _step_html(node: Situation, choice: Choice, scenario: Scenario) -> ui_html.Markup:
    """One line of "Din vej indtil nu"."""
    tag, br = ui_html.tag, ui_html.tag("br")
    return tag("li", node.label, br, tag("b", "Du valgte:"), " ", choice.text, br,
               effect_chips(choice.effects, scenario))


def _ending_html(ending: Ending) -> ui_html.Markup:
    tag = ui_html.tag
    return tag("div", tag("div", "Slutning", style=_SMALL), tag("h4", ending.title),
               _paragraphs(ending.summary),
               tag("p", tag("b", "✍️ Til refleksion:"), " ", ending.reflection),
               style=f"{_BOX}background:#fff7e6;border-left:4px solid {ACCENT}")


def view_of(scenario: Scenario) -> dict:
    """Everything the page needs to play SCENARIO: escaped HTML pieces, choice texts (the page
    sets them as text), where each choice leads and its effects (for the ending's chart)."""
    return {
        "start": scenario.start,
        "situations": {
            node.id: {"html": str(_situation_html(node)), "choices": [
                {"text": choice.text, "to": choice.target, "effects": dict(choice.effects),
                 "consequence": str(_consequence_html(choice, scenario)),
                 "step": str(_step_html(node, choice, scenario))}
                for choice in node.choices]}
            for node in scenario.situations.values()},
        "endings": {ending.id: str(_ending_html(ending)) for ending in scenario.endings.values()},
        "dimensions": [[key, label] for key, label in scenario.dimensions.items()],
        "reach": MIN_REACH,
        "colours": {"up": GOOD, "down": PALETTE[5]},
    }


class ScenarioPlayer(anywidget.AnyWidget):
    """Afspilleren: situationen, valgene som knapper, konsekvensen og din vej indtil nu.

    player.choose(0) vælger det første valg, player.restart() starter forfra, og
    player.run er gennemspilningen, som kernen kender den.
    """

    _esm = JS / "player.js"
    _css = JS / "player.css"
    view = traitlets.Dict().tag(sync=True)
    labels = traitlets.Dict(LABELS).tag(sync=True)
    title_html = traitlets.Unicode("").tag(sync=True)
    intro_html = traitlets.Unicode("").tag(sync=True)
    # The choice numbers from the start: set by the page at each choice, checked here. Any
    # value is taken and cut (_choice_numbers): a refused one (TraitError) was never answered,
    # while ipywidgets had already echoed it to every other view.
    path = traitlets.Any().tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)

    def __init__(self, scenario: Scenario, save: bool = True):
        self.scenario = scenario
        self.save = save
        self.run = Run(scenario)
        note, notice = self._saved_note()
        super().__init__(view=view_of(scenario), title_html=self._title_html(notice),
                         intro_html=self._intro_html(note),
                         labels={**LABELS, **SAVE_LABELS} if save else dict(LABELS),
                         layout=widgets.Layout(width="100%", max_width="820px"))

    # -- actions (the page does the same by setting `path`) ------------------------------

    def choose(self, index: int) -> None:
        """Choose choice number INDEX (0 is the first) in the situation on show."""
        self.run.choose(index)  # a Danish ValueError for a choice that is not there
        self.path = [*self.path, index]

    def restart(self) -> None:
        self.path = []

    @traitlets.default("path")
    def _no_steps(self) -> list[int]:
        return []

    @traitlets.validate("path")
    def _choice_numbers(self, proposal) -> list[int]:
        """The path up to the first thing that is not a choice number, at most MAX_STEPS.
        True is no choice number either (Run.choose refuses it, and [1, True] == [1, 1])."""
        value = proposal["value"]
        kept = []
        for index in value[:MAX_STEPS] if isinstance(value, list | tuple) else []:
            if isinstance(index, bool) or not isinstance(index, int):
                break
            kept.append(index)
        return kept

    @traitlets.observe("path")
    def _replay(self, change) -> None:
        """Replay the path from the start; a path that does not fit the scenario (sent by a
        page that is behind, or by hand) is cut to the part that does, and the page shows it."""
        run = Run(self.scenario)
        for index in change["new"]:
            if run.is_finished or not 0 <= index < len(run.node.choices):
                break
            run.choose(index)
        self.run = run
        fits = [step["choice_index"] for step in run.path]
        if fits != change["new"]:
            self.path = fits
            return
        if run.is_finished:
            self._finish()
        elif self.status:
            self.status = ""

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

    def _title_html(self, notice: ui_html.Markup | str) -> str:
        return str(ui_html.join([ui_html.tag("h3", self.scenario.title), notice]))

    def _intro_html(self, note: ui_html.Markup | str) -> str:
        return str(ui_html.join([_paragraphs(self.scenario.intro), note]))

    def _finish(self) -> None:
        """Save a path that reached an ending (once), and say where it went."""
        if not self.save:
            return
        result = save_run(self.run)
        if not result.saved:
            self.status = str(ui_html.tag("span", result.message, style=f"color:{ERROR_TEXT}"))
            return
        with self.hold_sync():  # one message: the page shows both at once
            self.status = str(ui_html.tag(
                "i", f"Din vej er gemt i mine-svar/scenarier/{result.path.name}."))
            self.intro_html = self._intro_html(self._saved_note()[0])


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
