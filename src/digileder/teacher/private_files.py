"""Keep the teacher's course files private: names, answers, grades and solutions.

nbgrader creates gradebook.db as 0644 and collect copies submissions with the exchange's
open modes (0777), so on a shared machine every local user could read them. The course's
own folders are therefore created 0700 (files inside are then out of reach whatever their
mode) and its files 0600. nbgrader's groupshared setting (co-teachers in one unix group)
gets 2770/0660 instead. Entries that already exist only lose their "other" bits: a group
the teacher gave access keeps it. The exchange is never touched: participants must reach
it, and nbgrader sets its modes itself.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

FOLDERS = ("source", "release", "submitted", "autograded", "feedback", "export",
           "tidligere-afleveringer", "logs")
FILES = ("gradebook.db", "holdliste.csv", "nbgrader_config.py")


def _modes(groupshared: bool) -> tuple[int, int]:
    return (0o2770, 0o660) if groupshared else (0o700, 0o600)


def root_mode(root: Path, exchange: Path, groupshared: bool = False) -> int:
    """The mode for a course root that init creates: others may only pass through it
    (0711) when the exchange lies inside it, so participants on this machine reach it."""
    folder_mode, _ = _modes(groupshared)
    inside = exchange.resolve().is_relative_to(root.resolve())
    return folder_mode | 0o011 if inside else folder_mode


def secure_course(root: Path, groupshared: bool = False) -> None:
    """Create the course's folders private and take 'other' access from its own entries."""
    folder_mode, file_mode = _modes(groupshared)
    for name in FOLDERS:
        path = root / name
        if path.is_symlink():
            continue  # the teacher put it elsewhere on purpose; not ours to change
        if not path.exists():
            try:
                path.mkdir()
                os.chmod(path, folder_mode)  # explicit: mkdir's mode is cut by the umask
            except PermissionError:
                continue  # a course root this user may only read (e.g. a co-teacher's)
        elif path.is_dir():
            _drop_other(path)
    for name in FILES:
        path = root / name
        if path.is_file() and not path.is_symlink():
            _drop_other(path)


def make_tree_private(top: Path, groupshared: bool = False) -> None:
    """Give TOP and everything in it the course's private modes (a copy the course made of
    a submission keeps the exchange's open 0777 otherwise). Symlinks are not followed."""
    folder_mode, file_mode = _modes(groupshared)
    for path in [top, *top.rglob("*")]:
        if path.is_symlink():
            continue
        os.chmod(path, folder_mode if path.is_dir() else file_mode)


def create_private_file(path: Path, groupshared: bool = False) -> None:
    """Create PATH empty with 0600 (or 0660), so it is never readable by others, not even
    for a moment (SQLite takes an empty file as a new database). An existing file is kept."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _modes(groupshared)[1])
    except FileExistsError:
        return
    os.fchmod(fd, _modes(groupshared)[1])
    os.close(fd)


def _drop_other(path: Path) -> None:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o007:
        try:
            os.chmod(path, mode & ~0o007)
        except PermissionError:
            pass  # another user's file (a co-teacher's): theirs to change
