"""A submission that makes folders 1500 levels deep where its kernel may write (the socket
folder the grader shares into the sandbox, its working folder, /tmp) does not stop
`digileder grade`: the honest participant in the same batch is graded and saved, and the
next `grade` runs too (issue 14; Python's recursive removal died with RecursionError)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

from digileder.teacher import course_init, grading, workflow
from tests.fixtures.hostile_trees import temporary_folder
from tests.fixtures.submissions.hostile import (
    ASSIGNMENT,
    CORRECT,
    FULL,
    NOTEBOOK,
    _answer,
    auto_scores,
)

pytestmark = pytest.mark.slow

IN_THE_SANDBOX = '(os.path.dirname(get_connection_file()), os.getcwd(), "/tmp")'
# Without the sandbox, only the kernel's working folder (in the grader's work folder): its
# connection file may lie in the machine's real /tmp, which the test must not fill.
WITHOUT_SANDBOX = "tuple(b for b in (os.getcwd(),) if os.path.realpath(b) != '/tmp')"
DEEP = '''
def _deep(base, levels=1500):
    fd = os.open(base, os.O_RDONLY | os.O_DIRECTORY)
    for _ in range(levels):
        os.mkdir("d", dir_fd=fd)
        below = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = below
    os.fchmod(fd, 0o500)  # and the bottom cannot be written
    os.close(fd)

for _base in BASES:
    try:
        os.mkdir(_base + "/dyb")
        _deep(_base + "/dyb")
        print("DYB", _base)
    except OSError as err:
        print("BLOKERET", _base, err)
'''


def _course(folder: Path, bases: str) -> Path:
    """A course with two A1 submissions: a-dyb makes deep folders in BASES, b-aerlig is
    honest; both answer everything correctly."""
    root = course_init.init_course(folder / "hold", timeout=60, report=lambda _m: None)
    workflow.generate(root, ASSIGNMENT)
    release = json.loads((root / "release" / ASSIGNMENT / NOTEBOOK).read_text("utf-8"))
    codes = {"a-dyb": f"{CORRECT['a1-q1']}\nimport os\n"
                      f"from ipykernel.connect import get_connection_file\n"
                      f"BASES = {bases}\n{DEEP}",
             "b-aerlig": CORRECT["a1-q1"]}
    for student, code in codes.items():
        sub = root / "submitted" / student / ASSIGNMENT
        sub.mkdir(parents=True)
        nb = _answer(release, dict(CORRECT, **{"a1-q1": code}))
        (sub / NOTEBOOK).write_text(json.dumps(nb), encoding="utf-8")
    return root


@pytest.fixture
def tmp():
    with temporary_folder() as folder:
        yield folder


def _printed(root: Path, student: str) -> str:
    nb = json.loads((root / "autograded" / student / ASSIGNMENT / NOTEBOOK).read_text("utf-8"))
    return "".join(o["text"] if isinstance(o["text"], str) else "".join(o["text"])
                   for cell in nb["cells"] for o in cell.get("outputs", []) if "text" in o)


def test_deep_folders_from_one_submission_stop_neither_this_batch_nor_the_next(tmp):
    root = _course(tmp, IN_THE_SANDBOX)
    said: list[str] = []
    grading.grade_assignment(root, ASSIGNMENT, workers=1, report=said.append)
    assert "DYB" in _printed(root, "a-dyb"), "the attack did not run"
    assert auto_scores(root) == {"a-dyb": FULL, "b-aerlig": FULL}, said
    again: list[str] = []
    grading.grade_assignment(root, ASSIGNMENT, workers=1, force=True, report=again.append)
    assert auto_scores(root) == {"a-dyb": FULL, "b-aerlig": FULL}, again
    assert "Traceback" not in "\n".join(said + again)


def test_without_the_sandbox_a_deep_folder_does_not_end_grade_in_a_traceback(tmp):
    """--uden-sandkasse: the submission runs with the teacher's rights, but the clean-up of
    the grader's own work folder must still not die on what it left there."""
    root = _course(tmp, WITHOUT_SANDBOX)
    before = set(Path(tempfile.gettempdir()).iterdir())
    said: list[str] = []
    grading.grade_assignment(root, ASSIGNMENT, workers=1, sandbox=False, report=said.append)
    assert auto_scores(root)["b-aerlig"] == FULL, said
    # The attack ran: nbgrader's own recursive handling of the autograded folder fails on
    # it, named for that participant only (without the sandbox, as the guide warns).
    assert any(line.startswith("1/2 bedømt – a-dyb:") for line in said), said
    assert not any(p.name == "dyb" for p in set(Path(tempfile.gettempdir()).iterdir()) - before)
