"""Issue 18 (Run All): the course map is parsed once per kernel, not once per widget that
needs it (module 00 showed it twice: 0.25 + 0.5 s of pure-Python YAML), and an edited map is
read again."""

from __future__ import annotations

import os
import shutil

import pytest

from digileder import course, paths
from digileder.content import schema


@pytest.fixture
def course_map_copy(tmp_path, monkeypatch):
    shutil.copy(paths.datasets_dir() / "course_map.yml", tmp_path / "course_map.yml")
    monkeypatch.setattr(course, "datasets_dir", lambda: tmp_path)
    parsed = []
    real = schema.read_yaml
    monkeypatch.setattr(schema, "read_yaml", lambda path: parsed.append(path) or real(path))
    return tmp_path / "course_map.yml", parsed


def test_the_course_map_is_parsed_once_for_every_reader(course_map_copy):
    _, parsed = course_map_copy
    course.course_map()
    course.reading_speed()
    course.activity_minutes()
    course.course_map()
    assert len(parsed) == 1


def test_a_caller_that_changes_the_map_does_not_change_it_for_the_next(course_map_copy):
    first = course.course_map()
    first[0]["title"] = "ændret"
    first.pop()
    again = course.course_map()
    assert again[0]["title"] != "ændret" and len(again) == len(first) + 1


def test_an_edited_map_is_read_again_and_a_broken_one_is_still_reported(course_map_copy):
    path, parsed = course_map_copy
    course.course_map()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("reading_words_per_minute: 150", "reading_words_per_minute: 160"),
                    encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert course.reading_speed() == 160 and len(parsed) == 2
    path.write_text("modules: [", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(course.DataError):
            course.course_map()
