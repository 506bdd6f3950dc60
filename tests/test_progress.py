"""Self-study progress is read from the files in mine-svar."""

from __future__ import annotations

import json

from digileder import notes, progress


def test_nothing_saved_says_what_to_do(answers_dir):
    rows = progress.status()
    assert [r["module"] for r in rows][:2] == ["00", "01"]
    assert all(not r["items"] for r in rows)
    html = progress.as_html()
    assert "ikke gemt noget endnu" in html and "Intet gemt endnu" in html


def test_saved_files_map_to_their_modules(answers_dir):
    notes.save("01-kerneopgave", "Vi behandler byggesager.", "Hvad er din kerneopgave?")
    notes.save("05-ildsjael", "   ", "Tom tekst tæller ikke")
    notes.save("07-gevinstplan", "| Gevinst |", "Min gevinstplan")
    (answers_dir / "modenhed.json").write_text('{"assessments": [{"date": "x"}]}',
                                               encoding="utf-8")
    (answers_dir / "gevinstplan.json").write_text('{"rows": [{"gain": "x"}]}', encoding="utf-8")
    (answers_dir / "budskab.json").write_text('{"situation": "Vi får nyt system"}',
                                              encoding="utf-8")
    (answers_dir / "scenarier").mkdir()
    (answers_dir / "scenarier" / "sensorer-i-byen.json").write_text(json.dumps(
        {"title": "Sensorer i byen", "ending": {"title": "Borgerne med"}}), encoding="utf-8")
    (answers_dir / "scenarier" / "ipads-i-vej-og-park.json").write_text(json.dumps(
        {"title": "iPads", "ending": None}), encoding="utf-8")
    (answers_dir / "min-digitale-ledelsesplan.html").write_text("<html>", encoding="utf-8")
    by_module = {r["module"]: [i.label for i in r["items"]] for r in progress.status()}
    assert by_module["01"] == ["Svar: Hvad er din kerneopgave?"]
    assert by_module["03"] == ["Din vurdering af digital modenhed"]
    assert by_module["04"] == ["Scenarie: Sensorer i byen – slutning: Borgerne med"]
    assert by_module["05"] == []  # an empty answer is not progress
    assert by_module["06"] == ["Udkast til dit budskab"]
    # The finished plan hides its draft; the unfinished scenario says so.
    assert sorted(by_module["07"]) == ["Scenarie: iPads (ikke spillet færdig)",
                                       "Svar: Min gevinstplan"]
    assert by_module["08"] == ["Din digitale ledelsesplan (HTML)"]
    assert "Du har gemt svar fra 6 af kursets" in progress.as_html()


def test_empty_drafts_are_not_progress(answers_dir):
    answers_dir.mkdir(parents=True, exist_ok=True)
    (answers_dir / "gevinstplan.json").write_text(json.dumps(
        {"format": "digileder-gevinstplan", "version": 1, "project": "",
         "rows": [{"gain": "", "owner": " "}]}), encoding="utf-8")
    (answers_dir / "budskab.json").write_text("{ødelagt", encoding="utf-8")
    assert progress.saved_items() == []


def test_broken_and_unknown_files_do_not_crash(answers_dir):
    (answers_dir / "refleksioner").mkdir(parents=True)
    (answers_dir / "refleksioner" / "03-x.json").write_text("{ødelagt", encoding="utf-8")
    (answers_dir / "scenarier").mkdir()
    (answers_dir / "scenarier" / "nyt-scenarie.json").write_text(
        json.dumps({"title": "Nyt"}), encoding="utf-8")
    rows = progress.status()
    assert rows[-1]["title"] == "Andet"
    assert rows[-1]["items"][0].label == "Scenarie: Nyt (ikke spillet færdig)"
    assert all(not r["items"] for r in rows[:-1])


def test_overview_widget_refreshes(answers_dir):
    view = progress.show()
    html, button = view.children
    assert "Intet gemt endnu" in html.value
    notes.save("06-budskab", "Mit budskab", "Budskab")
    button.click()
    assert "Svar: Budskab" in html.value


def test_a_broken_answer_set_aside_by_the_overview_is_named_there(answers_dir):
    """The overview is often the first to read a file: it must say where a broken one went."""
    (answers_dir / "refleksioner").mkdir(parents=True)
    (answers_dir / "refleksioner" / "01-kerneopgave.json").write_text('{"text": "Min tek',
                                                                      encoding="utf-8")
    html = progress.as_html()
    (aside,) = (answers_dir / "refleksioner").glob("01-kerneopgave.beskadiget-*.json")
    assert aside.name in html and "⚠" in html
