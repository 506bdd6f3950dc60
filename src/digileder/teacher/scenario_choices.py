"""How the class chose in the scenario assignment (A4), counted without names.

Each graded A4 notebook holds the participant's path as `mine_valg = [..]` in the cell
with grade_id "a4-valg", and the chosen scenario as `SCENARIE = "..."` in the cell
"a4-scenarie" (older notebooks without it played the iPad scenario). Both are read with
ast.literal_eval (never executed); the path is replayed in the scenario to name the first
choice.
"""

from __future__ import annotations

import ast
import json
import os
from collections import Counter
from pathlib import Path

ASSIGNMENT = "a4-scenarie"
SCENARIO = "ipads-i-vej-og-park"
SCENARIOS = ("ipads-i-vej-og-park", "sensorer-i-byen")
PATH_CELL = "a4-valg"
SCENARIO_CELL = "a4-scenarie"


def _literal(notebook: Path, grade_id: str, name: str):
    """The literal value assigned to NAME in the cell GRADE_ID, or None."""
    try:
        nb = json.loads(notebook.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError):
        return None
    for cell in nb.get("cells", []):
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") != grade_id:
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        try:
            tree = ast.parse(source)
        except SyntaxError:
            return None
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == name for t in node.targets
            ):
                try:
                    return ast.literal_eval(node.value)
                except ValueError:
                    return None
    return None


def recorded_path(notebook: Path) -> list[int] | None:
    """The list in `mine_valg = [...]` of a submitted or graded A4 notebook, or None."""
    value = _literal(notebook, PATH_CELL, "mine_valg")
    if isinstance(value, list) and all(isinstance(v, int) for v in value):
        return value
    return None


def recorded_scenario(notebook: Path) -> str:
    """The scenario the participant chose; the iPad scenario when none (or an unknown) is set."""
    value = _literal(notebook, SCENARIO_CELL, "SCENARIE")
    return value if value in SCENARIOS else SCENARIO


def class_choices(root: Path) -> dict[str, Counter]:
    """{scenario title: Counter of first-choice texts} over all graded A4 notebooks."""
    notebooks = sorted((root / "autograded").glob(f"*/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"))
    runs = [(recorded_scenario(nb), path) for nb in notebooks if (path := recorded_path(nb))]
    if not runs:
        return {}
    data_root = root / "source" / ASSIGNMENT
    previous = os.environ.get("DIGILEDER_COURSE_ROOT")
    os.environ["DIGILEDER_COURSE_ROOT"] = str(data_root)
    try:
        from digileder import scenarios

        result: dict[str, Counter] = {}
        for name in sorted({name for name, _ in runs}):
            try:
                scenario = scenarios.load(name)
            except scenarios.ScenarioError:  # removed or broken in source/: say so, go on
                result[f"{name} (scenariet kan ikke læses i source/{ASSIGNMENT})"] = Counter()
                continue
            choices = scenario.situations[scenario.start].choices
            first = Counter(choices[path[0]].text for chosen, path in runs
                            if chosen == name and 0 <= path[0] < len(choices))
            result[scenario.title] = first
        return result
    finally:
        if previous is None:
            os.environ.pop("DIGILEDER_COURSE_ROOT", None)
        else:
            os.environ["DIGILEDER_COURSE_ROOT"] = previous
