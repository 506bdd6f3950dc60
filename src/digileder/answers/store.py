"""The one place a participant's answers are read and written (the folder mine-svar/).

Every activity saves through here, so every activity gets the same guarantees:
- writes are atomic with a unique temporary name, so two kernels saving at once never
  break each other's save and a crash never leaves half a file;
- a file that cannot be read (cut short, wrong JSON types or keys, not UTF-8) is moved aside with a
  timestamp and never overwritten; the participant is told in Danish where it went;
- what is not ours is ignored: macOS `._*` files, dot files, temporary files, folders;
- a folder we may not write to gives one clear Danish message; the activity keeps working,
  only unsaved;
- temporary files a killed kernel left behind are removed the first time the store is used
  in a folder (only the store's own, recognised by name, and only when over a minute old).
Reading and writing never raise for these cases: they return a result with a message.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from digileder.answers import temp_files
from digileder.answers.seen import Seen, flush_other_drafts, folder_lock
from digileder.answers.temp_files import TEMP_MARK
from digileder.paths import answers_dir

ASIDE_MARK = ".beskadiget-"
COPY_MARK = ".kopi-"  # NAME.kopi-STAMP.json: a view's text kept beside an answer changed elsewhere
_swept: set[str] = set()  # answers folders already cleaned in this kernel
# Checks a file's content after JSON parsing; returns True if it has the expected shape.
Check = Callable[[dict], bool]


@dataclass(frozen=True)
class ReadResult:
    """What was read: the content (None if nothing usable) and a Danish notice, if any."""

    data: dict | None
    notice: str = ""
    set_aside: Path | None = None


class NotSaved(OSError):
    """A save did not work; str(error) is the Danish message for the participant."""


@dataclass(frozen=True)
class SaveResult:
    """Whether a save worked, where it went, and a Danish message if it did not."""

    saved: bool
    path: Path
    message: str = ""
    set_aside: Path | None = None

    def check(self) -> SaveResult:
        """Raise NotSaved (with the Danish message) if the save did not work."""
        if not self.saved:
            raise NotSaved(self.message)
        return self


def folder() -> Path:
    """The participant's answers folder (not created here: reading must work read-only)."""
    return answers_dir()


def is_ours(path: Path) -> bool:
    """A file the course could have written: not a folder, not `._*`, dot or temp file."""
    name = path.name
    return (not name.startswith(".") and ASIDE_MARK not in name and COPY_MARK not in name
            and not name.endswith(".tmp") and path.is_file())


def _start() -> None:
    """Once per answers folder and kernel: clean up after a kernel that was killed."""
    key = str(folder())
    if key not in _swept:
        _swept.add(key)
        temp_files.remove_stale(folder())


def list_files(subfolder: str = "", pattern: str = "*.json") -> list[Path]:
    """The course's own files in a subfolder of mine-svar, sorted by name."""
    _start()
    where = folder() / subfolder
    if not where.is_dir():
        return []
    try:
        return sorted(p for p in where.glob(pattern) if is_ours(p))
    except OSError:
        return []


def _shown(path: Path) -> str:
    """A path as the participant should see it: relative to mine-svar's parent when possible."""
    try:
        return str(path.relative_to(folder().parent))
    except ValueError:
        return str(path)


def _free_name(path: Path, mark: str) -> Path:
    """NAME{mark}YYYYMMDD-HHMMSS[-N].json beside PATH that does not exist yet: still opens
    as JSON, never matches an answer's name."""
    stamp, counter = datetime.now().strftime("%Y%m%d-%H%M%S"), 0
    while True:
        suffix = f"-{counter}" if counter else ""
        target = path.with_name(f"{path.stem}{mark}{stamp}{suffix}{path.suffix}")
        if not target.exists():
            return target
        counter += 1


def set_aside(path: Path) -> Path | None:
    """Rename an unreadable file to NAME.beskadiget-YYYYMMDD-HHMMSS[-N]; None if impossible."""
    target = _free_name(path, ASIDE_MARK)
    try:
        os.rename(path, target)
    except OSError:
        return None  # gone (another kernel moved it first), or we may not rename here
    return target


def _aside_notice(path: Path, target: Path | None, cut_short: bool = True) -> str:
    """Where an unusable file went, and why, in Danish: CUT_SHORT (not JSON at all: a save that
    was cut off) or JSON of another shape (changed outside the course)."""
    if target is None:
        return (f"Filen {_shown(path)} kan ikke læses, og den kunne ikke flyttes til side. "
                "Den bliver ikke overskrevet. Bed din underviser om hjælp.")
    why = ("kunne ikke læses (den er måske kun delvist gemt)" if cut_short else
           "kunne ikke bruges, fordi den er ændret uden for kurset (fx står der et tal, hvor "
           "der skulle stå tekst, eller felter, kurset ikke kender)")
    return (f"Filen {_shown(path)} {why}. "
            f"Den ligger nu som {_shown(target)}, så intet går tabt. Du starter forfra her.")


def _decode(raw: bytes) -> object:
    """The JSON value in RAW, or _NOT_JSON if it is not UTF-8 JSON (a byte-order mark first,
    as Windows editors write it, is fine)."""
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return _NOT_JSON


_NOT_JSON = object()


def _parse(raw: bytes, check: Check | None) -> dict | None:
    """The content if it is a JSON object of the expected shape, else None."""
    content = _decode(raw)
    if not isinstance(content, dict):
        return None
    try:
        return content if check is None or check(content) else None
    except (TypeError, ValueError, KeyError, AttributeError):
        return None


def read_json(relative: str | Path, check: Check | None = None,
              seen: Seen | None = None) -> ReadResult:
    """Read mine-svar/RELATIVE. A file that is unreadable or has the wrong shape is set aside.
    SEEN (a view's memory) remembers the version read, so the view's saves can be checked;
    another view's draft of the same file in this kernel is saved first, and the notice
    names any conflict copy of the file, so the view shows where it is."""
    _start()
    if seen is not None:
        flush_other_drafts(relative, seen)
    result = _read_json(relative, check, seen)
    copies = copies_notice(relative) if seen is not None else ""
    if copies:
        result = replace(result, notice=" ".join(filter(None, (result.notice, copies))))
    return result


def _read_json(relative: str | Path, check: Check | None, seen: Seen | None) -> ReadResult:
    path = folder() / relative
    if not path.exists():
        if seen is not None:
            seen.remember(relative, None)
        return ReadResult(None)
    if not path.is_file():
        return ReadResult(None, f"{_shown(path)} er en mappe, ikke en fil med dine svar. "
                                "Omdøb eller flyt mappen, så kan dine svar gemmes.")
    try:
        raw = path.read_bytes()
    except OSError:
        return ReadResult(None, f"Filen {_shown(path)} kan ikke læses (ingen adgang). "
                                "Bed din underviser om hjælp.")
    content = _parse(raw, check)
    target = None if content is not None else set_aside(path)
    if seen is not None:
        seen.remember(relative, raw if content is not None else None)
    if content is not None:
        return ReadResult(content)
    return ReadResult(None, _aside_notice(path, target, _decode(raw) is _NOT_JSON), target)


def not_saved_message(path: Path, err: OSError | None = None) -> str:
    """One clear Danish message for a save that failed; the activity goes on without saving."""
    in_the_way = _file_in_the_way(path)
    if path.is_dir():
        why = f"der ligger en mappe med navnet {_shown(path)}. Omdøb eller flyt mappen"
    elif isinstance(err, _OldAnswerUnreadable):
        why = (f"der allerede ligger et svar i {_shown(path)}, som du ikke må læse. Det bliver "
               "ikke overskrevet. Bed din underviser om hjælp")
    elif isinstance(err, PermissionError) or (err is not None and err.errno in (1, 13, 30)):
        why = (f"du ikke må skrive i mappen {_shown(path.parent)}. "
               "Bed din underviser om at give dig skriveadgang")
    elif err is not None and err.errno == errno.ENOSPC:
        why = "der ikke er mere plads på disken. Bed din underviser om hjælp"
    elif in_the_way is not None or err is not None and err.errno == errno.ENOTDIR:
        where = _shown(in_the_way or path.parent)
        why = (f"der ligger en fil med navnet {where}, hvor mappen {where} skulle være. Omdøb "
               f"eller flyt filen (fx til {where}-gammel), så kan dine svar gemmes igen")
    else:
        detail = err.strerror if err is not None and err.strerror else "ukendt fejl"
        why = f"computeren svarede: {detail}. Prøv igen om lidt"
    # Said of every activity, also those where nothing is typed (a scenario, a slider).
    return (f"Dit svar er ikke gemt, fordi {why}. Du kan arbejde videre, men intet bliver "
            "gemt, før det er løst. Har du skrevet noget, så kopiér teksten til et andet sted, "
            "så du ikke mister den.")


def _file_in_the_way(path: Path) -> Path | None:
    """The file (not a folder) that stands where one of PATH's folders should be, if any."""
    for parent in reversed(path.parents):
        try:
            if parent.exists() and not parent.is_dir():
                return parent
        except OSError:
            return None
    return None


def write_text(relative: str | Path, text: str, seen: Seen | None = None) -> SaveResult:
    """Write mine-svar/RELATIVE atomically; an unreadable old file is set aside first.

    With SEEN (the view's memory of what it read and wrote), a file another view changed
    since is kept, and this text is saved as a copy beside it (see seen.py)."""
    _start()
    path = folder() / relative
    data = valid_text(text).encode("utf-8")
    copy = seen.copy_of(relative) if seen is not None else None
    try:
        if copy is not None:  # an earlier conflict: this view goes on saving to its copy
            _replace(copy, data)
            return SaveResult(False, path, conflict_message(path, copy), copy)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and not path.is_file():
            return SaveResult(False, path, not_saved_message(path))
        with folder_lock(path.parent):
            old, aside = _old_content(path, check=seen is not None)
            if seen is not None and seen.changed_since(relative, old, data):
                copy = _free_name(path, COPY_MARK)
                _replace(copy, data)
                seen.copies[seen.key(relative)] = copy
                return SaveResult(False, path, conflict_message(path, copy), copy)
            _replace(path, data)
    except OSError as err:
        return SaveResult(False, path, not_saved_message(copy or path, err))
    if seen is not None:
        seen.remember(relative, data)
    return SaveResult(True, path, _aside_notice(path, aside) if aside else "", aside)


def valid_text(text: str) -> str:
    """TEXT with each lone UTF-16 surrogate (half an emoji a browser can send) replaced by
    U+FFFD, so it can be saved as UTF-8; a pair that belongs together becomes its character."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def only_known_keys(content: dict, known: Iterable[str]) -> bool:
    """True if CONTENT has at least one of the KNOWN keys and no other. A JSON object of another
    shape (written by hand or by another program) is not an answer of ours: it is set aside,
    never read as an empty answer and then overwritten."""
    return bool(content) and set(content) <= set(known)


def _replace(path: Path, data: bytes) -> None:
    """Write DATA to PATH through a uniquely named temporary file (never half a file)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_MARK)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _old_content(path: Path, check: bool) -> tuple[bytes | None, Path | None]:
    """(the answer's bytes now or None, where an unreadable one was set aside). A JSON file's
    old content must never be overwritten unread; other files only when a view checks them."""
    if not (path.suffix == ".json" or check) or not path.is_file():
        return None, None
    try:
        raw = path.read_bytes()
    except OSError as err:  # never overwrite what could not be read
        raise _OldAnswerUnreadable(err.errno, err.strerror) from err
    if path.suffix == ".json" and _parse(raw, None) is None:
        return None, set_aside(path)
    return raw, None


def conflict_message(path: Path, copy: Path) -> str:
    """Another view changed the answer: what happened and what to do, in Danish."""
    return (f"Svaret i {_shown(path)} er ændret i et andet vindue (en anden fane eller en kopi "
            "af cellen), efter du åbnede det her. Det er ikke overskrevet. Din tekst herfra er "
            f"gemt som {_shown(copy)}. Kør cellen igen for at se den nyeste tekst.")


def copies_of(relative: str | Path) -> list[Path]:
    """The conflict copies kept beside mine-svar/RELATIVE (NAME.kopi-STAMP.json), oldest first."""
    path = folder() / relative
    try:
        return sorted(p for p in path.parent.glob(f"{path.stem}{COPY_MARK}*{path.suffix}")
                      if p.is_file())
    except OSError:
        return []


def all_copies() -> list[Path]:
    """Every conflict copy in mine-svar, at any depth, sorted by path."""
    root = folder()
    try:
        return sorted(p for p in root.rglob(f"*{COPY_MARK}*") if p.is_file())
    except OSError:
        return []


def copies_notice(relative: str | Path) -> str:
    """Where this answer's conflict copies lie and what to do with them, in Danish ('' if
    there are none). Shown in the answer's box every time it opens, until the copy is gone."""
    copies = copies_of(relative)
    if not copies:
        return ""
    names = ", ".join(_shown(copy) for copy in copies)
    which = "en kopi" if len(copies) == 1 else f"{len(copies)} kopier"
    return (f"Der ligger {which} af dette svar med tekst fra et andet vindue: {names}. Åbn "
            "kopien, og flyt det, du vil beholde, herind. Slet derefter kopien, så forsvinder "
            "denne besked.")


class _OldAnswerUnreadable(OSError):
    """The answer already saved cannot be read, so it must not be replaced."""


def write_json(relative: str | Path, content: dict, seen: Seen | None = None) -> SaveResult:
    """Write a JSON object to mine-svar/RELATIVE atomically (see write_text)."""
    return write_text(relative, json.dumps(content, ensure_ascii=False, indent=2), seen)


def update_json(relative: str | Path, change: Callable[[dict | None], dict],
                check: Check | None = None) -> SaveResult:
    """Read mine-svar/RELATIVE, let CHANGE make the new content from it (None when there is
    none), and write that, all under the folder's lock: two kernels adding to one file at once
    keep both additions. A file that is unreadable or of the wrong shape is set aside first
    (SaveResult.set_aside says where); one that cannot be read at all is never replaced."""
    _start()
    path = folder() / relative
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with folder_lock(path.parent):
            read = _read_json(relative, check, None)
            if read.data is None and path.exists():  # a folder, or a file we may not read
                return SaveResult(False, path, f"Dit svar er ikke gemt. {read.notice}")
            content = json.dumps(change(read.data), ensure_ascii=False, indent=2)
            _replace(path, content.encode("utf-8"))
    except OSError as err:
        return SaveResult(False, path, not_saved_message(path, err))
    return SaveResult(True, path, read.notice, read.set_aside)


def now() -> str:
    """The time stamp saved with an answer."""
    return datetime.now().isoformat(timespec="seconds")
