"""The live chart in a page (ui/live_chart.py, issue 18): one vega view redrawn in place.

In Voila, with no network: a toggle flipped quickly ends in the last state's chart, table
and screen-reader name, in the same view (no new output, no new SVG); a spec vega cannot
draw shows a Danish message, not a blank box or only a JavaScript error.
"""

from __future__ import annotations

import nbformat
import pytest
from browser_pages import settle_voila, wait_quiet
from test_voila import open_in_voila

pytestmark = pytest.mark.browser

NOTEBOOK = "zz-live-chart-check.ipynb"
SETUP = '''\
import altair as alt
import ipywidgets as widgets
import pandas as pd
import digileder
from digileder.ui.live_chart import LiveChart, LiveChartBox
digileder.setup()

VALUES = {"A": [1.5, 2.0], "B": [1.5, 7.25], "C": [1.5, 2.0, 4.5]}
ROADS = ["Vej A", "Park", "Torvet"]

def bars(which):
    frame = pd.DataFrame({"vej": ROADS[:len(VALUES[which])], "km": VALUES[which]})
    # C has another title, a subtitle and a bar more: still the same chart, new signals.
    title = (alt.TitleParams("Fejet vej i uge 2", subtitle=["Tre veje"]) if which == "C"
             else alt.TitleParams("Fejet vej", subtitle=["To veje"]))
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("km:Q", title="Km"), y=alt.Y("vej:N", title="Vej"),
        tooltip=[alt.Tooltip("vej:N", title="Vej"), alt.Tooltip("km:Q", title="Km", format=".2f")],
    ).properties(title=title, height=40 * len(frame),
                 description="Km fejet vej pr. vej (opdigtet eksempel).")

box = LiveChartBox()
box.show(bars("A"))
toggle = widgets.ToggleButtons(options=["A", "B", "C"], description="Data:")
toggle.observe(lambda change: box.show(bars(change["new"])), names="value")
broken = LiveChart()
broken.spec, broken.revision = {"mark": "ingen-slags-mærke"}, 1  # vega-lite cannot draw it
widgets.VBox([toggle, box, broken])
'''
STATE = """() => {
  const charts = [...document.querySelectorAll('#rendered_cells .digileder-live-chart')];
  const live = charts[0];
  const svg = live.querySelector('svg');
  return {charts: charts.length, embeds: document.querySelectorAll('.vega-embed').length,
          sameSvg: !!(svg && svg.digilederMark),
          sameEmbed: !!live.querySelector('.vega-embed').digilederMark,
          name: live.querySelector('.vega-embed').getAttribute('aria-label') || '',
          marks: [...live.querySelectorAll('[role="graphics-symbol"]')]
                   .map(m => m.getAttribute('aria-label')),
          table: live.querySelector('details.digileder-chart-table').textContent,
          texts: [...live.querySelectorAll('svg text')].map(t => t.textContent),
          height: live.querySelector('svg').getBoundingClientRect().height,
          error: charts[1].querySelector('.digileder-chart-error').hidden ? ''
                 : charts[1].querySelector('.digileder-chart-error').textContent,
          brokenSvg: charts[1].querySelectorAll('svg').length};
}"""
MARK = """() => {
  const live = document.querySelector('#rendered_cells .digileder-live-chart');
  live.querySelector('svg').digilederMark = 1;
  live.querySelector('.vega-embed').digilederMark = 1;
}"""


def test_live_chart_redraws_in_place_and_ends_in_the_last_state(voila, course_copy, page,
                                                                 screenshot):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SETUP)])
    path = course_copy / "modules" / NOTEBOOK
    nbformat.write(notebook, path)
    try:
        _check_in_voila(voila, page, screenshot)
    finally:
        path.unlink()  # the other browser tests see only the course's modules


def _check_in_voila(voila, page, screenshot) -> None:
    external: list[str] = []
    open_in_voila(page, voila, NOTEBOOK, external)
    page.wait_for_selector("#rendered_cells .digileder-live-chart svg")
    before = page.evaluate(STATE)
    page.evaluate(MARK)
    buttons = page.locator("#rendered_cells .widget-toggle-button")
    for i in range(11):  # quickly, without waiting: ends on B
        buttons.nth(1 if i % 2 == 0 else 0).click(no_wait_after=True)
    settle_voila(page, "#rendered_cells")
    after = page.evaluate(STATE)
    screenshot(page, "after-toggles")

    assert before["charts"] == after["charts"] == 2 and after["embeds"] == 1
    assert after["sameEmbed"] and after["sameSvg"], "the chart was drawn anew, not in place"
    assert "7,25" in after["table"] and "7,25" not in before["table"]
    assert any("7,25" in (mark or "") for mark in after["marks"]), after["marks"]
    assert after["name"] != before["name"] and "7,25" in after["name"], after["name"]
    # Vega's English "Title text '...'" is not read out; the chart's Danish name has the title.
    assert not any("Title text" in (mark or "") for mark in after["marks"]), after["marks"]
    # A chart vega cannot draw says so in Danish, instead of a blank box.
    assert "Diagrammet kunne ikke tegnes" in after["error"] and after["brokenSvg"] == 0

    # Another title, subtitle and a bar more: the same view, drawn anew by its signals. The
    # keyboard is on "Vis som tabel" meanwhile (the change comes from elsewhere): the new rows
    # must not take the focus away from it.
    page.locator("#rendered_cells .digileder-live-chart summary").focus()
    page.keyboard.press("Enter")  # opens the table
    page.evaluate("() => document.querySelectorAll("
                  "'#rendered_cells .widget-toggle-button')[2].click()")
    settle_voila(page, "#rendered_cells")
    third = page.evaluate(STATE)
    focus = page.evaluate("""() => { const el = document.activeElement;
        return [el.tagName, !!el.closest('.digileder-live-chart'), el.parentElement.open]; }""")
    assert focus == ["SUMMARY", True, True], f"'Vis som tabel' lost the focus or closed: {focus}"
    assert "4,5" in third["table"], third["table"]
    screenshot(page, "new-title-and-bar")
    assert third["sameEmbed"] and third["sameSvg"], "a new title must not embed the chart anew"
    assert "Fejet vej i uge 2" in third["texts"] and "Tre veje" in third["texts"], third["texts"]
    assert "To veje" not in third["texts"], third["texts"]
    assert len(third["marks"]) == 3, third["marks"]
    assert third["height"] > after["height"] + 30, (after["height"], third["height"])
    assert not external, f"the page fetched from the internet: {sorted(set(external))}"


DEAF_NOTEBOOK = "zz-live-chart-deaf.ipynb"
DEAF_SETUP = '''\
import altair as alt
import ipywidgets as widgets
import pandas as pd
import digileder
from digileder.ui.live_chart import LiveChart
digileder.setup()

class NeverAnswers(LiveChart):
    """Asks for the vega bundle like a chart whose kernel restarted before it answered."""
    def _answer(self, *args):
        pass

frame = pd.DataFrame({"vej": ["Vej A", "Park"], "km": [1.5, 2.0]})
chart = alt.Chart(frame).mark_bar().encode(x="km:Q", y="vej:N").properties(
    description="Km fejet vej pr. vej (opdigtet eksempel).")
first, second = NeverAnswers(), LiveChart()
first.draw(chart)
second.draw(chart)
widgets.VBox([first, second])
'''


def test_a_chart_whose_kernel_never_answers_does_not_keep_the_others_blank(voila, course_copy,
                                                                            page):
    """The page loads vega once, for every chart: the first chart's request must not be the
    only one, or a kernel restarted before it answered would leave every chart blank."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(DEAF_SETUP)])
    path = course_copy / "modules" / DEAF_NOTEBOOK
    nbformat.write(notebook, path)
    try:
        open_in_voila(page, voila, DEAF_NOTEBOOK, [])
        page.wait_for_selector("#rendered_cells .digileder-live-chart", state="attached")
        page.wait_for_function(
            "document.querySelectorAll('#rendered_cells .digileder-live-chart svg').length == 2",
            timeout=30_000)
    finally:
        path.unlink()


EXPLORER_NOTEBOOK = "zz-live-chart-explorer.ipynb"
EXPLORER_STATE = r"""() => {
  const live = document.querySelector('#rendered_cells .digileder-live-chart');
  const embed = live.querySelector('.vega-embed');
  // The groups from top to bottom (vega may keep a label that came back last in the DOM),
  // without the x axis's numbers.
  const axis = [...live.querySelectorAll('.role-axis-label text')]
    .filter(t => !/^\d+$/.test(t.textContent))
    .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
    .map(t => t.textContent);
  return {axis, sameEmbed: !!embed.digilederMark,
          texts: [...live.querySelectorAll('svg text')].map(t => t.textContent)};
}"""


EMPTY_STATE = """() => {
  const live = document.querySelector('#rendered_cells .digileder-live-chart');
  return {text: document.querySelector('#rendered_cells').innerText,
          svgs: live.querySelectorAll('svg').length,
          named: [...live.querySelectorAll('[aria-label]:not([hidden]), [role]:not([hidden])')]
            .map(e => e.outerHTML.slice(0, 120))};
}"""


def test_the_explorer_keeps_its_bar_order_and_view_when_groups_come_and_go(voila, course_copy,
                                                                            page, screenshot):
    """'Medarbejdere' leaves one bar and 'Alle' brings the other back: the view gets new rows,
    and the bars keep the explorer's order (leder before medarbejder), not the order in
    which vega saw the groups."""
    code = "import digileder\nfrom digileder import explorer\ndigileder.setup()\nexplorer.show()"
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    path = course_copy / "modules" / EXPLORER_NOTEBOOK
    nbformat.write(notebook, path)
    try:
        open_in_voila(page, voila, EXPLORER_NOTEBOOK, [])
        page.wait_for_selector("#rendered_cells .digileder-live-chart svg")
        first = page.evaluate(EXPLORER_STATE)
        screenshot(page, "explorer-first")
        page.evaluate("""() => { document.querySelector('#rendered_cells .digileder-live-chart'
                                 + ' .vega-embed').digilederMark = 1; }""")
        toggles = page.locator("#rendered_cells .widget-toggle-button")
        seen = []
        for name in ("Medarbejdere", "Alle"):
            toggles.filter(has_text=name).click()
            wait_quiet(page, "#rendered_cells", quiet_ms=1000)
            seen.append(page.evaluate(EXPLORER_STATE))
        screenshot(page, "explorer-alle-again")
        # No answers match (medarbejdere who are chefs): no chart, and no chart name left
        # behind for a screen reader on the empty element.
        toggles.filter(has_text="Medarbejdere").click()
        page.locator("#rendered_cells select").filter(
            has=page.locator("option", has_text="chef")).select_option("chef")
        wait_quiet(page, "#rendered_cells", quiet_ms=1000)
        empty = page.evaluate(EMPTY_STATE)
    finally:
        path.unlink()
    assert first["axis"][:2] == ["leder", "medarbejder"], first["axis"]
    assert seen[0]["axis"][0] == "medarbejder" and "leder" not in seen[0]["axis"], seen[0]
    assert any("Hvem: medarbejder" in text for text in seen[0]["texts"]), seen[0]["texts"]
    assert seen[1]["axis"][:2] == ["leder", "medarbejder"], seen[1]["axis"]
    assert seen[1]["sameEmbed"], "the explorer's chart was embedded anew"
    assert "Ingen svar passer" in empty["text"], empty["text"]
    assert empty["named"] == [] and empty["svgs"] == 0, empty
