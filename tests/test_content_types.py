"""Every value in every course file the activities load, replaced by a value of the wrong
type (a number, a list, a mapping, true, nothing, a 400-digit number), gives either a clean
result or a Danish problem naming the file: never a traceback, never a raw Python list shown.

The mutations are made from the real files in datasets/, so a field added later is covered
without touching this test.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import math
import re
import shutil
from pathlib import Path

import pytest
import yaml

from digileder import burnout_check, course, glossary, maturity, task_sort, values_compass
from digileder import business_case as bc
from digileder import data as course_data
from digileder.errors import DataError
from digileder.paths import datasets_dir
from digileder.scenarios import validate as scenario_files

HOSTILE_VALUES = {
    "number": 5,
    "list": ["a"],
    "mapping": {"a": 1},
    "true": True,
    "nothing": None,
    "400 nines": int("9" * 400),
}
# What a raw list or mapping looks like when it is shown as text (the bug: "title: [a, b]").
RAW = ("['a']", "{'a': 1}")


def _files() -> dict[str, tuple[Path, object]]:
    """name -> (the real file, a function that loads a file of that kind from a path)."""
    root = datasets_dir()
    files = {
        "smart_city_values.yml": values_compass.load_values,
        "burnout_signs.yml": burnout_check.load_signs,
        "task_sort.yml": task_sort.load_tasks,
        "glossary.yml": glossary.load,
        "maturity.yml": maturity.load_items,
        "course_map.yml": lambda path: course.course_map(),
        "business_cases/ipads-i-vej-og-park.yml": lambda path: bc.load_case(path.stem),
        "scenarios/sensorer-i-byen.yml": scenario_files.load,
    }
    return {name: (root / name, load) for name, load in files.items()}


def _leaves(data, path=()):
    """The path of every plain value; of a list only the first item (the others are alike)."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(data, list):
        if data:
            yield from _leaves(data[0], (*path, 0))
    else:
        yield path


def _kinds_of_field(data):
    """One path per kind of field: a scenario's situations all have 'tekst' at the same depth,
    so one of them stands for all (keeps the test at a few seconds)."""
    seen = set()
    for path in _leaves(data):
        kind = (path[0], len(path), path[-1])
        if kind not in seen:
            seen.add(kind)
            yield path


def _replaced(data, path, value):
    changed = copy.deepcopy(data)
    place = changed
    for step in path[:-1]:
        place = place[step]
    place[path[-1]] = value
    return changed


def _point_loaders_at(tmp_path: Path, monkeypatch) -> None:
    """course_map.yml and the business cases are found by folder, not by path."""
    monkeypatch.setattr("digileder.course.datasets_dir", lambda: tmp_path)
    monkeypatch.setattr("digileder.business_case.content.cases_dir", lambda: tmp_path)


@pytest.mark.parametrize("name", list(_files()))
def test_a_wrong_type_anywhere_in_a_course_file_is_a_danish_problem(tmp_path, monkeypatch,
                                                                     name):
    """Does each loader answer every wrong-typed value with a clean result or a Danish
    DataError/ScenarioError naming the file? (A list as title was shown raw; `id: true`,
    `preset_question: [a]` and an amount of 400 nines gave tracebacks.)"""
    source, load = _files()[name]
    original = yaml.safe_load(source.read_text(encoding="utf-8"))
    _point_loaders_at(tmp_path, monkeypatch)
    target = tmp_path / source.name
    failures, tried = [], 0
    for number, path in enumerate(_kinds_of_field(original)):
        # list, true and 400 nines for every field; the other three take turns (speed)
        kinds = ["list", "true", "400 nines", ("number", "mapping", "nothing")[number % 3]]
        for kind in kinds:
            value = HOSTILE_VALUES[kind]
            tried += 1
            target.write_text(yaml.safe_dump(_replaced(original, path, value),
                                             allow_unicode=True), encoding="utf-8")
            try:
                result = load(target)
            except (DataError, scenario_files.ScenarioError) as err:
                if source.name not in str(err) or "Traceback" in str(err):
                    failures.append((path, kind, f"message without the file: {err}"))
                continue
            except Exception as err:  # noqa: BLE001 - the point: nothing else may escape
                failures.append((path, kind, f"{type(err).__name__}: {err}"))
                continue
            if any(raw in repr(result) for raw in RAW):
                failures.append((path, kind, "a list or mapping is used as text"))
    assert tried >= 20 and not failures, failures[:10]


@pytest.mark.parametrize("field, value, fragment", [
    ("note", 5, None),  # a number is read as its text
    ("preset_question", ["a"], "'preset_question' skal være spørgsmålet over knapperne"),
    ("default_preset", ["a"], "'default_preset' skal være id'et på den preset"),
    ("title", ["iPads", "Vej"], "'title' skal være casens titel"),
    ("fictional", "nej", "'fictional' er 'nej', men skal være true eller false"),
])
def test_business_case_texts_of_the_wrong_type(tmp_path, monkeypatch, field, value, fragment):
    """The review's cases: each is refused with the field, the file and the line in Danish,
    or (a number as a text) read as that text."""
    original = yaml.safe_load((bc.cases_dir() / "ipads-i-vej-og-park.yml").read_text("utf-8"))
    original[field] = value
    monkeypatch.setattr("digileder.business_case.content.cases_dir", lambda: tmp_path)
    (tmp_path / "x.yml").write_text(yaml.safe_dump(original, allow_unicode=True), "utf-8")
    if fragment is None:
        assert bc.load_case("x")[1][field] == str(value)
        return
    with pytest.raises(DataError) as caught:
        bc.load_case("x")
    assert "x.yml (linje " in str(caught.value) and fragment in str(caught.value)


def test_a_400_digit_amount_names_the_line(tmp_path, monkeypatch):
    """An amount of 400 nines gave OverflowError; now a Danish problem with its line."""
    text = (bc.cases_dir() / "ipads-i-vej-og-park.yml").read_text("utf-8")
    monkeypatch.setattr("digileder.business_case.content.cases_dir", lambda: tmp_path)
    (tmp_path / "x.yml").write_text(text.replace("amount: 220000", "amount: " + "9" * 400, 1),
                                    "utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "amount: 220000" in row)
    with pytest.raises(DataError, match=rf"x.yml, linje {line}: tallet har 400 cifre"):
        bc.load_case("x")


def test_the_business_case_view_shows_a_problem_not_a_traceback(tmp_path, monkeypatch):
    """`preset_question: [a]` and `id: true` used to raise inside the widget."""
    text = (bc.cases_dir() / "ipads-i-vej-og-park.yml").read_text("utf-8")
    cases = tmp_path / "datasets" / "business_cases"
    cases.mkdir(parents=True)
    monkeypatch.setattr("digileder.business_case.content.cases_dir", lambda: cases)
    for broken in (text.replace('preset_question: "Arbejdsgangen ændres:"', "preset_question: [a]"),
                   text.replace("id: ny-arbejdsgang", "id: true")):
        (cases / "x.yml").write_text(broken, "utf-8")
        shown = bc.show("x")
        assert "kan ikke vises" in shown.value and re.search(r"x\.yml[^<]*\(linje \d+\)",
                                                             shown.value)


CSV_HOSTILE = ["mange", "9" * 5000, "nan", "1e400", "[a]", "true"]


@pytest.mark.parametrize("table", course_data.resource_names())
def test_a_wrong_cell_in_a_data_table_is_a_danish_problem(tmp_path, table):
    """Each CSV in the data package, with each column's first cell made hostile in turn:
    a clean table or a DataError naming the file and the row, never another error, and never
    an endless number (nan, inf) in a number column."""
    package = json.loads((datasets_dir() / "datapackage.json").read_text("utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == table)
    for name in ("datapackage.json", resource["path"]):
        shutil.copy(datasets_dir() / name, tmp_path / name)
    rows = list(csv.reader(io.StringIO((datasets_dir() / resource["path"]).read_text("utf-8"))))
    failures = []
    for column, field in enumerate(resource["schema"]["fields"]):
        for value in CSV_HOSTILE:
            changed = [row[:] for row in rows[:4]]
            changed[1][column] = value
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerows(changed)
            (tmp_path / resource["path"]).write_text(buffer.getvalue(), "utf-8")
            try:
                frame = course_data.read_table(table, tmp_path)
            except DataError as err:
                if "række 2" not in str(err):
                    failures.append((field["name"], value[:10], str(err)))
                continue
            except Exception as err:  # noqa: BLE001 - nothing else may escape
                failures.append((field["name"], value[:10], f"{type(err).__name__}: {err}"))
                continue
            cell = frame.iloc[0][field["name"]]
            if field.get("type") == "number" and not math.isfinite(cell):
                failures.append((field["name"], value[:10], f"read as {cell}"))
    assert not failures, failures[:10]


def test_a_wrong_type_in_the_data_package_description_is_a_danish_problem(tmp_path):
    """datapackage.json (the tables' columns and types) with each value replaced by a wrong
    type: every table reads, or gives a DataError naming the file (it gave TypeError for a
    number as a column's name, type or path)."""
    original = json.loads((datasets_dir() / "datapackage.json").read_text("utf-8"))
    for csv_file in datasets_dir().glob("*.csv"):
        shutil.copy(csv_file, tmp_path / csv_file.name)
    failures = []
    for path in _kinds_of_field(original):
        for kind in ("number", "list", "mapping", "true", "nothing"):
            (tmp_path / "datapackage.json").write_text(
                json.dumps(_replaced(original, path, HOSTILE_VALUES[kind])), "utf-8")
            for table in course_data.resource_names():
                try:
                    course_data.read_table(table, tmp_path)
                except DataError as err:
                    if "datapackage.json" not in str(err) and ".csv" not in str(err):
                        failures.append((path, kind, str(err)))
                except Exception as err:  # noqa: BLE001 - nothing else may escape
                    failures.append((path, kind, f"{type(err).__name__}: {err}"))
    assert not failures, failures[:10]


def test_broken_json_in_the_data_package_is_told_in_danish(tmp_path):
    (tmp_path / "datapackage.json").write_text('{"resources": [\n  {"name": "x",,}]}', "utf-8")
    with pytest.raises(DataError, match=r"datapackage.json er ikke gyldig JSON \(linje 2, "
                                        r"kolonne \d+\)\. Tjek kommaer"):
        course_data.read_table("x", tmp_path)
