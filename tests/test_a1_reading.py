"""A1 is for leaders who read figures: points for reading, Danish hints for typical mistakes."""

from __future__ import annotations

import ast
import json
import re

import nbformat
import pytest
from nbclient import NotebookClient

from digileder import charts, data, stats
from tests.conftest import RECHECKING_CLIENT, ROOT

A1 = ROOT / "solutions" / "a1-laes-tallene" / "a1-laes-tallene.ipynb"


def _cells() -> list[dict]:
    return json.loads(A1.read_text(encoding="utf-8"))["cells"]


def _meta(cell: dict) -> dict:
    return cell["metadata"].get("nbgrader", {})


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _only_literals(code: str) -> bool:
    """True when the answer only writes down numbers, words or True/False (read, not coded)."""
    body = re.sub(r"### (BEGIN|END) SOLUTION", "", code)
    tree = ast.parse(body)
    return all(isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
               for node in tree.body)


def test_most_of_a1s_points_go_to_reading_and_interpreting():
    cells = _cells()
    answers = {_meta(c)["grade_id"]: c for c in cells if _meta(c).get("solution")}
    reading = coding = 0
    for cell in cells:
        meta = _meta(cell)
        if not meta.get("grade"):
            continue
        if cell["cell_type"] == "markdown":  # a written argument, graded by the teacher
            reading += meta["points"]
            continue
        question = re.sub(r"-(test|hidden)$", "", meta["grade_id"])
        if _only_literals(_source(answers[question])):
            reading += meta["points"]
        else:
            coding += meta["points"]
    assert reading >= 2 * coding, f"reading {reading} vs code {coding}"


def test_every_code_answer_is_one_line_or_a_few_copied_lines():
    for cell in _cells():
        if cell["cell_type"] == "code" and _meta(cell).get("solution"):
            solution = _source(cell).split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
            statements = ast.parse(solution).body
            assert len(statements) <= 4, _meta(cell)["grade_id"]


def test_the_chart_tip_draws_the_intervals_that_task_7_asks_about():
    # only nbgrader cells have a grade id (the hand-in panel's cell on top has none)
    cells = {_meta(c)["grade_id"]: _source(c) for c in _cells() if "grade_id" in _meta(c)}
    assert 'lower="lower", upper="upper"' in cells["a1-q6-text"]
    assert "interval" in cells["a1-q7-text"]
    rubric = re.findall(r"^\| .+ \| (\d+) \|$", cells["a1-q7-text"], re.MULTILINE)
    manual = next(_meta(c)["points"] for c in _cells() if _meta(c).get("grade_id") == "a1-q7")
    assert rubric and sum(map(int, rubric)) == manual


@pytest.mark.parametrize("call", [
    lambda table: stats.share_table(table, "udfordring_gevnster", by="omraade"),
    lambda table: stats.share_table(table, "udfordring_gevinster", by="område"),
    lambda table: charts.share_bars(stats.share_table(table, "udfordring_gevinster",
                                                      by="omraade"),
                                    "omraade", lower="lower", upper="uper",
                                    chart_title="T", description="D"),
])
def test_a_misspelt_column_gets_a_danish_hint_not_a_keyerror(call):
    with pytest.raises(stats.ColumnError) as caught:
        call(data.survey())
    message = str(caught.value)
    assert "findes ikke i tabellen" in message and "Mente du '" in message
    assert caught.value._render_traceback_() == [f"Fejl: {message}"]


def test_the_participant_sees_the_danish_sentence_without_a_traceback(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "from digileder import data, stats\n"
        'stats.share_table(data.survey(), "udfordring_gevinster", by="omrade")')]
    client = NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                            config=RECHECKING_CLIENT,
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    error = next(o for o in nb.cells[0].outputs if o.output_type == "error")
    shown = "\n".join(error.traceback)
    assert "Mente du 'omraade'?" in shown
    assert "KeyError" not in shown and "Traceback" not in shown and "File " not in shown


def test_the_readable_table_is_in_danish_pct():
    leaders = data.survey().query("gruppe == 'leder'")
    table = stats.readable(stats.share_table(leaders, "udfordring_gevinster", by="omraade"))
    row = table.set_index("omraade").loc["vej og park"]
    assert row["Antal svar (n)"] == 65
    assert row["Andel"] == "64,6 pct."
    assert row["95 pct.-interval"] == "52,5 til 75,1 pct."
