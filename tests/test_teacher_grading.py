"""`digileder grade` on hostile and broken submissions, in ONE parallel batch.

Also: the parallel grades equal serial `nbgrader autograde`, and the feedback HTML is
offline and free of hidden tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from digileder.teacher import course_init, feedback, grading, workflow
from digileder.teacher.feedback_filter import HIDDEN_NOTE
from tests.fixtures.submissions.hostile import ASSIGNMENT, EXPECTED_AUTO, NOTEBOOK, build_all

pytestmark = pytest.mark.slow
# Short, but above the ~3-10 s a loaded CI machine needs to import the course package.
TIMEOUT = 30


def _scores(root: Path) -> dict[str, dict[str, float | None]]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        return {
            sub.student.id: {g.name: g.auto_score for nb in sub.notebooks for g in nb.grades}
            for sub in gradebook.assignment_submissions(ASSIGNMENT)
        }


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course root with 14 hostile A1 submissions, plus an untouched copy for nbgrader."""
    base = tmp_path_factory.mktemp("kursus")
    root = course_init.init_course(base / "hold", timeout=TIMEOUT, report=lambda _m: None)
    workflow.generate(root, ASSIGNMENT)
    files = build_all(root / "source" / ASSIGNMENT / NOTEBOOK,
                      root / "release" / ASSIGNMENT / NOTEBOOK)
    for student, contents in files.items():
        folder = root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        for name, data in contents.items():
            (folder / name).write_bytes(data)
    serial = base / "serial"
    shutil.copytree(root, serial)
    lines: list[str] = []
    report = grading.grade_assignment(root, ASSIGNMENT, workers=2, report=lines.append)
    return {"root": root, "serial": serial, "report": report, "lines": lines}


def test_the_batch_finishes_with_one_outcome_per_participant(course):
    outcomes = {o.student: o for o in course["report"].outcomes}
    assert len(outcomes) == 14
    assert course["lines"][-1].startswith("14/14 bedømt")


def test_every_submission_gets_the_right_grade_or_a_clear_error(course):
    outcomes = {o.student: o for o in course["report"].outcomes}
    scores = _scores(course["root"])
    for student, expected in EXPECTED_AUTO.items():
        if expected is None:
            assert outcomes[student].status == "fejl", student
            continue
        assert outcomes[student].status == "bedømt", (student, outcomes[student].message)
        code = sum(v or 0 for k, v in scores[student].items() if k != "a1-q7")
        assert code == expected, f"{student}: {code} != {expected}"


def test_errors_and_notes_are_danish_and_say_what_to_do(course):
    outcomes = {o.student: o for o in course["report"].outcomes}
    assert "ikke gyldig" in outcomes["p12-ikke-json"].message
    assert "Omdøb filen til a1-laes-tallene.ipynb" in outcomes["p13-omdoebt"].message
    assert "a1-q2-hidden" in " ".join(outcomes["p08-celle-slettet"].problems)
    assert (course["root"] / "logs" / f"grade-{ASSIGNMENT}-p12-ikke-json.log").is_file()
    # Nothing deleted or changed a submission.
    assert (course["root"] / "submitted" / "p12-ikke-json" / ASSIGNMENT / NOTEBOOK).is_file()


def test_grading_again_skips_graded_work_unless_forced(course):
    before = _scores(course["root"])
    again = grading.grade_assignment(course["root"], ASSIGNMENT, workers=2,
                                     students=["p01-loesning", "p14-uroert"],
                                     report=lambda _m: None)
    assert [o.status for o in again.outcomes] == ["sprunget over", "sprunget over"]
    assert _scores(course["root"]) == before


def _split_in_two(serial: Path) -> list[Path]:
    """Two course copies with half the submissions each: two serial nbgrader runs side by
    side take half the time on 2 cores, and each is still nbgrader's own autograde."""
    second = serial.with_name(serial.name + "-2")
    shutil.copytree(serial, second)
    students = sorted(p.name for p in (serial / "submitted").iterdir())
    for index, student in enumerate(students):
        shutil.rmtree((serial, second)[index % 2 == 0] / "submitted" / student)
    return [serial, second]


def test_parallel_grades_equal_serial_nbgrader(course):
    serial = course["serial"]
    # The infinite loop only costs time here; it is checked in the batch above.
    shutil.rmtree(serial / "submitted" / "p05-uendelig")
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    halves = _split_in_two(serial)
    runs = [subprocess.Popen([sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT],
                             cwd=half, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL) for half in halves]
    try:
        for run in runs:
            run.wait(timeout=900)
    finally:
        for run in runs:
            run.kill()  # only one that still runs after the timeout
    parallel_scores = _scores(course["root"])
    compared = 0
    for half in halves:
        for student, grades in _scores(half).items():
            if (half / "autograded" / student / ASSIGNMENT).is_dir():
                assert parallel_scores[student] == grades, student
                compared += 1
    assert compared >= 9


def test_feedback_is_offline_and_hides_the_hidden_tests(course):
    root = course["root"]
    files = feedback.generate_feedback(root, ASSIGNMENT, release=False,
                                       report=lambda _m: None).files
    assert len(files) >= 9
    source = (root / "source" / ASSIGNMENT / NOTEBOOK).read_text(encoding="utf-8")
    hidden_lines = ["assert abs(float(_fundet) - 100 * float(_ventet)) <= 1",
                    "assert abs(float(_fundet[_omraade]) - float(_andel)) < 1e-9, _omraade"]
    for line in hidden_lines:
        assert line in source  # the check below can fail
    for path in files:
        html = path.read_text(encoding="utf-8")
        assert feedback.problems(html) == [], path
        assert "<script src=\"http" not in html and "https://cdn" not in html
        for line in hidden_lines:
            assert line not in html, path
    solution = root / "feedback" / "p01-loesning" / ASSIGNMENT / "a1-laes-tallene.html"
    text = solution.read_text(encoding="utf-8")
    assert "<svg" in text  # the chart, inline
    # The course's Danish feedback template, not nbgrader's English one.
    assert "Dit svar" in text and "af 17)" in text
    assert "Student's answer" not in text and "Score:" not in text
    wrong = root / "feedback" / "p07-laast-rettet" / ASSIGNMENT / "a1-laes-tallene.html"
    assert HIDDEN_NOTE[:30] in wrong.read_text(encoding="utf-8")


def test_feedback_is_kept_unless_forced(course):
    root = course["root"]
    path = root / "feedback" / "p01-loesning" / ASSIGNMENT / "a1-laes-tallene.html"
    if not path.exists():
        feedback.generate_feedback(root, ASSIGNMENT, release=False, report=lambda _m: None)
    path.write_text("lærerens egen rettelse", encoding="utf-8")
    feedback.generate_feedback(root, ASSIGNMENT, release=False, report=lambda _m: None)
    assert path.read_text(encoding="utf-8") == "lærerens egen rettelse"
