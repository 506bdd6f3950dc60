"""Module 00's warm-up: the feedback on a guess says how far off it is, in Danish."""

from __future__ import annotations

import json
import subprocess
import sys

from digileder.warmup import GuessModel
from tests.conftest import ROOT


def test_feedback_on_a_guess():
    model = GuessModel(0.46)
    assert model.feedback(48).startswith("Godt ramt! Svaret er 46 pct.")
    assert model.feedback(36) == "Du gættede 36 pct. – lidt for lavt. Svaret er 46 pct."
    assert "en del for højt" in model.feedback(70)
    assert "langt for lavt" in model.feedback(5)
    assert model.feedback(120) == "Dit gæt skal ligge mellem 0 og 100 pct."


def test_the_button_shows_feedback_and_draws_the_chart_once(monkeypatch):
    from digileder import warmup

    drawn = []
    monkeypatch.setattr(warmup, "chart", lambda: drawn.append(1) or "diagram")
    view = warmup.show()
    (guess, button), answer = view.children[0].children, view.children[1]
    guess.value = 46
    button.click()
    assert "Godt ramt" in answer.value
    guess.value = 90
    button.click()
    assert "langt for højt" in answer.value and len(drawn) == 1


def test_module_00_starts_without_waiting_for_pandas_and_altair():
    """Issue 18: module 00's first cell imports neither (about 0.6 s); the warm-up loads
    them in the background while the participant guesses, so the answer comes at once."""
    code = (
        "import json, sys, threading\n"
        "import digileder\n"
        "digileder.setup()\n"
        "from digileder import course, progress, reflection, warmup\n"
        "first = [name in sys.modules for name in ('pandas', 'altair')]\n"
        "view = warmup.show()\n"
        "for thread in threading.enumerate():\n"
        "    if thread.name == 'digileder-warmup-imports':\n"
        "        thread.join(60)\n"
        "after = [name in sys.modules for name in ('pandas', 'altair')]\n"
        "(guess, button), answer = view.children[0].children, view.children[1]\n"
        "guess.value = 46\n"
        "button.click()\n"
        "print(json.dumps([first, after, answer.value]))\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "modules",
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    first, after, answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert first == [False, False] and after == [True, True]
    assert "Godt ramt" in answer


def test_a_broken_figures_file_gives_a_danish_answer_not_a_traceback(monkeypatch):
    from digileder import data, warmup
    from digileder.errors import DataError

    def broken(_figure_id):
        raise DataError("Tallet 'x' findes ikke i published_figures.csv.")

    monkeypatch.setattr(data, "figure", broken)
    view = warmup.show()
    view.children[0].children[1].click()
    assert "findes ikke i published_figures.csv" in view.children[1].value


def test_a_broken_survey_says_why_the_chart_is_missing_and_a_new_click_tries_again(
        monkeypatch):
    """The answer comes from published_figures.csv, the chart from the survey: a broken
    survey file is said in Danish under the answer (a callback's traceback only reaches
    Lab's log, so the chart would just be missing), and a click after the fix draws it."""
    from digileder import data, warmup
    from digileder.errors import DataError

    def broken():
        raise DataError("Datafilen survey_simulated.csv mangler.")

    monkeypatch.setattr(warmup, "chart", broken)
    view = warmup.show()
    button, answer = view.children[0].children[1], view.children[1]
    button.click()
    assert "Svaret er" in answer.value and "survey_simulated.csv mangler" in answer.value
    monkeypatch.setattr(warmup, "chart", lambda: "diagram")
    shown = []
    monkeypatch.setattr(type(view.children[2]), "show", lambda _box, *parts: shown.append(parts))
    button.click()
    assert shown == [("diagram",)] and "mangler" not in answer.value
    assert data.figure  # the figure itself still read
