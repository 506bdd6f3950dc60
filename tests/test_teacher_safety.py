"""Audit of the teacher commands that write or delete: only their own files, atomically."""

from __future__ import annotations

import os
import shutil

import pytest

from digileder.teacher import atomic, generate
from tests.conftest import ROOT


@pytest.fixture
def small_repo(tmp_path, monkeypatch):
    """A repository copy with one (manually graded, quick) assignment in solutions/."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "solutions" / "a3-min-rolle", repo / "solutions" / "a3-min-rolle")
    monkeypatch.setattr(generate, "repo_root", lambda: repo)
    monkeypatch.setattr(generate, "solutions_dir", lambda: repo / "solutions")
    return repo


def test_assignments_generate_keeps_a_folder_it_did_not_make(small_repo):
    """Does `assignments generate` name, not delete, a folder that is not in solutions/?"""
    mine = small_repo / "assignments" / "min-egen-opgave"
    mine.mkdir(parents=True)
    (mine / "noter.md").write_text("behold mig", encoding="utf-8")
    old = small_repo / "assignments" / "a3-min-rolle"
    old.mkdir()
    (old / "forældet.ipynb").write_text("{}", encoding="utf-8")
    messages: list[str] = []
    generate.regenerate(report=messages.append)
    assert (mine / "noter.md").read_text(encoding="utf-8") == "behold mig"
    assert any("min-egen-opgave" in m and "sletter" in m for m in messages)
    assert sorted(p.name for p in old.iterdir()) == ["a3-min-rolle.ipynb"]
    assert [p.name for p in (small_repo / "assignments").iterdir()
            if p.name.startswith(".")] == []


def test_a_failed_generate_leaves_the_committed_release_untouched(small_repo, monkeypatch):
    """If copying the new version fails half-way, is the old assignments/ folder intact?"""
    old = small_repo / "assignments" / "a3-min-rolle"
    old.mkdir(parents=True)
    (old / "a3-min-rolle.ipynb").write_text("gammel", encoding="utf-8")

    def broken_copy(*_args, **_kwargs):
        raise OSError("disken er fuld")

    real_copytree = shutil.copytree
    monkeypatch.setattr(generate.shutil, "copytree", lambda src, dst, *args, **kw: (
        broken_copy() if "release" in str(src) else real_copytree(src, dst, *args, **kw)))
    with pytest.raises(OSError, match="disken er fuld"):
        generate.regenerate(report=lambda _m: None)
    assert (old / "a3-min-rolle.ipynb").read_text(encoding="utf-8") == "gammel"
    assert [p.name for p in (small_repo / "assignments").iterdir()] == ["a3-min-rolle"]


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "karakterer.csv"
    target.write_text("gammel", encoding="utf-8")
    monkeypatch.setattr(os, "replace", lambda *_a: (_ for _ in ()).throw(OSError("afbrudt")))
    with pytest.raises(OSError):
        atomic.write_text(target, "ny")
    assert target.read_text(encoding="utf-8") == "gammel"
    assert [p.name for p in tmp_path.iterdir()] == ["karakterer.csv"]


def test_build_folder_never_replaces_an_existing_folder(tmp_path):
    dest = tmp_path / "a1"
    dest.mkdir()
    (dest / "mit.txt").write_text("behold", encoding="utf-8")
    with pytest.raises(FileExistsError):
        atomic.build_folder(dest, lambda tmp: (tmp / "ny.txt").write_text("x"))
    assert [p.name for p in dest.iterdir()] == ["mit.txt"]


def test_a_file_system_error_is_a_danish_sentence_not_a_traceback(tmp_path, capsys):
    """Does `digileder export --out` below a file end in Danish, exit 2, and no traceback?"""
    from digileder import cli as main_cli
    from digileder.teacher import course_init

    root = course_init.init_course(tmp_path / "hold", report=lambda _m: None)
    blocker = tmp_path / "en-fil.txt"
    blocker.write_text("x", encoding="utf-8")
    code = main_cli.main(["export", "--course", str(root), "--out", str(blocker / "ud")])
    err = capsys.readouterr().err
    assert code == 2
    assert "en del af stien er en fil" in err and "Traceback" not in err


def test_a_gradebook_that_cannot_be_opened_is_a_danish_error(tmp_path, capsys):
    from digileder.teacher import cli, course_init

    root = course_init.init_course(tmp_path / "hold", db_url="postgresql://bo:hemmelig@127.0.0.1:1/x",
                                   report=lambda _m: None)
    assert cli.main(["roster", "add", "eva", "--course", str(root)]) == 2
    err = capsys.readouterr().err
    assert "Karakterbogen postgresql://bo:***@127.0.0.1:1/x kan ikke åbnes" in err
    assert "hemmelig" not in err
