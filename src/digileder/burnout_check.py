"""Tjek i modul 05: Kan du skelne advarselstegn hos en ildsjæl fra tegn på trivsel?

Tegnene står i datasets/burnout_signs.yml, så en underviser kan rette dem uden Python.
Listen er kursets eget bud ud fra artiklen (struktur, retning, udfordring) – ikke en
forskningsbaseret test. Brug i en notesbog:

    from digileder import burnout_check
    burnout_check.show()

SignCheck is the plain model; CheckView is a thin ipywidgets view over it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as widgets

from digileder.content import ContentError, Field, Record, load_records
from digileder.errors import DataError
from digileder.paths import datasets_dir

KINDS = ("advarsel", "trivsel")
NEEDS = ("struktur", "retning", "udfordring")
# The schema of datasets/burnout_signs.yml (keys in Danish, as a teacher edits them).
SIGN_RECORD = Record("tegn", (
    Field("id", "et kort id med små bogstaver, fx 'arbejder-om-natten'", is_id=True),
    Field("tekst", "tegnet, som lederen kan se det hos ildsjælen"),
    Field("slags", "om tegnet er en advarsel eller et tegn på trivsel", choices=KINDS),
    Field("behov", "hvad ildsjælen har brug for fra lederen", choices=NEEDS),
    Field("hvorfor", "én sætning om, hvorfor tegnet betyder noget"),
))


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


def signs_path() -> Path:
    return datasets_dir() / "burnout_signs.yml"


def load_signs(path: Path | None = None) -> list[Sign]:
    """Læs tegnene. Giver ContentError (en DataError) med alle fejl, fil og linje, på dansk."""
    path = path or signs_path()
    signs = [Sign(row["id"], row["tekst"], row["slags"], row["behov"], row["hvorfor"])
             for row in load_records(path, "signs", SIGN_RECORD)]
    if not any(s.is_warning for s in signs) or all(s.is_warning for s in signs):
        raise ContentError([f"{path.name}: der skal være både advarsler og tegn på trivsel."])
    return signs


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
        rows = []
        for verdict in verdicts:
            # Words, not emoji: they read aloud and render without an emoji font.
            mark = ("<span style='color:#009E73'><b>Rigtigt.</b></span>" if verdict.correct
                    else "<span style='color:#D55E00'><b>Ikke rigtigt.</b></span>")
            kind = "Et advarselstegn" if verdict.sign.is_warning else "Et tegn på trivsel"
            rows.append(
                f"<li><b>{html.escape(verdict.sign.text)}</b><br>{mark} {kind} "
                f"(behov: {html.escape(verdict.sign.need)}). {html.escape(verdict.sign.why)}</li>")
        missed = [v.sign.need for v in verdicts if v.sign.is_warning and not v.selected]
        hint = ""
        if missed:
            needs = html.escape(", ".join(sorted(set(missed))))
            hint = (f"<p>De advarsler, du ikke så, handler om <b>{needs}</b>. Læg mærke til dem "
                    "hos dine egne ildsjæle.</p>")
        return (f"<p><b>Du vurderede {right} af {total} tegn rigtigt.</b></p>{hint}"
                f"<ul style='line-height:1.4'>{''.join(rows)}</ul>")


class CheckView(widgets.VBox):
    """The widget: one checkbox per sign, a check button and feedback."""

    def __init__(self, signs: list[Sign]):
        self.model = SignCheck(signs)
        self.boxes = {
            s.id: widgets.Checkbox(value=False, description=s.text, indent=False,
                                   layout=widgets.Layout(width="95%"))
            for s in signs
        }
        self.button = widgets.Button(description="Tjek mine svar", button_style="primary",
                                     icon="check")
        self.feedback = widgets.HTML()
        self.button.on_click(self.check)
        # Old feedback would describe answers that are no longer ticked.
        for box in self.boxes.values():
            box.observe(lambda change: setattr(self.feedback, "value", ""), names="value")
        super().__init__([
            widgets.HTML("<p><b>Sæt flueben ved de tegn, der er advarselstegn.</b></p>"),
            *self.boxes.values(), self.button, self.feedback,
        ])

    def selected(self) -> set[str]:
        return {sign_id for sign_id, box in self.boxes.items() if box.value}

    def check(self, _=None) -> None:
        self.feedback.value = self.model.feedback_html(self.selected())


def show() -> widgets.Widget:
    """Tjekket: advarselstegn eller trivsel hos en ildsjæl? (modul 05)."""
    try:
        signs = load_signs()
    except DataError as err:
        return widgets.HTML(f"<p style='color:#D55E00'><b>Tjekket kan ikke vises.</b> "
                            f"{html.escape(str(err))} Sig det til din underviser.</p>")
    return CheckView(signs)
