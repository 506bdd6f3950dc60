"""The compass widget: three dropdowns, a justification box, a save button and feedback."""

from __future__ import annotations

import ipywidgets as widgets

from digileder import answers
from digileder.errors import DataError
from digileder.ui import html as ui_html
from digileder.ui.autosave import Debounced
from digileder.ui.connection import mark_saving
from digileder.ui.save_message import show_save
from digileder.values_compass import store
from digileder.values_compass.content import load_values
from digileder.values_compass.model import THEMES, Value, ValuesCompass


def feedback_html(compass: ValuesCompass) -> str:
    """Spørgsmål til eftertanke ud fra de valgte værdier og artiklens tre spørgsmål."""
    tag, missing = ui_html.tag, compass.themes_missing()
    themes = tag("p", "Artiklen stiller tre ledelsesspørgsmål. Dine værdier siger ikke meget "
                      "om dette: ", ui_html.join((tag("i", THEMES[t]) for t in missing), " "),
                 " Overvej, hvordan du vil svare på det.") if missing else \
        tag("p", "Dine værdier berører alle tre af artiklens ledelsesspørgsmål.")
    return ui_html.join([
        tag("p", tag("b", "Spørgsmål, dine værdier stiller til dig som leder:")),
        tag("ul", *(tag("li", tag("b", f"{v.name}:"), " ", v.question)
                    for v in compass.chosen())),
        themes])


class CompassView(widgets.VBox):
    """The widget: three dropdowns, a justification box, a save button and feedback."""

    def __init__(self, values: list[Value]):
        self.model = ValuesCompass(values)
        options = [("Vælg en værdi …", "")] + [(v.name, v.id) for v in values]
        labels = ["1. vigtigst", "2. vigtigst", "3. vigtigst"]
        self.dropdowns = [
            widgets.Dropdown(options=options, value="", description=label,
                             style={"description_width": "90px"},
                             layout=widgets.Layout(width="420px"))
            for label in labels
        ]
        self.descriptions = [widgets.HTML() for _ in labels]
        self.justification = widgets.Textarea(
            placeholder="Hvorfor netop disse tre værdier i din kommune? Hvad betyder "
                        "rækkefølgen? (mindst 10 ord)",
            rows=4, layout=widgets.Layout(width="95%"))
        self.button = widgets.Button(description="Gem mit kompas", button_style="primary",
                                     icon="save")
        self.seen = answers.Seen()  # what this view read and wrote: another view's text is kept
        state, notice = store.read_saved_state(self.seen)
        self.feedback = widgets.HTML(ui_html.message(notice, ui_html.Tone.ERROR) if notice else "")
        self._restore(state)
        self.autosave = Debounced(self.save_draft, seen=self.seen)
        for dropdown in self.dropdowns:
            dropdown.observe(lambda change: self._show_descriptions(), names="value")
            dropdown.observe(self.autosave, names="value")
        self.justification.observe(self.autosave, names="value")
        self.button.on_click(self.submit)
        self._show_descriptions()
        pairs = zip(self.dropdowns, self.descriptions, strict=True)
        rows = [widgets.HBox([d, t]) for d, t in pairs]
        super().__init__([
            *rows,
            widgets.HTML("<p><b>Din begrundelse</b></p>"),
            self.justification, self.button, self.feedback,
        ])
        mark_saving(self, self.feedback)

    def _restore(self, state: dict) -> None:
        known = {v.id for v in self.model.values}
        ranking = state.get("ranking") or []
        for dropdown, value_id in zip(self.dropdowns, ranking, strict=False):
            if value_id in known:
                dropdown.value = value_id
        if isinstance(state.get("justification"), str):
            self.justification.value = state["justification"]

    def _show_descriptions(self) -> None:
        for dropdown, label in zip(self.dropdowns, self.descriptions, strict=True):
            text = self.model.by_id(dropdown.value).description if dropdown.value else ""
            label.value = ui_html.tag("span", text, style="color:#444;font-size:90%")

    def _read_fields(self) -> None:
        self.model.ranking = [d.value for d in self.dropdowns]
        self.model.justification = self.justification.value

    def save_draft(self) -> answers.SaveResult:
        self._read_fields()
        result = store.save_draft(self.model, self.seen)
        show_save(self.feedback, result, lambda text: ui_html.message(text, ui_html.Tone.ERROR))
        return result

    def submit(self, _=None) -> None:
        self.autosave.flush()
        self._read_fields()
        issues = self.model.problems()
        if issues:
            self.feedback.value = ui_html.bullet_list(issues, title="Ikke gemt endnu:")
            return
        result = store.save(self.model, self.seen)
        if not result.saved:
            self.feedback.value = ui_html.message(result.message, ui_html.Tone.ERROR)
            return
        self.feedback.value = ui_html.join([
            ui_html.message("Du bruger det igen i modul 08.", ui_html.Tone.OK,
                            "Gemt i mine-svar."), feedback_html(self.model)])


def show() -> widgets.Widget:
    """Værdikompasset: vælg og rangér tre værdier, begrund dem, og gem (modul 04)."""
    try:
        values = load_values()
    except DataError as err:
        return widgets.HTML(ui_html.message(f"{err} Sig det til din underviser.",
                                            ui_html.Tone.ERROR, "Værdikompasset kan ikke vises."))
    return CompassView(values)
