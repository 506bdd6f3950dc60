"""The temporary folders of `digileder grade`, and the clean-up of those a killed grader left.

A grader that ends normally (or on Ctrl-C or SIGTERM) removes its folder itself. One that is
killed (SIGKILL, the machine's memory killer) cannot, so the next `grade` removes what is
left: only folders with our name pattern, owned by this user, whose grader (its pid is in
the name) is no longer running. Anything else in the temporary folder is never touched.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from digileder.teacher.forkserver import remove

PREFIX = "digileder-grade-"
_NAME = re.compile(re.escape(PREFIX) + r"(\d+)-[A-Za-z0-9_]+")


def work_prefix() -> str:
    """The prefix of this grader's temporary folder: it carries the grader's pid."""
    return f"{PREFIX}{os.getpid()}-"


def discard(path: Path) -> None:
    """Remove PATH (what a submission may have shaped: any depth, no symlink followed); what
    cannot be removed now is left for clean_stale at a later run, never an error."""
    try:
        remove(path)
    except OSError:
        pass


@contextmanager
def work_folder() -> Iterator[Path]:
    """This grader's temporary folder, removed at the end like discard does."""
    folder = Path(tempfile.mkdtemp(prefix=work_prefix()))
    try:
        yield folder
    finally:
        discard(folder)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def clean_stale(folder: Path | None = None) -> list[Path]:
    """Remove the folders killed graders of this user left in FOLDER (the temporary folder)."""
    removed = []
    for entry in Path(folder or tempfile.gettempdir()).glob(f"{PREFIX}*"):
        found = _NAME.fullmatch(entry.name)
        try:
            info = entry.lstat()
        except OSError:
            continue
        if not found or not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() \
                or _running(int(found[1])):
            continue
        try:
            remove(entry)
        except OSError:
            continue  # e.g. gone meanwhile: try again at the next run
        removed.append(entry)
    return removed
