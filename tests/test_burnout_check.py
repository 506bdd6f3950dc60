"""Module 05's check of warning signs vs. signs of a thriving enthusiast."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from digileder import burnout_check
from digileder.burnout_check import CheckView, SignCheck, load_signs
from digileder.data import DataError


@pytest.fixture
def signs():
    return load_signs()


def test_course_file_has_both_kinds_and_every_need(signs):
    assert any(s.is_warning for s in signs) and not all(s.is_warning for s in signs)
    assert {s.need for s in signs} == set(burnout_check.NEEDS)
    assert len({s.id for s in signs}) == len(signs)


def _write(tmp_path, text):
    path = tmp_path / "signs.yml"
    path.write_text(text, encoding="utf-8")
    return path


ITEM = "  - {id: %s, tekst: t, slags: %s, behov: %s, hvorfor: h}\n"


def test_bad_kind_need_and_one_sided_lists_are_rejected(tmp_path):
    with pytest.raises(DataError, match=r"tegn nr. 1 \(linje 2\): 'slags' er 'maaske'"):
        load_signs(_write(tmp_path, "signs:\n" + ITEM % ("a", "maaske", "struktur")))
    with pytest.raises(DataError, match="'behov' er 'penge'"):
        load_signs(_write(tmp_path, "signs:\n" + ITEM % ("a", "advarsel", "penge")))
    with pytest.raises(DataError, match="både advarsler og tegn på trivsel"):
        load_signs(_write(tmp_path, "signs:\n" + ITEM % ("a", "advarsel", "struktur")))
    with pytest.raises(DataError, match="står også ved tegn nr. 1"):
        load_signs(_write(tmp_path, "signs:\n" + ITEM % ("a", "advarsel", "struktur")
                          + ITEM % ("a", "trivsel", "retning")))


def test_every_problem_is_reported_at_once_with_its_line(tmp_path):
    """Does one run name every broken sign, each with its line, so a teacher fixes all at once?"""
    text = "signs:\n" + ITEM % ("a", "maaske", "struktur") + ITEM % ("B!", "trivsel", "penge")
    with pytest.raises(DataError) as caught:
        load_signs(_write(tmp_path, text))
    problems = caught.value.problems
    assert len(problems) == 3
    assert "(linje 2)" in problems[0] and all("(linje 3)" in p for p in problems[1:])


def test_missing_file_gives_danish_error(tmp_path):
    with pytest.raises(DataError, match="mangler"):
        load_signs(tmp_path / "findes-ikke.yml")


def test_all_warnings_selected_is_a_full_score(signs):
    warnings = {s.id for s in signs if s.is_warning}
    assert SignCheck(signs).score(warnings) == (len(signs), len(signs))


def test_selecting_nothing_scores_only_the_thriving_signs(signs):
    thriving = sum(not s.is_warning for s in signs)
    assert SignCheck(signs).score(set()) == (thriving, len(signs))


def test_selecting_a_thriving_sign_is_wrong(signs):
    thriving = next(s for s in signs if not s.is_warning)
    verdicts = {v.sign.id: v for v in SignCheck(signs).evaluate({thriving.id})}
    assert verdicts[thriving.id].correct is False


def test_unknown_id_is_refused(signs):
    with pytest.raises(ValueError, match="Ukendt tegn"):
        SignCheck(signs).evaluate({"findes-ikke"})


def test_feedback_names_missed_needs(signs):
    feedback = SignCheck(signs).feedback_html(set())
    warned_needs = {s.need for s in signs if s.is_warning}
    assert all(need in feedback for need in warned_needs)
    assert "De advarsler, du ikke så" in feedback


def test_view_checks_the_ticked_boxes(signs):
    view = CheckView(signs)
    first_warning = next(s for s in signs if s.is_warning)
    view.boxes[first_warning.id].value = True
    view.button.click()
    right = len(signs) - sum(s.is_warning for s in signs) + 1
    assert f"Du vurderede {right} af {len(signs)}" in view.feedback.value


def test_widget_shows_danish_message_when_file_is_missing(monkeypatch, tmp_path):
    monkeypatch.setattr("digileder.burnout_check.content.signs_path",
                        lambda: tmp_path / "mangler.yml")
    shown = burnout_check.show()
    assert isinstance(shown, widgets.HTML) and "kan ikke vises" in shown.value


def test_changing_an_answer_clears_old_feedback(signs):
    view = CheckView(signs)
    view.button.click()
    assert view.feedback.value
    view.boxes[signs[0].id].value = True
    assert view.feedback.value == ""
