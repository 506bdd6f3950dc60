"""Two views of one answer (a copied cell, two tabs, two kernels) must never overwrite each
other's text. Each view keeps a `Seen`: the version of every answer file it last read or
wrote. The store compares it with the file on disk before it saves; if another view changed
the file since, the store keeps that version and saves this view's text as a copy beside it
(NAME.kopi-YYYYMMDD-HHMMSS.json), and this view goes on saving there.

The check and the write happen under a lock on the folder (flock on the directory itself, so
no lock files appear in mine-svar), so two kernels cannot both pass the check at once.
"""

from __future__ import annotations

import hashlib
import os
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

try:  # not on Windows: there a save is only checked, not locked
    import fcntl
except ImportError:  # pragma: no cover - the course runs on Linux and macOS
    fcntl = None

ABSENT = None  # the version of a file that did not exist (or was set aside) when last seen
_LIVE: weakref.WeakSet[Seen] = weakref.WeakSet()  # every view's memory in this kernel


def version(raw: bytes) -> str:
    """A file's version: its content's hash (a time stamp can be equal for two saves)."""
    return hashlib.sha256(raw).hexdigest()


@dataclass
class Seen:
    """What one view last read or wrote of each answer file, by path relative to mine-svar.

    A file the view never read is not checked (a finished reflection derived from a draft
    this view saved). After a conflict the view's text goes to its own copy from then on."""

    versions: dict[str, str | None] = field(default_factory=dict)
    copies: dict[str, Path] = field(default_factory=dict)
    # The view's waiting draft, with `flush_pending()` (ui.autosave.Debounced sets it).
    draft: object | None = field(default=None, repr=False, compare=False)

    __hash__ = object.__hash__  # one view's memory, held in a weak set

    def flush_draft(self) -> None:
        """Save the view's draft now if one is waiting for the typing to pause."""
        if self.draft is not None:
            self.draft.flush_pending()

    @staticmethod
    def key(relative: str | Path) -> str:
        return Path(relative).as_posix()

    def remember(self, relative: str | Path, raw: bytes | None) -> None:
        self.versions[self.key(relative)] = ABSENT if raw is None else version(raw)
        _LIVE.add(self)

    def changed_since(self, relative: str | Path, raw: bytes | None, new: bytes) -> bool:
        """Has another view written RELATIVE since this one last read or wrote it? Not if the
        file is gone (nothing to keep), not if it holds what this view would write anyway."""
        key = self.key(relative)
        if key not in self.versions or raw is None:
            return False
        return version(raw) not in (self.versions[key], version(new))

    def copy_of(self, relative: str | Path) -> Path | None:
        return self.copies.get(self.key(relative))


def flush_other_drafts(relative: str | Path, reader: Seen) -> None:
    """Before READER reads RELATIVE, save the waiting drafts of the other views of it in this
    kernel. Run All right after typing builds a new box while the old box's draft still
    waits for a pause: read first, and the new box shows old text and the late draft looks
    like another window's change."""
    key = Seen.key(relative)
    for other in list(_LIVE):
        if other is not reader and key in other.versions:
            other.flush_draft()


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on FOLDER while checking and writing. Where a lock cannot be
    taken (no fcntl, a file system without flock) the save goes on unlocked."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError:
                pass
        yield
    finally:
        os.close(fd)  # closing releases the lock
