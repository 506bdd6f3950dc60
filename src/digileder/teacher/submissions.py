"""Find the submissions of an assignment in a course root (read only)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path


def submitted_students(root: Path, assignment: str, submitted: str = "submitted") -> list[str]:
    """Ids of participants who have a submitted folder for ASSIGNMENT, sorted."""
    base = root / submitted
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if (p / assignment).is_dir())


def notebook_names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.ipynb"))


def _is_test_cell(cell: dict) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


def notebooks_with_text_in_answers(folder: Path, texts: tuple[str, ...]) -> list[str]:
    """The notebooks in FOLDER where a participant's cell (any but the course's test cells)
    contains one of TEXTS; an unreadable notebook is left to nbgrader's own message."""
    found = []
    for name in notebook_names(folder):
        try:
            cells = json.loads((folder / name).read_text(encoding="utf-8")).get("cells", [])
            sources = ["".join(c.get("source", "")) for c in cells if not _is_test_cell(c)]
        except (OSError, ValueError, AttributeError, TypeError):
            continue
        if any(text in source for source in sources for text in texts):
            found.append(name)
    return found


def timestamp_text(folder: Path) -> str | None:
    """The submission time nbgrader wrote in FOLDER/timestamp.txt, as text (None if absent)."""
    try:
        return (folder / "timestamp.txt").read_text(encoding="utf-8").strip()
    except OSError:
        return None


def submitted_time(folder: Path) -> datetime | None:
    """The submission time in FOLDER/timestamp.txt as naive UTC (None if absent or unreadable)."""
    from nbgrader.utils import parse_utc

    try:
        return parse_utc((folder / "timestamp.txt").read_text(encoding="utf-8").strip())
    except (OSError, ValueError, OverflowError):
        return None


def up_to_date(root: Path, student: str, assignment: str) -> bool:
    """Is the autograded copy of this participant's submission from the same submission?"""
    graded = root / "autograded" / student / assignment
    if not graded.is_dir():
        return False
    return timestamp_text(graded) == timestamp_text(root / "submitted" / student / assignment)
