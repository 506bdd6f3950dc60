"""The registry: every kind of answer a participant saves, in one list.

Progress (module 00), the plan (module 08) and the teacher's bundle read this list, so an
activity that saves something new touches its own code and one line here, nothing else.
A `file` is relative to mine-svar/ and may hold one `*` (one file per reflection key).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath

from digileder.answers import store
from digileder.paths import ANSWERS_FOLDER


class AnswerKind(Enum):
    """What sort of thing is saved; decides how progress describes it."""

    REFLECTION = "refleksion"  # {"key", "prompt", "text", "saved"}
    RUN = "scenarie"  # a played scenario: {"title", "ending", "path", ...}
    STATE = "tilstand"  # an activity's fields or choices, restored when it is opened again
    EXPORT = "eksport"  # a finished document (HTML or Markdown)


@dataclass(frozen=True)
class SavedAnswer:
    """One kind of saved answer: key, file in mine-svar, module, and a Danish label."""

    key: str
    file: str
    module: str  # "03"; "" = the first two characters of the file name; "-" = no module
    label: str
    kind: AnswerKind = AnswerKind.STATE
    draft_of: str = ""  # a reflection key that, once saved, makes this draft redundant

    def module_of(self, path: Path) -> str:
        number = self.module or path.name[:2]
        return number if number.isdigit() else ""


REGISTRY: tuple[SavedAnswer, ...] = (
    SavedAnswer("refleksioner", "refleksioner/*.json", "", "Svar", AnswerKind.REFLECTION),
    SavedAnswer("modenhed", "modenhed.json", "03", "Din vurdering af digital modenhed"),
    SavedAnswer("vaerdikompas", "vaerdikompas.json", "04", "Udkast til dit værdikompas",
                draft_of="04-vaerdier"),
    SavedAnswer("scenarie-sensorer-i-byen", "scenarier/sensorer-i-byen.json", "04",
                "Scenarie", AnswerKind.RUN),
    SavedAnswer("scenarie-ildsjaelen-i-byggesag", "scenarier/ildsjaelen-i-byggesag.json", "05",
                "Scenarie", AnswerKind.RUN),
    SavedAnswer("budskab", "budskab.json", "06", "Udkast til dit budskab",
                draft_of="06-budskab"),
    SavedAnswer("scenarie-ipads-i-vej-og-park", "scenarier/ipads-i-vej-og-park.json", "07",
                "Scenarie", AnswerKind.RUN),
    SavedAnswer("gevinstplan", "gevinstplan.json", "07", "Udkast til din gevinstplan",
                draft_of="07-gevinstplan"),
    SavedAnswer("ledelsesplan", "ledelsesplan.json", "08", "Udkast til din ledelsesplan"),
    SavedAnswer("ledelsesplan-html", "min-digitale-ledelsesplan.html", "08",
                "Din digitale ledelsesplan (HTML)", AnswerKind.EXPORT),
    SavedAnswer("ledelsesplan-md", "min-digitale-ledelsesplan.md", "08",
                "Din digitale ledelsesplan (Markdown)", AnswerKind.EXPORT),
    SavedAnswer("scenarie-ai-i-byggesagsbehandlingen",
                "scenarier/ai-i-byggesagsbehandlingen.json", "09", "Scenarie", AnswerKind.RUN),
    SavedAnswer("scenarie-tilbuddet-med-frist-paa-fredag",
                "scenarier/tilbuddet-med-frist-paa-fredag.json", "09", "Scenarie", AnswerKind.RUN),
    # Last: a scenario played from a file with no module of its own (a teacher's new one).
    SavedAnswer("scenarie-andet", "scenarier/*.json", "-", "Scenarie", AnswerKind.RUN),
)


def registry() -> tuple[SavedAnswer, ...]:
    """Every kind of answer the course saves (stable API: the bundle and progress use it)."""
    return REGISTRY


def entry(key: str) -> SavedAnswer:
    """The registry entry with this key (KeyError names the known keys)."""
    for answer in REGISTRY:
        if answer.key == key:
            return answer
    raise KeyError(f"{key!r} is not in the answers registry: {[a.key for a in REGISTRY]}")


def entry_for(relative: str) -> SavedAnswer | None:
    """The registry entry a file in mine-svar belongs to (path relative to mine-svar)."""
    relative = relative.replace("\\", "/")
    return next((a for a in REGISTRY if fnmatch(relative, a.file)), None)


def scenario_module(scenario_id: str) -> str:
    """The module that plays a scenario ('' if no module is registered for it)."""
    found = entry_for(f"scenarier/{scenario_id}.json")
    return found.module_of(Path(found.file)) if found else ""


def existing(answer: SavedAnswer) -> list[Path]:
    """The files of this kind that exist in mine-svar (not `._*`, folders or set-aside copies)."""
    subfolder, _, pattern = answer.file.rpartition("/")
    return store.list_files(subfolder, pattern)


def saved_files() -> list[tuple[SavedAnswer, Path]]:
    """Every registered file that exists, each once, with the first entry that matches it."""
    found, seen = [], set()
    for answer in REGISTRY:
        for path in existing(answer):
            if path not in seen:
                seen.add(path)
                found.append((answer, path))
    return found


def is_participant_path(relative: str | PurePosixPath) -> bool:
    """Is this path in a course folder a participant's own work, which a bundle never ships
    and an update never overwrites or removes? Anything in a mine-svar folder (at any depth),
    and a file named like a registered answer wherever it lies (a saved plan or scenario run
    copied next to a notebook). A pattern with a bare `*` and no folder matches nothing here:
    `*.json` alone would take the course's own data files."""
    parts = PurePosixPath(str(relative).replace("\\", "/")).parts
    if not parts or ANSWERS_FOLDER in parts:
        return bool(parts)
    for answer in REGISTRY:
        pattern = PurePosixPath(answer.file).parts
        if len(pattern) == 1 and "*" in answer.file or len(parts) < len(pattern):
            continue
        if fnmatch("/".join(parts[-len(pattern):]), answer.file):
            return True
    return False
