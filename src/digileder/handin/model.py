"""What the hand-in panel knows and says, without widgets, files or nbgrader.

It turns nbgrader's exchange listings (the dicts `ExchangeList` returns) into rows with
Danish titles and statuses, a submission into a receipt, and nbgrader's validation result
into Danish explanations. The exchange calls themselves live in exchange.py; the widgets
in view.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from zoneinfo import ZoneInfo

# A visible test cell starts with "# Test: what it checks." (see solutions/).
TEST_LINE = re.compile(r"^#\s*Test:\s*(.+?)\.?\s*$", re.M)
LOCAL = ZoneInfo("Europe/Copenhagen")  # deadlines and receipts are in Danish time
ANSI = re.compile(r"\x1b\[[0-9;]*m")
NAME_ERROR = re.compile(r"NameError: name '([^']+)' is not defined")


class Status(Enum):
    RELEASED = "Klar til at hente"
    FETCHED = "Hentet – ikke afleveret"
    SUBMITTED = "Afleveret"
    FEEDBACK = "Feedback klar"


@dataclass(frozen=True)
class Submission:
    timestamp: datetime
    feedback_path: str | None = None  # relative to the server's root, when fetched
    feedback_waiting: bool = False  # the teacher has returned feedback not fetched yet


@dataclass
class Assignment:
    assignment_id: str
    course_id: str
    title: str
    fetched: bool = False
    released: bool = False
    notebooks: list[str] = field(default_factory=list)  # paths of the fetched notebooks
    submissions: list[Submission] = field(default_factory=list)
    deadline: datetime | None = None

    @property
    def status(self) -> Status:
        latest = self.submissions[-1] if self.submissions else None
        if latest and (latest.feedback_path or latest.feedback_waiting):
            return Status.FEEDBACK
        if latest:
            return Status.SUBMITTED
        return Status.FETCHED if self.fetched else Status.RELEASED


@dataclass(frozen=True)
class Receipt:
    title: str
    time: datetime
    notebooks: tuple[str, ...]
    late: bool | None  # None: no deadline is known

    def lines(self) -> list[str]:
        what = ", ".join(self.notebooks) or "opgavens mappe"
        lines = [f"Kvittering: {self.title} er afleveret {danish_time(self.time)}.",
                 f"Afleveret: {what}."]
        if self.late is None:
            lines.append("Der er ingen frist for opgaven i kurset.")
        elif self.late:
            lines.append("Afleveringen er kommet efter fristen. Din underviser kan se det.")
        else:
            lines.append("Afleveringen er kommet inden fristen.")
        return lines


MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
          "september", "oktober", "november", "december")


def danish_time(moment: datetime) -> str:
    return f"{moment.day}. {MONTHS[moment.month - 1]} {moment.year} kl. {moment:%H.%M}"


def parse_timestamp(text: str) -> datetime:
    """nbgrader's timestamp ('2026-11-30 13:05:12.123456 UTC') as Danish local time.

    nbgrader writes UTC unless the course sets Exchange.timezone; other zone names (CET,
    CEST) are taken as Danish time already."""
    date, time, *zone = text.split()
    moment = datetime.fromisoformat(f"{date} {time}")
    if not zone or zone[0] == "UTC":
        moment = moment.replace(tzinfo=UTC).astimezone(LOCAL).replace(tzinfo=None)
    return moment


def humanize_id(assignment_id: str) -> str:
    """A title when the course map has none: 'a1-laes-tallene' -> 'A1 · laes tallene'."""
    code, _, rest = assignment_id.partition("-")
    return f"{code.upper()} · {rest.replace('-', ' ')}" if rest else assignment_id


def assignments_from_listing(listing: list[dict], titles: dict[str, str],
                             deadlines: dict[str, datetime] | None = None) -> list[Assignment]:
    """Merge nbgrader's released, fetched and submitted records into one row per assignment."""
    rows: dict[tuple[str, str], Assignment] = {}
    for record in listing:
        key = (record["course_id"], record["assignment_id"])
        row = rows.setdefault(key, Assignment(
            assignment_id=key[1], course_id=key[0],
            title=titles.get(key[1]) or humanize_id(key[1]),
            deadline=(deadlines or {}).get(key[1])))
        status = record.get("status")
        if status == "released":
            row.released = True
        elif status == "fetched":
            row.fetched = True
            row.notebooks = [nb["path"] for nb in record.get("notebooks", [])]
        elif status == "submitted":
            row.submissions = sorted(
                (Submission(parse_timestamp(s["timestamp"]),
                            s.get("local_feedback_path") if s.get("has_local_feedback") else None,
                            bool(s.get("has_exchange_feedback")))
                 for s in record.get("submissions", [])),
                key=lambda s: s.timestamp)
    return sorted(rows.values(), key=lambda a: a.assignment_id)


def receipt(assignment: Assignment, submitted: Submission, notebooks: list[str]) -> Receipt:
    late = None if assignment.deadline is None else submitted.timestamp > assignment.deadline
    return Receipt(assignment.title, submitted.timestamp, tuple(notebooks), late)


def explain_validation(result: dict) -> list[str]:
    """nbgrader's validate result as Danish sentences; an empty list means all is well."""
    if result.get("type_changed"):
        return ["En celle har skiftet type (fx fra kode til tekst). Fortryd det, eller bed "
                "din underviser om en ny kopi af opgaven."]
    if result.get("changed"):
        return ["Du har ændret i en celle, som er låst (fx en test). Fortryd ændringen; "
                "ellers bruger bedømmelsen den oprindelige celle."]
    return [_explain_failure(failed) for failed in result.get("failed", [])]


def _explain_failure(failed: dict) -> str:
    source = failed.get("source", "")
    error = ANSI.sub("", failed.get("raw_error", ""))
    test = TEST_LINE.search(source)
    where = f"Testen »{test.group(1)}«" if test else "En celle"
    if "You did not provide a response" in error:
        return "Et af svarene mangler stadig. Skriv dit svar i cellen, og gem notesbogen."
    if "Partial credit" in error:
        return f"{where} bestod kun delvist. Se dit svar igennem en gang til."
    name = NAME_ERROR.search(error)
    if name:
        return (f"{where} fejlede: variablen {name.group(1)} findes ikke. Har du skrevet "
                "navnet rigtigt og kørt cellen med dit svar?")
    message = _last_error_line(error)
    return f"{where} fejlede: {message}" if message else f"{where} fejlede."


def _last_error_line(error: str) -> str:
    for line in reversed(error.strip().splitlines()):
        line = line.strip()
        if line.startswith("AssertionError"):
            return line.removeprefix("AssertionError").lstrip(": ") or ""
        if re.match(r"^\w+(Error|Exception)\b", line):
            return f"Python melder »{line}«."
    return ""
