"""One row per participant and assignment, read from the gradebook and the course folders.

Everyone on the roster gets a row for every assignment in the gradebook, also those who
never submitted or whose grading failed, so no participant silently drops out of an export.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from digileder.teacher.gradebook import open_gradebook

GRADED = "bedømt"
PENDING = "venter på manuel bedømmelse"
FAILED = "fejl ved bedømmelse"
UNGRADED = "afleveret"  # the same words as `digileder status` (status.py)
MISSING = "mangler"


@dataclass(frozen=True)
class GradeRow:
    id: str
    first_name: str
    last_name: str
    email: str
    assignment: str
    status: str
    score: float | None
    max_score: float
    needs_manual_grade: bool


def _status_without_grade(root: Path, assignment: str, student: str) -> str:
    if not (root / "submitted" / student / assignment).is_dir():
        return MISSING
    # digileder grade keeps the log of a failed grading here (see grading.py).
    if (root / "logs" / f"grade-{assignment}-{student}.log").is_file():
        return FAILED
    return UNGRADED


def read_rows(root: Path, db_url: str) -> tuple[list[GradeRow], list[dict]]:
    """Totals (one GradeRow per participant and assignment) and per-question dicts."""
    from nbgrader.api import MissingEntry

    totals: list[GradeRow] = []
    questions: list[dict] = []
    with open_gradebook(db_url) as gradebook:
        students = sorted(gradebook.students, key=lambda s: s.id)
        for assignment in sorted(gradebook.assignments, key=lambda a: a.name):
            for student in students:
                person = (student.id, student.first_name or "", student.last_name or "",
                          student.email or "")
                try:
                    sub = gradebook.find_submission(assignment.name, student.id)
                except MissingEntry:
                    totals.append(GradeRow(*person, assignment.name, _status_without_grade(
                        root, assignment.name, student.id), None, assignment.max_score, False))
                    continue
                totals.append(GradeRow(*person, assignment.name,
                                       PENDING if sub.needs_manual_grade else GRADED,
                                       sub.score, sub.max_score, sub.needs_manual_grade))
                for notebook in sub.notebooks:
                    for grade in notebook.grades:
                        questions.append({
                            "id": student.id, "opgave": assignment.name,
                            "notesbog": notebook.name, "spoergsmaal": grade.name,
                            "auto_point": grade.auto_score, "manuelle_point": grade.manual_score,
                            "point": grade.score, "max_point": grade.max_score,
                            "mangler_manuel_bedoemmelse": grade.needs_manual_grade,
                        })
    return totals, questions
