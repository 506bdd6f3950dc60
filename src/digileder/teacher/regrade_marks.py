"""Which hand grades `digileder grade` flagged because the answer changed since.

nbgrader has one flag, needs_manual_grade. With a score the teacher gave by hand it can
mean two things: grade_merge set it again because a resubmitted answer differs from the one
graded (the score belongs to the old answer), or a script set manual_score through
nbgrader's Python API and left the flag (the score is current). To tell them apart, merge
records each cell it flags with the score it had then: a flagged cell still holding that
score has not been looked at since its answer changed. Grading again in formgrader clears
the flag, so an old entry here no longer matters.
"""

from __future__ import annotations

import json
from pathlib import Path

from digileder.teacher.atomic import write_text


def path(root: Path, assignment: str, student: str) -> Path:
    return root / "logs" / f"svar-aendret-{assignment}-{student}.json"


def key(notebook: str, cell: str) -> str:
    return f"{notebook}/{cell}"


def read(root: Path, assignment: str, student: str) -> dict[str, float]:
    """notebook/cell -> the hand score it had when its answer changed ({} if none)."""
    try:
        data = json.loads(path(root, assignment, student).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, int | float)}


def record(root: Path, assignment: str, student: str, scores: dict[str, float]) -> None:
    """Add SCORES (notebook/cell -> hand score at flagging) to the participant's record."""
    if scores:
        marks = read(root, assignment, student) | scores
        write_text(path(root, assignment, student), json.dumps(marks, indent=1) + "\n")
