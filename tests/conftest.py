"""Shared test set-up: a participant's answers never land in the repository."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Set before any notebook kernel starts, so nbval-executed modules write here too.
if "DIGILEDER_ANSWERS_DIR" not in os.environ:
    _ANSWERS = tempfile.TemporaryDirectory(prefix="digileder-svar-")  # removed at exit
    os.environ["DIGILEDER_ANSWERS_DIR"] = _ANSWERS.name


@pytest.fixture(autouse=True)
def _no_autosave_after_the_test():
    """A draft still waiting to be saved when a test ends is dropped, not written later."""
    yield
    from digileder.ui import autosave

    autosave.cancel_all()


@pytest.fixture
def answers_dir(tmp_path, monkeypatch) -> Path:
    """A fresh, empty mine-svar folder for one test."""
    folder = tmp_path / "mine-svar"
    monkeypatch.setenv("DIGILEDER_ANSWERS_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def fresh_venv():
    """A fresh venv with the course's packages from binder/environment.yml (tests/fresh_venv.py);
    removed at the end of the session."""
    import shutil
    import sys

    from tests.fresh_venv import create
    from tests.hub.hub_system import open_for_other_users

    # The owner may be an ordinary user: the base Python (often under /root) must be reachable.
    with open_for_other_users(Path(sys.executable).resolve().parent, ROOT):
        venv = create()
        yield venv
    shutil.rmtree(venv.home, ignore_errors=True)
