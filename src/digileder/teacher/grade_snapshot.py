"""Step 1 of `digileder grade`: a template gradebook each worker copies (grading.py).

For SQLite the course gradebook is copied once with SQLite's backup API. For another
database (e.g. PostgreSQL) the template is built by nbgrader's generate_assignment from
source/ instead, and the due date is copied.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from digileder.teacher import config as course_config
from digileder.teacher.errors import TeacherError


def _sqlite_path(db_url: str) -> Path | None:
    prefix = "sqlite:///"
    return Path(db_url[len(prefix):]) if db_url.startswith(prefix) else None


def make_template(cfg, root: Path, assignment: str, work: Path) -> Path:
    template = work / "template.db"
    db_path = _sqlite_path(cfg.CourseDirectory.db_url)
    if db_path is not None:
        if not db_path.is_file():
            raise TeacherError(f"Karakterbogen {db_path} findes ikke. Kør først: "
                               f"digileder release {assignment}")
        with sqlite3.connect(db_path) as source, sqlite3.connect(template) as copy:
            source.backup(copy)
        return template
    from nbgrader.api import Gradebook

    scratch = work / "template-course"
    shutil.copytree(root / "source" / assignment, scratch / "source" / assignment)
    tcfg = course_config.load_course_config(root)
    tcfg.CourseDirectory.root = str(scratch)
    tcfg.CourseDirectory.db_url = f"sqlite:///{template}"
    result = course_config.make_api(tcfg).generate_assignment(assignment, force=True)
    if not result["success"]:
        raise TeacherError(f"Kunne ikke forberede bedømmelsen:\n{result['log']}")
    with Gradebook(cfg.CourseDirectory.db_url) as main, Gradebook(f"sqlite:///{template}") as tb:
        tb.update_or_create_assignment(assignment, duedate=main.find_assignment(assignment).duedate)
    return template


def check_assignment_known(cfg, assignment: str) -> None:
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(cfg.CourseDirectory.db_url) as gradebook:
        try:
            gradebook.find_assignment(assignment)
        except MissingEntry:
            raise TeacherError(
                f"Opgaven '{assignment}' er ikke i karakterbogen endnu. Kør først: "
                f"digileder release {assignment}"
            ) from None
