"""Charts drawn in the browser (Lab, Voila) or as SVG in the kernel (batch runs, feedback).

The browser mode keeps vl-convert's JavaScript engine (+66 MiB) out of a participant's kernel;
the browser tests (tests/browser) check that Lab and Voila draw the charts with no network.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys

import altair as alt
import nbformat
import pandas as pd
import pytest

import digileder
from digileder import business_case, charts, charts_aria, maturity, sampling, stats, warmup
from digileder.ui.chart_box import ChartBox
from tests.conftest import ROOT

INTERACTIVE = ("JPY_SESSION_NAME", "VOILA_SERVER_URL", charts.SETTING, charts.PAGE_KERNEL)
ME = str(os.getpid())


@pytest.fixture
def browser_mode(monkeypatch):
    monkeypatch.delenv(charts.PAGE_KERNEL, raising=False)  # restored after the test
    digileder.setup(charts="browser")
    yield
    digileder.setup(charts="svg")


def _share_bars():
    table = stats.share_table(pd.DataFrame({"g": ["x"] * 50 + ["y"] * 20,
                                            "v": [True] * 23 + [False] * 27 + [True] * 5
                                            + [False] * 15}), "v", by="g")
    return charts.share_bars(table, "g", lower="lower", upper="upper", chart_title="Test",
                             description="En testbeskrivelse", simulated=True, highlight="x")


def _course_charts():
    """One of every kind of chart a participant's kernel draws."""
    themes = pd.DataFrame({"theme": ["A", "B"], "rank": [1, 2],
                           "rank_status": ["illustrativ", "kendt"]})
    scores = {d: 3.0 for d in maturity.DIMENSION_IDS}
    inputs, _meta = business_case.load_case()
    return [
        _share_bars(),
        charts.ranking(themes, "theme", "rank", "rank_status", chart_title="T", description="d"),
        sampling.chart(0.46, 300),
        warmup.chart(),
        maturity.profile_chart(scores, {d: 2.0 for d in scores}),
        business_case.cashflow_chart(inputs, "Opdigtet eksempel"),
        business_case.tornado_chart(inputs, "Opdigtet eksempel"),
    ]


@pytest.mark.parametrize(("env", "expected"), [
    ({}, "svg"),  # nbgrader autograde, nbval, nbconvert: HTML that must stand alone
    ({"JPY_SESSION_NAME": "modules/02.ipynb"}, "browser"),  # a notebook open in Lab
    ({"VOILA_SERVER_URL": "/"}, "browser"),  # Voila
    ({"JPY_SESSION_NAME": "x.ipynb", charts.SETTING: "svg"}, "svg"),  # the setting wins
    ({charts.SETTING: " Browser "}, "browser"),
    ({"VOILA_SERVER_URL": "/", charts.SETTING: "canvas"}, "browser"),  # unknown: default
    # `!nbgrader autograde` in a Lab cell: its kernels inherit the page's session, not the page
    ({"JPY_SESSION_NAME": "x.ipynb", charts.PAGE_KERNEL: "1"}, "svg"),
    ({"JPY_SESSION_NAME": "x.ipynb", charts.PAGE_KERNEL: ME}, "browser"),  # setup() again
])
def test_default_mode_draws_in_the_browser_only_where_a_page_shows_the_output(
        monkeypatch, env, expected):
    for name in INTERACTIVE:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert charts.default_mode() == expected


def test_browser_output_is_vegalite_5_with_danish_numbers_and_valid_for_nbformat(browser_mode):
    data, metadata = charts.bundle(_share_bars())
    spec = data[charts.VEGALITE_MIME]
    assert spec["$schema"].endswith("/vega-lite/v5.json")
    # The chart's text for screen readers: its kind, title and description (ui/chart_table.py).
    assert spec["description"].startswith("Søjlediagram: ")
    assert "En testbeskrivelse" in spec["description"]
    assert data["text/plain"] == spec["description"]
    assert "text/html" not in data  # Lab ranks HTML above Vega-Lite: it would win
    options = metadata[charts.VEGALITE_MIME]["embed_options"]
    assert options["renderer"] == "svg" and options["actions"] is False
    assert options["formatLocale"]["decimal"] == ","
    assert data["image/png"] == charts.PNG_PLACEHOLDER  # stops Lab/Voila making a PNG
    # The mimetype renderer's 'vnd.vegalite.v6.json' broke nbformat (stack-notes); this not.
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[
        nbformat.v4.new_output("display_data", data=data, metadata=metadata)])])
    nbformat.validate(nb)
    assert len(json.dumps(data)) < 20_000  # the spec with its data, no widget state


def test_every_course_chart_compiles_with_the_vegalite_5_lab_and_voila_ship(browser_mode):
    """Lab 4.6 draws with Vega-Lite 5.6, Voila 0.5.13 with 5.21; altair writes version 6."""
    import vl_convert  # not at the top: the participant test below imports this file

    oldest = vl_convert.get_vegalite_versions()[0]
    assert oldest.startswith("5.")
    for figure in _course_charts():
        data, _metadata = charts.bundle(figure)
        vega = vl_convert.vegalite_to_vega(data[charts.VEGALITE_MIME], vl_version=oldest)
        assert vega["marks"], figure.to_dict().get("description")



# What Vega says by itself, in English, about a chart's parts (issue 18).
_ENGLISH = re.compile(r"\b(axis|legend|titled|scale|values|mark)\b")


def _aria_of(spec: dict, vl_version: str) -> tuple[list[str], list[str]]:
    """The aria-labels and aria-roledescriptions a screen reader meets in the drawn SVG,
    except the chart's own name and Vega's title and subtitle (kept, see charts_aria.py)."""
    import vl_convert

    svg = vl_convert.vega_to_svg(vl_convert.vegalite_to_vega(spec, vl_version=vl_version),
                                 format_locale="da-DK")
    labels = [label for label in re.findall(r'aria-label="([^"]*)"', svg)
              if not label.startswith(("Title text", "Subtitle text"))
              and html.unescape(label) != spec.get("description")]
    roles = [role for role in re.findall(r'aria-roledescription="([^"]*)"', svg)
             if role not in ("title", "subtitle") and not role.endswith("mark container")]
    return labels, roles


def test_what_a_screen_reader_hears_inside_every_course_chart_is_danish(browser_mode):
    """Axes and legends ("X-axis titled ... for a discrete scale with 9 values") are hidden;
    every mark is named from its Danish tooltip, with Danish numbers."""
    import vl_convert

    oldest = vl_convert.get_vegalite_versions()[0]
    for figure in _course_charts():
        data, _metadata = charts.bundle(figure)
        labels, roles = _aria_of(data[charts.VEGALITE_MIME], oldest)
        what = figure.to_dict().get("description")
        assert labels and not [label for label in labels if _ENGLISH.search(label)], what
        assert not [label for label in labels if re.search(r"\d\.\d{4}", label)], what  # raw floats
        assert set(roles) <= set(charts_aria.MARK_ROLES.values()), what


def test_mark_descriptions_survive_quotes_and_missing_values_in_the_data():
    # (A double quote in a tooltip title breaks Vega-Lite's own tooltip, so titles have none.)
    frame = pd.DataFrame({"sted": ['Vej "A" \\ \'B\'', "Park"], "v": [1.2345, 2.0],
                          "andel": [None, 0.5]})
    chart = alt.Chart(frame).mark_bar().encode(
        x="v:Q", y="sted:N", tooltip=[alt.Tooltip("sted:N", title="Vejens 'navn'"),
                                      alt.Tooltip("v:Q", title="Værdi", format=".1f"),
                                      alt.Tooltip("andel:Q", format=".0%")])
    labels, roles = _aria_of(charts_aria.danish_aria(chart.to_dict()), "5.8")
    assert labels == ["Vejens 'navn': Vej &quot;A&quot; \\ 'B'; Værdi: 1,2; –",
                      "Vejens 'navn': Park; Værdi: 2,0; 50%"]
    assert roles == ["søjle", "søjle"]
    assert "description" not in chart.to_dict()["encoding"]  # the chart itself is unchanged

def test_chart_box_shows_charts_in_the_current_mode_and_stays_empty_on_a_bad_chart(
        browser_mode):
    box = ChartBox()
    box.show(sampling.chart(0.46, 300))
    # The chart, then its "Vis som tabel" (an output shows one kind of data).
    assert [list(o["data"]) for o in box.outputs] == [
        [charts.VEGALITE_MIME, "image/png", "text/plain"], ["text/html"]]
    assert "<summary>Vis som tabel</summary>" in box.outputs[1]["data"]["text/html"]

    class Broken:
        def to_dict(self, **_options):  # altair: validate=...
            raise ValueError("ugyldigt diagram")

    with pytest.raises(ValueError):
        box.show(sampling.chart(0.5, 100), Broken())
    assert box.outputs == ()  # not the old chart, not half of the new ones
    box.show_html("<p>Diagrammet kunne ikke tegnes.</p>")
    assert box.value == "<p>Diagrammet kunne ikke tegnes.</p>"
    digileder.setup(charts="svg")
    box.show(sampling.chart(0.46, 300))
    assert "<svg" in box.value



def test_chart_box_sets_charts_and_html_in_one_update_and_not_again_when_unchanged(
        browser_mode):
    box = ChartBox()
    updates = []
    box.observe(lambda change: updates.append(change["new"]), names="outputs")
    for _ in range(2):
        box.show(sampling.chart(0.46, 300), "<p>Forslag</p>")
    assert len(updates) == 1
    assert [list(o["data"]) for o in updates[0]] == [
        [charts.VEGALITE_MIME, "image/png", "text/plain"], ["text/html"], ["text/html"]]
    assert updates[0][2]["data"]["text/html"] == "<p>Forslag</p>"


def test_views_redraw_their_chart_in_place_without_a_new_output(browser_mode):
    """A ChartBox replaced its outputs per change: a new output and a new vega renderer in the
    page each time (issue 18). The views keep one live chart and only send it new state."""
    from digileder import explorer

    box = sampling.show_sample_size()
    survey = explorer.show()
    outputs, children = [], []
    for live_box in (box.children[-1], survey.output):
        live_box.static.observe(lambda change: outputs.append(change["new"]), names="outputs")
        live_box.observe(lambda change: children.append(change["new"]), names="children")
    charts_before = [box.children[-1].live[0], survey.output.live[0]]
    revisions = [live.revision for live in charts_before]
    box.field.value = 500
    survey.by.value = "region"
    survey.group.value = "leder"
    assert outputs == [] and children == []
    assert [box.children[-1].live[0], survey.output.live[0]] == charts_before
    assert [live.revision for live in charts_before] == [revisions[0] + 1, revisions[1] + 2]


PARTICIPANT = """
import sys
import digileder
digileder.setup()
from digileder import scenarios
from digileder import business_case
from digileder.ui.chart_box import ChartBox
import tests.test_chart_modes as t
box = ChartBox()
box.show(*t._course_charts())
business_case.show()
player = scenarios.show("ipads-i-vej-og-park", save=False)
while not player.run.is_finished:
    player.choose(0)
print(sum(t.charts.VEGALITE_MIME in o["data"] for o in box.outputs), "vl_convert" in sys.modules)
"""


def test_a_kernel_drawing_in_the_browser_marks_itself_for_kernels_it_starts(
        monkeypatch, browser_mode):
    """A teacher's `!digileder grade` from a Lab cell: the grading kernels must draw SVG."""
    assert os.environ[charts.PAGE_KERNEL] == ME
    child = subprocess.run([sys.executable, "-c", "from digileder import charts; "
                            "print(charts.default_mode())"], cwd=ROOT, capture_output=True,
                           text=True, env=os.environ | {"JPY_SESSION_NAME": "x.ipynb"})
    assert child.stdout.split()[-1:] == ["svg"], child.stderr[-1000:]


def test_a_participants_kernel_never_starts_the_javascript_engine(tmp_path):
    """In Lab (JPY_SESSION_NAME set) every chart, the business case and a scenario's ending
    are drawn without importing vl_convert, whose V8 costs 66 MiB per kernel."""
    env = {k: v for k, v in os.environ.items() if k not in INTERACTIVE}
    env |= {"JPY_SESSION_NAME": "modules/07.ipynb", "DIGILEDER_ANSWERS_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", PARTICIPANT], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[-2:] == [str(len(_course_charts())), "False"], done.stdout
