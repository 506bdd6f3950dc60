"""Shared test set-up: a participant's answers never land in the repository."""

from __future__ import annotations

import functools
import os
import sys
import tempfile
from pathlib import Path

import pytest
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
# For a NotebookClient in the test process: the course's kernel client
# (digileder/kernel_client.py). Late in a long pytest session the ZeroMQ wake-up for a cell's
# reply can be lost (test_kernel_client.py); with jupyter_client's own client that cost a
# notebook test a whole cell timeout (120-240 s instead of 2-9 s for selvstudie.ipynb).
RECHECKING_CLIENT = Config({"AsyncKernelManager": {
    "client_class": "digileder.kernel_client.RecheckingKernelClient"}})

# Set before any notebook kernel starts, so nbval-executed modules write here too.
if "DIGILEDER_ANSWERS_DIR" not in os.environ:
    _ANSWERS = tempfile.TemporaryDirectory(prefix="digileder-svar-")  # removed at exit
    os.environ["DIGILEDER_ANSWERS_DIR"] = _ANSWERS.name


def _ask_alembic_once() -> None:
    """nbgrader starts a new `alembic heads` process each time it creates a gradebook (1 s on
    a quiet machine, up to 20 s on a loaded one; the suite creates dozens). The answer depends
    only on the installed nbgrader, so the test process asks alembic once, for real, and keeps
    the answer. Subprocesses (the CLI, hub and hand-in tests) still ask alembic themselves."""
    api = sys.modules.get("nbgrader.api")
    if api is not None and not hasattr(api.get_alembic_version, "cache_info"):
        api.get_alembic_version = functools.cache(api.get_alembic_version)


# `make test` runs the files in two processes (pytest-xdist). Each file goes to one process
# as a whole, so its module and session fixtures (a graded batch, a Lab or Voila server) are
# made once. The tests that change what the whole machine shares (real unix users, the modes
# of the folders on the way to the env, the fresh venv) all go to the same process, one after
# the other. (xdist's own --dist loadgroup does not group with pytest 9.2: it renames
# item._nodeid, which pytest no longer reads.)
SHARES_THE_MACHINE = ("tests/hub/", "tests/browser/test_binder.py",
                      "tests/test_fresh_install.py", "tests/test_readme_commands.py",
                      "tests/test_selfstudy.py")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class ByFile(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return "maskinen" if path.startswith(SHARES_THE_MACHINE) else path

    return ByFile(config, log)


@pytest.hookimpl(tryfirst=True)
def pytest_fixture_setup(fixturedef, request):
    _ask_alembic_once()  # before a fixture that makes a course (nbgrader may be imported now)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item):
    _ask_alembic_once()


@pytest.fixture(autouse=True)
def _no_autosave_after_the_test():
    """A draft still waiting to be saved when a test ends is dropped, not written later."""
    yield
    from digileder.ui import autosave

    autosave.cancel_all()


@pytest.fixture(autouse=True)
def _page_kernel_mark_stays_in_its_test():
    """digileder.setup(charts="browser") marks this process as a page's kernel in os.environ.
    A Lab or Voila server a later test starts would inherit the mark, and its kernels would
    draw SVG instead of live charts."""
    from digileder.chart_mode import PAGE_KERNEL

    before = os.environ.get(PAGE_KERNEL)
    yield
    if before is None:
        os.environ.pop(PAGE_KERNEL, None)
    else:
        os.environ[PAGE_KERNEL] = before


def _save_repeatedly(folder: str, save, worker: int, count: int, queue) -> None:
    os.environ["DIGILEDER_ANSWERS_DIR"] = folder
    queue.put(sum(not save(worker, number).saved for number in range(count)))


def failed_saves_in_two_processes(answers_dir: Path, save, count: int) -> list[int]:
    """Call save(worker, number) COUNT times in each of two processes at once, as two kernels
    would, with mine-svar at ANSWERS_DIR; how many saves failed in each process."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    workers = [context.Process(target=_save_repeatedly,
                               args=(str(answers_dir), save, w, count, queue)) for w in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    return [queue.get(timeout=5) for _ in workers]


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
