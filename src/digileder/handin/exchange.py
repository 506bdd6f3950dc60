"""The participant's side of nbgrader's exchange, called inside their own server's kernel.

Uses nbgrader's own Python classes (the ones behind its Assignments tab: AssignmentList for
list, fetch, submit and fetch feedback; Validator for checking), so the exchange stays
nbgrader's and the teacher's commands see exactly what nbgrader's panel would have sent.
Every failure becomes a HandinError with a Danish sentence; the traceback goes to the log.
"""

from __future__ import annotations

import contextlib
import logging
import os
from datetime import date, datetime, time
from pathlib import Path

from digileder.handin.model import Assignment, Submission, assignments_from_listing

log = logging.getLogger(__name__)


class HandinError(Exception):
    """Something the participant can act on, in Danish."""


class NoExchange(HandinError):
    """No nbgrader exchange on this machine (self-study): information, not a fault."""


def _root() -> Path:
    """Where the participant's server keeps their files (nbgrader fetches to here)."""
    return Path(os.environ.get("DIGILEDER_HANDIN_ROOT") or Path.home())


def _nbgrader_config():
    """nbgrader's config as its server extension reads it (Jupyter config path + cwd)."""
    from jupyter_core.paths import jupyter_config_path
    from nbgrader.apps import NbGrader

    app = NbGrader(log_level=logging.CRITICAL)  # e.g. "No nbgrader_config.py file found"
    app.config_file_paths.append([os.getcwd(), *jupyter_config_path()])
    app.raise_config_file_errors = True  # else a broken file looks like no hub at all
    try:
        app.load_config_file()
        return _checked_values(_ignoring_mac_leftovers(app.config))
    except (Exception, SystemExit) as error:  # the config is Python: anything can come out
        log.debug("nbgrader_config.py could not be read", exc_info=True)  # never on stderr
        raise HandinError(_broken_config_message(error, app.loaded_config_files)) from None


def _checked_values(config):
    """CONFIG, once the objects the panel builds from it accept its values: a wrong type
    (`c.Exchange.root = 5`) is then a broken file here, not a TraitError later."""
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange.default.exchange import Exchange

    Exchange(config=config, coursedir=CourseDirectory(config=config))
    return config


def _broken_config_message(error: BaseException, loaded: list[str] = ()) -> str:
    """A broken nbgrader_config.py: which file, and who fixes it (never the participant)."""
    where = getattr(error, "filename", None)
    tb = error.__traceback__
    while tb is not None and not where:
        name = tb.tb_frame.f_code.co_filename
        where = name if name.endswith("nbgrader_config.py") else None
        tb = tb.tb_next
    where = where or next((f for f in reversed(loaded) if f.endswith("nbgrader_config.py")), None)
    return (f"Opgaverne kan ikke hentes, fordi kursets indstillingsfil "
            f"{where or 'nbgrader_config.py'} har en fejl. Det er ikke noget, du har gjort, "
            "og du kan ikke selv rette det. Sig det til din underviser, som retter filen "
            "eller beder den, der driver kursets hub, om at gøre det. Dine svar og dine "
            "notesbøger er ikke berørt.")


MAC_LEFTOVERS = ("._*", ".DS_Store")


def _ignoring_mac_leftovers(config):
    """A Mac leaves `._NAME` beside each file on a USB stick or a network drive: never hand
    them in (nbgrader would then try to grade them as notebooks)."""
    from nbgrader.coursedir import CourseDirectory

    config.CourseDirectory.ignore = [*CourseDirectory(config=config).ignore, *MAC_LEFTOVERS]
    return config


def notebooks_in(folder: Path) -> list[Path]:
    """The participant's notebooks in FOLDER, without a Mac's hidden `._` copies."""
    return sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))


@contextlib.contextmanager
def _as_the_server():
    """Run nbgrader as its server extension does: in the server's root folder (nbgrader
    fetches to and lists from the current folder; a kernel's is the notebook's folder),
    logging to the log only (stderr would show up red in the notebook)."""
    loggers = [logging.getLogger(name) for name in ("traitlets", "NbGrader", "nbgrader")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        with contextlib.chdir(_root()):
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _manager():
    from nbgrader.server_extensions.assignment_list.handlers import AssignmentList

    manager = AssignmentList()
    manager.root_dir = str(_root())
    manager.load_config = lambda: _ignoring_mac_leftovers(AssignmentList.load_config(manager))
    return manager


def _checked(result: dict, what: str):
    if not result.get("success"):
        log.error("nbgrader %s failed: %s", what, result.get("value"))
        raise HandinError(
            f"Det lykkedes ikke at {what}. Prøv igen om lidt. Sker det igen, så skriv til din "
            "underviser og fortæl, hvad du prøvede.")
    return result.get("value")


def titles_and_deadlines(course_map: Path | None = None) -> tuple[dict, dict]:
    """Danish titles and deadlines from the course map's `assignments:` list (if any)."""
    from digileder.content import read_yaml
    from digileder.paths import datasets_dir

    document = read_yaml(course_map or datasets_dir() / "course_map.yml")
    data = document.data if isinstance(document.data, dict) else {}
    if document.problems:  # module 00 shows these to the participant; here: ids as titles
        log.warning("course map not readable: %s", document.problems)
    entries = data.get("assignments") if not document.problems else None
    if not isinstance(entries, list):
        return {}, {}
    titles, deadlines = {}, {}
    for entry in entries:
        if isinstance(entry, dict) and entry.get("id"):
            titles[entry["id"]] = str(entry.get("title") or "")
            deadline = _deadline(entry.get("deadline"))
            if deadline:
                deadlines[entry["id"]] = deadline
    return titles, deadlines


def _deadline(value) -> datetime | None:
    """A deadline as the teacher writes it: 2027-03-12 23:59 (Danish time) or a date (the
    end of that day). Anything else is ignored (and logged): the receipt then names none."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime.combine(value, time(23, 59, 59))
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        log.warning("deadline not understood: %r", value)
        return None


NO_EXCHANGE = ("Her er ingen opgaver at hente, for kurset kører ikke på en hub med opgaver. "
               "Arbejder du alene, finder du opgaverne i mappen assignments.")
DEFAULT_EXCHANGE = "/usr/local/share/nbgrader/exchange"  # nbgrader's Exchange.root default


def _surely_no_exchange() -> bool:
    """True when no config file nbgrader reads is where it looks (nbgrader_config in the
    current folder and on the Jupyter config path; jupyter_config, which every Jupyter app
    reads first, on that path) and nbgrader's default exchange folder does not exist: working
    alone, the panel then knows without importing nbgrader (1-2 s of module 00's start)."""
    from jupyter_core.paths import jupyter_config_path

    paths = jupyter_config_path()
    places = [(os.getcwd(), "nbgrader_config")]
    places += [(folder, name) for folder in paths
               for name in ("jupyter_config", "nbgrader_config")]
    return not any(os.path.exists(os.path.join(folder, f"{name}.{ext}"))
                   for folder, name in places for ext in ("py", "json")
                   ) and not os.path.isdir(DEFAULT_EXCHANGE)


def list_assignments(course_id: str | None = None) -> list[Assignment]:
    with _as_the_server():
        if _surely_no_exchange():
            raise NoExchange(NO_EXCHANGE)
        config = _nbgrader_config()
    from nbgrader.exchange.default.exchange import Exchange

    if not os.path.isdir(Exchange(config=config).root):
        raise NoExchange(NO_EXCHANGE)
    config_course = course_id or config.CourseDirectory.course_id or None
    with _as_the_server():
        listing = _checked(_manager().list_assignments(course_id=config_course),
                           "hente listen over opgaver")
    titles, deadlines = titles_and_deadlines()
    return assignments_from_listing(listing, titles, deadlines)


def fetch(assignment: Assignment) -> Path:
    target = _root() / assignment.assignment_id
    if target.exists():
        raise HandinError(f"Du har allerede en mappe, der hedder {assignment.assignment_id}. "
                          "Den bliver ikke overskrevet. Åbn opgaven derfra.")
    with _as_the_server():
        _checked(_manager().fetch_assignment(assignment.course_id, assignment.assignment_id),
                 "hente opgaven")
    return target


def validate(assignment: Assignment) -> list[dict]:
    """nbgrader's validate result for each fetched notebook (as saved on disk)."""
    from nbgrader.validator import Validator

    folder = _root() / assignment.assignment_id
    notebooks = notebooks_in(folder)
    if not notebooks:
        raise HandinError(f"Der er ingen notesbog i {folder.name}. Hent opgaven først.")
    results = []
    # A kernel nbgrader starts inherits this variable; without it the panel cell keeps still.
    session = os.environ.pop("JPY_SESSION_NAME", None)
    try:
        with _as_the_server():
            validator = Validator(config=_nbgrader_config())
            for notebook in notebooks:
                try:
                    results.append(validator.validate(str(notebook)))
                except Exception as error:  # nbgrader raises many kinds; none is for the user
                    log.exception("validate failed")
                    raise HandinError(f"{notebook.name} kunne ikke tjekkes. Er filen gemt "
                                      "og hel? Åbn den, og gem den igen.") from error
    finally:
        if session is not None:
            os.environ["JPY_SESSION_NAME"] = session
    return results


def submit(assignment: Assignment) -> tuple[Submission, list[str]]:
    folder = _root() / assignment.assignment_id
    notebooks = [p.name for p in notebooks_in(folder)]
    if not notebooks:
        raise HandinError(f"Der er ingen notesbog i {folder.name}. Hent opgaven først.")
    with _as_the_server():
        _checked(_manager().submit_assignment(assignment.course_id, assignment.assignment_id),
                 "aflevere opgaven")
    newest = [a for a in list_assignments(assignment.course_id)
              if a.assignment_id == assignment.assignment_id and a.submissions]
    if not newest:
        raise HandinError("Afleveringen blev sendt, men den står ikke på listen endnu. "
                          "Tjek listen igen om lidt.")
    return newest[0].submissions[-1], notebooks


def fetch_feedback(assignment: Assignment) -> None:
    with _as_the_server():
        _checked(_manager().fetch_feedback(assignment.course_id, assignment.assignment_id),
                 "hente feedback")


def feedback_files(folder: str) -> list[str]:
    """The HTML feedback files in FOLDER (relative to the participant's root), same form."""
    return sorted(str(p.relative_to(_root())) for p in (_root() / folder).glob("*.html"))


def server_url(path: str) -> str:
    """A link to a file in the participant's server (hub prefix, else the local root)."""
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/")
    return f"{prefix.rstrip('/')}/files/{path.lstrip('/')}"

