"""The answers store: atomic saves, broken files set aside, foreign files ignored, read-only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from digileder import answers, notes
from tests.conftest import failed_saves_in_two_processes

ROOT = Path(__file__).resolve().parents[1]


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_save_and_read_round_trip_leaves_no_temporary_files(answers_dir):
    """Does a save land in one file, with nothing else left behind?"""
    result = notes.save("01-kerneopgave", "Vi giver byggetilladelser.", "Din kerneopgave?")
    assert result.saved and result.message == ""
    assert notes.read("01-kerneopgave") == ("Vi giver byggetilladelser.", "")
    assert [p.name for p in (answers_dir / "refleksioner").iterdir()] == ["01-kerneopgave.json"]


def test_truncated_file_is_set_aside_with_a_danish_notice(answers_dir):
    """Is a half-written reflection kept, and is the participant told where it went?"""
    cut = '{"key": "01-kerneopgave", "text": "Vi giver byggetill'
    _write(answers_dir / "refleksioner" / "01-kerneopgave.json", cut)
    text, notice = notes.read("01-kerneopgave")
    assert text == ""
    aside = list((answers_dir / "refleksioner").glob("01-kerneopgave.beskadiget-*.json"))
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == cut
    assert "kunne ikke læses" in notice and aside[0].name in notice
    # The next save starts a new file and leaves the set-aside copy alone.
    assert notes.save("01-kerneopgave", "Ny tekst").saved
    assert aside[0].read_text(encoding="utf-8") == cut
    assert notes.load("01-kerneopgave") == "Ny tekst"


def test_a_file_saved_with_a_bom_is_read_not_set_aside(answers_dir):
    """Windows Notepad and Excel put a byte-order mark first; the answer is still whole."""
    text = json.dumps({"key": "01-kerneopgave", "text": "Vi giver byggetilladelser."})
    path = _write(answers_dir / "refleksioner" / "01-kerneopgave.json",
                  "\ufeff".encode() + text.encode())
    assert notes.read("01-kerneopgave") == ("Vi giver byggetilladelser.", "")
    assert [p.name for p in path.parent.iterdir()] == ["01-kerneopgave.json"]
    assert notes.save("01-kerneopgave", "Ny tekst").saved
    assert notes.load("01-kerneopgave") == "Ny tekst"


def test_save_never_overwrites_an_unread_broken_file(answers_dir):
    """Is a broken file set aside even when nobody read it before saving?"""
    path = _write(answers_dir / "budskab.json", "{ikke json")
    result = answers.write_json("budskab.json", {"situation": "Ny"})
    assert result.saved and result.set_aside is not None
    assert result.set_aside.read_text(encoding="utf-8") == "{ikke json"
    assert json.loads(path.read_text(encoding="utf-8")) == {"situation": "Ny"}


@pytest.mark.parametrize("content", ['{"text": 123}', '["en liste"]', '"tekst"', "null"])
def test_wrong_json_types_are_set_aside_not_shown_as_empty(answers_dir, content):
    """Do files with the wrong JSON types give a notice instead of a traceback?"""
    _write(answers_dir / "refleksioner" / "02-tal.json", content)
    text, notice = notes.read("02-tal")
    assert text == "" and "beskadiget" in notice
    assert notes.load_all() == {}


def test_mac_resource_files_and_folders_are_ignored(answers_dir):
    """Are `._*` files (macOS copies) and folders named *.json left out, without errors?"""
    notes.save("01-kerneopgave", "Min tekst", "Spørgsmål")
    folder = answers_dir / "refleksioner"
    _write(folder / "._01-kerneopgave.json", b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X\xff\xfe")
    (folder / "x.json").mkdir()
    _write(folder / ".01-kerneopgave.json.abc123.tmp", "{")
    assert list(notes.load_all()) == ["01-kerneopgave"]
    assert [p.name for p in answers.list_files("refleksioner")] == ["01-kerneopgave.json"]
    assert (folder / "._01-kerneopgave.json").exists()  # not ours: never touched


def test_a_folder_where_the_file_should_be_gives_a_danish_message(answers_dir):
    """Does a folder named like an answer file stop the save with a clear message?"""
    (answers_dir / "refleksioner" / "03-mappe.json").mkdir(parents=True)
    text, notice = notes.read("03-mappe")
    assert text == "" and "er en mappe" in notice
    result = notes.save("03-mappe", "Tekst")
    assert not result.saved and "mappe" in result.message and "Omdøb" in result.message
    assert (answers_dir / "refleksioner" / "03-mappe.json").is_dir()


def test_two_kernels_saving_the_same_answer_never_fail(answers_dir):
    """Do 200 saves from two processes at once all succeed and leave one valid file?"""
    def save(worker, number):
        return notes.save("01-kerneopgave", f"kerne {worker}-{number}")

    assert failed_saves_in_two_processes(answers_dir, save, 100) == [0, 0]
    assert notes.load("01-kerneopgave").startswith("kerne ")
    assert [p.name for p in (answers_dir / "refleksioner").iterdir()] == ["01-kerneopgave.json"]


READ_ONLY_CHECK = """
import os, sys
from digileder import notes, reflection
os.environ["DIGILEDER_ANSWERS_DIR"] = sys.argv[1]
result = notes.save("01-kerneopgave", "Tekst")
assert not result.saved, result
print(result.message)
view = reflection.ReflectionView("01-kerneopgave", "Spørgsmål")
view.box.value = "Jeg skriver videre"
assert view.autosave.flush() is False
print(view.status.value)
"""


def test_read_only_answers_folder_gives_one_danish_message(tmp_path):
    """Does a read-only mine-svar give a Danish message while the box keeps working?"""
    folder = tmp_path / "mine-svar"
    folder.mkdir()
    folder.chmod(0o555)
    command = [sys.executable, "-c", READ_ONLY_CHECK, str(folder)]
    if os.geteuid() == 0:  # root ignores file modes: mount the folder read-only instead
        mount = (f'mount --bind "{folder}" "{folder}" && '
                 f'mount -o remount,bind,ro "{folder}" && exec "$@"')
        command = ["unshare", "--mount", "sh", "-c", mount, "sh", *command]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "ikke gemt" in done.stdout and "skriveadgang" in done.stdout
    assert "Traceback" not in done.stderr
    assert list(folder.iterdir()) == []


def test_reading_does_not_create_the_answers_folder(answers_dir):
    """Can a participant open a module in a read-only course folder (no mkdir on read)?"""
    assert notes.load_all() == {} and notes.load("01-kerneopgave") == ""
    assert not answers_dir.exists()


def test_stale_temporary_files_of_a_killed_kernel_are_removed_and_nothing_else(answers_dir):
    """A kernel killed in the middle of a save leaves .NAME.XXXXXXXX.tmp behind. Does the store
    remove its own old ones when it starts, and keep a save in progress and foreign files?"""
    answer = _write(answers_dir / "refleksioner" / "01-kerneopgave.json", '{"text": "Behold"}')
    stale = [  # what this store writes (today's name, and the name before TEMP_MARK)
        _write(answers_dir / "refleksioner" / ".01-kerneopgave.json.k2j4h5g6.digileder.tmp",
               '{"text": "Halv'),
        _write(answers_dir / "refleksioner" / ".01-kerneopgave.json.a1b2c3d4.tmp", "{"),
        _write(answers_dir / ".budskab.json.zz99yy88.digileder.tmp", "{"),
    ]
    foreign = [  # not ours: another program's, or an old-style name with no answer beside it
        _write(answers_dir / ".noter.md.a1b2c3d4.tmp", "mine noter"),
        _write(answers_dir / "min-fil.tmp", "tekst"),
        _write(answers_dir / "refleksioner" / ".vim-swap.tmp", "x"),
    ]
    hour_ago = time.time() - 3600
    for path in stale + foreign:
        os.utime(path, (hour_ago, hour_ago))
    fresh = _write(answers_dir / ".budskab.json.aa11bb22.digileder.tmp", "{")  # a save right now

    answers.list_files("refleksioner")  # the first use of the store in this folder
    assert [p.name for p in stale if p.exists()] == []
    assert all(p.exists() for p in [*foreign, fresh])
    assert answer.read_text(encoding="utf-8") == '{"text": "Behold"}'


def test_clean_up_where_nothing_may_be_deleted_still_reads(answers_dir, monkeypatch):
    """Does the clean-up give up quietly where it may not delete, and reading still work?"""
    _write(answers_dir / "budskab.json", '{"situation": "Gammel"}')
    stale = _write(answers_dir / ".budskab.json.a1b2c3d4.digileder.tmp", "{")
    os.utime(stale, (1, 1))

    def refuse(self, missing_ok=False):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "unlink", refuse)
    assert answers.read_json("budskab.json").data == {"situation": "Gammel"}
    assert stale.exists()


def test_an_answer_that_cannot_be_read_is_never_overwritten(answers_dir, monkeypatch):
    """A saved answer the participant may not read (owned by another user) stays as it is."""
    from digileder.answers import store

    saved = answers_dir / "refleksioner" / "01-kerneopgave.json"
    _write(saved, json.dumps({"text": "MIN VIGTIGE TEKST"}))
    real_read = Path.read_bytes

    def read_bytes(path):
        if path == saved:
            raise PermissionError(13, "Permission denied")
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = store.write_text("refleksioner/01-kerneopgave.json", json.dumps({"text": "ny"}))
    assert not result.saved and "ikke overskrevet" in result.message
    assert "Permission" not in result.message
    monkeypatch.setattr(Path, "read_bytes", real_read)
    assert "MIN VIGTIGE TEKST" in saved.read_text(encoding="utf-8")


@pytest.mark.parametrize(("code", "danish"), [(28, "ikke er mere plads"), (20, "skulle være")])
def test_a_failed_save_is_explained_in_danish(answers_dir, monkeypatch, code, danish):
    from digileder.answers import store

    def replace(_src, _dst):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(store.os, "replace", replace)
    result = store.write_text("refleksioner/01-kerneopgave.json", "{}")
    assert not result.saved and danish in result.message
    assert os.strerror(code) not in result.message
