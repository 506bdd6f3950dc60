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
from digileder.teacher.safe_tree import remove_tree
from tests.fixtures.submissions.hostile import (
    ASSIGNMENT,
    CORRECT,
    FULL,
    NOTEBOOK,
    _answer,
    auto_scores,
)

pytestmark = pytest.mark.slow

DEEP = '''
import os
from ipykernel.connect import get_connection_file

def _deep(base, levels=1500):
    fd = os.open(base, os.O_RDONLY | os.O_DIRECTORY)
    for _ in range(levels):
        os.mkdir("d", dir_fd=fd)
        below = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = below
    os.fchmod(fd, 0o500)  # and the bottom cannot be written
    os.close(fd)

for _base in (os.path.dirname(get_connection_file()), os.getcwd(), "/tmp"):
    try:
        os.mkdir(_base + "/dyb")
        _deep(_base + "/dyb")
        print("DYB", _base)
    except OSError as err:
        print("BLOKERET", _base, err)
'''


@pytest.fixture
def tmp():
    """A temporary folder removed with remove_tree: pytest's own clean-up of tmp_path is
    recursive and would die (for every later session too) on a deep tree a failed test left."""
    folder = Path(tempfile.mkdtemp(prefix="digileder-dyb-"))
    yield folder
    remove_tree(folder)


def _printed(root: Path, student: str) -> str:
    nb = json.loads((root / "autograded" / student / ASSIGNMENT / NOTEBOOK).read_text("utf-8"))
    return "".join(o["text"] if isinstance(o["text"], str) else "".join(o["text"])
                   for cell in nb["cells"] for o in cell.get("outputs", []) if "text" in o)


def test_deep_folders_from_one_submission_stop_neither_this_batch_nor_the_next(tmp):
    root = course_init.init_course(tmp / "hold", timeout=60, report=lambda _m: None)
    workflow.generate(root, ASSIGNMENT)
    release = json.loads((root / "release" / ASSIGNMENT / NOTEBOOK).read_text("utf-8"))
    codes = {"a-dyb": f"{CORRECT['a1-q1']}\n{DEEP}", "b-aerlig": CORRECT["a1-q1"]}
    for student, code in codes.items():
        folder = root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nb = _answer(release, dict(CORRECT, **{"a1-q1": code}))
        (folder / NOTEBOOK).write_text(json.dumps(nb), encoding="utf-8")
    said: list[str] = []
    grading.grade_assignment(root, ASSIGNMENT, workers=1, report=said.append)
    assert "DYB" in _printed(root, "a-dyb"), "the attack did not run"
    assert auto_scores(root) == {"a-dyb": FULL, "b-aerlig": FULL}, said
    again: list[str] = []
    grading.grade_assignment(root, ASSIGNMENT, workers=1, force=True, report=again.append)
    assert auto_scores(root) == {"a-dyb": FULL, "b-aerlig": FULL}, again
    assert "Traceback" not in "\n".join(said + again)
