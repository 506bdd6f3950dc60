"""The course's participants: nbgrader's gradebook plus COURSE/holdliste.csv.

`course init --roster`, `roster add` and `roster import` all go through add_students: every
row is checked first, the gradebook is changed in one transaction (all or nothing), and
holdliste.csv is then rewritten atomically. Running the same import twice changes nothing.
Participants are never removed here: their submissions and grades belong to them.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from digileder.teacher import atomic
from digileder.teacher import config as course_config
from digileder.teacher.errors import TeacherError
from digileder.teacher.gradebook import open_gradebook
from digileder.teacher.roster import COLUMNS, Student, read_roster

ROSTER_FILE = "holdliste.csv"
NEW, UPDATED, UNCHANGED = "ny", "opdateret", "uændret"


def roster_path(root: Path) -> Path:
    return root / ROSTER_FILE


# Without holdliste.csv, who came into the gradebook only because `digileder grade` graded
# a hand-in of theirs (nbgrader adds every submitter it grades).
ADDED_BY_GRADING = Path("logs") / "ikke-paa-holdlisten.json"


def added_by_grading(root: Path) -> set[str]:
    try:
        ids = json.loads((root / ADDED_BY_GRADING).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return {i for i in ids if isinstance(i, str)} if isinstance(ids, list) else set()


def remember_added_by_grading(root: Path, student: str) -> None:
    """Grading is about to add STUDENT to the gradebook of a course without holdliste.csv:
    remember that, so STUDENT still counts as not on the roster afterwards."""
    ids = added_by_grading(root) | {student}
    atomic.write_text(root / ADDED_BY_GRADING, json.dumps(sorted(ids), indent=1) + "\n")


def roster_ids(root: Path, gradebook) -> set[str]:
    """Who is on the roster: holdliste.csv; without one (a course set up with nbgrader
    alone), the gradebook's participants, except those only grading put there."""
    path = roster_path(root)
    if path.is_file():
        return {s.id for s in read_roster(path, report=lambda _m: None)}
    return {s.id for s in gradebook.students} - added_by_grading(root)


def fallback_note(root: Path) -> str:
    """The Danish note for a course without holdliste.csv ('' when it has one); said once
    per command by status, collect and export."""
    if roster_path(root).is_file():
        return ""
    return (f"Bemærk: Holdet har ingen {ROSTER_FILE}, så jeg bruger deltagerne i nbgraders "
            "karakterbog som holdliste. Den, der kun kom i karakterbogen, fordi "
            "digileder grade bedømte en aflevering, står som ukendt. Opret holdlisten med: "
            "digileder roster import FIL (eller roster add ID)")


def _fields(student: Student) -> dict[str, str | None]:
    return {"first_name": student.first_name or None, "last_name": student.last_name or None,
            "email": student.email or None}


def _save_gradebook(db_url: str, course_id: str, students: list[Student]) -> dict[str, str]:
    from nbgrader import api

    changes: dict[str, str] = {}
    with open_gradebook(db_url, course_id) as gradebook:
        session = gradebook.db
        existing = {s.id: s for s in session.query(api.Student).all()}
        clashes = [f"'{s.id}' (karakterbogen har '{old}')" for s in students
                   for old in existing if old != s.id and old.lower() == s.id]
        if clashes:
            raise TeacherError("Karakterbogen har allerede deltagere med samme id i en anden "
                               f"skrivemåde: {', '.join(clashes)}. Ret holdlisten, så den "
                               "bruger karakterbogens id.")
        try:
            for student in students:
                row, fields = existing.get(student.id), _fields(student)
                if row is None:
                    session.add(api.Student(id=student.id, **fields))
                    changes[student.id] = NEW
                elif any(getattr(row, k) != v for k, v in fields.items() if v is not None):
                    for key, value in fields.items():
                        if value is not None:
                            setattr(row, key, value)
                    changes[student.id] = UPDATED
                else:
                    changes[student.id] = UNCHANGED
            session.commit()
        except TeacherError:
            raise
        except Exception as err:
            session.rollback()
            raise TeacherError(f"Karakterbogen kunne ikke opdateres ({err}). Intet er ændret; "
                               "ret fejlen, og kør kommandoen igen.") from None
    return changes


def _gradebook_roster(root: Path, db_url: str) -> list[Student]:
    """The roster of a course without holdliste.csv: the gradebook's participants."""
    with open_gradebook(db_url) as gradebook:
        known = roster_ids(root, gradebook)
        return [Student(s.id, s.first_name or "", s.last_name or "", s.email or "")
                for s in gradebook.students if s.id in known]


def _merged_roster(root: Path, db_url: str, students: list[Student]) -> list[Student]:
    """holdliste.csv with STUDENTS merged in by id; rows for others are kept as they are.
    Without holdliste.csv, it starts from the gradebook's participants (nbgrader alone).

    Read before the gradebook changes, so a broken holdliste.csv stops everything."""
    path = roster_path(root)
    try:
        current = read_roster(path, report=lambda _m: None) if path.is_file() else \
            _gradebook_roster(root, db_url)
    except TeacherError as err:
        raise TeacherError(f"{err}\nRet {path} (eller flyt den væk), og kør igen. Intet er "
                           "ændret.") from None
    merged = {s.id: s for s in current}
    for student in students:
        old = merged.get(student.id)
        merged[student.id] = Student(student.id,
                                     student.first_name or (old.first_name if old else ""),
                                     student.last_name or (old.last_name if old else ""),
                                     student.email or (old.email if old else ""))
    return sorted(merged.values(), key=lambda s: s.id)


def _write_roster_file(root: Path, students: list[Student]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for student in students:
        writer.writerow([student.id, student.first_name, student.last_name, student.email])
    atomic.write_text(roster_path(root), out.getvalue(), encoding="utf-8-sig")  # Danish Excel


def add_students(root: Path, students: list[Student]) -> dict[str, str]:
    """Put STUDENTS in the gradebook and holdliste.csv; returns id -> ny/opdateret/uændret."""
    cfg = course_config.load_course_config(root)
    roster = _merged_roster(root, cfg.CourseDirectory.db_url, students)
    changes = _save_gradebook(cfg.CourseDirectory.db_url, cfg.CourseDirectory.course_id,
                              students)
    _write_roster_file(root, roster)
    return changes


def describe(changes: dict[str, str]) -> str:
    """One Danish line per kind of change, e.g. 'Nye: bo, eva. Uændrede: anna.'"""
    labels = {NEW: "Nye", UPDATED: "Opdaterede (navn eller e-mail)", UNCHANGED: "Uændrede"}
    parts = []
    for kind, label in labels.items():
        ids = sorted(i for i, c in changes.items() if c == kind)
        if ids:
            parts.append(f"{label}: {', '.join(ids)}.")
    return " ".join(parts) or "Ingen deltagere i filen."
