"""A participant's written answers (reflections), one JSON file per key in
mine-svar/refleksioner/: {"key", "prompt", "text", "saved"}. They survive a kernel restart
and are gathered again in module 08's plan. Storage only; the text box is reflection.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from digileder import answers

_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SUBFOLDER = "refleksioner"
MAX_KEY = 80


def relative_path(key: str) -> str:
    """Where the answer with this key lives, relative to mine-svar."""
    if isinstance(key, str) and len(key) > MAX_KEY:
        # A file name that long is refused by the file system ('File name too long').
        raise ValueError(f"Nøglen '{key[:40]} …' er for lang ({len(key)} tegn). Brug en kort "
                         f"nøgle på højst {MAX_KEY} tegn, fx '03-modenhed'.")
    if not _KEY.match(key):
        raise ValueError(f"Nøglen '{key}' må kun indeholde små bogstaver a-z, tal og bindestreg.")
    return f"{SUBFOLDER}/{key}.json"


def path(key: str) -> Path:
    return answers.folder() / relative_path(key)


def _is_reflection(content: dict) -> bool:
    return (answers.only_known_keys(content, ("key", "prompt", "text", "saved"))
            and isinstance(content.get("text", ""), str)
            and isinstance(content.get("prompt", ""), str))


def save(key: str, text: str, prompt: str = "",
         seen: answers.Seen | None = None) -> answers.SaveResult:
    """Save the text; the result says whether it worked and, if not, why (in Danish). With
    SEEN (the view's memory), an answer another view changed since is kept, never overwritten."""
    return answers.write_json(relative_path(key), {"key": key, "prompt": prompt, "text": text,
                                                   "saved": answers.store.now()}, seen)


def save_finished(key: str, prompt: str, draft: answers.SaveResult, problems: list[str],
                  text: Callable[[], str], seen: answers.Seen | None = None
                  ) -> answers.SaveResult:
    """Save a finished piece of work as reflection KEY (module 08 gathers it), after its DRAFT
    was written. Raises ValueError with the Danish PROBLEMS if the work is not finished; the
    draft is kept either way. A draft that could not be saved is returned as it is."""
    if problems:
        raise ValueError(" ".join(problems))
    return save(key, text(), prompt, seen) if draft.saved else draft


def read(key: str, seen: answers.Seen | None = None) -> tuple[str, str]:
    """(saved text, Danish notice). An unreadable file is set aside and the notice says where."""
    result = answers.read_json(relative_path(key), _is_reflection, seen)
    return (result.data or {}).get("text", ""), result.notice


def load(key: str) -> str:
    """The saved text for a key, or '' if nothing (readable) is saved."""
    return read(key)[0]


def read_all() -> tuple[dict[str, dict], list[str]]:
    """(every saved, non-empty answer by key, Danish notices about files set aside)."""
    found, notices = {}, []
    for file in answers.list_files(SUBFOLDER):
        result = answers.read_json(f"{SUBFOLDER}/{file.name}", _is_reflection)
        entry = result.data
        if entry and entry.get("text", "").strip():
            found[file.stem] = entry
        if result.notice:
            notices.append(result.notice)
    return found, notices


def load_all() -> dict[str, dict]:
    """Every saved, non-empty answer by key (module 08 gathers them into the plan)."""
    return read_all()[0]

