"""Folders a killed teacher command left behind, and their safe removal.

A command that ends normally (or on Ctrl-C or SIGTERM) removes its own temporary folder. One
that is killed (SIGKILL, the memory killer) cannot, so the next run of the command removes
what is left: only folders with the command's name pattern (which carries the pid of the
process that made it), owned by this user, whose process is no longer running. Anything else
is never touched.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from digileder.teacher import safe_tree


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def pattern(prefix: str) -> re.Pattern:
    """The names of the folders clean() looks at: PREFIX<pid>-<random part of mkdtemp>."""
    return re.compile(re.escape(prefix) + r"(\d+)-[A-Za-z0-9_]+")


def clean(folder: Path, prefix: str) -> list[Path]:
    """Remove the folders named PREFIX<pid>-<random> in FOLDER that this user's killed
    processes left; returns them. What cannot be removed now is tried again next time."""
    name = pattern(prefix)
    removed = []
    for entry in folder.glob(f"{glob_escape(prefix)}*"):
        found = name.fullmatch(entry.name)
        try:
            info = entry.lstat()
        except OSError:
            continue
        if not found or not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() \
                or running(int(found[1])):
            continue
        try:
            safe_tree.remove_tree(entry)  # any depth, never follows a symlink
        except OSError:
            continue  # e.g. gone meanwhile: try again at the next run
        removed.append(entry)
    return removed


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)
