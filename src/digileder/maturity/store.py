"""The participant's dated assessments in mine-svar/modenhed.json (through the answers store)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from digileder import answers
from digileder.maturity.content import load_items
from digileder.maturity.model import Instrument, _valid_answers, score

HISTORY_FILE = "modenhed.json"
# Hidden (the store and the bundle skip dot files); held while a save reads, adds and writes.
LOCK_FILE = ".modenhed.json.lock"

try:  # not on Windows: there two kernels saving at the same moment can still lose one
    import fcntl
except ImportError:  # pragma: no cover - the course runs on Linux and macOS
    fcntl = None


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


@contextmanager
def _one_save_at_a_time() -> Iterator[None]:
    """An exclusive lock across kernels and tabs for read-add-write of the history. The
    store's own lock covers only the write, so without this two saves that read the same
    history each wrote it back with only their own new assessment. In a folder we may not
    write to the save goes on unlocked and the store says it could not save."""
    folder = answers.folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        yield
        return
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


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
    with _one_save_at_a_time():
        history, read = read_history()
        answers.write_json(HISTORY_FILE, {
            "format": "digileder-modenhed", "version": 1, "assessments": [*history, entry],
        }).check()
    return {**entry, "set_aside": str(read.set_aside)} if read.set_aside else dict(entry)


def latest_scores() -> dict | None:
    """Scorerne fra din seneste vurdering, eller None hvis du ikke har gemt nogen.

    En beskadiget fil giver også None (modul 08 skal kunne lave planen alligevel).
    """
    history = load_history()
    return dict(history[-1]["scores"]) if history else None
