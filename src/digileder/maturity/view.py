"""The self-assessment widget (module 03): a thin view over model, store and chart."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from digileder import answers, danish, data
from digileder.errors import DataError
from digileder.maturity.chart import BEFORE, profile_chart
from digileder.maturity.content import load_items
from digileder.maturity.model import (
    SCALE,
    Instrument,
    format_date,
    known_scores,
    peer_position,
    peer_text,
    skipped_text,
    suggestions,
    unanswered,
)
from digileder.maturity.store import HISTORY_FILE, read_history, save_assessment
from digileder.palette import ERROR_TEXT
from digileder.ui import html as ui_html
from digileder.ui.chart_box import ChartBox

_GROUPS = {"Alle": None, "Ledere": "leder", "Medarbejdere": "medarbejder"}
_ERROR_STYLE = f"color:{ERROR_TEXT}"
UNANSWERED = "Vælg 1-5"


class SelfAssessment(widgets.VBox):
    """Selvevalueringen som widget: svar, se din profil, gem og sammenlign.

    Tests set `answers` through the score lists in `toggles` and read `status`,
    `last_scores` and `last_suggestions`.
    """

    def __init__(self, instrument: Instrument, survey: pd.DataFrame):
        self.instrument = instrument
        self.survey = survey
        self.last_scores: dict[str, float] | None = None
        self.last_suggestions: list[dict] = []
        self.previous: dict | None = None
        self.last_position: pd.DataFrame | None = None
        scale_text = ", ".join(f"{k} = {v.lower()}" for k, v in instrument.scale.items())
        intro = widgets.HTML(ui_html.tag(
            "p", f"Vurder hvert udsagn om din egen arbejdsplads. Skalaen er: {scale_text}. "
            "Vælg et tal i listen ved hvert udsagn (med tastaturet: Tab til listen og pil op "
            "eller ned). Klik derefter på ", ui_html.tag("b", "Gem og vis min profil"), "."))
        # One list (a <select>) per statement, named by it: one Tab stop each, arrow keys
        # choose the score. Five buttons per statement made 115 Tab stops (issue 18).
        self.toggles: dict[str, widgets.Dropdown] = {}
        rows: list[widgets.Widget] = [intro]
        options = [(UNANSWERED, None)] + [(f"{k} = {instrument.scale[k].lower()}", k)
                                          for k in SCALE]
        for dim in instrument.dimensions:
            rows.append(widgets.HTML(ui_html.tag("h4", dim.name, style="margin-bottom:0")))
            for item in dim.items:
                toggle = widgets.Dropdown(options=options, index=0, description=item.text,
                                          style={"description_width": "initial"},
                                          layout=widgets.Layout(width="100%",
                                                                max_width="700px"))
                toggle.add_class("digileder-statement")
                toggle.observe(self._on_answer, names="value")
                self.toggles[item.id] = toggle
                rows.append(toggle)
        self.progress = widgets.HTML()
        self.compare = widgets.Dropdown(options=list(_GROUPS), value="Alle",
                                        description="Sammenlign med:",
                                        style={"description_width": "initial"},
                                        layout=widgets.Layout(width="300px"))
        self.save_button = widgets.Button(description="Gem og vis min profil",
                                          button_style="primary", icon="save",
                                          layout=widgets.Layout(width="220px"))
        self.reuse_button = widgets.Button(description="Start fra mine sidste svar", icon="undo",
                                           layout=widgets.Layout(width="240px"))
        self.status = widgets.HTML()
        self.output = ChartBox()
        self.save_button.on_click(self.save)
        self.reuse_button.on_click(self.reuse_latest)
        self.compare.observe(lambda _: self.show(), names="value")
        rows += [self.progress, self.compare,
                 widgets.HBox([self.save_button, self.reuse_button]), self.status, self.output]
        super().__init__(rows)
        self._on_answer()
        self._greet()

    # -- state
    @property
    def answers(self) -> dict[str, int]:
        return {key: t.value for key, t in self.toggles.items() if t.value is not None}

    def _history(self) -> tuple[list[dict], str]:
        history, read = read_history()
        return history, read.notice

    def _on_answer(self, _change=None):
        total, done = len(self.toggles), len(self.answers)
        self.progress.value = ui_html.tag("p", f"Du har svaret på {done} af {total} udsagn.")

    def _greet(self):
        history, problem = self._history()
        self.reuse_button.disabled = not history
        if problem:
            self.status.value = ui_html.message(problem, ui_html.Tone.ERROR)
        elif history:
            last = history[-1]
            self.status.value = ui_html.tag(
                "p", f"Du har gemt {len(history)} vurdering(er). Den seneste er fra "
                f"{format_date(last['date'])}. Svar igen for at se, om du har flyttet dig.")
            self.last_scores = dict(last["scores"])
            self.previous = history[-2] if len(history) > 1 else None
            self.show()

    # -- actions
    def reuse_latest(self, _button=None):
        history, problem = self._history()
        if not history:
            message = problem or "Du har ingen gemte svar endnu."
            self.status.value = ui_html.message(message, ui_html.Tone.ERROR)
            return
        known = {item.id for item in self.instrument.items}
        for item_id, value in history[-1]["answers"].items():
            if item_id in known and value in SCALE:
                self.toggles[item_id].value = value
        self.status.value = "<p>Dine sidste svar er sat ind. Ret dem, der har ændret sig.</p>"

    def save(self, _button=None):
        missing = unanswered(self.answers, self.instrument)
        if missing:
            names = sorted({self.instrument.dimension(i.dimension).name for i in missing},
                           key=[d.name for d in self.instrument.dimensions].index)
            self.status.value = ui_html.message(
                f"Du mangler at svare på {len(missing)} udsagn (under {', '.join(names)}). "
                "Svar på alle, og klik igen. Intet er gemt endnu.", ui_html.Tone.ERROR)
            return
        previous_history, _ = self._history()
        try:
            entry = save_assessment(self.answers, instrument=self.instrument)
        except answers.NotSaved as err:
            self.status.value = ui_html.message(f"{err} Dine svar står stadig i knapperne.",
                                                ui_html.Tone.ERROR)
            return
        aside = ui_html.tag(
            "p", f"Den gamle, beskadigede fil er flyttet til {Path(entry['set_aside']).name}, "
            "så intet er gået tabt.") if entry.get("set_aside") else None
        self.status.value = ui_html.join([
            ui_html.tag("p", f"Gemt {format_date(entry['date'])} i mine-svar/{HISTORY_FILE}."),
            aside])
        self.last_scores = entry["scores"]
        self.previous = previous_history[-1] if previous_history else None
        self.show()

    def show(self):
        """Draw the current profile, the peer comparison and the suggestions."""
        if not self.last_scores:
            return
        scores, skipped = known_scores(self.last_scores, self.instrument)
        why = skipped_text(self.last_scores, self.instrument)
        previous = self.previous
        previous_scores = known_scores(previous["scores"], self.instrument)[0] \
            if previous else None
        if not scores:
            self.output.show_html(ui_html.message(
                f"Din gemte vurdering kan ikke vises. {why} Svar på "
                "udsagnene igen, og gem en ny vurdering.", ui_html.Tone.ERROR))
            return
        group = _GROUPS[self.compare.value]
        peers = self.survey if group is None else self.survey[self.survey["gruppe"] == group]
        self.last_suggestions = suggestions(scores, self.instrument)
        position = peer_position(scores, peers, self.instrument)
        self.last_position = position
        note = ui_html.message(f"Profilen viser kun det, kurset kender. {why}",
                               ui_html.Tone.INFO) if skipped else ""
        self.output.show(
            note,
            profile_chart(scores, previous_scores or None,
                          frame=peers, instrument=self.instrument,
                          previous_label=f"Forrige ({format_date(previous['date'])[:10]})"
                          if previous else BEFORE),
            self._peer_html(position), self._suggestion_html())

    def _peer_html(self, position: pd.DataFrame) -> str:
        tag, who = ui_html.tag, self.compare.value.lower()
        return ui_html.join([
            tag("p", tag("b", f"Sådan ligger du i forhold til de simulerede respondenter "
                              f"({who})"), tag("br"),
                tag("i", "Simulerede data: opdigtede svar, der ligner en rigtig undersøgelse. "
                         "De siger ikke noget om rigtige kommuner.")),
            tag("ul", *(tag("li", line) for line in peer_text(position).splitlines()))])

    def _suggestion_html(self) -> str:
        tag, parts = ui_html.tag, []
        for s in self.last_suggestions:
            label = (f"modul {s['module']} · {s['module_title']}" if s["module_file"]
                     else f"modul {s['module']}")
            link = tag("a", label, href=s["module_file"]) if s["module_file"] else label
            parts.append(tag("li", tag("b", s["name"]),
                             f" (score {danish.number(s['score'], 1)}): {s['text']} ",
                             tag("br"), "Læs mere i ", link, "."))
        return ui_html.join([tag("p", tag("b", "Forslag til dine svageste områder")),
                             tag("ol", *parts),
                             tag("p", "Du kan bruge forslagene i din plan i modul 08.")])


def show() -> widgets.Widget:
    """Selvevalueringen af digital modenhed: svar, se din profil og få forslag (modul 03)."""
    try:
        instrument = load_items()
        survey = data.survey()
    except DataError as err:
        lines = str(err).splitlines()
        return widgets.HTML(ui_html.tag("p", ui_html.join(lines, ui_html.tag("br")),
                                        style=_ERROR_STYLE))
    return SelfAssessment(instrument, survey)
