"""The participant's assignment flow in JupyterLab, in Danish, end to end in a browser.

A teacher (nbgrader CLI) releases a tiny assignment, generated in the test from a small source
notebook, into an exchange in a temporary folder. The participant (chromium in JupyterLab)
uses the "Dine opgaver" panel (digileder.handin): fetches the assignment from a start
notebook, writes an answer, checks and hands it in from the panel at the top of the
assignment, gets a receipt; the teacher collects, grades and returns feedback; the
participant fetches it and opens it from the panel. nbgrader's English panel is not shown.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from browser_pages import NOTEBOOK, open_in_lab, run_all_in_lab, save_in_lab
from browser_servers import BIN, jupyter_env, lab_server

pytestmark = pytest.mark.browser

COURSE_ID = "digileder-test"
ASSIGNMENT = "A0"
ANSWER = "andel = 46"
PANEL = "from digileder import handin\nhandin.show()"
ENGLISH_NBGRADER = ("Fetch", "Submit", "Validate", "Assignment", "Released", "Feedback available")


def source_notebook() -> nbformat.NotebookNode:
    """A one-question source notebook with a solution cell and an autograded test."""
    meta = {"schema_version": 3, "task": False}
    return nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(PANEL, metadata={"jupyter": {"source_hidden": True}}),
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
    env["DIGILEDER_HANDIN_ROOT"] = str(home)  # the server's root: where nbgrader fetches to
    nbformat.write(source_notebook(), course / "source" / ASSIGNMENT / "opgave.ipynb")
    start = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PANEL)])
    nbformat.write(start, home / "start.ipynb")
    nbgrader(["generate_assignment", ASSIGNMENT, "--force"], course, env)
    nbgrader(["release_assignment", ASSIGNMENT, "--force"], course, env)
    return course, home, env


def panel(page):
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .digileder-handin")


def panel_says(page, text: str, timeout: float = 120_000) -> str:
    """Wait until the visible panel shows TEXT; return all the panel's text."""
    panel(page).get_by_text(text).first.wait_for(timeout=timeout)
    said = panel(page).inner_text()
    assert not [w for w in ENGLISH_NBGRADER if w in said], said
    return said


def participant_fetches_checks_and_hands_in(page, lab, home: Path, screenshot) -> None:
    open_in_lab(page, lab, "start.ipynb", "deltager")
    run_all_in_lab(page)
    panel_says(page, "Klar til at hente")
    assert page.get_by_text("Assignment List").count() == 0, "nbgrader's English menu is shown"
    screenshot(page, "1-released")
    panel(page).get_by_role("button", name="Hent opgaven").click()
    panel_says(page, "er hentet til mappen A0")
    assert (home / ASSIGNMENT / "opgave.ipynb").is_file(), "fetch wrote no notebook"
    link = panel(page).get_by_role("link", name="opgave.ipynb").first
    assert link.get_attribute("href") == f"/lab/tree/{ASSIGNMENT}/opgave.ipynb"
    screenshot(page, "2-fetched")

    open_in_lab(page, lab, f"{ASSIGNMENT}/opgave.ipynb", "opgave")
    run_all_in_lab(page)
    panel_says(page, "Hentet – ikke afleveret")
    assert page.get_by_role("button", name="Validate").count() == 0, "nbgrader's button shows"
    editor = page.locator(f"{NOTEBOOK} .jp-CodeCell").nth(1).locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.type(ANSWER)
    page.keyboard.press("Escape")
    save_in_lab(page)
    saved = nbformat.read(home / ASSIGNMENT / "opgave.ipynb", as_version=4)
    assert ANSWER in saved.cells[2].source, saved.cells[2].source

    panel(page).get_by_role("button", name="Tjek").click()
    panel_says(page, "alle synlige test består")
    screenshot(page, "3-checked")
    panel(page).get_by_role("button", name="Aflevér").click()
    said = panel_says(page, "Kvittering: A0")
    assert "Afleveret: opgave.ipynb." in said, said
    screenshot(page, "4-receipt")


def participant_reads_feedback(page, lab, screenshot) -> None:
    panel(page).get_by_role("button", name="Opdatér listen").click()
    panel_says(page, "Feedback klar")
    panel(page).get_by_role("button", name="Hent feedback").click()
    panel_says(page, "Feedback på A0 er hentet")
    link = panel(page).get_by_role("link", name="Læs din feedback (opgave.html)")
    href = link.get_attribute("href")
    assert href.startswith(f"/files/{ASSIGNMENT}/feedback/"), href
    screenshot(page, "5-feedback")
    response = page.request.get(f"{lab.url.rstrip('/')}{href}?token={lab.token}")
    assert response.ok, response.status
    assert "Prøveopgave" in response.text(), response.text()[:500]  # the feedback page


def test_participant_uses_the_danish_panel(released, tmp_path, browser, screenshot):
    course, home, env = released
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        with lab_server(home, tmp_path / "jupyter", env=env) as lab:
            try:
                participant_fetches_checks_and_hands_in(page, lab, home, screenshot)
                # The teacher collects, grades and returns feedback (nbgrader's commands).
                assert ASSIGNMENT in nbgrader(["list", "--inbound"], course, env)
                nbgrader(["collect", ASSIGNMENT], course, env)
                (submitted,) = (course / "submitted").glob(f"*/{ASSIGNMENT}/opgave.ipynb")
                assert ANSWER in nbformat.read(submitted, as_version=4).cells[2].source
                for step in ("autograde", "generate_feedback", "release_feedback"):
                    nbgrader([step, ASSIGNMENT], course, env)
                participant_reads_feedback(page, lab, screenshot)
            except Exception:
                screenshot(page, "failed")  # while the server still runs
                raise
    finally:
        context.close()


if __name__ == "__main__":  # pragma: no cover - manual look at the source notebook
    nbformat.write(source_notebook(), sys.stdout)
