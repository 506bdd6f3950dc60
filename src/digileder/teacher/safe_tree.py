"""Copy and remove folders a participant could have shaped (issue 14).

A participant writes their own hand-in folder in the exchange and, while graded, the
sandbox's socket and work folders. Such a tree may hold symlinks to the teacher's files,
fifos that block a reader, hard links to other users' files, or folders thousands of levels
deep (Python's recursive walks then die with RecursionError). Both functions here walk
without recursion and work relative to open folder descriptors, so they never follow a
symlink, never build a long path, and keep only a few descriptors open.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC  # a fifo must not block
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How much of a participant's tree is copied at most."""

    depth: int = 12  # folders below the top; a course hand-in has one or two
    entries: int = 2000  # files and folders together
    bytes: int = 100 * 1000 * 1000  # nbgrader's own default max_dir_size (100,000 kB)


class UnsafeTree(Exception):
    """A tree that is not copied; REASON says why in Danish and names the entry."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _quoted(rel: str) -> str:
    return f"«{rel}»"


def entry_problem(info: os.stat_result, rel: str, owner: int) -> str | None:
    """Why an entry (its lstat or fstat) may not be copied, in Danish; None if it may."""
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        return (f"{_quoted(rel)} er en genvej (et symbolsk link) til en anden fil eller "
                "mappe")
    if stat.S_ISDIR(mode):
        return None
    if not stat.S_ISREG(mode):
        return f"{_quoted(rel)} er ikke en almindelig fil (men en fifo, en socket eller en enhed)"
    if info.st_nlink > 1 and info.st_uid != owner:
        return f"{_quoted(rel)} er en hård henvisning til en fil, som en anden bruger ejer"
    return None


def _open_checked(name: str, parent: int, rel: str, owner: int, flags: int) -> int:
    """Open NAME below PARENT without following a symlink; refuse what entry_problem names."""
    try:
        fd = os.open(name, flags, dir_fd=parent)
    except OSError as err:
        try:
            info = os.stat(name, dir_fd=parent, follow_symlinks=False)
        except OSError:
            info = None
        problem = entry_problem(info, rel, owner) if info else None
        if not problem and err.errno == errno.ENOTDIR:
            problem = f"{_quoted(rel)} er en fil, ikke en mappe"
        why = "ingen adgang" if err.errno == errno.EACCES else "fejl"
        raise UnsafeTree(problem or f"{_quoted(rel)} kan ikke læses ({why})") from None
    problem = entry_problem(os.fstat(fd), rel, owner)
    if problem:
        os.close(fd)
        raise UnsafeTree(problem)
    return fd


def _copy_file(fd: int, dest: Path, budget: int, too_big: str) -> int:
    """Copy the open file FD to DEST; return its size. Refuse (TOO_BIG) over BUDGET bytes."""
    size = 0
    out = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    try:
        while chunk := os.read(fd, _CHUNK):
            size += len(chunk)
            if size > budget:
                raise UnsafeTree(too_big)
            os.write(out, chunk)
    finally:
        os.close(out)
    return size


def _keep_times_and_modes(info: os.stat_result, dest: Path, owner_bits: int) -> None:
    os.chmod(dest, (info.st_mode & 0o755) | owner_bits)  # never set-uid or world-writable
    os.utime(dest, ns=(info.st_atime_ns, info.st_mtime_ns))


def copy_tree(src: Path, dest: Path, limits: Limits = Limits()) -> None:
    """Copy the folder SRC (its owner's, e.g. a participant's hand-in) to the new folder DEST.

    Only plain files and folders are copied, within LIMITS. Anything else raises
    UnsafeTree with a Danish reason; DEST may then hold part of the copy (the caller
    removes it)."""
    parent = os.open(src.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        top = _open_checked(src.name, parent, src.name, -1, _DIR)
    finally:
        os.close(parent)
    top_info = os.fstat(top)
    if not stat.S_ISDIR(top_info.st_mode):
        os.close(top)
        raise UnsafeTree(f"{_quoted(src.name)} er ikke en mappe")
    owner, entries, used = top_info.st_uid, 0, 0
    os.mkdir(dest, 0o700)
    # Each level: its descriptor, the open listing, where it goes, its path for messages.
    stack = [(top, os.scandir(top), dest, "", top_info)]
    try:
        while stack:
            fd, listing, target, rel, info = stack[-1]
            entry = next(listing, None)
            if entry is None:
                listing.close()
                os.close(fd)
                stack.pop()
                _keep_times_and_modes(info, target, 0o700)
                continue
            entries += 1
            path = f"{rel}{entry.name}"
            if entries > limits.entries:
                raise UnsafeTree(f"den har mere end {limits.entries} filer og mapper")
            lstat = entry.stat(follow_symlinks=False)
            if stat.S_ISDIR(lstat.st_mode):
                if len(stack) > limits.depth:
                    raise UnsafeTree(f"mappen {_quoted(path)} ligger mere end {limits.depth} "
                                     "mapper nede")
                child = _open_checked(entry.name, fd, path, owner, _DIR)
                os.mkdir(target / entry.name, 0o700)
                stack.append((child, os.scandir(child), target / entry.name, f"{path}/",
                              os.fstat(child)))
                continue
            problem = entry_problem(lstat, path, owner)
            if problem:  # said before opening: opening a device may do something
                raise UnsafeTree(problem)
            file = _open_checked(entry.name, fd, path, owner, _FILE)
            try:
                used += _copy_file(file, target / entry.name, limits.bytes - used,
                                   f"den fylder mere end {limits.bytes // 1000000} MB "
                                   f"(stoppet ved {_quoted(path)})")
                _keep_times_and_modes(os.fstat(file), target / entry.name, 0o600)
            finally:
                os.close(file)
    finally:
        for fd, listing, *_ in stack:
            listing.close()
            os.close(fd)


def _open_dir(name: str, parent: int) -> int:
    """Open the folder NAME below PARENT to empty it, also one its maker locked."""
    try:
        fd = os.open(name, _DIR, dir_fd=parent)
    except PermissionError:  # cannot be listed: lstat said it is a folder, nothing runs now
        os.chmod(name, 0o700, dir_fd=parent)
        fd = os.open(name, _DIR, dir_fd=parent)
    os.fchmod(fd, 0o700)  # its entries can only be removed with write access
    return fd


def _subfolders_after_removing_the_rest(fd: int) -> list[str]:
    with os.scandir(fd) as listing:
        entries = [(e.name, e.is_dir(follow_symlinks=False)) for e in listing]
    for name, is_dir in entries:
        if not is_dir:
            os.unlink(name, dir_fd=fd)
    return [name for name, is_dir in entries if is_dir]


def _empty(top: int) -> None:
    """Remove everything below the open folder TOP, depth first, going back up by '..'
    (checked against the folder we came from), so only two descriptors are open at once."""
    cur, below = top, []  # below: (name, parent's device and inode, its other subfolders)
    todo = _subfolders_after_removing_the_rest(top)
    while True:
        if todo:
            name = todo.pop()
            here = os.fstat(cur)
            child = _open_dir(name, cur)
            below.append((name, (here.st_dev, here.st_ino), todo))
            if cur != top:
                os.close(cur)
            cur, todo = child, _subfolders_after_removing_the_rest(child)
            continue
        if not below:
            return
        name, where, todo = below.pop()
        parent = os.open("..", _DIR, dir_fd=cur)
        os.close(cur)
        cur = parent
        found = os.fstat(parent)
        if (found.st_dev, found.st_ino) != where:
            if cur != top:
                os.close(cur)
            raise OSError(f"a folder was moved while being removed: {name}")
        os.rmdir(name, dir_fd=parent)
        if not below:  # back at the top: use its own descriptor again
            os.close(parent)
            cur = top


def remove_tree(path: Path) -> None:
    """Remove PATH (a file, symlink or folder tree of any depth); never follows a symlink.

    Also removes folders whose maker took away the rights to list or enter them. Raises
    OSError if something cannot be removed; never RecursionError."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(info.st_mode):
        os.unlink(path)
        return
    parent = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        top = _open_dir(path.name, parent)
        try:
            _empty(top)
        finally:
            os.close(top)
        os.rmdir(path.name, dir_fd=parent)
    finally:
        os.close(parent)
