"""Issue 18: the server starts a module's kernel while Lab's page loads (digileder/prestart.py,
on through the course's server config). In a real Lab: the notebook connects to that kernel
instead of starting one (no POST /api/sessions), exactly one kernel runs for the notebook,
also with two tabs, and running cells works."""

from __future__ import annotations

import pytest
from browser_pages import KERNEL_IDLE, accept_kernel_dialog, code_cell_counts, run_all_in_lab

pytestmark = pytest.mark.browser

MODULE = "modules/06-opgoer-med-noerderiet.ipynb"
KERNEL_ID = """() => { const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel && panel.sessionContext.session && panel.sessionContext.session.kernel;
  return kernel ? kernel.id : null; }"""


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
    sessions = [s for s in lab.api("api/sessions") if s["path"] == MODULE]
    assert len(sessions) == 1, sessions
    assert len(lab.api("api/kernels")) == 1
    kernel_id = sessions[0]["kernel"]["id"]
    assert page.evaluate(KERNEL_ID) == second.evaluate(KERNEL_ID) == kernel_id
    lab.shutdown_kernels()
