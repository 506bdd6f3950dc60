"""A course whose participants were added with nbgrader alone (no holdliste.csv): after
grading, someone who only handed in still counts as not on the roster, the teacher is told
once that the gradebook serves as the roster, and `roster add` starts holdliste.csv from the
gradebook's participants. Grading itself is stood in for by its merge step (no kernels)."""

from __future__ import annotations

import shutil
from datetime import datetime

import pytest

from digileder.teacher import collect, config, course_init, roster_store, status, workflow
from digileder.teacher.grade_merge import merge
from digileder.teacher.gradebook import open_gradebook
from digileder.teacher.roster import make_student, read_roster
from tests.fixtures.semester.tiny import ASSIGNMENT, NOTEBOOK, add_to_course, answered, submit

WHEN = datetime(2026, 6, 1, 9)
pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")  # nbgrader's own
NOTE = "ingen holdliste.csv"


def _graded_by_merge(root, base, student: str) -> None:
    """What `digileder grade` leaves for the merge: a private gradebook with the graded
    submission and the autograded folder."""
    private = base / "privat" / student
    (private / "autograded" / student).mkdir(parents=True)
    shutil.copy(root / "gradebook.db", private / "gradebook.db")
    with open_gradebook(f"sqlite:///{private / 'gradebook.db'}") as gradebook:
        gradebook.update_or_create_student(student)
        gradebook.update_or_create_submission(ASSIGNMENT, student, timestamp=WHEN)
    shutil.copytree(root / "submitted" / student / ASSIGNMENT,
                    private / "autograded" / student / ASSIGNMENT)
    merge(config.load_course_config(root), root, ASSIGNMENT, student, private)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    base = tmp_path_factory.mktemp("nbgrader-alene")
    root = course_init.init_course(base / "hold", report=lambda _m: None)
    add_to_course(root)
    with open_gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        gradebook.add_student("anne", first_name="Anne", last_name="Holm")
    workflow.release(root, ASSIGNMENT, report=lambda _m: None)
    release = root / "release" / ASSIGNMENT / NOTEBOOK
    for student in ("anne", "ukendt"):
        submit(root / "exchange", "digileder", student, answered(release), WHEN)
    said: dict[str, list[str]] = {"collect": [], "status": []}
    collect.collect(root, ASSIGNMENT, report=said["collect"].append)
    for student in ("anne", "ukendt"):
        _graded_by_merge(root, base, student)
    rows = {r.id: r for r in status.show_status(root, ASSIGNMENT, report=said["status"].append)}
    return {"root": root, "said": said, "rows": rows}


def test_someone_who_only_handed_in_is_unknown_even_after_grading(course):
    rows = course["rows"]
    assert not (course["root"] / roster_store.ROSTER_FILE).exists()
    assert rows["anne"].on_roster and rows["anne"].first_name == "Anne"
    assert not rows["ukendt"].on_roster
    assert "står ikke på holdlisten" in rows["ukendt"].note


def test_the_gradebook_as_roster_is_said_once_per_command(course):
    for command in ("collect", "status"):
        said = "\n".join(course["said"][command])
        assert said.count(NOTE) == 1, command
        assert "karakterbog" in said and "digileder roster import" in said


def test_roster_add_starts_holdliste_from_the_gradebooks_participants(course):
    root = course["root"]
    roster_store.add_students(root, [make_student("bo", "Bo", "Berg")])
    on_list = {s.id: s.first_name for s in read_roster(roster_store.roster_path(root),
                                                        report=lambda _m: None)}
    assert on_list == {"anne": "Anne", "bo": "Bo"}
    said: list[str] = []
    rows = {r.id: r for r in status.show_status(root, ASSIGNMENT, report=said.append)}
    assert not rows["ukendt"].on_roster and NOTE not in "\n".join(said)


def test_status_says_once_what_to_do_for_those_waiting_on_hand_grading(course):
    """Found in the semester walk: after grading, nothing under the table said what to do."""
    said = course["said"]["status"]
    assert any(line.startswith("Venter på dig (anne): Bedøm tekstsvarene i Formgrader.")
               and "digileder feedback t1" in line for line in said)
    assert not any(line.startswith("anne:") for line in said)


def test_a_participant_deleted_from_holdliste_is_no_longer_missing(course):
    """The guide's advice for someone added by mistake: delete their row in holdliste.csv."""
    root = course["root"]
    roster_store.add_students(root, [make_student("fejl", "Tilføjet", "Ved en fejl")])
    assert "fejl" in {r.id for r in status.status_rows(root, ASSIGNMENT)}
    path = roster_store.roster_path(root)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    path.write_text("\n".join(line for line in lines if not line.startswith("fejl;")) + "\n",
                    encoding="utf-8")
    assert "fejl" not in {r.id for r in status.status_rows(root, ASSIGNMENT)}


def test_status_of_an_assignment_not_released_says_so(course):
    """Semester walk #33: everyone 'mangler' only because a4 was never released."""
    said: list[str] = []
    rows = status.show_status(course["root"], "a4-scenarie", report=said.append)
    assert {r.status for r in rows} == {"mangler"}
    assert any("a4-scenarie er ikke udleveret endnu" in line and
               "digileder release a4-scenarie" in line for line in said)
    assert not any("ikke udleveret" in line for line in course["said"]["status"])
