"""Problems are shown in Danish where the participant looks: a teacher's broken course file in
the business case and the course map, a set-aside answer in module 08 and the scenario player,
and a plan whose fields hold HTML or control characters."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import ipywidgets as widgets

from digileder import business_case, course, notes, plan, scenarios
from digileder.plan import Action, LeadershipPlan

CUT = b'{"text": "Min lange tekst om byggesag'
BROKEN_CASE = """title: Test
horizon_years: 5
presets:
- id: a
  label: A
  investment: [{label: Udstyr, amount: mange}]
  running_cost: [{label: Drift, amount: 100}]
  gains: [{label: Tid, pessimistic: 100, likely: nogle, optimistic: 500}]
"""


def _write(path: Path, content: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def test_a_broken_business_case_is_shown_in_danish_not_as_a_traceback(tmp_path, monkeypatch):
    """Does business_case.show() list every problem of the case file in the widget?"""
    folder = tmp_path / "datasets" / "business_cases"
    _write(folder / "test-case.yml", BROKEN_CASE.encode())
    monkeypatch.setenv("DIGILEDER_COURSE_ROOT", str(tmp_path))
    shown = business_case.show("test-case")
    assert isinstance(shown, widgets.HTML)
    assert "Lommeregneren kan ikke vises" in shown.value and "underviser" in shown.value
    assert shown.value.count("<li>") >= 2 and "test-case.yml" in shown.value


def test_a_broken_course_map_is_shown_in_danish_not_as_a_traceback(tmp_path, monkeypatch):
    """Does course.show_map() display the course map's problems instead of raising?"""
    _write(tmp_path / "course_map.yml", b"reading_words_per_minute: hurtigt\nmodules: 5\n")
    monkeypatch.setattr(course, "datasets_dir", lambda: tmp_path)
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    course.show_map()
    (page,) = shown
    assert "Kursusoversigten kan ikke vises" in page.data and "course_map.yml" in page.data


def test_module_08_material_names_every_answer_it_set_aside(answers_dir):
    """Do a broken reflection and a broken scenario run show a notice in module 08?"""
    _write(answers_dir / "refleksioner" / "01-kerneopgave.json", CUT)
    _write(answers_dir / "scenarier" / "ipads-i-vej-og-park.json", b'{"path": 5}')
    notes.save("02-tal", "Svarprocenten er lav")
    html = plan.show_material().children[0].value
    assert "01-kerneopgave.beskadiget-" in html and "ipads-i-vej-og-park.beskadiget-" in html
    assert "✔ 1 refleksion<" in html  # one, not '1 refleksioner'


def test_the_scenario_player_names_a_saved_run_it_set_aside(answers_dir):
    """Does the player say where a broken saved run went, and keep saying it after a choice?"""
    _write(answers_dir / "scenarier" / "ipads-i-vej-og-park.json", CUT)
    player = scenarios.show("ipads-i-vej-og-park")
    assert "ipads-i-vej-og-park.beskadiget-" in player.title_html
    player.choose(0)
    assert "ipads-i-vej-og-park.beskadiget-" in player.title_html


def test_the_markdown_plan_escapes_html_and_drops_control_characters():
    """Can '<!--' in a field hide the rest of the Markdown plan, or a NUL byte get in?"""
    actions = [Action(f"Handling nummer {n} <!-- skjult", "Mig\x00", "01.01.2099")
               for n in (1, 2, 3)]
    leadership = LeadershipPlan(name="<script>alert(1)</script>", focus="Fokus <!--",
                                actions=actions, created=date(2026, 11, 30))
    text = plan.to_markdown(leadership)
    assert "<" not in text and "\x00" not in text
    assert "&lt;!-- skjult" in text and "&lt;script>" in text
    assert "## Det har jeg skrevet undervejs" in text  # the rest is still there


def test_a_wrong_typed_answer_is_not_called_partly_saved(answers_dir):
    """Is the notice true: 'delvist gemt' only for a cut-off file, not for wrong JSON types?"""
    _write(answers_dir / "refleksioner" / "01-kerneopgave.json", b'{"text": 123}')
    _write(answers_dir / "refleksioner" / "02-tal.json", CUT)
    wrong_type, cut_short = notes.read("01-kerneopgave")[1], notes.read("02-tal")[1]
    assert "delvist" not in wrong_type and "ændret uden for kurset" in wrong_type
    assert "delvist gemt" in cut_short
