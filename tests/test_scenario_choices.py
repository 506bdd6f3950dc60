"""A4 lets the participant choose the scenario: the class overview counts each one apart."""

from __future__ import annotations

import json

from digileder.teacher import export, scenario_choices
from tests.conftest import ROOT

A4 = ROOT / "solutions" / "a4-scenarie" / "a4-scenarie.ipynb"


def _graded(root, student: str, scenario_line: str | None, path: str) -> None:
    nb = json.loads(A4.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id == "a4-scenarie" and scenario_line is not None:
            cell["source"] = scenario_line
        if grade_id == "a4-valg":
            cell["source"] = f"mine_valg = {path}"
    if scenario_line is None:  # an A4 from before the choice existed
        nb["cells"] = [c for c in nb["cells"]
                       if c["metadata"].get("nbgrader", {}).get("grade_id") != "a4-scenarie"]
    folder = root / "autograded" / student / "a4-scenarie"
    folder.mkdir(parents=True)
    (folder / "a4-scenarie.ipynb").write_text(json.dumps(nb), encoding="utf-8")


def test_each_chosen_scenario_is_counted_under_its_own_title(tmp_path):
    source = tmp_path / "source" / "a4-scenarie"
    source.mkdir(parents=True)
    (source / "datasets").symlink_to(ROOT / "datasets")
    _graded(tmp_path, "s1", 'SCENARIE = "sensorer-i-byen"', "[1, 0, 0]")
    _graded(tmp_path, "s2", 'SCENARIE = "sensorer-i-byen"  # mit valg', "[0, 0]")
    _graded(tmp_path, "s3", 'SCENARIE = "ipads-i-vej-og-park"', "[1, 0, 0, 0]")
    _graded(tmp_path, "s4", None, "[0, 1]")  # old notebook: the iPad scenario
    _graded(tmp_path, "s5", 'SCENARIE = open("/etc/passwd").read()', "[2]")  # not a literal
    choices = scenario_choices.class_choices(tmp_path)
    assert set(choices) == {"Sensorer i byen", "iPads til Vej og Park"}
    assert sum(choices["Sensorer i byen"].values()) == 2
    assert sum(choices["iPads til Vej og Park"].values()) == 3
    assert any("Afklar først" in text for text in choices["Sensorer i byen"])


def test_a_scenario_the_course_cannot_read_is_named_not_a_traceback(tmp_path):
    """A teacher who removed or broke a scenario file in source/ still gets the overview."""
    scenarios = tmp_path / "source" / "a4-scenarie" / "datasets" / "scenarios"
    scenarios.mkdir(parents=True)
    ipads = "ipads-i-vej-og-park.yml"
    (scenarios / ipads).write_bytes((ROOT / "datasets" / "scenarios" / ipads).read_bytes())
    _graded(tmp_path, "s1", 'SCENARIE = "sensorer-i-byen"', "[1, 0, 0]")  # its file is gone
    _graded(tmp_path, "s2", 'SCENARIE = "ipads-i-vej-og-park"', "[1, 0, 0, 0]")
    choices = scenario_choices.class_choices(tmp_path)
    assert sum(choices["iPads til Vej og Park"].values()) == 1
    unreadable = [title for title in choices if "sensorer-i-byen" in title]
    assert unreadable and "kan ikke læses" in unreadable[0] and not choices[unreadable[0]]
    page = export.overview_html([], choices)
    assert "sensorer-i-byen" in page and "kan ikke læses" in page
