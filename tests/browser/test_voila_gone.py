"""A Voilà page whose server stopped must not go on saying "Gemt" under a box that saves as
the participant types (issue 15). Nothing on a Voilà page shows the lost connection; the
course's template marks the page when the kernel's socket closes, and the box says "Ikke
gemt" with what to do in Voilà (reload the page; there are no menus). Screenshot:
test-output/screenshots/*voila-server-stopped*.png."""

from __future__ import annotations

import json

import pytest
from browser_servers import stop_process_group, voila_server

from digileder.ui import connection

pytestmark = pytest.mark.browser

NOTEBOOK_NAME = "forbindelse-tjek.ipynb"
CODE = ("import digileder\ndigileder.setup()\nfrom digileder import reflection",
        "reflection.show('99-forbindelse-tjek', 'Hvad er jeres kerneopgave?')")
BOX = f".{connection.VIEW_CLASS}"
AFTER = "sel => getComputedStyle(document.querySelector(sel), '::after').content"


def test_a_voila_box_of_a_stopped_server_says_not_saved(course_copy, tmp_path, page,
                                                        screenshot):
    cells = [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
              "source": source} for source in CODE]
    notebook = {"cells": cells, "metadata": {"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5}
    path = course_copy / "modules" / NOTEBOOK_NAME
    path.write_text(json.dumps(notebook), encoding="utf-8")
    try:
        with voila_server(course_copy, tmp_path, answers_dir=tmp_path / "mine-svar") as own:
            page.goto(f"{own.url}voila/render/{NOTEBOOK_NAME}", timeout=120_000)
            page.locator(f"{BOX} textarea").fill("Vi giver byggetilladelser hurtigt")
            page.locator(f".{connection.STATUS_CLASS}").filter(has_text="Gemt").wait_for(
                timeout=60_000)
            stop_process_group(own.process)
            page.wait_for_function(f"() => ({AFTER})('{BOX}').includes('Ikke gemt')",
                                   timeout=30_000)
            screenshot(page, "voila-server-stopped")
            assert page.locator(f".{connection.STATUS_CLASS}").is_hidden()
            message = page.evaluate(AFTER, BOX)
            assert "genindlæs siden" in message and "Kør alle celler" not in message
    finally:
        path.unlink(missing_ok=True)
