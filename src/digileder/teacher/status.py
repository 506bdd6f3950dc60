"""`digileder status OPGAVE`: one row per participant on the roster, where they stand.

Read only (except the CSV the teacher asks for). The status is the one step that needs the
teacher next, in the order of the semester: mangler, fejl ved bedømmelse, afleveret / for
sent (not graded yet), venter på manuel bedømmelse, bedømt, feedback udleveret.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from digileder.teacher import config as course_config
from digileder.teacher.collect import submitted_time
from digileder.teacher.danish_time import format_danish
from digileder.teacher.submissions import timestamp_text, up_to_date
from digileder.teacher.workflow import require_assignment

MISSING = "mangler"
FAILED = "fejl ved bedømmelse"
SUBMITTED = "afleveret"
LATE = "for sent"
PENDING = "venter på manuel bedømmelse"
GRADED = "bedømt"
FEEDBACK = "feedback udleveret"
RELEASED_MARK = ".udleveret"  # written by feedback.py beside the released HTML
COLUMNS = ["id", "fornavn", "efternavn", "status", "afleveret", "for_sent", "point",
           "max_point"]


@dataclass(frozen=True)
class StatusRow:
    id: str
    first_name: str
    last_name: str
    status: str
    submitted: datetime | None
    late: bool
    score: float | None
    max_score: float | None

    def cells(self) -> list:
        return [self.id, self.first_name, self.last_name, self.status,
                format_danish(self.submitted), self.late, self.score, self.max_score]


def feedback_released(root: Path, student: str, assignment: str) -> bool:
    """Was feedback for this very submission released by `digileder feedback`?"""
    mark = root / "feedback" / student / assignment / RELEASED_MARK
    try:
        return mark.read_text(encoding="utf-8").strip() == \
            (timestamp_text(root / "submitted" / student / assignment) or "")
    except OSError:
        return False


def _status(root: Path, student: str, assignment: str, late: bool, submission) -> str:
    folder = root / "submitted" / student / assignment
    if not folder.is_dir():
        return MISSING
    if not up_to_date(root, student, assignment) or submission is None:
        failed = root / "logs" / f"grade-{assignment}-{student}.log"
        if failed.is_file():
            return FAILED
        return LATE if late else SUBMITTED
    if submission.needs_manual_grade:
        return PENDING
    return FEEDBACK if feedback_released(root, student, assignment) else GRADED


def status_rows(root: Path, assignment: str) -> list[StatusRow]:
    """One row per participant on the roster (and anyone else who submitted)."""
    from nbgrader.api import Gradebook, MissingEntry

    require_assignment(root, assignment)
    cfg = course_config.load_course_config(root)
    rows = []
    with Gradebook(cfg.CourseDirectory.db_url) as gradebook:
        try:
            due = gradebook.find_assignment(assignment).duedate
        except MissingEntry:
            due = None
        people = {s.id: (s.first_name or "", s.last_name or "") for s in gradebook.students}
        submitted = root / "submitted"
        for folder in submitted.glob(f"*/{assignment}") if submitted.is_dir() else []:
            people.setdefault(folder.parent.name, ("", "(ikke på holdlisten)"))
        for student, (first, last) in sorted(people.items()):
            when = submitted_time(root / "submitted" / student / assignment)
            late = bool(due and when and when > due)
            try:
                sub = gradebook.find_submission(assignment, student)
                score, max_score = sub.score, sub.max_score
            except MissingEntry:
                sub, score, max_score = None, None, None
            status = _status(root, student, assignment, late, sub)
            if status in (MISSING, FAILED, SUBMITTED, LATE):
                score = None
            rows.append(StatusRow(student, first, last, status, when, late, score, max_score))
    return rows


def table(rows: list[StatusRow]) -> str:
    """The rows as an aligned text table for the terminal."""
    header = ["Deltager", "Navn", "Status", "Afleveret (dansk tid)", "Point"]
    lines = [[r.id, f"{r.first_name} {r.last_name}".strip(), r.status,
              format_danish(r.submitted) + (" (for sent)" if r.late else ""),
              "" if r.score is None else f"{r.score:g} af {r.max_score:g}"] for r in rows]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *lines, strict=True)]
    return "\n".join("  ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=True)).rstrip()
                     for line in [header, *lines])


def show_status(root: Path, assignment: str, csv_path: Path | None = None,
                report=print) -> list[StatusRow]:
    """Vis status for ASSIGNMENT i terminalen og (valgfrit) som CSV til dansk Excel."""
    from digileder.teacher.atomic import write_bytes
    from digileder.teacher.grade_files import danish_csv

    rows = status_rows(root, assignment)
    report(table(rows))
    counts = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    report(", ".join(f"{n} {status}" for status, n in counts.items()))
    if csv_path is not None:
        write_bytes(csv_path, danish_csv(COLUMNS, [r.cells() for r in rows]))
        report(f"Gemt som {csv_path} (semikolon, til Excel)")
    return rows
