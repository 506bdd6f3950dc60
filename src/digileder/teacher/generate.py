"""Regenerate assignments/ (participant versions) from solutions/ with nbgrader.

`assignments/` is never edited by hand: this runs nbgrader's generate_assignment on a
throw-away copy with a throw-away gradebook and then replaces assignments/ with the
result. The output depends only on solutions/ (nbgrader writes no timestamps into
release notebooks), so tests can check that the committed folder is up to date.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

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
        target.mkdir(parents=True, exist_ok=True)
        for assignment in ids:
            dest = target / assignment
            if dest.exists():
                shutil.rmtree(dest)
            shutil.copytree(root / "release" / assignment, dest)
            for path in dest.rglob("*"):
                path.chmod(0o755 if path.is_dir() else 0o644)
    return ids


def regenerate(report: Callable[[str], None] = print) -> list[str]:
    """Replace the repository's assignments/ with fresh release versions from solutions/."""
    target = repo_root() / ASSIGNMENTS
    ids = assignment_ids(solutions_dir())
    for stale in (p for p in target.iterdir() if p.is_dir()) if target.is_dir() else []:
        if stale.name not in ids:
            shutil.rmtree(stale)
    return release_copies(solutions_dir(), target, ids, report)
