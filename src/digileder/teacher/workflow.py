"""Generate and release: thin Danish wrappers around nbgrader's own steps."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from digileder.teacher import config as course_config
from digileder.teacher import nbgrader_messages
from digileder.teacher.danish_time import format_danish
from digileder.teacher.errors import TeacherError

REFETCH_NOTE = (
    "Deltagere, der allerede har hentet den gamle udgave, beholder den: nbgrader henter ikke "
    "oven i en mappe, der findes. Afleverer de den gamle udgave, bedømmes den med de rettede "
    "test (de låste testceller sættes tilbage fra karakterbogen), men opgaveteksten er den "
    "gamle. Skal de have den nye tekst, så bed dem omdøbe mappen {a} i deres hjemmemappe "
    "(fx til {a}-gammel), hente opgaven igen i panelet Dine opgaver og kopiere deres svar over."
)


def check_result(result: dict, what: str) -> None:
    """A Danish error for a failed nbgrader step; nbgrader's own line only as a detail."""
    if not result.get("success"):
        danish, detail = nbgrader_messages.explain(result.get("error") or "",
                                                   result.get("log") or "")
        raise TeacherError(f"{what} mislykkedes. {danish}\n{detail}")


def require_assignment(root: Path, assignment: str) -> None:
    """A Danish error (not a traceback) for an assignment the course does not have."""
    source = root / "source"
    known = sorted(p.name for p in source.iterdir() if p.is_dir()) if source.is_dir() else []
    if assignment not in known:
        raise TeacherError(f"Opgaven '{assignment}' findes ikke i {source}. Holdets opgaver: "
                           f"{', '.join(known) or 'ingen'}. Tjek stavningen.")


def not_released_note(root: Path, assignment: str) -> str:
    """A Danish note when ASSIGNMENT has not been released ('' when it has): then everyone
    'mangler' only because nobody could fetch it."""
    if (root / "release" / assignment).is_dir():
        return ""
    return (f"Bemærk: {assignment} er ikke udleveret endnu, så ingen har kunnet hente den. "
            f"Udlever den med: digileder release {assignment}")


def generate(root: Path, assignment: str, force: bool = False) -> Path:
    """Lav deltagerudgaven i release/ og læg opgaven i karakterbogen."""
    require_assignment(root, assignment)
    cfg = course_config.load_course_config(root)
    check_result(course_config.make_api(cfg).generate_assignment(assignment, force=force),
                 f"At lave {assignment}")
    return root / "release" / assignment


def set_duedate(root: Path, assignment: str, due: datetime) -> None:
    from nbgrader.api import Gradebook

    cfg = course_config.load_course_config(root)
    with Gradebook(cfg.CourseDirectory.db_url) as gradebook:
        gradebook.update_or_create_assignment(assignment, duedate=due)


def past_due_warning(assignment: str, due: datetime, now: datetime | None = None) -> str:
    """A Danish warning when the due date (naive UTC) has already passed, else ''."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    if due > now:
        return ""
    return (f"Advarsel: Fristen {format_danish(due)} er allerede overskredet (klokken er nu "
            f"{format_danish(now)}, dansk tid). Alle, der afleverer fra nu af, står som for "
            "sent. Var det en skrivefejl, så ret fristen (opgaven udleveres ikke igen) med: "
            f"digileder release {assignment} --due 'ÅÅÅÅ-MM-DD TT:MM'")


def release(root: Path, assignment: str, force: bool = False, due: datetime | None = None,
            report=print) -> None:
    """Lav opgaven og læg den ud til deltagerne (i exchange-mappen).

    force=True laver deltagerudgaven om og erstatter den i exchange-mappen (efter en rettelse).
    Er opgaven udleveret, og gives kun en ny frist (due uden force), ændres kun fristen.
    """
    cfg = course_config.load_course_config(root)
    outbound = (Path(cfg.Exchange.root) / cfg.CourseDirectory.course_id / "outbound"
                / assignment)
    already = outbound.exists()
    if already and not force:
        require_assignment(root, assignment)
        if due is None:
            raise TeacherError(f"{assignment} er allerede udleveret. Har du rettet opgaven, "
                               "så udlever den igen med: "
                               f"digileder release {assignment} --force")
        set_duedate(root, assignment, due)
        report(f"{assignment} er allerede udleveret; kun fristen er ændret: "
               f"{format_danish(due)} (dansk tid).")
        if warning := past_due_warning(assignment, due):
            report(warning)
        return
    generate(root, assignment, force=force)
    if due is not None:
        set_duedate(root, assignment, due)
    # nbgrader's API has no force argument: the exchange reads it from the config.
    cfg.ExchangeReleaseAssignment.force = force
    check_result(course_config.make_api(cfg).release_assignment(assignment),
                 f"At udlevere {assignment}")
    report(f"{assignment} er udleveret. Deltagerne henter den i panelet Dine opgaver "
           "(i modul 00 og øverst i hver opgave).")
    if due is not None:
        report(f"Frist: {format_danish(due)} (dansk tid).")
        if warning := past_due_warning(assignment, due):
            report(warning)
    if already:
        report(REFETCH_NOTE.format(a=assignment))
