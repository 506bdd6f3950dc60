"""A participant's written answers, saved as files in mine-svar/ so they survive a
kernel restart and can be gathered again in module 08's plan.

One JSON file per answer key: {"key", "prompt", "text", "saved"}. Writes go to a
temporary file first and are then renamed, so a crash never leaves half an answer.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path

import ipywidgets as widgets

from digileder.paths import answers_dir

_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _path(key: str) -> Path:
    if not _KEY.match(key):
        raise ValueError(f"Nøglen '{key}' må kun indeholde små bogstaver a-z, tal og bindestreg.")
    folder = answers_dir() / "refleksioner"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{key}.json"


def write_json_atomic(path: Path, content: dict) -> None:
    """Write JSON so that a crash midway never leaves a broken file."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(content, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)


def save(key: str, text: str, prompt: str = "") -> Path:
    path = _path(key)
    write_json_atomic(path, {"key": key, "prompt": prompt, "text": text,
                             "saved": datetime.now().isoformat(timespec="seconds")})
    return path


def load(key: str) -> str:
    """The saved text for a key, or '' if nothing is saved or the file is unreadable."""
    path = _path(key)
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("text", "")
    except (FileNotFoundError, json.JSONDecodeError, AttributeError):
        return ""


def load_all() -> dict[str, dict]:
    """Every saved answer by key (module 08 gathers them into the plan)."""
    folder = answers_dir() / "refleksioner"
    answers = {}
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            continue
        if isinstance(entry, dict) and entry.get("text"):
            answers[path.stem] = entry
    return answers


def reflection(key: str, prompt: str, rows: int = 6, placeholder: str = "Skriv dit svar her …"):
    """A text box for a reflection that saves itself (on a button and as you type)."""
    label = widgets.HTML(f"<p><b>✍️ {prompt}</b></p>")
    # Save when the box loses focus, not on every keystroke.
    box = widgets.Textarea(value=load(key), placeholder=placeholder, rows=rows,
                           continuous_update=False, layout=widgets.Layout(width="95%"))
    button = widgets.Button(description="Gem svar", icon="save")
    status = widgets.HTML(_status_text(key))

    def store(_=None):
        try:
            save(key, box.value, prompt)
        except OSError as err:
            status.value = (
                f"<span style='color:#D55E00'>Kunne ikke gemme: {err.strerror}. "
                "Kopiér din tekst til et andet sted, og prøv igen.</span>"
            )
            return
        status.value = _status_text(key)

    button.on_click(store)
    box.observe(lambda change: store(), names="value")
    return widgets.VBox([label, box, widgets.HBox([button, status])])


def _status_text(key: str) -> str:
    path = _path(key)
    if not path.is_file():
        return "<i>Ikke gemt endnu.</i>"
    when = datetime.fromtimestamp(path.stat().st_mtime).strftime("%d.%m.%Y kl. %H:%M")
    return f"<i>Gemt {when} i mine-svar.</i>"
