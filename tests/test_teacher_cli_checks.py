"""Small slips a new coordinator meets: lower-cased ids said aloud, option-like ids and
--workers 0 refused in Danish, course init into a non-empty folder, the sandbox limits in
the generated config, and "uden for" spelled as two words."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from digileder.teacher import cli, config, course_init
from digileder.teacher.errors import TeacherError
from digileder.teacher.sandbox import Sandbox
from tests.conftest import ROOT

GUIDE = ROOT / "docs" / "underviservejledning.md"


def _quiet(_message: str) -> None:
    pass


@pytest.fixture
def course(tmp_path):
    return course_init.init_course(tmp_path / "hold", report=_quiet)


def test_roster_add_says_that_an_id_was_stored_in_lower_case(course, capsys):
    assert cli.main(["roster", "add", "Anne", "--course", str(course)]) == 0
    said = capsys.readouterr().out
    assert "Anne → anne" in said and "små bogstaver" in said
    assert cli.main(["roster", "add", "bo", "--course", str(course)]) == 0
    assert "små bogstaver" not in capsys.readouterr().out


@pytest.mark.parametrize("args", [["-rf"], ["--", "-rf"], []])
def test_an_option_like_or_missing_id_is_explained_in_danish(tmp_path, capsys, args):
    """Does `roster add -rf` say what a valid id is (not only 'du mangler at angive: ID')?"""
    try:
        code = cli.main(["roster", "add", "--course", str(tmp_path), *args])
    except SystemExit as done:
        code = done.code
    assert code == 2
    err = capsys.readouterr().err
    assert "start med et bogstav eller tal" in err and "Traceback" not in err
    assert "usage" not in err and "error" not in err


@pytest.mark.parametrize("workers", ["0", "-2", "mange"])
def test_grade_refuses_fewer_than_one_worker_in_danish(tmp_path, capsys, workers):
    with pytest.raises(SystemExit) as done:
        cli.main(["grade", "a1-laes-tallene", "--course", str(tmp_path), "--workers", workers])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert f"'{workers}' er ikke et helt tal på mindst 1" in err
    assert list(tmp_path.iterdir()) == []


def test_course_init_into_a_non_empty_folder_adds_only_and_says_what_it_left(tmp_path):
    """Is a folder with the teacher's own files accepted, every file kept byte for byte,
    and the teacher told what was there?"""
    root = tmp_path / "hold"
    (root / "noter").mkdir(parents=True)
    (root / "noter" / "plan.md").write_text("min plan", encoding="utf-8")
    (root / "source" / "a3-min-rolle").mkdir(parents=True)
    (root / "source" / "a3-min-rolle" / "a3-min-rolle.ipynb").write_text("{}", encoding="utf-8")
    said: list[str] = []
    course_init.init_course(root, report=said.append)
    assert (root / "noter" / "plan.md").read_text(encoding="utf-8") == "min plan"
    assert (root / "source" / "a3-min-rolle" / "a3-min-rolle.ipynb").read_text(
        encoding="utf-8") == "{}"
    assert any("ikke tom" in line and "noter, source" in line and "overskrevet" in line
               for line in said)


def test_course_init_refuses_the_home_folder_itself(tmp_path, monkeypatch):
    """`course init ~` would spread the course over the home folder and make git ignore it."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    with pytest.raises(TeacherError, match="hele din hjemmemappe"):
        course_init.init_course(home, report=_quiet)
    assert list(home.iterdir()) == []


def test_the_generated_config_names_every_sandbox_limit_with_danish_help(tmp_path):
    text = config.config_text("x", tmp_path / "exchange", None)
    traits = Sandbox.class_traits(config=True)
    assert traits, "the sandbox has limits to name"
    for name, trait in traits.items():
        assert f"# c.Sandbox.{name} = {trait.default_value!r}" in text, name
        assert trait.help.split()[0] in text
    named_in_guide = set(re.findall(r"`(c\.Sandbox\.\w+)`", GUIDE.read_text(encoding="utf-8")))
    assert named_in_guide and all(f"# {line} = " in text for line in named_in_guide)


def test_an_uncommented_sandbox_line_is_read_by_the_sandbox(tmp_path):
    text = config.config_text("x", tmp_path / "exchange", None)
    assert "# c.Sandbox.memory_mib = 1536" in text
    (tmp_path / "nbgrader_config.py").write_text(
        text.replace("# c.Sandbox.memory_mib = 1536", "c.Sandbox.memory_mib = 2048"),
        encoding="utf-8")
    assert Sandbox(config=config.load_course_config(tmp_path)).memory_mib == 2048


def test_uden_for_is_two_words_in_the_course_text():
    """'uden for' (preposition) in everything a teacher or participant reads from here."""
    found = []
    for folder in ("src", "docs", "modules", "solutions", "assignments"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".py", ".md", ".ipynb", ".html", ".yml", ".j2"}:
                text = path.read_text(encoding="utf-8", errors="replace")
                found += [f"{path.relative_to(ROOT)}" for _ in re.findall(r"\budenfor\b", text)]
    found += ["README.md" for _ in re.findall(r"\budenfor\b", (ROOT / "README.md").read_text(
        encoding="utf-8"))]
    assert found == []


def test_an_exchange_behind_a_closed_folder_is_named(tmp_path):
    """pytest's tmp folders are 0700, like a home folder on a hub: participants could not
    reach an exchange under them. Is that said (and nothing chmod-ed)?"""
    closed = tmp_path / "hjem"
    closed.mkdir(mode=0o700)
    os.chmod(closed, 0o700)
    said: list[str] = []
    course_init.init_course(closed / "hold", report=said.append)
    assert any("kan ikke komme gennem" in line and f"{closed} (700)" in line for line in said)
    assert closed.stat().st_mode & 0o777 == 0o700
    open_base = Path(tempfile.mkdtemp(prefix="digileder-aaben-"))
    try:
        os.chmod(open_base, 0o755)
        said.clear()
        course_init.init_course(open_base / "hold", report=said.append)
        assert not any("kan ikke komme gennem" in line for line in said)
    finally:
        shutil.rmtree(open_base)


def test_status_outside_a_course_says_so_instead_of_a_missing_assignment(tmp_path, capsys,
                                                                         monkeypatch):
    """`status A` in (or --course to) a folder that is no course root names that, not A."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DIGILEDER_TEACHER_COURSE", raising=False)
    assert cli.main(["status", "a1-laes-tallene"]) == 2
    err = capsys.readouterr().err
    assert "Du står ikke i en kursusmappe" in err and "Opgaven" not in err
    for command in (["status", "a1-laes-tallene"], ["grade", "a1-laes-tallene"],
                    ["collect", "a1-laes-tallene"], ["export"]):
        assert cli.main([*command, "--course", str(tmp_path)]) == 2
        err = capsys.readouterr().err
        assert "er ikke holdets mappe" in err and "nbgrader_config.py" in err, command
        assert "Opgaven" not in err, command


def test_a_table_piped_into_head_ends_quietly(course, capsys, monkeypatch):
    """`digileder status A | head`: the reader is gone before we write. No 'Broken pipe',
    no traceback; the exit status is the one a shell shows for a closed pipe (141), and
    nothing is left to fail when Python flushes its output at exit."""
    import sys

    from digileder import cli as digileder_cli

    for main in (cli.main, digileder_cli.main):
        read_end, write_end = os.pipe()
        os.close(read_end)  # as head does once it has its lines: every write now fails
        with os.fdopen(write_end, "w") as closed:  # block-buffered, as a pipe is
            monkeypatch.setattr(sys, "stdout", closed)
            assert main(["status", "a1-laes-tallene", "--course", str(course)]) == 141
            sys.stdout.flush()  # what Python does at exit: must not raise
            monkeypatch.undo()
        assert capsys.readouterr().err == ""
