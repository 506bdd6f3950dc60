"""Save a finished run to mine-svar/scenarier/<id>.json and read it back (answers store)."""

from __future__ import annotations

from pathlib import Path

from digileder import answers
from digileder.scenarios.model import Run


def relative_path(scenario_id: str) -> str:
    return f"scenarier/{scenario_id}.json"


def saved_run_path(scenario_id: str) -> Path:
    """Filen, hvor din seneste gennemspilning af scenariet gemmes."""
    return answers.folder() / relative_path(scenario_id)


def save_run(run: Run) -> answers.SaveResult:
    """Gem vejen og sluttilstanden som JSON (overskriver en tidligere gennemspilning)."""
    content = run.to_dict()
    content["saved"] = answers.store.now()
    return answers.write_json(relative_path(run.scenario.id), content)


def _is_run(content: dict) -> bool:
    path = content.get("path", [])
    return (isinstance(path, list) and all(isinstance(step, dict) for step in path)
            and isinstance(content.get("title", ""), str)
            and isinstance(content.get("ending") or {}, dict))


def read_saved_run(scenario_id: str) -> tuple[dict | None, str]:
    """(din gemte gennemspilning eller None, dansk besked om en fil, der er flyttet til side)."""
    result = answers.read_json(relative_path(scenario_id), _is_run)
    return result.data, result.notice


def load_saved_run(scenario_id: str) -> dict | None:
    """Din gemte gennemspilning af scenariet som data, eller None hvis der ikke er nogen."""
    return read_saved_run(scenario_id)[0]
