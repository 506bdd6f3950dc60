"""Times the teacher reads and types, in Danish time (Europe/Copenhagen).

nbgrader stores times as naive UTC (its parse_utc); everything shown to a teacher is
converted here, so a due date reads the same in the terminal, the CSV and the guide.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from digileder.teacher.errors import TeacherError

DANISH = ZoneInfo("Europe/Copenhagen")
MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
          "september", "oktober", "november", "december")


def to_danish(utc: datetime) -> datetime:
    """A naive-UTC (or aware) time as Danish local time."""
    if utc.tzinfo is None:
        utc = utc.replace(tzinfo=UTC)
    return utc.astimezone(DANISH)


def format_danish(utc: datetime | None) -> str:
    """'1. december 2026 kl. 12.00' (Danish time); '' for no time."""
    if utc is None:
        return ""
    local = to_danish(utc)
    return f"{local.day}. {MONTHS[local.month - 1]} {local.year} kl. {local:%H.%M}"


def spreadsheet_time(utc: datetime | None) -> str:
    """'2026-11-30 21:28:19' in Danish time: a form Excel reads as a time it can sort and
    compare (a due date typed in a cell), unlike '30. november 2026 kl. 21.28'."""
    return "" if utc is None else to_danish(utc).strftime("%Y-%m-%d %H:%M:%S")


def late_by(when: datetime, due: datetime) -> str:
    """' (19 sekunder efter fristen)' when WHEN shows the same minute as DUE (so '21.45, frist
    21.45' does not look on time); '' otherwise."""
    seconds = int((when - due).total_seconds())
    if 0 < seconds and format_danish(when) == format_danish(due):
        return f" ({seconds} {'sekund' if seconds == 1 else 'sekunder'} efter fristen)"
    return ""


def parse_danish(text: str) -> datetime:
    """'2026-12-01 12:00' typed in Danish time -> naive UTC, as nbgrader stores it."""
    try:
        local = datetime.fromisoformat(text.strip().replace("T", " "))
    except ValueError:
        raise TeacherError(f"Tidspunktet '{text}' kan ikke læses. Skriv det som "
                           "ÅÅÅÅ-MM-DD TT:MM, fx 2026-12-01 12:00 (dansk tid).") from None
    if local.tzinfo is None:
        local = local.replace(tzinfo=DANISH)
    return local.astimezone(UTC).replace(tzinfo=None)
