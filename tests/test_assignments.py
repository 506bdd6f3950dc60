"""The assignments: solutions/ is the source, assignments/ is generated from it by nbgrader."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from digileder.teacher import config as course_config
from digileder.teacher.generate import release_copies
from digileder.teacher.locations import assignment_ids
from tests.conftest import ROOT

SOLUTIONS = ROOT / "solutions"
ASSIGNMENTS = ROOT / "assignments"
IDS = assignment_ids(SOLUTIONS)


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _nbgrader(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _source(cell: dict) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def test_the_core_assignments_exist():
    for expected in ("a1-laes-tallene", "a2-business-case", "a3-min-rolle", "a5-ledelsesplan"):
        assert expected in IDS
        assert (SOLUTIONS / expected / f"{expected}.ipynb").is_file()


@pytest.mark.slow
def test_regenerating_gives_what_is_committed(tmp_path):
    release_copies(SOLUTIONS, tmp_path, IDS, report=lambda _msg: None)
    fresh = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(str(p.relative_to(ASSIGNMENTS)) for p in ASSIGNMENTS.rglob("*")
                       if p.is_file() and ".ipynb_checkpoints" not in p.parts)
    assert fresh == committed, "Kør: digileder assignments generate"
    for name in fresh:
        assert (tmp_path / name).read_bytes() == (ASSIGNMENTS / name).read_bytes(), (
            f"{name} er ikke genereret fra solutions/. Kør: digileder assignments generate")


@pytest.mark.parametrize("assignment", IDS)
def test_release_has_no_solutions_or_hidden_tests_and_danish_stubs(assignment):
    release = ASSIGNMENTS / assignment / f"{assignment}.ipynb"
    text = release.read_text(encoding="utf-8")
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "Eksempel (til"):
        assert marker not in text
    cells = _cells(release)
    solutions = [c for c in cells if _nbgrader(c).get("solution")]
    assert solutions, "an assignment has at least one answer cell"
    for cell in solutions:
        stub = course_config.CODE_STUB if cell["cell_type"] == "code" else \
            course_config.TEXT_STUB
        assert stub in _source(cell)


@pytest.mark.parametrize("assignment", IDS)
def test_rubric_points_match_the_graded_cells(assignment):
    cells = _cells(SOLUTIONS / assignment / f"{assignment}.ipynb")
    total = sum(_nbgrader(c).get("points", 0) for c in cells if _nbgrader(c).get("grade"))
    intro = _source(next(c for c in cells if c["cell_type"] == "markdown"))  # under the panel
    stated = re.search(r"\*\*Point:\*\* (\d+)", intro)
    assert stated and int(stated.group(1)) == total, f"{assignment}: intro says points != {total}"
    manual = [c for c in cells if c["cell_type"] == "markdown" and _nbgrader(c).get("grade")]
    if manual and len(manual) == sum(1 for c in cells if _nbgrader(c).get("grade")):
        rubric = [c for c in cells if "Sådan bedømmes" in _source(c)]
        assert rubric and _nbgrader(rubric[0]).get("locked"), "reflections need a locked rubric"


def _validate(path: Path, invert: bool) -> dict:
    """nbgrader validate; {} means success (source: all tests pass and no code cell raises or
    writes to stderr, so nbval need not run solutions/ again; invert: no test passes)."""
    course_config.ensure_nbgrader_tools()
    from nbgrader.validator import Validator

    return Validator(invert=invert, validate_all=not invert).validate(str(path))


@pytest.mark.slow
@pytest.mark.parametrize("assignment", IDS)
def test_nbgrader_validate_source_passes_and_release_fails(assignment):
    source = _validate(SOLUTIONS / assignment / f"{assignment}.ipynb", invert=False)
    assert source == {}, f"the solution fails nbgrader validate: {source}"
    release = _validate(ASSIGNMENTS / assignment / f"{assignment}.ipynb", invert=True)
    assert release == {}, f"untouched release passes tests: {release}"


def test_every_visible_code_answer_has_a_hint_with_an_example_above():
    cells = _cells(SOLUTIONS / "a1-laes-tallene" / "a1-laes-tallene.ipynb")
    for index, cell in enumerate(cells):
        if cell["cell_type"] == "code" and _nbgrader(cell).get("solution"):
            above = _source(cells[index - 1])
            assert "**Tip:**" in above and "```python" in above, _nbgrader(cell)["grade_id"]
