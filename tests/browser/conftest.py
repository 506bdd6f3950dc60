"""Browser test fixtures: a throwaway copy of the course, JupyterLab and Voila on 127.0.0.1,
Debian's chromium, and screenshots in test-output/screenshots/.

Servers are session-scoped (one JupyterLab for all modules) and always stopped at the end,
also when a test fails (context managers in browser_servers stop the whole process group).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser_servers import ROOT, chromium, copy_course, lab_server, modules_dir, voila_server

MODULES = sorted(modules_dir().glob("*.ipynb"))
SCREENSHOTS = ROOT / "test-output" / "screenshots"
_shots_taken: list[Path] = []


def module_params():
    """One pytest param per module: a new module is tested without editing the tests."""
    return [pytest.param(path.name, id=path.stem) for path in MODULES]


@pytest.fixture(scope="session")
def browser_tmp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("browser")


@pytest.fixture(scope="session")
def course_copy(browser_tmp) -> Path:
    """modules/ and datasets/ copied to a temporary folder; the tests open notebooks there."""
    return copy_course(browser_tmp / "course")


@pytest.fixture(scope="session")
def answers_tmp(browser_tmp) -> Path:
    folder = browser_tmp / "mine-svar"
    folder.mkdir()
    return folder


@pytest.fixture(scope="session")
def lab(browser_tmp, course_copy, answers_tmp):
    with lab_server(course_copy, browser_tmp / "lab", answers_dir=answers_tmp) as server:
        yield server


@pytest.fixture(scope="session")
def voila(browser_tmp, course_copy, answers_tmp):
    with voila_server(course_copy, browser_tmp / "voila", answers_dir=answers_tmp) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    with chromium() as launched:
        yield launched


class ConsoleLog:
    """Errors the page logged (console.error and uncaught exceptions)."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    context.set_default_timeout(30_000)
    new_page = context.new_page()
    new_page.console = ConsoleLog(new_page)
    try:
        yield new_page
    finally:
        context.close()


@pytest.fixture
def screenshot(request):
    """screenshot(page, name) saves test-output/screenshots/<test id>-<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    test_id = request.node.name.replace("[", "-").replace("]", "").replace("/", "_")

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{test_id}-{name}.png"
        page.screenshot(path=str(path))
        _shots_taken.append(path)
        return path

    return take


def pytest_terminal_summary(terminalreporter):
    if _shots_taken:
        terminalreporter.write_sep("-", "browser screenshots")
        terminalreporter.write_line(
            f"{len(_shots_taken)} skærmbilleder i {os.path.relpath(SCREENSHOTS)}/"
            f"  ({SCREENSHOTS})"
        )
