"""Copying and removing folders a participant shaped: no symlink followed, no recursion,
bounded (issue 14)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from digileder.teacher import forkserver, grade_leftovers
from digileder.teacher.safe_tree import Limits, UnsafeTree, copy_tree, entry_problem, remove_tree
from tests.fixtures.hostile_trees import deep_folder, temporary_folder


@pytest.fixture
def tmp():
    with temporary_folder() as folder:
        yield folder


def _locked_deep_tree(base: Path) -> Path:
    """1500 levels, with a symlink out of the tree and folders nobody may list or write."""
    outside = base / "udenfor"
    outside.mkdir()
    (outside / "gradebook.db").write_text("karakterer")
    tree = base / "træ"
    tree.mkdir()
    (tree / "link").symlink_to(outside)
    (tree / "fil-link").symlink_to(outside / "gradebook.db")
    deep_folder(tree, 1500)
    (tree / "laast" / "indeni").mkdir(parents=True)
    (tree / "laast" / "indeni" / "x").write_text("x")
    (tree / "laast" / "indeni").chmod(0o000)
    (tree / "laast").chmod(0o311)
    return tree


@pytest.mark.parametrize("remove", [remove_tree, forkserver.remove])
def test_a_deep_locked_tree_is_removed_without_following_a_symlink(tmp, remove):
    tree = _locked_deep_tree(tmp)
    remove(tree)
    assert not tree.exists() and not tree.is_symlink()
    assert (tmp / "udenfor" / "gradebook.db").read_text() == "karakterer"


def test_removing_a_symlink_or_file_removes_only_it(tmp):
    (tmp / "mappe").mkdir()
    (tmp / "mappe" / "f").write_text("x")
    (tmp / "link").symlink_to(tmp / "mappe")
    remove_tree(tmp / "link")
    remove_tree(tmp / "mappe" / "f")
    remove_tree(tmp / "findes-ikke")
    assert not (tmp / "link").is_symlink() and list((tmp / "mappe").iterdir()) == []


def test_a_killed_graders_deep_folder_is_cleaned_up_and_later_runs_go_on(tmp):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp / f"digileder-grade-{dead.pid}-dyb"
    stale.mkdir()
    _locked_deep_tree(stale)
    assert grade_leftovers.clean_stale(tmp) == [stale]
    assert not stale.exists()
    assert grade_leftovers.clean_stale(tmp) == []


def test_a_plain_tree_is_copied_with_contents_and_times(tmp):
    src = tmp / "aflevering"
    (src / "data").mkdir(parents=True)
    (src / "a1.ipynb").write_bytes(b'{"cells": []}')
    (src / "data" / "tal.csv").write_text("a,b\n1,2\n")
    os.utime(src / "a1.ipynb", (1_700_000_000, 1_700_000_000))
    copy_tree(src, tmp / "kopi")
    assert (tmp / "kopi" / "a1.ipynb").read_bytes() == b'{"cells": []}'
    assert (tmp / "kopi" / "data" / "tal.csv").read_text() == "a,b\n1,2\n"
    assert (tmp / "kopi" / "a1.ipynb").stat().st_mtime == 1_700_000_000


@pytest.mark.parametrize("shape, limits, named", [
    ("link", Limits(), "«a/link» er en genvej"),
    ("fifo", Limits(), "«a/koe» er ikke en almindelig fil"),
    ("deep", Limits(depth=3), "ligger mere end 3 mapper nede"),
    ("many", Limits(entries=20), "mere end 20 filer og mapper"),
    ("big", Limits(bytes=1000), "fylder mere end"),
])
def test_what_cannot_be_copied_is_refused_in_danish(tmp, shape, limits, named):
    src = tmp / "aflevering"
    (src / "a").mkdir(parents=True)
    if shape == "link":
        (src / "a" / "link").symlink_to("/proc/self/environ")
    elif shape == "fifo":
        os.mkfifo(src / "a" / "koe")
    elif shape == "deep":
        deep_folder(src / "a", 10)
    elif shape == "many":
        for i in range(30):
            (src / "a" / f"f{i}").write_text("x")
    else:
        (src / "a" / "stor").write_bytes(b"x" * 5000)
    with pytest.raises(UnsafeTree) as refused:
        copy_tree(src, tmp / "kopi", limits)
    assert named in refused.value.reason


def test_a_hand_in_that_is_itself_a_symlink_is_refused(tmp):
    (tmp / "andens").mkdir()
    (tmp / "min").symlink_to(tmp / "andens")
    with pytest.raises(UnsafeTree, match="«min» er en genvej"):
        copy_tree(tmp / "min", tmp / "kopi")


def test_a_hard_link_is_refused_only_when_another_user_owns_the_file():
    def info(links: int, uid: int) -> os.stat_result:
        return os.stat_result((stat.S_IFREG | 0o644, 1, 1, links, uid, 0, 10, 0, 0, 0))

    assert "hård henvisning" in entry_problem(info(2, 0), "karakterer.db", owner=1000)
    assert entry_problem(info(2, 1000), "kopi.ipynb", owner=1000) is None
    assert entry_problem(info(1, 1000), "a1.ipynb", owner=1000) is None
