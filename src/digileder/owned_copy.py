"""Copy the course into a folder without ever touching what the course did not put there.

Used by `digileder bundle` (the teacher's participant edition, often a git repository that
nbgitpuller pulls from) and `digileder start` (a learner's own course folder). The folder gets
a manifest naming every file the course wrote and its SHA-256, so an update knows which files
are the course's: files the course wrote and nobody changed are updated or removed; `.git`,
`mine-svar/` and every other file stay as they are. With `keep_edited`, a course file that
the owner has changed is kept too (the learner's edits win over a new course version).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from digileder.answers.registry import is_participant_path

MANIFEST = ".digileder-filer.json"
# Never copied from the source and never touched in the target; nor is a participant's own
# work (mine-svar/ and every registered answer file: digileder.answers.is_participant_path).
NEVER = {".git", "__pycache__", ".ipynb_checkpoints", ".DS_Store", MANIFEST}
# Course material is public: readable by all whatever the umask (mkstemp makes 0600, and a
# zip or a shared folder passes modes on). Only what the course writes gets these modes.
FILE_MODE, SCRIPT_MODE, FOLDER_MODE = 0o644, 0o755, 0o755


class OwnedCopyError(Exception):
    """A folder the course may not write into (message in Danish)."""


@dataclass
class CopyReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # changed by the owner or not the course's

    def lines(self) -> list[str]:
        """What changed, in Danish, one line per group (empty when nothing changed)."""
        groups = [("Nye filer", self.added), ("Opdaterede filer", self.updated),
                  ("Fjernede filer (ikke længere en del af kurset)", self.removed),
                  ("Ikke rørt, fordi de er ændret eller ikke er kursets", self.kept)]
        out = []
        for title, names in groups:
            if names:
                shown = ", ".join(names[:8]) + (f" og {len(names) - 8} flere"
                                                if len(names) > 8 else "")
                out.append(f"{title} ({len(names)}): {shown}")
        return out


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def source_files(source: Path) -> dict[str, Path]:
    """Every file under SOURCE by its POSIX relative path, skipping NEVER and symlinks."""
    found = {}
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if any(part in NEVER or part.endswith((".pyc", ".egg-info")) for part in rel.parts) \
                or is_participant_path(rel.as_posix()):
            continue
        if path.is_file() and not path.is_symlink():
            found[rel.as_posix()] = path
    return found


def _safe_name(name: object) -> bool:
    if not isinstance(name, str) or not name or "\\" in name:
        return False
    pure = PurePosixPath(name)
    return (not pure.is_absolute() and ".." not in pure.parts and pure.parts[0] not in NEVER
            and not is_participant_path(pure))


def read_manifest(folder: Path) -> dict[str, str] | None:
    """The files the course wrote into FOLDER (path -> sha256), or None if it has no manifest."""
    path = folder / MANIFEST
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data["filer"]
        if not isinstance(files, dict) or not all(_safe_name(k) and isinstance(v, str)
                                                  for k, v in files.items()):
            raise ValueError
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as err:
        raise OwnedCopyError(
            f"{path} er beskadiget, så jeg kan ikke se, hvilke filer der er kursets. "
            "Jeg har ikke ændret noget. Vælg en ny, tom mappe."
        ) from err
    return files


def check_target(target: Path, what: str) -> dict[str, str]:
    """The manifest of TARGET if the course may write there; refuse a folder it did not make."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OwnedCopyError(f"{target} er ikke en mappe. Vælg en anden mappe til {what}.")
    manifest = read_manifest(target) if target.is_dir() else None
    if manifest is None and target.is_dir() and any(
            p.name != ".git" for p in target.iterdir()):
        raise OwnedCopyError(
            f"{target} er ikke tom og indeholder ikke {what} fra kurset. Jeg skriver kun i en "
            "tom mappe eller i en mappe, kurset selv har lavet. Vælg en ny mappe."
        )
    return manifest or {}


def _make_folders(folder: Path, stop: Path) -> None:
    """Create FOLDER and its missing parents up to STOP, each FOLDER_MODE (not the umask's)."""
    missing = [f for f in (folder, *folder.parents) if f != stop and stop in f.parents
               and not f.exists()]
    for new in reversed(missing):
        new.mkdir()
        os.chmod(new, FOLDER_MODE)


def _write_atomic(source: Path, target: Path, top: Path) -> None:
    _make_folders(target.parent, top)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    try:
        shutil.copyfile(source, temp)
        os.chmod(temp, SCRIPT_MODE if source.stat().st_mode & 0o111 else FILE_MODE)
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _write_manifest(target: Path, files: dict[str, str], what: str) -> None:
    handle, temp = tempfile.mkstemp(dir=target, prefix=f"{MANIFEST}.", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump({"om": f"Filer, som kurset har lagt her ({what}). Kurset opdaterer og "
                         "fjerner kun filer på denne liste, og kun hvis ingen har ændret dem.",
                   "filer": dict(sorted(files.items()))}, out, indent=1, ensure_ascii=False)
    os.chmod(temp, FILE_MODE)
    os.replace(temp, target / MANIFEST)


def _through_link(target: Path, name: str) -> bool:
    """Does the path to TARGET/NAME pass a symlinked folder (it could lead anywhere)?"""
    folder = target
    for part in Path(name).parts[:-1]:
        folder = folder / part
        if folder.is_symlink():
            return True
    return False


def _remove_empty_parents(path: Path, stop: Path) -> None:
    for folder in path.parents:
        if folder == stop or not folder.is_dir() or any(folder.iterdir()):
            return
        folder.rmdir()


def copy_owned(source: Path, target: Path, what: str, keep_edited: bool) -> CopyReport:
    """Bring TARGET up to date with SOURCE, touching only files the course wrote earlier.

    keep_edited=False (teacher's bundle): course files are replaced even if changed.
    keep_edited=True (learner's folder): a course file the learner changed is kept.
    """
    old = check_target(target, what)
    if not target.exists():
        target.mkdir(parents=True)
        os.chmod(target, FOLDER_MODE)  # an existing folder keeps the mode its owner gave it
    report, new = CopyReport(), {}
    for name, path in source_files(source).items():
        wanted, dest = _sha256(path), target / name
        if _through_link(target, name) or dest.is_symlink() or (
                dest.exists() and not dest.is_file()):
            report.kept.append(name)  # never write through a link or over a folder
            if name in old:
                new[name] = old[name]
            continue
        current = _sha256(dest) if dest.exists() else None
        if current is None:
            _write_atomic(path, dest, target)
            report.added.append(name)
        elif current != wanted and (name not in old or (keep_edited and current != old[name])):
            report.kept.append(name)  # not the course's file, or the owner's own edit
            if name not in old:
                continue
        elif current != wanted:
            _write_atomic(path, dest, target)
            report.updated.append(name)
        new[name] = wanted
    for name, digest in old.items():
        if name in new:
            continue
        dest = target / name
        if _through_link(target, name):
            report.kept.append(name)
        elif dest.is_file() and not dest.is_symlink() and _sha256(dest) == digest:
            dest.unlink()
            _remove_empty_parents(dest, target)
            report.removed.append(name)
        elif dest.exists():
            report.kept.append(name)
    _write_manifest(target, new, what)
    return report
