"""Has a participant's newest submission got its feedback released, by any route?

`digileder feedback` marks what it released (RELEASED_MARK beside the HTML). A teacher can
also release with `nbgrader release_feedback` or formgrader's button; then only nbgrader's
exchange knows. nbgrader names a released page EXCHANGE/COURSE/feedback/<md5 of the
submission's secret and the notebook name>.html, and the participant's fetch looks for
exactly that name, so the page found there is the feedback for this very submission.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from digileder.teacher.atomic import write_text
from digileder.teacher.submissions import timestamp_text

RELEASED_MARK = ".udleveret"
# The grades and comments a feedback page was made from (grades_digest): a hand grade or
# comment changed in formgrader afterwards makes the page out of date.
GRADES_MARK = ".karakterer"
SECRET = "submission_secret.txt"  # written by `nbgrader submit`


def mark_released(root: Path, student: str, assignment: str) -> None:
    """Note that `digileder feedback` released feedback for the newest submission."""
    write_text(root / "feedback" / student / assignment / RELEASED_MARK,
               timestamp_text(root / "submitted" / student / assignment) or "")


def _marked(root: Path, student: str, assignment: str) -> bool:
    mark = root / "feedback" / student / assignment / RELEASED_MARK
    try:
        return mark.read_text(encoding="utf-8").strip() == \
            (timestamp_text(root / "submitted" / student / assignment) or "")
    except OSError:
        return False


def exchange_feedback_folder(cfg) -> Path:
    return Path(cfg.Exchange.root) / cfg.CourseDirectory.course_id / "feedback"


def feedback_released(root: Path, cfg, student: str, assignment: str,
                      notebooks: list[str]) -> bool | None:
    """True: released for the newest submission; False: not; None: cannot be known here
    (the exchange is not a folder on this machine, e.g. ngshare, or cannot be read).

    NOTEBOOKS are the assignment's notebook names without .ipynb, as nbgrader names them.
    """
    from nbgrader.utils import notebook_hash

    if _marked(root, student, assignment):
        return True
    outbound = exchange_feedback_folder(cfg)
    try:
        if not outbound.parent.is_dir():
            return None
        if not outbound.is_dir():
            return False  # nbgrader makes it on the first release
        secret = (root / "submitted" / student / assignment / SECRET).read_text(
            encoding="utf-8")
    except FileNotFoundError:
        return False  # nbgrader cannot release feedback for a submission without a secret
    except OSError:
        return None
    try:
        return bool(notebooks) and all(
            (outbound / f"{notebook_hash(secret=secret, notebook_id=name)}.html").is_file()
            for name in notebooks)
    except OSError:
        return None


def grades_digest(submission) -> str:
    """A fingerprint of everything feedback shows from the gradebook for SUBMISSION: every
    score, the needs-manual-grade flags, the comments and the late penalty."""
    parts = []
    for notebook in sorted(submission.notebooks, key=lambda n: n.name):
        parts.append([notebook.name, notebook.late_submission_penalty])
        parts += [[g.name, g.auto_score, g.manual_score, g.extra_credit, g.needs_manual_grade]
                  for g in sorted(notebook.grades, key=lambda g: g.name)]
        parts += [[c.name, c.auto_comment, c.manual_comment]
                  for c in sorted(notebook.comments, key=lambda c: c.name)]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def record_grades(root: Path, student: str, assignment: str, digest: str) -> None:
    write_text(root / "feedback" / student / assignment / GRADES_MARK, digest)


def recorded_grades(root: Path, student: str, assignment: str) -> str | None:
    """The fingerprint the feedback page was made from; None for a page made before the
    fingerprint was kept (or by nbgrader itself)."""
    try:
        return (root / "feedback" / student / assignment / GRADES_MARK).read_text(
            encoding="utf-8").strip() or None
    except OSError:
        return None


def grades_changed_since_feedback(root: Path, student: str, assignment: str,
                                  submission) -> bool:
    recorded = recorded_grades(root, student, assignment)
    return recorded is not None and recorded != grades_digest(submission)
