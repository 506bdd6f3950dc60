"""Module 00's warm-up: the feedback on a guess says how far off it is, in Danish."""

from __future__ import annotations

from digileder.warmup import GuessModel


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
