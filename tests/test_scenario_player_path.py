"""The scenario player's kernel side (issue 18): the page shows each step itself and sends the
path, the choice numbers from the start. The kernel replays it; a path that does not fit the
scenario (a page that is behind, a hand-made message) is cut to the part that fits, which the
page then shows. Saving happens at an ending, once per path that reached it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from digileder import scenarios
from digileder.palette import ERROR_TEXT
from digileder.scenarios.player import MAX_STEPS, ScenarioPlayer
from tests.test_scenarios import SMALL


@pytest.fixture
def player(answers_dir):
    return ScenarioPlayer(scenarios.load(SMALL), save=False)


def from_page(player: ScenarioPlayer, path) -> None:
    """What the page's message does: ipywidgets sets the state it sent."""
    player.set_state({"path": path})


def sent_to_pages(player: ScenarioPlayer) -> list[dict]:
    """The messages the kernel sends the pages from now on. ipywidgets sends only when its comm
    has a kernel; outside a kernel that depends on the tests run before in the same process,
    so the comm gets one here, as in a notebook."""
    sent: list[dict] = []
    player.comm.kernel = object()
    player.comm.send = lambda data=None, buffers=None, **_: sent.append(data)
    return sent


def test_a_path_from_the_page_is_replayed(player):
    from_page(player, [1, 0])  # start -> travlt -> samtale
    assert player.run.node_id == "samtale"
    assert [s["choice"] for s in player.run.path] == ["Indfør det med det samme", "Sænk farten"]
    from_page(player, [1, 0, 1, 0])  # ... -> start -> samtale: a loop is a path too
    assert player.run.node_id == "samtale" and len(player.run.path) == 4


@pytest.mark.parametrize(("sent", "kept", "node"), [
    ([1, 7, 0], [1], "travlt"),  # no choice 7 in travlt
    ([-1], [], "start"),
    ([1, 1, 0], [1, 1], "skidt"),  # nothing after an ending
    ([0, 2], [0], "samtale"),  # samtale has two choices, travlt three
])
def test_a_path_that_does_not_fit_is_cut_to_the_part_that_does(player, sent, kept, node):
    from_page(player, sent)
    assert player.path == kept and player.run.node_id == node
    assert [s["choice_index"] for s in player.run.path] == kept


@pytest.mark.parametrize(("sent", "kept"), [
    ([1, "0"], [1]), ([1, [0]], [1]), ([None], []), ([1, 0.5], [1]), ([True], []),
    ([1, False, 0], [1]), ("0", []), ({"a": 1}, []), (None, []),
])
def test_a_path_of_other_things_than_numbers_is_cut_where_they_begin(player, sent, kept):
    """ipywidgets echoes what a page sent to every other view before the kernel checks it.
    A path the kernel refused (TraitError) was never answered, so the views went on showing
    it (JavaScript reads "0" and [0] as choice 0) while the kernel kept another path, and
    every later choice sent from them was refused too: nothing was saved. The kernel cuts it
    like a path that does not fit, and says so to every view. True is no choice number
    either (Run.choose refuses it; a List(Int) took it, and [1, True] == [1, 1])."""
    from_page(player, [1, 0])
    messages = sent_to_pages(player)
    from_page(player, sent)
    assert player.path == kept
    assert [s["choice_index"] for s in player.run.path] == kept
    answers = [m["state"]["path"] for m in messages if m["method"] == "update"]
    assert answers == [kept], messages


def test_a_path_cut_to_the_one_the_kernel_has_is_answered_too(player):
    from_page(player, [1])
    messages = sent_to_pages(player)
    from_page(player, [1, "0"])  # cut to [1]: no trait changes
    assert player.path == [1] and player.run.node_id == "travlt"
    assert [m["state"]["path"] for m in messages if m["method"] == "update"] == [[1]]
    messages.clear()
    from_page(player, [1, 0])  # a path that fits is not sent back
    assert [m for m in messages if m["method"] == "update"] == []


def test_a_very_long_path_is_cut_before_it_is_replayed(player):
    from_page(player, [0, 1] * 100_000)  # start -> samtale -> start ...
    assert len(player.path) == len(player.run.path) == MAX_STEPS


def test_choose_from_python_says_in_danish_what_is_wrong(player):
    with pytest.raises(ValueError, match="Valg nummer 5 findes ikke i situationen 'start'"):
        player.choose(5)
    assert player.path == []
    player.choose(1)
    player.choose(1)  # -> skidt, an ending
    with pytest.raises(ValueError, match="Scenariet er slut. Start forfra"):
        player.choose(0)
    assert player.path == [1, 1]


def test_restart_from_the_page_or_python_starts_over(player):
    from_page(player, [1, 1])
    from_page(player, [])
    assert player.run.node_id == "start" and player.run.path == []
    player.choose(0)
    player.restart()
    assert player.path == [] and player.run.node_id == "start"


def test_each_ending_reached_is_saved_and_a_restart_clears_the_message(answers_dir):
    player = ScenarioPlayer(scenarios.load(SMALL))
    saved = answers_dir / "scenarier" / f"{player.scenario.id}.json"
    from_page(player, [0])
    assert not saved.exists() and player.status == ""
    from_page(player, [0, 0])  # -> godt
    assert saved.is_file() and "Din vej er gemt" in player.status
    assert scenarios.load_saved_run(player.scenario.id)["ending"]["id"] == "godt"
    from_page(player, [])
    assert player.status == ""
    from_page(player, [1, 1])  # -> skidt: saved instead of the first
    assert scenarios.load_saved_run(player.scenario.id)["ending"]["id"] == "skidt"
    assert "Skidt" in player.intro_html  # the next visit names it


def test_a_save_that_fails_says_so_in_danish(answers_dir):
    answers_dir.mkdir(parents=True)
    (answers_dir / "scenarier").write_text("en fil, ikke en mappe", encoding="utf-8")
    player = ScenarioPlayer(scenarios.load(SMALL))
    from_page(player, [0, 0])
    assert player.run.is_finished
    assert "Din vej er gemt" not in player.status and f"color:{ERROR_TEXT}" in player.status
    assert (answers_dir / "scenarier").read_text(encoding="utf-8") == "en fil, ikke en mappe"


def test_opening_the_player_shows_the_start_and_no_message(player):
    assert player.path == [] and player.status == ""
    assert player.view["start"] == "start"
    assert set(player.view["situations"]) == {"start", "samtale", "travlt"}
    assert set(player.view["endings"]) == {"godt", "skidt", "neutral"}
    assert [c["to"] for c in player.view["situations"]["travlt"]["choices"]] == [
        "samtale", "skidt", "neutral"]
    assert player.view["dimensions"] == [["tillid", "Medarbejdernes tillid"],
                                         ["tempo", "Tempo i forandringen"]]


def test_the_player_never_imports_the_chart_libraries(tmp_path):
    """Run All in module 04/05/07/09 shows a player, and its ending draws a chart: neither
    imports altair or pandas (0.5-1.5 s; they made the first ending take 0.6 s)."""
    code = ("import sys, digileder\n"
            "digileder.setup()\n"
            "from digileder import scenarios\n"
            "def loaded(): return sorted(m for m in ('altair', 'pandas') if m in sys.modules)\n"
            "player = scenarios.show('ipads-i-vej-og-park')\n"
            "player.choose(0)\n"
            "print(loaded())\n"
            "while not player.run.is_finished:\n"
            "    player.choose(0)\n"
            "print(loaded(), 'Din vej er gemt' in player.status)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env={**os.environ,
                                            "DIGILEDER_ANSWERS_DIR": str(tmp_path / "svar")})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["[]", "[] True"]


def test_only_a_player_that_saves_tells_the_page_what_to_say_while_saving(answers_dir):
    """The page shows SAVE_LABELS at an ending until the kernel answers (player.js)."""
    from digileder.scenarios.player import SAVE_LABELS

    assert set(SAVE_LABELS) <= set(ScenarioPlayer(scenarios.load(SMALL)).labels)
    assert not set(SAVE_LABELS) & set(ScenarioPlayer(scenarios.load(SMALL), save=False).labels)
