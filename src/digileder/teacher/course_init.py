"""`digileder course init`: create a teacher's course root outside the repository.

The course root holds nbgrader_config.py, source/ (copied from solutions/, with the
course's datasets/ added to each assignment so a release or submission finds its data
anywhere), the gradebook and, later, submissions and feedback. None of it may live in
the repository: names and grades are personal data.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from digileder.teacher import config as course_config
from digileder.teacher.errors import TeacherError
from digileder.teacher.locations import assignment_ids, is_inside, repo_root, solutions_dir
from digileder.teacher.roster import VALID_ID, read_roster

DATASETS = "datasets"


def copy_sources(root: Path, force: bool = False) -> list[str]:
    """Copy solutions/ to ROOT/source and put the course data beside each assignment."""
    datasets = repo_root() / DATASETS
    copied = []
    for assignment in assignment_ids(solutions_dir()):
        dest = root / "source" / assignment
        if dest.exists():
            if not force:
                continue
            shutil.rmtree(dest)
        shutil.copytree(solutions_dir() / assignment, dest,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        # digileder.paths.course_root() searches upwards for datasets/datapackage.json.
        shutil.copytree(datasets, dest / DATASETS,
                        ignore=shutil.ignore_patterns("__pycache__", "*.md"))
        copied.append(assignment)
    return copied


def init_course(root: Path, roster: Path | None = None, course_id: str = "digileder",
                db_url: str | None = None, exchange: Path | None = None,
                timeout: int = course_config.DEFAULT_TIMEOUT, report=print) -> Path:
    """Opret holdets mappe ROOT (uden for repository) med opsætning, opgaver og holdliste."""
    root = root.expanduser().resolve()
    if is_inside(root, repo_root()):
        raise TeacherError(
            f"{root} ligger inde i kursets repository. Holdets mappe indeholder navne og "
            "karakterer og må ikke komme med i git. Vælg en mappe udenfor, fx ~/digileder-hold."
        )
    if not VALID_ID.match(course_id):
        raise TeacherError(f"Kursus-id '{course_id}' må kun have bogstaver, tal, - og _.")
    students = read_roster(roster) if roster else []
    if (root / "nbgrader_config.py").exists():
        raise TeacherError(f"{root} er allerede oprettet (nbgrader_config.py findes).")
    root.mkdir(parents=True, exist_ok=True)
    exchange = (exchange or root / "exchange").expanduser().resolve()
    exchange.mkdir(parents=True, exist_ok=True)
    # Participants' servers write here (nbgrader needs it); the sticky bit keeps anyone from
    # deleting another's files. Left alone when an operator already opened it.
    if exchange.stat().st_mode & 0o777 != 0o777:
        try:
            exchange.chmod(0o1777)
        except PermissionError:
            report(f"Bemærk: giv alle skriveadgang til {exchange} (chmod 1777), ellers kan "
                   "deltagerne ikke aflevere.")
    (root / "nbgrader_config.py").write_text(
        course_config.config_text(course_id, exchange, db_url, timeout), encoding="utf-8")
    (root / ".gitignore").write_text("*\n", encoding="utf-8")
    copied = copy_sources(root)
    report(f"Holdets mappe: {root}")
    report(f"Opgaver i source/: {', '.join(copied)}")
    cfg = course_config.load_course_config(root)
    if students:
        from nbgrader.api import Gradebook

        with Gradebook(cfg.CourseDirectory.db_url, course_id) as gradebook:
            for student in students:
                gradebook.update_or_create_student(
                    student.id, first_name=student.first_name, last_name=student.last_name,
                    email=student.email)
        report(f"Holdliste: {len(students)} deltagere lagt i karakterbogen")
    report("Næste skridt: digileder release OPGAVE (se docs/underviservejledning.md)")
    return root


def redact_db_url(url: str) -> str:
    """A database URL without its password, for messages."""
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)
