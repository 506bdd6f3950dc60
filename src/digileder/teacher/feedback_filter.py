"""Feedback preprocessor: participants see their grades, never the hidden tests, in Danish.

nbgrader shows hidden tests in feedback by design (its issue #917). This removes the
hidden-test region from every cell and replaces the traceback of a failed hidden test
(which would print the test's own line) with a short Danish note. Every other traceback
becomes one Danish line with Python's own message (a test's message is Danish already).
Output that shows a line of a hidden test (the participant's code can print the tests the
grading kernel ran) is replaced by a note too.
"""

from __future__ import annotations

import html
import re
import unicodedata

import nbformat
from nbgrader.preprocessors import ClearHiddenTests, GetGrades

HIDDEN_OUTPUT_NOTE = ("Her stod noget, koden skrev ud, som viste en skjult test. Det er "
                      "fjernet.\n")
_SHORTEST = 6  # characters of a hidden-test line that count as showing it
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
    """Fjerner skjulte test fra feedback (også fejlbeskeder og output, der ville vise dem).

    The grading kernel runs the hidden tests, so the participant's code can print them (an
    IPython pre_run_cell hook, `In`): every output that contains a line of a hidden test is
    replaced by a Danish note, in whichever cell it shows."""

    enforce_metadata = False

    def preprocess(self, nb, resources):
        self._hidden = hidden_lines(nb, self.begin_test_delimeter, self.end_test_delimeter)
        return super().preprocess(nb, resources)

    def _shows_hidden(self, output) -> bool:
        shown = readings("\n".join(_texts(output)))
        return any(line in text for text in shown for line in self._hidden)

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type != "code" and cell.cell_type != "markdown":
            return cell, resources
        removed = self._remove_hidden_test_region(cell)
        if cell.cell_type == "code":
            outputs = []
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    text = HIDDEN_NOTE if removed else danish_error(output)
                    output = nbformat.v4.new_output("stream", name="stderr", text=text + "\n")
                if self._shows_hidden(output):
                    output = nbformat.v4.new_output("stream", name="stderr",
                                                    text=HIDDEN_OUTPUT_NOTE)
                outputs.append(output)
            cell.outputs = outputs
        return cell, resources


def hidden_lines(nb, begin: str, end: str) -> set[str]:
    """The lines of every hidden-test region in NB, stripped; very short ones (")", "pass")
    say nothing and would match ordinary output."""
    found, inside = set(), False
    for cell in nb.cells:
        for line in cell.source.splitlines():
            if begin in line or end in line:
                inside = begin in line
            elif inside and len(squeezed(line)) >= _SHORTEST:
                found.add(squeezed(line))
    return found


_TAG = re.compile(r"<[^>]*>")
_TERMINAL_CODE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def squeezed(text: str) -> str:
    """TEXT without what a reader does not see: colour codes, invisible characters (such as
    zero-width spaces) and all white space, with look-alike letter forms made plain."""
    text = unicodedata.normalize("NFKC", _TERMINAL_CODE.sub("", text))
    return "".join(char for char in text
                   if not char.isspace() and unicodedata.category(char) != "Cf")


def readings(text: str) -> tuple[str, str]:
    """TEXT as plain text and as HTML shows it (tags gone, entities read): code that puts an
    empty tag between every letter of a test still shows the test."""
    return squeezed(text), squeezed(html.unescape(_TAG.sub("", text)))


def _texts(value):
    """Every string in an output (its text, data of every type, error message, traceback)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


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
