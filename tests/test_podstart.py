"""The image's entrypoint gives a pod's numeric uid a name, and refuses names it cannot use."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from digileder import podstart
from tests.conftest import ROOT


def environment(tmp_path, **env):
    return podstart.nss_environment(env, 100777, 100, tmp_path)


def test_a_named_uid_gets_a_passwd_line_and_the_wrapper(tmp_path):
    env = environment(tmp_path, JUPYTERHUB_USER="anna.k", HOME="/home/jovyan",
                      LD_PRELOAD="libother.so")
    passwd = (tmp_path / "passwd").read_text(encoding="utf-8")
    assert passwd.startswith(open("/etc/passwd", encoding="utf-8").read())
    assert passwd.endswith("anna.k:x:100777:100:anna.k:/home/jovyan:/bin/bash\n")
    assert env["LD_PRELOAD"] == "libnss_wrapper.so libother.so"
    assert env["NSS_WRAPPER_PASSWD"] == str(tmp_path / "passwd")
    assert env["NSS_WRAPPER_GROUP"] == str(tmp_path / "group")


@pytest.mark.parametrize("name", ["", "anna:0:0", "anna\nroot:x:0:0::/:/bin/sh", "../x",
                                  "a" * 65, "root"])
def test_names_that_would_break_or_borrow_an_identity_are_refused(tmp_path, name):
    """Is a hostile or clashing JUPYTERHUB_USER refused with a Danish message?"""
    with pytest.raises(podstart.PodStartError) as error:
        environment(tmp_path, JUPYTERHUB_USER=name)
    assert "JUPYTERHUB_USER" in str(error.value) or "findes allerede" in str(error.value)
    assert not (tmp_path / "passwd").exists()


def _podstart(*command, **env):
    variables = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "src"), **env}
    return subprocess.run([sys.executable, "-m", "digileder.podstart", *command],
                          capture_output=True, text=True, env=variables)


def test_a_uid_with_a_name_runs_the_command_unchanged():
    result = _podstart("sh", "-c", 'echo "[$LD_PRELOAD]"; id -un', JUPYTERHUB_USER="anna")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["[]", os.popen("id -un").read().strip()]


def test_a_missing_command_is_reported_in_danish():
    result = _podstart("findes-ikke-kommando")
    assert result.returncode == 1
    assert "kunne ikke starte 'findes-ikke-kommando'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"),
                    reason="needs root to run as a uid without a passwd entry")
def test_a_pod_uid_without_passwd_entry_is_named_after_jupyterhub_user(tmp_path):
    """The real thing: libnss-wrapper answers getpwuid for a uid /etc/passwd does not know."""
    tmp_path.chmod(0o777)
    python = "/usr/bin/python3"  # the venv's Python may sit under a private /root
    script = str(ROOT / "src" / "digileder" / "podstart.py")  # stdlib only
    check = "import os, pwd; print(pwd.getpwuid(os.getuid()).pw_name)"
    base = ["setpriv", "--reuid=100777", "--regid=100", "--clear-groups", "env", "-i",
            "PATH=/usr/bin:/bin", f"TMPDIR={tmp_path}",
            f"HOME={tmp_path}"]
    plain = subprocess.run([*base, python, "-c", check], capture_output=True, text=True)
    assert "KeyError" in plain.stderr  # what nbgrader meets without the entrypoint
    wrapped = subprocess.run([*base, "JUPYTERHUB_USER=anna", python, script, python, "-c",
                              check], capture_output=True, text=True)
    assert wrapped.returncode == 0, wrapped.stderr
    assert wrapped.stdout.strip() == "anna"
    missing = subprocess.run([*base, python, script, "id"],
                             capture_output=True, text=True)
    assert missing.returncode == 1 and "JUPYTERHUB_USER er ikke sat" in missing.stderr
