"""Scenario files a teacher wrote by hand (issue 15): numbers too long to read, YAML mistakes
and texts of the wrong type are Danish problems that say what to write instead."""

from __future__ import annotations

import pytest

from digileder import scenarios
from digileder.scenarios import ScenarioError
from digileder.scenarios.validate import parse_text
from tests.test_scenarios import SMALL, broken


@pytest.mark.parametrize("digits", [25, 5000])
def test_an_effect_with_thousands_of_digits_is_a_danish_problem(tmp_path, digits):
    """`effekt: {tillid: 999…}` with 5,000 digits gave a ValueError traceback (Python refuses
    to read ints that long); now a Danish problem with the line, like any wrong number."""
    path = broken(tmp_path, "effekt: {tillid: +1", "effekt: {tillid: " + "9" * digits)
    problems = scenarios.validate_file(path)
    line = next(n for n, row in enumerate(path.read_text("utf-8").splitlines(), 1)
                if "9" * 25 in row)
    assert any(f"linje {line}" in p and f"tallet har {digits} cifre" in p for p in problems), \
        problems
    with pytest.raises(ScenarioError):
        scenarios.load(path)


@pytest.mark.parametrize("text, danish", [
    ("titel: a: b\n", "der står et kolon, hvor YAML ikke venter et"),
    ("\ttitel: x\n", "tabulatortegn"),
    ('titel: "uden slut\n', "anførselstegn er ikke lukket"),
    ("titel: [a, b\n", "en liste i [ ] er ikke lukket"),
    ("titel: x\n intro: y\n", "der står et kolon"),
])
def test_yaml_problems_are_told_in_danish_with_line_and_column(text, danish):
    """PyYAML's English ('mapping values are not allowed here') is not shown to a teacher."""
    _scenario, problems = parse_text(text, "x.yml")
    assert len(problems) == 1 and danish in problems[0], problems
    assert "linje" in problems[0] and "kolonne" in problems[0]
    assert not any(word in problems[0] for word in ("found", "expected", "mapping", "while"))


@pytest.mark.parametrize("value, found", [("[a, b]", "en liste"), ("{a: 1}", "en samling"),
                                          ("true", "ja/nej"), ("no", "ja/nej")])
def test_a_title_of_the_wrong_type_says_what_to_write(tmp_path, value, found):
    """A list as a title was refused with only 'skal være en tekst'; now what it is and what
    to write instead."""
    text = SMALL.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("titel:"))
    path = broken(tmp_path, title, f"titel: {value}")
    problems = scenarios.validate_file(path)
    line = next(n for n, row in enumerate(path.read_text("utf-8").splitlines(), 1)
                if row.startswith("titel:"))
    assert any(f"kopi.yml (linje {line}): feltet 'titel' skal være en tekst, men er" in p
               and found in p and "Skriv en titel" in p for p in problems), problems


def test_a_huge_scenario_file_is_refused_before_it_is_read(tmp_path):
    """A scenario with 50 MB pasted into a comment took minutes to read; now one line."""
    path = tmp_path / "stor.yml"
    path.write_text(SMALL.read_text("utf-8") + "# " + "x" * 2_100_000 + "\n", "utf-8")
    problems = scenarios.validate_file(path)
    assert problems == ["stor.yml: filen fylder over 2 MB. Et scenarie fylder få kB. Er der "
                        "kopieret noget forkert ind?"]


def _course_with(tmp_path, monkeypatch, name: str, text: str):
    """A course folder whose datasets/scenarios holds one file, so show() can find it by id."""
    folder = tmp_path / "kursus" / "datasets" / "scenarios"
    folder.mkdir(parents=True)
    (folder / f"{name}.yml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("DIGILEDER_COURSE_ROOT", str(tmp_path / "kursus"))
    monkeypatch.setenv("DIGILEDER_ANSWERS_DIR", str(tmp_path / "svar"))
    return folder / f"{name}.yml"


@pytest.mark.parametrize("old, new, where", [
    ("  start:\n    titel: Første valg\n", "  start: Du står en mandag morgen med et nyt system.\n"
     "  gammel-start:\n    titel: Første valg\n", "situation 'start'"),
    ("  start:\n    titel: Første valg\n", "  start: 5\n  gammel-start:\n    titel: Første valg\n",
     "situation 'start'"),
    ("  start:\n    titel: Første valg\n", "  start: [a, b]\n  gammel-start:\n"
     "    titel: Første valg\n", "situation 'start'"),
    ("slutninger:\n", "slutninger:\n  ekstra-slut: Det gik godt.\n", "slutning 'ekstra-slut'"),
])
def test_a_situation_or_ending_on_one_line_is_a_danish_problem(tmp_path, monkeypatch, capsys,
                                                               old, new, where):
    """`afsaet: Du står …` (a text, number or list instead of fields) gave 'ValueError: not
    enough values to unpack' in show() and in `digileder scenarie tjek`; now a Danish problem
    with the place and the line, the same in all three."""
    text = SMALL.read_text(encoding="utf-8")
    assert old in text
    path = _course_with(tmp_path, monkeypatch, "kopi", text.replace(old, new, 1))
    node_id = where.split("'")[1]
    line = next(n for n, row in enumerate(path.read_text("utf-8").splitlines(), 1)
                if row.startswith(f"  {node_id}:"))
    problems = scenarios.validate_file(path)
    assert any(p.startswith(f"kopi.yml, {where} (linje {line}): ") and "skal have" in p
               for p in problems), problems
    shown = scenarios.show("kopi").value.replace("&#x27;", "'")
    assert "kan ikke vises" in shown and f"{where} (linje {line})" in shown
    from digileder import cli
    assert cli.main(["scenarie", "tjek", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{where} (linje {line})" in out and "unpack" not in out


def _replace_everywhere():
    """(label, data) for each situation, ending and choice replaced by a value of each type."""
    import yaml

    base = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    values = ["Bare en tekst", 5, ["a", "b"], None, True]
    for value in values:
        for section in ("situationer", "slutninger"):
            for node_id in base[section]:
                data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
                data[section][node_id] = value
                yield f"{section}.{node_id}={value!r}", data, node_id
        for sid, situation in base["situationer"].items():
            for index in range(len(situation["valg"])):
                data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
                data["situationer"][sid]["valg"][index] = value
                yield f"{sid}.valg{index + 1}={value!r}", data, sid


def test_any_part_replaced_by_any_type_gives_danish_problems(tmp_path):
    """Fuzz: every situation, ending and choice replaced by a text, a number, a list, nothing
    or true: never an exception, always at least one Danish problem naming the place."""
    import yaml

    cases = list(_replace_everywhere())
    assert len(cases) == 5 * (3 + 3 + 7)
    for label, data, node_id in cases:
        path = tmp_path / "fuzz.yml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        problems = scenarios.validate_file(path)
        assert problems and any(f"'{node_id}'" in p and "linje" in p for p in problems), \
            (label, problems)
        assert not any("unpack" in p or "Traceback" in p for p in problems), (label, problems)


@pytest.mark.parametrize("typed", ["/etc/passwd", "../../../etc/passwd", "x" * 300,
                                   "../scenarios/kopi"])
def test_show_opens_only_a_scenario_listed_in_the_folder(tmp_path, monkeypatch, typed):
    """`scenarios.show("/etc/passwd")` read that file, and 300 letters gave OSError 'File name
    too long'; a typed text is now only an id listed in datasets/scenarios."""
    _course_with(tmp_path, monkeypatch, "kopi", SMALL.read_text(encoding="utf-8"))
    shown = scenarios.show(typed).value.replace("&#x27;", "'")
    assert "kan ikke vises" in shown and "findes ikke" in shown and "kopi" in shown
    assert "root:x:0" not in shown and "/bin/" not in shown and "linje" not in shown
    assert "x" * 61 not in shown
    with pytest.raises(ScenarioError, match="Kendte scenarier|kendte scenarier"):
        scenarios.load(typed)


def test_a_folder_named_like_a_scenario_is_not_listed(tmp_path, monkeypatch, capsys):
    path = _course_with(tmp_path, monkeypatch, "kopi", SMALL.read_text(encoding="utf-8"))
    (path.parent / "mappe.yml").mkdir()
    assert [sid for sid, _ in scenarios.validate.list_ids()] == ["kopi"]
    assert scenarios.load("kopi.yml").title == "Et lille testscenarie"
    assert scenarios.list_scenarios() == [("kopi", "Et lille testscenarie")]
    from digileder import cli
    assert cli.main(["scenarie", "tjek"]) == 0
    assert "mappe" not in capsys.readouterr().out


def test_checking_a_folder_checks_every_file_in_it(tmp_path, monkeypatch, capsys):
    """`digileder scenarie tjek datasets/scenarios` said 'filen findes ikke'."""
    from digileder import cli

    path = _course_with(tmp_path, monkeypatch, "kopi", SMALL.read_text(encoding="utf-8"))
    (path.parent / "skidt.yml").write_text("titel: [a\n", encoding="utf-8")
    assert cli.main(["scenarie", "tjek", str(path.parent)]) == 1
    out = capsys.readouterr().out
    assert "er en mappe" in out and "kopi.yml: i orden" in out and "skidt.yml: 1 fejl" in out
    assert "findes ikke" not in out
    assert scenarios.validate_file(path.parent)[0].startswith(
        "scenarios: det er en mappe, ikke en fil.")
    assert "filen kan ikke læses (navnet er for langt (300 tegn)." in scenarios.validate_file(
        tmp_path / ("x" * 300))[0]
