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
