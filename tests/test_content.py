"""The one content loader: hostile YAML in any course file gives Danish problems with lines."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from digileder import burnout_check, course, glossary, maturity, task_sort, values_compass
from digileder import business_case as bc
from digileder.content import ContentError, Field, Record, load_document, load_records, read_yaml
from digileder.errors import DataError

HOSTILE = {
    "list as key": ("? [1, 2]\n: x\n", "nøgle skal være et ord"),
    "deep nesting": ("x: " + "[" * 3000 + "]" * 3000 + "\n", "niveauer"),
    "duplicate key": ("a: 1\na: 2\n", "står to gange"),
    "not utf-8": (b"a: \xff\xfe\n", "UTF-8"),
    "broken yaml": ("a: [1,\n", "ikke gyldig YAML"),
    # Word's Shift+Enter leaves a vertical tab in copied text; PyYAML refuses it early.
    "control character": ("a: linje\x0bto\n", "usynligt styretegn"),
    "two documents": ("a: 1\n---\nb: 2\n", "mere end ét dokument"),
    # A 50 MB file took PyYAML 95 s; course files are at most 30 kB.
    "huge file": ("a: 1\n# " + "x" * 2_100_000 + "\n", "En kursusfil fylder højst 2 MB"),
}


def _loaders(tmp_path: Path, monkeypatch) -> dict:
    """Every loader of course YAML, each pointed at tmp_path/<name>."""
    monkeypatch.setattr("digileder.course.datasets_dir", lambda: tmp_path)
    monkeypatch.setattr("digileder.business_case.content.cases_dir", lambda: tmp_path)
    return {
        "smart_city_values.yml": lambda p: values_compass.load_values(p),
        "burnout_signs.yml": lambda p: burnout_check.load_signs(p),
        "task_sort.yml": lambda p: task_sort.load_tasks(p),
        "glossary.yml": lambda p: glossary.load(p),
        "maturity.yml": lambda p: maturity.load_items(p),
        "course_map.yml": lambda p: course.course_map(),
        "test-case.yml": lambda p: bc.load_case("test-case"),
    }


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_every_loader_reports_hostile_yaml_in_danish(tmp_path, monkeypatch, kind):
    """Does each of the seven course loaders give a DataError naming file and problem?"""
    text, fragment = HOSTILE[kind]
    for name, load in _loaders(tmp_path, monkeypatch).items():
        path = tmp_path / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        with pytest.raises(DataError) as caught:
            load(path)
        assert name in str(caught.value) and fragment in str(caught.value), (name, caught.value)


def test_reader_keeps_lines_of_entries(tmp_path):
    """Does the reader know the line of every entry (for messages a teacher can act on)?"""
    path = tmp_path / "x.yml"
    path.write_text("values:\n  - id: a\n  - id: b\n", encoding="utf-8")
    document = read_yaml(path)
    entries = document.data["values"]
    assert [document.line(e) for e in entries] == [2, 3]


def test_schema_reports_every_problem_at_once(tmp_path):
    """Does a declared schema list all problems of a file in one go, with lines and help?"""
    record = Record("ting", (Field("id", "et kort id", is_id=True),
                             Field("farve", "en farve", choices=("rød", "blå"))))
    path = tmp_path / "ting.yml"
    path.write_text("ting:\n  - {id: a, farve: grøn}\n  - {id: a}\n  - {id: B B, farve: rød,"
                    " x: 1}\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_records(path, "ting", record)
    problems = caught.value.problems
    assert len(problems) == 5, problems
    assert problems[0].startswith("ting.yml, ting nr. 1 (linje 2): 'farve' er 'grøn'")
    assert any("(linje 3)" in p and "'farve' mangler. Skriv en farve." in p for p in problems)
    assert any("(linje 3)" in p and "står også ved ting nr. 1" in p for p in problems)
    assert any("(linje 4)" in p and "ukendt felt 'x'" in p for p in problems)


def test_nested_records_report_the_path_and_line_of_every_problem(tmp_path):
    """Does a list of records inside a record (and a mapping inside it) name the path of the
    entry and its line, with every problem at once and ids unique across the whole file?"""
    goal = Record("mål", (Field("id", "et id", is_id=True), Field("tekst", "målet")), title="id")
    module = Record("modul", (
        Field("navn", "modulets navn"),
        Field("tid", "minutter som et helt tal", whole=True, between=(1, 90)),
        Field("kilde", "kilden", record=Record("kilde", (Field("år", "et årstal", whole=True),))),
        Field("mål", "to eller tre mål", records=goal, count=(2, 3)),
    ), title="navn", plural="moduler")
    path = tmp_path / "plan.yml"
    path.write_text(
        "moduler:\n"
        "  - navn: Data\n"
        "    tid: 120\n"
        "    kilde: {år: sidste}\n"
        "    mål:\n"
        "      - {id: a, tekst: Læs}\n"
        "      - {id: b}\n"
        "  - navn: Ledelse\n"
        "    tid: 30\n"
        "    mål:\n"
        "      - {id: a, tekst: Led}\n",
        encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_document(path, Record("plan.yml", (Field("moduler", "modulerne", records=module),)))
    assert caught.value.problems == [
        "plan.yml, modul nr. 1 ('Data') (linje 2): 'tid' er 120, men skal være mellem 1 og 90. "
        "Skriv minutter som et helt tal.",
        "plan.yml, modul nr. 1 ('Data') (linje 4): 'kilde: år' er 'sidste', men skal være et "
        "årstal.",
        "plan.yml, modul nr. 1 ('Data'), mål nr. 2 ('b') (linje 7): 'tekst' mangler. Skriv målet.",
        "plan.yml, modul nr. 2 ('Ledelse') (linje 8): 'kilde' mangler. Skriv kilden.",
        "plan.yml, modul nr. 2 ('Ledelse') (linje 10): 'mål' har 1 mål, men skal have 2-3.",
        "plan.yml, modul nr. 2 ('Ledelse'), mål nr. 1 ('a') (linje 11): 'id' 'a' står også ved "
        "modul nr. 1 ('Data'), mål nr. 1 ('a'). Giv den et nyt."]


def test_nested_records_read_clean_values(tmp_path):
    """Are nested values read clean: texts tidied, whole numbers as int, flags as bool?"""
    step = Record("trin", (Field("navn", "et navn"),
                           Field("valgfri", "true eller false", required=False, flag=True)))
    path = tmp_path / "x.yml"
    path.write_text("tid: 5\ntrin:\n  - {navn: '  Læs   teksten '}\n  - {navn: B, valgfri: true}\n",
                    encoding="utf-8")
    read = load_document(path, Record("x.yml", (
        Field("tid", "minutter", whole=True), Field("trin", "trinene", records=step),
        Field("ekstra", "noget", required=False, record=step))))
    assert read == {"tid": 5, "trin": [{"navn": "Læs teksten", "valgfri": False},
                                       {"navn": "B", "valgfri": True}], "ekstra": None}


def test_a_macs_hidden_copies_are_not_scenarios_or_cases(tmp_path, monkeypatch):
    """`._NAME.yml` (AppleDouble, binary) beside a scenario or a case is not listed."""
    from digileder.scenarios import validate

    for name in ("s.yml", "._s.yml", "c.yml", "._c.yml"):
        (tmp_path / name).write_bytes(b"\x00\x05\x16\x07Mac OS X" if name[0] == "." else b"a: 1\n")
    monkeypatch.setattr(validate, "scenarios_dir", lambda: tmp_path)
    monkeypatch.setattr("digileder.business_case.content.cases_dir", lambda: tmp_path)
    assert [sid for sid, _path in validate.list_ids()] == ["c", "s"]
    assert bc.list_cases() == ["c", "s"]


@pytest.mark.parametrize("record, expected", [
    (Record("modul", (Field("id", "et id"),), neuter=True), "mindst ét modul. Skriv hvert modul"),
    (Record("værdi", (Field("id", "et id"),)), "mindst én værdi. Skriv hver værdi"),
])
def test_an_empty_list_asks_for_one_in_the_nouns_gender(tmp_path, record, expected):
    """"mindst én modul" was wrong Danish: an et-word takes "ét" and "hvert"."""
    path = tmp_path / "x.yml"
    path.write_text("ting: []\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_records(path, "ting", record)
    assert expected in str(caught.value)


def test_course_map_with_no_modules_says_et_modul(tmp_path, monkeypatch):
    """The course map's modules are an et-word in the real schema too."""
    monkeypatch.setattr("digileder.course.datasets_dir", lambda: tmp_path)
    text = (Path(__file__).parents[1] / "datasets" / "course_map.yml").read_text("utf-8")
    data = yaml.safe_load(text)
    data["modules"] = []
    (tmp_path / "course_map.yml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(DataError, match="mindst ét modul"):
        course.course_map()


@pytest.mark.parametrize("value", [10 ** 400, 10 ** 5000, -(10 ** 400), float("inf"), True],
                         ids=["400 digits", "5000 digits", "minus 400 digits", "inf", "true"])
def test_a_number_field_answers_any_huge_number_in_danish(value):
    """Content checked without the reader (maturity.check gets parsed data) may hold ints no
    float can hold: a Danish problem, not OverflowError, and the message stays short."""
    amount = Field("amount", "et beløb i kroner", number=True, between=(0, 1e12))
    problem = amount.problem(value)
    assert problem.startswith("'amount' er ") and len(problem) < 200
    assert isinstance(amount.clean(value), float)  # read as nan or inf: never an exception
