"""What a box says when a save fails, and after the next save works (issue 15): one Danish
message that says what is wrong and what to do, gone again once a save succeeds."""

from __future__ import annotations

import re

import ipywidgets as widgets
import pytest

from tests.fixtures.typing_views import VIEWS, text_boxes


def _shown(view) -> str:
    """All text the view shows (its hidden style left out)."""
    parts, todo = [], [view]
    while todo:
        widget = todo.pop(0)
        if isinstance(widget, widgets.HTML) and "<style" not in widget.value:
            parts.append(widget.value)
        todo.extend(getattr(widget, "children", ()) or ())
    return " ".join(re.sub(r"<[^>]+>", " ", " ".join(parts)).split())


def _type(view, text: str):
    for box in text_boxes(view):
        box.value = text
    return view.autosave.flush()


@pytest.mark.parametrize("name", VIEWS)
def test_a_file_named_mine_svar_gives_one_danish_message(name, answers_dir):
    answers_dir.write_text("ikke en mappe", encoding="utf-8")  # a file where the folder goes
    view = VIEWS[name]()
    _type(view, "Min tekst")
    shown = _shown(view)
    assert "File exists" not in shown and "Errno" not in shown
    assert "ikke gemt" in shown and "mine-svar" in shown
    assert "fil" in shown and ("Omdøb" in shown or "omdøb" in shown)


@pytest.mark.parametrize("name", VIEWS)
def test_an_old_not_saved_message_goes_once_a_save_works(name, answers_dir, monkeypatch):
    answers_dir.write_text("ikke en mappe", encoding="utf-8")
    view = VIEWS[name]()
    _type(view, "Første tekst")
    assert "ikke gemt" in _shown(view)
    answers_dir.unlink()  # the participant renamed the file: saving works again
    _type(view, "Anden tekst")
    assert "ikke gemt" not in _shown(view)
