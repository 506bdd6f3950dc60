"""Participants' answers for assignment A1, built from the solution notebook.

The expected score of each invented participant ("opdigtet") is computed from the points
in the solution's nbgrader metadata, so the tests follow the assignment when it changes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import ROOT

ASSIGNMENT = "a1-laes-tallene"
SOLUTION = ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
_SOLUTION_BLOCK = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION\n?", re.S)


def _source(cell: dict) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def _meta(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def solution_answers() -> dict[str, str]:
    """grade_id -> the solution code of every code answer cell (markers removed)."""
    nb = json.loads(SOLUTION.read_text(encoding="utf-8"))
    answers = {}
    for cell in nb["cells"]:
        meta = _meta(cell)
        if cell["cell_type"] == "code" and meta.get("solution"):
            answers[meta["grade_id"]] = _SOLUTION_BLOCK.sub(r"\1", _source(cell))
    return answers


def written_answers() -> dict[str, str]:
    """grade_id -> an invented text for every written (markdown) answer cell."""
    nb = json.loads(SOLUTION.read_text(encoding="utf-8"))
    return {_meta(c)["grade_id"]: "Vi måler gevinsterne hvert kvartal i Vej og Park. (opdigtet)"
            for c in nb["cells"] if c["cell_type"] == "markdown" and _meta(c).get("solution")}


def points_by_test_cell() -> dict[str, float]:
    """grade_id -> points of every autograded test cell."""
    nb = json.loads(SOLUTION.read_text(encoding="utf-8"))
    return {_meta(c)["grade_id"]: float(_meta(c)["points"]) for c in nb["cells"]
            if c["cell_type"] == "code" and _meta(c).get("grade")}


def points_for(questions: list[str]) -> float:
    """Autograded points of the tests that belong to the questions (e.g. 'a1-q1')."""
    return sum(p for gid, p in points_by_test_cell().items()
               if any(gid.startswith(q + "-") for q in questions))


def fill(notebook: dict, answers: dict[str, str]) -> dict:
    """The notebook with the answer cells named in ANSWERS replaced (as a participant types)."""
    for cell in notebook["cells"]:
        gid = _meta(cell).get("grade_id")
        if gid in answers:
            cell["source"] = answers[gid]
    return notebook


def class_answers() -> dict[str, tuple[dict[str, str], float]]:
    """Three invented participants: answers by grade_id and the expected automatic score.

    - "fuld": every answer right.
    - "delvis": questions 1-2 right, question 3 as a percentage (46 instead of 0.46),
      nothing after that.
    - "tom": hands in the notebook untouched.
    """
    solution = solution_answers()
    partial = {gid: solution[gid] for gid in ("a1-q1", "a1-q2")}
    partial["a1-q3"] = 'andel_gevinster = ledere["udfordring_gevinster"].mean() * 100\n'
    return {
        "fuld": (solution, points_for(sorted(solution))),
        "delvis": (partial, points_for(["a1-q1", "a1-q2"])),
        "tom": ({}, 0.0),
    }


def write_notebook(path: Path, notebook: dict) -> None:
    path.write_text(json.dumps(notebook, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
