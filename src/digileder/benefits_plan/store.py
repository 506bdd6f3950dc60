"""The benefits plan's saved state: every row as a draft (mine-svar/gevinstplan.json, saved as
the participant types) and the finished plan as reflection 07-gevinstplan (for module 08)."""

from __future__ import annotations

from digileder import answers, notes
from digileder.benefits_plan.model import BenefitsPlan

NOTE_KEY = "07-gevinstplan"
PROMPT = "Min gevinstplan: hvem ejer hvilken gevinst, og hvordan og hvornår måler vi den?"
STATE_FILE = "gevinstplan.json"


def save_draft(plan: BenefitsPlan, seen: answers.Seen | None = None) -> answers.SaveResult:
    """Gem alle rækker som JSON, også en halvfærdig plan (så intet arbejde går tabt)."""
    return answers.write_json(STATE_FILE, plan.to_dict(), seen)


def save(plan: BenefitsPlan, seen: answers.Seen | None = None) -> answers.SaveResult:
    """Gem en færdig plan som svaret '07-gevinstplan' (Markdown) og som JSON.

    Giver ValueError med de danske fejl, hvis planen ikke er færdig; udkastet gemmes alligevel.
    """
    return notes.save_finished(NOTE_KEY, PROMPT, save_draft(plan, seen), plan.problems(),
                               plan.to_markdown, seen)


def _is_plan(content: dict) -> bool:
    rows = content.get("rows", [])
    known = ("format", "version", "project", "rows")
    return (answers.only_known_keys(content, known) and isinstance(content.get("project", ""), str)
            and isinstance(rows, list)
            and all(isinstance(row, dict) and all(isinstance(v, str) for v in row.values())
                    for row in rows))


def read_saved(seen: answers.Seen | None = None) -> tuple[BenefitsPlan, str]:
    """(din gemte plan, dansk besked). En ulæselig fil flyttes til side, og beskeden siger hvor."""
    result = answers.read_json(STATE_FILE, _is_plan, seen)
    return (BenefitsPlan.from_dict(result.data) if result.data else BenefitsPlan()), result.notice


def load_saved() -> BenefitsPlan:
    """Din gemte gevinstplan, eller en tom plan (hvis der ingen er, eller filen er i stykker)."""
    return read_saved()[0]
