"""A participant's saved answers: one store (store.py) and one registry (registry.py).

    from digileder import answers
    answers.write_json("budskab.json", {...})   # -> SaveResult(saved, path, message)
    answers.read_json("budskab.json")           # -> ReadResult(data, notice)
    answers.registry()                          # every kind of saved answer
    seen = answers.Seen()                       # one per view: never overwrite another view
    answers.read_json("budskab.json", seen=seen); answers.write_json("budskab.json", {...}, seen)

Imports nothing heavy (no ipywidgets, altair or pandas): the teacher CLI may use it.
"""

from digileder.answers.registry import (
    AnswerKind,
    SavedAnswer,
    entry,
    entry_for,
    existing,
    is_participant_path,
    registry,
    saved_files,
    scenario_module,
)
from digileder.answers.seen import Seen
from digileder.answers.store import (
    NotSaved,
    ReadResult,
    SaveResult,
    folder,
    is_ours,
    list_files,
    only_known_keys,
    read_json,
    update_json,
    write_json,
    write_text,
)

__all__ = [
    "AnswerKind", "NotSaved", "ReadResult", "SaveResult", "SavedAnswer", "entry", "entry_for",
    "existing", "folder", "is_ours", "is_participant_path", "list_files", "only_known_keys",
    "read_json", "registry", "saved_files", "scenario_module", "Seen", "update_json",
    "write_json", "write_text",
]
