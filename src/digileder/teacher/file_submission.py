"""`digileder add-submission`: a notebook handed in outside the hub (e-mail, LMS, USB stick).

A participant on their own laptop (`digileder start`) has no nbgrader exchange. The teacher
puts the file they received into the exchange's inbound exactly as `nbgrader submit` lays
it out (participant+assignment+UTC time+random, with timestamp.txt and a secret), so
`digileder collect` then treats it like any other submission: new, resubmitted or late,
and an earlier version is kept. Only the new folder is written; nothing is replaced.
"""

from __future__ import annotations

import errno
import json
import os
import secrets
import shutil
import stat
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from digileder.teacher import config as course_config
from digileder.teacher.danish_time import format_danish
from digileder.teacher.errors import TeacherError
from digileder.teacher.gradebook import open_gradebook
from digileder.teacher.roster import check_id, lowercase_note
from digileder.teacher.workflow import require_assignment

MAX_BYTES = 50 * 1024 * 1024  # far above any course notebook; stops a wrong file early


def _released_names(root: Path, assignment: str) -> list[str]:
    names = sorted(p.name for p in (root / "release" / assignment).glob("*.ipynb"))
    if not names:
        raise TeacherError(f"{assignment} er ikke udleveret endnu. Udlever den først med: "
                           f"digileder release {assignment}")
    return names


def _target_name(file: Path, released: list[str]) -> str:
    if file.name in released or len(released) == 1:
        return file.name if file.name in released else released[0]
    raise TeacherError(f"{file.name} er ikke en af opgavens notesbøger ({', '.join(released)}). "
                       "Omdøb filen til den rigtige, og prøv igen.")


def _read_plain_file(file: Path) -> bytes:
    """FILE's bytes, if it is a plain file: not a symlink (it may lie in a folder someone
    else can write, pointing at another participant's notebook), fifo or device."""
    not_plain = TeacherError(f"{file} er ikke en almindelig fil, men fx en genvej (et symbolsk "
                             "link) eller en fifo. Giv stien til selve notesbogen, som "
                             "deltageren sendte dig.")
    try:
        fd = os.open(file, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise TeacherError(f"Filen {file} findes ikke.") from None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise not_plain from None
        raise TeacherError(f"Filen {file} kan ikke læses. Tjek, at du har adgang til den.") \
            from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise not_plain
        if info.st_size > MAX_BYTES:
            raise TeacherError(f"{file.name} er over 50 MB og er ikke en notesbog fra kurset.")
        return handle.read(MAX_BYTES + 1)


def _check_notebook(file: Path) -> bytes:
    data = _read_plain_file(file)
    try:
        notebook = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        notebook = None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise TeacherError(f"{file.name} er ikke en notesbog (.ipynb). Bed deltageren om at "
                           "gemme opgaven med File > Download i JupyterLab og sende filen igen.")
    return data


def _on_roster(cfg, student: str) -> None:
    with open_gradebook(cfg.CourseDirectory.db_url) as gradebook:
        ids = {s.id for s in gradebook.students}
    if student not in ids:
        raise TeacherError(f"'{student}' står ikke på holdlisten. Tilføj deltageren først med: "
                           f"digileder roster add {student}")


def add_submission(root: Path, assignment: str, raw_student: str, file: Path,
                   when: datetime | None = None, report=print) -> Path:
    """Læg en aflevering, du har fået som fil, i exchange-mappen; hent den så med collect.

    WHEN (naive UTC) is when the participant handed it in; default: now."""
    require_assignment(root, assignment)
    cfg = course_config.load_course_config(root)
    student = check_id(raw_student)
    if student != raw_student.strip():
        report(lowercase_note([f"{raw_student.strip()} → {student}"]))
    _on_roster(cfg, student)
    data = _check_notebook(file)  # checked before anything is said about its name
    name = _target_name(file, _released_names(root, assignment))
    when = when or datetime.now(UTC).replace(tzinfo=None)
    stamp = when.strftime("%Y-%m-%d %H:%M:%S.%f") + " UTC"
    inbound = Path(cfg.Exchange.root) / cfg.CourseDirectory.course_id / "inbound"
    if not inbound.is_dir():
        raise TeacherError(f"Exchange-mappen {inbound} findes ikke. Udlever opgaven først med: "
                           f"digileder release {assignment}")
    dest = inbound / f"{student}+{assignment}+{stamp}+{secrets.token_urlsafe(9)}"
    # Built under a dot name nbgrader's collect does not see, then renamed whole.
    tmp = Path(tempfile.mkdtemp(prefix=".tilfoejes-", dir=inbound))
    try:
        (tmp / name).write_bytes(data)
        (tmp / "timestamp.txt").write_text(stamp, encoding="utf-8")
        (tmp / "submission_secret.txt").write_text(secrets.token_hex(64), encoding="utf-8")
        os.rename(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if name != file.name:
        report(f"Filen hedder {file.name}; den er gemt som {name}, så nbgrader finder den ved "
               "bedømmelsen.")
    report(f"{student}s aflevering af {assignment} er lagt i exchange-mappen med tidspunktet "
           f"{format_danish(when)} (dansk tid). Hent den med: digileder collect {assignment}")
    return dest
