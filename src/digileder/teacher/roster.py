"""Read the class list (roster) from CSV: id,first_name,last_name,email.

Accepts what Danish Excel saves: comma or semicolon, UTF-8 with or without BOM, or
Windows-1252/Latin-1 ("CSV (semikolonsepareret)"). Ids are JupyterHub user names, which the
hub keeps in lower case, so an id is stored in lower case and the teacher is told.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from digileder.teacher.errors import TeacherError

COLUMNS = ["id", "first_name", "last_name", "email"]
# Starts with a letter or digit, so an id can never be read as an option (-rf) or a formula.
VALID_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
ID_RULE = ("brug kun a-z, tal, - og _, start med et bogstav eller tal, højst 64 tegn "
           "(ingen mellemrum, æ, ø eller å)")


@dataclass(frozen=True)
class Student:
    """Én deltager på holdlisten."""

    id: str
    first_name: str
    last_name: str
    email: str


def check_id(raw: str) -> str:
    """The id in lower case, or a Danish error that says what a valid id looks like."""
    sid = raw.strip().lower()
    if not VALID_ID.match(sid):
        raise TeacherError(f"id '{raw}' er ikke gyldigt – {ID_RULE}.")
    return sid


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def check_text(value: str, what: str) -> str:
    """A name or e-mail; refused if a spreadsheet would read it as a formula."""
    value = value.strip()
    if value.startswith(FORMULA_START):
        raise TeacherError(f"{what} '{value}' starter med '{value[0]}', og Excel ville læse "
                           "feltet som en formel. Fjern tegnet forrest.")
    return value


def make_student(raw_id: str, first: str = "", last: str = "", email: str = "") -> Student:
    """A checked Student (id in lower case), or one Danish error naming every bad field."""
    checks = [(check_id, (raw_id,)), (check_text, (first, "fornavnet")),
              (check_text, (last, "efternavnet")), (check_text, (email, "e-mailen"))]
    values, problems = [], []
    for check, args in checks:
        try:
            values.append(check(*args))
        except TeacherError as err:
            problems.append(str(err))
    if problems:
        raise TeacherError("; ".join(problems))
    return Student(*values)


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        raise TeacherError(f"{path.name} er en Excel-fil, ikke CSV. Vælg Filer > Gem som > "
                           "'CSV UTF-8' i Excel, og brug den nye fil.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # Excel's "CSV" on Danish Windows


def read_rows(text: str) -> list[list[str]]:
    """CSV rows; the separator (; or ,) is the one the header line uses."""
    lines = text.splitlines()
    header = lines[0] if lines else ""
    delimiter = ";" if header.count(";") > header.count(",") else ","
    return list(csv.reader(lines, delimiter=delimiter))


def read_roster(path: Path, report=print) -> list[Student]:
    """Læs holdlisten; fejl siger hvilken række og hvad der er galt (alle fejl på én gang)."""
    if path.is_dir():
        found = sorted(p.name for p in path.glob("*.csv"))[:5]
        raise TeacherError(
            f"{path} er en mappe, ikke en fil. Angiv selve holdlisten: en CSV-fil med "
            f"kolonnerne {','.join(COLUMNS)}, fx {path / 'holdliste.csv'}."
            + (f" CSV-filer i mappen: {', '.join(found)}." if found else ""))
    if not path.is_file():
        raise TeacherError(f"Holdlisten {path} findes ikke. Tjek stavningen, og angiv en "
                           f"CSV-fil med kolonnerne {','.join(COLUMNS)}.")
    rows = read_rows(_decode(path))
    if not rows or [c.strip().lower() for c in rows[0]] != COLUMNS:
        raise TeacherError(
            f"{path.name}: første linje skal være {','.join(COLUMNS)} "
            f"(fandt: {','.join(rows[0]) if rows else 'en tom fil'})."
        )
    problems: list[str] = []
    students: list[Student] = []
    lowered: list[str] = []
    seen: dict[str, int] = {}
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            problems.append(f"række {line_no}: har {len(row)} felter, skal have {len(COLUMNS)}")
            continue
        raw = row[0].strip()
        try:
            student = make_student(*row)
        except TeacherError as err:
            problems.append(f"række {line_no}: {err}")
            continue
        sid = student.id
        if sid in seen:
            problems.append(f"række {line_no}: id '{sid}' står allerede i række {seen[sid]}")
            continue
        if sid != raw:
            lowered.append(f"{raw} → {sid}")
        seen[sid] = line_no
        students.append(student)
    if problems:
        raise TeacherError(f"Fejl i holdlisten {path.name}:\n- " + "\n- ".join(problems))
    if lowered:
        report(lowercase_note(lowered))
    return students


def lowercase_note(changed: list[str]) -> str:
    """The Danish note for ids stored in lower case ('Anne → anne')."""
    return ("Bemærk: JupyterHub bruger små bogstaver i brugernavne, så disse id'er er gemt "
            f"med små bogstaver: {', '.join(changed)}")
