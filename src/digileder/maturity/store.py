"""The participant's dated assessments in mine-svar/modenhed.json (through the answers store)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from digileder import answers
from digileder.answers.seen import folder_lock
from digileder.answers.store import _replace, not_saved_message
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


def _append(entry: dict) -> answers.ReadResult:
    """Add ENTRY to the history: read, add and write under the answers store's folder lock,
    so two kernels (or tabs) saving at once keep both assessments. answers.write_json takes
    that lock only around the write, and a second lock on the same folder in this process
    would wait for ever, so the atomic write is the store's own, called inside the lock."""
    path = history_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with folder_lock(path.parent):
            history, read = read_history()  # an unreadable file is set aside here, not lost
            if read.data is None and path.exists():  # a folder, or a file we may not read
                raise answers.NotSaved(f"Din vurdering er ikke gemt. {read.notice}")
            content = {"format": "digileder-modenhed", "version": 1,
                       "assessments": [*history, entry]}
            _replace(path, json.dumps(content, ensure_ascii=False, indent=2).encode("utf-8"))
    except answers.NotSaved:
        raise
    except OSError as err:
        raise answers.NotSaved(not_saved_message(path, err)) from None
    return read


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
    read = _append(entry)
    return {**entry, "set_aside": str(read.set_aside)} if read.set_aside else dict(entry)


def latest_scores() -> dict | None:
    """Scorerne fra din seneste vurdering, eller None hvis du ikke har gemt nogen.

    En beskadiget fil giver også None (modul 08 skal kunne lave planen alligevel).
    """
    history = load_history()
    return dict(history[-1]["scores"]) if history else None
