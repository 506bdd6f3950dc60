"""Run All right after typing: the cell builds a new box for the same answer while the old
box's draft still waits for its pause (issue 15). The new box must show the typed text, and
no conflict copy may appear: the old draft is this kernel's own earlier write."""

from __future__ import annotations

import pytest

from digileder import answers
from digileder.ui import autosave
from tests.fixtures.typing_views import VIEWS, text_boxes


def _copies(folder):
    return sorted(folder.rglob(f"*{answers.store.COPY_MARK}*"))


@pytest.fixture
def slow_autosave(monkeypatch):
    """Drafts wait long enough that only a flush can save them during the test."""
    monkeypatch.setattr(autosave, "DELAY", 30.0)


@pytest.mark.parametrize("name", VIEWS)
def test_run_all_right_after_typing_shows_the_typed_text(name, answers_dir, slow_autosave):
    old = VIEWS[name]()
    boxes = text_boxes(old)
    for number, box in enumerate(boxes):
        box.value = f"{name} tekst {number}"
    assert old.autosave.pending  # typed, not saved yet: the pause has not come
    new = VIEWS[name]()  # what Run All does: the cell runs again and builds a new box
    assert [box.value for box in text_boxes(new)] == [box.value for box in boxes]
    assert not old.autosave.pending
    for box in text_boxes(new):
        box.value += " og mere"
    new.autosave.flush()
    old.autosave.flush_pending()  # the old box, no longer shown, has nothing left to save
    assert _copies(answers_dir) == []
    assert [box.value for box in text_boxes(VIEWS[name]())] == [
        f"{name} tekst {number} og mere" for number in range(len(boxes))]
