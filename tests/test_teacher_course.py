"""`digileder course init`, the roster, the CLI and the bundle for participants."""

from __future__ import annotations

import json
import shutil

import pytest

from digileder.teacher import cli, config, course_init, leaks
from digileder.teacher.bundle import make_bundle
from digileder.teacher.errors import TeacherError
from digileder.teacher.roster import read_roster
from tests.conftest import ROOT


def _quiet(_message: str) -> None:
    pass


def test_course_root_inside_the_repository_is_refused():
    with pytest.raises(TeacherError, match="må ikke komme med i git"):
        course_init.init_course(ROOT / "hold", report=_quiet)
    assert not (ROOT / "hold").exists()


def test_roster_errors_are_danish_and_list_every_bad_row(tmp_path):
    roster = tmp_path / "hold.csv"
    roster.write_text("id,first_name,last_name,email\n"
                      "anna,Anna,Holm,a@x.dk\n"
                      "anna,Anne,Berg,b@x.dk\n"
                      "søren k,Søren,Kirk,s@x.dk\n", encoding="utf-8")
    with pytest.raises(TeacherError) as err:
        read_roster(roster)
    message = str(err.value)
    assert "række 3: id 'anna' står allerede i række 2" in message
    assert "række 4: id 'søren k' er ikke gyldigt" in message


def test_roster_with_a_wrong_header_is_refused(tmp_path):
    roster = tmp_path / "hold.csv"
    roster.write_text("navn,email\nAnna,a@x.dk\n", encoding="utf-8")
    with pytest.raises(TeacherError, match="første linje skal være id,first_name"):
        read_roster(roster)


def test_course_init_writes_config_sources_data_and_roster(tmp_path):
    roster = tmp_path / "hold.csv"
    roster.write_text("id,first_name,last_name,email\nanna,Anna,Holm,a@x.dk\n"
                      "bo-1,Bo,Nielsen,b@x.dk\n", encoding="utf-8-sig")
    root = course_init.init_course(tmp_path / "hold", roster=roster, course_id="tm-2026",
                                   exchange=tmp_path / "exchange", timeout=15, report=_quiet)
    text = (root / "nbgrader_config.py").read_text(encoding="utf-8")
    for expected in ("course_id = 'tm-2026'", "Europe/Copenhagen", "timeout = 15",
                     "interrupt_on_timeout = True", "SKRIV DIN KODE HER", "SKRIV DIT SVAR HER",
                     str(tmp_path / "exchange"), "HideHiddenTests", "require_js_url = ''"):
        assert expected in text
    cfg = config.load_course_config(root)
    assert cfg.CourseDirectory.db_url == f"sqlite:///{root / 'gradebook.db'}"
    assert (root / "source" / "a1-laes-tallene" / "datasets" / "datapackage.json").is_file()
    from nbgrader.api import Gradebook

    with Gradebook(cfg.CourseDirectory.db_url) as gradebook:
        assert sorted(s.id for s in gradebook.students) == ["anna", "bo-1"]
        assert gradebook.find_student("anna").last_name == "Holm"
    with pytest.raises(TeacherError, match="allerede oprettet"):
        course_init.init_course(root, report=_quiet)


def test_course_init_opens_only_an_exchange_it_creates(tmp_path):
    """Is an existing private exchange left as it was (with a Danish note) instead of 1777?"""
    private, new = tmp_path / "private", tmp_path / "ny" / "exchange"
    private.mkdir(mode=0o700)
    notes: list[str] = []
    course_init.init_course(tmp_path / "a", exchange=private, report=notes.append)
    course_init.init_course(tmp_path / "b", exchange=new, report=_quiet)
    assert private.stat().st_mode & 0o7777 == 0o700
    assert any("chmod 1777" in note and "ændrer ikke" in note for note in notes)
    assert new.stat().st_mode & 0o7777 == 0o1777


def test_course_init_keeps_an_existing_gitignore_and_adds_its_line(tmp_path):
    """Does init into an existing folder keep the teacher's .gitignore lines (and run twice)?"""
    root = tmp_path / "hold"
    root.mkdir()
    (root / ".gitignore").write_text("noter/\n*.bak", encoding="utf-8")
    (root / "mine-noter.txt").write_text("behold mig", encoding="utf-8")
    course_init.init_course(root, report=_quiet)
    lines = (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["noter/", "*.bak"] and "*" in lines
    assert (root / "mine-noter.txt").read_text(encoding="utf-8") == "behold mig"
    assert course_init.merge_gitignore(root) == "uændret"
    assert (root / ".gitignore").read_text(encoding="utf-8").count("\n*\n") == 1


def test_an_assignment_the_teacher_changed_in_source_is_not_replaced(tmp_path):
    """Is a source/ assignment that exists kept, and an interrupted init re-runnable?"""
    root = tmp_path / "hold"
    mine = root / "source" / "a1-laes-tallene"
    mine.mkdir(parents=True)
    (mine / "a1-laes-tallene.ipynb").write_text("{}", encoding="utf-8")
    leftover = root / "source" / ".a2-business-case.abc.tmp"  # from a crashed copy
    leftover.mkdir()
    course_init.init_course(root, report=_quiet)
    assert (mine / "a1-laes-tallene.ipynb").read_text(encoding="utf-8") == "{}"
    assert (root / "source" / "a2-business-case" / "datasets" / "datapackage.json").is_file()


def test_an_init_interrupted_while_copying_can_simply_be_run_again(tmp_path, monkeypatch):
    """Does a crash half-way through copying leave a folder that a second init completes?"""
    real_copytree, calls = shutil.copytree, []

    def crash_on_the_second(src, dst, *args, **kwargs):
        calls.append(src)
        if len(calls) == 3:  # the second assignment's notebooks
            raise OSError("afbrudt")
        return real_copytree(src, dst, *args, **kwargs)

    monkeypatch.setattr(course_init.shutil, "copytree", crash_on_the_second)
    with pytest.raises(OSError):
        course_init.init_course(tmp_path / "hold", report=_quiet)
    monkeypatch.setattr(course_init.shutil, "copytree", real_copytree)
    assert not (tmp_path / "hold" / "nbgrader_config.py").exists()
    root = course_init.init_course(tmp_path / "hold", report=_quiet)
    for assignment in ("a1-laes-tallene", "a2-business-case", "a5-ledelsesplan"):
        assert (root / "source" / assignment / "datasets" / "datapackage.json").is_file()
    assert (root / "nbgrader_config.py").is_file()


@pytest.mark.parametrize("timeout", [0, -5])
def test_a_timeout_below_one_second_is_refused_in_danish(tmp_path, capsys, timeout):
    """Is --timeout 0 (nbclient: no timeout at all) refused before anything is made?"""
    with pytest.raises(TeacherError, match="mindst 1"):
        course_init.init_course(tmp_path / "a", timeout=timeout, report=_quiet)
    with pytest.raises(SystemExit) as exit_:
        cli.main(["course", "init", str(tmp_path / "b"), "--timeout", str(timeout)])
    assert exit_.value.code == 2
    assert "mindst 1" in capsys.readouterr().err
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_any_sqlalchemy_url_is_written_to_the_config(tmp_path):
    url = "postgresql://grader@db.example/digileder"
    text = config.config_text("x", tmp_path, url)
    assert f"c.CourseDirectory.db_url = {url!r}" in text


def test_cli_reports_errors_in_danish_without_traceback(tmp_path, capsys):
    code = cli.main(["course", "init", str(ROOT / "hold-via-cli")])
    assert code == 2
    assert "Fejl:" in capsys.readouterr().err
    assert not (ROOT / "hold-via-cli").exists()


def test_bundle_has_the_participant_tree_and_no_solutions(tmp_path):
    target = make_bundle(tmp_path / "deltager", report=_quiet)
    for name in ("modules", "datasets", "assignments", "src", "pyproject.toml", "README.md"):
        assert (target / name).exists(), name
    assert not (target / "solutions").exists()
    assert not (target / "tests").exists()
    assert leaks.secrets(ROOT / "solutions"), "the scan has something to look for"
    assert leaks.find_leaks(target, ROOT / "solutions") == []


def test_the_leak_scan_fails_on_a_solution_or_a_hidden_test(tmp_path):
    target = tmp_path / "deltager"
    shutil.copytree(ROOT / "assignments" / "a1-laes-tallene", target / "a1")
    assert leaks.find_leaks(target, ROOT / "solutions") == []
    source = json.loads((ROOT / "solutions" / "a1-laes-tallene" / "a1-laes-tallene.ipynb")
                        .read_text(encoding="utf-8"))
    hidden = next(c for c in source["cells"] if "HIDDEN" in "".join(c["source"]))
    body = "".join(hidden["source"]).split("\n")
    leaked = "\n".join(line for line in body if "HIDDEN" not in line)
    (target / "noter.md").write_text(leaked, encoding="utf-8")
    assert leaks.find_leaks(target, ROOT / "solutions")
    (target / "noter.md").write_text("x = 1", encoding="utf-8")
    solution = next(c for c in source["cells"] if "BEGIN SOLUTION" in "".join(c["source"]))
    (target / "kopi.ipynb").write_text(json.dumps({"cells": [solution]}), encoding="utf-8")
    assert any("løsningstekst" in leak or "markøren" in leak
               for leak in leaks.find_leaks(target, ROOT / "solutions"))


def test_bundle_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "deltager"
    target.mkdir()
    (target / "noget.txt").write_text("behold mig", encoding="utf-8")
    with pytest.raises(TeacherError, match="ikke tom"):
        make_bundle(target, force=True, report=_quiet)
    assert (target / "noget.txt").read_text(encoding="utf-8") == "behold mig"


def test_init_onto_a_file_is_a_danish_error_and_the_file_is_kept(tmp_path, capsys):
    """Are a course folder or an exchange that is really a file refused, untouched?"""
    a_file = tmp_path / "noter.txt"
    a_file.write_text("behold mig", encoding="utf-8")
    assert cli.main(["course", "init", str(a_file)]) == 2
    assert "er en fil, ikke en mappe" in capsys.readouterr().err
    assert cli.main(["course", "init", str(tmp_path / "hold"), "--exchange", str(a_file)]) == 2
    assert "er en fil, ikke en mappe" in capsys.readouterr().err
    assert a_file.read_text(encoding="utf-8") == "behold mig"
    assert not (tmp_path / "hold").exists()


def test_formgrader_shows_times_in_danish_time(tmp_path):
    """nbgrader's API (what formgrader shows) formats times in Danish time, not UTC: the
    same as_timezone + strftime its get_assignment and get_submissions use (no gradebook,
    which would cost seconds to create)."""
    from datetime import datetime

    from nbgrader.utils import as_timezone

    (tmp_path / "nbgrader_config.py").write_text(
        config.config_text("digileder", tmp_path / "exchange", None), encoding="utf-8")
    api = config.make_api(config.load_course_config(tmp_path))

    def shown(utc: datetime) -> str:
        return as_timezone(utc, api.timezone).strftime(api.timestamp_format)

    assert shown(datetime(2026, 12, 1, 11, 0)) == "01.12.2026 kl. 12.00 CET"
    assert shown(datetime(2026, 6, 1, 10, 0)) == "01.06.2026 kl. 12.00 CEST"
