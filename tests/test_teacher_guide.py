"""Every `digileder ...` command the teacher's guide shows really exists with those flags."""

from __future__ import annotations

import re
import shlex

import pytest

from digileder import cli
from tests.conftest import ROOT

GUIDE = ROOT / "docs" / "underviservejledning.md"


def guide_commands() -> list[str]:
    """`digileder ...` lines in code blocks and inline code spans of the guide."""
    text = GUIDE.read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```(?:bash|sh)?\n(.*?)```", text, flags=re.S):
        found += [line.strip() for line in block.splitlines()
                  if line.strip().startswith("digileder ")]
    found += re.findall(r"`(digileder [^`]+)`", text)
    return sorted(set(found))


def test_the_guide_shows_the_commands_of_a_whole_semester():
    commands = " ".join(guide_commands())
    for expected in ("course init", "roster add", "roster import", "release", "collect",
                     "grade", "feedback", "export", "assignments generate"):
        assert f"digileder {expected}" in commands, expected


@pytest.mark.parametrize("command", guide_commands())
def test_every_command_in_the_guide_parses(command, capsys):
    """Would `digileder` accept this command as written (subcommand, flags, arguments)?"""
    args = shlex.split(command.replace("…", "x"))[1:]
    parser = cli.build_parser()
    if "--help" in args:
        with pytest.raises(SystemExit) as done:
            parser.parse_args(args)
        assert done.value.code == 0, command
        return
    try:
        parsed = parser.parse_args(args)
    except SystemExit:
        pytest.fail(f"Vejledningen viser en kommando, som digileder ikke kender: {command}\n"
                    f"{capsys.readouterr().err}")
    assert hasattr(parsed, "run"), f"{command}: mangler en underkommando"


def test_the_points_in_the_guide_match_the_assignments():
    """Does the guide's table of assignments give the points solutions/ really has?"""
    import json

    rows = re.findall(r"^\| `([a-z0-9-]+)` \|[^|]*\| ([^|]*) \|$", GUIDE.read_text(
        encoding="utf-8"), flags=re.M)
    assert len(rows) >= 5
    for assignment, grading in rows:
        cells = json.loads((ROOT / "solutions" / assignment / f"{assignment}.ipynb")
                           .read_text(encoding="utf-8"))["cells"]
        points = {kind: sum(c["metadata"].get("nbgrader", {}).get("points", 0)
                            for c in cells if c["cell_type"] == kind)
                  for kind in ("code", "markdown")}
        numbers = [int(n) for n in re.findall(r"\((\d+) point\)", grading)]
        assert sum(numbers) == points["code"] + points["markdown"], assignment
        automatic = re.search(r"Automatisk \((\d+) point\)", grading)
        assert (int(automatic.group(1)) if automatic else 0) == points["code"], assignment
