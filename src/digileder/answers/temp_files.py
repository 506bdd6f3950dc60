"""The answers store's temporary files: their names, and the clean-up after a killed kernel."""

from __future__ import annotations

import re
import time
from pathlib import Path

TEMP_MARK = ".digileder.tmp"  # .NAME.XXXXXXXX.digileder.tmp while a save is being written
STALE_AFTER = 60.0  # seconds; a save takes milliseconds, so an older temporary file is left over
_OLD_TEMP = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")  # before TEMP_MARK (2026-11)


def _our_temp_file(path: Path) -> bool:
    """A temporary file this store wrote: named with TEMP_MARK, or with the older name
    .NAME.XXXXXXXX.tmp when NAME is an answer file beside it."""
    if path.name.startswith(".") and path.name.endswith(TEMP_MARK):
        return True
    match = _OLD_TEMP.match(path.name)
    return bool(match) and (path.parent / match["name"]).is_file()


def remove_stale(root: Path, max_age: float = STALE_AFTER) -> list[Path]:
    """Remove the store's own temporary files older than MAX_AGE seconds under ROOT (mine-svar;
    a killed kernel leaves them). Never another program's files; a read-only folder is left as
    it is."""
    removed = []
    limit = time.time() - max_age
    try:
        candidates = list(root.rglob(".*.tmp")) if root.is_dir() else []
    except OSError:
        return removed
    for path in candidates:
        try:
            if _our_temp_file(path) and not path.is_symlink() and path.is_file() \
                    and path.stat().st_mtime < limit:
                path.unlink()
                removed.append(path)
        except OSError:
            continue  # gone already, or we may not write here: nothing to clean up
    return removed
