"""Issue 18: a real JupyterLab server starts a notebook's kernel when it serves the notebook's
page (digileder/prestart.py), before any JavaScript runs. Plain HTTP, no browser: the page
is fetched the way the browser fetches it, then the server's REST API is read."""

from __future__ import annotations

import concurrent.futures
import json
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.browser.browser_servers import jupyter_env, lab_server

pytestmark = pytest.mark.slow

NOTEBOOK = {"cells": [{"cell_type": "code", "execution_count": None, "metadata": {},
                       "outputs": [], "source": "print(6 * 7)"}],
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
            "nbformat": 4, "nbformat_minor": 5}


def _write(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    base = tmp_path_factory.mktemp("prestart")
    root = base / "root"
    for name in ("a.ipynb", "b.ipynb", "c.ipynb", "mappe med mellemrum/æøå.ipynb",
                 ".skjult/x.ipynb"):
        _write(root / name, NOTEBOOK)
    _write(root / "broken.ipynb", "{not json")
    _write(root / "noter.txt", "x")
    _write(base / "udenfor.ipynb", NOTEBOOK)
    (root / "udad.ipynb").symlink_to(base / "udenfor.ipynb")
    env = jupyter_env(base / "jupyter")
    # Explicitly on (the env's own config has it on too, after `python -m digileder.labconfig`).
    _write(base / "jupyter" / "config" / "jupyter_server_config.json",
           {"ServerApp": {"jpserver_extensions": {"digileder.prestart": True}}})
    with lab_server(root, base / "jupyter", env=env) as server:
        yield server


def _page(lab, tree: str, workspace: str | None = None) -> int:
    prefix = f"lab/workspaces/{workspace}/" if workspace else "lab/"
    url = f"{lab.url}{prefix}tree/{urllib.parse.quote(tree)}?token={lab.token}"
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        return response.status


def _sessions(lab, path: str) -> list[dict]:
    return [s for s in lab.api("api/sessions") if s["path"] == path]


def _wait_for_log(lab, text: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while text not in lab.log.read_text(errors="replace"):
        assert time.monotonic() < deadline, f"not in the log: {text}\n{lab.log_tail()}"
        time.sleep(0.1)


def test_the_page_starts_the_notebooks_kernel_before_any_javascript(lab):
    """Does fetching the page alone create the session, with the notebook's kernel, and is
    it listed at once (GET /api/sessions waits for a kernel being started)?"""
    assert _page(lab, "a.ipynb") == 200
    found = _sessions(lab, "a.ipynb")  # no polling: the listing must already have it
    assert len(found) == 1, lab.log_tail()
    assert found[0]["type"] == "notebook" and found[0]["name"] == "a.ipynb"
    assert found[0]["kernel"]["name"] == "python3"


def test_pages_opened_at_once_and_again_start_one_kernel(lab):
    """Do four tabs at once (two workspaces) and a reload start exactly one kernel?"""
    kernels_before = len(lab.api("api/kernels"))
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        codes = list(pool.map(lambda ws: _page(lab, "b.ipynb", ws), [None, "x", None, "y"]))
    assert codes == [200] * 4
    assert len(_sessions(lab, "b.ipynb")) == 1
    assert _page(lab, "b.ipynb") == 200
    assert len(_sessions(lab, "b.ipynb")) == 1
    assert len(lab.api("api/kernels")) == kernels_before + 1


def test_a_path_with_spaces_and_danish_letters(lab):
    assert _page(lab, "mappe med mellemrum/æøå.ipynb") == 200
    assert len(_sessions(lab, "mappe med mellemrum/æøå.ipynb")) == 1, lab.log_tail()


def test_other_pages_start_nothing_and_still_load(lab):
    """Hidden, outside (symlink), missing, not a notebook, a folder, broken: the page loads
    as today and no kernel starts; the broken notebook is logged as a warning."""
    kernels_before = len(lab.api("api/kernels"))
    for tree in (".skjult/x.ipynb", "udad.ipynb", "findes-ikke.ipynb", "noter.txt",
                 "mappe med mellemrum", "broken.ipynb"):
        assert _page(lab, tree) == 200, tree
    _wait_for_log(lab, "broken.ipynb is not a readable notebook")
    # c.ipynb after them: its session is listed, theirs never are.
    assert _page(lab, "c.ipynb") == 200
    paths = {s["path"] for s in lab.api("api/sessions")}
    assert "c.ipynb" in paths
    assert not paths & {".skjult/x.ipynb", "udad.ipynb", "broken.ipynb"}
    assert len(lab.api("api/kernels")) == kernels_before + 1
    assert "Traceback" not in lab.log.read_text(errors="replace")
