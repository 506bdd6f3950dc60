"""The records `digileder grade` keeps when a participant's submission could not be graded,
or was graded with a problem (a cell stopped at a limit, a missing cell).

logs/grade-OPGAVE-DELTAGER.log holds nbgrader's log for the teacher, under three header
lines that say which submission failed (its timestamp.txt) and why, in Danish. status,
feedback and export read the header, so all three name the same failure, and only while it
belongs to the newest submission. A log without the header (written before it existed)
counts as a failure of the newest submission.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from digileder.teacher.atomic import write_text

HEADER = "# digileder grade: bedømmelsen fejlede"
SUBMISSION = "# aflevering: "
REASON = "# årsag: "


@dataclass(frozen=True)
class Failure:
    path: Path
    timestamp: str | None  # the failed submission's timestamp.txt; None: not recorded
    reason: str  # Danish, one line


def log_path(root: Path, assignment: str, student: str) -> Path:
    return root / "logs" / f"grade-{assignment}-{student}.log"


def record(root: Path, assignment: str, student: str, timestamp: str | None, reason: str,
           log: str) -> Path:
    """Keep the failure of the submission with TIMESTAMP (replaces an earlier record)."""
    one_line = " ".join(reason.split())
    head = f"{HEADER}\n{SUBMISSION}{timestamp or ''}\n{REASON}{one_line}\n\n"
    return write_text(log_path(root, assignment, student), head + log)


def clear(root: Path, assignment: str, student: str) -> None:
    log_path(root, assignment, student).unlink(missing_ok=True)


def read(root: Path, assignment: str, student: str) -> Failure | None:
    path = log_path(root, assignment, student)
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            head = [handle.readline().rstrip("\n") for _ in range(3)]
    except OSError:
        return None
    if head[0] != HEADER or not head[1].startswith(SUBMISSION) or \
            not head[2].startswith(REASON):
        return Failure(path, None, "")
    return Failure(path, head[1][len(SUBMISSION):].strip() or None,
                   head[2][len(REASON):].strip())


def problems_path(root: Path, assignment: str, student: str) -> Path:
    return root / "logs" / f"grade-{assignment}-{student}-problemer.txt"


def record_problems(root: Path, assignment: str, student: str, timestamp: str | None,
                    problems: list[str]) -> None:
    """Keep the problems of a graded submission (Danish, one line each), so status and
    export can still name them; no problems removes an earlier record."""
    path = problems_path(root, assignment, student)
    if not problems:
        path.unlink(missing_ok=True)
        return
    lines = [f"{SUBMISSION}{timestamp or ''}", *(" ".join(p.split()) for p in problems)]
    write_text(path, "\n".join(lines) + "\n")


def read_problems(root: Path, assignment: str, student: str, timestamp: str | None) -> list[str]:
    """The problems recorded for the submission with TIMESTAMP ([] for another one)."""
    try:
        head, *problems = problems_path(root, assignment, student).read_text(
            encoding="utf-8", errors="replace").splitlines()
    except (OSError, ValueError):
        return []
    return problems if head == f"{SUBMISSION}{timestamp or ''}" else []
