"""Feedback preprocessor: participants see their grades, never the hidden tests, in Danish.

nbgrader shows hidden tests in feedback by design (its issue #917). This removes the
hidden-test region from every cell and replaces the traceback of a failed hidden test
(which would print the test's own line) with a short Danish note. Every other traceback
becomes one Danish line with Python's own message (a test's message is Danish already).
"""

from __future__ import annotations

import nbformat
from nbgrader.preprocessors import ClearHiddenTests, GetGrades

HIDDEN_NOTE = ("En skjult test fejlede her. Spørg din underviser, hvis du vil vide mere, "
               "eller sammenlign med opgavens tip.")


def danish_error(output) -> str:
    """One Danish line for an error output instead of Python's English traceback."""
    name, value = output.get("ename", ""), output.get("evalue", "")
    if name == "AssertionError":
        return f"Testen fejlede: {value}" if value else "Testen fejlede."
    if name in ("KeyboardInterrupt", "CellTimeoutError"):
        return "Cellen blev stoppet, fordi den kørte for længe (tidsgrænsen ved bedømmelse)."
    if name == "NotImplementedError":
        return "Der står ikke noget svar her endnu."
    return f"Koden stoppede med en fejl. Python siger (på engelsk): {name}: {value}"


class HideHiddenTests(ClearHiddenTests):
    """Fjerner skjulte test fra feedback (også fejlbeskeder, der ville vise dem)."""

    enforce_metadata = False

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type != "code" and cell.cell_type != "markdown":
            return cell, resources
        removed = self._remove_hidden_test_region(cell)
        if cell.cell_type == "code":
            outputs = []
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    text = HIDDEN_NOTE if removed else danish_error(output)
                    outputs.append(nbformat.v4.new_output("stream", name="stderr",
                                                          text=text + "\n"))
                else:
                    outputs.append(output)
            cell.outputs = outputs
        return cell, resources


class GetGradesMarkingWaiting(GetGrades):
    """nbgrader's GetGrades, plus whether a grade still waits for the teacher's hand grading.

    nbgrader gives such an answer 0 points, so the feedback page would tell a participant
    "0 af 5 point" for a text nobody has read yet; the template says "ikke bedømt endnu".
    """

    def preprocess(self, nb, resources):
        resources["nbgrader"]["waiting"] = 0
        return super().preprocess(nb, resources)

    def _get_score(self, cell, resources) -> None:
        super()._get_score(cell, resources)
        grade = self.gradebook.find_grade(cell.metadata["nbgrader"]["grade_id"],
                                          self.notebook_id, self.assignment_id, self.student_id)
        waiting = bool(grade.needs_manual_grade) and grade.manual_score is None
        cell.metadata.nbgrader["waiting"] = waiting
        resources["nbgrader"]["waiting"] += waiting
