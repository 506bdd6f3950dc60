"""Save a finished run to mine-svar/scenarier/<id>.json and read it back."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from digileder.notes import write_json_atomic
from digileder.paths import answers_dir
from digileder.scenarios.model import Run


def saved_run_path(scenario_id: str) -> Path:
    """Filen, hvor din seneste gennemspilning af scenariet gemmes."""
    return answers_dir() / "scenarier" / f"{scenario_id}.json"


def save_run(run: Run) -> Path:
    """Gem vejen og sluttilstanden som JSON (overskriver en tidligere gennemspilning)."""
    path = saved_run_path(run.scenario.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    content = run.to_dict()
    content["saved"] = datetime.now().isoformat(timespec="seconds")
    write_json_atomic(path, content)
    return path


def load_saved_run(scenario_id: str) -> dict | None:
    """Din gemte gennemspilning af scenariet som data, eller None hvis der ikke er nogen."""
    path = saved_run_path(scenario_id)
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError):
        return None
    return content if isinstance(content, dict) else None
