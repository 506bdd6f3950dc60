"""`course init` into a folder that already exists: it changes the modes only of what it
makes its own and says so, leaves a shared folder's mode to the teacher (and tells), and
warns when the folder lies in a git repository that would pick up the teacher's state."""

from __future__ import annotations

import os
import stat
import subprocess

from digileder.teacher import course_init
from tests.test_bundle import GIT_ENV


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _git(cwd, *args) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, check=True, capture_output=True)


def test_a_shared_folder_in_a_git_repository_is_told_about_not_changed(tmp_path):
    """The teacher's .gitignore keeps its 644, the folder its 755 (with a note), logs/ the
    teacher made becomes private and is named, and a roster git already tracks is named."""
    root = tmp_path / "arbejde" / "hold"
    root.mkdir(parents=True)
    _git(tmp_path / "arbejde", "init", "-q", "-b", "main")
    root.chmod(0o755)
    (root / ".gitignore").write_text("*.bak\n", encoding="utf-8")
    (root / ".gitignore").chmod(0o644)
    (root / "holdliste.csv").write_text("id,first_name,last_name,email\n", encoding="utf-8")
    (root / "logs").mkdir(mode=0o755)
    (root / "logs").chmod(0o755)
    _git(tmp_path / "arbejde", "add", "-A")
    _git(tmp_path / "arbejde", "commit", "-q", "-m", "by mistake")
    said: list[str] = []
    course_init.init_course(root, report=said.append)
    text = "\n".join(said)

    assert _mode(root / ".gitignore") == 0o644
    assert "rettigheder er bevaret" in text
    assert _mode(root) == 0o755 and f"chmod 711 {root}" in text  # exchange/ lies inside
    assert _mode(root / "logs") == 0o750 and "logs (755 → 750)" in text
    assert "git-repositoriet" in text and "holdliste.csv" in text and "rm -r --cached" in text
    warning = next(line for line in said if "git-repositoriet" in line)
    assert ".gitignore" not in warning.split("tage dette med:")[1]  # not teacher state


def test_an_empty_folder_becomes_private_and_a_covering_gitignore_is_said(tmp_path):
    """An empty folder the teacher just made is as good as new (711 here: exchange/ lies
    inside); in a git repository whose only rule is ours, the warning says git keeps the
    course out."""
    _git(tmp_path, "init", "-q", "-b", "main")
    root = tmp_path / "hold"
    root.mkdir(mode=0o755)
    root.chmod(0o755)
    said: list[str] = []
    course_init.init_course(root, report=said.append)
    text = "\n".join(said)
    assert _mode(root) == 0o711 and "var tom" in text and "(var 755)" in text
    assert _mode(root / ".gitignore") == 0o644
    assert "git-repositoriet" in text and "holder dem ude" in text
    status = subprocess.run(["git", "status", "--porcelain"], cwd=tmp_path, env=GIT_ENV,
                            capture_output=True, text=True, check=True).stdout
    assert status == "", "git sees nothing of the course"
    assert os.listdir(root)
