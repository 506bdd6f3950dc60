"""Feedback preprocessor: participants see their grades, never the hidden tests.

nbgrader shows hidden tests in feedback by design (its issue #917). This removes the
hidden-test region from every cell and replaces the traceback of a failed hidden test
(which would print the test's own line) with a short Danish note.
"""

from __future__ import annotations

import nbformat
from nbgrader.preprocessors import ClearHiddenTests

HIDDEN_NOTE = ("En skjult test fejlede her. Se din underviser for detaljer, "
               "eller sammenlign med opgavens tip.")


class HideHiddenTests(ClearHiddenTests):
    """Fjerner skjulte test fra feedback (også fejlbeskeder, der ville vise dem)."""

    enforce_metadata = False

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type != "code" and cell.cell_type != "markdown":
            return cell, resources
        removed = self._remove_hidden_test_region(cell)
        if removed and cell.cell_type == "code":
            outputs = []
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    outputs.append(nbformat.v4.new_output(
                        "stream", name="stderr", text=HIDDEN_NOTE + "\n"))
                else:
                    outputs.append(output)
            cell.outputs = outputs
        return cell, resources
