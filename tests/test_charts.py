"""Charts render offline as inline SVG with Danish numbers, tooltips and descriptions."""

from __future__ import annotations

import re

import altair as alt
import pandas as pd
import vl_convert

import digileder
from digileder import charts, danish, stats


def _example():
    table = stats.share_table(pd.DataFrame({"g": ["x"] * 50 + ["y"] * 20,
                                            "v": [True] * 23 + [False] * 27 + [True] * 5
                                            + [False] * 15}), "v", by="g")
    return charts.share_bars(table, "g", lower="lower", upper="upper", chart_title="Test",
                             description="En testbeskrivelse", simulated=True)


def test_renderer_is_offline_svg_and_never_mimetype():
    """Does digileder.setup() (each notebook's first cell) switch on the offline renderer?"""
    digileder.setup()
    assert alt.renderers.active == charts.RENDERER
    bundle = alt.renderers.get()(_example().to_dict())
    assert set(bundle) == {"text/html", "text/plain"}
    html = bundle["text/html"]
    assert "<svg" in html
    assert not re.search(r"<script|<link|https?://(?!www\.w3\.org)", html)


def test_svg_has_danish_numbers_tooltips_and_description():
    svg = charts.to_svg(_example())
    assert re.search(r'aria-label="Søjlediagram: Test\. [^"]*En testbeskrivelse\.', svg)
    assert "<title>" in svg and "46 pct. (n = 50)" in svg
    assert "Simulerede data" in svg
    assert re.search(r"\b\d+,\d", danish.number(0.5, 1))


def _clipped(width):
    frame = pd.DataFrame({"x": [1, 2, 3], "y": [1, 5, 9]})
    return alt.Chart(frame, description="Linje").mark_line(clip=True).encode(
        x="x:Q", y=alt.Y("y:Q", scale=alt.Scale(domain=[0, 4]))).properties(width=width)


def test_ids_are_unique_per_chart_so_several_charts_share_a_page():
    one, two = charts.to_svg(_clipped(200)), charts.to_svg(_clipped(300))
    assert set(re.findall(r'url\(#([^)]+)\)', one)) == set(re.findall(r'id="([^"]+)"', one))
    ids_one = set(re.findall(r'id="([^"]+)"', one))
    ids_two = set(re.findall(r'id="([^"]+)"', two))
    assert ids_one and ids_two and not ids_one & ids_two


def test_a_chart_drawn_again_comes_from_the_cache(monkeypatch):
    calls = []
    real = vl_convert.vegalite_to_svg
    monkeypatch.setattr(vl_convert, "vegalite_to_svg",
                        lambda spec, **kw: calls.append(1) or real(spec, **kw))
    monkeypatch.setattr(charts, "_SVG_CACHE", type(charts._SVG_CACHE)())
    first = charts.to_svg(_clipped(210))
    assert charts.to_svg(_clipped(210)) == first and len(calls) == 1
    charts.to_svg(_clipped(220))
    assert len(calls) == 2


def test_danish_number_formats():
    assert danish.pct(0.46) == "46 pct."
    assert danish.number(1264) == "1.264"
    assert danish.number(0.46, 2) == "0,46"
    assert danish.kroner(1250000) == "1.250.000 kr."
    assert danish.parse_number("1.250.000") == 1250000
    assert danish.parse_number("3,5") == 3.5
    assert danish.parse_number("3.5") == 3.5
    assert danish.parse_number("250.000") == 250000
    assert danish.parse_number("-1.500") == -1500
    assert danish.parse_number("12,5 pct.") == 12.5


def test_parse_number_explains_in_danish():
    import pytest

    with pytest.raises(ValueError, match="er ikke et tal"):
        danish.parse_number("mange")


def test_wilson_interval_contains_the_share_and_narrows_with_n():
    low_small, high_small = stats.wilson_interval(23, 50)
    low_big, high_big = stats.wilson_interval(230, 500)
    assert low_small < 0.46 < high_small
    assert high_big - low_big < high_small - low_small
    assert stats.wilson_interval(0, 10)[0] == 0.0
