"""A class on JupyterHub as Kubernetes runs it: numeric uids that have no name.

Like KubeSpawner with deploy/kubernetes/values.yaml, every server (the teacher's too) runs
under uid 100000 + user id, with no passwd entry, the name only in JUPYTERHUB_USER, a
private HOME and the shared exchange, started with the image's ENTRYPOINT and CMD. Two
participants fetch, check and hand in: one with the Danish panel's code in their pod, one
over nbgrader's HTTP endpoints. The teacher collects, grades and returns feedback from a
terminal in their pod; each participant fetches their own feedback and cannot read the
other's.
"""

from __future__ import annotations

import json
import pwd
import shutil
from pathlib import Path

import pytest
from hub_answers import ASSIGNMENT, class_answers, fill, written_answers
from hub_pods import GID, image_command, pod_run
from hub_server import UserServer, running_hub, write_course_config, write_teacher_config
from hub_system import VENV_BIN, course_env_paths, open_for_other_users, require_root, scratch_dir

pytestmark = [pytest.mark.hub, pytest.mark.slow]
COURSE_ID = "digileder-pods"
PY = str(VENV_BIN / "python")
PATH = f"{VENV_BIN}:/usr/local/bin:/usr/bin:/bin"
NOTEBOOK = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
TEACHER = "underviser-k8s"
PANEL_USER = "deltager-fuld"
PANEL_STEPS = Path(__file__).with_name("panel_steps.py")


def in_pod(home: Path, command: list[str], **env):
    """Run COMMAND in the pod that owns HOME (as `kubectl exec` or a Lab terminal would)."""
    return pod_run(home, home.name, command, PY, PATH, **env)


def panel(home: Path, course_etc: Path, step: str, *args: str) -> list[str]:
    """One step of the "Dine opgaver" panel in the pod that owns HOME; what it says."""
    result = in_pod(home, [PY, str(PANEL_STEPS), step, ASSIGNMENT, *args],
                    JUPYTER_CONFIG_PATH=str(course_etc))
    assert result.returncode == 0, f"panel {step}:\n{result.stdout}\n{result.stderr}"
    return json.loads(result.stdout.strip().splitlines()[-1])


def teacher_cli(home: Path, *args: str) -> str:
    result = in_pod(home, [PY, "-m", "digileder.teacher.cli", *args])
    assert result.returncode == 0, f"digileder {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


def refused(home: Path, *command: str) -> bool:
    """True if the pod that owns HOME is refused by the file system when running COMMAND."""
    result = in_pod(home, list(command))
    return (result.returncode != 0 and command[-1] in result.stderr
            and "Permission denied" in result.stderr)


def test_a_class_in_kubernetes_style_pods():
    require_root()
    base = scratch_dir("pods-")
    homes = base / "homes"
    homes.mkdir()
    exchange = base / "exchange"
    exchange.mkdir()
    exchange.chmod(0o1777)
    course_etc = write_course_config(base / "etc" / "kursus", exchange, COURSE_ID)
    teacher_etc = write_teacher_config(base / "etc" / "underviser")
    people = class_answers()
    participants = {"deltager-fuld": "fuld", "deltager-delvis": "delvis"}
    users = [TEACHER, *participants]
    spawner = {
        "JupyterHub.spawner_class": "hub_pods.PodSpawner",
        "PodSpawner.homes": str(homes),
        "Spawner.cmd": image_command(PY),
    }
    try:
        with open_for_other_users(*course_env_paths()):
            with running_hub(base, [TEACHER], list(participants), course_etc, teacher_etc,
                             spawner) as hub:
                hub.request_servers(users)
                hub.wait_until_ready(users)
                home = {user: homes / user for user in users}
                uids = {user: home[user].stat().st_uid for user in users}
                # The conditions of the test: distinct numeric uids that have no passwd entry.
                assert len(set(uids.values())) == len(users)
                for uid in uids.values():
                    with pytest.raises(KeyError):
                        pwd.getpwuid(uid)
                servers = {user: UserServer(hub, user, hub.user_token(user)) for user in users}

                course = str(home[TEACHER] / "hold")
                teacher_cli(home[TEACHER], "course", "init", course, "--exchange", str(exchange),
                            "--course-id", COURSE_ID)
                teacher_cli(home[TEACHER], "release", ASSIGNMENT, "--course", course)

                # One participant uses the Danish panel (its code, run in their pod) ...
                answers = base / "svar.json"
                answers.write_text(json.dumps({**people["fuld"][0], **written_answers()}),
                                   encoding="utf-8")
                answers.chmod(0o644)
                said = panel(home[PANEL_USER], course_etc, "fetch")
                assert said == ["Klar til at hente", "Hentet – ikke afleveret"], said
                panel(home[PANEL_USER], course_etc, "answer", str(answers))
                said = panel(home[PANEL_USER], course_etc, "check")
                assert said == ["Hentet – ikke afleveret"] * 2, said  # all visible tests pass
                said = panel(home[PANEL_USER], course_etc, "submit")
                assert said[1].startswith("Kvittering: A1 · Læs tallene er afleveret"), said
                assert said[-1] == "Afleveret", said
                # ... the other nbgrader's HTTP endpoints (its own Assignments tab).
                for user, role in participants.items():
                    if user == PANEL_USER:
                        continue
                    listed = servers[user].hand_in(
                        COURSE_ID, ASSIGNMENT, lambda nb, role=role: fill(nb, people[role][0]))
                    # nbgrader names the submission after the hub user, not the uid.
                    (submitted,) = [a for a in listed if a["status"] == "submitted"]
                    assert submitted["submissions"][0]["student_id"] == user

                out = teacher_cli(home[TEACHER], "collect", ASSIGNMENT, "--course", course)
                assert f"{len(participants)} nye afleveringer" in out
                assert sorted(p.name for p in Path(course, "submitted").iterdir()) == \
                    sorted(participants)
                teacher_cli(home[TEACHER], "grade", ASSIGNMENT, "--course", course,
                            "--workers", "1")
                teacher_cli(home[TEACHER], "feedback", ASSIGNMENT, "--course", course)
                code = ("import json\nfrom nbgrader.api import Gradebook\n"
                        f"with Gradebook('sqlite:///{course}/gradebook.db', {COURSE_ID!r}) as gb:\n"
                        f"    print(json.dumps({{s: gb.find_submission({ASSIGNMENT!r}, s).score "
                        f"for s in {list(participants)!r}}}))\n")
                scores = json.loads(in_pod(home[TEACHER], [PY, "-c", code]).stdout)
                assert scores == {user: people[role][1] for user, role in participants.items()}

                said = panel(home[PANEL_USER], course_etc, "feedback")
                assert said[0] == said[-1] == "Feedback klar", said
                (feedback,) = said[1:-1]
                text = servers[PANEL_USER].request("GET", f"/files/{feedback}").text
                assert f"{people['fuld'][1]:g}" in text
                for user, role in participants.items():
                    if user == PANEL_USER:
                        continue
                    server = servers[user]
                    server.assignment_action("fetch_feedback", COURSE_ID, ASSIGNMENT)
                    (submitted,) = [a for a in server.assignments(COURSE_ID)
                                    if a["status"] == "submitted"]
                    (submission,) = submitted["submissions"]
                    assert submission["has_local_feedback"], submission
                    path = f"{submission['local_feedback_path']}/{ASSIGNMENT}.html"
                    text = server.request("GET", f"/files/{path}").text
                    assert f"{people[role][1]:g}" in text

            # Isolation by uid, as on the shared volume: nobody reads another's work or feedback.
            first, second = participants
            for reader, owner in ((first, second), (second, first)):
                feedback = next((home[owner] / ASSIGNMENT / "feedback").rglob("*.html"))
                assert refused(home[reader], "cat", str(feedback))
                assert refused(home[reader], "cat", str(home[owner] / NOTEBOOK))
                assert refused(home[reader], "ls", str(exchange / COURSE_ID / "inbound"))
                assert refused(home[reader], "cat", f"{course}/gradebook.db")
                own = in_pod(home[reader], ["cat", str(home[reader] / NOTEBOOK)])
                assert own.returncode == 0, own.stderr
            assert all(home[u].stat().st_gid == GID for u in users)
    finally:
        shutil.rmtree(base, ignore_errors=True)
