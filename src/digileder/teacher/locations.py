"""Where the repository, its solutions and a teacher's course root are."""

from __future__ import annotations

import os
from pathlib import Path

from digileder.teacher.errors import TeacherError

REPO_ROOT = Path(__file__).resolve().parents[3]
SOLUTIONS = "solutions"
ASSIGNMENTS = "assignments"
COURSE_ROOT_ENV = "DIGILEDER_TEACHER_COURSE"


def repo_root() -> Path:
    """Kursets repository (mappen med solutions/ og assignments/).

    Beside the package when it is installed from a clone (pip install -e); otherwise the
    working folder or one above it, so an installed package works from inside a clone too.
    """
    here = Path.cwd().resolve()
    for folder in (REPO_ROOT, here, *here.parents):
        if (folder / SOLUTIONS).is_dir() and (folder / "datasets" / "datapackage.json").is_file():
            return folder
    raise TeacherError(
        f"Kan ikke finde kursets mappe solutions/. Der er søgt i {REPO_ROOT} og fra {here} "
        "og opad. Kør kommandoen inde fra en kopi af kursets repository."
    )


def solutions_dir() -> Path:
    return repo_root() / SOLUTIONS


def assignment_ids(folder: Path | None = None) -> list[str]:
    """The assignments in solutions/ (one folder each), sorted."""
    folder = folder or solutions_dir()
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def is_inside(path: Path, parent: Path) -> bool:
    path, parent = path.resolve(), parent.resolve()
    return path == parent or parent in path.parents


def check_course_root(root: Path, named_by: str = "--course") -> Path:
    """ROOT if it is a course root (holds nbgrader_config.py); else a Danish error that says
    it is not one, rather than letting a later step say the assignment does not exist."""
    if (root / "nbgrader_config.py").is_file():
        return root
    what = "findes ikke" if not root.exists() else "er ikke holdets mappe"
    raise TeacherError(
        f"{named_by} peger på {root}, men den {what}: der er ingen nbgrader_config.py. Angiv "
        "mappen, du oprettede med digileder course init, fx --course ~/digileder-hold. "
        "Opret et nyt hold med: digileder course init MAPPE")


def find_course_root(start: Path | None = None) -> Path:
    """The teacher's course root: $DIGILEDER_TEACHER_COURSE, or the nearest folder upwards
    from the working directory that holds nbgrader_config.py."""
    override = os.environ.get(COURSE_ROOT_ENV)
    if override:
        return check_course_root(Path(override).expanduser().resolve(), COURSE_ROOT_ENV)
    here = (start or Path.cwd()).resolve()
    for folder in [here, *here.parents]:
        if (folder / "nbgrader_config.py").is_file() and not is_inside(folder, REPO_ROOT):
            return folder
    raise TeacherError(
        f"Du står ikke i en kursusmappe ({here} og mapperne over den har ingen "
        "nbgrader_config.py), så jeg ved ikke, hvilket hold du mener. Gå ind i holdets mappe "
        f"med cd, brug --course MAPPE, eller sæt {COURSE_ROOT_ENV}. Opret et hold med: "
        "digileder course init MAPPE")
