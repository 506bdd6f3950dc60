"""A small semester with the tiny assignment t1: collect names new, resubmitted, late and
unknown submitters and keeps every earlier version; grade regrades what changed and flags a
hand grade whose answer changed; status has one row per participant; re-release works; an
unknown assignment gives a Danish error on every command; copied cells and timeouts are
graded and named. status, feedback and export agree on what is current: a hand grade for an
answer that changed, a failed resubmission and a resubmission not graded yet never pass an
older grade off as current; an unknown submitter stays named until added to the roster;
feedback released with nbgrader itself is seen."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import pytest

from digileder.teacher import (
    cli,
    course_init,
    export,
    feedback,
    grade_rows,
    grading,
    roster_store,
    status,
    workflow,
)
from digileder.teacher.collect import HISTORY, collect
from digileder.teacher.danish_time import parse_danish
from digileder.teacher.roster import make_student
from tests.fixtures.html_checks import runnable
from tests.fixtures.semester.tiny import (
    ASSIGNMENT,
    NOTEBOOK,
    add_to_course,
    answered,
    copy_cell,
    submit,
)

pytestmark = pytest.mark.slow
TIMEOUT = 10
DUE = "2026-06-01 12:00"  # Danish summer time: 10:00 UTC
ROSTER = ["anne", "bo", "cai", "eva", "finn", "gry", "ida"]
OLD_COMMENT = "Godt skrevet om gevinsterne."
NEW_COMMENT = "Det nye svar mangler et eksempel fra vejområdet."
STALE = "bedøm igen (svar ændret)"
FAILED = "fejl ved bedømmelse"
HOSTILE_TEXT = ('<script>alert("tekst")</script><img src="x" onerror="alert(2)">\n\n'
                "![logo](https://example.com/logo.png)")
HOSTILE_CODE = ("from IPython.display import HTML, display\n"
                "display(HTML('<b onmouseover=\"alert(3)\">hej</b><script>alert(4)</script>'))\n"
                "andel = 46\nraise ValueError('min egen fejl')")


def _grades(root: Path, student: str) -> dict:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        sub = gradebook.find_submission(ASSIGNMENT, student)
        return {g.name: (g.auto_score, g.manual_score, g.needs_manual_grade)
                for nb in sub.notebooks for g in nb.grades}


def _grade_by_hand(root: Path, student: str, grade_id: str, points: float,
                   comment: str | None = None) -> None:
    """What formgrader's grade and comment handlers do when the teacher saves."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        grade = gradebook.find_grade(grade_id, ASSIGNMENT, ASSIGNMENT, student)
        grade.manual_score = points
        grade.needs_manual_grade = False
        if comment is not None:
            gradebook.find_comment(grade_id, ASSIGNMENT, ASSIGNMENT, student) \
                .manual_comment = comment
        gradebook.db.commit()


def _csv(path: Path, delimiter: str = ";") -> dict[str, dict[str, str]]:
    """A CSV export by participant id (the first column)."""
    with path.open(encoding="utf-8-sig") as handle:
        return {row[next(iter(row))]: row for row in csv.DictReader(handle, delimiter=delimiter)}


@pytest.fixture(scope="module")
def semester(tmp_path_factory):
    base = tmp_path_factory.mktemp("semester")
    roster = base / "holdliste.csv"
    roster.write_text("id,first_name,last_name,email\n" + "".join(
        f"{s},{s.title()},Jensen,{s}@kommune.dk\n" for s in ROSTER), encoding="utf-8")
    root = course_init.init_course(base / "hold", roster=roster, timeout=TIMEOUT,
                                   report=lambda _m: None)
    add_to_course(root)
    said: dict[str, list[str]] = {"release": []}
    workflow.release(root, ASSIGNMENT, due=parse_danish(DUE), report=said["release"].append)
    release = root / "release" / ASSIGNMENT / NOTEBOOK
    exchange, course_id = root / "exchange", "digileder"
    on_time = datetime(2026, 6, 1, 9, 0)
    submit(exchange, course_id, "anne", answered(release, code="andel = 45"), on_time)
    submit(exchange, course_id, "bo", answered(release), on_time)
    submit(exchange, course_id, "dorte", answered(release), on_time)  # not on the roster
    # eva copies her answer cell and writes in the original, and copies the test cell
    eva = copy_cell(answered(release, text="Evas svar."), "t1-svar",
                    source="# SKRIV DIN KODE HER\nraise NotImplementedError()")
    eva = copy_cell(copy_cell(eva, "t1-test"), "t1-tekst", after=False)
    submit(exchange, course_id, "eva", eva, on_time)
    submit(exchange, course_id, "finn", answered(release, code="while True:\n    pass", text=None),
           on_time)
    submit(exchange, course_id, "gry", answered(release, code=HOSTILE_CODE, text=HOSTILE_TEXT),
           on_time)
    submit(exchange, course_id, "ida", answered(release, text="Idas tekst."), on_time)
    said["collect1"] = []
    first = collect(root, ASSIGNMENT, report=said["collect1"].append)
    first_grade = grading.grade_assignment(root, ASSIGNMENT, workers=2, report=lambda _m: None)
    _grade_by_hand(root, "anne", "t1-tekst", 2, OLD_COMMENT)
    _grade_by_hand(root, "bo", "t1-tekst", 1)
    _grade_by_hand(root, "ida", "t1-tekst", 2, OLD_COMMENT)
    # anne resubmits after grading, late, with a new text; bo's resubmission is unchanged;
    # ida's resubmission is a broken file
    submit(exchange, course_id, "anne", answered(release, text="Ny tekst."),
           datetime(2026, 6, 2, 8, 30))
    submit(exchange, course_id, "bo", answered(release), datetime(2026, 6, 1, 9, 30))
    submit(exchange, course_id, "dorte", answered(release), datetime(2026, 6, 1, 9, 30))
    broken_resubmission = submit(exchange, course_id, "ida", answered(release),
                                 datetime(2026, 6, 1, 9, 45)) / NOTEBOOK
    broken_resubmission.write_text('{"cells": [ en halv fil', encoding="utf-8")
    said["collect2"] = []
    second = collect(root, ASSIGNMENT, report=said["collect2"].append)
    not_regraded = {"status": {r.id: r for r in status.status_rows(root, ASSIGNMENT)},
                    "export": {r.id: r for r in grade_rows.read_rows(
                        root, f"sqlite:///{root / 'gradebook.db'}")[0]}}
    second_grade = grading.grade_assignment(root, ASSIGNMENT, workers=2, report=lambda _m: None)
    before_feedback = {r.id: r.status for r in status.status_rows(root, ASSIGNMENT)}
    broken = root / "autograded" / "dorte" / ASSIGNMENT / NOTEBOOK
    broken.chmod(0o644)
    broken.write_text('{"cells": [ ikke json', encoding="utf-8")
    said["feedback"] = []
    sent = feedback.generate_feedback(root, ASSIGNMENT, report=said["feedback"].append)
    # bo's feedback counts as released with nbgrader's own release_feedback (or formgrader's
    # button): the exchange has it, but digileder's marker does not exist.
    (root / "feedback" / "bo" / ASSIGNMENT / ".udleveret").unlink()
    said["status"], said["export"] = [], []
    rows = {r.id: r for r in status.show_status(root, ASSIGNMENT, report=said["status"].append)}
    exported = export.export(root, base / "eksport", report=said["export"].append)
    roster_store.add_students(root, [make_student("dorte", "Dorte", "Dam")])  # the teacher acts
    after_roster_add = {r.id: r for r in status.status_rows(root, ASSIGNMENT)}
    anne_before = {"grades": _grades(root, "anne"),
                   "page": (root / "feedback" / "anne" / ASSIGNMENT / "t1.html").exists()}
    # The teacher does what the note says: grades anne's new text again in formgrader.
    _grade_by_hand(root, "anne", "t1-tekst", 1, NEW_COMMENT)
    said["resolved"] = []
    resolved = feedback.generate_feedback(root, ASSIGNMENT, release=False,
                                          report=said["resolved"].append)
    return {"root": root, "said": said, "first": first, "second": second,
            "first_grade": first_grade, "second_grade": second_grade,
            "before_feedback": before_feedback, "feedback": sent, "not_regraded": not_regraded,
            "status": rows, "export": exported, "after_roster_add": after_roster_add,
            "resolved": resolved, "anne_before": anne_before}


def test_collect_names_new_and_unknown_submitters(semester):
    first, said = semester["first"], "\n".join(semester["said"]["collect1"])
    assert first.new == ["anne", "bo", "dorte", "eva", "finn", "gry", "ida"]
    assert first.unknown == ["dorte"] and "dorte" in said and "holdlisten" in said
    assert first.late == {}


def test_collect_names_resubmitted_and_late_in_danish_time_and_keeps_the_old_version(semester):
    root, second = semester["root"], semester["second"]
    said = "\n".join(semester["said"]["collect2"])
    assert second.resubmitted == ["anne", "bo", "dorte", "ida"] and second.new == []
    assert second.unknown == ["dorte"]  # though grading put her in the gradebook
    assert list(second.late) == ["anne"]
    assert "1. juni 2026 kl. 12.00" in said  # the due date in Danish time, not UTC
    assert "2. juni 2026 kl. 10.30" in said
    kept = root / HISTORY / "anne" / ASSIGNMENT
    versions = sorted(kept.iterdir())
    assert len(versions) == 1
    assert "andel = 45" in (versions[0] / NOTEBOOK).read_text(encoding="utf-8")
    assert "Ny tekst." in (root / "submitted" / "anne" / ASSIGNMENT / NOTEBOOK).read_text(
        encoding="utf-8")


def test_grade_regrades_resubmissions_without_force(semester):
    outcomes = {o.student: o for o in semester["second_grade"].outcomes}
    assert outcomes["anne"].status == "bedømt"
    assert outcomes["bo"].status == "bedømt"
    assert outcomes["eva"].status == "sprunget over"
    assert _grades(semester["root"], "anne")["t1-test"][0] == 1  # 45 -> 46 now passes


def test_a_hand_grade_whose_answer_changed_is_flagged_never_silently_kept(semester):
    root = semester["root"]
    assert semester["anne_before"]["grades"]["t1-tekst"] == (None, 2, True)
    outcomes = {o.student: o for o in semester["second_grade"].outcomes}
    assert "t1-tekst" in outcomes["anne"].message and "igen" in outcomes["anne"].message
    # bo's answer did not change: the teacher's grade stands, nothing to look at again.
    assert _grades(root, "bo")["t1-tekst"] == (None, 1, False)


def test_a_copied_answer_cell_and_test_cell_are_graded_on_the_real_answer(semester):
    root = semester["root"]
    grades = _grades(root, "eva")
    assert grades["t1-test"][0] == 1
    outcomes = {o.student: o for o in semester["first_grade"].outcomes}
    assert outcomes["eva"].status == "bedømt"
    assert "kopieret" in outcomes["eva"].message
    assert "t1-svar" in outcomes["eva"].message and "t1-test" in outcomes["eva"].message
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        comment = gradebook.find_comment("t1-tekst", ASSIGNMENT, ASSIGNMENT, "eva")
        assert comment.auto_comment is None  # her text, not the copied stub
    graded = json.loads((root / "autograded" / "eva" / ASSIGNMENT / NOTEBOOK).read_text())
    kept = [c for c in graded["cells"] if c["metadata"].get("nbgrader", {}).get(
        "grade_id") == "t1-tekst"]
    assert ["".join(c["source"]) for c in kept] == ["Evas svar."]


def test_a_timeout_is_named_per_participant_and_never_summarised_as_no_errors(semester):
    report = semester["first_grade"]
    outcomes = {o.student: o for o in report.outcomes}
    assert outcomes["finn"].problems and "tidsgrænsen" in outcomes["finn"].problems[0]
    text = grading.summary(report)
    assert "0 med fejl" not in text and "PROBLEM finn" in text
    # and after a second run that skipped finn, status still names it
    assert "Ved bedømmelsen:" in semester["status"]["finn"].note
    assert "tidsgrænsen" in semester["status"]["finn"].note


def test_no_response_is_danish(semester):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{semester['root'] / 'gradebook.db'}") as gradebook:
        comments = [c.auto_comment for sub in gradebook.assignment_submissions(ASSIGNMENT)
                    for nb in sub.notebooks for c in nb.comments]
    assert "No response." not in comments and "Intet svar." in comments


def test_status_has_one_row_per_participant_in_the_terminal_and_as_danish_csv(semester):
    root = semester["root"]
    out = root / "status.csv"
    lines: list[str] = []
    rows = status.show_status(root, ASSIGNMENT, csv_path=out, report=lines.append)
    by_id = {r.id: r for r in rows}
    assert set(by_id) == {*ROSTER, "dorte"}
    assert by_id["cai"].status == "mangler"
    assert semester["status"]["anne"].status == STALE and by_id["anne"].late
    assert by_id["anne"].status == "bedømt"  # since the teacher graded the new text again
    assert by_id["eva"].status == "venter på manuel bedømmelse"
    assert semester["before_feedback"]["bo"] == "bedømt"
    assert "cai" in lines[0] and "mangler" in lines[0]
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert table[0][:4] == ["id", "fornavn", "efternavn", "status"]
    assert len(table) == 1 + len(by_id)
    anne = next(r for r in table if r[0] == "anne")
    assert anne[5] == "ja" and "2026" in anne[4]


def test_release_force_re_releases_and_explains_in_danish(semester, capsys):
    root = semester["root"]
    code = cli.main(["release", ASSIGNMENT, "--course", str(root)])
    assert code == 2 and "--force" in capsys.readouterr().err
    lines: list[str] = []
    workflow.release(root, ASSIGNMENT, force=True, report=lines.append)
    said = "\n".join(lines)
    assert "udleveret" in said and "allerede har hentet" in said


@pytest.mark.parametrize("command", ["release", "collect", "grade", "feedback", "status"])
def test_an_unknown_assignment_is_a_danish_error_on_every_command(semester, command, capsys):
    code = cli.main([command, "a9-findes-ikke", "--course", str(semester["root"])])
    err = capsys.readouterr().err
    assert code != 0
    assert "findes ikke" in err and "Traceback" not in err and ASSIGNMENT in err


def test_one_broken_notebook_does_not_stop_the_others_feedback(semester):
    sent, said = semester["feedback"], "\n".join(semester["said"]["feedback"])
    assert list(sent.problems) == ["dorte"] and "PROBLEM dorte" in said
    assert set(sent.released) == {"bo", "eva", "finn", "gry"}
    released = list((semester["root"] / "exchange" / "digileder" / "feedback").glob("*.html"))
    assert len(released) == 4


def test_feedback_names_answers_not_yet_graded_by_hand(semester):
    """Is the teacher told whose feedback shows a written answer as 0 points, not yet graded?"""
    sent, said = semester["feedback"], "\n".join(semester["said"]["feedback"])
    graded_by_hand = {s for s in sent.released if not _grades(semester["root"], s)["t1-tekst"][2]}
    assert "bo" in graded_by_hand and "eva" not in graded_by_hand
    assert set(sent.not_hand_graded) == set(sent.released) - graded_by_hand
    warning = next(line for line in said.splitlines() if line.startswith("BEMÆRK"))
    assert "eva" in warning and "bo" not in warning and "--force" in warning


def test_feedback_says_not_yet_graded_instead_of_zero_points(semester):
    """A text nobody has read yet is 'ikke bedømt endnu' on the page, not '0 af N point'."""
    def page(student):
        return (semester["root"] / "feedback" / student / ASSIGNMENT / "t1.html").read_text(
            encoding="utf-8")
    waiting, graded = page("eva"), page("bo")
    assert "ikke bedømt endnu, højst" in waiting  # not nested in the contents' brackets
    assert "Din underviser har ikke bedømt alle dine skriftlige svar endnu" in waiting
    assert "ikke bedømt endnu" not in graded and "af" in graded


def test_feedback_is_sanitised_and_danish(semester):
    page = (semester["root"] / "feedback" / "gry" / ASSIGNMENT / "t1.html").read_text(
        encoding="utf-8")
    assert "Min tekst." not in page and "hej" in page  # the participant's own output is there
    lowered = page.lower()
    assert "<script" not in lowered and "https://example.com" not in lowered
    assert runnable(page) == []
    assert "onerror" in HOSTILE_TEXT and "onmouseover" in HOSTILE_CODE
    assert "most recent call last" not in page
    assert "min egen fejl" in page and "Python siger" in page
    assert "padding: 0.3em 0.8em" in page  # rubric table cells kept apart
    assert "No response" not in (semester["root"] / "feedback" / "finn" / ASSIGNMENT /
                                 "t1.html").read_text(encoding="utf-8")


def test_feedback_says_truthfully_what_it_kept_and_what_it_made(semester):
    lines: list[str] = []
    again = feedback.generate_feedback(semester["root"], ASSIGNMENT, release=False,
                                       report=lines.append)
    assert again.made == [] and set(again.kept) == {"anne", "bo", "eva", "finn", "gry"}
    assert "Uændret feedback til 5" in "\n".join(lines)


# --- status, feedback and export agree on what is current ---------------------------------

def test_a_hand_grade_for_an_answer_that_changed_is_never_sent_or_exported_as_current(semester):
    """anne was graded by hand (2 points and a comment), then resubmitted a new text."""
    rows = semester["status"]
    assert rows["anne"].status == STALE and "Formgrader" in rows["anne"].note
    assert rows["anne"].score is None
    said = "\n".join(semester["said"]["feedback"])
    assert "anne" not in semester["feedback"].released
    assert "anne" in semester["feedback"].held and "Formgrader" in semester["feedback"].held["anne"]
    assert "PROBLEM anne" in said and "t1-tekst" in said
    assert not semester["anne_before"]["page"]
    out = semester["export"]
    totals = _csv(out / "karakterer.csv")
    assert totals["anne"]["status"] == STALE and totals["anne"]["point"] == ""
    assert "Formgrader" in totals["anne"]["bemaerkning"]
    with (out / "spoergsmaal.csv").open(encoding="utf-8-sig") as handle:
        text = next(r for r in csv.DictReader(handle, delimiter=";")
                    if r["id"] == "anne" and r["spoergsmaal"] == "t1-tekst")
    assert text["manuelle_point"] == "" and text["point"] == ""
    assert text["mangler_manuel_bedoemmelse"] == "ja"
    assert _csv(out / "moodle.csv", ",")["Anne"]["t1"] == ""
    assert "anne" in "\n".join(semester["said"]["export"])



def test_grading_again_in_formgrader_makes_the_feedback_with_the_new_points_and_comment(semester):
    """After the teacher grades the changed answer again, feedback is made, and it is new."""
    resolved = semester["resolved"]
    assert "anne" in resolved.made and "anne" not in resolved.held
    page = (semester["root"] / "feedback" / "anne" / ASSIGNMENT / "t1.html").read_text(
        encoding="utf-8")
    assert NEW_COMMENT in page and OLD_COMMENT not in page and "Ny tekst." in page


def test_a_failed_resubmission_is_named_the_same_way_by_status_feedback_and_export(semester):
    """ida's first hand-in was graded (by hand too); her resubmission is a broken file."""
    root, row = semester["root"], semester["status"]["ida"]
    outcome = {o.student: o for o in semester["second_grade"].outcomes}["ida"]
    assert outcome.status == "fejl"
    assert row.status == FAILED and row.score is None
    for note in (row.note, semester["feedback"].held["ida"],
                 _csv(semester["export"] / "karakterer.csv")["ida"]["bemaerkning"]):
        assert "nyeste aflevering" in note and "beskadiget" in note  # what failed
        assert "tidligere" in note and "bruges ikke" in note  # the older grade is not current
    assert "ida" not in semester["feedback"].released
    assert not (root / "feedback" / "ida").exists()
    totals = _csv(semester["export"] / "karakterer.csv")
    assert totals["ida"]["status"] == FAILED and totals["ida"]["point"] == ""
    assert _csv(semester["export"] / "moodle.csv", ",")["Ida"]["t1"] == ""
    assert "ida" in "\n".join(semester["said"]["status"][1:])


def test_a_resubmission_not_graded_yet_does_not_count_the_older_grade(semester):
    """Between collect and grade, anne's older grade is not her grade."""
    before = semester["not_regraded"]
    assert before["status"]["anne"].status == "for sent" and before["status"]["anne"].score is None
    assert before["export"]["anne"].score is None
    assert before["export"]["anne"].status == "for sent"
    assert "digileder grade" in before["export"]["anne"].note


def test_an_unknown_submitter_stays_named_until_added_to_the_roster(semester):
    """dorte is not on the roster; grading put her in the gradebook, which must not hide it."""
    row, said = semester["status"]["dorte"], "\n".join(semester["said"]["status"])
    assert not row.on_roster
    assert "dorte" in said and "holdlisten" in said and "roster add dorte" in said
    totals = _csv(semester["export"] / "karakterer.csv")
    assert totals["dorte"]["paa_holdlisten"] == "nej"
    exported = "\n".join(semester["said"]["export"])
    assert "dorte" in exported and "roster add" in exported
    assert "dorte" not in (semester["export"] / "moodle.csv").read_text(encoding="utf-8")
    after = semester["after_roster_add"]["dorte"]
    assert after.on_roster and after.first_name == "Dorte"


def test_status_sees_feedback_released_with_nbgrader_itself(semester):
    """bo's feedback is in the exchange; digileder's own marker is gone (formgrader's button)."""
    assert semester["status"]["bo"].status == "feedback udleveret"
    assert semester["status"]["eva"].status == "venter på manuel bedømmelse"



def test_feedback_force_does_not_tell_the_teacher_to_use_force():
    kept = feedback.FeedbackReport(kept=["bo"])
    with_force = "\n".join(feedback._describe(Path("hold"), ASSIGNMENT, kept, force=True))
    without = "\n".join(feedback._describe(Path("hold"), ASSIGNMENT, kept, force=False))
    assert "Uændret feedback til 1: bo" in with_force and "--force" not in with_force
    assert "--force" in without
