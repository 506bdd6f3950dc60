"""A class on a real JupyterHub: one teacher and three participants as real unix users.

The teacher releases A1 through a shared nbgrader exchange; each participant fetches,
answers and submits through their own single-user server over HTTP (the endpoints the
JupyterLab "Assignments" tab calls); the teacher collects, grades with `digileder grade`
and returns feedback; each participant fetches their feedback. Then: the grades are right,
and no participant can read another's work or feedback.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import time
from pathlib import Path

import pytest
import requests
from hub_answers import ASSIGNMENT, class_answers, fill
from hub_server import UserServer, running_hub, write_course_config, write_teacher_config
from hub_system import (
    VENV_BIN,
    course_env_paths,
    open_for_other_users,
    require_root,
    run_as,
    scratch_dir,
    unix_users,
)

from digileder import labconfig

pytestmark = [pytest.mark.hub, pytest.mark.slow]
COURSE_ID = "digileder-e2e"
PY = str(VENV_BIN / "python")
NOTEBOOK = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"


def teacher_cli(teacher: str, *args: str) -> str:
    """Run `digileder ...` (the teacher commands) as the teacher's unix user."""
    result = run_as(teacher, [PY, "-m", "digileder.teacher.cli", *args], timeout=600)
    assert result.returncode == 0, f"digileder {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def gradebook_scores(teacher: str, course: str, students: list[str]) -> dict[str, float]:
    code = (
        "import json, sys\nfrom nbgrader.api import Gradebook\n"
        f"with Gradebook('sqlite:///{course}/gradebook.db', {COURSE_ID!r}) as gb:\n"
        f"    print(json.dumps({{s: gb.find_submission({ASSIGNMENT!r}, s).score "
        f"for s in {students!r}}}))\n"
    )
    result = run_as(teacher, [PY, "-c", code])
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def page_config(server: UserServer) -> dict:
    """The JupyterLab page's config data (what the browser gets)."""
    text = server.request("GET", "/lab").text
    found = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                      text, re.S)
    assert found, text[:500]
    return json.loads(html.unescape(found.group(1)))


def cannot(user: str, *cmd: str) -> bool:
    """True if USER is refused (by the file system) when running CMD."""
    result = run_as(user, list(cmd))
    return result.returncode != 0 and "Permission denied" in result.stderr


def test_a_class_on_jupyterhub():
    require_root()
    started = time.monotonic()
    laps = []

    def lap(label: str) -> None:
        laps.append(f"{label}: {time.monotonic() - started:.0f} s")

    base = scratch_dir("e2e-")
    exchange = base / "exchange"
    exchange.mkdir()
    exchange.chmod(0o1777)  # everyone writes, nobody removes others' files
    course_etc = write_course_config(base / "etc" / "kursus", exchange, COURSE_ID)
    teacher_etc = write_teacher_config(base / "etc" / "underviser")
    people = class_answers()
    roster = base / "holdliste.csv"
    try:
        with open_for_other_users(*course_env_paths()), \
                unix_users(["underviser", *people]) as names:
            teacher = names["underviser"]
            participants = {names[role]: role for role in people}
            roster.write_text("id,first_name,last_name,email\n" + "".join(
                f"{user},Opdigtet,{role.title()},{user}@example.invalid\n"
                for user, role in participants.items()), encoding="utf-8")
            roster.chmod(0o644)

            lap("users created")
            course = f"/home/{teacher}/hold"
            # Formgrader finds the class through the teacher's own nbgrader_config.py.
            result = run_as(teacher, ["sh", "-c", "mkdir -p ~/.jupyter && printf "
                                      f"\"c.CourseDirectory.root = '{course}'\\n\" "
                                      "> ~/.jupyter/nbgrader_config.py"])
            assert result.returncode == 0, result.stderr

            with running_hub(base, [teacher], list(participants), course_etc,
                             teacher_etc) as hub:
                users = [teacher, *participants]
                hub.request_servers(users)
                lap("hub started")
                # Meanwhile the teacher creates the class and releases A1 (in a terminal).
                teacher_cli(teacher, "course", "init", course, "--exchange", str(exchange),
                            "--course-id", COURSE_ID, "--roster", str(roster))
                teacher_cli(teacher, "release", ASSIGNMENT, "--course", course)
                lap("teacher init+release")
                hub.wait_until_ready(users)
                lap("servers ready")
                servers = {user: UserServer(hub, user, hub.user_token(user)) for user in users}

                # Each participant: list, fetch, answer, save, submit — over HTTP.
                for user, role in participants.items():
                    listed = servers[user].hand_in(
                        COURSE_ID, ASSIGNMENT, lambda nb, role=role: fill(nb, people[role][0]))
                    statuses = {a["status"] for a in listed}
                    assert statuses == {"fetched", "submitted"}, statuses

                lap("participants fetch+submit")
                # The teacher collects, grades in parallel and returns feedback.
                out = teacher_cli(teacher, "collect", ASSIGNMENT, "--course", course)
                assert f"{len(participants)} nye afleveringer" in out
                lap("collect")
                out = teacher_cli(teacher, "grade", ASSIGNMENT, "--course", course,
                                  "--workers", "2")
                assert f"{len(participants)}/{len(participants)} bedømt" in out
                lap("grade")
                teacher_cli(teacher, "feedback", ASSIGNMENT, "--course", course)

                lap("feedback")
                scores = gradebook_scores(teacher, course, list(participants))
                assert scores == {user: people[role][1] for user, role in participants.items()}

                # The teacher sees the same in the formgrader (opened in its own tab).
                teacher_server = servers[teacher]
                graded = teacher_server.request(
                    "GET", f"/formgrader/api/submissions/{ASSIGNMENT}").json()
                assert {s["student"]: s["score"] for s in graded} == scores
                page = teacher_server.request("GET", "/formgrader")
                # Security default kept: no iframe embedding (nbgrader #1870, PR #1947).
                assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]

                # Each participant fetches their own feedback, with their own score in it.
                for user, role in participants.items():
                    server = servers[user]
                    server.assignment_action("fetch_feedback", COURSE_ID, ASSIGNMENT)
                    submitted = [a for a in server.assignments(COURSE_ID)
                                 if a["status"] == "submitted"]
                    (submission,) = submitted[0]["submissions"]
                    assert submission["has_local_feedback"], submission
                    feedback_path = f"{submission['local_feedback_path']}/{ASSIGNMENT}.html"
                    text = server.request("GET", f"/files/{feedback_path}").text
                    assert f"{people[role][1]:g}" in text
                    assert "BEGIN HIDDEN TESTS" not in text

                lap("feedback fetched")
                # JupyterLab: nbgrader's teacher tools and its English Assignments tab only on
                # the teacher's server; participants use the Danish panel (digileder.handin).
                for user in users:
                    disabled = set(page_config(servers[user])["disabledExtensions"])
                    shown = not disabled & set(labconfig.TEACHER_PLUGINS)
                    assert shown == (user == teacher), (user, disabled)
                    hidden = "@jupyter/nbgrader:assignment-list" in disabled
                    assert hidden == (user != teacher), (user, disabled)

                # Isolation through the hub: a participant's token opens no one else's server.
                first, second = list(participants)[:2]
                other = requests.get(f"{hub.url}/user/{first}/api/contents/{NOTEBOOK}",
                                     headers={"Authorization": f"token {hub.user_token(second)}"},
                                     allow_redirects=False, timeout=30)
                assert other.status_code in (403, 404), other.status_code

            lap("hub stopped")
            # Isolation on disk: every participant tries to read every other one's work.
            inbound = exchange / COURSE_ID / "inbound"
            submissions = sorted(inbound.iterdir())
            assert len(submissions) == len(participants)
            for reader in participants:
                assert cannot(reader, "ls", str(inbound)), "inbound/ must not be listable"
                assert cannot(reader, "ls", str(exchange / COURSE_ID / "feedback"))
                assert cannot(reader, "cat", f"{course}/gradebook.db")
                for owner in participants:
                    if owner == reader:
                        continue
                    home = Path(f"/home/{owner}")
                    feedback = next((home / ASSIGNMENT / "feedback").rglob("*.html"))
                    assert cannot(reader, "cat", str(home / NOTEBOOK))
                    assert cannot(reader, "cat", str(feedback))
                    assert cannot(reader, "ls", f"{course}/submitted/{owner}")
                # Reading one's own work works: the checks above fail for the right reason.
                own = run_as(reader, ["cat", f"/home/{reader}/{NOTEBOOK}"])
                assert own.returncode == 0, own.stderr
            # A submission is hidden by its unguessable name (nbgrader's design): the
            # participant's name + assignment + timestamp + 12 random characters.
            for folder in submissions:
                assert re.fullmatch(r"[^+]+\+" + re.escape(ASSIGNMENT) + r"\+[^+]+\+[\w-]{12}",
                                    folder.name), folder.name
    finally:
        shutil.rmtree(base, ignore_errors=True)
    lap("done")
    print("hub end-to-end, seconds since start:", "; ".join(laps))
