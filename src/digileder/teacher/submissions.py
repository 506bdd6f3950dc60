"""Find the submissions of an assignment in a course root (read only)."""

from __future__ import annotations

from pathlib import Path


def submitted_students(root: Path, assignment: str, submitted: str = "submitted") -> list[str]:
    """Ids of participants who have a submitted folder for ASSIGNMENT, sorted."""
    base = root / submitted
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if (p / assignment).is_dir())


def notebook_names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.ipynb"))
