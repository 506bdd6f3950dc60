"""Does every chart the course draws tell a screen reader what it shows, and offer its numbers
as a table ("Vis som tabel")? Is colour never the only carrier of meaning? (issue 18, WCAG
1.1.1 and 1.4.1). The browser test (tests/browser/test_voila.py) checks the same in Voila."""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

import digileder
from digileder import business_case as bc
from digileder import charts, data, explorer, maturity, sampling, stats, warmup
from digileder.business_case import chart as bc_chart
from digileder.ui import chart_table

digileder.setup()


def _instrument_scores(step: float = 0.4) -> dict[str, float]:
    return {d: 2.0 + i * step for i, d in enumerate(maturity.DIMENSION_IDS)}


@functools.cache
def _course_charts():
    """Every kind of chart a participant meets, as the modules draw them."""
    inputs, _meta = bc.load_case("ipads-i-vej-og-park")
    scores = _instrument_scores()
    survey_explorer = explorer.show()
    return {
        "warmup (00)": warmup.chart(),
        "ranking (02)": charts.ranking(
            data.cok_themes(), "theme", "rank", "rank_status", chart_title="Ni temaer",
            description="Prikker for ni temaer; kun plads 9 er kendt"),
        "sampling (02)": sampling.chart(0.46, 100),
        "explorer (02, 03)": survey_explorer.chart,
        "maturity (03)": maturity.profile_chart(scores, previous={d: 3.0 for d in scores}),
        "maturity in the plan (08)": maturity.profile_chart(scores, peers=False),
        "cash flow (07)": bc_chart.cashflow_chart(inputs),
        "tornado (07)": bc_chart.tornado_chart(inputs),
    }


class _Figure(HTMLParser):
    """The parts of a chart's HTML that a screen reader and a keyboard user meet."""

    def __init__(self, html: str):
        super().__init__()
        self.svg: dict = {}
        self.summary, self.caption, self.header_scopes, self.rows = "", "", [], 0
        self._in: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg" and not self.svg:
            self.svg = attrs
        if tag == "th":
            self.header_scopes.append(attrs.get("scope"))
        if tag == "tr" and "tbody" in self._in:
            self.rows += 1
        self._in.append(tag)

    def handle_endtag(self, tag):
        if tag in self._in:
            del self._in[len(self._in) - 1 - self._in[::-1].index(tag):]

    def handle_data(self, text):
        if self._in and self._in[-1] == "summary":
            self.summary += text
        if self._in and self._in[-1] == "caption":
            self.caption += text


def marks_in_largest_container(svg: str) -> int:
    """The chart's data as drawn: marks (with a tooltip) in its biggest mark container."""
    containers = [part for part in re.split(r'<g class="mark-', svg)
                  if re.match(r"\w+ role-mark ", part)]
    return max(part.count('role="graphics-symbol"') for part in containers)


@pytest.mark.parametrize("name", list(_course_charts()))
def test_every_chart_has_a_text_alternative_and_a_table_of_its_numbers(name):
    chart = _course_charts()[name]
    spec = chart.to_dict()
    html = charts.to_html(chart)
    figure = _Figure(html)
    title = chart_table.title_lines(spec)[0]
    label = figure.svg.get("aria-label", "")
    assert figure.svg.get("role") == "img"
    assert title in label and len(label) > len(title) + 40, label
    assert re.match(r"(Søjlediagram|Linjediagram|Prikdiagram|Diagram med streger): ", label)
    assert figure.summary == "Vis som tabel"
    assert figure.caption == title
    assert figure.header_scopes and set(figure.header_scopes) <= {"col", "row"}
    assert figure.rows == marks_in_largest_container(html), name


def test_the_renderer_and_to_html_show_the_same_figure():
    """Charts displayed in a cell (the renderer) and charts inside widgets (to_html) alike."""
    chart = warmup.chart()
    bundle = alt_bundle(chart)
    assert bundle["text/html"] == charts.to_html(chart)
    assert bundle["text/plain"].startswith("Søjlediagram: ")


def alt_bundle(chart) -> dict:
    import altair as alt

    return alt.renderers.get()(chart.to_dict())


def test_the_text_alternative_reads_the_numbers_when_the_description_has_none():
    label = chart_table.text_alternative(warmup.chart().to_dict())
    assert "Simulerede data" in label
    assert "Tallene: chef, Andel 30 pct. (n = 40)" in label


def test_long_tables_are_not_read_out_in_full():
    frame = pd.DataFrame({"g": [f"gruppe {i}" for i in range(30)], "share": [0.5] * 30,
                          "n": [40] * 30})
    chart = charts.share_bars(frame, "g", chart_title="Tredive grupper", description="Søjler")
    label = chart_table.text_alternative(chart.to_dict())
    assert "gruppe 11," in label and "gruppe 12," not in label
    assert "og 18 rækker mere i tabellen" in label
    assert _Figure(charts.to_html(chart)).rows == 30


def test_hostile_labels_are_escaped_in_the_table_and_the_text_alternative():
    frame = pd.DataFrame({"g": ['<script>alert(1)</script>', 'a "quote"'], "share": [0.2, 0.4],
                          "n": [20, 30]})
    html = charts.to_html(charts.share_bars(frame, "g", chart_title="<b>T</b>",
                                            description="D"))
    assert "<script>" not in html and "<b>T</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_colour_is_never_the_only_carrier_of_meaning():
    """What a colour says is also in the table: which sample is yours, known or illustrative
    place, low or high end of an assumption. (A scenario's ending says up or down in words in
    its own table: tests/test_scenarios.py.)"""
    in_table = {
        "sampling (02)": ("Din valgte stikprøve", "ja"),
        "ranking (02)": ("Placeringen er", "kendt"),
        "tornado (07)": ("Antagelsen sat til", "Høj værdi"),
        "maturity (03)": ("Simuleret median", None),
    }
    drawn = _course_charts()
    for name, (header, value) in in_table.items():
        table = chart_table.from_spec(drawn[name].to_dict())
        assert header in table.headers, name
        column = table.headers.index(header)
        assert value is None or value in [row[column] for row in table.rows], name
    # On the chart itself, too: the chosen sample is labelled, known places have a shape.
    assert "← din stikprøve" in charts.to_svg(drawn["sampling (02)"])
    assert drawn["ranking (02)"].to_dict()["encoding"]["shape"]["field"] == "rank_status"


def test_every_dimension_of_the_maturity_profile_has_its_grey_line():
    """The simulated middle half was drawn on one row named 'undefined' (y field mismatch)."""
    svg = charts.to_svg(maturity.profile_chart(_instrument_scores()))
    assert "undefined" not in svg
    rules = re.findall(r'<g class="mark-rule role-mark .*?</g>', svg, re.S)[0]
    rows = set(re.findall(r'aria-label="[^"]*?Dimension: ([^;"]+)', rules))
    assert rows == set(maturity.load_items().dimension(d).name for d in maturity.DIMENSION_IDS)


def test_the_maturity_table_has_one_row_per_dimension_with_every_series():
    scores = _instrument_scores()
    table = chart_table.from_spec(maturity.profile_chart(scores, {d: 3.0 for d in scores})
                                  .to_dict())
    assert table.headers == ["Dimension", maturity.NOW, maturity.BEFORE, maturity.PEERS,
                             "Midterste halvdel af de simulerede"]
    assert len(table.rows) == len(scores)
    assert table.rows[0][1:3] == ["2,0", "3,0"] and re.fullmatch(r"\d,\d-\d,\d",
                                                                 table.rows[0][4])


def test_a_chart_without_tooltips_still_gets_a_text_alternative_but_no_empty_table():
    import altair as alt

    chart = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_bar().encode(x="x:Q").properties(
        title="Uden værktøjstip", description="To søjler")
    html = charts.to_html(chart)
    assert "<details" not in html
    assert 'aria-label="Søjlediagram: Uden værktøjstip. To søjler."' in html


def test_stats_share_table_charts_get_rows_for_every_group():
    table = stats.share_table(pd.DataFrame({"g": ["x"] * 30 + ["y"] * 30,
                                            "v": [True, False] * 30}), "v", by="g")
    chart = charts.share_bars(table, "g", lower="lower", upper="upper", chart_title="T",
                              description="D")
    assert [row[0] for row in chart_table.from_spec(chart.to_dict()).rows] == ["x", "y"]


def test_a_chart_drawn_in_the_browser_is_named_by_its_text_alternative_and_followed_by_its_table():
    """In Lab and Voila the page's vega draws the chart: vega-embed names it with the spec's
    description, and the table comes as the next output (ChartBox and charts.show)."""
    from digileder.ui.chart_box import ChartBox

    chart = warmup.chart()
    digileder.setup(charts="browser")
    try:
        data, _metadata = charts.bundle(chart)
        spec = data[charts.VEGALITE_MIME]
        assert spec["description"] == chart_table.text_alternative(chart.to_dict())
        assert data["text/plain"] == spec["description"]
        box = ChartBox()
        box.show(chart)
        table = box.outputs[1]["data"]["text/html"]
        assert _Figure(table).rows == 3 and _Figure(table).summary == "Vis som tabel"
    finally:
        digileder.setup(charts="svg")
    assert charts.table_bundle(chart) is None  # SVG: the table is part of the chart's HTML
    box = ChartBox()
    box.show(chart)
    assert len(box.outputs) == 1 and "<summary>Vis som tabel</summary>" in box.value
