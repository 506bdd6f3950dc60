"""Budskabsbyggeren i modul 06: skriv et budskab på to minutter til dine medarbejdere.

Du udfylder fire felter (situationen, hvordan kerneopgaven ændrer sig, hvad det betyder for
fagligheden, næste skridt). Byggeren tæller ord, anslår taletiden og samler budskabet.
Brug i en notesbog:

    from digileder import message_builder
    message_builder.show()

MessageDraft is the plain model (testable without a browser); BuilderView is a thin
ipywidgets view. The fields are saved as the participant types (mine-svar/budskab.json), so
a kernel restart loses nothing; the finished message is saved with notes.save("06-budskab").
"""

from __future__ import annotations

import html
import re
from dataclasses import asdict, dataclass

import ipywidgets as widgets

from digileder import answers, danish, notes
from digileder.ui import html as ui_html
from digileder.ui.autosave import Debounced

NOTE_KEY = "06-budskab"
PROMPT = "Mit budskab på to minutter til medarbejderne om, hvordan kerneopgaven ændrer sig"
STATE_FILE = "budskab.json"
# A rule of thumb for calm spoken Danish; real speakers vary a lot.
WORDS_PER_MINUTE = 130
TARGET_SECONDS = 120

# (field name, label shown to the participant, default hint)
FIELDS = [
    ("situation", "Situationen",
     "Hvad sker der? Fx: Fra næste år kommer alle henvendelser om huller i vejen via en app."),
    ("kerneopgave", "Sådan ændrer kerneopgaven sig",
     "Hvad bliver opgaven nu – for borgerne og for os? Hvad forsvinder, og hvad kommer til?"),
    ("faglighed", "Det betyder det for jeres faglighed",
     "Hvordan skal I bruge jeres faglige viden på en ny måde? Hvad bliver vigtigere?"),
    ("naeste_skridt", "Næste skridt",
     "Hvad sker der konkret i morgen eller næste måned? Hvem gør hvad?"),
]

# Optional frames: a guiding question for each field. Built on domain-facts §5.
FRAMES: dict[str, dict[str, str]] = {
    "Ingen ramme": {},
    "Kotters 8 trin": {
        "situation": "Trin 1 – nødvendighed: Hvorfor kan vi ikke blive ved som i dag?",
        "kerneopgave": "Trin 3 – vision: Hvordan ser opgaven ud, når forandringen er lykkedes?",
        "faglighed": "Trin 5 – fjern forhindringer: Hvad står i vejen for, at I kan bruge "
                     "jeres faglighed på den nye måde?",
        "naeste_skridt": "Trin 6 – hurtige gevinster: Hvad kan vi vise, der virker, inden for "
                         "et par måneder?",
    },
    "Ledelseskommissionen": {
        "situation": "Borgeren i centrum: Hvad mærker borgeren af ændringen?",
        "kerneopgave": "Ledere skal sætte retning: Hvilken retning sætter du for opgaven?",
        "faglighed": "Ledere skal sætte holdet: Hvem skal arbejde sammen på en ny måde, og "
                     "hvem er digitalt stærkest?",
        "naeste_skridt": "Ledere skal udvikle sig: Hvad skal du selv lære, og hvad gør du først?",
    },
}

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def word_count(text: str) -> int:
    """Antal ord i en tekst (tegn som – og … tæller ikke som ord)."""
    return len(_WORD.findall(text))


def speaking_seconds(words: int, words_per_minute: int = WORDS_PER_MINUTE) -> int:
    """Anslået taletid i sekunder. En tommelfingerregel: ca. 130 ord i minuttet."""
    if words_per_minute <= 0:
        raise ValueError("Ord i minuttet skal være et positivt tal.")
    return round(words * 60 / words_per_minute)


def format_duration(seconds: int) -> str:
    """Sekunder som dansk tekst, afrundet til 10 sekunder: 'ca. 1 min. 50 sek.'."""
    rounded = int(round(seconds / 10) * 10)
    minutes, rest = divmod(rounded, 60)
    if minutes and rest:
        return f"ca. {minutes} min. {rest} sek."
    if minutes:
        return f"ca. {minutes} min."
    return f"ca. {rest} sek."


@dataclass
class MessageDraft:
    """Et budskab i fire dele. Alle felter er almindelig tekst."""

    situation: str = ""
    kerneopgave: str = ""
    faglighed: str = ""
    naeste_skridt: str = ""

    def parts(self) -> list[tuple[str, str]]:
        return [(label, getattr(self, name).strip()) for name, label, _ in FIELDS]

    def missing(self) -> list[str]:
        """Navnene på de felter, der stadig er tomme."""
        return [label for label, text in self.parts() if not text]

    def assemble(self) -> str:
        """Budskabet samlet i rækkefølge, ét afsnit pr. felt (tomme felter springes over)."""
        return "\n\n".join(" ".join(text.split()) for _, text in self.parts() if text)

    def words(self) -> int:
        return word_count(self.assemble())

    def seconds(self) -> int:
        return speaking_seconds(self.words())

    def length_advice(self) -> str:
        """En kort dansk vurdering af længden i forhold til to minutter."""
        seconds = self.seconds()
        if seconds == 0:
            return "Skriv i felterne, så tæller byggeren ord og taletid."
        if seconds < 75:
            return ("Kort. Det er fint, hvis det er skarpt – men har du sagt, hvad det betyder "
                    "for dem?")
        if seconds <= 150:
            return "Passer godt til et budskab på cirka to minutter."
        return "For langt til to minutter. Skær det væk, som ikke handler om kerneopgaven."

    def status_text(self) -> str:
        """Ordtal og anslået taletid som dansk tekst."""
        return (f"{danish.number(self.words())} ord · taletid {format_duration(self.seconds())} "
                f"(tommelfingerregel: ca. {WORDS_PER_MINUTE} ord i minuttet)")

    def save_draft(self) -> answers.SaveResult:
        """Gem felterne, som de står (også halvfærdige), så en genstart ikke sletter noget."""
        return answers.write_json(STATE_FILE, asdict(self))

    def save(self) -> answers.SaveResult:
        """Gem felterne og det samlede budskab (notes, til modul 08)."""
        if self.missing():
            raise ValueError("Udfyld også: " + ", ".join(self.missing()) + ".")
        draft = self.save_draft()
        return notes.save(NOTE_KEY, self.assemble(), PROMPT) if draft.saved else draft


def _is_draft(state: dict) -> bool:
    return all(isinstance(state.get(name, ""), str) for name, _, _ in FIELDS)


def read_saved_draft() -> tuple[MessageDraft, str]:
    """(dit gemte udkast, dansk besked). En ulæselig fil flyttes til side; beskeden siger hvor."""
    result = answers.read_json(STATE_FILE, _is_draft)
    state = result.data or {}
    return MessageDraft(**{name: state.get(name, "") for name, _, _ in FIELDS}), result.notice


def load_saved_draft() -> MessageDraft:
    """Dit gemte udkast, eller et tomt, hvis intet (læseligt) er gemt."""
    return read_saved_draft()[0]


def frame_questions(frame: str) -> dict[str, str]:
    """Hjælpespørgsmål pr. felt for en ramme ('Kotters 8 trin', 'Ledelseskommissionen')."""
    if frame not in FRAMES:
        raise ValueError(f"Rammen '{frame}' findes ikke. Vælg en af: {', '.join(FRAMES)}.")
    return FRAMES[frame]


class BuilderView(widgets.VBox):
    """The widget: a frame dropdown, four text boxes, live count, assemble-and-save button."""

    def __init__(self, draft: MessageDraft | None = None):
        notice = ""
        if draft is None:
            draft, notice = read_saved_draft()
        self.autosave = Debounced(self.save_draft)
        self.frame = widgets.Dropdown(options=list(FRAMES), value="Ingen ramme",
                                      description="Ramme (valgfri)",
                                      style={"description_width": "initial"})
        self.hints: dict[str, widgets.HTML] = {}
        self.boxes: dict[str, widgets.Textarea] = {}
        rows = []
        for name, label, hint in FIELDS:
            self.hints[name] = widgets.HTML()
            self.boxes[name] = widgets.Textarea(value=getattr(draft, name), placeholder=hint,
                                                rows=3, layout=widgets.Layout(width="95%"))
            self.boxes[name].observe(lambda change: self.update_count(), names="value")
            self.boxes[name].observe(self.autosave, names="value")
            rows += [widgets.HTML(f"<b>{html.escape(label)}</b>"), self.hints[name],
                     self.boxes[name]]
        self.count = widgets.HTML()
        self.button = widgets.Button(description="Saml og gem budskab", button_style="primary",
                                     icon="save", layout=widgets.Layout(width="220px"))
        self.result = widgets.HTML(ui_html.message(notice, ui_html.Tone.ERROR) if notice else "")
        self.frame.observe(lambda change: self.show_frame(), names="value")
        self.button.on_click(self.submit)
        self.show_frame()
        self.update_count()
        super().__init__([self.frame, *rows, self.count, self.button, self.result])

    def draft(self) -> MessageDraft:
        return MessageDraft(**{name: box.value for name, box in self.boxes.items()})

    def show_frame(self) -> None:
        questions = frame_questions(self.frame.value)
        for name, hint in self.hints.items():
            text = questions.get(name, "")
            style = "color:#0072B2;font-size:90%"
            hint.value = (f"<span style='{style}'><b>Hjælp:</b> {html.escape(text)}</span>"
                          if text else "")

    def update_count(self) -> None:
        draft = self.draft()
        self.count.value = (f"<p><b>{html.escape(draft.status_text())}</b><br>"
                            f"{html.escape(draft.length_advice())}</p>")

    def save_draft(self) -> answers.SaveResult:
        result = self.draft().save_draft()
        if not result.saved:
            self.result.value = ui_html.message(result.message, ui_html.Tone.ERROR)
        return result

    def submit(self, _=None) -> None:
        self.autosave.flush()
        draft = self.draft()
        if draft.missing():
            self.result.value = ("<p style='color:#D55E00'><b>Ikke gemt endnu.</b> Udfyld også: "
                                 f"{html.escape(', '.join(draft.missing()))}.</p>")
            return
        result = draft.save()
        if not result.saved:
            self.result.value = ui_html.message(result.message, ui_html.Tone.ERROR)
            return
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in draft.assemble().split("\n\n"))
        self.result.value = (
            "<p style='color:#009E73'><b>Gemt i mine-svar.</b> Du bruger det igen i modul 08."
            "</p><div style='border-left:4px solid #0072B2;padding:0.3em 1em;"
            f"background:#f3f8fc'><p><b>Dit budskab</b> ({html.escape(draft.status_text())})"
            f"</p>{paragraphs}</div>")


def show() -> widgets.Widget:
    """Budskabsbyggeren: fire felter, ordtal, taletid og en valgfri ramme (modul 06)."""
    return BuilderView()
