"""The values compass's model (module 04): three values in order and a justification.

Pure: no files, no widgets (content.py loads the values, store.py saves, view.py shows).
"""

from __future__ import annotations

from dataclasses import dataclass, field

PICKS = 3
MIN_WORDS = 10

THEMES = {
    "borgere": "Hvilken rolle skal borgerne have?",
    "videndeling": "Hvordan sikres en tværkommunal vidensdeling?",
    "kompetencer": "Hvilke kompetencer er nødvendige på tværs af forvaltninger?",
}


@dataclass(frozen=True)
class Value:
    """Én værdi i kompasset (en række i smart_city_values.yml)."""

    id: str
    name: str
    description: str
    question: str
    theme: str


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
