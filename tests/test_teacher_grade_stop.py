"""Stopping `digileder grade` midway (Ctrl-C, SIGTERM, SIGKILL), with and without the
sandbox, leaves no fork server, kernel or participant process running (issue 14).

A submission starts a detached process with a marker and then loops; the grader is stopped
while the loop runs. Before the fix, a forked kernel (whose command line is the fork
server's) and what it started lived on after an unsandboxed grader was killed.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from digileder.teacher import course_init, grade_leftovers, workflow
from tests.fixtures.processes import processes_with
from tests.fixtures.submissions.hostile import ASSIGNMENT, CORRECT, NOTEBOOK, _answer

pytestmark = pytest.mark.slow
STUDENT = "p30-stop"


def _stat(pid: int) -> tuple[int, str, str] | None:
    """(parent pid, state, start time) of PID, or None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return int(fields[1]), fields[0], fields[19]


def _descendants(root_pid: int) -> dict[int, str]:
    """pid -> start time of every living process below ROOT_PID."""
    parents = {}
    for pid in map(int, filter(str.isdigit, os.listdir("/proc"))):
        info = _stat(pid)
        if info and info[1] != "Z":
            parents[pid] = info
    found, todo = {}, [root_pid]
    while todo:
        parent = todo.pop()
        for pid, (ppid, _state, start) in parents.items():
            if ppid == parent and pid not in found:
                found[pid] = start
                todo.append(pid)
    return found


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = course_init.init_course(tmp_path_factory.mktemp("stop") / "hold", timeout=60,
                                   report=lambda _m: None)
    workflow.generate(root, ASSIGNMENT)
    marker = f"digileder-stop-{uuid.uuid4().hex[:8]}"
    loop = (f"import subprocess, sys\nsubprocess.Popen([sys.executable, '-c', "
            f"'import time; time.sleep(600)', {marker!r}], start_new_session=True)\n"
            "while True:\n    pass")
    release = json.loads((root / "release" / ASSIGNMENT / NOTEBOOK).read_text("utf-8"))
    folder = root / "submitted" / STUDENT / ASSIGNMENT
    folder.mkdir(parents=True)
    nb = _answer(release, dict(CORRECT, **{"a1-q1": loop}))
    (folder / NOTEBOOK).write_text(json.dumps(nb), encoding="utf-8")
    yield root, marker
    for pid in processes_with(marker):  # only if the test failed
        os.kill(pid, signal.SIGKILL)


# Each signal was tried with and without the sandbox (all passed); these three keep the suite
# short. A killed sandboxed grader was already covered by bwrap --die-with-parent.
@pytest.mark.parametrize(("signum", "sandboxed"), [
    (signal.SIGINT, True), (signal.SIGTERM, False), (signal.SIGKILL, False),
], ids=["ctrl-c-sandkasse", "sigterm-uden-sandkasse", "sigkill-uden-sandkasse"])
def test_stopping_grade_midway_leaves_nothing_running(course, sandboxed, signum):
    root, marker = course
    cmd = [sys.executable, "-m", "digileder", "grade", ASSIGNMENT, "--course", str(root),
           "--workers", "1", "--force", *([] if sandboxed else ["--uden-sandkasse"])]
    grader = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 240  # a loaded machine: imports and pre-warming
        while not processes_with(marker):
            assert grader.poll() is None, grader.communicate()
            assert time.monotonic() < deadline, "the submission never ran"
            time.sleep(0.2)
        time.sleep(0.5)
        started = _descendants(grader.pid)
        assert len(started) >= 4  # worker, fork server, kernel, the marker process
        if signum == signal.SIGINT:
            os.killpg(grader.pid, signum)  # Ctrl-C reaches the terminal's whole group
        else:
            os.kill(grader.pid, signum)
        out, err = grader.communicate(timeout=120)
    finally:
        if grader.poll() is None:
            grader.kill()
    alive = started
    for _ in range(100):
        alive = {pid: start for pid, start in alive.items()
                 if (info := _stat(pid)) and info[1] != "Z" and info[2] == start}
        if not alive and not processes_with(marker):
            break
        time.sleep(0.1)
    assert alive == {}, {pid: Path(f"/proc/{pid}/cmdline").read_bytes() for pid in alive}
    assert processes_with(marker) == []
    if signum != signal.SIGKILL:  # the teacher is told in Danish, without a traceback
        assert "Bedømmelsen blev afbrudt" in out + err and "Traceback" not in err, (out, err)
    else:  # multiprocessing's resource tracker outlives it: no English warning from it
        assert "resource_tracker" not in err and "leaked" not in err, err
    left = list(Path(tempfile.gettempdir()).glob(f"digileder-grade-{grader.pid}-*"))
    if signum == signal.SIGKILL:  # it could not clean up; the next grade does
        assert left and set(left) <= set(grade_leftovers.clean_stale()), left
        assert not any(folder.exists() for folder in left)
    else:
        assert left == []
