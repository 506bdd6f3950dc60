"""Module 03's saved assessments (issue 15): a file saved by an older version or edited by hand
shows what is known, several kernels saving at once lose nothing, and a history that cannot
be read is never overwritten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from digileder import answers, maturity


@pytest.fixture(scope="module")
def instrument() -> maturity.Instrument:
    return maturity.load_items()


def _all(instrument, value_for) -> dict[str, int]:
    return {item.id: value_for(item) for item in instrument.items}


def _saved(answers_dir, *entries) -> None:
    answers_dir.mkdir(parents=True, exist_ok=True)
    (answers_dir / "modenhed.json").write_text(json.dumps({"assessments": [
        {"date": f"2026-11-0{n}T10:00:00", "answers": {}, "scores": scores}
        for n, scores in enumerate(entries, start=1)]}), encoding="utf-8")


@pytest.mark.parametrize("scores, skipped", [
    ({"a": 3}, "'a'"),  # the review's file: only an unknown dimension (KeyError 'score')
    ({"gammel-dimension": 2, "zzz": 4}, "'gammel-dimension', 'zzz'"),
    ({"strategi": 99}, "'strategi'"),  # a score outside 1-5 is not drawn either
    ({"strategi": float("nan")}, "'strategi'"),
])
def test_a_saved_assessment_with_nothing_known_says_so_in_danish(answers_dir, scores, skipped):
    """Does maturity.show() name what it cannot show instead of raising KeyError 'score'?"""
    _saved(answers_dir, scores)
    widget = maturity.show()
    shown = widget.output.value
    assert "Din gemte vurdering kan ikke vises" in shown and skipped in shown.replace("&#x27;", "'")
    assert "Traceback" not in shown and "Gemt" not in widget.status.value


def test_a_saved_assessment_shows_what_is_known_and_names_the_rest(answers_dir, instrument):
    """Known dimensions are drawn; the unknown one (also in the previous one) is named."""
    _saved(answers_dir, {"strategi": 2, "gammel": 5},
           {**{d.id: 3 for d in instrument.dimensions}, "gammel": 1, "data": 7})
    widget = maturity.show()
    shown = widget.output.value.replace("&#x27;", "'")
    assert "Profilen viser kun det, kurset kender" in shown
    assert "Scoren for 'data' er ikke et tal mellem 1 og 5" in shown
    assert "Kurset kender ikke dimensionen 'gammel'" in shown
    assert "Vis som tabel" in shown and "Forslag til dine svageste områder" in shown
    assert widget.last_position["dimension"].tolist() == [
        d.id for d in instrument.dimensions if d.id != "data"]


def test_known_scores_keeps_the_known_and_lists_the_rest(instrument):
    usable, skipped = maturity.known_scores(
        {"strategi": 2, "data": 5.0, "zzz": 3, "gevinster": True, "borgere": 0}, instrument)
    assert usable == {"strategi": 2.0, "data": 5.0}
    assert skipped == ["zzz", "gevinster", "borgere"]


_SAVER = """
import os, sys, time
from pathlib import Path
from digileder.maturity.content import load_items  # not the package: altair takes seconds
from digileder.maturity.store import save_assessment
instrument = load_items()
answers = {item.id: 3 for item in instrument.items}
meeting = Path(sys.argv[1])
(meeting / f"ready-{os.getpid()}").touch()
while not (meeting / "go").exists():  # all start together, however slow the imports were
    time.sleep(0.001)
for _ in range(int(sys.argv[2])):
    save_assessment(answers, instrument=instrument)
"""


def test_saves_from_several_kernels_at_once_are_all_kept(answers_dir, tmp_path):
    """Four processes saving 25 assessments each into one mine-svar at the same moment: every
    one is kept (the review's test lost 317 of 900 without a lock)."""
    import os
    import subprocess
    import sys
    import time

    answers_dir.mkdir(parents=True)
    script, meeting = tmp_path / "saver.py", tmp_path / "meeting"
    script.write_text(_SAVER, encoding="utf-8")
    meeting.mkdir()
    each, processes = 25, 4
    env = {**os.environ, "DIGILEDER_ANSWERS_DIR": str(answers_dir)}
    running = [subprocess.Popen([sys.executable, str(script), str(meeting), str(each)], env=env,
                                stderr=subprocess.PIPE, text=True) for _ in range(processes)]
    deadline = time.time() + 120
    while len(list(meeting.glob("ready-*"))) < processes and time.time() < deadline:
        time.sleep(0.01)
    (meeting / "go").touch()
    errors = [p.communicate(timeout=300)[1] for p in running]
    assert all(p.returncode == 0 for p in running), errors
    assert len(maturity.load_history()) == processes * each
    assert not list(answers_dir.glob("modenhed.beskadiget-*"))


def test_a_history_that_cannot_be_read_is_never_overwritten(answers_dir, instrument,
                                                            monkeypatch):
    """Saving under the lock reads the history itself: a file it may not read (or a folder
    named modenhed.json) must stop the save with a Danish message, never be replaced."""
    answers_dir.mkdir(parents=True)
    path = answers_dir / "modenhed.json"
    path.write_text('{"assessments": []}', encoding="utf-8")
    real_read = Path.read_bytes

    def no_access(self):  # what chmod 000 does for a participant (the tests may run as root)
        if self.name == "modenhed.json":
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    with monkeypatch.context() as patch, \
            pytest.raises(answers.NotSaved, match="ikke gemt. .*ingen adgang"):
        patch.setattr(Path, "read_bytes", no_access)
        maturity.save_assessment(_all(instrument, lambda item: 3), instrument=instrument)
    assert path.read_text(encoding="utf-8") == '{"assessments": []}'
    path.unlink()
    path.mkdir()
    with pytest.raises(answers.NotSaved, match="er en mappe"):
        maturity.save_assessment(_all(instrument, lambda item: 3), instrument=instrument)
    assert path.is_dir() and not list(answers_dir.glob(".*.tmp"))


@pytest.mark.parametrize("scores, said", [
    ({"strategi": 1e308, "gevinster": -5}, "Scoren for 'strategi', 'gevinster' er ikke et tal "
     "mellem 1 og 5."),
    ({"zzz": 3}, "Kurset kender ikke dimensionen 'zzz'."),
])
def test_plan_says_the_same_true_thing_about_an_unusable_assessment(answers_dir, scores, said):
    """Module 08 said 'Du har ikke gemt en vurdering … endnu' in the profile while the material
    said the file 'nævner noget, kurset ikke kender: strategi, gevinster' (a known dimension
    with a score out of range). Now the profile, the material and module 03 say the same."""
    from digileder import plan

    _saved(answers_dir, scores)
    profile = plan.show_profile().value.replace("&#x27;", "'")
    material = plan.show_material().children[0].value.replace("&#x27;", "'")
    own = maturity.show().output.value.replace("&#x27;", "'")
    for shown in (profile, material, own):
        assert said in shown, shown
    assert "ikke gemt en vurdering" not in profile and "modul 03" in profile
    assert "kender, og det er ikke med" not in material
    assert "Du har ikke gemt noget" not in material and "kan ikke bruge noget" in material
