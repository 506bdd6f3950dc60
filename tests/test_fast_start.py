"""Issue 18, "fast enough": structure that keeps a module's first cell and a chart's redraw
fast (no timings here; docs/benchmarks.md has the figures)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
CHART_FREE = "reflection, scenarios, task_sort, message_builder, burnout_check, glossary"


def _run(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()


def test_first_cell_of_a_module_without_charts_loads_no_altair_or_pandas():
    """setup() and the imports of a module with no charts (04, 05, 06, 09, ordliste)."""
    lines = _run("import sys, digileder\n"
                 "digileder.setup()\n"
                 f"from digileder import {CHART_FREE}\n"
                 "print(sorted(m for m in ('altair', 'pandas', 'vl_convert') if m in sys.modules))")
    assert lines[-1] == "[]"


def test_altair_imported_after_setup_draws_offline_with_the_course_theme():
    """A participant's own `import altair` after setup(): still the offline renderer."""
    lines = _run("import digileder\n"
                 "digileder.setup(charts='svg'); digileder.setup(charts='browser')\n"
                 "import altair as alt\n"
                 "print(alt.renderers.active, alt.theme.active)\n"
                 "from digileder import chart_mode, charts\n"
                 "print(chart_mode.current())\n"
                 "chart = alt.Chart(alt.Data(values=[{'a': 1}])).mark_bar().encode(x='a:Q')\n"
                 "print(sorted(chart._repr_mimebundle_()[0]))")
    assert lines[0] == "digileder digileder"
    assert lines[1] == "browser"  # the last setup() wins, however often it ran before
    assert "application/vnd.vegalite.v5+json" in lines[2] and "text/html" not in lines[2]


def test_setup_before_the_course_charts_module_switches_the_renderer_on_in_svg():
    lines = _run("import digileder\n"
                 "digileder.setup(charts='svg')\n"
                 "from digileder import charts, stats\n"
                 "import altair as alt\n"
                 "print(alt.renderers.active)\n"
                 "chart = alt.Chart(alt.Data(values=[{'a': 1}])).mark_bar().encode(x='a:Q')\n"
                 "shown = chart._repr_mimebundle_()\n"
                 "print('<svg' in (shown[0] if isinstance(shown, tuple) else shown)['text/html'])")
    assert lines == ["digileder", "True"]


def test_altair_builds_its_schema_class_table_once(monkeypatch):
    """altair hashes ~570 schemas on every from_dict() (each x="lo:Q"); the course's patch
    builds that table once (src/digileder/altair_speed.py)."""
    from altair.utils import schemapi

    from digileder import charts

    frame = pd.DataFrame({"g": ["a", "b"], "share": [0.2, 0.4], "n": [20, 30]})
    charts.share_bars(frame, "g", chart_title="T", description="d")  # may build the table
    calls = []
    original = schemapi._FromDict.hash_schema.__func__
    monkeypatch.setattr(schemapi._FromDict, "hash_schema",
                        classmethod(lambda cls, *a, **k: calls.append(1) or original(cls, *a, **k)))
    for _ in range(3):
        charts.share_bars(frame, "g", chart_title="T", description="d")
    assert len(calls) < 100, f"{len(calls)} schemas hashed for three charts"


def test_a_chart_box_builds_each_chart_spec_once(monkeypatch):
    """The chart and its "Vis som tabel" come from one spec (building it is a redraw's cost)."""
    import digileder
    from digileder import charts
    from digileder.ui.chart_box import ChartBox

    digileder.setup(charts="browser")
    try:
        frame = pd.DataFrame({"g": ["a", "b"], "share": [0.2, 0.4], "n": [20, 30]})
        chart = charts.share_bars(frame, "g", chart_title="T", description="d")
        built = []
        to_dict = type(chart).to_dict
        monkeypatch.setattr(type(chart), "to_dict",
                            lambda self, *a, **k: built.append(1) or to_dict(self, *a, **k))
        box = ChartBox()
        box.show(chart)
        assert len(box.outputs) == 2  # the chart and its table
        assert len(built) == 1
    finally:
        digileder.setup(charts="svg")
