"""House rules for the repository: clean notebooks, agreeing environments, lint, course map."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib

import yaml

from digileder import course
from tests.conftest import ROOT


def _tracked_notebooks():
    listed = subprocess.run(["git", "ls-files", "*.ipynb"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.split()
    on_disk = [str(p.relative_to(ROOT)) for p in ROOT.glob("*/**/*.ipynb")
               if ".venv" not in p.parts and ".ipynb_checkpoints" not in p.parts]
    return sorted(set(listed) | set(on_disk))


def test_notebooks_are_stored_without_outputs():
    dirty = []
    for name in _tracked_notebooks():
        nb = json.loads((ROOT / name).read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count")):
                dirty.append(name)
                break
    assert not dirty, f"Notebooks with outputs (strip them): {dirty}"


def test_module_code_cells_are_hidden():
    shown = []
    for path in sorted((ROOT / "modules").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            hidden = cell.get("metadata", {}).get("jupyter", {}).get("source_hidden")
            if cell["cell_type"] == "code" and not hidden:
                shown.append(path.name)
    assert not shown, f"Modules with visible code cells: {sorted(set(shown))}"


def _requirement_map(lines):
    out = {}
    for line in lines:
        match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", line)
        out[match.group(1).lower().replace("_", "-")] = match.group(2).replace(" ", "")
    return out


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    pip_requirements = [r for r in pip_section if not r.startswith("-e")]
    assert _requirement_map(pip_requirements) == _requirement_map(project["dependencies"])
    assert "python=3.11" in env["dependencies"]


def test_design_card_packages_are_real_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = _requirement_map(project["dependencies"])
    tests = _requirement_map(project["optional-dependencies"]["test"])
    for name in ("ipywidgets", "nbgrader", "altair", "jupyterlab"):
        assert name in runtime
    for name in ("pytest", "nbval"):
        assert name in tests


def test_ruff_is_clean():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "tests", "tools"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_course_map_lists_existing_modules_and_readme_shows_it():
    entries = course.course_map()
    for entry in entries:
        assert (ROOT / "modules" / entry["file"]).is_file(), entry["file"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert course.as_markdown() in readme, "Run: python -m digileder.course > update README"


def test_test_files_have_unique_names():
    """pytest imports test files by their base name (rootdir import mode): two files of one
    name in different folders stop the whole suite at collection."""
    names = sorted(path.name for path in (ROOT / "tests").rglob("test_*.py"))
    assert [name for name in set(names) if names.count(name) > 1] == []
