"""One small course (tiny assignment t1, default exchange inside the course root): the
teacher's files are private on a shared machine while the exchange stays open; a past due
date is warned about; a notebook handed in outside the hub goes in through add-submission.

init, release with a due date in the past, one submission through the exchange and one by
add-submission, collect. Modes are checked as numbers and, when the tests run as root (CI),
by really reading as another user (nobody).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

import pytest

from digileder.teacher import config, course_init, private_files, workflow
from digileder.teacher.collect import HISTORY, collect, keep_old_version
from digileder.teacher.danish_time import parse_danish
from digileder.teacher.errors import TeacherError
from digileder.teacher.file_submission import add_submission
from tests.fixtures.semester.tiny import ASSIGNMENT, NOTEBOOK, add_to_course, answered, submit

PAST_DUE = "2020-03-01 12:00"
SETPRIV = shutil.which("setpriv")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _nobody_can_read(path: Path) -> bool:
    """Can the unprivileged user nobody read PATH (a file) or list it (a folder)?"""
    command = ["ls", str(path)] if path.is_dir() else ["cat", str(path)]
    done = subprocess.run([SETPRIV, "--reuid=65534", "--regid=65534", "--clear-groups",
                           *command], capture_output=True, check=False)
    return done.returncode == 0


@pytest.fixture(scope="module")
def course():
    # Not under pytest's tmp folder: that is 0700, so nobody could reach even the exchange.
    base = Path(tempfile.mkdtemp(prefix="digileder-privat-"))
    os.chmod(base, 0o755)  # like a home folder others may pass through
    roster = base / "hold.csv"
    roster.write_text("id,first_name,last_name,email\nanne,Anne,Holm,a@x.dk\n"
                      "eva-lund,Eva,Lund,e@x.dk\n", encoding="utf-8")
    root = course_init.init_course(base / "hold", roster=roster, report=lambda _m: None)
    add_to_course(root)
    said: list[str] = []
    workflow.release(root, ASSIGNMENT, due=parse_danish(PAST_DUE), report=said.append)
    release = root / "release" / ASSIGNMENT / NOTEBOOK
    submit(root / "exchange", "digileder", "anne", answered(release), datetime(2026, 6, 1, 9))
    mailed = base / f"{ASSIGNMENT} (1).ipynb"  # what a browser calls a second download
    mailed.write_text(json.dumps(answered(release, text="Sendt på mail.")), encoding="utf-8")
    said_add: list[str] = []
    add_submission(root, ASSIGNMENT, "Eva-Lund", mailed, when=parse_danish("2026-06-01 21:30"),
                   report=said_add.append)
    collected = collect(root, ASSIGNMENT, report=lambda _m: None)
    yield {"root": root, "said": said, "said_add": said_add, "collected": collected,
           "base": base}
    shutil.rmtree(base)


def test_names_grades_submissions_and_solutions_are_private(course):
    root = course["root"]
    assert _mode(root) == 0o711  # others may only pass through, to reach exchange/
    for name in ("gradebook.db", "holdliste.csv", "nbgrader_config.py"):
        assert _mode(root / name) == 0o600, name
    for name in private_files.FOLDERS:
        assert _mode(root / name) == 0o700, name
    assert (root / "submitted" / "anne" / ASSIGNMENT / NOTEBOOK).is_file()


def test_the_exchange_stays_as_nbgrader_needs_it(course):
    exchange = course["root"] / "exchange"
    assert _mode(exchange) == 0o1777
    outbound = exchange / "digileder" / "outbound" / ASSIGNMENT
    assert _mode(outbound) & 0o005 == 0o005  # every participant can fetch it
    assert _mode(outbound / NOTEBOOK) & 0o004


@pytest.mark.skipif(os.geteuid() != 0 or not SETPRIV, reason="needs root and setpriv to "
                    "act as another user; the mode checks above run everywhere")
def test_another_local_user_reads_the_release_but_no_names_or_grades(course):
    root = course["root"]
    assert _nobody_can_read(root / "exchange" / "digileder" / "outbound" / ASSIGNMENT / NOTEBOOK)
    for path in (root / "gradebook.db", root / "holdliste.csv", root / "submitted",
                 root / "submitted" / "anne" / ASSIGNMENT / NOTEBOOK,
                 root / "source" / ASSIGNMENT / NOTEBOOK, root):
        assert not _nobody_can_read(path), path


def test_an_older_course_root_loses_other_users_access_but_keeps_a_group(tmp_path):
    """Does a course made before this change (gradebook 0644, submitted 0777) get tightened,
    while a group the teacher opened it to keeps its access?"""
    root = tmp_path / "hold"
    root.mkdir()
    (root / "nbgrader_config.py").write_text("c = get_config()\n", encoding="utf-8")
    (root / "gradebook.db").write_bytes(b"")
    os.chmod(root / "gradebook.db", 0o664)
    (root / "submitted").mkdir()
    os.chmod(root / "submitted", 0o777)
    (root / "noter").mkdir(mode=0o755)  # not the course's: left alone
    os.chmod(root / "noter", 0o755)
    config.load_course_config(root)
    assert _mode(root / "gradebook.db") == 0o660
    assert _mode(root / "submitted") == 0o770
    assert _mode(root / "autograded") == 0o700
    assert _mode(root / "noter") == 0o755


def test_an_exchange_outside_the_course_root_makes_the_root_0700(tmp_path):
    root = course_init.init_course(tmp_path / "hold", exchange=tmp_path / "exchange",
                                   report=lambda _m: None)
    assert _mode(root) == 0o700
    assert _mode(root / "gradebook.db") == 0o600


def test_a_due_date_in_the_past_is_warned_about_in_danish(course):
    said = "\n".join(course["said"])
    assert "Advarsel: Fristen 1. marts 2020 kl. 12.00 er allerede overskredet" in said
    assert f"digileder release {ASSIGNMENT} --due" in said


def test_release_with_only_a_new_due_date_changes_the_due_date(course):
    """Is the warning's advice true: a new --due on a released assignment, without --force?"""
    from nbgrader.api import Gradebook

    root, said = course["root"], []
    workflow.release(root, ASSIGNMENT, due=parse_danish("2099-03-01 12:00"), report=said.append)
    assert "kun fristen er ændret: 1. marts 2099 kl. 12.00" in said[0]
    assert not any("Advarsel" in line for line in said)
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        assert gradebook.find_assignment(ASSIGNMENT).duedate == datetime(2099, 3, 1, 11, 0)


@pytest.mark.parametrize("utc, name", [(datetime(2026, 6, 1, 10, 0), "2026-06-01T12-00-00+0200"),
                                       (datetime(2026, 12, 1, 10, 0), "2026-12-01T11-00-00+0100")])
def test_earlier_versions_are_named_in_danish_time_with_the_zone(tmp_path, utc, name):
    submitted = tmp_path / "submitted" / "anne" / ASSIGNMENT
    submitted.mkdir(parents=True)
    (submitted / NOTEBOOK).write_text("{}", encoding="utf-8")
    # collected with the exchange's open modes (semester walk #13)
    os.chmod(submitted, 0o777)
    os.chmod(submitted / NOTEBOOK, 0o644)
    kept = keep_old_version(tmp_path, "anne", ASSIGNMENT, utc)
    assert kept == tmp_path / HISTORY / "anne" / ASSIGNMENT / name
    assert (kept / NOTEBOOK).read_text(encoding="utf-8") == "{}"
    assert _mode(kept) == 0o700 and _mode(kept / NOTEBOOK) == 0o600
    (tmp_path / "submitted" / "bo").mkdir()
    submitted.rename(tmp_path / "submitted" / "bo" / ASSIGNMENT)
    shared = keep_old_version(tmp_path, "bo", ASSIGNMENT, utc, groupshared=True)
    assert _mode(shared) == 0o2770 and _mode(shared / NOTEBOOK) == 0o660


def test_a_notebook_handed_in_by_mail_is_collected_like_one_from_the_hub(course):
    root, collected = course["root"], course["collected"]
    assert collected.new == ["anne", "eva-lund"]
    # the due date is in 2020: both are late, eva at the time given, 21:30 Danish time
    assert collected.late["eva-lund"] == datetime(2026, 6, 1, 19, 30)
    kept = root / "submitted" / "eva-lund" / ASSIGNMENT
    cells = json.loads((kept / NOTEBOOK).read_text(encoding="utf-8"))["cells"]
    assert any("Sendt på mail." in "".join(cell["source"]) for cell in cells)
    said = "\n".join(course["said_add"])
    assert "Eva-Lund → eva-lund" in said and f"gemt som {NOTEBOOK}" in said
    assert f"digileder collect {ASSIGNMENT}" in said


@pytest.mark.parametrize("student, content, problem", [
    ("dorte", '{"cells": []}', "står ikke på holdlisten"),
    ("-rf", '{"cells": []}', "ikke gyldigt"),
    ("anne", "ikke json", "ikke en notesbog"),
    ("anne", '{"celler": 1}', "ikke en notesbog"),
])
def test_add_submission_refuses_in_danish_and_adds_nothing(course, student, content, problem):
    inbound = course["root"] / "exchange" / "digileder" / "inbound"
    before = sorted(p.name for p in inbound.iterdir())
    file = course["base"] / NOTEBOOK
    file.write_text(content, encoding="utf-8")
    with pytest.raises(TeacherError, match=problem):
        add_submission(course["root"], ASSIGNMENT, student, file, report=lambda _m: None)
    assert sorted(p.name for p in inbound.iterdir()) == before


def test_add_submission_checks_the_file_before_it_says_what_it_will_be_called(course):
    """A CSV sent by mistake: refused, and no line first promises to save it as the notebook."""
    file = course["base"] / "svar.csv"
    file.write_text("id;svar\nanne;42\n", encoding="utf-8")
    said: list[str] = []
    with pytest.raises(TeacherError, match="ikke en notesbog"):
        add_submission(course["root"], ASSIGNMENT, "anne", file, report=said.append)
    assert said == []


def test_late_by_seconds_within_the_due_minute_is_said():
    """Semester walk #16: 'frist kl. 21.45, afleveret kl. 21.45' read as on time."""
    from digileder.teacher.collect import CollectReport, describe

    due = parse_danish("2026-11-30 21:45")
    late = {"p7": datetime(2026, 11, 30, 20, 45, 19), "p9": datetime(2026, 11, 30, 20, 47, 0)}
    lines = describe(CollectReport(ASSIGNMENT, due, new=["p7", "p9"], late=late), Path("/hold"))
    assert "  p7: afleveret 30. november 2026 kl. 21.45 (19 sekunder efter fristen)" in lines
    assert "  p9: afleveret 30. november 2026 kl. 21.47" in lines


def test_collect_gives_the_command_for_an_unknown_submitter():
    """Semester walk #29: the note named no command and said 'dem' for one person."""
    from digileder.teacher.collect import CollectReport, describe

    lines = describe(CollectReport(ASSIGNMENT, new=["p10"], unknown=["p10"]), Path("/hold"))
    said = "\n".join(lines)
    assert "Skal personen være med, så tilføj personen: digileder roster add ID" in said
    assert "--course /hold" in said and " dem " not in said
