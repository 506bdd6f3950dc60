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
import re
from dataclasses import dataclass, field
from pathlib import Path

import ipywidgets as widgets
import yaml

from digileder import answers, notes
from digileder.data import DataError
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
_FIELDS = ("id", "navn", "beskrivelse", "spoergsmaal", "tema")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Value:
    """Én værdi i kompasset (en række i smart_city_values.yml)."""

    id: str
    navn: str
    beskrivelse: str
    spoergsmaal: str
    tema: str


def values_path() -> Path:
    return datasets_dir() / "smart_city_values.yml"


def load_values(path: Path | None = None) -> list[Value]:
    """Læs værdierne fra YAML-filen. Giver DataError med en dansk besked, hvis filen er forkert."""
    path = path or values_path()
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"Filen {path.name} mangler. Hent kursets datasets-mappe igen.") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (linje {mark.line + 1})" if mark else ""
        raise DataError(f"{path.name} er ikke gyldig YAML{where}. Tjek indrykning og koloner.") \
            from None
    items = content.get("values") if isinstance(content, dict) else None
    if not isinstance(items, list) or not items:
        raise DataError(f"{path.name}: filen skal have en liste under 'values:'.")
    values, seen = [], set()
    for number, item in enumerate(items, start=1):
        where = f"{path.name}, værdi nr. {number}"
        if not isinstance(item, dict):
            raise DataError(f"{where}: skal have felterne {', '.join(_FIELDS)}.")
        absent = [name for name in _FIELDS if not str(item.get(name) or "").strip()]
        if absent:
            raise DataError(f"{where}: mangler {', '.join(absent)}.")
        value = Value(**{name: str(item[name]).strip() for name in _FIELDS})
        if not _ID.match(value.id):
            raise DataError(
                f"{where}: id '{value.id}' må kun have små bogstaver, tal og bindestreg.")
        if value.id in seen:
            raise DataError(f"{where}: id '{value.id}' findes allerede. Giv værdien et nyt id.")
        if value.tema not in (*THEMES, "ingen"):
            allowed = ", ".join([*THEMES, "ingen"])
            raise DataError(f"{where}: tema '{value.tema}' er ikke tilladt. Tilladt: {allowed}.")
        seen.add(value.id)
        values.append(value)
    if len(values) < PICKS:
        raise DataError(f"{path.name}: der skal være mindst {PICKS} værdier at vælge imellem.")
    return values


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
        chosen = {v.tema for v in self.chosen()}
        return [theme for theme in THEMES if theme in chosen]

    def themes_missing(self) -> list[str]:
        return [theme for theme in THEMES if theme not in self.themes_covered()]

    def as_text(self) -> str:
        """Kompasset som tekst (det, der gemmes og samles i planen i modul 08)."""
        lines = ["Mit værdikompas for byudvikling:"]
        lines += [f"{rank}. {v.navn} – {v.beskrivelse}" for rank, v in
                  enumerate(self.chosen(), start=1)]
        lines += ["", "Begrundelse: " + " ".join(self.justification.split())]
        return "\n".join(lines)

    def feedback_html(self) -> str:
        """Spørgsmål til eftertanke ud fra de valgte værdier og artiklens tre spørgsmål."""
        parts = ["<p><b>Spørgsmål, dine værdier stiller til dig som leder:</b></p><ul>"]
        parts += [f"<li><b>{html.escape(v.navn)}:</b> {html.escape(v.spoergsmaal)}</li>"
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


class CompassView:
    """The widget: three dropdowns, a justification box, a save button and feedback."""

    def __init__(self, values: list[Value]):
        self.model = ValuesCompass(values)
        options = [("Vælg en værdi …", "")] + [(v.navn, v.id) for v in values]
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
        self.widget = widgets.VBox([
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
            text = self.model.by_id(dropdown.value).beskrivelse if dropdown.value else ""
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
    return CompassView(values).widget


# Old entry-point names, kept so notebooks written before the rename still run.
compass_widget = show
