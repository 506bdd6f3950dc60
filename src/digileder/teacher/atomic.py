"""Writes that never leave a half-written file or folder behind.

Every teacher command writes through these: a unique temporary name beside the target,
then os.replace/os.rename, so a crash or a full disk leaves either the old version or
the new one. Folders are only ever created whole; an existing folder is never replaced.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_bytes(path: Path, data: bytes, mode: int | None = None) -> Path:
    """Write DATA to PATH atomically. The file gets mode 600 (it may hold names or grades)
    unless MODE is given, e.g. to keep the mode of a file the teacher made."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if mode is not None:
                os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_text(path: Path, text: str, encoding: str = "utf-8", mode: int | None = None) -> Path:
    return write_bytes(path, text.encode(encoding), mode)


def build_folder(dest: Path, fill: Callable[[Path], None]) -> Path:
    """Create the folder DEST whole: FILL writes into a temporary sibling, which is then
    renamed. Refuses (FileExistsError) if DEST exists, so nothing is ever replaced."""
    if dest.exists():
        raise FileExistsError(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent))
    try:
        fill(tmp)
        os.rename(tmp, dest)  # fails rather than replace a folder created meanwhile
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return dest
