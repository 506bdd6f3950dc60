"""One step of the "Dine opgaver" panel, run inside a participant's pod by the hub tests.

Calls what the panel's buttons call (digileder.handin.exchange) and prints the panel's
Danish text as JSON lines, so the test reads what the participant would read.
Usage: python panel_steps.py {fetch|answer|check|submit|feedback} ASSIGNMENT [ANSWERS.json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from digileder.handin import exchange, model


def row(assignment_id: str) -> model.Assignment:
    (found,) = [a for a in exchange.list_assignments() if a.assignment_id == assignment_id]
    return found


def main(step: str, assignment_id: str, answers: str | None = None) -> list[str]:
    current = row(assignment_id)
    said = [current.status.value]
    if step == "fetch":
        exchange.fetch(current)
    elif step == "answer":  # what the participant types, saved as Lab saves it
        path = Path.home() / assignment_id / f"{assignment_id}.ipynb"
        notebook = json.loads(path.read_text(encoding="utf-8"))
        given = json.loads(Path(answers).read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if grade_id in given:
                cell["source"] = given[grade_id]
        path.write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")
    elif step == "check":
        said += [line for result in exchange.validate(current)
                 for line in model.explain_validation(result)]
    elif step == "submit":
        submitted, notebooks = exchange.submit(current)
        said += model.receipt(current, submitted, notebooks).lines()
    elif step == "feedback":
        exchange.fetch_feedback(current)
        latest = row(assignment_id).submissions[-1]
        said += exchange.feedback_files(latest.feedback_path)
    said.append(row(assignment_id).status.value)
    return said


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:]), ensure_ascii=False))
