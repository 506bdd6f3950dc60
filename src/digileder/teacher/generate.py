"""Regenerate assignments/ (participant versions) from solutions/ with nbgrader.

`assignments/` is never edited by hand: this runs nbgrader's generate_assignment on a
throw-away copy with a throw-away gradebook and then replaces assignments/ with the
result, one assignment folder at a time and atomically (a folder for an assignment that
is no longer in solutions/ is named, never deleted). The output depends only on solutions/
(nbgrader writes no timestamps into release notebooks), so tests can check that the
committed folder is up to date.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from digileder.teacher import atomic
from digileder.teacher import config as course_config
from digileder.teacher.errors import TeacherError
from digileder.teacher.locations import ASSIGNMENTS, assignment_ids, repo_root, solutions_dir


def release_copies(source: Path, target: Path, ids: list[str] | None = None,
                   report: Callable[[str], None] = print) -> list[str]:
    """Generate release versions of the assignments in SOURCE into TARGET (one folder each)."""
    from traitlets.config import Config

    ids = ids or assignment_ids(source)
    with tempfile.TemporaryDirectory(prefix="digileder-generate-") as work:
        root = Path(work)
        shutil.copytree(source, root / "source",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        cfg = Config()
        cfg.CourseDirectory.root = str(root)
        cfg.CourseDirectory.course_id = "digileder"
        cfg.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
        cfg.ClearSolutions.code_stub = {"python": course_config.CODE_STUB}
        cfg.ClearSolutions.text_stub = course_config.TEXT_STUB
        api = course_config.make_api(cfg)
        for assignment in ids:
            result = api.generate_assignment(assignment, force=True)
            if not result["success"]:
                raise TeacherError(f"nbgrader kunne ikke lave {assignment}:\n{result['log']}")
            report(f"{assignment}: udgave til deltagerne lavet")
        for assignment in ids:
            _replace_folder(root / "release" / assignment, target / assignment)
    return ids


def _replace_folder(release: Path, dest: Path) -> None:
    """Swap in the new release folder; a crash leaves the old or the new one, never half."""
    def fill(tmp: Path) -> None:
        shutil.copytree(release, tmp, dirs_exist_ok=True)
        for path in [tmp, *tmp.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)

    fresh = atomic.build_folder(dest.with_name(f".{dest.name}.new-{uuid.uuid4().hex}"), fill)
    if not dest.exists():
        os.rename(fresh, dest)
        return
    old = dest.with_name(f".{dest.name}.old-{uuid.uuid4().hex}")
    os.rename(dest, old)
    os.rename(fresh, dest)
    shutil.rmtree(old)


def regenerate(report: Callable[[str], None] = print) -> list[str]:
    """Replace the repository's assignments/ with fresh release versions from solutions/."""
    target = repo_root() / ASSIGNMENTS
    ids = assignment_ids(solutions_dir())
    stale = sorted(p.name for p in target.iterdir()
                   if p.is_dir() and not p.name.startswith(".") and p.name not in ids) \
        if target.is_dir() else []
    generated = release_copies(solutions_dir(), target, ids, report)
    if stale:
        report(f"Bemærk: {', '.join(stale)} i {target} findes ikke i solutions/. Jeg sletter "
               "intet, jeg ikke selv har lavet; er mappen forældet, så slet den selv (git rm).")
    return generated
