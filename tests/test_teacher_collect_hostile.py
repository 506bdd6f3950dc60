"""`digileder collect` with hostile hand-in folders in the exchange's inbound (issue 14).

A participant may write their own folder in the inbound. Symlinks to the teacher's gradebook,
source, another participant's submission or /proc/self/environ, a fifo, a hard link to a file
of another user or a folder 1500 levels deep must not be copied (nor stop the batch): that
participant's submission is refused with a Danish line naming them and the file, everyone
else is collected as usual.
"""

from __future__ import annotations

import json
import os
import signal
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest

from digileder.teacher import course_init, workflow
from digileder.teacher.collect import collect
from digileder.teacher.errors import TeacherError
from digileder.teacher.file_submission import add_submission
from tests.fixtures.hostile_trees import deep_folder, temporary_folder
from tests.fixtures.semester.tiny import ASSIGNMENT, NOTEBOOK, add_to_course, answered, submit

SECRET = "hemmelig-noegle-4711"
PEOPLE = ["anne", "bo", "cai", "dan", "eli", "fie", "gus", "hal"]
AT = datetime(2026, 6, 1, 9)


@contextmanager
def _deadline(seconds: int):
    """Fail instead of hanging (nbgrader's copy blocks for ever on a fifo)."""
    def _late(_signum, _frame):
        raise TimeoutError(f"collect took more than {seconds} s")

    old = signal.signal(signal.SIGALRM, _late)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _hostile_inbound(root: Path, release: Path) -> dict[str, str]:
    """Submissions for everyone; all but anne's hold something collect must not copy.
    Returns the participant and the entry their refusal must name."""
    exchange, honest = root / "exchange", answered(release)
    folders = {p: submit(exchange, "digileder", p, honest, AT) for p in PEOPLE if p != "fie"}
    (folders["bo"] / NOTEBOOK).unlink()
    (folders["bo"] / NOTEBOOK).symlink_to(root / "gradebook.db")
    (folders["cai"] / "miljoe.txt").symlink_to("/proc/self/environ")
    os.mkfifo(folders["dan"] / "koe")
    deep_folder(folders["eli"], 1500, "d")
    # fie's whole hand-in folder points at anne's: reading another participant's answers
    (folders["anne"].parent / folders["anne"].name.replace("anne", "fie")).symlink_to(
        folders["anne"])
    (folders["gus"] / "kilde").symlink_to(root / "source")
    named = {"bo": NOTEBOOK, "cai": "miljoe.txt", "dan": "koe", "eli": "d/d/d", "fie": "fie+",
             "gus": "kilde"}
    if os.geteuid() == 0:  # a hard link to the teacher's gradebook in another user's folder
        (folders["hal"] / "karakterer.db").hardlink_to(root / "gradebook.db")
        os.chown(folders["hal"], 65534, 65534)
        named["hal"] = "karakterer.db"
    return named


@pytest.fixture(scope="module")
def course():
    with temporary_folder() as base:  # shutil.rmtree would die in the 1500-level folder
        roster = base / "hold.csv"
        roster.write_text("id,first_name,last_name,email\n" + "".join(
            f"{p},{p.title()},Holm,{p}@x.dk\n" for p in PEOPLE), encoding="utf-8")
        root = course_init.init_course(base / "hold", roster=roster, report=lambda _m: None)
        add_to_course(root)
        workflow.release(root, ASSIGNMENT, report=lambda _m: None)
        named = _hostile_inbound(root, root / "release" / ASSIGNMENT / NOTEBOOK)
        said: list[str] = []
        os.environ["DIGILEDER_HEMMELIGHED"] = SECRET
        try:
            with _deadline(120):
                result = collect(root, ASSIGNMENT, report=said.append)
        finally:
            os.environ.pop("DIGILEDER_HEMMELIGHED")
        yield {"root": root, "said": said, "result": result, "named": named}


def test_the_honest_participant_is_collected_and_nobody_hostile(course):
    root = course["root"]
    assert sorted(p.name for p in (root / "submitted").iterdir()) == ["anne"]
    assert course["result"].new == ["anne"]
    assert json.loads((root / "submitted" / "anne" / ASSIGNMENT / NOTEBOOK).read_text(
        encoding="utf-8"))["cells"]


def test_nothing_of_the_teacher_or_the_grader_reaches_a_submission(course):
    root = course["root"]
    for folder, dirs, files in os.walk(root / "submitted"):
        for name in dirs + files:
            path = Path(folder) / name
            assert not path.is_symlink(), path
            if path.is_file():
                data = path.read_bytes()
                assert SECRET.encode() not in data and b"SQLite format 3" not in data, path


def test_each_refusal_names_the_participant_and_the_file_in_danish(course):
    said, named = "\n".join(course["said"]), course["named"]
    refusals = [line for line in course["said"] if "ikke hentet" in line]
    assert len(refusals) == len(named), said
    for person, entry in named.items():
        line = next((r for r in refusals if r.startswith(f"{person}s aflevering")), "")
        assert entry in line, (person, said)
        assert "aflevere igen" in line and "digileder collect" in line, line
    assert course["result"].refused.keys() == named.keys()
    assert "Traceback" not in said and "Error" not in said
    print(said)  # shown with -s: the lines as the teacher reads them


def test_status_points_to_a_hand_in_that_was_not_collected(course):
    """`digileder status` must not show a refused hand-in as plain "mangler": the teacher
    learns there is one in the exchange and what to run."""
    from digileder.teacher.status import status_rows

    rows = {row.id: row for row in status_rows(course["root"], ASSIGNMENT)}
    assert "ikke er hentet" not in rows["anne"].note
    for person in course["named"]:
        assert "ikke er hentet" in rows[person].note, rows[person]
        assert f"digileder collect {ASSIGNMENT}" in rows[person].note


def test_a_second_run_says_the_refusals_again_and_a_clean_resubmission_is_collected(course):
    root, said = course["root"], []
    release = root / "release" / ASSIGNMENT / NOTEBOOK
    submit(root / "exchange", "digileder", "bo", answered(release), datetime(2026, 6, 1, 10))
    with _deadline(120):
        again = collect(root, ASSIGNMENT, report=said.append)
    assert again.new == ["bo"]
    assert "bo" not in again.refused and "cai" in again.refused
    assert (root / "submitted" / "bo" / ASSIGNMENT / NOTEBOOK).is_file()
    assert not (root / "submitted" / "bo" / ASSIGNMENT / NOTEBOOK).is_symlink()
    assert any(line.startswith("cais aflevering") for line in said), said


@pytest.mark.parametrize("make", ["symlink", "fifo"])
def test_add_submission_reads_only_a_plain_file(course, tmp_path, make):
    """A symlink (e.g. to another participant's notebook) or a fifo given to add-submission
    is refused in Danish, and nothing is added to the inbound."""
    root = course["root"]
    inbound = root / "exchange" / "digileder" / "inbound"
    before = sorted(p.name for p in inbound.iterdir())
    file = tmp_path / NOTEBOOK
    if make == "symlink":
        file.symlink_to(root / "submitted" / "anne" / ASSIGNMENT / NOTEBOOK)
    else:
        os.mkfifo(file)
    with _deadline(30), pytest.raises(TeacherError, match="ikke en almindelig fil"):
        add_submission(root, ASSIGNMENT, "hal", file, report=lambda _m: None)
    assert sorted(p.name for p in inbound.iterdir()) == before
