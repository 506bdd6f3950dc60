"""Module 04's values compass: data file, model rules, saving and the widget view."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from digileder import notes, values_compass
from digileder.data import DataError
from digileder.values_compass import CompassView, ValuesCompass, load_values

REASON = "Vi har mange borgere uden smartphone og skal lære af nabokommunerne før vi køber noget"


@pytest.fixture
def values():
    return load_values()


def test_course_file_loads_with_unique_ids_and_every_theme(values):
    ids = [v.id for v in values]
    assert len(ids) == len(set(ids)) >= values_compass.PICKS
    assert {v.theme for v in values} >= set(values_compass.THEMES)


def _write(tmp_path, text):
    path = tmp_path / "values.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_field_is_reported_in_danish_with_place(tmp_path):
    path = _write(tmp_path, "values:\n  - id: a\n    navn: A\n")
    with pytest.raises(DataError, match=r"værdi nr\. 1 \(linje 2\): 'beskrivelse' mangler"):
        load_values(path)


def test_duplicate_id_and_unknown_theme_are_rejected(tmp_path):
    item = "  - {id: a, navn: A, beskrivelse: b, spoergsmaal: c, tema: %s}\n"
    with pytest.raises(DataError, match="står også ved værdi nr. 1"):
        load_values(_write(tmp_path, "values:\n" + item % "borgere" + item % "borgere"))
    with pytest.raises(DataError, match="'tema' er 'vejr', men skal være en af"):
        load_values(_write(tmp_path, "values:\n" + item % "vejr"))


def test_broken_yaml_and_missing_file_give_danish_errors(tmp_path):
    with pytest.raises(DataError, match="ikke gyldig YAML"):
        load_values(_write(tmp_path, "values: [unclosed\n"))
    with pytest.raises(DataError, match="mangler"):
        load_values(tmp_path / "nope.yml")


def test_problems_list_what_is_missing(values):
    compass = ValuesCompass(values, ranking=[values[0].id, "", values[0].id], justification="kort")
    issues = " ".join(compass.problems())
    assert "du har valgt 2" in issues
    assert "samme værdi to gange" in issues
    assert "mindst 10 ord (du har 1)" in issues


def test_complete_compass_has_no_problems_and_keeps_order(values):
    ranking = [values[2].id, values[0].id, values[1].id]
    compass = ValuesCompass(values, ranking=ranking, justification=REASON)
    assert compass.problems() == []
    assert [v.id for v in compass.chosen()] == ranking
    text = compass.as_text()
    assert text.index(values[2].name) < text.index(values[0].name) < text.index(values[1].name)


def test_feedback_names_article_questions_not_covered(values):
    same_theme = [v for v in values if v.theme == "borgere"][:3]
    assert len(same_theme) == 3, "the course file needs three 'borgere' values for this test"
    compass = ValuesCompass(values, ranking=[v.id for v in same_theme], justification=REASON)
    assert compass.themes_covered() == ["borgere"]
    feedback = values_compass.feedback_html(compass)
    assert "tværkommunal vidensdeling" in feedback
    assert same_theme[0].question.split()[0] in feedback


def test_save_refuses_incomplete_compass(values, answers_dir):
    with pytest.raises(ValueError, match="Vælg 3 værdier"):
        values_compass.save(ValuesCompass(values, justification=REASON))
    assert notes.load(values_compass.NOTE_KEY) == ""
    assert values_compass.load_saved_state()["justification"] == REASON  # the draft is kept


def test_save_writes_note_and_state(values, answers_dir):
    ranking = [v.id for v in values[:3]]
    values_compass.save(ValuesCompass(values, ranking=ranking, justification=REASON))
    saved = notes.load_all()[values_compass.NOTE_KEY]
    assert values[0].name in saved["text"] and "Begrundelse" in saved["text"]
    assert values_compass.load_saved_state()["ranking"] == ranking


def test_view_shows_problems_then_saves_and_restores(values, answers_dir):
    view = CompassView(values)
    view.dropdowns[0].value = values[4].id
    assert values[4].description in view.descriptions[0].value
    view.button.click()
    assert "Ikke gemt endnu" in view.feedback.value
    assert notes.load(values_compass.NOTE_KEY) == ""

    view.dropdowns[1].value = values[5].id
    view.dropdowns[2].value = values[6].id
    view.justification.value = REASON
    view.button.click()
    assert "Gemt i mine-svar" in view.feedback.value
    assert values[4].question in view.feedback.value

    again = CompassView(values)  # a kernel restart: the choices come back
    assert [d.value for d in again.dropdowns] == [values[4].id, values[5].id, values[6].id]
    assert again.justification.value == REASON


def test_widget_shows_danish_message_when_file_is_broken(monkeypatch, tmp_path):
    monkeypatch.setattr("digileder.values_compass.content.values_path",
                        lambda: tmp_path / "mangler.yml")
    shown = values_compass.show()
    assert isinstance(shown, widgets.HTML)
    assert "kan ikke vises" in shown.value and "mangler" in shown.value
