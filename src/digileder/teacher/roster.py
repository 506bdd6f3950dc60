"""Read the class list (roster) from CSV: id,first_name,last_name,email."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from digileder.teacher.errors import TeacherError

COLUMNS = ["id", "first_name", "last_name", "email"]
VALID_ID = re.compile(r"^[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class Student:
    """Én deltager på holdlisten."""

    id: str
    first_name: str
    last_name: str
    email: str


def read_roster(path: Path) -> list[Student]:
    """Læs holdlisten; fejl siger hvilken række og hvad der er galt (alle fejl på én gang)."""
    if not path.is_file():
        raise TeacherError(f"Holdlisten {path} findes ikke.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise TeacherError(f"{path.name} er ikke gemt som UTF-8. Gem den som 'CSV UTF-8'.") \
            from None
    rows = list(csv.reader(text.splitlines()))
    if not rows or [c.strip().lower() for c in rows[0]] != COLUMNS:
        raise TeacherError(
            f"{path.name}: første linje skal være {','.join(COLUMNS)} "
            f"(fandt: {','.join(rows[0]) if rows else 'en tom fil'})."
        )
    problems: list[str] = []
    students: list[Student] = []
    seen: dict[str, int] = {}
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            problems.append(f"række {line_no}: har {len(row)} felter, skal have {len(COLUMNS)}")
            continue
        sid, first, last, email = (cell.strip() for cell in row)
        if not VALID_ID.match(sid):
            problems.append(
                f"række {line_no}: id '{sid}' er ikke gyldigt – brug kun bogstaverne a-z, "
                "tal, - og _ (ingen mellemrum, æ, ø eller å)"
            )
            continue
        if sid in seen:
            problems.append(f"række {line_no}: id '{sid}' står allerede i række {seen[sid]}")
            continue
        seen[sid] = line_no
        students.append(Student(sid, first, last, email))
    if problems:
        raise TeacherError(f"Fejl i holdlisten {path.name}:\n- " + "\n- ".join(problems))
    return students
