"""The message builder's saved state: the four fields as a draft (mine-svar/budskab.json, saved
as the participant types) and the finished message as reflection 06-budskab (for module 08)."""

from __future__ import annotations

from dataclasses import asdict

from digileder import answers, notes
from digileder.message_builder.model import FIELDS, MessageDraft

NOTE_KEY = "06-budskab"
PROMPT = "Mit budskab på to minutter til medarbejderne om, hvordan kerneopgaven ændrer sig"
STATE_FILE = "budskab.json"


def save_draft(draft: MessageDraft, seen: answers.Seen | None = None) -> answers.SaveResult:
    """Gem felterne, som de står (også halvfærdige), så en genstart ikke sletter noget."""
    return answers.write_json(STATE_FILE, asdict(draft), seen)


def save(draft: MessageDraft, seen: answers.Seen | None = None) -> answers.SaveResult:
    """Gem felterne og det samlede budskab (notes, til modul 08). Giver ValueError, hvis et
    felt mangler; felterne gemmes alligevel."""
    missing = ["Udfyld også: " + ", ".join(draft.missing()) + "."] if draft.missing() else []
    return notes.save_finished(NOTE_KEY, PROMPT, save_draft(draft, seen), missing,
                               draft.assemble, seen)


def _is_draft(state: dict) -> bool:
    names = [name for name, _, _ in FIELDS]
    return answers.only_known_keys(state, names) and all(
        isinstance(state.get(name, ""), str) for name in names)


def read_saved_draft(seen: answers.Seen | None = None) -> tuple[MessageDraft, str]:
    """(dit gemte udkast, dansk besked). En ulæselig fil flyttes til side; beskeden siger hvor."""
    result = answers.read_json(STATE_FILE, _is_draft, seen)
    state = result.data or {}
    return MessageDraft(**{name: state.get(name, "") for name, _, _ in FIELDS}), result.notice


def load_saved_draft() -> MessageDraft:
    """Dit gemte udkast, eller et tomt, hvis intet (læseligt) er gemt."""
    return read_saved_draft()[0]
