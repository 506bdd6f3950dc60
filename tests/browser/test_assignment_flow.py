"""The participant's assignment flow in JupyterLab's nbgrader UI, end to end in a browser.

A teacher (nbgrader CLI) releases a tiny assignment, generated in the test from a small source
notebook, into an exchange in a temporary folder. The participant (chromium in JupyterLab)
sees it in the assignment list, fetches it, writes an answer, validates and submits it; then
the teacher collects it and finds the participant's answer.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from browser_pages import KERNEL_IDLE, NOTEBOOK, save_in_lab
from browser_servers import BIN, jupyter_env, lab_server

pytestmark = pytest.mark.browser

COURSE_ID = "digileder-test"
ASSIGNMENT = "A0"
ANSWER = "andel = 46"


def source_notebook() -> nbformat.NotebookNode:
    """A one-question source notebook with a solution cell and an autograded test."""
    meta = {"schema_version": 3, "task": False}
    return nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(
            "# Prøveopgave\n\nHvor mange procent af lederne nævner gevinstrealisering? "
            "Skriv tallet i variablen `andel`."),
        nbformat.v4.new_code_cell(
            "### BEGIN SOLUTION\nandel = 46\n### END SOLUTION",
            metadata={"nbgrader": {**meta, "grade": False, "grade_id": "svar",
                                   "locked": False, "solution": True}}),
        nbformat.v4.new_code_cell(
            "assert andel == 46, 'Tallet står i artiklen.'",
            metadata={"nbgrader": {**meta, "grade": True, "grade_id": "test_svar",
                                   "locked": True, "points": 1, "solution": False}}),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}})


def nbgrader(args: list[str], cwd: Path, env: dict) -> str:
    result = subprocess.run(
        [str(BIN / "nbgrader"), *args], cwd=cwd, env=env, capture_output=True, text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"nbgrader {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result.stdout + result.stderr


@pytest.fixture
def released(tmp_path):
    """A course with A0 released into a temporary exchange; returns (course, env)."""
    exchange, course, home = tmp_path / "exchange", tmp_path / "course", tmp_path / "home"
    for folder in (exchange, course / "source" / ASSIGNMENT, home):
        folder.mkdir(parents=True)
    exchange.chmod(0o777)
    env = jupyter_env(tmp_path / "jupyter", answers_dir=tmp_path / "mine-svar")
    # The participant's server reads this from JUPYTER_CONFIG_DIR; the teacher's CLI too.
    config = (f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
              f"c.Exchange.root = {str(exchange)!r}\n")
    Path(env["JUPYTER_CONFIG_DIR"], "nbgrader_config.py").write_text(config)
    (course / "nbgrader_config.py").write_text(
        config + f"c.CourseDirectory.root = {str(course)!r}\n")
    nbformat.write(source_notebook(), course / "source" / ASSIGNMENT / "opgave.ipynb")
    nbgrader(["generate_assignment", ASSIGNMENT, "--force"], course, env)
    nbgrader(["release_assignment", ASSIGNMENT, "--force"], course, env)
    return course, home, env


def open_assignment_list(page) -> None:
    page.locator("#jp-MainMenu .lm-MenuBar-itemLabel").filter(has_text="Nbgrader").click()
    page.locator(".lm-Menu-item").filter(has_text="Assignment List").first.click()


def participant_flow(page, lab, home: Path, screenshot) -> None:
    """What the participant does in the browser: fetch, answer, validate, submit."""
    # No ?reset here: nbgrader's list unfolds through '#...' links, and a hash change with
    # ?reset still in the address makes Lab reset the workspace (closing the list). The
    # server is new, so the workspace is empty anyway.
    page.goto(f"{lab.url}lab/workspaces/deltager?token={lab.token}")
    page.wait_for_selector("#jp-MainMenu")
    open_assignment_list(page)
    released_row = page.locator("#released_assignments_list .list_item").filter(
        has_text=ASSIGNMENT)
    released_row.wait_for(timeout=30_000)
    screenshot(page, "1-released")

    released_row.get_by_role("button", name="Fetch").click()
    fetched = page.locator("#fetched_assignments_list .list_item").filter(
        has_text=ASSIGNMENT).first
    fetched.wait_for(timeout=30_000)
    assert (home / ASSIGNMENT / "opgave.ipynb").is_file(), "fetch wrote no notebook"

    # Open the notebook from the list and write the answer in the solution cell.
    fetched.locator("a").first.click()  # unfolds the list of notebooks
    page.locator("#fetched_assignments_list .list_item a").filter(
        has_text="opgave").first.click()
    page.wait_for_selector(KERNEL_IDLE, timeout=60_000)
    editor = page.locator(f"{NOTEBOOK} .jp-CodeCell .cm-content").first
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.type(ANSWER)
    page.keyboard.press("Escape")
    save_in_lab(page)
    saved = nbformat.read(home / ASSIGNMENT / "opgave.ipynb", as_version=4)
    assert ANSWER in saved.cells[1].source, saved.cells[1].source

    page.get_by_role("button", name="Validate").click()
    dialog = page.locator(".jp-Dialog-content")
    dialog.wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    screenshot(page, "2-validated")
    result = dialog.inner_text()
    assert "Success" in result or "passes" in result, result
    dialog.get_by_role("button").last.click()

    page.locator(".lm-TabBar-tab").filter(has_text="Assignments").click()
    page.locator("#fetched_assignments_list .list_item").filter(
        has_text=ASSIGNMENT).get_by_role("button", name="Submit").first.click()
    page.locator("#submitted_assignments_list .list_item").filter(
        has_text=ASSIGNMENT).first.wait_for(timeout=30_000)
    screenshot(page, "3-submitted")


def test_participant_fetches_validates_submits(released, tmp_path, browser, screenshot):
    course, home, env = released
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        with lab_server(home, tmp_path / "jupyter", env=env) as lab:
            try:
                participant_flow(page, lab, home, screenshot)
            except Exception:
                screenshot(page, "failed")  # while the server still runs
                raise

        # The teacher side: the submission is in the exchange and collects with the answer.
        inbound = nbgrader(["list", "--inbound"], course, env)
        assert ASSIGNMENT in inbound, inbound
        nbgrader(["collect", ASSIGNMENT], course, env)
        submitted = list((course / "submitted").glob(f"*/{ASSIGNMENT}/opgave.ipynb"))
        assert submitted, f"teacher found no submission in {course / 'submitted'}"
        answer = nbformat.read(submitted[0], as_version=4).cells[1].source
        assert ANSWER in answer, answer
    finally:
        context.close()


if __name__ == "__main__":  # pragma: no cover - manual look at the source notebook
    nbformat.write(source_notebook(), sys.stdout)
