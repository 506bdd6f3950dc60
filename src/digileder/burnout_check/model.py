"""The burnout check's model (module 05): signs, the participant's ticks, and the verdicts.
Pure: no files, no widgets."""

from __future__ import annotations

from dataclasses import dataclass

from digileder.palette import ERROR_TEXT, OK_TEXT
from digileder.ui import html as ui_html

KINDS = ("advarsel", "trivsel")
NEEDS = ("struktur", "retning", "udfordring")


@dataclass(frozen=True)
class Sign:
    """Ét tegn hos en ildsjæl (en række i burnout_signs.yml)."""

    id: str
    text: str
    kind: str
    need: str
    why: str

    @property
    def is_warning(self) -> bool:
        return self.kind == "advarsel"


@dataclass(frozen=True)
class Verdict:
    """Vurderingen af ét tegn: valgte deltageren det, og var det rigtigt?"""

    sign: Sign
    selected: bool

    @property
    def correct(self) -> bool:
        return self.selected == self.sign.is_warning


@dataclass
class SignCheck:
    """Deltagerens svar: hvilke tegn er markeret som advarselstegn."""

    signs: list[Sign]

    def evaluate(self, selected_ids: set[str] | list[str]) -> list[Verdict]:
        chosen = set(selected_ids)
        unknown = chosen - {s.id for s in self.signs}
        if unknown:
            raise ValueError(f"Ukendt tegn: {', '.join(sorted(unknown))}.")
        return [Verdict(sign, sign.id in chosen) for sign in self.signs]

    def score(self, selected_ids: set[str] | list[str]) -> tuple[int, int]:
        """(antal rigtige, antal tegn)."""
        verdicts = self.evaluate(selected_ids)
        return sum(v.correct for v in verdicts), len(verdicts)

    def feedback_html(self, selected_ids: set[str] | list[str]) -> str:
        verdicts = self.evaluate(selected_ids)
        right, total = sum(v.correct for v in verdicts), len(verdicts)
        tag, rows = ui_html.tag, []
        for verdict in verdicts:
            # Words, not emoji: they read aloud and render without an emoji font.
            mark = (tag("span", tag("b", "Rigtigt."), style=f"color:{OK_TEXT}") if verdict.correct
                    else tag("span", tag("b", "Ikke rigtigt."), style=f"color:{ERROR_TEXT}"))
            kind = "Et advarselstegn" if verdict.sign.is_warning else "Et tegn på trivsel"
            rows.append(tag("li", tag("b", verdict.sign.text), tag("br"), mark,
                            f" {kind} (behov: {verdict.sign.need}). {verdict.sign.why}"))
        missed = [v.sign.need for v in verdicts if v.sign.is_warning and not v.selected]
        hint = tag("p", "De advarsler, du ikke så, handler om ",
                   tag("b", ", ".join(sorted(set(missed)))),
                   ". Læg mærke til dem hos dine egne ildsjæle.") if missed else None
        return ui_html.join([tag("p", tag("b", f"Du vurderede {right} af {total} tegn rigtigt.")),
                             hint, tag("ul", *rows, style="line-height:1.4")])
