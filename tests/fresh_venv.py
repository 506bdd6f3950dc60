"""A fresh virtual environment with the course's packages, installed as a learner would.

Shared by the Binder test, the conda-steps test and the `digileder start` tests (one install of
about 600 MB per test session). The packages come from binder/environment.yml's pip list, the
same list as environment.yml and pyproject.toml (checked in tests/test_fresh_install.py).
When the tests run as root, the environment belongs to an ordinary user, who does every
install in it; root and that user can both start servers from it.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from tests.conftest import ROOT
from tests.serving import ORDINARY_USER, user_dir

# The checkout's files a wheel is built from (never .venv, mine-svar or test output).
SOURCE = ("src", "modules", "datasets", "assignments", "solutions", "pyproject.toml",
          "setup.py", "MANIFEST.in", "README.md", "LICENSE", "LICENSE-CONTENT.md",
          "environment.yml")


def pip_requirements(env_file: Path) -> list[str]:
    env = yaml.safe_load(env_file.read_text(encoding="utf-8"))
    return next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))


@dataclass
class FreshVenv:
    home: Path  # the owner's HOME, also holds the venv
    owner: str | None  # None: whoever runs the tests

    @property
    def bin(self) -> Path:
        return self.home / "venv" / "bin"

    def env(self) -> dict[str, str]:
        path = f"{self.bin}{os.pathsep}/usr/local/bin:/usr/bin:/bin"
        return {"HOME": str(self.home), "PATH": path, "LANG": "C.UTF-8",
                "USER": self.owner or "root", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}

    def run(self, cmd: list[str], cwd: Path | None = None, **kwargs):
        """Run CMD as the venv's owner, with no trace of the test's own environment."""
        if self.owner:
            entry = pwd.getpwnam(self.owner)
            cmd = ["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}",
                   "--clear-groups", *cmd]
        kwargs.setdefault("capture_output", True)
        kwargs.setdefault("text", True)
        done = subprocess.run(cmd, cwd=cwd or self.home, env=self.env(), **kwargs)
        assert done.returncode == 0, f"{cmd} failed:\n{done.stdout}\n{done.stderr}"[-4000:]
        return done

    def give(self, path: Path) -> Path:
        """Hand a file or folder the test made to the owner."""
        if self.owner:
            entry = pwd.getpwnam(self.owner)
            for item in [path, *(path.rglob("*") if path.is_dir() else [])]:
                # Never through a link: the venv's python links to the system's Python.
                os.chown(item, entry.pw_uid, entry.pw_gid, follow_symlinks=False)
        return path


def create() -> FreshVenv:
    owner = ORDINARY_USER if os.geteuid() == 0 else None
    venv = FreshVenv(user_dir("digileder-fresh-", owner), owner)
    requirements = venv.home / "requirements.txt"
    requirements.write_text("\n".join(pip_requirements(ROOT / "binder" / "environment.yml"))
                            + "\n", encoding="utf-8")
    venv.give(requirements)
    base_python = str(Path(sys.executable).resolve())
    venv.run([base_python, "-m", "venv", str(venv.home / "venv")])
    # --no-compile: byte-compiling every installed module took half the install (61 s
    # against 117 s on the loaded 2-core machine); Python compiles what is imported anyway.
    venv.run([str(venv.bin / "python"), "-m", "pip", "install", "-q", "--no-compile",
              "-r", str(requirements)], timeout=1200)
    return venv


def copy_source(source_root: Path, copy: Path, names=SOURCE) -> Path:
    """The checkout's files as a learner's clone or an unpacked download would have them."""
    copy.mkdir(parents=True, exist_ok=True)
    for name in names:
        path = source_root / name
        if path.is_dir():
            shutil.copytree(path, copy / name, ignore=shutil.ignore_patterns(
                "__pycache__", "*.egg-info", ".ipynb_checkpoints", "mine-svar"))
        elif path.is_file():
            shutil.copy2(path, copy / name)
    return copy


def build_wheel(source_root: Path, work: Path, names=SOURCE) -> subprocess.CompletedProcess:
    """Build the wheel from a copy of the checkout's files (the build writes build/ there)."""
    copy = copy_source(source_root, work / "kilde", names)
    return subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                           "-w", str(work / "dist"), str(copy)],
                          capture_output=True, text=True, timeout=600)
