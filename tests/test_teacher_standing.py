"""Where a hand-in stands, from the course folders alone (no grading, fast): which failure
record belongs to the newest submission, and whether feedback was released by any route."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from nbgrader.utils import notebook_hash

from digileder.teacher import grade_failures, regrade_marks, standing
from digileder.teacher.released_feedback import feedback_released, mark_released

A, S = "t1", "anne"
FIRST, SECOND = "2026-06-01 09:00:00.000000 UTC", "2026-06-02 08:30:00.000000 UTC"


def _cfg(exchange: Path):
    return SimpleNamespace(Exchange=SimpleNamespace(root=str(exchange)),
                           CourseDirectory=SimpleNamespace(course_id="digileder"))


def _hand_in(root: Path, stamp: str, secret: str = "hemmelig") -> Path:
    folder = root / "submitted" / S / A
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "timestamp.txt").write_text(stamp, encoding="utf-8")
    (folder / "submission_secret.txt").write_text(secret, encoding="utf-8")
    return folder


def test_a_failure_counts_only_for_the_submission_it_was_recorded_for(tmp_path):
    _hand_in(tmp_path, FIRST)
    grade_failures.record(tmp_path, A, S, FIRST, "Notesbogen er beskadiget.\nBed om en ny.",
                          "Traceback ...")
    failed = standing.standing(tmp_path, None, A, S, None)
    assert failed.status == standing.FAILED
    assert "beskadiget. Bed om en ny." in failed.note and "nyeste aflevering" in failed.note
    _hand_in(tmp_path, SECOND)  # a newer hand-in was collected, not graded yet
    newer = standing.standing(tmp_path, None, A, S, None, late=True)
    assert newer.status == standing.LATE and "digileder grade t1" in newer.note


def test_a_log_from_before_the_header_counts_as_a_failure_of_the_newest(tmp_path):
    _hand_in(tmp_path, FIRST)
    path = grade_failures.log_path(tmp_path, A, S)
    path.parent.mkdir()
    path.write_text("CellTimeoutError", encoding="utf-8")
    assert grade_failures.read(tmp_path, A, S).timestamp is None
    assert standing.standing(tmp_path, None, A, S, None).status == standing.FAILED


def test_feedback_released_by_nbgrader_is_seen_for_that_very_submission(tmp_path):
    """nbgrader names the page by the submission's secret: an older hand-in's page is not it."""
    exchange = tmp_path / "exchange"
    outbound = exchange / "digileder" / "feedback"
    _hand_in(tmp_path, FIRST, secret="gammel")
    cfg = _cfg(exchange)
    assert feedback_released(tmp_path, cfg, S, A, [A]) is None  # no exchange here
    (exchange / "digileder").mkdir(parents=True)
    assert feedback_released(tmp_path, cfg, S, A, [A]) is False
    outbound.mkdir()
    (outbound / f"{notebook_hash(secret='gammel', notebook_id=A)}.html").write_text("x")
    assert feedback_released(tmp_path, cfg, S, A, [A]) is True
    _hand_in(tmp_path, SECOND, secret="ny")  # resubmitted: the released page is the old one
    assert feedback_released(tmp_path, cfg, S, A, [A]) is False


def test_digileders_own_mark_counts_only_for_the_newest_submission(tmp_path):
    cfg = _cfg(tmp_path / "ingen-exchange")
    _hand_in(tmp_path, FIRST)
    mark_released(tmp_path, S, A)
    assert feedback_released(tmp_path, cfg, S, A, [A]) is True
    _hand_in(tmp_path, SECOND)
    assert feedback_released(tmp_path, cfg, S, A, [A]) is None


def test_status_says_honestly_when_it_cannot_see_the_exchange(tmp_path):
    _hand_in(tmp_path, FIRST)
    graded = tmp_path / "autograded" / S / A
    graded.mkdir(parents=True)
    (graded / "timestamp.txt").write_text(FIRST, encoding="utf-8")
    sub = SimpleNamespace(notebooks=[SimpleNamespace(name=A, grades=[])],
                          needs_manual_grade=False)
    where = standing.standing(tmp_path, _cfg(tmp_path / "ngshare"), A, S, sub)
    assert where.status == standing.GRADED and where.current
    assert "kan ikke se, om feedback er udleveret" in where.note
    (tmp_path / "ngshare" / "digileder").mkdir(parents=True)
    assert standing.standing(tmp_path, _cfg(tmp_path / "ngshare"), A, S, sub).note == ""


def _graded(root: Path, manual_score: float):
    """A current, autograded hand-in whose hand-graded cell q1 is still flagged."""
    _hand_in(root, FIRST)
    graded = root / "autograded" / S / A
    graded.mkdir(parents=True, exist_ok=True)
    (graded / "timestamp.txt").write_text(FIRST, encoding="utf-8")
    cell = SimpleNamespace(name="q1", manual_score=manual_score, needs_manual_grade=True)
    return SimpleNamespace(notebooks=[SimpleNamespace(name=A, grades=[cell])],
                           needs_manual_grade=True)


def test_a_changed_answer_is_told_apart_from_a_score_whose_flag_was_left(tmp_path):
    """Flag set by grading because the answer changed (its score then still in place) →
    'bedøm igen (svar ændret)'; a score set by a script that left the flag, or changed
    since the answer did → waiting for hand grading, with a note that the answer is as it was."""
    cfg = _cfg(tmp_path / "exchange")
    script = standing.standing(tmp_path, cfg, A, S, _graded(tmp_path, 3.0))
    assert script.status == standing.PENDING and script.current
    assert "needs_manual_grade" in script.note and "ikke ændret" in script.note
    assert "q1" in script.note

    regrade_marks.record(tmp_path, A, S, {regrade_marks.key(A, "q1"): 3.0})
    changed = standing.standing(tmp_path, cfg, A, S, _graded(tmp_path, 3.0))
    assert changed.status == standing.STALE and not changed.current
    assert "Svaret er ændret" in changed.note and "q1" in changed.note
    assert standing.stale_hand_grades(tmp_path, A, S, _graded(tmp_path, 3.0)) == ["q1"]

    rescored = standing.standing(tmp_path, cfg, A, S, _graded(tmp_path, 4.0))
    assert rescored.status == standing.PENDING and "needs_manual_grade" in rescored.note
    assert standing.stale_hand_grades(tmp_path, A, S, _graded(tmp_path, 4.0)) == []


def test_the_status_table_shows_points_with_a_decimal_comma():
    """Semester walk #22: the terminal said '10.5 af 19' where the CSV says 10,5."""
    from digileder.teacher.status import StatusRow, table

    row = StatusRow("p5", "Per", "Holm", standing.GRADED, None, False, 10.5, 19.0)
    assert "10,5 af 19" in table([row]) and "10.5" not in table([row])


def test_a_problem_at_grading_stays_in_the_note_for_that_submission(tmp_path):
    """Semester walk #28: after a timeout, status said only 'venter på manuel bedømmelse'."""
    cfg = _cfg(tmp_path / "exchange")
    sub = _graded(tmp_path, 3.0)
    sub.notebooks[0].grades[0].needs_manual_grade = False
    sub.needs_manual_grade = False
    grade_failures.record_problems(tmp_path, A, S, FIRST,
                                   ["Koden i celle q2 kørte længere end tidsgrænsen."])
    where = standing.standing(tmp_path, cfg, A, S, sub)
    assert where.status == standing.GRADED
    assert where.note.endswith("Ved bedømmelsen: Koden i celle q2 kørte længere end tidsgrænsen.")
    grade_failures.record_problems(tmp_path, A, S, SECOND, ["En anden aflevering."])
    assert "Ved bedømmelsen" not in standing.standing(tmp_path, cfg, A, S, sub).note
    grade_failures.record_problems(tmp_path, A, S, FIRST, [])  # graded again, no problem
    assert not grade_failures.problems_path(tmp_path, A, S).exists()
