"""Two views of one answer (a copied cell, two tabs, two kernels) never overwrite each other:
a stale view's save keeps the newer text and puts its own text in a copy beside it."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digileder import (
    answers,
    benefits_plan,
    message_builder,
    notes,
    plan,
    reflection,
    values_compass,
)
from tests.fixtures.answers_folder import fresh_answers_dir

KEY = "01-kerneopgave"


def _copies(folder: Path) -> list[Path]:
    return sorted(folder.rglob(f"*{answers.store.COPY_MARK}*"))


def _type(view, text: str) -> None:
    view.box.value = text
    view.autosave.flush()


def test_a_copied_reflection_cell_never_overwrites_the_newer_text(answers_dir):
    """Same kernel, two boxes: does the stale box keep the other text, and its own in a copy?"""
    first = reflection.ReflectionView(KEY, "Din kerneopgave?")
    copied = reflection.ReflectionView(KEY, "Din kerneopgave?")
    _type(first, "Vi giver byggetilladelser hurtigt")
    _type(copied, "Tekst fra den kopierede celle")
    assert notes.load(KEY) == "Vi giver byggetilladelser hurtigt"
    status = copied.status.value
    assert "ændret i et andet vindue" in status and "Kør cellen igen" in status
    assert "Gemt" not in status
    (copy,) = _copies(answers_dir)
    assert copy.name in status
    assert json.loads(copy.read_text(encoding="utf-8"))["text"] == "Tekst fra den kopierede celle"
    _type(copied, "Den kopierede celle skriver videre")  # goes on into the same copy
    assert _copies(answers_dir) == [copy]
    assert "skriver videre" in copy.read_text(encoding="utf-8")
    _type(first, "Første boks skriver videre")  # the up-to-date box keeps saving normally
    assert notes.load(KEY) == "Første boks skriver videre" and "Gemt" in first.status.value
    assert reflection.ReflectionView(KEY, "?").box.value == "Første boks skriver videre"
    assert list(notes.load_all()) == [KEY]  # the copy is not an answer of its own


OTHER_KERNEL = """
import os, sys
os.environ["DIGILEDER_ANSWERS_DIR"] = sys.argv[1]
from digileder import reflection
view = reflection.ReflectionView("01-kerneopgave", "?")
view.box.value = "Skrevet i den anden fane"
assert view.autosave.flush() is True
"""


def test_a_second_tab_with_its_own_kernel_is_never_overwritten(answers_dir):
    """Two kernels: after the other tab saved, does a keystroke here keep its text?"""
    here = reflection.ReflectionView(KEY, "?")
    _type(here, "Skrevet her først")
    subprocess.run([sys.executable, "-c", OTHER_KERNEL, str(answers_dir)], check=True,
                   timeout=60)
    _type(here, "Skrevet her bagefter")
    assert notes.load(KEY) == "Skrevet i den anden fane"
    (copy,) = _copies(answers_dir)
    assert "Skrevet her bagefter" in copy.read_text(encoding="utf-8")
    assert "andet vindue" in here.status.value


def _message(view, text):
    view.boxes["situation"].value = text
    return view.autosave.flush()


def _leader(view, text):
    view.focus_box.value = text
    return view.autosave.flush()


def _compass(view, text):
    view.justification.value = text
    return view.autosave.flush()


def _benefits(view, text):
    view.project.value = text
    return view.autosave.flush()


ACTIVITIES = {
    "message_builder": (message_builder.BuilderView, _message, "budskab.json",
                        lambda view: view.result.value),
    "plan": (plan.PlanBuilder, _leader, "ledelsesplan.json",
             lambda view: view.status.value),
    "values_compass": (lambda: values_compass.CompassView(values_compass.load_values()),
                       _compass, "vaerdikompas.json", lambda view: view.feedback.value),
    "benefits_plan": (benefits_plan.PlanBuilder, _benefits, "gevinstplan.json",
                      lambda view: view.status.value),
}


@pytest.mark.parametrize("name", ACTIVITIES)
def test_two_views_of_an_activity_keep_both_texts(answers_dir, name):
    """Message builder, plan builder, compass, benefits plan: is the stale view's text kept
    in a copy while the newer draft stays?"""
    make, write, state_file, status = ACTIVITIES[name]
    first, stale = make(), make()
    assert write(first, "Teksten fra det første vindue").saved
    result = write(stale, "Teksten fra det gamle vindue")
    assert not result.saved and result.set_aside is not None
    saved = (answers_dir / state_file).read_text(encoding="utf-8")
    assert "Teksten fra det første vindue" in saved and "gamle" not in saved
    (copy,) = _copies(answers_dir)
    assert "Teksten fra det gamle vindue" in copy.read_text(encoding="utf-8")
    assert "andet vindue" in status(stale)


def test_a_stale_message_builder_does_not_overwrite_the_finished_message(answers_dir):
    """Does 'Saml og gem' in a stale tab leave the other tab's finished message alone?"""
    fields = {"situation": "Ny app", "kerneopgave": "Vi svarer hurtigere",
              "faglighed": "Vejfolkene vurderer", "naeste_skridt": "Møde mandag"}
    first, stale = message_builder.BuilderView(), message_builder.BuilderView()
    for view, word in ((first, "første"), (stale, "gamle")):
        for field, text in fields.items():
            view.boxes[field].value = f"{text} ({word})"
    first.submit()
    stale.submit()
    assert "(første)" in notes.load(message_builder.NOTE_KEY)
    assert "andet vindue" in stale.result.value


# -- property: interleaved views never lose the newest text, nor their own --------------------

views = st.integers(0, 2)
steps = st.lists(st.one_of(st.tuples(st.just("open"), views, st.none()),
                           st.tuples(st.just("type"), views, st.text(max_size=12))),
                 max_size=14)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_interleaved_views_never_lose_a_saved_text(sequence):
    """Model check: a save succeeds only if its view had seen the file as it is; otherwise the
    file is unchanged and the view's text is in its copy. So no saved text is ever replaced by
    a view that had not seen it, and every view's last text is somewhere on disk."""
    with fresh_answers_dir() as folder:
        _play(sequence, folder)


def _play(sequence, folder: Path) -> None:
    answer = folder / notes.relative_path(KEY)

    def on_disk() -> bytes | None:  # the answer file's version: its bytes
        return answer.read_bytes() if answer.exists() else None

    boxes = [reflection.ReflectionView(KEY, "?") for _ in range(3)]
    seen: list[bytes | None] = [None, None, None]  # what each box last read or saved
    diverted = [False, False, False]  # a box that met a newer text saves to its copy
    for action, number, text in sequence:
        if action == "open":  # the participant runs the cell again: a new box
            boxes[number] = reflection.ReflectionView(KEY, "?")
            seen[number], diverted[number] = on_disk(), False
            assert boxes[number].box.value == notes.load(KEY)
            continue
        box, before = boxes[number], on_disk()
        box.box.value = text
        up_to_date = not diverted[number] and seen[number] == before
        if box.autosave.flush():  # only a box that saw the file as it is may replace it
            assert up_to_date or on_disk() == before  # (same bytes: nothing was replaced)
            assert notes.load(KEY) == text
            seen[number] = on_disk()
        else:  # the file is left alone, and the box's text is in its copy
            assert not up_to_date and "andet vindue" in box.status.value
            assert on_disk() == before
            diverted[number] = True
            copies = [json.loads(p.read_text(encoding="utf-8"))["text"] for p in _copies(folder)]
            assert text in copies


def _race(folder: str, worker: int, count: int, queue) -> None:
    os.environ["DIGILEDER_ANSWERS_DIR"] = folder
    seen = answers.Seen()
    notes.read(KEY, seen)
    last = ""
    for number in range(count):
        last = f"fane {worker} tekst {number}"
        notes.save(KEY, last, "?", seen)
    queue.put((worker, last))


def test_two_kernels_saving_at_once_keep_both_last_texts(answers_dir):
    """Two kernels typing into the same answer at once: is each one's last text on disk?"""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    workers = [context.Process(target=_race, args=(str(answers_dir), w, 40, queue))
               for w in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    lasts = dict(queue.get(timeout=5) for _ in workers)
    texts = [json.loads(p.read_text(encoding="utf-8"))["text"]
             for p in (answers_dir / "refleksioner").iterdir()]
    assert set(lasts.values()) <= set(texts)
    assert notes.load(KEY) in lasts.values()
