"""A `digileder collect` that was killed (SIGKILL, the memory killer, a closed laptop lid
on a hub) leaves its staging folder with copies of participants' hand-ins in the course
folder. The next collect removes it, and only its own kind: never one of a collect still
running, nor one made on another machine that shares the course folder (a hub's pods)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import datetime

from digileder.teacher import course_init, workflow
from digileder.teacher.collect import collect
from tests.fixtures.hostile_trees import temporary_folder
from tests.fixtures.semester.tiny import ASSIGNMENT, NOTEBOOK, add_to_course, answered, submit


def _dead_pid() -> int:
    done = subprocess.Popen([sys.executable, "-c", "pass"])
    done.wait()
    return done.pid


def test_a_killed_collect_is_cleaned_up_by_the_next_and_nothing_else():
    with temporary_folder() as base:
        roster = base / "hold.csv"
        roster.write_text("id,first_name,last_name,email\nanne,Anne,Holm,a@x.dk\n",
                          encoding="utf-8")
        root = course_init.init_course(base / "hold", roster=roster, report=lambda _m: None)
        add_to_course(root)
        workflow.release(root, ASSIGNMENT, report=lambda _m: None)
        release = root / "release" / ASSIGNMENT / NOTEBOOK
        submit(root / "exchange", "digileder", "anne", answered(release),
               datetime(2026, 6, 1, 9))
        host, dead = socket.gethostname(), _dead_pid()
        stale = root / f".hentes-{host}-{dead}-ab12_cd"
        (stale / "digileder" / "inbound" / "anne+a1").mkdir(parents=True)
        (stale / "digileder" / "inbound" / "anne+a1" / NOTEBOOK).write_text("{}")
        running = root / f".hentes-{host}-{os.getpid()}-ef34"
        other_host = root / f".hentes-en-anden-pod-{dead}-gh56"
        old_style = root / ".hentes-qw8e9r"
        for folder in (running, other_host, old_style):
            folder.mkdir()
        said: list[str] = []
        result = collect(root, ASSIGNMENT, report=said.append)

        assert result.new == ["anne"]
        assert not stale.exists()
        assert running.is_dir() and other_host.is_dir() and old_style.is_dir()
        assert any("afbrudt" in line and stale.name in line for line in said), said
        # Its own staging folder is gone when it ends.
        left = {p.name for p in root.glob(".hentes-*")}
        assert left == {running.name, other_host.name, old_style.name}
