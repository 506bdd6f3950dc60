"""Open nbgrader's gradebook with a Danish error instead of a SQLAlchemy traceback."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from digileder.teacher.errors import TeacherError


def redact_db_url(url: str) -> str:
    """A database URL without its password, for messages."""
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


@contextmanager
def open_gradebook(db_url: str, course_id: str | None = None) -> Iterator:
    """nbgrader's Gradebook for DB_URL; a database that cannot be opened is a TeacherError."""
    from nbgrader.api import Gradebook

    from digileder.teacher.config import ensure_nbgrader_tools

    ensure_nbgrader_tools()  # nbgrader runs `alembic` for a new SQLite gradebook
    try:
        gradebook = Gradebook(db_url, course_id) if course_id else Gradebook(db_url)
    except Exception as err:  # wrong URL, server down, no access, broken file
        reason = str(err).strip().splitlines()[0][:200] if str(err).strip() else type(err).__name__
        raise TeacherError(
            f"Karakterbogen {redact_db_url(db_url)} kan ikke åbnes ({reason}). Tjek "
            "c.CourseDirectory.db_url i holdets nbgrader_config.py, og at databasen kører."
        ) from None
    with gradebook:
        yield gradebook
