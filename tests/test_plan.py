"""Module 08's plan: gathering saved work, Danish date checks, and the offline export."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from digileder import benefits_plan, maturity, notes, plan
from digileder.plan import Action, LeadershipPlan

TODAY = date(2026, 3, 1)
ACTIONS = [
    Action("Holde et møde med formændene om gevinster", "Mig", "15.03.2026"),
    Action("Aftale en måling af kørsel med driftslederen", "Driftslederen", "1.4.2026"),
    Action("Sætte digitalisering på hvert afdelingsmøde", "Mig", "2026-05-01"),
]


@pytest.mark.parametrize(("text", "expected"), [
    ("15.03.2026", date(2026, 3, 15)), ("2.3.2026", date(2026, 3, 2)),
    ("15-03-2026", date(2026, 3, 15)), ("15/03/2026", date(2026, 3, 15)),
    (" 2026-03-15 ", date(2026, 3, 15)),
])
def test_parse_due_accepts_danish_dates(text, expected):
    assert plan.parse_due(text, TODAY) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("", "dd.mm.åååå"), ("næste uge", "ikke en dato"), ("31.02.2026", "findes ikke"),
    ("01.03.2026", "ikke i fremtiden"), ("15.01.2020", "ikke i fremtiden"),
    ("15.03.26", "fire cifre"),
])
def test_parse_due_rejects_with_danish_message(text, message):
    with pytest.raises(ValueError, match=message):
        plan.parse_due(text, TODAY)


def test_check_actions_names_each_problem():
    actions = [Action("Møde", "", "15.03.2026"), Action("Skrive en plan for driften", "Mig",
                                                         "01.01.2020")]
    problems = plan.check_actions(actions, TODAY)
    assert problems[0].startswith("Handling 1: 'Møde' er for kort")
    assert problems[1] == "Handling 1: skriv, hvem der har ansvaret (gerne dig selv)."
    assert problems[2].startswith("Handling 2: Datoen 01.01.2020 er ikke i fremtiden")
    assert problems[3] == "Handling 3: mangler. Planen skal have 3 handlinger."
    assert plan.check_actions(ACTIONS, TODAY) == []
    blank = plan.check_actions([ACTIONS[0], Action(), ACTIONS[2]], TODAY)
    assert blank == ["Handling 2: mangler. Skriv hvad, hvem og hvornår."]


def test_nothing_saved_gives_empty_material_and_pointers(answers_dir):
    material = plan.gather()
    assert material.scores is None and material.reflections == {} and material.runs == {}
    gaps = plan.missing(material)
    assert [g["module"] for g in gaps] == ["03", "01", "06", "07", "05"]
    assert gaps[0]["file"].startswith("03-")
    html = plan.material_html(material)
    assert "ikke gemt noget" in html and "modul 03" in html


def test_export_without_earlier_work_still_works(answers_dir):
    leadership = LeadershipPlan(focus="Gevinster først.", actions=list(ACTIONS),
                                material=plan.gather(), created=TODAY)
    html_path, md_path = plan.export(leadership)
    html = html_path.read_text(encoding="utf-8")
    assert html_path == answers_dir / "min-digitale-ledelsesplan.html"
    assert "Ikke udfyldt." in html and "<svg" not in html
    assert "Sætte digitalisering på hvert afdelingsmøde" in md_path.read_text(encoding="utf-8")


def _save_everything(answers_dir):
    instrument = maturity.load_items()
    maturity.save_assessment({item.id: 2 + i % 3 for i, item in enumerate(instrument.items)})
    notes.save("01-kerneopgave", "Vi giver byggetilladelser. " * 40, "Hvad er din kerneopgave?")
    notes.save("06-budskab", "Kære kolleger <alle>\n\nVi laver om.", "Budskab")
    benefits_plan.save(benefits_plan.example_plan())
    folder = answers_dir / "scenarier"
    folder.mkdir(parents=True)
    (folder / "ipads-i-vej-og-park.json").write_text(json.dumps({
        "scenario": "ipads-i-vej-og-park", "title": "iPads til Vej og Park",
        "ending": {"id": "x", "title": "Gevinsten bliver hentet"}, "path": [{}, {}, {}],
    }), encoding="utf-8")


def test_gather_finds_everything_saved(answers_dir):
    _save_everything(answers_dir)
    material = plan.gather()
    assert set(material.scores) == set(maturity.DIMENSION_IDS)
    assert list(material.reflections) == ["01-kerneopgave"]  # message and plan kept apart
    assert material.message.startswith("Kære kolleger")
    assert "Driftslederen" in material.benefits and "<table>" in material.benefits_html
    assert list(material.runs) == ["ipads-i-vej-og-park"]
    assert plan.missing(material) == []


def test_exported_html_is_self_contained_with_chart_and_actions(answers_dir):
    _save_everything(answers_dir)
    leadership = LeadershipPlan(name="Afdelingsleder, Vej & Park", focus="Gevinster først.",
                                actions=list(ACTIONS), material=plan.gather(), created=TODAY)
    html_path, md_path = plan.export(leadership)
    html = html_path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and re.search(r"lang=['\"]da['\"]", html)
    assert "<svg" in html
    # The profile can be read without the picture: text alternative and table (issue 18).
    assert 'aria-label="Prikdiagram: Din digitale modenhed' in html
    assert "<summary>Vis som tabel</summary>" in html and '<th scope="row">' in html
    for action in ACTIONS:
        assert action.what in html and action.due in html
    # Offline: nothing is loaded from anywhere.
    assert not re.search(r"<script|<link|@import|@font-face|url\(\s*['\"]?http", html, re.I)
    assert not re.search(r"(src|href)\s*=\s*['\"]?https?:", html, re.I)
    # The participant's text is escaped, not interpreted as HTML.
    assert "&lt;alle&gt;" in html and "Vej &amp; Park" in html
    assert "«Gevinsten bliver hentet»" in html
    # Long reflections are shortened on the one page, kept whole in Markdown.
    assert html.count("Vi giver byggetilladelser.") < 40
    markdown = md_path.read_text(encoding="utf-8")
    assert markdown.count("Vi giver byggetilladelser.") == 40
    assert "| 2 | Aftale en måling af kørsel med driftslederen | Driftslederen | 1.4.2026 |" \
        in markdown


def test_broken_maturity_file_does_not_stop_the_plan(answers_dir):
    answers_dir.mkdir(parents=True, exist_ok=True)
    (answers_dir / "modenhed.json").write_text("{ødelagt", encoding="utf-8")
    assert plan.gather().scores is None


def test_builder_validates_saves_draft_and_exports(answers_dir):
    builder = plan.show()
    assert builder.export(TODAY) is None
    assert "Skriv dit vigtigste fokus" in builder.status.value
    builder.focus_box.value = "Gevinster først."
    for (what, owner, due), action in zip(builder.rows, ACTIONS, strict=True):
        what.value, owner.value, due.value = action.what, action.owner, "01.01.2020"
    assert builder.export(TODAY) is None
    assert builder.status.value.count("ikke i fremtiden") == 3
    # What was typed survives a restart.
    again = plan.show()
    assert again.focus_box.value == "Gevinster først." and again.rows[0][0].value == ACTIONS[0].what
    for (_, _, due), action in zip(again.rows, ACTIONS, strict=True):
        due.value = action.due
    paths = again.export(TODAY)
    assert paths is not None and all(p.is_file() for p in paths)
    assert "Din plan er gemt" in again.status.value
    assert "min-digitale-ledelsesplan.html" in again.status.value


def test_focus_reflection_fills_an_empty_focus_field(answers_dir):
    notes.save(plan.FOCUS_KEY, "Gevinster i Byg.", "Mit fokus")
    builder = plan.show()
    for (what, owner, due), action in zip(builder.rows, ACTIONS, strict=True):
        what.value, owner.value, due.value = action.what, action.owner, action.due
    html_path, _ = builder.export(TODAY)
    assert builder.focus_box.value == "Gevinster i Byg."
    html = html_path.read_text(encoding="utf-8")
    assert html.count("Gevinster i Byg.") == 1  # as the focus, not repeated as a reflection


def test_profile_without_assessment_says_what_to_do(answers_dir):
    shown = plan.show_profile()
    assert "modul 03" in shown.value


def test_profile_with_assessment_shows_chart_and_suggestions(answers_dir):
    _save_everything(answers_dir)
    chart, advice = plan.show_profile().children
    assert "<svg" in chart.value
    assert "svageste områder" in advice.value and "<a href=" in advice.value
