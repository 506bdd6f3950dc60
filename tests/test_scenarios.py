"""Tests for the branching leadership scenarios: model, validation, shipped files, player."""

from __future__ import annotations

import json
from pathlib import Path

import ipywidgets as widgets
import pytest

from digileder import scenarios
from digileder.scenarios import Run, ScenarioError
from digileder.scenarios.validate import parse_text

FIXTURES = Path(__file__).parent / "fixtures" / "scenarios"
SMALL = FIXTURES / "lille.yml"
SHIPPED = ["ildsjaelen-i-byggesag", "ipads-i-vej-og-park", "sensorer-i-byen",
           "ai-i-byggesagsbehandlingen", "tilbuddet-med-frist-paa-fredag"]


@pytest.fixture
def answers(tmp_path, monkeypatch):
    folder = tmp_path / "svar"
    monkeypatch.setenv("DIGILEDER_ANSWERS_DIR", str(folder))
    return folder


@pytest.fixture
def small():
    return scenarios.load(SMALL)


def broken(tmp_path: Path, old: str, new: str, name: str = "kopi.yml") -> Path:
    """A copy of the small valid scenario with one piece of text replaced."""
    text = SMALL.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


# -- model ---------------------------------------------------------------------------------


def test_run_starts_at_start_with_zero_scores(small):
    run = Run(small)
    assert run.node.id == "start"
    assert run.scores == {"tillid": 0, "tempo": 0}
    assert run.path == [] and not run.is_finished


def test_choices_move_and_add_up_effects(small):
    run = Run(small)
    step = run.choose(0)
    assert step["node"] == "start" and step["choice"] == "Spørg holdet først"
    assert step["feedback"] == "Du lytter, før du beslutter."
    assert run.node.id == "samtale"
    run.choose(1)  # back to start: a loop with a way out
    run.choose(1)  # to 'travlt', tempo +2
    assert run.node.id == "travlt"
    assert run.scores == {"tillid": 1, "tempo": 1}
    run.choose(1)
    assert run.is_finished and run.ending.id == "skidt"
    assert run.scores == {"tillid": -1, "tempo": 1}
    assert [s["node"] for s in run.path] == ["start", "samtale", "start", "travlt"]


def test_choose_rejects_bad_index_and_finished_run(small):
    run = Run(small)
    with pytest.raises(ValueError, match="findes ikke"):
        run.choose(5)
    with pytest.raises(ValueError):
        run.choose(True)
    run.choose(1)
    run.choose(2)
    assert run.ending.id == "neutral"
    with pytest.raises(ValueError, match="slut"):
        run.choose(0)


def test_to_dict_round_trip_through_json(small):
    run = Run(small)
    for index in (0, 0):
        run.choose(index)
    saved = json.loads(json.dumps(run.to_dict()))
    assert saved["finished"] is True and saved["ending"]["id"] == "godt"
    again = Run.from_dict(small, saved)
    assert again.node_id == run.node_id
    assert again.scores == run.scores
    assert again.path == run.path
    assert again.to_dict() == run.to_dict()


def test_from_dict_unfinished_run_and_mismatch(small):
    run = Run(small)
    run.choose(1)
    again = Run.from_dict(small, run.to_dict())
    assert again.node.id == "travlt" and not again.is_finished
    tampered = run.to_dict()
    tampered["path"][0]["node"] = "samtale"
    with pytest.raises(ValueError, match="Trin 1"):
        Run.from_dict(small, tampered)
    with pytest.raises(ValueError, match="path"):
        Run.from_dict(small, {"scenario": small.id})


# -- validation ----------------------------------------------------------------------------


def test_small_fixture_is_valid():
    assert scenarios.validate_file(SMALL) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("til: godt", "til: findes-ikke", ["situation 'samtale', valg 1", "'findes-ikke'"]),
        ("    opsummering: Det gik skidt.\n", "", ["slutning 'skidt'", "'opsummering'"]),
        ("    tekst: Holdet har mange spørgsmål.\n", "", ["situation 'samtale'", "'tekst'"]),
        ("effekt: {tempo: +2}", "effekt: {humoer: +2}", ["valg 2", "'humoer'"]),
        ("effekt: {tempo: +2}", "effekt: {tempo: +9}", ["valg 2", "mellem -5 og +5"]),
        ("        feedback: Du giver plads.\n", "        feedbak: Du giver plads.\n",
         ["situation 'travlt', valg 1", "ukendt felt 'feedbak'", "'feedback' mangler"]),
        ("til: travlt", "til: samtale", ["situation 'travlt'", "kan ikke nås"]),
    ],
)
def test_single_problem_names_file_and_place(tmp_path, old, new, expected):
    problems = scenarios.validate_file(broken(tmp_path, old, new))
    assert problems, "the broken copy should not validate"
    text = "\n".join(problems)
    assert all(p.startswith("kopi.yml") for p in problems)
    for piece in expected:
        assert piece in text


def test_too_many_and_too_few_choices(tmp_path):
    last = ("      - tekst: Spørg chefen\n        til: neutral\n"
            "        feedback: Chefen har ikke tid.\n")
    more = "      - tekst: Mere\n        til: neutral\n        feedback: Ja.\n"
    path = broken(tmp_path, last, last + more * 2)
    problems = scenarios.validate_file(path)
    assert any("situation 'travlt'" in p and "har 5 valg" in p for p in problems)
    back = ("      - tekst: Gå tilbage til start\n        til: start\n"
            "        feedback: I starter forfra.\n")
    problems = scenarios.validate_file(broken(tmp_path, back, "", name="en.yml"))
    assert any(p.startswith("en.yml, situation 'samtale'") and "har 1 valg" in p
               for p in problems)


def test_loop_with_no_way_out(tmp_path):
    text = SMALL.read_text(encoding="utf-8")
    for old, new in [("til: godt", "til: samtale"), ("til: skidt", "til: samtale"),
                     ("til: neutral", "til: travlt")]:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "loekke.yml"
    path.write_text(text, encoding="utf-8")
    problems = scenarios.validate_file(path)
    looped = [p for p in problems if "løkke uden udvej" in p]
    assert {p.split("'")[1] for p in looped} == {"start", "samtale", "travlt"}
    assert all(p.startswith("loekke.yml, situation '") for p in looped)
    assert any("slutning 'godt'" in p and "kan ikke nås" in p for p in problems)


def test_bad_yaml_syntax_names_file_and_line(tmp_path):
    path = broken(tmp_path, "    tekst: Holdet er presset.", "    tekst: [Holdet er presset.")
    problems = scenarios.validate_file(path)
    assert len(problems) == 1
    assert problems[0].startswith("kopi.yml, linje ") and "ikke gyldig YAML" in problems[0]


def test_duplicate_ids_are_reported(tmp_path):
    path = broken(tmp_path, "  neutral:\n", "  godt:\n")
    problems = scenarios.validate_file(path)
    assert any("'godt' står to gange" in p for p in problems)


def test_every_problem_reported_at_once():
    problems = scenarios.validate_file(FIXTURES / "mange-fejl.yml")
    text = "\n".join(problems)
    assert all(p.startswith("mange-fejl.yml") for p in problems)
    expected = [
        ("situation 'start', valg 1", "'findes-ikke' findes ikke"),
        ("situation 'loekke-a', valg 2", "'humoer'"),
        ("situation 'loekke-a'", "løkke uden udvej"),
        ("situation 'loekke-b'", "løkke uden udvej"),
        ("situation 'glemt'", "kan ikke nås"),
        ("situation 'uden-tekst'", "'tekst' mangler"),
        ("situation 'uden-tekst'", "har 1 valg"),
        ("slutning 'slut'", "'opsummering' mangler"),
    ]
    for place, message in expected:
        assert any(place in p and message in p for p in problems), (place, message, text)
    # One mistake is not reported twice: the unknown target does not also look like a loop.
    assert not any("situation 'start'" in p and "løkke" in p for p in problems)


def test_load_raises_scenario_error_with_all_problems():
    with pytest.raises(ScenarioError) as caught:
        scenarios.load(FIXTURES / "mange-fejl.yml")
    err = caught.value
    assert isinstance(err, ValueError)
    assert len(err.problems) >= 8
    assert all(problem in str(err) for problem in err.problems)


def test_missing_file_and_not_a_mapping(tmp_path):
    with pytest.raises(ScenarioError, match="findes ikke"):
        scenarios.load("ingen-saadan-fil")
    _, problems = parse_text("- bare en liste\n", "liste.yml")
    assert problems and problems[0].startswith("liste.yml")


def test_check_main_prints_i_orden_or_all_problems(capsys):
    assert scenarios.check_main([str(SMALL)]) == 0
    assert "i orden" in capsys.readouterr().out
    assert scenarios.check_main([str(SMALL), str(FIXTURES / "mange-fejl.yml")]) == 1
    out = capsys.readouterr().out
    assert "lille.yml: i orden" in out
    assert out.count("  - mange-fejl.yml") == len(
        scenarios.validate_file(FIXTURES / "mange-fejl.yml"))


# -- the shipped scenarios -----------------------------------------------------------------


@pytest.mark.parametrize("scenario_id", SHIPPED)
def test_shipped_scenario_is_valid_and_big_enough(scenario_id):
    path = scenarios.scenarios_dir() / f"{scenario_id}.yml"
    assert scenarios.validate_file(path) == []
    scenario = scenarios.load(scenario_id)
    assert len(scenario.situations) >= 6
    assert len(scenario.endings) >= 3
    assert "(opdigtet)" in scenario.intro or "opdigtede" in scenario.intro
    assert path.read_text(encoding="utf-8").startswith("#"), "teacher header comment missing"
    # Every ending can be reached by actually playing (breadth-first over choices).
    reached, todo = set(), [[]]
    while todo:
        choices = todo.pop()
        run = Run(scenario)
        for index in choices:
            run.choose(index)
        if run.is_finished:
            reached.add(run.node_id)
            continue
        if len(choices) < 12:
            todo += [choices + [i] for i in range(len(run.node.choices))]
    assert reached == set(scenario.endings)
    for ending in scenario.endings.values():
        assert ending.reflection.rstrip().endswith("?")


def _paths(scenario) -> list[list[str]]:
    """Every way through a scenario, as the node ids visited (the last one is the ending)."""
    done, todo = [], [[scenario.start]]
    while todo:
        path = todo.pop()
        node = scenario.situations.get(path[-1])
        if node is None:
            done.append(path)
        elif len(path) < 14:
            todo += [path + [choice.target] for choice in node.choices]
    return done


def test_the_friday_offer_only_holds_when_procurement_data_security_and_med_were_asked():
    """Module 09's procurement exercise: no way to 'Et køb, der holder' skips indkøb, the DPO
    (appen), it-sikkerhed or MED, and splitting the order never gets there on its own."""
    scenario = scenarios.load("tilbuddet-med-frist-paa-fredag")
    paths = _paths(scenario)
    good = [p for p in paths if p[-1] == "godt-koeb"]
    assert good and all({"indkoeb", "appen", "sikkerhed", "med"} <= set(p) for p in good)
    split = [p for p in paths if "opdelt" in p and "indkoeb" not in p]
    assert split and all(p[-1] != "godt-koeb" for p in split)


def test_list_scenarios_has_the_three():
    listed = dict(scenarios.list_scenarios())
    assert set(SHIPPED) <= set(listed)
    assert listed["ipads-i-vej-og-park"] == "iPads til Vej og Park"


# -- the player widget (the page's side is tested in tests/browser/test_scenario_page.py) ----


def _situation(player, node_id: str) -> dict:
    return player.view["situations"][node_id]


def test_player_sends_each_step_as_pieces_and_follows_a_choice(answers):
    player = scenarios.show("ipads-i-vej-og-park")
    assert isinstance(player, scenarios.ScenarioPlayer)
    start = _situation(player, player.view["start"])
    assert "Et tilbud med frist på fredag" in start["html"]
    assert 2 <= len(start["choices"]) <= 4
    second = start["choices"][1]
    assert "Konsekvens af dit valg" in second["consequence"]
    assert "+1 Medarbejdernes tillid" in second["consequence"]
    assert second["text"] in second["step"] and "Du valgte:" in second["step"]
    player.choose(1)
    assert player.path == [1] and player.run.node_id == second["to"] == "kerneopgaven"
    assert "Hvor går tiden tabt?" in _situation(player, "kerneopgaven")["html"]


def test_player_reaches_ending_saves_and_says_where(answers):
    player = scenarios.show("ipads-i-vej-og-park")
    while not player.run.is_finished:
        assert player.status == ""
        player.choose(0)
    ending = player.run.ending
    assert ending.title in player.view["endings"][ending.id]
    assert "Til refleksion" in player.view["endings"][ending.id]
    assert player.status == ("<i>Din vej er gemt i mine-svar/scenarier/"
                             "ipads-i-vej-og-park.json.</i>")
    saved_file = answers / "scenarier" / "ipads-i-vej-og-park.json"
    saved = json.loads(saved_file.read_text(encoding="utf-8"))
    assert saved == scenarios.load_saved_run("ipads-i-vej-og-park")
    assert saved["ending"]["id"] == ending.id
    assert saved["scores"] == player.run.scores
    assert [s["choice_index"] for s in saved["path"]] == player.path
    again = Run.from_dict(scenarios.load("ipads-i-vej-og-park"), saved)
    assert again.node_id == ending.id
    # The intro now names the ending (the page shows it folded, under "Om scenariet").
    assert "Sidst du spillede" in player.intro_html and ending.title in player.intro_html


def test_player_restart_and_no_save(answers):
    player = scenarios.show("sensorer-i-byen", save=False)
    while not player.run.is_finished:
        player.choose(len(player.run.node.choices) - 1)
    assert not (answers / "scenarier" / "sensorer-i-byen.json").exists()
    assert scenarios.load_saved_run("sensorer-i-byen") is None and player.status == ""
    player.restart()
    assert player.path == [] and player.run.path == [] and player.run.node_id == "afsaet"


def test_player_shows_danish_message_for_missing_or_broken(answers, tmp_path):
    missing = scenarios.show("findes-ikke")
    assert isinstance(missing, widgets.HTML) and "kan ikke vises" in missing.value
    path = broken(tmp_path, "til: godt", "til: findes-ikke")
    broken_view = scenarios.show(path)  # a Path from code; a typed text is only a listed id
    assert "findes-ikke" in broken_view.value and "samtale" in broken_view.value


def test_load_saved_run_survives_a_broken_file(answers):
    folder = answers / "scenarier"
    folder.mkdir(parents=True)
    (folder / "ipads-i-vej-og-park.json").write_text("{ikke json", encoding="utf-8")
    assert scenarios.load_saved_run("ipads-i-vej-og-park") is None
    player = scenarios.show("ipads-i-vej-og-park")
    assert "Et tilbud" in _situation(player, player.view["start"])["html"]


def test_last_ending_is_remembered_by_the_next_player(answers):
    first = scenarios.show("ildsjaelen-i-byggesag")
    assert "Sidst du spillede" not in first.intro_html
    while not first.run.is_finished:
        first.choose(0)
    second = scenarios.show("ildsjaelen-i-byggesag")
    assert "Sidst du spillede" in second.intro_html
    assert first.run.ending.title in second.intro_html


def test_digileder_command_checks_scenarios_in_danish():
    import subprocess
    import sys

    from tests.conftest import ROOT

    cli = [sys.executable, "-m", "digileder.cli", "scenarie", "tjek"]
    good = subprocess.run(cli, capture_output=True, text=True, cwd=ROOT)
    assert good.returncode == 0 and "i orden" in good.stdout
    broken = ROOT / "tests" / "fixtures" / "scenarios" / "mange-fejl.yml"
    bad = subprocess.run([*cli, str(broken)], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 1 and "mange-fejl.yml" in bad.stdout + bad.stderr
    assert "Traceback" not in bad.stdout + bad.stderr


# -- issue 15: hostile YAML gives Danish problems, never a traceback -------------------------


def test_list_as_key_is_a_danish_problem_with_line(tmp_path):
    """Does `? [1, 2]` (a list used as a key) give a Danish problem, not a TypeError?"""
    path = broken(tmp_path, "  neutral:\n", "  ? [1, 2]\n  : x\n  neutral:\n")
    problems = scenarios.validate_file(path)
    assert any("linje" in p and "nøgle skal være et ord" in p for p in problems), problems


def test_deeply_nested_lists_are_a_danish_problem(tmp_path):
    """Do 5,000 nested lists give a Danish problem, not a RecursionError?"""
    path = tmp_path / "dyb.yml"
    path.write_text("titel: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    problems = scenarios.validate_file(path)
    assert len(problems) == 1 and "niveauer" in problems[0] and "linje 1" in problems[0]
