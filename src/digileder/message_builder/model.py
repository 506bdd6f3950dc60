"""The message builder's model (module 06): four fields, word count, speaking time, frames.

Pure: no files, no widgets (store.py saves, view.py shows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from digileder import danish

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


def frame_questions(frame: str) -> dict[str, str]:
    """Hjælpespørgsmål pr. felt for en ramme ('Kotters 8 trin', 'Ledelseskommissionen')."""
    if frame not in FRAMES:
        raise ValueError(f"Rammen '{frame}' findes ikke. Vælg en af: {', '.join(FRAMES)}.")
    return FRAMES[frame]
