"""The Voila page keeps the focused element in view when content above it grows
(voila_template/digileder/keep_focus.js, WCAG 2.4.7 and 2.4.11), but not after the
participant scrolled away from it.

A page with the shape of Voila's: a scrolling #rendered_cells with one box of cells in it, a
chart that the browser draws later (it gets its height after the focus reached the table
under it) and that chart's "Vis som tabel".
"""

from __future__ import annotations

import pytest

from digileder import labconfig

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><html><body style="margin:0">
<div id="rendered_cells" style="height:100vh; overflow:auto"><div>
  <p style="height:1200px">Udsagn om digital modenhed</p>
  <button id="save">Gem og vis min profil</button>
  <div id="chart"></div>
  <details><summary>Vis som tabel</summary><table><tr><td>Strategi</td></tr></table></details>
  <div id="ending"></div>
  <button id="restart">Start forfra</button>
  <p style="height:1500px">Resten af modulet</p>
</div></div></body></html>"""
SUMMARY = "document.querySelector('summary')"
IN_VIEW = """el => { const box = el.getBoundingClientRect();
  return box.bottom > 0 && box.top < innerHeight; }"""
SCROLL_TOP = "() => document.querySelector('#rendered_cells').scrollTop"


def _page(page, with_script: bool = True):
    page.set_content(PAGE)
    if with_script:
        page.add_script_tag(content=labconfig.voila_template_file("keep_focus.js"))


def _tab_to_the_table(page):
    page.locator("#save").focus()  # the starting point; the table is reached by Tab
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")  # the table opens
    assert page.evaluate(f"{SUMMARY}.parentElement.open")


def _frames(page, count: int = 3):
    page.evaluate("""n => new Promise(done => { const step = () => --n ? requestAnimationFrame(
        step) : done(); requestAnimationFrame(step); })""", count)


def _in_view(page, selector: str) -> bool:
    return page.locator(selector).evaluate(IN_VIEW)


@pytest.mark.parametrize("with_script", [True, False], ids=["med", "uden"])
def test_a_chart_drawn_after_its_table_got_the_focus_does_not_push_it_away(page, with_script):
    _page(page, with_script)
    _tab_to_the_table(page)
    assert _in_view(page, "summary")
    page.evaluate("document.querySelector('#chart').style.height = '600px'")  # vega has drawn
    _frames(page)
    # Without the script the browser leaves it below the window: the test can fail.
    assert _in_view(page, "summary") is with_script


def test_focus_moved_by_the_kernel_stays_in_view_when_the_ending_appears_above_it(page):
    """The scenario player focuses "Start forfra" and fills the ending above it at once."""
    _page(page)
    page.evaluate("""() => { document.querySelector('#restart').focus();
        document.querySelector('#ending').style.height = '700px'; }""")
    _frames(page)
    assert _in_view(page, "#restart")


def test_content_that_grows_after_the_participant_scrolled_away_does_not_move_the_page(page):
    _page(page)
    _tab_to_the_table(page)
    page.mouse.move(600, 400)
    page.mouse.wheel(0, -700)  # up, to read the statements again
    page.wait_for_function(f"() => !({IN_VIEW})({SUMMARY})")
    _frames(page)
    before = page.evaluate(SCROLL_TOP)
    page.evaluate("document.querySelector('#chart').style.height = '400px'")
    _frames(page)
    assert page.evaluate(SCROLL_TOP) == before
    assert not _in_view(page, "summary")
    # Scrolled back to it, it is kept in view again.
    page.mouse.wheel(0, 1300)  # back, and past the 400 px the chart took
    page.wait_for_function(f"() => ({IN_VIEW})({SUMMARY})")
    _frames(page)
    page.evaluate("document.querySelector('#chart').style.height = '1400px'")
    _frames(page)
    assert _in_view(page, "summary")


@pytest.mark.parametrize("change", ["chart", "window"])
def test_a_screen_reader_that_read_on_is_not_pulled_back_to_the_focus(page, change):
    """A screen reader's browse mode (and the browser's find bar) scrolls the page without the
    wheel or key events the script listens for, and leaves the focus where it was. Content
    that grows (a late chart) or a window that changes size (zoom) must not move the reader
    back to the focused element."""
    _page(page)
    _tab_to_the_table(page)
    _frames(page)
    # The reader moves on through the rest of the module: a scroll with no input event.
    page.evaluate("document.querySelectorAll('p')[1].scrollIntoView({block: 'center'})")
    page.wait_for_function(f"() => !({IN_VIEW})({SUMMARY})")
    _frames(page)
    reading = "() => Math.round(document.querySelectorAll('p')[1].getBoundingClientRect().top)"
    before = page.evaluate(reading)
    if change == "chart":
        page.evaluate("document.querySelector('#chart').style.height = '400px'")
    else:
        page.set_viewport_size({"width": 700, "height": 500})
    _frames(page)
    assert not _in_view(page, "summary")
    if change == "chart":  # the text being read stays where it was (scroll anchoring)
        assert page.evaluate(reading) == before
