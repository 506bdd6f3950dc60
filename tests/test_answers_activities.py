"""Every activity that saves goes through the answers store: the failures seen in issue 15."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from digileder import (
    answers,
    benefits_plan,
    maturity,
    message_builder,
    plan,
    progress,
    reflection,
    scenarios,
    values_compass,
)

MAC_BYTES = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \x00\x02\xff\xfe\x80"


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _flush(view) -> None:
    """Save what is waiting in a debounced autosave now (a pause in typing)."""
    view.autosave.flush()


# -- reflections ----------------------------------------------------------------------------


def test_truncated_reflection_does_not_say_saved_and_keeps_the_old_text(answers_dir):
    """Does a cut-off reflection file show a notice (not 'Gemt') and survive the next keystroke?"""
    cut = '{"key": "01-kerneopgave", "prompt": "P", "text": "Min lange tekst om byggesag'
    _write(answers_dir / "refleksioner" / "01-kerneopgave.json", cut)
    view = reflection.ReflectionView("01-kerneopgave", "Din kerneopgave?")
    assert view.box.value == ""
    assert "Gemt" not in view.status.value and "beskadiget" in view.status.value
    view.box.value = "N"
    _flush(view)
    aside = list((answers_dir / "refleksioner").glob("01-kerneopgave.beskadiget-*.json"))
    assert [p.read_text(encoding="utf-8") for p in aside] == [cut]


def test_reflection_is_saved_while_typing_and_back_after_a_restart(answers_dir):
    """Is text typed into a reflection box there again in a new kernel without pressing Gem?"""
    view = reflection.ReflectionView("02-tal", "Hvad siger tallene?")
    view.box.value = "Svarprocenten er lav"
    assert view.autosave.pending  # debounced: not written on every keystroke
    _flush(view)
    again = reflection.ReflectionView("02-tal", "Hvad siger tallene?")
    assert again.box.value == "Svarprocenten er lav" and "Gemt" in again.status.value


def test_typing_without_a_pause_is_still_saved_every_max_wait_seconds():
    """A participant who types for minutes without a 0.8 s pause: is a draft written anyway
    (so a killed kernel loses at most MAX_WAIT seconds), and only then, not per keystroke?"""
    from digileder.ui.autosave import Debounced

    saves, clock = [], [0.0]
    typing = Debounced(lambda: saves.append(clock[0]), delay=3600, max_wait=5,
                       clock=lambda: clock[0])
    for _ in range(23):  # a keystroke every 0.5 s for 11 s, never a pause of DELAY
        typing()
        clock[0] += 0.5
    assert saves == [5.0, 10.5]  # the first keystroke at 0, then again 5 s after 5.5
    assert typing.pending  # the last keystrokes wait for the pause (or the next MAX_WAIT)
    typing.cancel()


# -- macOS ._ files and folders named *.json -----------------------------------------------


@pytest.fixture
def foreign_files(answers_dir) -> Path:
    """mine-svar after copying on a Mac: `._*` next to every file, plus a folder x.json."""
    for name in ("refleksioner/._01-kerneopgave.json", "._budskab.json", "._vaerdikompas.json",
                 "._gevinstplan.json", "._ledelsesplan.json", "._modenhed.json",
                 "scenarier/._ipads-i-vej-og-park.json"):
        _write(answers_dir / name, MAC_BYTES)
    for name in ("x.json", "refleksioner/x.json", "scenarier/x.json"):
        (answers_dir / name).mkdir(parents=True)
    return answers_dir


def test_foreign_files_break_no_activity(foreign_files):
    """Do `._*` files and folders give no traceback in any activity or in module 08?"""
    assert "Gemt" not in reflection.show("01-kerneopgave", "P").children[2].children[1].value
    assert message_builder.BuilderView().result.value == ""
    assert values_compass.show() is not None
    assert benefits_plan.load_saved().project == ""
    assert plan.gather().reflections == {} and plan.gather().runs == {}
    assert progress.saved_items() == []
    builder = plan.PlanBuilder()
    builder.focus_box.value = "Data i Vej og Park"
    for number, (what, owner, due) in enumerate(builder.rows, start=1):
        what.value, owner.value, due.value = f"Handling nummer {number} i gang", "Mig", "1.1.2099"
    assert builder.export() is not None  # "Lav min plan"
    assert (foreign_files / "._budskab.json").read_bytes() == MAC_BYTES  # never touched


# -- wrong JSON types -----------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "read"), [
    ("refleksioner/01-kerneopgave.json", {"text": 123},
     lambda: reflection.ReflectionView("01-kerneopgave", "P").box.value),
    ("ledelsesplan.json", {"actions": 5}, lambda: plan.load_draft().focus),
    ("budskab.json", {"situation": ["liste"]},
     lambda: message_builder.load_saved_draft().situation),
    ("vaerdikompas.json", {"ranking": 7}, lambda: values_compass.load_saved_state()),
    ("gevinstplan.json", {"rows": "tekst"}, lambda: benefits_plan.load_saved().project),
    ("scenarier/ipads-i-vej-og-park.json", {"path": 5, "title": "iPads"},
     lambda: scenarios.load_saved_run("ipads-i-vej-og-park")),
])
def test_wrong_json_types_are_set_aside_not_a_traceback(answers_dir, name, content, read):
    """Does a file with the wrong JSON types read as empty and get moved aside, kept whole?"""
    path = _write(answers_dir / name, json.dumps(content))
    assert not read()
    aside = list(path.parent.glob(f"{path.stem}.beskadiget-*.json"))
    assert [json.loads(p.read_text(encoding="utf-8")) for p in aside] == [content]
    assert progress.saved_items() == [] and plan.gather().runs == {}


# -- drafts survive a kernel restart -----------------------------------------------------


def test_message_builder_fields_survive_a_restart_without_pressing_save(answers_dir):
    """Are the four fields of the message builder back after a restart, before 'Gem'?"""
    view = message_builder.BuilderView()
    texts = {"situation": "Ny app til huller i vejen", "kerneopgave": "Vi svarer hurtigere",
             "faglighed": "Vejfolkene vurderer i marken", "naeste_skridt": "Møde på mandag"}
    for name, text in texts.items():
        view.boxes[name].value = text
    _flush(view)
    again = message_builder.BuilderView()
    assert {name: box.value for name, box in again.boxes.items()} == texts
    assert not (answers_dir / "refleksioner").exists()  # the finished message is not saved yet


def test_values_compass_justification_survives_a_restart(answers_dir):
    """Are the chosen values and the justification back after a restart, before 'Gem'?"""
    values = values_compass.load_values()
    view = values_compass.CompassView(values)
    view.dropdowns[0].value = values[0].id
    view.justification.value = "Borgerne skal inddrages tidligt i planerne for bydelen"
    _flush(view)
    again = values_compass.CompassView(values)
    assert again.dropdowns[0].value == values[0].id
    assert again.justification.value.startswith("Borgerne skal inddrages")


def test_benefits_plan_and_leadership_plan_save_while_typing(answers_dir):
    """Do the two plan builders save a half-written draft as the participant types?"""
    builder = benefits_plan.PlanBuilder()
    builder.set_field(0, "gain", "Mindre kørsel")
    _flush(builder)
    assert benefits_plan.load_saved().rows[0].gain == "Mindre kørsel"
    leader = plan.PlanBuilder()
    leader.focus_box.value = "Data i Vej og Park"
    _flush(leader)
    assert plan.load_draft().focus == "Data i Vej og Park"


# -- the registry -----------------------------------------------------------------------------


def test_every_file_an_activity_writes_is_in_the_registry(answers_dir):
    """Does progress know every file the activities write (nothing saved outside the registry)?"""
    reflection_view = reflection.ReflectionView("05-ildsjael", "Din ildsjæl?")
    reflection_view.box.value = "Hun hedder Bente"
    _flush(reflection_view)
    builder = message_builder.BuilderView()
    builder.boxes["situation"].value = "Ny app"
    _flush(builder)
    plan.save_draft(plan.LeadershipPlan(name="Mig"))
    benefits_plan.save_draft(benefits_plan.example_plan())
    instrument = maturity.load_items()
    maturity.save_assessment({item.id: 3 for item in instrument.items}, instrument=instrument)
    values_compass.save_draft(values_compass.ValuesCompass(values_compass.load_values(),
                                                           justification="Borgerne først"))
    player = scenarios.show("sensorer-i-byen")
    while not player.run.is_finished:
        player.choose(0)
    leader = plan.LeadershipPlan(name="Mig", focus="Data", actions=[
        plan.Action(f"Handling nummer {n} i gang", "Mig", "01.01.2099") for n in (1, 2, 3)])
    plan.export(leader)
    written = {p.relative_to(answers_dir).as_posix() for p in answers_dir.rglob("*")
               if p.is_file()}
    assert len(written) == 9 and all(answers.entry_for(name) for name in written), written
    modules = {item.module for item in progress.saved_items()}
    assert modules == {"03", "04", "05", "06", "07", "08"}


def test_registry_keys_and_files_are_unique_and_modules_are_numbers():
    """Is the registry a clean table: unique keys and files, two-digit modules, Danish labels?"""
    entries = answers.registry()
    assert len({a.key for a in entries}) == len(entries)
    assert len({a.file for a in entries}) == len(entries)
    assert all(a.module in ("", "-") or (len(a.module) == 2 and a.module.isdigit())
               for a in entries)
    assert all(a.label for a in entries)
    assert answers.scenario_module("ipads-i-vej-og-park") == "07"
    kind = answers.entry_for("refleksioner/01-kerneopgave.json").kind
    assert kind is answers.AnswerKind.REFLECTION


def test_selfstudy_answer_is_saved_while_typing(answers_dir):
    """Is a self-study answer back after a restart even if 'Gem mit svar' was never pressed?"""
    from digileder.selfstudy import view

    task = {"id": "a3-q1", "question": "Hvad er kerneopgaven?", "points": 2, "example": ""}
    first = view.TaskView(task)
    first.text.value = "Hurtige og forudsigelige byggetilladelser"
    _flush(first)
    assert view.TaskView(task).text.value == "Hurtige og forudsigelige byggetilladelser"


def test_every_view_that_saves_while_typing_can_look_dead_after_a_restart(answers_dir):
    """Does each such view carry the class and style that grey it out, hide its 'Gemt' line
    and show the Danish message once JupyterLab marks its kernel gone (browser:
    tests/browser/test_lab_restart.py)?"""
    from digileder.selfstudy import view as selfstudy_view
    from digileder.ui import connection

    task = {"id": "a3-q1", "question": "Hvad er kerneopgaven?", "points": 2, "example": ""}
    views = {
        "reflection": (reflection.ReflectionView("01-kerneopgave", "?"), "status"),
        "message_builder": (message_builder.BuilderView(), "result"),
        "plan": (plan.PlanBuilder(), "status"),
        "values_compass": (values_compass.CompassView(values_compass.load_values()), "feedback"),
        "benefits_plan": (benefits_plan.PlanBuilder(), "status"),
        "selfstudy": (selfstudy_view.TaskView(task), "status"),
    }
    for name, (view, status) in views.items():
        assert connection.VIEW_CLASS in view._dom_classes, name
        assert connection.STATUS_CLASS in getattr(view, status)._dom_classes, name
        styles = [c.value for c in view.children if "<style>" in getattr(c, "value", "")]
        assert any("Forbindelsen til Python er afbrudt" in s for s in styles), name
