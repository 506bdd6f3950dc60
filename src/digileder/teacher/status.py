"""`digileder status OPGAVE`: one row per participant on the roster, where they stand.

Read only (except the CSV the teacher asks for). The status and its note come from
standing.py, which feedback and export use too, so the three always agree. Anyone who
handed in without being on the roster gets a row and a note until the teacher adds them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from digileder.teacher import config as course_config
from digileder.teacher import roster_store
from digileder.teacher import standing as standings
from digileder.teacher.collect import inbound_submissions
from digileder.teacher.danish_time import format_danish, spreadsheet_time
from digileder.teacher.gradebook import open_gradebook
from digileder.teacher.workflow import not_released_note, require_assignment

COLUMNS = ["id", "fornavn", "efternavn", "status", "afleveret", "for_sent", "point",
           "max_point", "paa_holdlisten", "bemaerkning"]


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
    on_roster: bool = True
    note: str = ""

    def cells(self) -> list:
        return [self.id, self.first_name, self.last_name, self.status,
                spreadsheet_time(self.submitted), self.late, self.score, self.max_score,
                self.on_roster, self.note]


def status_rows(root: Path, assignment: str) -> list[StatusRow]:
    """One row per participant on the roster (and anyone else who submitted)."""
    from nbgrader.api import MissingEntry

    require_assignment(root, assignment)
    cfg = course_config.load_course_config(root)
    rows = []
    with open_gradebook(cfg.CourseDirectory.db_url) as gradebook:
        try:
            due = gradebook.find_assignment(assignment).duedate
        except MissingEntry:
            due = None
        roster = roster_store.roster_ids(root, gradebook)
        people = {s.id: (s.first_name or "", s.last_name or "") for s in gradebook.students
                  if s.id in roster}
        people.update({sid: ("", "") for sid in roster - set(people)})
        waiting = inbound_submissions(cfg, assignment)
        submitted = root / "submitted"
        for folder in submitted.glob(f"*/{assignment}") if submitted.is_dir() else []:
            people.setdefault(folder.parent.name, ("", "(ikke på holdlisten)"))
        for student, (first, last) in sorted(people.items()):
            when, late = standings.handed_in(root, assignment, student, due)
            sub = standings.find_submission(gradebook, assignment, student)
            where = standings.standing(root, cfg, assignment, student, sub, late)
            score = sub.score if where.current else None
            note = where.note if student in roster else \
                standings.with_unknown_note(root, student, where.note)
            if student in waiting and (when is None or waiting[student][0] > when):
                note = f"{note} {not_collected_note(assignment, waiting[student][0])}".strip()
            rows.append(StatusRow(student, first, last, where.status, when, late, score,
                                  sub.max_score if sub else None, student in roster, note))
    return rows


def not_collected_note(assignment: str, handed_in: datetime) -> str:
    """A hand-in in the exchange that collect has not taken (not yet, or refused)."""
    return (f"Der ligger en aflevering fra {format_danish(handed_in)} i exchange, som ikke er "
            f"hentet. Kør digileder collect {assignment}. Er den afvist, siger collect hvorfor.")


def table(rows: list[StatusRow]) -> str:
    """The rows as an aligned text table for the terminal (points with a decimal comma)."""
    from digileder.teacher.grade_files import danish_cell

    header = ["Deltager", "Navn", "Status", "Afleveret (dansk tid)", "Point"]
    lines = [[r.id, f"{r.first_name} {r.last_name}".strip(), r.status,
              format_danish(r.submitted) + (" (for sent)" if r.late else ""),
              "" if r.score is None else f"{danish_cell(r.score)} af {danish_cell(r.max_score)}"]
             for r in rows]
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
    waiting = [r.id for r in rows if r.note == standings.HAND_GRADE and r.on_roster]
    for row in rows:
        if row.note and row.id not in waiting:
            report(f"{row.id}: {row.note}")
    if waiting:  # one line for all, not the same sentence per participant
        report(f"Venter på dig ({', '.join(waiting)}): {standings.HAND_GRADE} Se trin 8 i "
               f"docs/underviservejledning.md. Kør bagefter: digileder feedback {assignment}")
    for note in (roster_store.fallback_note(root), not_released_note(root, assignment)):
        if note:
            report(note)
    if csv_path is not None:
        write_bytes(csv_path, danish_csv(COLUMNS, [r.cells() for r in rows]))
        report(f"Gemt som {csv_path} (semikolon, til Excel)")
    return rows
