"""The shape of the package: imports without side effects, a light CLI, one entry-point rule,
and imports that only point downwards (core <- content/answers <- model <- chart <- view)."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "digileder"
NOTEBOOKS = sorted([*ROOT.glob("modules/*.ipynb"), *ROOT.glob("solutions/*/*.ipynb")])


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_importing_the_package_has_no_side_effects():
    """Does `import digileder` leave altair, the renderer and sys.modules alone?"""
    done = _run("import sys, digileder\n"
                "heavy = sorted(m for m in ('altair', 'ipywidgets', 'pandas', 'IPython') "
                "if m in sys.modules)\n"
                "print(heavy, 'rfc3987_syntax' in sys.modules)")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[] False"


def test_setup_switches_on_offline_charts_and_is_safe_twice():
    """Does digileder.setup() enable the offline SVG renderer, even when called twice?"""
    done = _run("import digileder, altair as alt\n"
                "digileder.setup(); digileder.setup()\n"
                "print(alt.renderers.active)")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "digileder"


def test_teacher_cli_loads_no_altair_or_widgets(tmp_path):
    """Do `digileder --help` and `digileder scenarie tjek` run without altair or ipywidgets?"""
    done = _run("import sys\n"
                "from digileder import cli\n"
                "cli.build_parser().format_help()\n"
                "code = cli.main(['scenarie', 'tjek'])\n"
                "print(code, sorted(m for m in ('altair', 'ipywidgets', 'vl_convert') "
                "if m in sys.modules))")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "0 []"


def _code_cells(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_calls_setup_in_its_first_code_cell(path):
    """Does each notebook that uses the course code call digileder.setup() before using it?"""
    cells = _code_cells(path)
    if not any("digileder" in cell for cell in cells):
        return  # a notebook without course code (A3, A5) needs no set-up
    first = cells[0]
    assert "digileder.setup()" in first, f"{path.name}: the first code cell must call setup"
    assert first.index("digileder.setup()") < first.find("from digileder import") or \
        "from digileder import" not in first


# The one naming rule: an activity's widget is <module>.show(...), or show_<part>(...)
# when a module has several parts. Anything else in a notebook is an old name.
_CALL = re.compile(r"\b(benefits_plan|burnout_check|business_case|explorer|glossary|maturity|"
                   r"message_builder|plan|progress|reflection|sampling|scenarios|task_sort|"
                   r"values_compass|warmup|notes)\.(\w+)\(")
_NOT_ENTRY_POINTS = {"load", "load_saved_run", "Run", "read", "save"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_use_one_entry_point_name_per_activity(path):
    """Are the activities shown with show()/show_<part>() only, never the old names?"""
    calls = {f"{m}.{f}" for cell in _code_cells(path) for m, f in _CALL.findall(cell)
             if f not in _NOT_ENTRY_POINTS}
    wrong = sorted(c for c in calls if not re.fullmatch(r"\w+\.show(_\w+)?", c))
    assert not wrong, f"{path.name} uses old entry-point names: {wrong}"


# -- the import graph ------------------------------------------------------------------------


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Every digileder module and the digileder modules it imports (also inside functions)."""
    modules = {_module_name(p): p for p in SRC.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("digileder"):
                for alias in node.names:
                    candidate = f"{node.module}.{alias.name}"
                    found.add(candidate if candidate in modules else node.module)
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("digileder")}
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as a list of modules, or [] if there is none."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(module: str, path: list[str]) -> list[str]:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                return [*path[path.index(target):], target]
            if target not in state:
                found = visit(target, [*path, target])
                if found:
                    return found
        state[module] = 2
        return []

    for module in sorted(graph):
        if module not in state:
            found = visit(module, [module])
            if found:
                return found
    return []


def test_cycle_finder_finds_a_cycle():
    """Can the cycle check fail at all (a guard against a test that always passes)?"""
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


def test_there_is_no_import_cycle():
    """Is the package free of import cycles (also through imports inside functions)?"""
    assert _cycle(_imports()) == []


# Layers, lowest first. A module may import its own layer and the layers below it.
# "content" is the shared loader and answers store; "io" is an activity's own content.py /
# store.py, which read files through them and build the activity's model objects.
LAYERS = ("core", "content", "model", "io", "chart", "view")


def layer(module: str) -> str | None:
    """The layer of a digileder module; None for the ones not (yet) split into layers."""
    name = module.removeprefix("digileder.")
    last = name.rsplit(".", 1)[-1]
    if name in ("danish", "stats", "paths", "errors", "folders", "lazy", "ui.html"):
        return "core"  # ui.html is pure text -> HTML, usable by a model's text builders
    if name.split(".")[0] in ("content", "answers") or name in ("data", "course", "notes"):
        return "content"
    if last in ("model", "text"):
        return "model"
    if last in ("content", "store", "validate", "runs"):
        return "io"
    if name in ("charts", "ui.chart_table") or last == "chart":
        return "chart"  # chart_table: a chart's text alternative and table, from its spec
    if name.split(".")[0] in ("ui", "reflection") or last in ("view", "player"):
        return "view"
    return None


def _wrong_direction(graph: dict[str, set[str]]) -> list[str]:
    wrong = []
    for module, targets in sorted(graph.items()):
        mine = layer(module)
        for target in sorted(targets):
            theirs = layer(target)
            if mine and theirs and LAYERS.index(theirs) > LAYERS.index(mine):
                wrong.append(f"{module} ({mine}) imports {target} ({theirs})")
    return wrong


def test_direction_check_can_fail():
    """Does the direction check catch a model importing a view?"""
    graph = {"digileder.x.model": {"digileder.x.view"}, "digileder.x.view": set()}
    assert _wrong_direction(graph) == [
        "digileder.x.model (model) imports digileder.x.view (view)"]


def test_imports_point_downwards():
    """Do imports only go core <- content/answers <- model <- chart <- view?"""
    graph = _imports()
    assert {layer(m) for m in graph} >= set(LAYERS)  # every layer has modules
    assert _wrong_direction(graph) == []


@pytest.mark.parametrize("path", sorted([*SRC.rglob("model.py"), *SRC.glob("core/*.py")]),
                         ids=lambda p: str(p.relative_to(SRC)))
def test_models_import_no_widgets_charts_or_files(path):
    """Is every model pure: no ipywidgets, altair, IPython or YAML, and no open()?"""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import)
                for a in n.names}
    imported |= {(n.module or "").split(".")[0] for n in ast.walk(tree)
                 if isinstance(n, ast.ImportFrom)}
    assert not imported & {"ipywidgets", "altair", "IPython", "yaml", "vl_convert"}
    calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call)
             and isinstance(n.func, ast.Name)}
    assert "open" not in calls


ACTIVITY_VIEWS = {  # package -> the widget names it hands out lazily
    "benefits_plan": ("PlanBuilder",), "burnout_check": ("CheckView",),
    "maturity": ("SelfAssessment",), "message_builder": ("BuilderView",),
    "plan": ("PlanBuilder", "material_html", "suggestions_html"),
    "scenarios": ("ScenarioPlayer", "show"), "task_sort": ("TaskSorter",),
    "values_compass": ("CompassView", "feedback_html"),
}


def test_activity_packages_share_one_lazy_import_helper():
    """Does no activity package write its own __getattr__ (one helper, digileder.lazy)?"""
    own = sorted(str(path.relative_to(SRC)) for path in SRC.glob("*/__init__.py")
                 if any(isinstance(node, ast.FunctionDef) and node.name == "__getattr__"
                        for node in ast.parse(path.read_text(encoding="utf-8")).body))
    assert own == []


def test_activity_packages_hand_out_their_widgets_by_name():
    """Does each package give its widgets by name through the helper (loaded on first use;
    that importing a package loads no ipywidgets is tested above), and is an unknown name
    still an AttributeError?"""
    import importlib

    for name, views in ACTIVITY_VIEWS.items():
        package = importlib.import_module(f"digileder.{name}")
        assert all(callable(getattr(package, view)) for view in views), name
    with pytest.raises(AttributeError, match="'digileder.maturity' has no attribute 'Nope'"):
        _ = importlib.import_module("digileder.maturity").Nope
