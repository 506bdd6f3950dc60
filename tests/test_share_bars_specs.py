"""charts.ShareBarsSpecs: the explorer's live chart gets share_bars' spec without altair when
only the rows and texts change (issue 18). It must be the spec altair would have made."""

from __future__ import annotations

import itertools
import json
import math

import pandas as pd
import pytest

import digileder
from digileder import chart_mode, charts, data, explorer
from digileder.ui import live_chart


@pytest.fixture(params=["browser", "svg"])
def mode(request):
    before = chart_mode.chosen()
    digileder.setup(request.param)
    yield request.param
    digileder.setup(before)


def _as_page_gets_it(spec: dict) -> tuple[dict, dict]:
    """Dataset names are hashes of the rows in altair's spec; the page gets fixed names."""
    return live_chart.split_data(spec)


def _states():
    """Tables the explorer draws: every split, each group, a filter, several questions."""
    frame = data.survey()
    questions = explorer.items(frame)
    for question, by, group in itertools.product(
            questions[:2] + questions[-2:], [None, *explorer.GROUPINGS],
            ["alle", "leder", "medarbejder"]):
        filters = {"gruppe": group}
        table = explorer.group_shares(frame, question, by, filters)
        drawable = table[table["drawable"]]
        if not drawable.empty:
            yield question, by, group, drawable


def test_every_explorer_state_gets_the_spec_altair_makes(mode, monkeypatch):
    built = []
    original = charts.share_bars
    monkeypatch.setattr(charts, "share_bars", lambda *a, **k: built.append(1) or original(*a, **k))
    specs = charts.ShareBarsSpecs()
    states = 0
    for question, by, group, table in _states():
        options = dict(n="n", lower="lower", upper="upper", chart_title=f"Spørgsmål {question}",
                       subtitle=[f"Opdelt efter {by}.", f"Hvem: {group}."],
                       description=f"Søjler for {question}, {by}, {group}.", simulated=True)
        fast = specs.spec(table, "gruppe", **options)
        slow = charts.spec(original(table, "gruppe", **options))
        assert _as_page_gets_it(fast) == _as_page_gets_it(slow), (question, by, group)
        json.dumps(fast)  # plain Python values: numpy's int64 cannot be sent to the page
        states += 1
    assert states > 20
    assert len(built) == 1, "altair built the chart again although its shape did not change"


def test_a_new_shape_is_built_by_altair(mode):
    frame = data.survey()
    table = explorer.group_shares(frame, explorer.items(frame)[0], "gruppe", {"gruppe": "alle"})
    specs = charts.ShareBarsSpecs()
    options = dict(chart_title="T", description="D", lower="lower", upper="upper")
    specs.spec(table, "gruppe", **options)
    highlighted = specs.spec(table, "gruppe", highlight="leder", **options)
    without_interval = specs.spec(table, "gruppe", chart_title="T", description="D")
    assert highlighted == charts.spec(charts.share_bars(table, "gruppe", highlight="leder",
                                                        **options))
    assert without_interval == charts.spec(charts.share_bars(table, "gruppe", chart_title="T",
                                                             description="D"))


def test_the_explorer_draws_the_same_chart_as_before(monkeypatch):
    """In the browser mode the explorer sends ShareBarsSpecs' spec; it is what the altair
    chart it reports (explorer.chart) gives, after every change."""
    before = chart_mode.chosen()
    digileder.setup("browser")
    try:
        widget = explorer.show()
        drawn = []
        for group, by in [("leder", "gruppe"), ("medarbejder", None), ("alle", "region")]:
            widget.group.value = group
            if by in widget.by.options or by is None:
                widget.by.value = by
            live = widget.output.live[0]
            expected = live_chart.LiveChart()
            expected.draw(widget.chart)
            drawn.append((live.spec, live.datasets, live.signals, live.description))
            assert drawn[-1] == (expected.spec, expected.datasets, expected.signals,
                                 expected.description), (group, by)
        assert len({str(d[1]) for d in drawn}) == 3  # three different sets of rows
    finally:
        digileder.setup(before)


def test_missing_values_are_none_as_in_altairs_spec(mode):
    table = pd.DataFrame({"gruppe": ["Nord", "Syd", "Øst"], "share": [0.4, 0.5, 0.25],
                          "n": [40, 30, 20], "note": ["a", None, "c"],
                          "extra": [1.5, math.nan, 2.0]})
    specs = charts.ShareBarsSpecs()
    options = dict(chart_title="Veje", description="Andel pr. område (opdigtet eksempel).")
    specs.spec(table.iloc[:1], "gruppe", **options)  # the first table makes the template
    fast = specs.spec(table, "gruppe", **options)
    slow = charts.spec(charts.share_bars(table, "gruppe", **options))
    assert _as_page_gets_it(fast) == _as_page_gets_it(slow)
    rows = next(iter(fast["datasets"].values()))
    assert rows[1]["note"] is None and rows[1]["extra"] is None
    assert json.loads(json.dumps(fast)) == fast
