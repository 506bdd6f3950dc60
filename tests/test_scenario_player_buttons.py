"""The scenario player's choice buttons are made once and relabelled at each step (issue 18):
a choice makes no new widgets, a click only ever answers for the step its button showed, and
focus lands on the new choices."""

from __future__ import annotations

import os
import subprocess
import sys

import ipywidgets as widgets
import pytest

from digileder import scenarios
from digileder.scenarios.player import ScenarioPlayer
from tests.test_scenarios import SMALL


@pytest.fixture
def player(tmp_path, monkeypatch):
    monkeypatch.setenv("DIGILEDER_ANSWERS_DIR", str(tmp_path / "svar"))
    return ScenarioPlayer(scenarios.load(SMALL), save=False)


def shown_choices(player: ScenarioPlayer) -> list[widgets.Button]:
    """The choice buttons a participant can see: in a box of the player that is not hidden."""
    return [button for box in player.children if isinstance(box, widgets.Box)
            and box.layout.display != "none" for button in box.children
            if "digileder-choice" in button._dom_classes]


def texts(player: ScenarioPlayer) -> list[str]:
    return [button.description for button in shown_choices(player)]


def test_each_step_shows_exactly_its_own_choices(player):
    assert texts(player) == ["Spørg holdet først", "Indfør det med det samme"]
    shown_choices(player)[1].click()  # start -> travlt: three choices, more than before
    assert texts(player) == ["Sænk farten", "Fortsæt", "Spørg chefen"]
    assert [b.tooltip for b in shown_choices(player)] == texts(player)
    shown_choices(player)[0].click()  # travlt -> samtale: two again, the third is gone
    assert texts(player) == ["Svar på dem", "Gå tilbage til start"]
    shown_choices(player)[1].click()  # back to start
    assert texts(player) == ["Spørg holdet først", "Indfør det med det samme"]
    assert player.buttons.children == tuple(shown_choices(player))


def test_a_choice_makes_no_new_widgets(player, monkeypatch):
    shown_choices(player)[1].click()  # both sets of buttons exist after the first choice
    made = []
    original = widgets.Widget.__init__
    monkeypatch.setattr(widgets.Widget, "__init__",
                        lambda self, **kwargs: (made.append(type(self).__name__),
                                                original(self, **kwargs))[1])
    shown_choices(player)[0].click()  # travlt -> samtale
    shown_choices(player)[1].click()  # samtale -> start
    shown_choices(player)[0].click()  # start -> samtale
    assert made == []


def test_a_second_quick_click_on_the_same_button_is_ignored(player):
    first = shown_choices(player)[0]  # "Spørg holdet først" -> samtale
    first.click()
    first.click()  # a double click: sent before the page showed the next step
    assert player.run.node_id == "samtale" and len(player.run.path) == 1
    assert first not in shown_choices(player)


def test_a_button_from_an_earlier_step_never_answers_for_that_step(player):
    """start -> samtale -> start: the buttons of step 1 show step 3's choices, and a click
    on one of them is step 3's choice, never step 1's."""
    step_one = shown_choices(player)
    step_one[0].click()  # start -> samtale
    step_two = shown_choices(player)
    assert not set(step_one) & set(step_two)
    for button in step_one:  # hidden now: late clicks from step 1 do nothing
        button.click()
    assert [s["choice"] for s in player.run.path] == ["Spørg holdet først"]
    step_two[1].click()  # "Gå tilbage til start"
    step_three = shown_choices(player)
    step_three[1].click()  # "Indfør det med det samme"
    assert [s["choice"] for s in player.run.path] == [
        "Spørg holdet først", "Gå tilbage til start", "Indfør det med det samme"]
    assert player.run.node_id == "travlt"
    for button in step_two:  # step 2's set was relabelled for step 4: it answers for step 4
        assert button.description in {c.text for c in player.run.node.choices} or \
            button not in shown_choices(player)


def test_restart_in_the_middle_ignores_the_buttons_on_show_before(player):
    shown_choices(player)[1].click()  # start -> travlt
    before = shown_choices(player)
    player.restart_button.click()
    assert player.run.path == [] and texts(player) == ["Spørg holdet først",
                                                       "Indfør det med det samme"]
    before[1].click()  # "Fortsæt" in travlt, clicked as the page restarted
    assert player.run.path == [] and player.run.node_id == "start"
    shown_choices(player)[0].click()
    assert player.run.node_id == "samtale"


def test_ending_hides_every_choice_and_restart_shows_them_again(player):
    shown_choices(player)[1].click()  # travlt
    shown_choices(player)[1].click()  # "Fortsæt" -> skidt (an ending)
    assert player.run.is_finished and shown_choices(player) == []
    assert player.buttons.children == ()
    player.restart_button.click()
    assert texts(player) == ["Spørg holdet først", "Indfør det med det samme"]


def test_focus_moves_to_the_first_new_choice(player, monkeypatch):
    focused = []
    monkeypatch.setattr(widgets.Button, "focus", lambda self: focused.append(self))
    shown_choices(player)[0].click()
    assert focused == [shown_choices(player)[0]]
    shown_choices(player)[0].click()  # "Svar på dem" -> godt (an ending)
    assert focused[-1] is player.restart_button
    # "Start forfra": the keyboard goes to the first choice, not left on the button below.
    player.restart_button.click()
    assert focused[-1] is shown_choices(player)[0]


def test_opening_the_module_moves_no_focus(monkeypatch):
    focused = []
    monkeypatch.setattr(widgets.Button, "focus", lambda self: focused.append(self))
    scenarios.show("ipads-i-vej-og-park", save=False)
    assert focused == []


def test_the_player_never_imports_the_chart_libraries(tmp_path):
    """Run All in module 04/05/07/09 shows a player, and its ending draws a chart: neither
    imports altair or pandas (0.5-1.5 s; they made the first ending take 0.6 s)."""
    code = ("import sys, digileder\n"
            "digileder.setup()\n"
            "from digileder import scenarios\n"
            "def loaded(): return sorted(m for m in ('altair', 'pandas') if m in sys.modules)\n"
            "player = scenarios.show('ipads-i-vej-og-park')\n"
            "player.buttons.children[0].click()\n"
            "print(loaded())\n"
            "while player.buttons.children:\n"
            "    player.buttons.children[0].click()\n"
            "print(loaded(), 'Sådan endte dine valg' in player.chart.value)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env={**os.environ,
                                            "DIGILEDER_ANSWERS_DIR": str(tmp_path / "svar")})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["[]", "[] True"]
