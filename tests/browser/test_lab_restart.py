"""A box that saves as the participant types, in JupyterLab (issue 15).

After a kernel restart it must not look alive: its kernel side is gone, so typing saves
nothing. One small notebook with a reflection box: type (saved), restart the kernel, and the
box is greyed out with a Danish message instead of its old "Gemt …" status; Run All brings
back a live box with the saved text. Run All right after typing keeps the text (no conflict
copy). Screenshots: test-output/screenshots/*restart*.png and *run-all*.png.
"""

from __future__ import annotations

import json

import pytest
from browser_pages import (
    KERNEL_SETTLED,
    code_cell_counts,
    menu,
    open_in_lab,
    run_all_in_lab,
    write_notebook,
)

from digileder.ui import connection

pytestmark = pytest.mark.browser

NOTEBOOK_NAME = "genstart-tjek.ipynb"
CODE = ("import digileder\ndigileder.setup()\nfrom digileder import reflection",
        "reflection.show('99-genstart-tjek', 'Hvad er jeres kerneopgave?')")
BOX = f".{connection.VIEW_CLASS}"
DEAD = f"{BOX}.jupyter-widgets-disconnected"
AFTER = "sel => getComputedStyle(document.querySelector(sel), '::after').content"
TEXT = "Vi giver byggetilladelser hurtigt"
ANSWER = "refleksioner/99-genstart-tjek.json"


def _restart_kernel(page) -> None:
    """Kerne › Genstart kerne …, and yes in the dialog (as a participant does it)."""
    menu(page, r"^(Kerne|Kernel)$").first.click()
    page.locator(".lm-Menu-item[data-command='kernelmenu:restart']").click()
    page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept").click()


def test_a_box_of_a_restarted_kernel_says_it_saves_no_more(lab, course_copy, answers_tmp, page,
                                                           screenshot):
    write_notebook(course_copy / NOTEBOOK_NAME, CODE)
    lab.shutdown_kernels()  # one kernel at a time on a 2-core machine
    try:
        open_in_lab(page, lab, NOTEBOOK_NAME, workspace="restart")
        run_all_in_lab(page)
        page.locator(f"{BOX} textarea").fill(TEXT)
        page.locator(f".{connection.STATUS_CLASS}").filter(has_text="Gemt").wait_for()
        _restart_kernel(page)
        page.wait_for_selector(DEAD, timeout=30_000)
        screenshot(page, "restarted")
        assert page.locator(f".{connection.STATUS_CLASS}").is_hidden()  # no "Gemt" on a dead box
        message = page.evaluate(AFTER, DEAD)
        assert "Ikke gemt" in message and "Forbindelsen til Python er afbrudt" in message
        assert "Kør alle celler" in message
        # What the message says to do. (run_all_in_lab waits for a new execution count, but
        # the fresh kernel counts from 1 again: wait for the live box instead.)
        page.wait_for_function(KERNEL_SETTLED, timeout=60_000, polling=100)
        menu(page, r"^(Kør|Run)$").first.click()
        page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()
        page.wait_for_selector(f"{BOX}:not(.jupyter-widgets-disconnected) textarea",
                               timeout=120_000)
        assert page.locator(f"{BOX} textarea").input_value() == TEXT
        assert page.locator(DEAD).count() == 0
        screenshot(page, "run-again")
    finally:
        lab.shutdown_kernels()
        # Leave the shared course copy and answers as the other browser tests expect them.
        (course_copy / NOTEBOOK_NAME).unlink(missing_ok=True)
        (answers_tmp / ANSWER).unlink(missing_ok=True)


def _typed_and_saved(page) -> None:
    page.locator(f"{BOX} textarea").fill(TEXT)
    page.locator(f".{connection.STATUS_CLASS}").filter(has_text="Gemt").wait_for()


def _says_not_saved(page) -> str:
    """The box's message once its kernel is gone (no "Gemt" left in sight); returns it."""
    page.wait_for_function(f"() => ({AFTER})('{BOX}').includes('Ikke gemt')", timeout=30_000)
    assert page.locator(f".{connection.STATUS_CLASS}").is_hidden()
    page.locator(f"{BOX} textarea").fill(TEXT + " og mere")  # typed into a box nobody hears
    return page.evaluate(AFTER, BOX)


def test_a_box_of_a_shut_down_kernel_says_not_saved(lab, course_copy, answers_tmp, page,
                                                    screenshot):
    """Kerne › Luk kerne: the box must not go on saying "Gemt"."""
    write_notebook(course_copy / NOTEBOOK_NAME, CODE)
    lab.shutdown_kernels()
    try:
        open_in_lab(page, lab, NOTEBOOK_NAME, workspace="shutdown")
        run_all_in_lab(page)
        _typed_and_saved(page)
        page.evaluate("() => window.jupyterapp.commands.execute('kernelmenu:shutdown')")
        message = _says_not_saved(page)
        screenshot(page, "kernel-shut-down")
        assert "Kopiér din tekst" in message and "Genstart kerne" in message
    finally:
        lab.shutdown_kernels()
        (course_copy / NOTEBOOK_NAME).unlink(missing_ok=True)
        (answers_tmp / ANSWER).unlink(missing_ok=True)


def test_a_box_of_a_stopped_server_says_not_saved(course_copy, tmp_path, page, screenshot):
    """The server stops (the hub culls it, a laptop's Lab is closed): no "Gemt" either."""
    from browser_servers import lab_server, stop_process_group

    write_notebook(course_copy / NOTEBOOK_NAME, CODE)
    try:
        with lab_server(course_copy, tmp_path, answers_dir=tmp_path / "mine-svar") as own:
            open_in_lab(page, own, NOTEBOOK_NAME, workspace="server-stop")
            run_all_in_lab(page)
            _typed_and_saved(page)
            stop_process_group(own.process)
            message = _says_not_saved(page)
            screenshot(page, "server-stopped")
            assert "Kopiér din tekst" in message and "genindlæs" in message
    finally:
        (course_copy / NOTEBOOK_NAME).unlink(missing_ok=True)


def test_run_all_right_after_typing_keeps_the_text(lab, course_copy, answers_tmp, page,
                                                   screenshot):
    """Type, and Run All at once (before the draft's pause): the new box shows the text."""
    write_notebook(course_copy / NOTEBOOK_NAME, CODE)
    lab.shutdown_kernels()
    try:
        open_in_lab(page, lab, NOTEBOOK_NAME, workspace="run-all-typing")
        run_all_in_lab(page)
        before = code_cell_counts(page)
        page.locator(f"{BOX} textarea").press_sequentially(TEXT, delay=30)
        # At once, with no wait for the kernel: the old box's draft still waits for a pause.
        menu(page, r"^(Kør|Run)$").first.click()
        page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()
        page.wait_for_function(
            "before => window.jupyterapp.shell.currentWidget.content.widgets"
            ".filter(c => c.model.type === 'code').some((c, i) =>"
            " c.model.executionCount > before[i])", arg=before, timeout=60_000)
        page.wait_for_timeout(2_500)  # longer than the draft's pause (autosave.DELAY)
        screenshot(page, "run-all-right-after-typing")
        assert page.locator(f"{BOX} textarea").input_value() == TEXT
        assert json.loads((answers_tmp / ANSWER).read_text(encoding="utf-8"))["text"] == TEXT
        assert sorted(p.name for p in (answers_tmp / "refleksioner").glob("*kopi*")) == []
    finally:
        lab.shutdown_kernels()
        (course_copy / NOTEBOOK_NAME).unlink(missing_ok=True)
        for path in (answers_tmp / "refleksioner").glob("99-genstart-tjek*"):
            path.unlink()
