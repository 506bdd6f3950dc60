"""The live chart (ui/live_chart.py): one vega view per chart, redrawn in place (issue 18)."""

from __future__ import annotations

import json
import re
import sys

import pytest

import digileder
from digileder import charts, sampling
from digileder.ui import live_chart
from digileder.ui.live_chart import LiveChart, LiveChartBox
from tests.conftest import ROOT

TOOL = ROOT / "tools" / "build_live_chart_bundle.py"


@pytest.fixture
def browser_mode(monkeypatch):
    monkeypatch.delenv(charts.PAGE_KERNEL, raising=False)
    digileder.setup(charts="browser")
    yield
    digileder.setup(charts="svg")


def _bars(values):
    import altair as alt
    import pandas as pd

    frame = pd.DataFrame({"vej": ["Vej A", "Park"], "km": values})
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("km:Q", title="Km"), y=alt.Y("vej:N", title="Vej"),
        tooltip=[alt.Tooltip("vej:N", title="Vej"), alt.Tooltip("km:Q", title="Km")],
    ).properties(title="Fejet vej", description="Km fejet vej pr. vej (opdigtet eksempel).")


def test_only_the_data_differs_when_only_the_numbers_change(browser_mode):
    """altair names data by a hash of its rows; fixed names let the page update the view's
    data (a vega changeset) instead of embedding the chart again."""
    first, second = LiveChart(), LiveChart()
    first.draw(_bars([1.5, 2.0]))
    second.draw(_bars([1.5, 3.0]))
    assert first.spec == second.spec
    assert first.datasets != second.datasets
    assert list(first.datasets) == ["digileder_data_0"]
    assert "digileder_data_0" in json.dumps(first.spec) and "data-" not in json.dumps(first.spec)
    # The screen reader's text follows the data.
    assert first.description != second.description
    assert "Vis som tabel" in first.table_html and first.table_html != second.table_html


def test_a_box_keeps_its_charts_and_ends_in_the_last_state(browser_mode):
    box = LiveChartBox()
    for n in [100, 900] * 10:  # flipped back and forth quickly
        box.show(sampling.chart(0.46, n))
    live = box.live[0]
    assert len(box.live) == 1 and box.children == (box.static, live)
    assert live.revision == 20
    last = LiveChart()
    last.draw(sampling.chart(0.46, 900))
    assert (live.datasets, live.description, live.table_html) == (
        last.datasets, last.description, last.table_html)


def test_a_box_says_nothing_old_after_a_bad_chart_and_draws_svg_in_batch_runs(browser_mode):
    class Broken:
        def to_dict(self, **_options):
            raise ValueError("ugyldigt diagram")

    box = LiveChartBox()
    box.show(sampling.chart(0.5, 100))
    with pytest.raises(ValueError):
        box.show(sampling.chart(0.5, 200), Broken())
    assert box.value == ""  # not the old chart
    box.show_html("<p>Diagrammet kunne ikke tegnes.</p>")
    assert box.value == "<p>Diagrammet kunne ikke tegnes.</p>"
    digileder.setup(charts="svg")  # grading, feedback, nbconvert: HTML that stands alone
    box.show(sampling.chart(0.46, 300))
    assert "<svg" in box.value and "Vis som tabel" in box.value
    assert all(not live.spec for live in box.live)


def test_the_page_gets_the_vega_bundle_by_message_not_as_saved_widget_state(browser_mode):
    chart = LiveChart()
    sent = []
    chart.send = sent.append
    chart._answer(chart, {"need": "bundle"}, [])
    chart._answer(chart, {"need": "noget andet"}, [])
    assert [message["kind"] for message in sent] == ["bundle"]
    assert sent[0]["source"] == live_chart.BUNDLE.read_text(encoding="utf-8")
    assert len(chart.get_state()["_esm"]) < 20_000  # saved with the notebook


def test_the_committed_bundle_is_built_from_the_snippet_with_the_pinned_vega_lite():
    """The bundle is generated (tools/build_live_chart_bundle.py), never edited: it carries
    the snippet's own texts, the Vega-Lite version the tool pins, and its licence note."""
    sys.path.insert(0, str(TOOL.parent))
    import build_live_chart_bundle as tool

    bundle = live_chart.BUNDLE.read_text(encoding="utf-8")
    snippet = tool.SNIPPET.read_text(encoding="utf-8")
    code = re.sub(r"^\s*//.*$|\s+//.*$", "", snippet, flags=re.M)  # comments are dropped
    texts = re.findall(r'"([^"\n]*)"', code)
    assert "export" in snippet and all(text in bundle for text in texts), "rebuild the bundle"
    assert bundle.startswith(tool.header())
    assert (live_chart.BUNDLE.parent / "LICENSE-vega.txt").is_file()


def test_a_new_title_or_another_number_of_bars_is_the_same_chart(browser_mode):
    """The explorer's 'Ledere' changes the subtitle (its filter), the number of bars and so the
    height: all three are data or signals, so the page updates its view instead of embedding
    the chart again (issue 18: p95 <= 100 ms)."""
    from digileder import explorer

    view = explorer.show()
    live = view.output.live[0]
    before = (live.spec, dict(live.signals), live.datasets)
    view.group.value = "leder"
    assert live.spec == before[0]
    assert live.signals != before[1] and live.datasets != before[2]
    assert live.signals["height"] < before[1]["height"]  # one bar instead of two
    assert any("Hvem: leder" in line for line in live.signals["digileder_title_subtitle"])
    assert live.spec["title"]["subtitle"] == {"expr": "digileder_title_subtitle"}
    assert "height" not in live.spec and "Hvem: leder" not in json.dumps(live.spec)


def test_lifted_signals_leave_an_expression_title_and_a_step_size_alone():
    shape = {"title": {"text": {"expr": "x"}, "subtitle": "Simulerede data"},
             "height": {"step": 20}, "width": 400}
    signals = live_chart.lift_signals(shape)
    assert signals == {"digileder_title_subtitle": "Simulerede data", "width": 400}
    assert shape == {"title": {"text": {"expr": "x"},
                               "subtitle": {"expr": "digileder_title_subtitle"}},
                     "height": {"step": 20}}


def test_the_same_chart_again_is_not_sent_to_the_page(browser_mode):
    """'Brug eksemplets tal igen' with the example's numbers still in the fields draws the same
    charts: the page must not redraw them (or rebuild their tables) for nothing."""
    chart = LiveChart()
    chart.draw(_bars([1.5, 2.0]))
    chart.draw(_bars([1.5, 2.0]))
    assert chart.revision == 1
    chart.draw(_bars([1.5, 2.5]))
    assert chart.revision == 2


def test_a_param_that_only_holds_a_value_is_a_signal_and_a_selection_stays():
    shape = {"params": [{"name": "digileder_groups", "value": ["leder"]},
                        {"name": "valgt", "select": "point"}]}
    assert live_chart.lift_signals(shape) == {"digileder_groups": ["leder"]}
    assert shape == {"params": [{"name": "valgt", "select": "point"}]}


def test_the_business_case_redraws_its_charts_in_place_after_your_own_numbers(browser_mode):
    """Your own numbers change the tornado's order and the charts' note ('Dine egne tal'), and
    'Brug eksemplets tal igen' brings the example back: each is new data and new signals for
    the same two charts, never a chart the page must embed anew."""
    from digileder.business_case import view

    calculator = view.show()
    charts_now = calculator.chart_box.live
    shapes = [live.spec for live in charts_now]
    orders = [live.signals.get("digileder_order") for live in charts_now]
    calculator.fields["investment"].value = "90.000.000"
    assert [live.spec for live in charts_now] == shapes
    assert [live.signals.get("digileder_order") for live in charts_now] != orders
    assert any("Dine egne tal" in " ".join(live.signals["digileder_title_subtitle"])
               for live in charts_now)
    revisions = [live.revision for live in charts_now]
    calculator.reset.click()
    assert [live.spec for live in charts_now] == shapes
    assert [live.signals.get("digileder_order") for live in charts_now] == orders
    assert [live.revision for live in charts_now] == [r + 1 for r in revisions]


def test_another_split_in_the_explorer_is_the_same_chart(browser_mode):
    """'Opdel efter' changes the groups and the subtitle ('Opdelt efter ledelsesniveau'), not
    the chart: no axis title names the split."""
    from digileder import explorer

    view = explorer.show()
    live = view.output.live[0]
    shape = live.spec
    for by in ("niveau", "region", None, "gruppe"):
        view.by.value = by
        assert live.spec == shape, by
    view.by.value = "niveau"
    assert "Opdelt efter ledelsesniveau." in live.signals["digileder_title_subtitle"][0]
    assert live.signals["digileder_order"] == ["chef", "afdelingsleder", "teamleder",
                                               "medarbejder"]
