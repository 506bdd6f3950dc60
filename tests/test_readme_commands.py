"""Every command README names for starting the course works, as root and as an ordinary user.

Cheap on purpose: start the command, check that the page answers, stop it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.hub.hub_system import course_env_paths, open_for_other_users
from tests.serving import ORDINARY_USER, fetch, port_and_token, server_env, serving, user_dir

VENV = Path(sys.prefix)
START = "modules/00-kom-godt-i-gang.ipynb"
# Whoever runs the tests (root on CI), and an ordinary user (needs root to switch to it).
USERS = [pytest.param(None, id="root"),
         pytest.param(ORDINARY_USER, id="almindelig-bruger", marks=pytest.mark.skipif(
             os.geteuid() != 0, reason="switching to an ordinary user needs root"))]


@pytest.fixture(scope="module", autouse=True)
def _env_ready():
    """`make env` as the checkout's owner first, so an ordinary user finds it ready."""
    subprocess.run(["make", "-s", "env", f"VENV={VENV}"], cwd=ROOT, check=True,
                   capture_output=True)


def _make(target: str, args_name: str, args: str) -> list[str]:
    return ["make", "--no-print-directory", target, f"VENV={VENV}", f"{args_name}={args}"]


@pytest.mark.parametrize("user", USERS)
def test_make_lab_opens_module_00_in_danish(user):
    """Does `make lab` start JupyterLab on the course, with the Danish interface?"""
    port, token = port_and_token()
    home = user_dir("make-lab-", user)
    url = f"http://127.0.0.1:{port}/"
    cmd = _make("lab", "LAB_ARGS", f"--no-browser --ServerApp.port={port} "
                f"--ServerApp.port_retries=0 --IdentityProvider.token={token}")
    with open_for_other_users(ROOT, *course_env_paths()), \
            serving(cmd, f"{url}lab/tree/{START}?token={token}", ROOT,
                    server_env(home, user), home / "make.log", user=user):
        status, body = fetch(f"{url}api/contents/{START}?content=0&token={token}")
        assert status == 200 and json.loads(body)["name"] == Path(START).name
        status, body = fetch(f"{url}lab/api/settings/"
                             f"@jupyterlab/translation-extension:plugin?token={token}")
        # The course's override (labconfig) becomes the locale setting's default.
        assert json.loads(body)["schema"]["properties"]["locale"]["default"] == "da_DK"


@pytest.mark.parametrize("user", USERS)
def test_make_voila_serves_the_modules(user):
    """Does `make voila` start (it failed as root with --allow-root) and render module 00?"""
    port, _ = port_and_token()
    home = user_dir("make-voila-", user)
    cmd = _make("voila", "VOILA_ARGS", f"--no-browser --Voila.port={port} "
                "--Voila.port_retries=0")
    with open_for_other_users(ROOT, *course_env_paths()), \
            serving(cmd, f"http://127.0.0.1:{port}/", ROOT, server_env(home, user),
                    home / "make.log", user=user):
        # The tree page is drawn by JavaScript; rendering module 00 proves more, cheaply.
        status, body = fetch(f"http://127.0.0.1:{port}/voila/render/{Path(START).name}",
                             timeout=120)
        assert status == 200 and "Kom godt i gang" in body


@pytest.mark.skipif(os.geteuid() != 0, reason="make test's set-up installs Debian packages")
@pytest.mark.parametrize("script", ["ensure-chromium", "ensure-hub-deps", "ensure-postgres"])
def test_make_tests_set_up_scripts_run(script):
    """Do the set-up steps `make test` runs before pytest succeed (again) on this machine?"""
    done = subprocess.run(["bash", f"tools/{script}"], cwd=ROOT, capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
