"""A conflict copy (NAME.kopi-STAMP.json) is not forgotten: after a restart the box of that
answer names it, and the progress overview lists every copy (issue 15)."""

from __future__ import annotations

import re

import ipywidgets as widgets
import pytest

from digileder import (
    answers,
    benefits_plan,
    message_builder,
    notes,
    plan,
    progress,
    reflection,
    values_compass,
)

KEY = "01-kerneopgave"


def _conflict(make_view, type_into):
    """Two views of one answer; the stale one saves: its text goes to a copy."""
    first, stale = make_view(), make_view()
    type_into(first, "Den nyeste tekst")
    type_into(stale, "Teksten fra det andet vindue")
    (copy,) = sorted(answers.folder().rglob(f"*{answers.store.COPY_MARK}*"))
    return copy


def _type_reflection(view, text):
    view.box.value = text
    view.autosave.flush()


def _plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_reflection_box_opened_after_a_restart_names_its_copy(answers_dir):
    copy = _conflict(lambda: reflection.show(KEY, "?"), _type_reflection)
    again = reflection.show(KEY, "?")  # a restart later: a new box, a new kernel's memory
    assert again.box.value == "Den nyeste tekst"
    status = _plain(again.status.value)
    assert copy.name in status and "kopi" in status and "slet" in status.lower()
    _type_reflection(again, "Den nyeste tekst, rettet")  # still named after a save
    assert copy.name in _plain(again.status.value) and "Gemt" in again.status.value


def test_the_message_builder_names_its_copy_when_opened_again(answers_dir):
    def type_into(view, text):
        view.boxes["situation"].value = text
        view.autosave.flush()

    copy = _conflict(message_builder.show, type_into)
    assert copy.name in _plain(message_builder.show().result.value)


def test_a_box_without_a_copy_says_nothing_about_copies(answers_dir):
    notes.save(KEY, "tekst", "?")
    assert "kopi" not in _plain(reflection.show(KEY, "?").status.value)
    assert "kopi" not in _plain(reflection.show("02-andet", "?").status.value)


def test_progress_lists_every_conflict_copy_in_danish(answers_dir):
    copy = _conflict(lambda: reflection.show(KEY, "?"), _type_reflection)
    overview = _plain(progress.as_html())
    assert f"refleksioner/{copy.name}" in overview
    assert "Kopier af dine svar" in overview


def test_progress_never_says_nothing_saved_beside_items_under_andet(answers_dir):
    """A scenario played from a teacher's own file belongs to no module: listed under Andet,
    and the summary above must not say that nothing is saved."""
    answers.write_json("scenarier/lærerens-eget.json",
                       {"title": "Lærerens eget scenarie", "ending": {"title": "Godt"}})
    overview = _plain(progress.as_html())
    assert "Andet" in overview and "Lærerens eget scenarie" in overview
    assert "ikke gemt noget" not in overview and "Andet" in progress.summary_text(
        progress.status())


ANSWER_FILES = {
    "vaerdikompas.json": values_compass.show,
    "ledelsesplan.json": plan.show,
    "gevinstplan.json": benefits_plan.show,
    "budskab.json": message_builder.show,
}


@pytest.mark.parametrize("name", ANSWER_FILES)
def test_every_activity_names_a_copy_of_its_answer_when_it_opens(name, answers_dir):
    answers_dir.mkdir()
    copy = answers_dir / name.replace(".json", f"{answers.store.COPY_MARK}20261201-030501.json")
    copy.write_text("{}", encoding="utf-8")
    view = ANSWER_FILES[name]()
    shown, todo = [], [view]
    while todo:
        widget = todo.pop(0)
        if isinstance(widget, widgets.HTML) and "<style" not in widget.value:
            shown.append(_plain(widget.value))
        todo.extend(getattr(widget, "children", ()) or ())
    assert any(copy.name in text and "Slet derefter kopien" in text for text in shown)
