"""`digileder feedback`: feedback HTML that works offline, hides the hidden tests, is safe
to open, and reaches everyone it can.

nbgrader's generate_feedback runs with the course config (HideHiddenTests preprocessor,
nbconvert's CDN URLs emptied, see config.py), one participant at a time, so one broken
submission never stops the others. Every page is then sanitised (html_safety.py: no
scripts, event handlers or remote loads) and checked: a page that still loads anything from
the internet or shows a hidden test is held back and named, and the rest are released.

Feedback is made only for a grade that belongs to the newest submission (standing.py, the
same test as `digileder status` and export): a hand grade for an answer that changed, a
failed or not yet graded resubmission are named, never sent with the older grade.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from digileder.danish import count
from digileder.teacher import config as course_config
from digileder.teacher import nbgrader_messages
from digileder.teacher import standing as standings
from digileder.teacher.atomic import write_text
from digileder.teacher.gradebook import open_gradebook
from digileder.teacher.html_safety import sanitize
from digileder.teacher.released_feedback import (
    grades_digest,
    mark_released,
    record_grades,
    recorded_grades,
)
from digileder.teacher.submissions import notebooks_with_text_in_answers, submitted_students
from digileder.teacher.workflow import require_assignment

_REMOTE_LOAD = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"'](?:https?:)?//", re.IGNORECASE)
# nbconvert's alt text for an image without one; participants read Danish.
NBCONVERT_ALT = "No description has been provided for this image"
DANISH_ALT = "Billede uden beskrivelse"
HIDDEN_MARKERS = tuple(f"{edge} HIDDEN" + " TESTS" for edge in ("BEGIN", "END"))


@dataclass
class FeedbackReport:
    """Hvad feedback-kørslen gjorde, pr. deltager."""

    files: list[Path] = field(default_factory=list)
    made: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    released: list[str] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)
    held: dict[str, str] = field(default_factory=dict)  # no feedback: the grade is not current
    not_hand_graded: list[str] = field(default_factory=list)
    grades_changed: list[str] = field(default_factory=list)  # made anew without --force


def problems(text: str) -> list[str]:
    """What is still wrong with a feedback HTML text (Danish), empty if it is fine."""
    found = []
    if _REMOTE_LOAD.search(text):
        found.append("henter noget fra internettet")
    if any(marker in text for marker in HIDDEN_MARKERS):
        found.append("viser skjulte test")
    return found


def marker_problem(student: str, assignment: str, notebooks: list[str]) -> str:
    """Why there is no feedback for an answer that contains the hidden-test marker text."""
    return (f"kunne ikke laves: {student}s svar i {', '.join(notebooks)} indeholder teksten "
            f"«{HIDDEN_MARKERS[0]}» eller «{HIDDEN_MARKERS[1]}». Kurset bruger den tekst til at "
            "skjule test, så den må ikke stå i et svar. Bed "
            f"{student} om at fjerne teksten og aflevere igen; kør så digileder collect, "
            f"grade og feedback {assignment}")


def _digest(folder: Path) -> str:
    sha = hashlib.sha1()
    for path in sorted(folder.glob("*.html")) if folder.is_dir() else []:
        sha.update(path.name.encode() + path.read_bytes())
    return sha.hexdigest()


def _failure(result: dict) -> str:
    danish, detail = nbgrader_messages.explain(result.get("error") or "", result.get("log") or "")
    return f"{danish} ({detail})"


def generate_feedback(root: Path, assignment: str, force: bool = False,
                      release: bool = True, report=print) -> FeedbackReport:
    """Lav feedback (HTML) til alle bedømte afleveringer og læg den ud til deltagerne."""
    require_assignment(root, assignment)
    cfg = course_config.load_course_config(root)
    api = course_config.make_api(cfg)
    result = FeedbackReport()
    graded = _current_grades(root, cfg, assignment, result)
    if not graded and not result.held:
        report(f"Ingen bedømte afleveringer af {assignment}. Kør først: "
               f"digileder grade {assignment}")
    for student, (_status, grades) in graded.items():
        folder = root / "feedback" / student / assignment
        before = _digest(folder) if any(folder.glob("*.html")) else None
        # nbgrader skips a page that exists; one made from other grades (or from unknown
        # ones: no fingerprint yet) is made anew, and only a known change is reported
        marked = notebooks_with_text_in_answers(root / "autograded" / student / assignment,
                                                HIDDEN_MARKERS)
        if marked:  # nbgrader's hidden-test filter would stop with an English error
            result.problems[student] = marker_problem(student, assignment, marked)
            continue
        recorded = recorded_grades(root, student, assignment)
        outcome = api.generate_feedback(assignment, student_id=student,
                                        force=force or (before is not None and recorded != grades))
        if before is not None and recorded not in (None, grades):
            result.grades_changed.append(student)
        if not outcome.get("success"):
            result.problems[student] = f"kunne ikke laves: {_failure(outcome)}"
            continue
        bad = []
        for path in sorted(folder.glob("*.html")):
            text, _removed = sanitize(path.read_text(encoding="utf-8"))
            text = text.replace(NBCONVERT_ALT, DANISH_ALT)
            write_text(path, text).chmod(0o644)  # participants read it
            bad += problems(text)
            result.files.append(path)
        if bad:
            result.problems[student] = f"holdes tilbage: siden {', '.join(sorted(set(bad)))}"
            continue
        record_grades(root, student, assignment, grades)
        (result.kept if _digest(folder) == before else result.made).append(student)
    result.not_hand_graded = [s for s in result.made + result.kept
                              if graded[s][0] == standings.PENDING]
    for line in _describe(root, assignment, result, force):
        report(line)
    if release:
        _release(root, api, assignment, result, report)
    return result


def _current_grades(root: Path, cfg, assignment: str,
                    result: FeedbackReport) -> dict[str, tuple[str, str]]:
    """Who has a grade for the newest submission (id -> status and grades_digest); the
    others go to result.held, with why."""
    graded = {p.parent.name for p in (root / "autograded").glob(f"*/{assignment}")}
    current = {}
    with open_gradebook(cfg.CourseDirectory.db_url) as gradebook:
        for student in sorted(graded | set(submitted_students(root, assignment))):
            sub = standings.find_submission(gradebook, assignment, student)
            where = standings.standing(root, cfg, assignment, student, sub)
            if where.current and student in graded:
                current[student] = (where.status, grades_digest(sub))
            elif where.status != standings.MISSING:
                result.held[student] = where.note
    return current


def _describe(root: Path, assignment: str, result: FeedbackReport, force: bool) -> list[str]:
    lines = []
    if result.made:
        lines.append(f"Ny feedback til {len(result.made)}: {', '.join(result.made)} "
                     f"(i {root / 'feedback'}).")
    if result.grades_changed:
        lines.append(f"Point eller kommentarer var ændret siden sidste feedback, så den er lavet "
                     f"igen: {', '.join(result.grades_changed)}.")
    if result.kept:
        again = ("Den er lavet igen og blev den samme." if force
                 else "Brug --force for at lave den om.")
        lines.append(f"Uændret feedback til {len(result.kept)}: {', '.join(result.kept)}. "
                     f"{again}")
    if result.not_hand_graded:
        lines.append(f"BEMÆRK: Du har ikke bedømt alle svar i hånden for "
                     f"{', '.join(result.not_hand_graded)}. Deres feedback viser de svar som "
                     f"'ikke bedømt endnu'. Bedøm dem i Formgrader, og kør så digileder "
                     f"feedback {assignment} --force.")
    for student, why in result.held.items():
        lines.append(f"PROBLEM {student}: ingen feedback til {assignment}. {why}")
    for student, why in result.problems.items():
        lines.append(f"PROBLEM {student}: feedback til {assignment} {why}. De andre får "
                     "deres feedback; ret det, og kør kommandoen igen.")
    return lines


def _release(root: Path, api, assignment: str, result: FeedbackReport, report) -> None:
    for student in result.made + result.kept:
        outcome = api.release_feedback(assignment, student_id=student)
        if outcome.get("success"):
            result.released.append(student)
            mark_released(root, student, assignment)
        else:
            result.problems[student] = f"er ikke lagt ud: {_failure(outcome)}"
            report(f"PROBLEM {student}: feedback er ikke lagt ud i exchange-mappen "
                   f"({_failure(outcome)}). HTML-filen ligger i feedback/; del den "
                   "på anden vis, eller se vejledningen.")
    if result.released:
        report(f"Feedback er lagt ud til {count(len(result.released), 'deltager', 'deltagere')}; "
               "de henter den i panelet Dine opgaver.")
