"""The browser benchmark measures from the participant's input to the painted change.

A small page plays a widget: a click changes a text after a known delay, and the control's
own view changes at once (as a pressed button does), and Lab's bookkeeping changes a cell's
style later. The benchmark's observer (tools/bench_browser.py OBSERVE) must start at the
click, end after the delayed change has been painted, and ignore the control's own change
and the cell's style.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from browser_pages import PROBE

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from bench_browser import OBSERVE  # noqa: E402

pytestmark = pytest.mark.browser

DELAY_MS = 200
PAGE = """<!doctype html><html><body><div id="scope">
<div %(probe)s="1"><button id="b">Vælg</button><span id="own"></span></div>
<p id="out">før</p><div class="jp-Cell" id="cell" style="contain: style">celle</div></div>
<script>
  document.getElementById('b').addEventListener('click', () => {
    document.getElementById('own').textContent = 'trykket';  // the control's own view
    setTimeout(() => { document.getElementById('out').textContent = 'efter'; }, %(delay)d);
    setTimeout(() => {  // as Lab does when an output above changed height
      document.getElementById('cell').style.contain = 'layout style paint'; }, %(delay)d + 150);
  });
</script></body></html>"""


def test_measure_runs_from_the_input_event_to_the_painted_change(page):
    page.set_content(PAGE % {"probe": PROBE, "delay": DELAY_MS})
    page.evaluate(OBSERVE, ["#scope", PROBE])
    page.wait_for_timeout(300)  # Playwright's own waits before the click must not count
    before_call = page.evaluate("performance.now()")
    page.click("#b")
    page.wait_for_function("document.getElementById('out').textContent === 'efter'")
    page.wait_for_function("document.getElementById('cell').style.contain.includes('paint')")
    page.wait_for_timeout(100)
    event, last, painted = page.evaluate(
        "[window.__benchInput, window.__benchLast, window.__benchPainted]")
    assert event is not None and event >= before_call
    assert last - event >= DELAY_MS  # the control's own change at once was ignored
    assert painted >= last
    assert DELAY_MS <= painted - event < DELAY_MS + 120, (event, last, painted)


def test_a_change_only_inside_the_control_is_no_visible_change(page):
    page.set_content(PAGE % {"probe": PROBE, "delay": 10_000})
    page.evaluate(OBSERVE, ["#scope", PROBE])
    page.click("#b")
    page.wait_for_timeout(200)
    assert page.evaluate("[window.__benchLast, window.__benchPainted]") == [None, None]
    assert page.evaluate("window.__benchInput") is not None
