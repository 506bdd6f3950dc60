"""The benefits plan in JupyterLab: text typed in a line just before it is removed never comes
back in the next new row, and the keyboard stays in the plan when a line is removed.

The page sends a box's typing one message at a time and holds back the rest until the kernel
has answered the first; the trash and "Tilføj gevinst" clicks are sent at once. So the held-back
text reaches the kernel after the new row exists (quick hands, or a busy kernel). One small
notebook: type into row 2, remove it and add a row in one go, then compare page and draft.
"""

from __future__ import annotations

import contextlib
import json
import time

import pytest
from browser_pages import NOTEBOOK, open_in_lab, run_all_in_lab, write_notebook

from digileder.benefits_plan.model import LABELS

pytestmark = pytest.mark.browser

NOTEBOOK_NAME = "gevinstplan-tjek.ipynb"
CODE = ("import digileder\ndigileder.setup()\n"
        "from digileder import benefits_plan\nfrom digileder.benefits_plan import *",
        "plan = benefits_plan.show(BenefitsPlan(rows=[BenefitRow(gain='Mindre kørsel'),"
        " BenefitRow()]))\nplan.autosave.flush()\nplan")
LINE = f"{NOTEBOOK} .widget-hbox:has(> button i.fa-trash)"
# Type into row 2, remove it and add a row, all before the kernel has answered anything.
TYPE_REMOVE_ADD = """sel => { const lines = [...document.querySelectorAll(sel)];
  lines.forEach(line => line.setAttribute('data-before', ''));
  const box = lines[1].querySelector('input'); let text = '';
  for (const ch of 'Fjernet tekst') {
    text += ch; box.value = text; box.dispatchEvent(new Event('input', {bubbles: true})); }
  lines[1].querySelector('button').click();
  [...document.querySelectorAll('button')].find(b => b.textContent.includes('Tilføj gevinst'))
    .click(); }"""
GAINS = "sel => [...document.querySelectorAll(sel)].map(l => l.querySelector('input').value)"


def test_typing_in_a_removed_line_does_not_fill_the_new_row(lab, course_copy, answers_tmp,
                                                             page):
    write_notebook(course_copy / NOTEBOOK_NAME, CODE)
    lab.shutdown_kernels()  # one kernel at a time on a 2-core machine
    draft = answers_tmp / "gevinstplan.json"
    try:
        open_in_lab(page, lab, NOTEBOOK_NAME, workspace="gevinstplan")
        run_all_in_lab(page)
        page.wait_for_function(f"() => document.querySelectorAll('{LINE}').length === 2")
        page.evaluate(TYPE_REMOVE_ADD, LINE)
        page.wait_for_function(  # the new row is there (a line drawn after the clicks)
            "sel => { const l = document.querySelectorAll(sel);"
            " return l.length === 2 && !l[1].hasAttribute('data-before'); }", arg=LINE)
        # The held-back text left the page before the new row came back (it goes when the
        # kernel answers the first keystroke). Typing now reaches the kernel after it, so once
        # the draft has this, the held-back text has landed wherever it lands.
        page.locator(LINE).nth(0).locator("input").nth(1).fill("Driftslederen")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError, ValueError):
                saved = json.loads(draft.read_text(encoding="utf-8"))["rows"]
                if saved[0]["owner"] == "Driftslederen":
                    break
            page.wait_for_timeout(100)
        assert [(row["gain"], row["owner"]) for row in saved] == [
            ("Mindre kørsel", "Driftslederen"), ("", "")]
        assert page.evaluate(GAINS, LINE) == ["Mindre kørsel", ""]
    finally:
        lab.shutdown_kernels()


# What a screen reader calls the focused element, about: its tooltip, label or text.
ACTIVE = ("() => { const e = document.activeElement; return e.title"
          " || (e.labels && e.labels.length ? e.labels[0].textContent : e.textContent.trim()); }")


def test_removing_a_line_by_keyboard_keeps_the_focus_in_the_plan(lab, course_copy,
                                                                 answers_tmp, page):
    """Also what a screen reader calls the fields and buttons: the trash button was named by
    its icon's character (U+F2ED), the boxes had no name (seen in review)."""
    write_notebook(course_copy / NOTEBOOK_NAME, CODE)
    lab.shutdown_kernels()
    try:
        open_in_lab(page, lab, NOTEBOOK_NAME, workspace="gevinstplan-tast")
        run_all_in_lab(page)
        page.wait_for_function(f"() => document.querySelectorAll('{LINE}').length === 2")
        first = page.locator(LINE).nth(0)
        for label in ("Gevinst", "Ejer", "Sådan måler vi"):
            assert first.get_by_role("textbox", name=label, exact=True).count() == 1
        for number in (1, 2):
            button = page.get_by_role("button", name=f"Fjern række {number}", exact=True)
            assert button.count() == 1
        # The labels are for screen readers: on screen the header row names the columns, and
        # each box starts where its column does.
        box, field = first.locator(".widget-text").nth(0), first.locator("input").nth(0)
        assert first.locator(".widget-label").nth(0).bounding_box()["width"] <= 1
        assert abs(field.bounding_box()["x"] - box.bounding_box()["x"]) <= 1
        project = page.locator(f"{NOTEBOOK} .widget-label", has_text="Projekt:")
        assert project.bounding_box()["width"] > 10  # only the lines' labels are hidden
        page.locator(LINE).nth(1).locator("button").focus()
        page.keyboard.press("Enter")  # "Fjern række 2"
        page.wait_for_function(f"() => document.querySelectorAll('{LINE}').length === 1")
        # The first box of the row above (a box: a held Enter there removes nothing more).
        page.wait_for_function(f"() => ({ACTIVE})() === 'Gevinst'", timeout=10_000)
        for _ in range(len(LABELS)):  # Tab through the row's boxes to its trash button
            page.keyboard.press("Tab")
        assert page.evaluate(ACTIVE) == "Fjern række 1"
        page.keyboard.press("Enter")  # the only row: an empty line comes instead
        page.wait_for_function(f"() => ({ACTIVE})() === 'Projekt:'", timeout=10_000)
    finally:
        lab.shutdown_kernels()


def test_a_held_enter_on_a_trash_button_removes_one_row(lab, course_copy, answers_tmp, page):
    """A held Enter repeats (after about 0.5 s, then every 33 ms). The focus went to the trash
    button above after a removal, and at row 1 to "Tilføj gevinst": the repeats removed every
    filled row and added empty ones, in the page and in the draft (seen in review)."""
    write_notebook(course_copy / NOTEBOOK_NAME, (CODE[0], CODE[1].replace(
        "BenefitRow()]", "BenefitRow(gain='Færre klager'), BenefitRow(gain='Hurtigere svar')]")))
    lab.shutdown_kernels()
    try:
        open_in_lab(page, lab, NOTEBOOK_NAME, workspace="gevinstplan-hold")
        run_all_in_lab(page)
        page.wait_for_function(f"() => document.querySelectorAll('{LINE}').length === 3")
        page.locator(LINE).nth(2).locator("button").focus()  # "Fjern række 3"
        page.keyboard.down("Enter")
        for _ in range(30):  # what a held key sends: repeated keydowns
            page.wait_for_timeout(33)
            page.keyboard.down("Enter")
        page.keyboard.up("Enter")
        page.wait_for_timeout(1500)
        shown = page.evaluate(  # the lines on screen (a removed row's line waits hidden)
            "sel => [...document.querySelectorAll(sel)].filter(l => l.checkVisibility())"
            ".map(l => l.querySelector('input').value)", LINE)
        assert shown == ["Mindre kørsel", "Færre klager"], shown
    finally:
        lab.shutdown_kernels()
