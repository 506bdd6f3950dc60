"""Run a command that README names and that starts a server; check that the page answers.

For the tests of README's commands (make lab, make voila, digileder start, Binder): start the
command in its own process group on 127.0.0.1, wait until a URL answers, stop the whole group
(also on failure). Optionally as an ordinary unix user (nobody) instead of root.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from tests.browser.browser_servers import free_port, jupyter_env, stop_process_group

ORDINARY_USER = "nobody"


def user_dir(prefix: str, user: str | None) -> Path:
    """A scratch folder USER owns (pytest's tmp_path is 0700 root, closed to others),
    removed when the test session ends."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, path, True)
    if user:
        entry = pwd.getpwnam(user)
        path.chmod(0o755)
        os.chown(path, entry.pw_uid, entry.pw_gid)
    return path


def server_env(home: Path, user: str | None) -> dict[str, str]:
    """Private Jupyter folders and HOME under HOME, owned by USER."""
    env = jupyter_env(home / "jupyter", answers_dir=home / "mine-svar")
    env.update(HOME=str(home), LANG="C.UTF-8")
    env.pop("DIGILEDER_ANSWERS_DIR")  # the command under test decides where answers go
    if user:
        entry = pwd.getpwnam(user)
        for folder in [home, *home.rglob("*")]:
            os.chown(folder, entry.pw_uid, entry.pw_gid, follow_symlinks=False)
        env.update(USER=user, LOGNAME=user)
    return env


def fetch(url: str, timeout: float = 10) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", errors="replace")


@contextlib.contextmanager
def serving(cmd: list[str], url: str, cwd: Path, env: dict, log: Path,
            user: str | None = None, timeout: float = 120) -> Iterator[str]:
    """Start CMD, yield the body of URL once it answers 200, then stop CMD's process group."""
    if user:
        entry = pwd.getpwnam(user)
        cmd = ["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}",
               "--clear-groups", *cmd]
    with open(log, "wb") as out:
        process = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise AssertionError(f"{cmd} stopped with exit code {process.returncode}:\n"
                                     + log.read_text(errors="replace")[-3000:])
            with contextlib.suppress(OSError):
                status, body = fetch(url, timeout=5)
                if status == 200:
                    break
            if time.monotonic() > deadline:
                raise AssertionError(f"{url} did not answer within {timeout} s:\n"
                                     + log.read_text(errors="replace")[-3000:])
            time.sleep(0.3)
        yield body
    finally:
        stop_process_group(process)


def port_and_token() -> tuple[int, str]:
    return free_port(), os.urandom(12).hex()
