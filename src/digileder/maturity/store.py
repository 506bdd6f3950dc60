"""The participant's dated assessments in mine-svar/modenhed.json (through the answers store)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from digileder import answers
from digileder.maturity.content import load_items
from digileder.maturity.model import Instrument, _valid_answers, score

HISTORY_FILE = "modenhed.json"


def history_path() -> Path:
    return answers.folder() / HISTORY_FILE


def _check_entry(entry) -> bool:
    return (
        isinstance(entry, dict) and isinstance(entry.get("date"), str)
        and isinstance(entry.get("answers"), dict) and isinstance(entry.get("scores"), dict)
        and all(isinstance(v, int | float) and not isinstance(v, bool)
                for v in entry["scores"].values())
    )


def _is_history(content: dict) -> bool:
    entries = content["assessments"]
    return isinstance(entries, list) and all(_check_entry(e) for e in entries)


def read_history() -> tuple[list[dict], answers.ReadResult]:
    """Dine gemte vurderinger, ældste først, og hvad læsningen gav (fx en fil flyttet til side).

    En fil, der ikke kan læses, flyttes til side med tidsstempel; result.notice siger hvor.
    """
    result = answers.read_json(HISTORY_FILE, _is_history)
    entries = result.data["assessments"] if result.data else []
    return sorted(entries, key=lambda e: e["date"]), result


def load_history() -> list[dict]:
    """Dine gemte vurderinger, ældste først: hver med 'date', 'answers' og 'scores'."""
    return read_history()[0]


def _append(entry: dict) -> answers.SaveResult:
    """Add ENTRY to the history in one locked read-add-write (answers.update_json), so two
    kernels (or tabs) saving at once keep both assessments. Raises answers.NotSaved."""
    def add(content: dict | None) -> dict:
        history = content["assessments"] if content else []
        return {"format": "digileder-modenhed", "version": 1, "assessments": [*history, entry]}

    return answers.update_json(HISTORY_FILE, add, _is_history).check()


def save_assessment(answers_given: dict[str, int], when: datetime | None = None,
                    instrument: Instrument | None = None) -> dict:
    """Gem en vurdering med dato i mine-svar/modenhed.json (tidligere vurderinger bevares).

    Returnerer den gemte vurdering. Var den gamle fil beskadiget, er den flyttet til side,
    og stien står under nøglen 'set_aside' i det returnerede (ikke i filen).
    Giver answers.NotSaved med en dansk besked, hvis der ikke kan gemmes.
    """
    instrument = instrument or load_items()
    clean = _valid_answers(answers_given, instrument)
    if not clean:
        raise ValueError("Du har ikke svaret på nogen udsagn endnu. Der er intet at gemme.")
    entry = {
        "date": (when or datetime.now()).isoformat(timespec="seconds"),
        "answers": clean,
        "scores": score(clean, instrument),
    }
    saved = _append(entry)
    return {**entry, "set_aside": str(saved.set_aside)} if saved.set_aside else dict(entry)


def latest_scores() -> dict | None:
    """Scorerne fra din seneste vurdering, eller None hvis du ikke har gemt nogen.

    En beskadiget fil giver også None (modul 08 skal kunne lave planen alligevel).
    """
    history = load_history()
    return dict(history[-1]["scores"]) if history else None
