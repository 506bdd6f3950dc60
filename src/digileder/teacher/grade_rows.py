"""One row per participant and assignment, read from the gradebook and the course folders.

Everyone on the roster gets a row for every assignment in the gradebook, also those who
never submitted or whose grading failed, so no participant silently drops out of an export;
so does anyone who handed in without being on the roster (marked, until the teacher adds
them). The status comes from standing.py, the same as `digileder status` and feedback: a
score counts only while it belongs to the newest submission, and a hand grade for an answer
that changed is never exported as current.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from digileder.teacher import config as course_config
from digileder.teacher import roster_store
from digileder.teacher import standing as standings
from digileder.teacher.gradebook import open_gradebook
from digileder.teacher.submissions import submitted_students

GRADED = standings.GRADED
PENDING = standings.PENDING
FAILED = standings.FAILED
UNGRADED = standings.SUBMITTED
MISSING = standings.MISSING


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
    on_roster: bool = True
    note: str = ""
    submitted: datetime | None = None  # the newest hand-in, naive UTC
    late: bool = False


def _questions(student: str, assignment: str, sub, stale: set[str]) -> list[dict]:
    """Per graded cell; a hand grade for a changed answer is shown as not graded yet."""
    rows = []
    for notebook in sub.notebooks:
        for grade in notebook.grades:
            old = grade.name in stale
            rows.append({
                "id": student, "opgave": assignment,
                "notesbog": notebook.name, "spoergsmaal": grade.name,
                "auto_point": grade.auto_score,
                "manuelle_point": None if old else grade.manual_score,
                "point": None if old else grade.score, "max_point": grade.max_score,
                "mangler_manuel_bedoemmelse": grade.needs_manual_grade,
            })
    return rows


def read_rows(root: Path, db_url: str) -> tuple[list[GradeRow], list[dict]]:
    """Totals (one GradeRow per participant and assignment) and per-question dicts."""
    cfg = course_config.load_course_config(root)
    totals: list[GradeRow] = []
    questions: list[dict] = []
    with open_gradebook(db_url) as gradebook:
        roster = roster_store.roster_ids(root, gradebook)
        people = {s.id: s for s in gradebook.students}
        assignments = sorted(gradebook.assignments, key=lambda a: a.name)
        everyone = roster | {s for a in assignments for s in submitted_students(root, a.name)} \
            | {s.id for s in gradebook.students if s.submissions}  # graded, folder moved away
        for assignment in assignments:
            for sid in sorted(everyone):
                person = people.get(sid)
                names = (sid, *(getattr(person, k, None) or ""
                                for k in ("first_name", "last_name", "email")))
                known = sid in roster
                sub = standings.find_submission(gradebook, assignment.name, sid)
                if not known and sub is None and \
                        not (root / "submitted" / sid / assignment.name).is_dir():
                    continue  # not on the roster and nothing handed in for this assignment
                when, late = standings.handed_in(root, assignment.name, sid,
                                                    assignment.duedate)
                where = standings.standing(root, cfg, assignment.name, sid, sub, late)
                note = where.note if known else \
                    standings.with_unknown_note(root, sid, where.note)
                stale = where.status == standings.STALE
                totals.append(GradeRow(
                    *names, assignment.name, where.status,
                    sub.score if where.current else None,
                    sub.max_score if sub else assignment.max_score,
                    stale or (where.current and sub.needs_manual_grade), known, note,
                    when, late))
                if where.current or stale:
                    redo = standings.stale_hand_grades(root, assignment.name, sid, sub)
                    questions += _questions(sid, assignment.name, sub, set(redo))
    return totals, questions
