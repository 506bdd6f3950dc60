"""`digileder bundle`: the participant-facing tree, without solutions or hidden tests.

The result can be pushed to the repository nbgitpuller pulls from, or zipped for
self-study. It is scanned for leaks (digileder.teacher.leaks) before it is accepted.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from digileder.teacher.errors import TeacherError
from digileder.teacher.leaks import find_leaks
from digileder.teacher.locations import is_inside, repo_root, solutions_dir

INCLUDE = ["modules", "datasets", "assignments", "src", "pyproject.toml", "environment.yml",
           "README.md", "LICENSE", "LICENSE-CONTENT.md"]
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "mine-svar",
                                "*.egg-info", ".DS_Store")


def make_bundle(target: Path, force: bool = False, report=print) -> Path:
    """Kopiér deltagerudgaven af kurset til TARGET og tjek, at ingen løsninger er med."""
    target = target.expanduser().resolve()
    repo = repo_root()
    if is_inside(target, repo):
        raise TeacherError(f"{target} ligger i kursets repository. Vælg en mappe udenfor.")
    if target.exists() and any(target.iterdir()):
        if not force:
            raise TeacherError(f"{target} er ikke tom. Brug --force for at overskrive den.")
        shutil.rmtree(target)
    target.mkdir(parents=True, exist_ok=True)
    for name in INCLUDE:
        source = repo / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=IGNORE)
        elif source.is_file():
            shutil.copy2(source, target / name)
    leaks = find_leaks(target, solutions_dir())
    if leaks:
        shutil.rmtree(target)
        raise TeacherError("Deltagerudgaven blev slettet igen, fordi den indeholdt løsninger:\n- "
                           + "\n- ".join(leaks[:20]))
    report(f"Deltagerudgaven ligger i {target} (ingen løsninger eller skjulte test fundet).")
    return target
