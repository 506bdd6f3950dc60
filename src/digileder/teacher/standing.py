"""Where one participant's newest hand-in stands: the one answer status, feedback and export
share, so the three never disagree and never pass an older grade off as current.

A grade in the gradebook counts only while it belongs to the newest submission: the
autograded copy has the submission's timestamp, and no grade the teacher set by hand was
given for an answer that has since changed (grading.py then leaves the old manual score and
sets needs_manual_grade; formgrader clears the flag when the teacher grades again). The
statuses, in the order of the semester: mangler, fejl ved bedømmelse, afleveret / for sent
(not graded yet), bedøm igen (svar ændret), venter på manuel bedømmelse, bedømt, feedback
udleveret. Each has a Danish note saying what is wrong and what the teacher does next.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from digileder.teacher import grade_failures, regrade_marks, roster_store
from digileder.teacher.danish_time import format_danish
from digileder.teacher.released_feedback import (
    exchange_feedback_folder,
    feedback_released,
    grades_changed_since_feedback,
)
from digileder.teacher.submissions import submitted_time, timestamp_text, up_to_date

MISSING = "mangler"
FAILED = "fejl ved bedømmelse"
SUBMITTED = "afleveret"
LATE = "for sent"
STALE = "bedøm igen (svar ændret)"
PENDING = "venter på manuel bedømmelse"
GRADED = "bedømt"
FEEDBACK = "feedback udleveret"
HAND_GRADE = "Bedøm tekstsvarene i Formgrader."  # the plain note of PENDING
CURRENT = (PENDING, GRADED, FEEDBACK)  # the gradebook's score belongs to the newest hand-in


@dataclass(frozen=True)
class Standing:
    status: str
    note: str = ""  # Danish: what is wrong and what the teacher does next

    @property
    def current(self) -> bool:
        return self.status in CURRENT


def find_submission(gradebook, assignment: str, student: str):
    """The gradebook's submission, or None."""
    from nbgrader.api import MissingEntry

    try:
        return gradebook.find_submission(assignment, student)
    except MissingEntry:
        return None


def flagged_hand_grades(root: Path, assignment: str, student: str,
                        submission) -> tuple[list[str], list[str]]:
    """Cells with a hand score still flagged needs_manual_grade, split in two: (answer
    changed since it was graded by hand, score set but flag left, e.g. by a script through
    nbgrader's API). grade_merge records which flags it set and why (regrade_marks)."""
    marks = regrade_marks.read(root, assignment, student)
    changed, left = [], []
    for notebook in submission.notebooks:
        for grade in notebook.grades:
            if grade.manual_score is None or not grade.needs_manual_grade:
                continue
            at_flagging = marks.get(regrade_marks.key(notebook.name, grade.name))
            (changed if at_flagging == grade.manual_score else left).append(grade.name)
    return sorted(changed), sorted(left)


def stale_hand_grades(root: Path, assignment: str, student: str, submission) -> list[str]:
    """Cells graded by hand whose answer changed since (their score does not count)."""
    return flagged_hand_grades(root, assignment, student, submission)[0]


def _not_current(root: Path, assignment: str, student: str, late: bool, older) -> Standing:
    folder = root / "submitted" / student / assignment
    when = format_danish(submitted_time(folder)) or "uden tidspunkt"
    older_note = ""
    if older is not None:
        older_note = (f" Den tidligere bedømmelse (af afleveringen fra "
                      f"{format_danish(older.timestamp) or 'før'}) hører til en anden "
                      "aflevering og bruges ikke.")
    failure = grade_failures.read(root, assignment, student)
    if failure is not None and failure.timestamp in (None, timestamp_text(folder)):
        return Standing(FAILED, f"Den nyeste aflevering ({when}) kunne ikke bedømmes: "
                                f"{failure.reason or 'se loggen.'}{older_note} "
                                f"Log: {failure.path}")
    again = "Afleveret igen" if older is not None else "Afleveret"
    return Standing(LATE if late else SUBMITTED,
                    f"{again} {when}, ikke bedømt endnu.{older_note} "
                    f"Kør: digileder grade {assignment}")


def standing(root: Path, cfg, assignment: str, student: str, submission,
             late: bool = False) -> Standing:
    """Where STUDENT's newest hand-in of ASSIGNMENT stands (SUBMISSION: the gradebook's);
    a problem grading had with it (a cell stopped at the time limit) stays in the note."""
    where = _standing(root, cfg, assignment, student, submission, late)
    if where.current:
        stamp = timestamp_text(root / "submitted" / student / assignment)
        problems = grade_failures.read_problems(root, assignment, student, stamp)
        if problems:
            return Standing(where.status, " ".join([where.note, "Ved bedømmelsen:", *problems])
                            .strip())
    return where


def _standing(root: Path, cfg, assignment: str, student: str, submission,
              late: bool) -> Standing:
    if not (root / "submitted" / student / assignment).is_dir():
        if submission is None:
            return Standing(MISSING)
    elif submission is None or not up_to_date(root, student, assignment):
        return _not_current(root, assignment, student, late, submission)
    stale, flag_left = flagged_hand_grades(root, assignment, student, submission)
    if stale:
        return Standing(STALE, f"Svaret er ændret, efter du bedømte det i hånden "
                               f"({', '.join(stale)}). Dine point og din kommentar hører til "
                               "det gamle svar og tæller ikke. Åbn afleveringen i Formgrader, "
                               "læs det nye svar, giv point igen (eller klik Resolve, hvis "
                               "pointene stadig passer), og ret kommentaren. Kør så: "
                               f"digileder feedback {assignment}")
    if flag_left:
        return Standing(PENDING, f"Der står point ved {', '.join(flag_left)}, men cellerne er "
                                 "stadig markeret som ubedømte (needs_manual_grade), fx fordi "
                                 "pointene er sat med et script uden at fjerne markeringen. "
                                 "Svaret er ikke ændret siden. Åbn afleveringen i Formgrader, "
                                 "og gem pointene (eller klik Resolve), så tæller de som "
                                 "færdige.")
    if submission.needs_manual_grade:
        return Standing(PENDING, HAND_GRADE)
    released = feedback_released(root, cfg, student, assignment,
                                 [notebook.name for notebook in submission.notebooks])
    if released and grades_changed_since_feedback(root, student, assignment, submission):
        return Standing(GRADED, "Point eller kommentarer er ændret, efter feedbacken blev "
                                "lavet, så deltageren ser de gamle. Kør: "
                                f"digileder feedback {assignment}")
    if released:
        return Standing(FEEDBACK)
    if released is None:
        return Standing(GRADED, "Jeg kan ikke se, om feedback er udleveret: exchange-mappen "
                                f"{exchange_feedback_folder(cfg).parent} findes ikke på denne "
                                "maskine eller kan ikke læses.")
    return Standing(GRADED)


def handed_in(root: Path, assignment: str, student: str,
                 due: datetime | None) -> tuple[datetime | None, bool]:
    """When the newest submission was handed in (naive UTC) and whether that was late."""
    when = submitted_time(root / "submitted" / student / assignment)
    return when, bool(due and when and when > due)


def with_unknown_note(root: Path, student: str, note: str) -> str:
    """NOTE followed by what to do about a submitter who is not on the roster."""
    return (f"{note} {student} står ikke på holdlisten ({roster_store.roster_path(root)}), "
            "men har afleveret. Tjek navnet. Skal personen være med, så tilføj personen: "
            f"digileder roster add {student} --first-name FORNAVN --last-name EFTERNAVN "
            f"--course {root}").strip()
