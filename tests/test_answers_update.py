"""answers.update_json: read, change and write one answer file under the folder's lock, so an
activity that adds to a file (the maturity history) never loses another kernel's addition."""

from __future__ import annotations

import json
from pathlib import Path

from digileder import answers
from tests.conftest import failed_saves_in_two_processes

NAME = "liste.json"


def _is_list(content: dict) -> bool:
    return isinstance(content.get("items"), list)


def _add(item):
    def change(content):
        return {"items": [*(content["items"] if content else []), item]}
    return change


def test_two_kernels_adding_at_once_keep_every_addition(answers_dir):
    """Do 2 x 60 additions from two processes at once all end in the file?"""
    def add(worker, number):
        return answers.update_json(NAME, _add(f"{worker}-{number}"), _is_list)

    assert failed_saves_in_two_processes(answers_dir, add, 60) == [0, 0]
    items = json.loads((answers_dir / NAME).read_text(encoding="utf-8"))["items"]
    assert sorted(items) == sorted(f"{w}-{n}" for w in range(2) for n in range(60))
    assert [p.name for p in answers_dir.iterdir()] == [NAME]


def test_a_broken_file_is_set_aside_and_the_change_starts_from_nothing(answers_dir):
    answers_dir.mkdir()
    (answers_dir / NAME).write_text('{"items": [1, ', encoding="utf-8")
    result = answers.update_json(NAME, _add("ny"), _is_list)
    assert result.saved and result.set_aside is not None
    assert result.set_aside.read_text(encoding="utf-8") == '{"items": [1, '
    assert result.set_aside.name in result.message
    assert json.loads((answers_dir / NAME).read_text(encoding="utf-8")) == {"items": ["ny"]}


def test_a_file_of_another_shape_is_never_overwritten_unread(answers_dir):
    answers_dir.mkdir()
    (answers_dir / NAME).write_text('{"noget": "andet"}', encoding="utf-8")
    assert answers.update_json(NAME, _add("ny"), _is_list).saved
    kept = [p for p in answers_dir.iterdir() if p.name != NAME]
    assert [p.read_text(encoding="utf-8") for p in kept] == ['{"noget": "andet"}']


def test_a_file_that_cannot_be_read_stops_the_save_with_a_danish_message(answers_dir,
                                                                          monkeypatch):
    answers_dir.mkdir()
    path = answers_dir / NAME
    path.write_text('{"items": ["gammel"]}', encoding="utf-8")
    real_read = Path.read_bytes

    def no_access(self):  # what chmod 000 does (the tests may run as root)
        if self.name == NAME:
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", no_access)
    result = answers.update_json(NAME, _add("ny"), _is_list)
    monkeypatch.setattr(Path, "read_bytes", real_read)
    assert not result.saved and "ikke gemt" in result.message and "ingen adgang" in result.message
    assert "Permission" not in result.message
    assert path.read_text(encoding="utf-8") == '{"items": ["gammel"]}'


def test_a_folder_where_the_file_should_be_is_left_alone(answers_dir):
    (answers_dir / NAME).mkdir(parents=True)
    result = answers.update_json(NAME, _add("ny"), _is_list)
    assert not result.saved and "er en mappe" in result.message
    assert (answers_dir / NAME).is_dir() and not list(answers_dir.glob(".*"))


def test_an_answers_folder_that_is_a_file_gives_a_danish_message(tmp_path, monkeypatch):
    blocker = tmp_path / "mine-svar"
    blocker.write_text("ikke en mappe", encoding="utf-8")
    monkeypatch.setenv("DIGILEDER_ANSWERS_DIR", str(blocker))
    result = answers.update_json(NAME, _add("ny"), _is_list)
    assert not result.saved and "mine-svar" in result.message and "Omdøb" in result.message
    assert blocker.read_text(encoding="utf-8") == "ikke en mappe"
