"""The scenario player's page side (scenarios/player_js/player.js, issue 18), in Voila.

The page shows the next step the moment a choice is pressed, in the same task as the click
(no trip to the kernel), and the kernel follows: it replays the path the page sent. The
second click of a double click chooses nothing. A path the kernel cuts, and a choice made in
another view of the same player, are drawn in every view. The ending's chart is a table whose
numbers, words and bars follow the scores. The keyboard moves with the choices.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from test_voila import open_in_voila

pytestmark = pytest.mark.browser

NOTEBOOK = "zz-scenario-check.ipynb"
SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "lille.yml"
SETUP = '''\
import json
from pathlib import Path
import ipywidgets as widgets
import digileder
from digileder import scenarios
from digileder.scenarios.player import ScenarioPlayer
digileder.setup()

player = ScenarioPlayer(scenarios.load(Path({small!r})), save=False)
kernel = widgets.Label()  # what the kernel knows: the node it replayed to, and the path
kernel.add_class("kernel-sees")
def seen(_=None):
    kernel.value = f"{{player.run.node_id}} {{json.dumps(player.path)}}"
player.observe(seen, "path")
seen()
cut = widgets.Button(description="Sti, der ikke passer")
cut.on_click(lambda _: setattr(player, "path", [1, 9]))  # cut to [1] by the kernel
widgets.VBox([player, kernel, cut])
'''
SECOND_VIEW = "player"  # the same player, shown again by the next cell

# Click the first view's choice NAME in the page and read what it shows in the same task.
CLICK_AND_READ = """name => {
  const view = document.querySelectorAll('.digileder-scenario')[0];
  [...view.querySelectorAll('.digileder-choice')].find(b => b.textContent === name).click();
  return shown(view);
}"""
SHOWN = """() => { window.shown = view => ({
  number: (view.querySelector('.digileder-decision') || {}).textContent || '',
  choices: [...view.querySelectorAll('.digileder-choice')].map(b => b.textContent),
  consequence: view.querySelectorAll('.digileder-live')[0].innerText.trim(),
  ending: view.querySelectorAll('.digileder-live')[1].innerText.trim(),
  path: view.querySelectorAll('ol > li').length,
  focus: document.activeElement.className + ' ' + document.activeElement.textContent,
}); }"""
VIEWS = "() => [...document.querySelectorAll('.digileder-scenario')].map(shown)"
CHART = """() => {
  const t = document.querySelector('.digileder-scenario table.digileder-dimension-chart');
  return {caption: t.caption.innerText.trim(),
          rows: [...t.tBodies[0].rows].map(r => [...r.cells].map(c => c.innerText.trim())),
          bars: [...t.querySelectorAll('.digileder-bar')].map(b => [b.style.left,
                                                                   b.style.width])}; }"""


def _kernel_sees(page, expected: str) -> None:
    page.wait_for_function("text => [...document.querySelectorAll('.kernel-sees')]"
                           ".some(e => e.textContent.trim() === text)", arg=expected,
                           timeout=15_000)


def _views_agree(page, number: str) -> list[dict]:
    page.wait_for_function("n => [...document.querySelectorAll('.digileder-scenario')]"
                           ".every(v => shown(v).number === n)", arg=number, timeout=15_000)
    return page.evaluate(VIEWS)


def test_the_page_plays_the_scenario_and_the_kernel_follows(voila, course_copy, page,
                                                            screenshot):
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(SETUP.format(small=str(SMALL))),
        nbformat.v4.new_code_cell(SECOND_VIEW)])
    path = course_copy / "modules" / NOTEBOOK
    nbformat.write(notebook, path)
    external: list[str] = []
    try:
        open_in_voila(page, voila, NOTEBOOK, external)
        page.wait_for_selector(".digileder-scenario .digileder-choice")
        page.evaluate(SHOWN)
        first = _views_agree(page, "Beslutning 1")
        assert len(first) == 2 and first[0]["choices"] == [
            "Spørg holdet først", "Indfør det med det samme"]
        assert first[0]["consequence"] == "" and first[0]["path"] == 0
        assert "digileder-choice" not in first[0]["focus"]  # opening moves no focus

        # The next step is on the page in the same task as the click: no kernel in between.
        now = page.evaluate(CLICK_AND_READ, "Indfør det med det samme")
        assert now["number"] == "Beslutning 2", now
        assert now["choices"] == ["Sænk farten", "Fortsæt", "Spørg chefen"], now
        assert now["consequence"].startswith("Konsekvens af dit valg") and now["path"] == 1
        assert "digileder-choice Sænk farten" in now["focus"], now["focus"]
        _kernel_sees(page, "travlt [1]")
        assert _views_agree(page, "Beslutning 2")[1]["choices"] == now["choices"]

        # A double click on "Sænk farten" (-> samtale): its second click lands on
        # "Svar på dem", which would end the scenario. It must choose nothing.
        page.locator(".digileder-scenario").first.locator(
            ".digileder-choice", has_text="Sænk farten").dblclick()
        _kernel_sees(page, "samtale [1, 0]")
        page.wait_for_timeout(300)
        views = _views_agree(page, "Beslutning 3")
        assert all(v["choices"] == ["Svar på dem", "Gå tilbage til start"] for v in views)
        _kernel_sees(page, "samtale [1, 0]")

        # The kernel cuts a path that does not fit ([1, 9] -> [1]): every view shows it.
        page.locator(".widget-button", has_text="Sti, der ikke passer").click()
        _kernel_sees(page, "travlt [1]")
        views = _views_agree(page, "Beslutning 2")
        assert all(v["path"] == 1 for v in views), views

        # A choice in the second view reaches the first through the kernel.
        page.locator(".digileder-scenario").nth(1).locator(
            ".digileder-choice", has_text="Sænk farten").click()
        _kernel_sees(page, "samtale [1, 0]")
        _views_agree(page, "Beslutning 3")
        page.locator(".digileder-scenario").first.locator(
            ".digileder-choice", has_text="Gå tilbage til start").click()
        _kernel_sees(page, "start [1, 0, 1]")

        # By keyboard to an ending, Fortsæt (travlt -> skidt). The path's effects add up to
        # tillid −2 and tempo +3 (+2 −1 +2).
        view = page.locator(".digileder-scenario").first
        view.locator(".digileder-choice", has_text="Indfør det med det samme").focus()
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # "Fortsæt"
        _kernel_sees(page, "skidt [1, 0, 1, 1, 1]")
        ended = page.evaluate("shown(document.querySelectorAll('.digileder-scenario')[0])")
        assert ended["choices"] == [] and ended["ending"].startswith("Slutning\nSkidt"), ended
        assert "digileder-restart mod-primary Start forfra" in ended["focus"], ended["focus"]
        chart = page.evaluate(CHART)
        assert chart["caption"].startswith("Sådan endte dine valg"), chart
        assert chart["rows"] == [["Medarbejdernes tillid", "−2", "faldet"],
                                 ["Tempo i forandringen", "+3", "steget"]], chart
        # A bar is its share of the scale (at least −3 to +3), left of 0 for −, right for +.
        assert chart["bars"] == [["16.67%", "33.33%"], ["50%", "50%"]], chart
        view.scroll_into_view_if_needed()
        screenshot(page, "ending")

        page.keyboard.press("Enter")  # "Start forfra"
        again = page.evaluate("shown(document.querySelectorAll('.digileder-scenario')[0])")
        assert again["number"] == "Beslutning 1" and again["consequence"] == "" and \
            again["ending"] == "" and again["path"] == 0, again
        assert "digileder-choice Spørg holdet først" in again["focus"], again["focus"]
        _kernel_sees(page, "start []")
        assert not external, f"the page fetched from the internet: {sorted(set(external))}"
    finally:
        path.unlink()  # the other browser tests see only the course's modules
