"""Keyboard only, in Voila (the app participants use): a scenario, the maturity
self-assessment (module 03) and the plan builder (module 08) can be completed with Tab,
Shift+Tab, Enter, Space and typed text alone, and focus is visible at every step (issue 18,
WCAG 2.1.1, 2.4.3, 2.4.7). One Voila server (the session's) for all three.

Screenshots of the focus, the chart's text alternative and its table go to
test-output/screenshots/.
"""

from __future__ import annotations

import json
import re
import time
from datetime import date

import accessibility
import pytest
from keyboard import Keyboard, named
from test_voila import open_in_voila

from digileder.maturity.view import UNANSWERED

pytestmark = pytest.mark.browser

SCENARIO = "09-digital-ledelse-i-dag.ipynb"
MATURITY = "03-digital-modenhed-paa-teknik-og-miljoe.ipynb"
PLAN = "08-din-digitale-ledelsesplan.ipynb"
# Notes the first table of the maturity profile the page adds from now on (window.firstTable).
FIRST_TABLE = """() => new MutationObserver((changes, observer) => {
    for (const change of changes) for (const node of change.addedNodes) {
      const table = node.querySelector && node.querySelector('details.digileder-chart-table');
      if (table && table.textContent.includes('Din digitale modenhed')) {
        window.firstTable = table; observer.disconnect(); return; }
    }
  }).observe(document.querySelector('#rendered_cells'), {childList: true, subtree: true})"""
# The aria-labels of the parts of every drawn chart, except its name, title and subtitle.
CHART_PARTS = """() => [...document.querySelectorAll('#rendered_cells svg [aria-label]')]
  .filter(e => !e.closest('[aria-hidden=true]') && e.getAttribute('role') !== 'graphics-document'
               && !/^(Title|Subtitle) text/.test(e.getAttribute('aria-label')))
  .map(e => e.getAttribute('aria-label'))"""
# The scenario player's live regions: [role, aria-live, text] of each (consequence, ending).
LIVE_REGIONS = """() => [...document.querySelectorAll('#rendered_cells .digileder-live')]
  .map(e => [e.getAttribute('role'), e.getAttribute('aria-live'), e.innerText.trim()])"""
ENGLISH = re.compile(r"\b(axis|legend|titled|scale|values|mark)\b")
CHARTS = "#rendered_cells :is(div.digileder-chart, .jp-RenderedVegaCommon5)"
ENDING_CHART = "#rendered_cells table.digileder-dimension-chart"
ENDING_FITS = """() => {
  const t = document.querySelector('#rendered_cells table.digileder-dimension-chart');
  const cells = [...t.querySelectorAll('th, td, b')];
  return t.scrollWidth <= t.clientWidth + 1
         && cells.every(c => c.getBoundingClientRect().right <= window.innerWidth + 1);
}"""
ENDING_TABLE = """() => {
  const t = document.querySelector('#rendered_cells table.digileder-dimension-chart');
  return {caption: t.caption.innerText.trim(),
          rows: [...t.tBodies[0].rows].map(r => [...r.cells].map(c => c.innerText.trim()))}; }"""


def _open(page, voila, module, ready: str):
    """Open the module; widget views appear a moment after Voila shows the cells."""
    open_in_voila(page, voila, module, external=[])
    page.locator(ready).first.wait_for(state="attached", timeout=30_000)


def _close(page):
    page.close(run_before_unload=True)  # Voila stops the kernel on 'beforeunload'
    time.sleep(0.5)


def _open_the_table(kb, page, screenshot, name, backwards=False):
    """Tab to the next chart's "Vis som tabel" and open it with Enter: its rows are shown."""
    kb.tab_to(named("Vis som tabel", "summary"), "'Vis som tabel'", limit=30,
              backwards=backwards)
    kb.press("Enter", settle_ms=200)
    rows = page.evaluate("""() => { const d = document.activeElement.closest('details');
        const t = d && d.open && d.querySelector('table');
        return t && t.getBoundingClientRect().height > 0 ? t.tBodies[0].rows.length : 0; }""")
    assert rows > 0, "Enter on 'Vis som tabel' did not show the table"
    page.evaluate("document.activeElement.closest('details').scrollIntoView()")
    screenshot(page, f"{name}-table")


def _is_choice(state: dict | None) -> bool:
    return bool(state and "digileder-choice" in state["classes"])


def test_a_scenario_by_keyboard(voila, page, screenshot):
    _open(page, voila, SCENARIO, ".digileder-choice")
    kb = Keyboard(page)
    try:
        for decision in range(1, 12):
            state = kb.tab_to(_is_choice, f"a choice in decision {decision}")
            if decision == 1:
                screenshot(page, "focus-choice")
                # The consequence is a polite live region before anything is in it (a region
                # made live together with its text is often not read out).
                regions = page.evaluate(LIVE_REGIONS)
                assert regions and all(r == ["status", "polite", ""] for r in regions), regions
            kb.press("ArrowDown")  # arrow keys must not trap or lose the focus
            kb.press("Shift+Tab")
            kb.press("Tab")
            kb.press("Enter")
            # The kernel shows the next choices (the buttons of the last step are hidden and
            # relabelled later): focus must land on something visible again.
            page.wait_for_function(
                """name => ![...document.querySelectorAll('.digileder-choice')]
                             .some(b => b.checkVisibility()
                                        && (b.title || b.innerText).trim().startsWith(name))""",
                arg=state["name"][:40], timeout=30_000)
            page.wait_for_timeout(500)
            ending = page.locator("button:has-text('Start forfra').mod-primary")
            if ending.count():
                # The focus is on "Start forfra", and still in view when the ending has
                # appeared above it (keep_focus.js).
                page.locator(ENDING_CHART).first.wait_for(timeout=30_000)
                page.wait_for_timeout(300)
                state = kb.focus()
                assert state and named("Start forfra", "button")(state), state
                kb.check(state, "the ending appeared")
                break
            kb.check(kb.focus(), f"choosing '{state['name'][:40]}' (decision {decision})")
            if decision == 1:  # the consequence is in a live region; focus is on a choice
                regions = page.evaluate(LIVE_REGIONS)
                assert [r for r in regions if r[2].startswith("Konsekvens af dit valg")], regions
                assert _is_choice(kb.focus()), "focus left the choices"
        assert page.locator(ENDING_CHART).count() == 1, "the scenario did not reach its ending"
        page.locator(ENDING_CHART).scroll_into_view_if_needed()
        screenshot(page, "ending-chart")
        # The ending's chart is a table with a caption and a header for each row and column,
        # and its numbers and words are visible text (the bars hold none).
        chart = page.evaluate(ENDING_TABLE)
        assert chart["caption"].startswith("Sådan endte dine valg"), chart
        assert chart["rows"] and all(len(row) == 3 and row[1] and row[2] in (
            "steget", "faldet", "uændret") for row in chart["rows"]), chart
        # axe on the ending too (test_voila checks each module as it opens, before it).
        problems = accessibility.problems_in_content(page, SCENARIO, ["#rendered_cells"])
        assert not problems, "\n".join(problems)
        # "Start forfra" is in the tab order (from the step before it: the module's next
        # scenario shows its own only once a choice is made there).
        kb.press("Shift+Tab")
        kb.tab_to(named("Start forfra", "button"), "'Start forfra'", limit=10)
        assert not kb.problems, "\n".join(kb.problems)
        # At 320 CSS px (400 % zoom, WCAG 1.4.10) the table fits: no part of it off screen.
        page.set_viewport_size({"width": 320, "height": 640})
        page.wait_for_timeout(300)
        page.locator(ENDING_CHART).scroll_into_view_if_needed()
        screenshot(page, "ending-chart-320px")
        assert page.evaluate(ENDING_FITS), "the ending's table needs horizontal scrolling"
    except Exception:
        screenshot(page, "failed")
        raise
    finally:
        _close(page)


def _is_statement(state: dict | None) -> bool:
    """A statement's score list (module 03), named by the statement."""
    return bool(state and state["tag"] == "select" and state["name"]
                and UNANSWERED in state["text"])


def test_the_maturity_self_assessment_by_keyboard(voila, answers_tmp, page, screenshot):
    _open(page, voila, MATURITY, ".digileder-statement select")
    kb = Keyboard(page)
    try:
        progress = page.get_by_text(re.compile(r"Du har svaret på 0 af \d+ udsagn"))
        items = int(re.search(r"af (\d+) udsagn", progress.inner_text()).group(1))
        assert items >= 20
        kb.tab_to(_is_statement, "the first statement's score list", limit=80)
        first_stop = kb.tabs
        for item in range(items):
            # One Tab stop per statement, named by it; arrow keys choose the score.
            if item:
                kb.press("Tab")
                assert _is_statement(kb.focus()), \
                    f"Tab from statement {item} did not reach the next statement's list"
            for _ in range(5 - item * 5 // items):
                kb.press("ArrowDown", settle_ms=20)
            if item == 0:
                screenshot(page, "focus-statement")
        page.wait_for_function(
            """n => document.querySelector('#rendered_cells').innerText
                   .includes(`Du har svaret på ${n} af ${n} udsagn`)""", arg=items,
            timeout=30_000)
        kb.tab_to(named("Gem og vis min profil", "button"), "'Gem og vis min profil'", limit=20)
        stops = kb.tabs - first_stop + 1
        assert stops <= 30, f"{stops} Tab stops from the first statement to 'Gem' (issue 18)"
        screenshot(page, "focus-save")
        # The first profile table the page draws must be the one still shown at the end: the
        # outputs that arrive after it (peers, suggestions) must not draw it again, closed
        # (a participant who opened it at once saw it close, issue 18).
        page.evaluate(FIRST_TABLE)
        kb.press("Enter")
        page.locator("#rendered_cells details.digileder-chart-table",
                     has_text="Din digitale modenhed").wait_for(timeout=60_000)
        _open_the_table(kb, page, screenshot, "maturity")
        page.get_by_text("Forslag til dine svageste områder", exact=True).wait_for(
            timeout=30_000)
        page.get_by_text("i mine-svar/modenhed.json").wait_for(timeout=30_000)
        page.wait_for_timeout(1000)
        assert page.evaluate("window.firstTable.isConnected && window.firstTable.open"), \
            "the open 'Vis som tabel' was drawn again, closed, when the later outputs came"
        # Inside the charts Voila drew, a screen reader hears Danish (charts_aria.py).
        labels = page.evaluate(CHART_PARTS)
        assert any(label.startswith("Dimension: ") for label in labels), labels
        assert not [label for label in labels if ENGLISH.search(label)], labels
        kb.check(kb.focus(), "the profile's last output")
        saved = json.loads((answers_tmp / "modenhed.json").read_text(encoding="utf-8"))
        given = list(saved["assessments"][-1]["answers"].values())
        assert given == [5 - item * 5 // items for item in range(items)]
        # Shift+Tab goes back up the page the same way.
        kb.tab_to(named("Gem og vis min profil", "button"), "back to 'Gem og vis min profil'",
                  limit=30, backwards=True)
        assert not kb.problems, "\n".join(kb.problems)
    except Exception:
        screenshot(page, "failed")
        raise
    finally:
        _close(page)


def test_the_plan_builder_by_keyboard(voila, answers_tmp, page, screenshot):
    _open(page, voila, PLAN, "button:has-text('Lav min plan')")
    kb = Keyboard(page)
    due = date(date.today().year + 1, 3, 1).strftime("%d.%m.%Y")
    try:
        kb.tab_to(lambda s: s["tag"] == "input" and "Afdelingsleder" in s["name"],
                  "'Navn og rolle'", limit=60)
        kb.type("Afdelingsleder, Vej og Park")
        kb.press("Tab")
        kb.type("Gevinsterne ved digital vejsyn skal hentes hjem.")
        screenshot(page, "focus-plan-text")
        for number in range(1, 4):
            kb.tab_to(lambda s: s["name"].startswith("Hvad gør du"), f"action {number}",
                      limit=5)
            kb.type(f"Handling {number}: mål kørsel med driftslederen")
            kb.press("Tab")
            kb.type("Driftslederen")
            kb.press("Tab")
            kb.type(due)
        kb.tab_to(named("Lav min plan", "button"), "'Lav min plan'", limit=5)
        screenshot(page, "focus-plan-button")
        kb.press("Space")
        page.get_by_text("Din plan er gemt").wait_for(timeout=30_000)
        kb.check(kb.focus(), "making the plan")
        exported = (answers_tmp / "min-digitale-ledelsesplan.md").read_text(encoding="utf-8")
        assert "Handling 3: mål kørsel med driftslederen" in exported and due in exported
        kb.tab_to(lambda s: s["tag"] == "a" and s["name"].endswith(".html"), "the plan's link",
                  limit=10)
        screenshot(page, "focus-plan-link")
        assert not kb.problems, "\n".join(kb.problems)
    except Exception:
        screenshot(page, "failed")
        raise
    finally:
        _close(page)
