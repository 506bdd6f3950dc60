"""`digileder course init`: create a teacher's course root outside the repository.

The course root holds nbgrader_config.py, source/ (copied from solutions/, with the
course's datasets/ added to each assignment so a release or submission finds its data
anywhere), the gradebook and, later, submissions and feedback. None of it may live in
the repository: names and grades are personal data.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

from digileder.teacher import atomic, course_git, private_files, roster_store
from digileder.teacher import config as course_config
from digileder.teacher.errors import TeacherError
from digileder.teacher.locations import assignment_ids, is_inside, repo_root, solutions_dir
from digileder.teacher.roster import read_roster

DATASETS = "datasets"
COURSE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
GITIGNORE_BLOCK = ("# digileder: holdets mappe har navne og karakterer; intet herfra i git.\n"
                   "*\n")


def copy_sources(root: Path) -> list[str]:
    """Copy solutions/ to ROOT/source and put the course data beside each assignment.

    An assignment already in source/ is left alone (the teacher may have changed it); a new
    one appears whole or not at all, so an interrupted init can simply be run again.
    """
    datasets = repo_root() / DATASETS
    copied = []
    for assignment in assignment_ids(solutions_dir()):
        dest = root / "source" / assignment
        if dest.exists():
            continue

        def fill(tmp: Path, assignment=assignment) -> None:
            shutil.copytree(solutions_dir() / assignment, tmp, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
            # digileder.paths.course_root() searches upwards for datasets/datapackage.json.
            shutil.copytree(datasets, tmp / DATASETS,
                            ignore=shutil.ignore_patterns("__pycache__", "*.md"))

        atomic.build_folder(dest, fill)
        copied.append(assignment)
    return copied


def merge_gitignore(root: Path) -> str:
    """Make git ignore the course root; an existing .gitignore keeps its own lines and mode."""
    path = root / ".gitignore"
    if not path.exists():
        atomic.write_text(path, GITIGNORE_BLOCK, mode=0o644)  # no secrets in it
        return "oprettet"
    try:
        current = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        raise TeacherError(f"{path} findes, men kan ikke læses som tekst. Jeg retter ikke i "
                           "den. Tilføj selv linjen * (alt ignoreres), og kør igen.") from None
    if "*" in (line.strip() for line in current.splitlines()):
        return "uændret"
    atomic.write_text(path, current + ("" if current.endswith("\n") or not current else "\n")
                      + GITIGNORE_BLOCK, mode=stat.S_IMODE(path.stat().st_mode))
    return "udvidet"


def _mode_text(mode: int) -> str:
    return f"{stat.S_IMODE(mode) & 0o777:o}"


def secure_existing_folder(root: Path, existing: list[str], exchange: Path, report) -> None:
    """Make the course's own entries private in a folder that existed, and say what changed.

    An EMPTY folder of the teacher's own (just made with mkdir) is treated as new: it gets
    the course root's mode. A folder with other things in it keeps its mode, because what
    else lies there is the teacher's to share or not; the teacher is told when others can
    list it. Entries with the course's names (source/, logs/ …) become the course's and lose
    "other" access, said by name with their old mode."""
    wanted = private_files.root_mode(root, exchange)
    current = stat.S_IMODE(root.stat().st_mode)
    if not existing and root.stat().st_uid == os.getuid():
        if current != wanted:
            os.chmod(root, wanted)
            report(f"{root} var tom, så den er nu holdets mappe med rettighederne "
                   f"{wanted:o} (var {current:o}).")
    elif current & 0o077 & ~wanted:
        report(f"Bemærk: Andre kan se, hvad der ligger i {root} (rettigheder {current:o}). "
               "De kan ikke åbne holdets egne filer og mapper, men de kan se navnene, fx "
               "submitted/. Jeg har ikke ændret mappen, fordi der lå andet i den. "
               f"Vil du lukke den, så kør: chmod {wanted:o} {root}")
    opened = {name: (root / name).stat().st_mode for name in
              (*private_files.FOLDERS, *private_files.FILES) if name in existing
              and not (root / name).is_symlink() and (root / name).stat().st_mode & 0o007}
    private_files.secure_course(root)
    if opened:
        report("Disse fandtes allerede og hører nu til holdet, så andre ikke længere kan "
               "læse dem: " + ", ".join(f"{name} ({_mode_text(mode)} → "
                                        f"{_mode_text((root / name).stat().st_mode)})"
                                        for name, mode in opened.items()))


def check_timeout(timeout: int) -> int:
    if not isinstance(timeout, int) or timeout < 1:
        raise TeacherError(f"--timeout skal være et helt antal sekunder på mindst 1 (fik "
                           f"{timeout}). 0 eller mindre ville betyde, at en uendelig løkke "
                           "aldrig stoppes. Brug fx --timeout 120.")
    return timeout


def open_exchange(exchange: Path, report) -> None:
    """Create the exchange open to all (1777); an existing folder's mode is never changed."""
    opened = False
    if not exchange.exists():
        exchange.mkdir(parents=True)
        try:
            # Participants' servers write here (nbgrader needs it); the sticky bit keeps
            # anyone from deleting another's files.
            exchange.chmod(0o1777)
            opened = True
        except PermissionError:
            pass
    report_closed_parents(exchange, report)
    if not opened and exchange.stat().st_mode & 0o777 != 0o777:
        report(f"Bemærk: {exchange} fandtes allerede, og jeg ændrer ikke dens rettigheder. "
               "Deltagerne kan ikke aflevere, før alle må skrive i den. Er det den rigtige "
               f"mappe, så kør selv: chmod 1777 {exchange}")


def report_closed_parents(exchange: Path, report) -> None:
    """Say so when other users cannot pass through a folder above the exchange (e.g. a home
    folder with mode 700): participants on this machine could then neither fetch nor hand
    in. Only said; the teacher decides whether to open it or choose another --exchange."""
    closed = [f for f in reversed(exchange.parents) if not f.stat().st_mode & 0o001]
    if closed:
        names = ", ".join(f"{f} ({f.stat().st_mode & 0o777:o})" for f in closed)
        report(f"Bemærk: Andre brugere kan ikke komme gennem {names}, så deltagere på denne "
               f"maskine kan ikke nå exchange-mappen {exchange}. Vælg en delt mappe med "
               "--exchange, fx /srv/nbgrader/exchange, eller kør selv: chmod o+x "
               + " ".join(str(f) for f in closed))


def init_course(root: Path, roster: Path | None = None, course_id: str = "digileder",
                db_url: str | None = None, exchange: Path | None = None,
                timeout: int = course_config.DEFAULT_TIMEOUT, report=print) -> Path:
    """Opret holdets mappe ROOT (uden for repository) med opsætning, opgaver og holdliste."""
    root = root.expanduser().resolve()
    if is_inside(root, repo_root()):
        raise TeacherError(
            f"{root} ligger inde i kursets repository. Holdets mappe indeholder navne og "
            "karakterer og må ikke komme med i git. Vælg en mappe uden for kursets "
            "repository, fx ~/digileder-hold."
        )
    if root in (Path.home().resolve(), Path(root.anchor)):
        raise TeacherError(f"{root} er hele din hjemmemappe (eller roden af disken). Holdet "
                           "skal have sin egen mappe, fx ~/hold-tm-2026.")
    if not COURSE_ID.match(course_id):
        raise TeacherError(f"Kursus-id '{course_id}' må kun have bogstaverne a-z, tal, - og _ "
                           "og skal starte med et bogstav eller tal.")
    check_timeout(timeout)
    students = read_roster(roster, report) if roster else []
    if (root / "nbgrader_config.py").exists():
        raise TeacherError(f"{root} er allerede oprettet (nbgrader_config.py findes). "
                           "Deltagere tilføjer du med: digileder roster import FIL")
    exchange = (exchange or root / "exchange").expanduser().resolve()
    for folder in (root, exchange):
        if folder.exists() and not folder.is_dir():
            raise TeacherError(f"{folder} er en fil, ikke en mappe. Vælg en mappe.")
    existing = sorted(p.name for p in root.iterdir()) if root.is_dir() else []
    if not root.exists():
        root.mkdir(parents=True)
        os.chmod(root, private_files.root_mode(root, exchange))
        private_files.secure_course(root)
    else:
        secure_existing_folder(root, existing, exchange, report)
    if db_url is None:  # nbgrader would create the SQLite gradebook readable by everyone
        private_files.create_private_file(root / "gradebook.db")
    open_exchange(exchange, report)
    if merge_gitignore(root) == "udvidet":
        report(f"{root / '.gitignore'} fandtes; jeg har tilføjet linjen * nederst, så git "
               "ignorerer holdets navne og karakterer. Dine egne linjer og filens "
               "rettigheder er bevaret.")
    copied = copy_sources(root)
    # Written last: until it exists, an interrupted init can simply be run again.
    atomic.write_text(root / "nbgrader_config.py",
                      course_config.config_text(course_id, exchange, db_url, timeout))
    report(f"Holdets mappe: {root}")
    if existing:
        shown = ", ".join(existing[:8]) + (f" og {len(existing) - 8} til" if len(existing) > 8
                                           else "")
        report("Mappen var ikke tom. Intet af det, der lå der i forvejen, er overskrevet "
               f"eller slettet: {shown}.")
    report(f"Opgaver i source/: {', '.join(copied) or 'ingen nye (de fandtes allerede)'}")
    if warning := course_git.git_warning(root):
        report(warning)
    if students:
        added = roster_store.add_students(root, students)
        report(f"Holdliste: {len(added)} deltagere lagt i karakterbogen og i "
               f"{roster_store.ROSTER_FILE}")
    report("Næste skridt: digileder release OPGAVE (se docs/underviservejledning.md)")
    return root

