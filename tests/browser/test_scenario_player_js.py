"""player.js on its own (a reviewer's cases): the page side of the scenario player in a plain
page, with a stand-in for the widget model, so each case takes a second and needs no Jupyter
server. What the kernel would send is set on the stand-in; what the page sends is recorded.

Found by hand in Lab and Voila (review of issue 18's player):
- a situation or ending named like something every JavaScript object has ("constructor",
  "toString") was looked up on the object's prototype: the page wrote "undefined", threw, and
  the participant was stuck with the old choices;
- a path that is not choice numbers (ipywidgets echoes a hand-made message to every view
  before the kernel checks it) threw ("length", "__proto__", a dict) or was drawn as a path
  the kernel never had ("0" and [0] read as choice 0);
- a held Enter key (auto-repeat) chose on each repeat, through situations never read;
- the focus ring of a choice (full width) was cut off at the sides by the output's
  overflow:hidden;
- an ending reached while the kernel did not answer (a long cell; a kernel restarted or culled
  under the page, which still plays on its own) showed the last run's "Din vej er gemt" or
  nothing: the participant was told it was saved, or not told that it was not.
"""

from __future__ import annotations

from pathlib import Path

import accessibility
import pytest

from digileder import scenarios
from digileder.scenarios.player import JS, LABELS, SAVE_LABELS, view_of

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios"

# The widget's box in Lab and Voila hides what sticks out of it (overflow: hidden).
PAGE = """<!doctype html><html><head><style>{css}</style>
<style>.jupyter-button {{ border: 0; background: #eee; }}</style></head>
<body><div id="box" style="overflow:hidden;width:600px;margin:40px"><div id="host"></div></div>
</body></html>"""

MOUNT = """async ([source, view, labels]) => {
  const url = URL.createObjectURL(new Blob([source], {type: 'text/javascript'}));
  const player = (await import(url)).default;
  const state = {view, labels, title_html: '', intro_html: '', path: [], status: ''};
  const handlers = {};
  window.sent = [];
  window.model = {
    get: key => state[key],
    set: (key, value) => { state[key] = value; },
    save_changes: () => window.sent.push(JSON.parse(JSON.stringify(state.path))),
    on: (event, handler) => { (handlers[event] = handlers[event] || []).push(handler); },
  };
  // A change from the kernel (or ipywidgets' echo of another view's message).
  window.fromKernel = (key, value) => {
    state[key] = value;
    (handlers['change:' + key] || []).forEach(handler => handler());
  };
  player.render({model: window.model, el: document.getElementById('host')});
}"""

SHOWN = """() => { const view = document.querySelector('.digileder-scenario');
  return {number: (view.querySelector('.digileder-decision') || {}).textContent || '',
          choices: [...view.querySelectorAll('.digileder-choice')].map(b => b.textContent),
          ending: view.querySelectorAll('.digileder-live')[1].innerText.trim(),
          steps: view.querySelectorAll('ol > li').length,
          text: view.innerText}; }"""


def mount(page, scenario_file: str, labels: dict | None = None) -> None:
    page.set_content(PAGE.format(css=(JS / "player.css").read_text(encoding="utf-8")))
    view = view_of(scenarios.load(FIXTURES / scenario_file))
    page.evaluate(MOUNT, [(JS / "player.js").read_text(encoding="utf-8"), view,
                          labels or LABELS])
    page.wait_for_selector(".digileder-choice")


def choose(page, text: str) -> dict:
    page.locator(".digileder-choice", has_text=text).click()
    return page.evaluate(SHOWN)


def test_ids_that_every_javascript_object_has_are_found_like_any_other(page):
    mount(page, "js-navne.yml")
    start = page.evaluate(SHOWN)
    assert start["number"] == "Beslutning 1" and start["choices"] == [
        "Til slutningen constructor", "Til situationen valueOf"]
    ended = choose(page, "Til slutningen constructor")
    assert ended["ending"].startswith("Slutning\nSlutningen constructor"), ended
    assert ended["choices"] == [] and "undefined" not in ended["text"]
    page.locator(".digileder-restart").click()
    choose(page, "Til situationen valueOf")
    ended = choose(page, "Til slutningen hasOwnProperty")
    assert ended["ending"].startswith("Slutning\nSlutningen hasOwnProperty"), ended
    assert page.evaluate("window.sent") == [[0], [], [1], [1, 0]]
    assert page.console.errors == []


def test_start_forfra_is_there_only_once_a_choice_is_made(page):
    """At the start it would do nothing; a keyboard user tabs past it for no reason."""
    mount(page, "js-navne.yml")
    restart = page.locator(".digileder-restart")
    assert restart.is_hidden()
    choose(page, "Til situationen valueOf")
    assert restart.is_visible()
    restart.click()
    assert restart.is_hidden() and page.evaluate(SHOWN)["number"] == "Beslutning 1"
    assert page.evaluate("document.activeElement.textContent") == "Til slutningen constructor"


def test_arrow_keys_move_between_the_choices_and_stay_in_the_player(page):
    """In Lab an arrow key that reaches the notebook selects the next cell: the keyboard user
    is thrown out of the scenario (seen in review)."""
    mount(page, "js-navne.yml")
    page.evaluate("() => { window.arrows = 0; document.addEventListener('keydown',"
                  " e => { if (e.key.startsWith('Arrow')) window.arrows++; }); }")
    page.locator(".digileder-choice").first.focus()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == "Til situationen valueOf"
    page.keyboard.press("ArrowDown")  # the last choice: the focus stays
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.textContent") == "Til slutningen constructor"
    assert page.evaluate("window.arrows") == 0


def test_arrow_keys_stay_in_the_player_also_off_the_choices(page):
    """At an ending the focus is on "Start forfra": an arrow key there, or on a folded part,
    reached Lab, which selected the next cell and took the keyboard out of the scenario (seen in
    review, module 09 in Lab). There the key keeps its own use (scrolling)."""
    mount(page, "js-navne.yml")
    page.evaluate("() => { window.arrows = 0; document.addEventListener('keydown',"
                  " e => { if (e.key.startsWith('Arrow')) window.arrows++; }); }")
    page.locator(".digileder-choice").first.focus()
    page.keyboard.press("Enter")  # to the ending: the focus is on "Start forfra"
    assert page.evaluate("document.activeElement.textContent") == "Start forfra"
    for key in ("ArrowDown", "ArrowUp"):
        page.keyboard.press(key)
        assert page.evaluate("document.activeElement.textContent") == "Start forfra"
    for summary in page.locator(".digileder-scenario summary:visible").all():
        summary.focus()
        page.keyboard.press("ArrowDown")
    assert page.evaluate("window.arrows") == 0


@pytest.mark.parametrize(("path", "steps"), [
    (["0"], 0), ([[0]], 0), ([1, "length"], 1), ([1, "__proto__"], 1), (["constructor"], 0),
    ([1, 0.5], 1), ([1, -1], 1), ([True], 0), ({"a": 1}, 0), ("01", 0), (None, 0),
])
def test_a_path_of_other_things_than_choice_numbers_is_drawn_to_where_they_begin(
        page, path, steps):
    """The kernel cuts such a path at the same place (test_scenario_player_path.py) and
    answers; until then the page shows no step the kernel cannot have, and throws nothing."""
    mount(page, "lille.yml")
    page.evaluate("path => window.fromKernel('path', path)", path)
    shown = page.evaluate(SHOWN)
    assert shown["steps"] == steps and shown["number"] == f"Beslutning {steps + 1}", shown
    assert page.console.errors == []
    # The participant goes on from what is shown, and the page sends only choice numbers.
    choose(page, shown["choices"][0])
    assert page.evaluate("window.sent") == [[1, 0][:steps] + [0]]


def test_a_held_enter_key_chooses_once(page):
    mount(page, "lille.yml")
    page.locator(".digileder-choice", has_text="Indfør det med det samme").focus()
    page.keyboard.down("Enter")
    page.keyboard.down("Enter")  # the key's auto-repeat
    page.keyboard.down("Enter")
    page.keyboard.up("Enter")
    shown = page.evaluate(SHOWN)
    assert shown["number"] == "Beslutning 2" and shown["steps"] == 1, shown
    assert page.evaluate("window.sent") == [[1]]
    page.keyboard.press("Enter")  # a new press still chooses ("Sænk farten")
    assert page.evaluate(SHOWN)["steps"] == 2


def test_the_focus_ring_of_a_choice_is_inside_the_widgets_box(page):
    """2.4.7: the ring is drawn inside the full-width choice, so the output's overflow:hidden
    cannot cut it off (Start forfra is narrow: its ring may go outside)."""
    mount(page, "lille.yml")
    page.locator(".digileder-choice").first.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")  # keyboard focus: :focus-visible
    ring = page.evaluate("""() => {
      const button = document.activeElement, style = getComputedStyle(button);
      const reach = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth);
      const r = button.getBoundingClientRect(), box = document.getElementById('box')
        .getBoundingClientRect();
      return {cls: button.className, style: style.outlineStyle, width: style.outlineWidth,
              left: r.left - reach - box.left, right: box.right - (r.right + reach)}; }""")
    assert "digileder-choice" in ring["cls"] and ring["style"] == "solid", ring
    assert ring["width"] == "3px", ring
    assert ring["left"] >= 0 and ring["right"] >= 0, ring


STATUS = "() => document.querySelector('.digileder-scenario > div:nth-last-of-type(1)').innerText"
SAVED = "<i>Din vej er gemt i mine-svar/scenarier/lille.json.</i>"


def test_an_ending_the_kernel_has_not_answered_is_not_called_saved(page):
    mount(page, "lille.yml", {**LABELS, **SAVE_LABELS, "wait_ms": 400})
    choose(page, "Indfør det med det samme")
    choose(page, "Fortsæt")  # -> skidt
    page.evaluate("html => window.fromKernel('status', html)", SAVED)
    assert page.evaluate(STATUS) == "Din vej er gemt i mine-svar/scenarier/lille.json."

    # The kernel answers nothing more: another ending is not "gemt", first it is being saved,
    # then the page says what to do.
    page.locator(".digileder-restart").click()
    choose(page, "Indfør det med det samme")
    choose(page, "Spørg chefen")  # -> neutral
    assert page.evaluate(STATUS) == SAVE_LABELS["saving"]
    page.wait_for_function(f"() => ({STATUS})() === {SAVE_LABELS['not_saved']!r}",
                           timeout=5_000)
    found = accessibility.violations(page, include=[".digileder-scenario"])
    assert not accessibility.blocking(found), accessibility.describe(found)

    # The kernel catches up: it clears the message (the restart), then saves.
    page.evaluate("window.fromKernel('status', '')")
    assert page.evaluate(STATUS) == SAVE_LABELS["not_saved"]
    page.evaluate("html => window.fromKernel('status', html)", SAVED)
    assert page.evaluate(STATUS) == "Din vej er gemt i mine-svar/scenarier/lille.json."
    assert page.console.errors == []


def test_a_player_that_saves_nothing_promises_nothing(page):
    mount(page, "lille.yml")  # save=False: no saving labels
    choose(page, "Indfør det med det samme")
    choose(page, "Spørg chefen")
    page.wait_for_timeout(200)
    assert page.evaluate(STATUS) == ""


def test_long_words_stay_inside_the_box_at_320_px(page):
    """1.4.10: a long Danish compound or a link in a choice's feedback, an effect chip or the
    path wraps; nothing is cut off by the output's overflow:hidden."""
    page.set_viewport_size({"width": 320, "height": 640})
    mount(page, "lange-ord.yml")
    page.evaluate("document.getElementById('box').style.cssText = "
                  "'overflow:hidden;width:300px;margin:0'")
    outside = """() => { const box = document.getElementById('box').getBoundingClientRect();
      return [...document.querySelectorAll('.digileder-scenario *')]
        .filter(e => e.getBoundingClientRect().right > box.right + 0.5
                     || (e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1))
        .map(e => `${e.tagName}.${e.className} ${(e.textContent || '').slice(0, 30)}`); }"""
    assert page.evaluate(outside) == []
    choose(page, "Læs")
    assert page.evaluate(outside) == []
