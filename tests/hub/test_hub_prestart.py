"""Issue 18 on a real JupyterHub: a participant's single-user server starts the notebook's
kernel when it serves the Lab page (digileder/prestart.py). JupyterHub sets its own
page_config_hook after the course's extension has loaded; the course's hook must still run,
under the hub's /user/<name>/ prefix."""

from __future__ import annotations

import time

import pytest
from hub_server import UserServer, running_hub, write_course_config, write_teacher_config
from hub_system import (
    course_env_paths,
    open_for_other_users,
    require_root,
    scratch_dir,
    unix_users,
)

pytestmark = [pytest.mark.hub, pytest.mark.slow]
NOTEBOOK = {"cells": [], "metadata": {"kernelspec": {"name": "python3",
                                                     "display_name": "Python 3"}},
            "nbformat": 4, "nbformat_minor": 5}


def _sessions(server: UserServer, path: str) -> list[dict]:
    return [s for s in server.request("GET", "/api/sessions").json() if s["path"] == path]


def test_the_hub_page_starts_the_notebooks_kernel():
    require_root()
    base = scratch_dir("prestart-")
    exchange = base / "exchange"
    exchange.mkdir()
    course_etc = write_course_config(base / "etc" / "kursus", exchange, "prestart")
    teacher_etc = write_teacher_config(base / "etc" / "underviser")
    with open_for_other_users(*course_env_paths()), unix_users(["deltager"]) as names:
        user = names["deltager"]
        with running_hub(base, [], [user], course_etc, teacher_etc) as hub:
            hub.request_servers([user])
            hub.wait_until_ready([user])
            server = UserServer(hub, user, hub.user_token(user))
            server.save_notebook("modul.ipynb", NOTEBOOK)
            page = server.request("GET", "/lab/tree/modul.ipynb")
            assert page.status_code == 200
            # The listing waits for a kernel being prestarted; a moment for the hub's proxy.
            deadline = time.monotonic() + 30
            while not _sessions(server, "modul.ipynb") and time.monotonic() < deadline:
                time.sleep(0.2)
            found = _sessions(server, "modul.ipynb")
            assert len(found) == 1, hub.log_tail()
            assert found[0]["kernel"]["name"] == "python3"
            server.request("GET", "/lab/tree/modul.ipynb")
            assert len(_sessions(server, "modul.ipynb")) == 1
            assert len(server.request("GET", "/api/kernels").json()) == 1
