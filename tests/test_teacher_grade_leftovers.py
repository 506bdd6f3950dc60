"""The next `digileder grade` removes what a killed grader left in the temporary folder, and
nothing else (issue 14)."""

from __future__ import annotations

import os
import subprocess
import sys

from digileder.teacher import grade_leftovers, stale_folders


def _dead_pid() -> int:
    done = subprocess.Popen([sys.executable, "-c", "pass"])
    done.wait()
    return done.pid


def test_only_our_own_folders_of_dead_graders_are_removed(tmp_path):
    """Is a killed grader's folder removed, even one a submission made unreadable, while a
    running grader's, another user's, an old-style name and other files stay?"""
    dead = _dead_pid()
    stale = tmp_path / f"digileder-grade-{dead}-ab12_cd"
    locked = stale / "kernels-x" / "digileder-sandkasse-y" / "s" / ".ipython"
    locked.mkdir(parents=True)
    (locked / "startup.py").write_text("x")
    locked.chmod(0o311)  # cannot be listed
    running = tmp_path / f"digileder-grade-{os.getpid()}-ef34"
    old_style = tmp_path / "digileder-grade-qw8e9r"
    other_name = tmp_path / f"digileder-gradebook-{dead}-x"
    link = tmp_path / f"digileder-grade-{dead}-link"
    for folder in (running, old_style, other_name):
        folder.mkdir()
    (tmp_path / "elsewhere").mkdir()
    link.symlink_to(tmp_path / "elsewhere")
    file = tmp_path / f"digileder-grade-{dead}-file"
    file.write_text("x")
    others = []
    if os.geteuid() == 0:  # root can make a folder of another user to leave alone
        theirs = tmp_path / f"digileder-grade-{dead}-theirs"
        theirs.mkdir()
        os.chown(theirs, 65534, 65534)
        others.append(theirs)
    removed = grade_leftovers.clean_stale(tmp_path)
    assert removed == [stale] and not stale.exists()
    for kept in (running, old_style, other_name, link, file, tmp_path / "elsewhere", *others):
        assert kept.exists() or kept.is_symlink(), kept


def test_a_graders_own_folder_has_the_name_the_clean_up_looks_for(tmp_path):
    import tempfile

    made = tempfile.mkdtemp(prefix=grade_leftovers.work_prefix(), dir=tmp_path)
    assert stale_folders.pattern(grade_leftovers.PREFIX).fullmatch(os.path.basename(made))
    assert grade_leftovers.clean_stale(tmp_path) == []  # its grader (this test) is running

