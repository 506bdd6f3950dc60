"""Issue 18: the server starts a module's kernel while Lab's page loads (digileder/prestart.py,
on through the course's server config). In a real Lab: the notebook connects to that kernel
instead of starting one (no POST /api/sessions), exactly one kernel runs for the notebook,
also with two tabs, and running cells works."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browser_pages import KERNEL_IDLE, accept_kernel_dialog, code_cell_counts, run_all_in_lab

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
# Its own copy of a module, as committed (no outputs): other tests may save the course copy's
# modules with execution counts 1, 2, 3 ..., and Run All in a fresh kernel gives the same
# counts, so run_all_in_lab could not see that it ran.
MODULE = "modules/zz-prestart-check.ipynb"


@pytest.fixture(autouse=True)
def module(course_copy):
    path = course_copy / MODULE
    shutil.copyfile(ROOT / "modules" / "06-opgoer-med-noerderiet.ipynb", path)
    yield path
    path.unlink()  # the other browser tests see only the course's modules
# The notebook's kernel in this tab. Not through shell.currentWidget: a tab in the background
# gets no focus events, and its shell may have no current widget.
KERNEL_ID = """() => { for (const widget of window.jupyterapp.shell.widgets('main')) {
    const session = widget.sessionContext && widget.sessionContext.session;
    if (session && session.kernel) return session.kernel.id;
  }
  return null; }"""


def _url(lab, workspace: str) -> str:
    return f"{lab.url}lab/workspaces/{workspace}/tree/{MODULE}?reset&token={lab.token}"


def _session_posts(page) -> list[str]:
    posts: list[str] = []
    page.on("request", lambda r: r.method == "POST" and "/api/sessions" in r.url
            and posts.append(r.url))
    return posts


def test_lab_connects_to_the_kernel_the_server_started_and_runs_cells(lab, page):
    lab.shutdown_kernels()
    posts = _session_posts(page)
    page.goto(_url(lab, "prestart"))
    page.wait_for_selector(KERNEL_IDLE, timeout=90_000)
    assert not accept_kernel_dialog(page), "Lab asked for a kernel"
    assert posts == [], "Lab started its own kernel instead of using the prestarted one"
    sessions = [s for s in lab.api("api/sessions") if s["path"] == MODULE]
    assert len(sessions) == 1
    assert len(lab.api("api/kernels")) == 1
    assert page.evaluate(KERNEL_ID) == sessions[0]["kernel"]["id"]
    run_all_in_lab(page)
    counts = code_cell_counts(page)
    assert counts and all(isinstance(count, int) for count in counts), counts
    lab.shutdown_kernels()


def test_two_tabs_opened_at_once_share_one_kernel(lab, page):
    lab.shutdown_kernels()
    second = page.context.new_page()
    page.goto(_url(lab, "prestart-a"), wait_until="commit")
    second.goto(_url(lab, "prestart-b"), wait_until="commit")
    for tab in (page, second):
        tab.wait_for_selector(KERNEL_IDLE, timeout=90_000)
        tab.wait_for_function(f"({KERNEL_ID})() !== null", timeout=30_000)
    sessions = [s for s in lab.api("api/sessions") if s["path"] == MODULE]
    assert len(sessions) == 1, sessions
    assert len(lab.api("api/kernels")) == 1
    kernel_id = sessions[0]["kernel"]["id"]
    assert page.evaluate(KERNEL_ID) == second.evaluate(KERNEL_ID) == kernel_id
    lab.shutdown_kernels()
