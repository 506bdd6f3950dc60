"""`digileder bundle`: never deletes what it did not make, keeps .git, README that works."""

from __future__ import annotations

import os
import re
import subprocess

import pytest

from digileder import participant_edition
from digileder.owned_copy import MANIFEST
from digileder.teacher.bundle import make_bundle
from digileder.teacher.errors import TeacherError

GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "Underviser", "GIT_AUTHOR_EMAIL": "u@example.invalid",
           "GIT_COMMITTER_NAME": "Underviser", "GIT_COMMITTER_EMAIL": "u@example.invalid"}


def _git(cwd, *args) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, check=True,
                          capture_output=True, text=True).stdout


def test_force_never_deletes_a_folder_the_bundle_did_not_make(tmp_path):
    """Is the teacher's home folder left intact by `bundle HOME --force`?"""
    home = tmp_path / "underviser"
    (home / "hold").mkdir(parents=True)
    (home / "hold" / "gradebook.db").write_text("karakterer", encoding="utf-8")
    (home / "README.md").write_text("mit eget", encoding="utf-8")
    with pytest.raises(TeacherError, match="ikke tom"):
        make_bundle(home, force=True, report=lambda _: None)
    assert (home / "hold" / "gradebook.db").read_text(encoding="utf-8") == "karakterer"
    assert (home / "README.md").read_text(encoding="utf-8") == "mit eget"
    assert sorted(p.name for p in home.iterdir()) == ["README.md", "hold"]


def test_updating_the_nbgitpuller_repository_keeps_git_history_and_own_files(tmp_path):
    """Does a second bundle into the git repo nbgitpuller pulls from keep .git and history?"""
    repo = tmp_path / "deltager-repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    make_bundle(repo, report=lambda _: None)
    (repo / "UNDERVISER.md").write_text("hold 2027", encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "Udgave 1")

    with pytest.raises(TeacherError, match="--force"):
        make_bundle(repo, report=lambda _: None)
    (repo / "modules" / "00-kom-godt-i-gang.ipynb").write_text("{}", encoding="utf-8")
    said: list[str] = []
    make_bundle(repo, force=True, report=said.append)

    assert "Udgave 1" in _git(repo, "log", "--oneline")
    assert (repo / "UNDERVISER.md").read_text(encoding="utf-8") == "hold 2027"
    assert (repo / "modules" / "00-kom-godt-i-gang.ipynb").read_text(encoding="utf-8") != "{}"
    assert any("Opdaterede filer (1): modules/00-kom-godt-i-gang.ipynb" in s for s in said)
    assert _git(repo, "status", "--porcelain") == "", "the update is exactly the old edition"


def test_bundle_files_are_readable_by_all_and_the_teachers_own_stay_private(tmp_path):
    """Public course material: files 0644 and folders 0755 whatever the umask (a zip or a
    shared folder passes modes on); a private file of the teacher's keeps its 0600."""
    target = tmp_path / "udgave"
    target.mkdir(mode=0o700)
    old = os.umask(0o077)
    try:
        make_bundle(target, report=lambda _: None)
        (target / "UNDERVISER.md").write_text("hold 2027", encoding="utf-8")
        (target / "modules" / "00-kom-godt-i-gang.ipynb").write_text("{}", encoding="utf-8")
        make_bundle(target, force=True, report=lambda _: None)  # an update, same modes
    finally:
        os.umask(old)
    modes = {p.relative_to(target).as_posix(): p.stat().st_mode & 0o777
             for p in target.rglob("*")}
    assert modes.pop("UNDERVISER.md") == 0o600
    assert target.stat().st_mode & 0o777 == 0o700, "an existing folder keeps its mode"
    files = {name: mode for name, mode in modes.items() if (target / name).is_file()}
    folders = {name: mode for name, mode in modes.items() if (target / name).is_dir()}
    assert "modules/00-kom-godt-i-gang.ipynb" in files and MANIFEST in files
    assert {mode for mode in files.values()} <= {0o644, 0o755}, files
    assert files["modules/00-kom-godt-i-gang.ipynb"] == 0o644
    assert set(folders.values()) == {0o755}, folders


def test_a_leak_writes_nothing_into_the_target(tmp_path, monkeypatch):
    """If solutions slip into the edition, is an earlier bundle with its .git left untouched?"""
    target = make_bundle(tmp_path / "deltager", report=lambda _: None)
    (target / ".git").mkdir()
    before = sorted(str(p.relative_to(target)) for p in target.rglob("*"))
    monkeypatch.setattr(participant_edition, "TREE", participant_edition.TREE + ("solutions",))
    with pytest.raises(TeacherError, match="løsninger"):
        make_bundle(target, force=True, report=lambda _: None)
    assert sorted(str(p.relative_to(target)) for p in target.rglob("*")) == before


def test_the_bundle_readme_names_no_make_and_links_only_to_files_in_the_bundle(tmp_path):
    """Does the participant's README work in the bundle (no Makefile, no missing documents)?"""
    target = make_bundle(tmp_path / "deltager", report=lambda _: None)
    text = (target / "README.md").read_text(encoding="utf-8")
    assert not (target / "Makefile").exists()
    assert "make " not in text
    links = re.findall(r"\]\(([^)#]+)\)", text)
    assert links, "the README links to the start page"
    missing = [link for link in links if not (target / link).exists()]
    assert not missing, f"README links to files not in the bundle: {missing}"
    assert (target / MANIFEST).is_file()
