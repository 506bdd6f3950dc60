"""Is a course root inside a git repository, and would git keep the teacher's state out?

Names, answers and grades must never be committed. `course init` puts a .gitignore with `*`
in the course root, but that does not help for files git already tracks, and a parent's
rules could re-include a path. So when the root lies in a git work tree, init asks git
itself which of the course's paths it would still pick up, and warns in Danish.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from digileder.teacher.private_files import FILES, FOLDERS

# One path per kind of teacher state: a file inside each folder, and the course's files.
STATE_PATHS = (*FILES, *(f"{name}/deltager/fil.ipynb" for name in FOLDERS),
               "exchange/digileder/inbound/fil.ipynb")


def git_top(root: Path) -> Path | None:
    """The work tree ROOT lies in (the folder holding .git), or None."""
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _git(root: Path, *args: str) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None


def exposed_paths(root: Path) -> list[str] | None:
    """The course's paths git would commit (tracked, or not ignored); None if git cannot say."""
    if shutil.which("git") is None:
        return None
    tracked = _git(root, "ls-files", "--", ".")
    ignored = _git(root, "check-ignore", "--", *STATE_PATHS)
    if tracked is None or ignored is None or tracked.returncode != 0 \
            or ignored.returncode not in (0, 1):
        return None
    exposed = {line for line in tracked.stdout.splitlines() if line and line != ".gitignore"}
    exposed |= set(STATE_PATHS) - set(ignored.stdout.splitlines())
    return sorted(exposed)


def git_warning(root: Path) -> str:
    """A Danish warning when ROOT lies in a git repository ('' when it does not)."""
    top = git_top(root)
    if top is None:
        return ""
    head = (f"Advarsel: Holdets mappe ligger i git-repositoriet {top}. Holdets navne, "
            "afleveringer og karakterer må aldrig komme i git. ")
    exposed = exposed_paths(root)
    if exposed is None:
        return head + ("Jeg kan ikke spørge git, om .gitignore holder dem ude. Flyt helst "
                       "holdet til en mappe uden for repositoriet.")
    if not exposed:
        return head + (f"{root / '.gitignore'} holder dem ude (git ignorerer alt i mappen). "
                       "Flyt ikke den fil, og tilføj aldrig holdets filer med git add -f.")
    shown = ", ".join(exposed[:8]) + (f" og {len(exposed) - 8} til" if len(exposed) > 8 else "")
    return head + (f"Git ville stadig tage dette med: {shown}. Er filer allerede i git, så "
                   f"fjern dem med: git -C {root} rm -r --cached . (filerne bliver på disken). "
                   "Flyt helst holdet til en mappe uden for repositoriet.")
