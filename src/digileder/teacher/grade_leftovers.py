"""The temporary folders of `digileder grade`, and the clean-up of those a killed grader left.

A grader that ends normally (or on Ctrl-C or SIGTERM) removes its folder itself. One that is
killed cannot, so the next `grade` removes what is left (teacher/stale_folders.py).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from digileder.teacher import stale_folders
from digileder.teacher.forkserver import remove

PREFIX = "digileder-grade-"


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


def clean_stale(folder: Path | None = None) -> list[Path]:
    """Remove the folders killed graders of this user left in FOLDER (the temporary folder)."""
    return stale_folders.clean(Path(folder or tempfile.gettempdir()), PREFIX)
