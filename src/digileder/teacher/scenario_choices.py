"""How the class chose in the scenario assignment (A4), counted without names.

Each graded A4 notebook holds the participant's path as `mine_valg = [..]` in the cell
with grade_id "a4-valg". The list is read with ast.literal_eval (never executed) and
replayed in the scenario to name the first choice.
"""

from __future__ import annotations

import ast
import json
import os
from collections import Counter
from pathlib import Path

ASSIGNMENT = "a4-scenarie"
SCENARIO = "ipads-i-vej-og-park"
PATH_CELL = "a4-valg"


def recorded_path(notebook: Path) -> list[int] | None:
    """The list in `mine_valg = [...]` of a submitted or graded A4 notebook, or None."""
    try:
        nb = json.loads(notebook.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError):
        return None
    for cell in nb.get("cells", []):
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") != PATH_CELL:
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        try:
            tree = ast.parse(source)
        except SyntaxError:
            return None
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "mine_valg" for t in node.targets
            ):
                try:
                    value = ast.literal_eval(node.value)
                except ValueError:
                    return None
                if isinstance(value, list) and all(isinstance(v, int) for v in value):
                    return value
    return None


def class_choices(root: Path) -> dict[str, Counter]:
    """{scenario title: Counter of first-choice texts} over all graded A4 notebooks."""
    notebooks = sorted((root / "autograded").glob(f"*/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"))
    paths = [p for p in (recorded_path(nb) for nb in notebooks) if p]
    if not paths:
        return {}
    data_root = root / "source" / ASSIGNMENT
    previous = os.environ.get("DIGILEDER_COURSE_ROOT")
    os.environ["DIGILEDER_COURSE_ROOT"] = str(data_root)
    try:
        from digileder import scenarios

        scenario = scenarios.load(SCENARIO)
        first = Counter()
        for path in paths:
            choices = scenario.situations[scenario.start].choices
            if 0 <= path[0] < len(choices):
                first[choices[path[0]].text] += 1
        return {scenario.title: first}
    finally:
        if previous is None:
            os.environ.pop("DIGILEDER_COURSE_ROOT", None)
        else:
            os.environ["DIGILEDER_COURSE_ROOT"] = previous
