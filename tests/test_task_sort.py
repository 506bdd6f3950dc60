"""Module 01's task sorter: the data file, the judging and the widget view."""

from __future__ import annotations

import pytest

from digileder import task_sort
from digileder.data import DataError

GOOD = """
title: Test
intro: Sortér.
categories:
  - {id: hurtigere, label: "Samme opgave, hurtigere"}
  - {id: ny-opgave, label: Ny opgave}
  - {id: aendrer-karakter, label: Opgaven ændrer karakter}
tasks:
  - {id: a, text: Opgave A, answer: hurtigere, feedback: Fordi A.}
  - {id: b, text: Opgave B, answer: ny-opgave, defensible: [aendrer-karakter], feedback: Fordi B.}
"""


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "task_sort.yml"
    path.write_text(GOOD, encoding="utf-8")
    return task_sort.load_tasks(path)


def test_course_file_loads_and_every_task_has_a_valid_answer_and_feedback():
    tasks = task_sort.load_tasks()
    ids = {c.id for c in tasks.categories}
    assert len(tasks.tasks) >= 6
    assert {"hurtigere", "aendrer-karakter", "ny-opgave"} <= ids
    for task in tasks.tasks:
        assert task.answer in ids and set(task.defensible) <= ids
        assert task.answer not in task.defensible
        assert len(task.feedback) > 40
    # Every category is the best answer at least once, so no one wins by always choosing one.
    assert {t.answer for t in tasks.tasks} == ids


def test_judge_tells_right_defensible_wrong_and_missing_apart(small):
    a, b = small.tasks
    assert task_sort.judge(a, "hurtigere", small).status == task_sort.CORRECT
    assert task_sort.judge(b, "aendrer-karakter", small).status == task_sort.DEFENSIBLE
    wrong = task_sort.judge(a, "ny-opgave", small)
    assert wrong.status == task_sort.WRONG
    assert "Samme opgave, hurtigere" in wrong.message and "Fordi A." in wrong.message
    assert task_sort.judge(a, "", small).status == task_sort.MISSING


def test_score_counts_correct_and_defensible(small):
    result = task_sort.check(small, {"a": "hurtigere", "b": "aendrer-karakter"})
    assert (result.score, result.total, result.count(task_sort.CORRECT)) == (2, 2, 1)
    assert "2 af 2" in result.summary()
    result = task_sort.check(small, {"a": "ny-opgave"})
    assert result.score == 0
    assert "mangler svar på 1 opgave." in result.summary()
    assert "ikke valgt" in task_sort.check(small, {}).summary()


def test_widget_checks_the_chosen_answers(small):
    view = task_sort.TaskSorter(small)
    view.dropdowns["a"].value = "hurtigere"
    view.dropdowns["b"].value = "hurtigere"
    view.button.click()
    assert view.result.score == 1
    assert "Rigtigt" in view.feedback["a"].value
    assert "Ikke helt" in view.feedback["b"].value and "Ny opgave" in view.feedback["b"].value
    assert "1 af 2" in view.summary.value


def test_every_dropdown_has_a_name_a_screen_reader_reads(small):
    """WCAG 4.1.2 (axe select-name): the label is the dropdown's accessible name."""
    view = task_sort.TaskSorter(small)
    names = [dropdown.description for dropdown in view.dropdowns.values()]
    assert names == ["Opgave 1", "Opgave 2"]


def test_full_course_widget_builds(monkeypatch):
    box = task_sort.show()
    assert "Tjek mine svar" in [getattr(c, "description", "") for c in box.children]


@pytest.mark.parametrize("broken, expected", [
    ("tasks: [", "linje"),
    ("title: x\ncategories: []\ntasks: []", "'categories' skal være en liste"),
    (GOOD.replace("answer: hurtigere", "answer: hurtig"), "kategorien 'hurtig' findes ikke"),
    (GOOD.replace("id: b,", "id: a,"), "'id' 'a' står også ved opgave nr. 1"),
    (GOOD.replace("feedback: Fordi A.", "feedback: ''"), "'feedback' mangler. Skriv en"),
    (GOOD.replace("id: a,", "id: A A,"), "Brug kun små bogstaver a-z"),
])
def test_broken_file_gives_danish_error_naming_the_place(tmp_path, broken, expected):
    path = tmp_path / "task_sort.yml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(DataError, match=expected):
        task_sort.load_tasks(path)
    shown = task_sort.show(path)
    assert "kan ikke vises" in shown.value and "task_sort.yml" in shown.value
