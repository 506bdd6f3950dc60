"""What a participant's notebook says about its own grading: copied cells and changed
answers (limits such as the time limit: violations.py). Read only; every reader tolerates
a broken file."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path


def read_notebooks(folder: Path) -> dict[str, dict]:
    """The notebooks in FOLDER as plain dicts by file name; unreadable files are left out."""
    notebooks = {}
    for path in sorted(folder.glob("*.ipynb")) if folder.is_dir() else []:
        try:
            notebooks[path.name] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
    return notebooks


def _grade_id(cell: dict) -> str | None:
    meta = cell.get("metadata", {}).get("nbgrader") or {}
    return meta.get("grade_id")


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _cells(notebook: dict) -> list[dict]:
    cells = notebook.get("cells")
    return [c for c in cells if isinstance(c, dict)] if isinstance(cells, list) else []


def duplicate_notes(notebooks: dict[str, dict]) -> list[str]:
    """A Danish note per notebook in which the participant copied a graded cell."""
    notes = []
    for name, notebook in notebooks.items():
        counts = Counter(_grade_id(c) for c in _cells(notebook) if _grade_id(c))
        twice = sorted(gid for gid, n in counts.items() if n > 1)
        if twice:
            notes.append(f"{name}: cellen {', '.join(twice)} findes flere gange (kopieret). "
                         "Bedømt på den udgave, deltageren har skrevet sit svar i; de andre "
                         "udgaver (fx den tomme) tæller ikke.")
    return notes


def changed_answers(old: dict[str, dict], new: dict[str, dict]) -> set[str]:
    """grade_ids of answer cells whose text differs between two versions of a submission."""
    def answers(notebooks):
        return {_grade_id(c): _source(c) for nb in notebooks.values() for c in _cells(nb)
                if _grade_id(c) and (c.get("metadata", {}).get("nbgrader") or {}).get("solution")}

    before, after = answers(old), answers(new)
    return {gid for gid in before.keys() & after.keys() if before[gid] != after[gid]}
