"""Værdikompasset i modul 04: vælg og rangér tre værdier for din kommunes byudvikling.

Værdierne står i datasets/smart_city_values.yml, så en underviser kan rette dem uden
Python. Brug i en notesbog:

    from digileder import values_compass
    values_compass.show()

The model (ValuesCompass) is plain Python and testable without a browser; the widget is a
thin view over it. The finished compass is saved as text with notes.save("04-vaerdier", ...)
(gathered again in module 08); the choices and justification are saved as the participant
types (mine-svar/vaerdikompas.json), so a kernel restart loses nothing.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import ipywidgets as widgets

from digileder import answers, notes
from digileder.content import ContentError, Field, Record, load_records
from digileder.errors import DataError
from digileder.paths import datasets_dir
from digileder.ui import html as ui_html
from digileder.ui.autosave import Debounced

NOTE_KEY = "04-vaerdier"
PROMPT = "Tre værdier, der skal styre byudviklingen i min kommune – og hvorfor"
PICKS = 3
MIN_WORDS = 10
STATE_FILE = "vaerdikompas.json"

THEMES = {
    "borgere": "Hvilken rolle skal borgerne have?",
    "videndeling": "Hvordan sikres en tværkommunal vidensdeling?",
    "kompetencer": "Hvilke kompetencer er nødvendige på tværs af forvaltninger?",
}
# The schema of datasets/smart_city_values.yml (keys in Danish, as a teacher edits them).
VALUE_RECORD = Record("værdi", (
    Field("id", "et kort id med små bogstaver, fx 'borgerinddragelse'", is_id=True),
    Field("navn", "værdiens navn, som deltageren ser det"),
    Field("beskrivelse", "én sætning om, hvad værdien betyder i praksis"),
    Field("spoergsmaal", "et spørgsmål, værdien stiller til lederen"),
    Field("tema", "hvilket af artiklens tre ledelsesspørgsmål værdien hører til",
          choices=(*THEMES, "ingen")),
))


@dataclass(frozen=True)
class Value:
    """Én værdi i kompasset (en række i smart_city_values.yml)."""

    id: str
    name: str
    description: str
    question: str
    theme: str


def values_path() -> Path:
    return datasets_dir() / "smart_city_values.yml"


def load_values(path: Path | None = None) -> list[Value]:
    """Læs værdierne. Giver ContentError (en DataError) med alle fejl, fil og linje, på dansk."""
    path = path or values_path()
    rows = load_records(path, "values", VALUE_RECORD)
    if len(rows) < PICKS:
        raise ContentError([f"{path.name}: der skal være mindst {PICKS} værdier at vælge "
                            "imellem."])
    return [Value(row["id"], row["navn"], row["beskrivelse"], row["spoergsmaal"], row["tema"])
            for row in rows]


@dataclass
class ValuesCompass:
    """Deltagerens tre værdier i rækkefølge (vigtigst først) og begrundelsen."""

    values: list[Value]
    ranking: list[str] = field(default_factory=list)
    justification: str = ""

    def by_id(self, value_id: str) -> Value:
        for value in self.values:
            if value.id == value_id:
                return value
        raise KeyError(value_id)

    def chosen(self) -> list[Value]:
        """De valgte værdier, der findes i listen, i deltagerens rækkefølge."""
        known = {v.id for v in self.values}
        return [self.by_id(v) for v in self.ranking if v in known]

    def problems(self) -> list[str]:
        """Hvad mangler, før kompasset kan gemmes (tom liste = klar). Beskeder på dansk."""
        issues = []
        picked = [v for v in self.ranking if v]
        known = {v.id for v in self.values}
        unknown = [v for v in picked if v not in known]
        if unknown:
            issues.append(f"Værdien '{unknown[0]}' findes ikke længere i listen. Vælg en anden.")
        if len(picked) < PICKS:
            issues.append(f"Vælg {PICKS} værdier – du har valgt {len(picked)}.")
        if len(set(picked)) < len(picked):
            issues.append("Du har valgt den samme værdi to gange. Vælg tre forskellige.")
        words = len(self.justification.split())
        if words < MIN_WORDS:
            issues.append(
                f"Skriv en begrundelse på mindst {MIN_WORDS} ord (du har {words}). "
                "Hvorfor netop disse værdier i din kommune?"
            )
        return issues

    def themes_covered(self) -> list[str]:
        """Artiklens ledelsesspørgsmål (borgere, videndeling, kompetencer), dine valg berører."""
        chosen = {v.theme for v in self.chosen()}
        return [theme for theme in THEMES if theme in chosen]

    def themes_missing(self) -> list[str]:
        return [theme for theme in THEMES if theme not in self.themes_covered()]

    def as_text(self) -> str:
        """Kompasset som tekst (det, der gemmes og samles i planen i modul 08)."""
        lines = ["Mit værdikompas for byudvikling:"]
        lines += [f"{rank}. {v.name} – {v.description}" for rank, v in
                  enumerate(self.chosen(), start=1)]
        lines += ["", "Begrundelse: " + " ".join(self.justification.split())]
        return "\n".join(lines)

    def feedback_html(self) -> str:
        """Spørgsmål til eftertanke ud fra de valgte værdier og artiklens tre spørgsmål."""
        parts = ["<p><b>Spørgsmål, dine værdier stiller til dig som leder:</b></p><ul>"]
        parts += [f"<li><b>{html.escape(v.name)}:</b> {html.escape(v.question)}</li>"
                  for v in self.chosen()]
        parts.append("</ul>")
        missing = self.themes_missing()
        if missing:
            questions = " ".join(f"<i>{html.escape(THEMES[t])}</i>" for t in missing)
            parts.append(
                "<p>Artiklen stiller tre ledelsesspørgsmål. Dine værdier siger ikke meget om "
                f"dette: {questions} Overvej, hvordan du vil svare på det.</p>"
            )
        else:
            parts.append("<p>Dine værdier berører alle tre af artiklens ledelsesspørgsmål.</p>")
        return "".join(parts)

    def save_draft(self) -> answers.SaveResult:
        """Gem valg og begrundelse, som de står (også halvfærdige)."""
        return answers.write_json(STATE_FILE, {"ranking": list(self.ranking),
                                               "justification": self.justification})

    def save(self) -> answers.SaveResult:
        """Gem valgene og kompasset som tekst (notes, til modul 08)."""
        issues = self.problems()
        if issues:
            raise ValueError(" ".join(issues))
        draft = self.save_draft()
        return notes.save(NOTE_KEY, self.as_text(), PROMPT) if draft.saved else draft


def _is_state(state: dict) -> bool:
    ranking = state.get("ranking", [])
    return (isinstance(ranking, list) and all(isinstance(v, str) for v in ranking)
            and isinstance(state.get("justification", ""), str))


def read_saved_state() -> tuple[dict, str]:
    """(dine gemte valg, dansk besked). En ulæselig fil flyttes til side, og beskeden siger hvor."""
    result = answers.read_json(STATE_FILE, _is_state)
    return result.data or {}, result.notice


def load_saved_state() -> dict:
    """Dine gemte valg ({"ranking": [...], "justification": "..."}) eller {}."""
    return read_saved_state()[0]


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
        state, notice = read_saved_state()
        self.feedback = widgets.HTML(ui_html.message(notice, ui_html.Tone.ERROR) if notice else "")
        self._restore(state)
        self.autosave = Debounced(self.save_draft)
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
            label.value = f"<span style='color:#444;font-size:90%'>{html.escape(text)}</span>"

    def _read_fields(self) -> None:
        self.model.ranking = [d.value for d in self.dropdowns]
        self.model.justification = self.justification.value

    def save_draft(self) -> answers.SaveResult:
        self._read_fields()
        result = self.model.save_draft()
        if not result.saved:
            self.feedback.value = ui_html.message(result.message, ui_html.Tone.ERROR)
        return result

    def submit(self, _=None) -> None:
        self.autosave.flush()
        self._read_fields()
        issues = self.model.problems()
        if issues:
            items = "".join(f"<li>{html.escape(i)}</li>" for i in issues)
            self.feedback.value = (f"<div style='color:#D55E00'><b>Ikke gemt endnu:</b>"
                                   f"<ul>{items}</ul></div>")
            return
        result = self.model.save()
        if not result.saved:
            self.feedback.value = ui_html.message(result.message, ui_html.Tone.ERROR)
            return
        self.feedback.value = ("<p style='color:#009E73'><b>Gemt i mine-svar.</b> Du bruger "
                               "det igen i modul 08.</p>" + self.model.feedback_html())


def show() -> widgets.Widget:
    """Værdikompasset: vælg og rangér tre værdier, begrund dem, og gem (modul 04)."""
    try:
        values = load_values()
    except DataError as err:
        return widgets.HTML(f"<p style='color:#D55E00'><b>Værdikompasset kan ikke vises.</b> "
                            f"{html.escape(str(err))} Sig det til din underviser.</p>")
    return CompassView(values)
