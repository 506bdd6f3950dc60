"""Where the course's data files and a participant's saved answers live."""

from __future__ import annotations

import os
from pathlib import Path

from digileder.folders import ANSWERS_FOLDER  # re-exported: paths.ANSWERS_FOLDER

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def course_root() -> Path:
    """The course folder: the nearest folder with datasets/datapackage.json.

    Searched from the working directory upwards (a notebook runs in modules/),
    then beside the installed package. DIGILEDER_COURSE_ROOT overrides both.
    """
    override = os.environ.get("DIGILEDER_COURSE_ROOT")
    if override:
        return Path(override).resolve()
    here = Path.cwd().resolve()
    for folder in [here, *here.parents]:
        if (folder / "datasets" / "datapackage.json").is_file():
            return folder
    return _PACKAGE_ROOT


def datasets_dir() -> Path:
    return course_root() / "datasets"


def answers_dir() -> Path:
    """The participant's own folder for saved answers, reflections and plans.

    Kept out of git (.gitignore), so pulling a new course version never touches it.
    DIGILEDER_ANSWERS_DIR overrides it (tests use a temporary folder). Not created here:
    reading must work in a read-only course folder; the answers store creates it on save.
    """
    override = os.environ.get("DIGILEDER_ANSWERS_DIR")
    return Path(override) if override else course_root() / ANSWERS_FOLDER
