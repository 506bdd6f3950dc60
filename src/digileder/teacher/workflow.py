"""Release and collect: thin Danish wrappers around nbgrader's own steps."""

from __future__ import annotations

from pathlib import Path

from digileder.teacher import config as course_config
from digileder.teacher.errors import TeacherError


def _check(result: dict, what: str) -> None:
    if not result.get("success"):
        raise TeacherError(f"{what} mislykkedes:\n{result.get('error') or ''}\n"
                           f"{result.get('log') or ''}".strip())


def generate(root: Path, assignment: str, force: bool = False) -> Path:
    """Lav deltagerudgaven i release/ og læg opgaven i karakterbogen."""
    cfg = course_config.load_course_config(root)
    if not (root / "source" / assignment).is_dir():
        raise TeacherError(f"Opgaven {assignment} findes ikke i {root / 'source'}.")
    _check(course_config.make_api(cfg).generate_assignment(assignment, force=force),
           f"At lave {assignment}")
    return root / "release" / assignment


def release(root: Path, assignment: str, force: bool = False, report=print) -> None:
    """Lav opgaven og læg den ud til deltagerne (i exchange-mappen)."""
    generate(root, assignment, force=force)
    cfg = course_config.load_course_config(root)
    _check(course_config.make_api(cfg).release_assignment(assignment),
           f"At udlevere {assignment}")
    report(f"{assignment} er udleveret. Deltagerne henter den under fanen Assignments.")


def collect(root: Path, assignment: str, report=print) -> None:
    """Hent deltagernes afleveringer fra exchange-mappen til submitted/ (sletter intet)."""
    cfg = course_config.load_course_config(root)
    _check(course_config.make_api(cfg).collect(assignment), f"At hente {assignment}")
    count = len(list((root / "submitted").glob(f"*/{assignment}")))
    report(f"{count} afleveringer af {assignment} ligger nu i {root / 'submitted'}.")
