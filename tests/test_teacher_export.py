"""Solutions autograde to full points, untouched releases to zero; export and overview."""

from __future__ import annotations

import csv
import json

import pytest

from digileder.teacher import course_init, export, grading, workflow
from digileder.teacher.scenario_choices import recorded_path

pytestmark = pytest.mark.slow
AUTO_POINTS = {"a2-business-case": 14.0, "a4-scenarie": 5.0}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = course_init.init_course(tmp_path_factory.mktemp("eksport") / "hold", timeout=60,
                                   report=lambda _m: None)
    for assignment in AUTO_POINTS:
        workflow.generate(root, assignment)
        name = f"{assignment}.ipynb"
        versions = {"s1-loesning": root / "source" / assignment / name,
                    "s2-uroert": root / "release" / assignment / name}
        for student, notebook in versions.items():
            folder = root / "submitted" / student / assignment
            folder.mkdir(parents=True)
            (folder / name).write_bytes(notebook.read_bytes())
        result = grading.grade_assignment(root, assignment, workers=2, report=lambda _m: None)
        assert not result.by_status("fejl"), grading.summary(result)
    return root


def _auto(root, assignment, student) -> float:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        sub = gradebook.find_submission(assignment, student)
        return sum(g.auto_score or 0 for nb in sub.notebooks for g in nb.grades
                   if g.cell.cell_type == "code")


@pytest.mark.parametrize("assignment", sorted(AUTO_POINTS))
def test_solution_gets_full_autograded_points_and_release_zero(course, assignment):
    assert _auto(course, assignment, "s1-loesning") == AUTO_POINTS[assignment]
    assert _auto(course, assignment, "s2-uroert") == 0


def test_the_recorded_scenario_path_is_read_without_running_code(course, tmp_path):
    graded = course / "autograded" / "s1-loesning" / "a4-scenarie" / "a4-scenarie.ipynb"
    assert recorded_path(graded) == [1, 0, 0, 0]
    nb = json.loads(graded.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "a4-valg":
            cell["source"] = "import os\nmine_valg = os.listdir('/')"
    hostile = tmp_path / "a4.ipynb"
    hostile.write_text(json.dumps(nb), encoding="utf-8")
    assert recorded_path(hostile) is None


def test_export_writes_grades_per_assignment_and_question(course, tmp_path):
    out = export.export(course, tmp_path / "ud", report=lambda _m: None)
    with (out / "karakterer.csv").open(encoding="utf-8-sig") as handle:
        totals = list(csv.DictReader(handle, delimiter=";"))
    assert {(r["id"], r["opgave"]) for r in totals} == {
        (s, a) for s in ("s1-loesning", "s2-uroert") for a in AUTO_POINTS}
    with (out / "spoergsmaal.csv").open(encoding="utf-8-sig") as handle:
        questions = list(csv.DictReader(handle, delimiter=";"))
    a2 = [r for r in questions if r["opgave"] == "a2-business-case" and r["id"] == "s1-loesning"]
    assert {r["spoergsmaal"] for r in a2} >= {"a2-q1-test", "a2-q2-hidden", "a2-q6"}
    # The memo (a2-q6) waits for the teacher: pending, not "0 point".
    memo = next(r for r in a2 if r["spoergsmaal"] == "a2-q6")
    assert memo["mangler_manuel_bedoemmelse"] == "ja"
    assert export._level({**memo, "mangler_manuel_bedoemmelse": True, "point": 0.0,
                          "max_point": 4.0}) == "ikke bedømt endnu"


def test_class_overview_is_anonymous_offline_and_shows_the_scenario_choices(course, tmp_path):
    out = export.export(course, tmp_path / "ud", report=lambda _m: None)
    page = (out / "holdoversigt.html").read_text(encoding="utf-8")
    assert page.count("<svg") == 3  # two assignments and the scenario
    assert "s1-loesning" not in page and "s2-uroert" not in page
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org", "")
    assert "Stop op" in page  # the first choice the solution took
