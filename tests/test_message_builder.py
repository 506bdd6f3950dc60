"""Module 06's message builder: counting, timing, assembling, saving and the widget view."""

from __future__ import annotations

import pytest

from digileder import message_builder as mb
from digileder import notes
from digileder.message_builder import BuilderView, MessageDraft


def full_draft() -> MessageDraft:
    return MessageDraft(
        situation="Fra januar melder borgerne huller i vejen via en app.",
        kerneopgave="Vi går fra at finde skader selv til at reagere på borgernes tip.",
        faglighed="Jeres vurdering af, hvad der haster, bliver vigtigere end før.",
        naeste_skridt="I næste uge prøver vejholdet appen sammen med mig.",
    )


def test_word_count_ignores_dashes_and_keeps_hyphenated_words():
    assert mb.word_count("Vej og park – it-systemet … virker") == 5
    assert mb.word_count("   ") == 0


def test_speaking_time_uses_the_rule_of_thumb():
    assert mb.speaking_seconds(130) == 60
    assert mb.speaking_seconds(260) == 120
    assert mb.speaking_seconds(65, words_per_minute=65) == 60
    with pytest.raises(ValueError, match="positivt"):
        mb.speaking_seconds(10, words_per_minute=0)


@pytest.mark.parametrize("seconds, text", [
    (0, "ca. 0 sek."), (44, "ca. 40 sek."), (60, "ca. 1 min."), (113, "ca. 1 min. 50 sek."),
    (178, "ca. 3 min."),
])
def test_duration_is_danish_and_rounded(seconds, text):
    assert mb.format_duration(seconds) == text


def test_assemble_keeps_order_and_skips_empty_fields():
    draft = MessageDraft(situation="  Først  ", faglighed="Tredje\nlinje", naeste_skridt="")
    assert draft.assemble() == "Først\n\nTredje linje"
    assert draft.missing() == ["Sådan ændrer kerneopgaven sig", "Næste skridt"]


def test_words_and_advice_follow_the_length():
    draft = full_draft()
    assert draft.words() == mb.word_count(draft.assemble()) > 30
    assert "Kort" in draft.length_advice()
    long = MessageDraft(**{name: "ord " * 100 for name, _, _ in mb.FIELDS})
    assert long.words() == 400
    assert "For langt" in long.length_advice()
    right = MessageDraft(**{name: "ord " * 60 for name, _, _ in mb.FIELDS})
    assert "Passer" in right.length_advice()
    assert "tommelfingerregel" in right.status_text()


def test_frames_give_a_question_for_every_field():
    for frame in ("Kotters 8 trin", "Ledelseskommissionen"):
        assert set(mb.frame_questions(frame)) == {name for name, _, _ in mb.FIELDS}
    assert mb.frame_questions("Ingen ramme") == {}
    with pytest.raises(ValueError, match="findes ikke"):
        mb.frame_questions("Lean")


def test_save_refuses_incomplete_and_saves_complete(answers_dir):
    with pytest.raises(ValueError, match="Udfyld også"):
        mb.save(MessageDraft(situation="Kun dette"))
    assert notes.load(mb.NOTE_KEY) == ""
    assert mb.load_saved_draft() == MessageDraft(situation="Kun dette")  # the draft is kept
    mb.save(full_draft())
    assert notes.load(mb.NOTE_KEY) == full_draft().assemble()
    assert mb.load_saved_draft() == full_draft()


def test_broken_state_file_gives_empty_draft(answers_dir):
    answers_dir.mkdir(parents=True, exist_ok=True)
    (answers_dir / mb.STATE_FILE).write_text("{ikke json", encoding="utf-8")
    assert mb.load_saved_draft() == MessageDraft()


def test_view_counts_live_shows_frame_and_saves(answers_dir):
    view = BuilderView(MessageDraft())
    assert "0 ord" in view.count.value
    view.boxes["situation"].value = "En to tre fire"
    assert "4 ord" in view.count.value
    view.button.click()
    assert "Ikke gemt endnu" in view.result.value
    view.frame.value = "Kotters 8 trin"
    assert "Trin 1" in view.hints["situation"].value
    for name, text in vars(full_draft()).items():
        view.boxes[name].value = text
    view.button.click()
    assert "Gemt i mine-svar" in view.result.value
    assert notes.load(mb.NOTE_KEY) == full_draft().assemble()
    restored = BuilderView()  # after a restart the fields come back
    assert restored.boxes["naeste_skridt"].value == full_draft().naeste_skridt
