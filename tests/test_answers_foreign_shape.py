"""Answers that are never silently lost (issue 15, break15d): a JSON file of a shape the course
does not know is set aside, an unfinished plan never claims a draft was saved that was not, and
a lone surrogate from the browser never stops the saves."""

from __future__ import annotations

import json

import pytest

from digileder import answers, benefits_plan
from tests.fixtures.typing_views import VIEWS, text_boxes

FILES = {
    "refleksion": "refleksioner/01-kerneopgave.json",
    "budskab": "budskab.json",
    "vaerdikompas": "vaerdikompas.json",
    "ledelsesplan": "ledelsesplan.json",
    "gevinstplan": "gevinstplan.json",
}
FOREIGN = [{"tekst": "GAMMEL VIGTIG TEKST"}, {}, ["en liste"],
           {"text": "ny", "prompt": "P", "situation": "", "ranking": [], "tekst": "GAMMEL"}]


@pytest.mark.parametrize("content", FOREIGN, ids=["unknown-key", "empty", "list", "extra-key"])
@pytest.mark.parametrize("name", VIEWS)
def test_a_file_of_a_foreign_shape_is_set_aside_never_overwritten(name, content, answers_dir):
    """Does a JSON answer file with no known key (or a key the course does not know) survive
    opening the activity and typing one character, moved aside with a Danish notice?"""
    path = answers_dir / FILES[name]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content), encoding="utf-8")
    view = VIEWS[name]()
    text_boxes(view)[0].value = "x"
    view.autosave.flush()
    aside = list(path.parent.glob(f"{path.stem}{answers.store.ASIDE_MARK}*.json"))
    assert [json.loads(p.read_text(encoding="utf-8")) for p in aside] == [content]


@pytest.mark.parametrize("name", VIEWS)
def test_the_course_s_own_files_are_not_set_aside(name, answers_dir):
    """Is a file the activity itself wrote read back as it is (the check is not too strict)?"""
    view = VIEWS[name]()
    text_boxes(view)[0].value = "Min tekst om vejdrift"
    view.autosave.flush()
    again = VIEWS[name]()
    assert "Min tekst om vejdrift" in [box.value for box in text_boxes(again)]
    assert not list(answers_dir.rglob(f"*{answers.store.ASIDE_MARK}*"))


def test_an_unfinished_benefits_plan_does_not_claim_a_draft_that_was_not_saved(answers_dir):
    """Mine-svar is a file: does 'Gem gevinstplan' on an unfinished plan say it is not saved,
    instead of 'dit udkast er gemt'?"""
    answers_dir.write_text("ikke en mappe", encoding="utf-8")
    builder = benefits_plan.show()
    builder.project.value = "iPads"
    builder.set_field(0, "gain", "Mindre kørsel")
    assert builder.save() is False
    shown = builder.status.value
    assert "udkast er gemt" not in shown
    assert "ikke gemt" in shown and "ikke færdig" in shown and "ingen ejer" in shown


@pytest.mark.parametrize("name", VIEWS)
def test_a_lone_surrogate_is_saved_as_a_replacement_character(name, answers_dir):
    """A browser can send half an emoji (a lone surrogate): is the text still saved, with
    U+FFFD in its place, and read back after a restart?"""
    view = VIEWS[name]()
    text_boxes(view)[0].value = "tekst \ud83d"
    result = view.autosave.flush()
    assert getattr(result, "saved", result) is True  # a SaveResult, or the reflection's bool
    again = VIEWS[name]()
    assert "tekst \ufffd" in [box.value for box in text_boxes(again)]


def test_write_text_with_a_lone_surrogate_never_raises(answers_dir):
    result = answers.write_text("noter.txt", "a \udc00 b")
    assert result.saved and (answers_dir / "noter.txt").read_text(encoding="utf-8") == "a \ufffd b"
