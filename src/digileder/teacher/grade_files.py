"""Grade files for the tools teachers use: Danish Excel and the LMS grade imports.

- Danish Excel: semicolon, UTF-8 with BOM, decimal comma, ja/nej (Excel in Danish opens it
  with a double click; a comma file with 11.0 and True lands in one column).
- Moodle, Canvas and Brightspace: comma-separated UTF-8 with the columns each system
  documents for its grade import; one row per participant, one column per assignment.
  Moodle (docs.moodle.org/311/en/Grade_import): any columns; on import the teacher maps a
  user column ("Email address" to useremail, or username) and each grade column to a grade item.
  Canvas ("How do I import grades in the Gradebook?", also
  teaching.resources.osu.edu/.../import-csv-file-carmen-grades): Student, ID, SIS User ID,
  SIS Login ID, Section, then one column per assignment.
  Brightspace (community.d2l.com/brightspace/kb/articles/3538-importing-grades): Username
  (or OrgDefinedId), then "<grade item> Points Grade" per item.
Every text cell that a spreadsheet would run as a formula (= + - @, tab, CR first) is
prefixed with ' (OWASP's advice for CSV injection); names come from participants.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from digileder.teacher.danish_time import spreadsheet_time
from digileder.teacher.grade_rows import GradeRow

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def danish_cell(value) -> str:
    """A cell for Danish Excel: 2,5 not 2.5, ja/nej not True/False, empty for no value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, (int, float)):
        return f"{value:g}".replace(".", ",")
    return safe_text(str(value))


def lms_cell(value) -> str:
    """A cell for an LMS import: a plain decimal point, empty for no grade."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:g}"
    return safe_text(str(value))


def _csv(rows: Iterable[Sequence[str]], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def danish_csv(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """Semicolon CSV with a BOM, so Danish Excel reads æøå and the columns right."""
    body = _csv([list(header), *([danish_cell(v) for v in row] for row in rows)], ";")
    return body.encode("utf-8-sig")


TOTAL_COLUMNS = ["id", "fornavn", "efternavn", "opgave", "status", "point", "max_point",
                 "mangler_manuel_bedoemmelse", "paa_holdlisten", "afleveret", "for_sent",
                 "bemaerkning"]
QUESTION_COLUMNS = ["id", "opgave", "notesbog", "spoergsmaal", "auto_point", "manuelle_point",
                    "point", "max_point", "mangler_manuel_bedoemmelse"]


def totals_csv(rows: list[GradeRow]) -> bytes:
    """One row per participant and assignment; afleveret in Danish time as Excel reads a
    time, so a late rule can be applied in Excel."""
    return danish_csv(TOTAL_COLUMNS, ([r.id, r.first_name, r.last_name, r.assignment, r.status,
                                       r.score, r.max_score, r.needs_manual_grade, r.on_roster,
                                       spreadsheet_time(r.submitted), r.late, r.note]
                                      for r in rows))


def questions_csv(questions: list[dict], totals: list[GradeRow]) -> bytes:
    """One row per graded cell, plus one row (no question) per participant without a grade
    (a hand grade for a changed answer keeps its question rows, marked not graded)."""
    status = {(r.id, r.assignment): r.status for r in totals}
    rows = [[*(q[c] for c in QUESTION_COLUMNS), status.get((q["id"], q["opgave"]), "")]
            for q in questions]
    with_questions = {(q["id"], q["opgave"]) for q in questions}
    rows += [[r.id, r.assignment, "", "", None, None, None, r.max_score, False, r.status]
             for r in totals if r.score is None and (r.id, r.assignment) not in with_questions]
    rows.sort(key=lambda row: (row[1], row[0]))
    return danish_csv([*QUESTION_COLUMNS, "status"], rows)


def _wide(rows: list[GradeRow]) -> tuple[list[str], list[GradeRow], dict]:
    """Assignments, one GradeRow per participant (for the names) and (id, assignment)->score.

    A score still waiting for hand grading is left empty: an LMS import would record the
    partial points as the grade. Someone not on the roster is left out until the teacher
    adds them (export names them): the LMS would not know them either."""
    assignments = sorted({r.assignment for r in rows})
    people = {r.id: r for r in rows if r.on_roster}
    scores = {(r.id, r.assignment): None if r.needs_manual_grade else r.score for r in rows}
    return assignments, [people[i] for i in sorted(people)], scores


def _lms(header: list[str], body: Iterable[list]) -> bytes:
    return _csv([header, *([lms_cell(v) for v in row] for row in body)], ",").encode("utf-8")


def moodle_csv(rows: list[GradeRow]) -> bytes:
    assignments, people, scores = _wide(rows)
    return _lms(["First name", "Last name", "Username", "Email address", *assignments],
                ([p.first_name, p.last_name, p.id, p.email,
                  *(scores.get((p.id, a)) for a in assignments)] for p in people))


def canvas_csv(rows: list[GradeRow]) -> bytes:
    # Canvas matches a row on ID, SIS User ID or SIS Login ID; only the login is known here.
    assignments, people, scores = _wide(rows)
    return _lms(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *assignments],
                ([", ".join(n for n in (p.last_name, p.first_name) if n), "", "", p.id, "",
                  *(scores.get((p.id, a)) for a in assignments)] for p in people))


def brightspace_csv(rows: list[GradeRow]) -> bytes:
    assignments, people, scores = _wide(rows)
    return _lms(["Username", *(f"{a} Points Grade" for a in assignments)],
                ([p.id, *(scores.get((p.id, a)) for a in assignments)] for p in people))


# File name -> (how its first line starts, so export knows it wrote it; the writer).
# The comma headers are what exports before the Danish format wrote.
FILES = {
    "karakterer.csv": (("id;fornavn", "id,fornavn"), totals_csv),
    "moodle.csv": (("First name,Last name,Username",), moodle_csv),
    "canvas.csv": (("Student,ID,SIS User ID",), canvas_csv),
    "brightspace.csv": (("Username",), brightspace_csv),
}
QUESTION_MARKS = ("id;opgave;notesbog", "id,opgave,notesbog")
