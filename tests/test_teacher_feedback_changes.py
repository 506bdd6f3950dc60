"""A hand grade or comment changed in formgrader after feedback was made (semester walk
#21): status says the feedback is out of date, and `digileder feedback` makes it anew
without --force, so the participant never keeps a stale grade. Grading is stood in for by
its merge step (no kernels); feedback is nbgrader's own."""

from __future__ import annotations

from datetime import datetime

import pytest

from digileder.teacher import course_init, feedback, standing, status, workflow
from digileder.teacher.collect import collect
from digileder.teacher.gradebook import open_gradebook
from tests.fixtures.semester.tiny import ASSIGNMENT, NOTEBOOK, add_to_course, answered, submit
from tests.test_teacher_nbgrader_alone import _graded_by_merge

PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAA"
       "AABJRU5ErkJggg==")
pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")  # nbgrader's own


def _grade_by_hand(root, points: float, comment: str) -> None:
    """What formgrader does when the teacher saves a score and a comment."""
    with open_gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        test = gradebook.find_grade("t1-test", ASSIGNMENT, ASSIGNMENT, "anne")
        test.auto_score, test.needs_manual_grade = 1, False  # as autograde leaves it
        grade = gradebook.find_grade("t1-tekst", ASSIGNMENT, ASSIGNMENT, "anne")
        grade.manual_score, grade.needs_manual_grade = points, False
        gradebook.find_comment("t1-tekst", ASSIGNMENT, ASSIGNMENT, "anne").manual_comment = \
            comment
        gradebook.db.commit()


def _page(root) -> str:
    return (root / "feedback" / "anne" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text(
        encoding="utf-8")


def test_a_hand_grade_changed_after_feedback_is_sent_anew(tmp_path):
    root = course_init.init_course(tmp_path / "hold", report=lambda _m: None)
    add_to_course(root)
    with open_gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        gradebook.add_student("anne")
    workflow.release(root, ASSIGNMENT, report=lambda _m: None)
    nb = answered(root / "release" / ASSIGNMENT / NOTEBOOK)
    code = next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id")
                == "t1-svar")
    code["outputs"] = [{"output_type": "display_data", "metadata": {},
                        "data": {"image/png": PNG, "text/plain": "<Figure>"}}]
    submit(root / "exchange", "digileder", "anne", nb, datetime(2026, 6, 1, 9))
    collect(root, ASSIGNMENT, report=lambda _m: None)
    _graded_by_merge(root, tmp_path, "anne")
    _grade_by_hand(root, 1, "Første kommentar.")
    feedback.generate_feedback(root, ASSIGNMENT, report=lambda _m: None)
    assert status.status_rows(root, ASSIGNMENT)[0].status == standing.FEEDBACK
    # Semester walk #19: the page speaks Danish to the participant.
    page = _page(root)
    for english in ("No description has been provided", "Bedømt celle", "t1-test</code>"):
        assert english not in page, english
    assert "Billede uden beskrivelse" in page and "Test af dit svar" in page

    _grade_by_hand(root, 2, "Rettet kommentar.")  # in formgrader, after feedback went out
    row = status.status_rows(root, ASSIGNMENT)[0]
    assert row.status == standing.GRADED and "ser de gamle" in row.note

    said: list[str] = []
    result = feedback.generate_feedback(root, ASSIGNMENT, report=said.append)
    assert result.made == ["anne"] and result.grades_changed == ["anne"]
    assert "Rettet kommentar." in _page(root) and "Første kommentar." not in _page(root)
    assert any("ændret siden sidste feedback" in line for line in said)
    assert status.status_rows(root, ASSIGNMENT)[0].status == standing.FEEDBACK
    again = feedback.generate_feedback(root, ASSIGNMENT, report=lambda _m: None)
    assert again.kept == ["anne"] and again.grades_changed == []
