"""Real system pieces for the hub tests: free ports, unix users, a throwaway PostgreSQL.

Everything is started on 127.0.0.1 only and removed again, also when a test fails.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

VENV_BIN = Path(sys.executable).parent
SCRATCH = Path("/tmp/hub")


def require_root() -> None:
    if os.geteuid() != 0:
        pytest.skip("JupyterHub-testene opretter rigtige brugere og skal køres som root")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def scratch_dir(prefix: str) -> Path:
    """A temp folder every local user may traverse (mkdtemp alone gives 0700)."""
    SCRATCH.mkdir(parents=True, exist_ok=True)
    SCRATCH.chmod(0o755)
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=SCRATCH))
    path.chmod(0o755)
    return path


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("text", True)
    return subprocess.run(cmd, **kwargs)


def run_as(user: str, cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run CMD as the unix user USER with its own HOME and the course env first on PATH."""
    home = pwd.getpwnam(user).pw_dir
    env = {"HOME": home, "USER": user, "LOGNAME": user, "LANG": "C.UTF-8",
           "PATH": f"{VENV_BIN}:/usr/local/bin:/usr/bin:/bin"}
    kwargs.setdefault("cwd", home)
    return run(["runuser", "-u", user, "--", "env", "-i",
                *(f"{k}={v}" for k, v in env.items()), *cmd], **kwargs)


def _pids_of(uid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    pids.append(int(entry.name))
            except FileNotFoundError:
                pass
    return pids


@contextmanager
def unix_users(roles: list[str]):
    """Create one unix user per role (names unique to this run); remove them afterwards.

    Homes are 0700, as on a hub where participants must not read each other's files.
    """
    tag = secrets.token_hex(3)
    names = {role: f"dl-{role}-{tag}" for role in roles}
    created = []
    try:
        for name in names.values():
            run(["useradd", "--create-home", "--shell", "/bin/bash", name], check=True)
            created.append(name)
            Path(pwd.getpwnam(name).pw_dir).chmod(0o700)
        yield names
    finally:
        for name in created:
            uid = pwd.getpwnam(name).pw_uid
            for pid in _pids_of(uid):  # leftovers of this user's server or kernels
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            run(["userdel", "--remove", name])


def course_env_paths() -> list[Path]:
    """What other users must reach to run the course env: the venv, its base Python, the
    editable source. (A pyenv Python under /root is the usual obstacle on CI machines.)"""
    import digileder

    return [VENV_BIN, Path(os.path.realpath(sys.executable)).parent,
            Path(digileder.__file__).resolve().parent]


def not_traversable(paths) -> list[Path]:
    """Folders on the way to PATHS that other users cannot enter (they need o+x)."""
    blocked = []
    for path in paths:
        for folder in [path, *path.parents]:
            if folder.is_dir() and not folder.stat().st_mode & 0o001 and folder not in blocked:
                blocked.append(folder)
    return blocked


@contextmanager
def open_for_other_users(*paths: Path):
    """Give o+x (enter, not list) to the folders on the way to PATHS that lack it, for the
    test's duration only; the original modes are restored afterwards."""
    changed = {folder: folder.stat().st_mode & 0o7777 for folder in not_traversable(paths)}
    try:
        for folder, mode in changed.items():
            folder.chmod(mode | 0o001)
        yield
    finally:
        for folder, mode in changed.items():
            folder.chmod(mode)


# --- PostgreSQL --------------------------------------------------------------------------

def postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.fail("PostgreSQL mangler. Kør: bash tools/ensure-postgres")
    return Path(found[-1]).parent


@contextmanager
def postgres_server():
    """A fresh PostgreSQL cluster on 127.0.0.1:<free port>; yields its URL (user postgres)."""
    bin_dir = postgres_bin()
    base = scratch_dir("pg-")
    data, sockets = base / "data", base / "sock"
    sockets.mkdir()
    shutil.chown(base, "postgres")
    shutil.chown(sockets, "postgres")
    port = free_port()
    pg = ["runuser", "-u", "postgres", "--"]
    started = False
    try:
        run([*pg, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
             "-E", "UTF8", "--locale=C.UTF-8"], check=True, cwd=base)
        options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
        run([*pg, str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-t", "30",
             "-l", str(base / "server.log"), "start"], check=True, cwd=base)
        started = True
        run([*pg, str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "digileder"],
            check=True, cwd=base)
        yield f"postgresql://postgres@127.0.0.1:{port}/digileder"
    finally:
        if started:
            run([*pg, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                cwd=base)
        shutil.rmtree(base, ignore_errors=True)


def psql(url: str, query: str) -> str:
    bin_dir = postgres_bin()
    result = run([str(bin_dir / "psql"), url, "-At", "-c", query], check=True)
    return result.stdout.strip()
