"""Has a participant's newest submission got its feedback released, by any route?

`digileder feedback` marks what it released (RELEASED_MARK beside the HTML). A teacher can
also release with `nbgrader release_feedback` or formgrader's button; then only nbgrader's
exchange knows. nbgrader names a released page EXCHANGE/COURSE/feedback/<md5 of the
submission's secret and the notebook name>.html, and the participant's fetch looks for
exactly that name, so the page found there is the feedback for this very submission.
"""

from __future__ import annotations

from pathlib import Path

from digileder.teacher.atomic import write_text
from digileder.teacher.submissions import timestamp_text

RELEASED_MARK = ".udleveret"
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
