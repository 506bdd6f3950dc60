"""Chart builders and the offline renderer every module uses.

Rendering: altair's default renderer loads vega from a CDN, which fails on a
locked-down municipal network, and its mimetype renderer (Vega-Lite 6) is not
rendered by JupyterLab 4. The course draws charts in one of two ways, both with
no network (docs/benchmarks.md, "Diagrammer tegnet i browseren"):

- "browser": the kernel sends the Vega-Lite spec as `application/vnd.vegalite.v5+json`,
  and JupyterLab 4 and Voilà 0.5 draw it with the vega libraries they ship themselves.
  The kernel never starts a JavaScript engine (vl-convert's V8 costs 66 MiB per kernel).
- "svg": the kernel draws SVG with vl-convert and shows it inline as HTML. For HTML that
  must stand alone: nbgrader's autograde and feedback, nbconvert, the plan export.

By default a kernel draws in the browser when a JupyterLab or Voilà page shows its
outputs, and SVG in batch runs (nbgrader, nbval, nbconvert). The setting
DIGILEDER_CHARTS=svg (or =browser) overrides that.

Numbers use Danish style (decimal comma, '.' for thousands, 'pct.'), colours the
Okabe-Ito palette (safe for colour blindness), and every chart carries a text
description for screen readers.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import OrderedDict

from digileder import chart_mode
from digileder.chart_mode import MODES, PAGE_KERNEL, SETTING, default_mode  # noqa: F401
from digileder.palette import ACCENT, GOOD, MAIN, MUTED, PALETTE  # noqa: F401
from digileder.ui import chart_table
from digileder.ui import html as ui_html

# jsonschema imports rfc3987_syntax only to check the "iri" format, which altair never uses;
# the import builds a grammar that costs ~1 s CPU and ~16 MiB in every kernel
# (docs/benchmarks.md). It must happen before altair is imported (setup() does it as well).
sys.modules.setdefault("rfc3987_syntax", None)

import altair as alt  # noqa: E402
import pandas as pd  # noqa: E402

from digileder import altair_speed, charts_aria, danish, stats  # noqa: E402

altair_speed.build_class_table_once()
RENDERER = "digileder"
# JupyterLab 4.6 draws Vega-Lite 5 (5.6.1; Voilà 0.5.13 has 5.21). altair 6 writes
# Vega-Lite 6 specs; the course's charts use nothing that Vega-Lite 5 lacks (test_chart_modes.py
# compiles every one with Vega-Lite 5.8, the oldest vl-convert has).
VEGALITE_MIME = "application/vnd.vegalite.v5+json"
VEGALITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
# Danish numbers in the browser as in the SVG (decimal comma, '.' for thousands). No actions
# menu: its "Open in Vega Editor" sends the chart to a website. SVG, not canvas: screen
# readers get the chart's description and every mark's label.
DANISH_FORMAT = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " kr."]}
EMBED_OPTIONS = {"actions": False, "renderer": "svg", "formatLocale": DANISH_FORMAT}
# Lab's and Voilà's vega renderer turns a drawn chart into a PNG and stores it in the output
# unless the output has one: that costs time after every draw, makes saved notebooks bigger
# and fails in Voilà ("e.setData is not a function"). A 1x1 transparent PNG stops it; the
# renderer ranks Vega-Lite above PNG, so the placeholder is never shown in Lab or Voilà.
PNG_PLACEHOLDER = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8"
                   "AAAAASUVORK5CYII=")
SIMULATED_NOTE = "Simulerede data – ikke svar fra en rigtig undersøgelse"
WIDTH = 520
_BOX_STYLE = "max-width:100%;overflow-x:auto"

_MARK_WITH_LABEL = re.compile(
    r'<(path|line|rect|circle|text)([^>]*?role="graphics-symbol"[^>]*?aria-label="([^"]*)"[^>]*?)/>'
)


def _svg_with_tooltips(svg: str, description: str) -> str:
    """Add <title> tooltips to marks, a description for screen readers, unique ids."""
    svg = _MARK_WITH_LABEL.sub(r"<\1\2><title>\3</title></\1>", svg)
    # Several SVGs share one HTML page: give clip-path and gradient ids a prefix.
    prefix = "d" + hashlib.sha1(svg.encode()).hexdigest()[:8] + "-"
    svg = re.sub(r'id="([^"]+)"', rf'id="{prefix}\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}\1)", svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}\1"', svg)
    label = ui_html.text(description)
    return svg.replace(
        "<svg ", f'<svg role="img" aria-label="{label}" ', 1
    ).replace(">", f"><title>{label}</title>", 1)


# Widgets often redraw a chart they drew before (a toggle flipped back, "Se svaret" clicked
# again). Rendering costs ~0.1 s in V8; a small cache makes the repeat instant.
_SVG_CACHE: OrderedDict[str, str] = OrderedDict()
_SVG_CACHE_SIZE = 32


def _svg_for(spec: dict) -> str:
    key = json.dumps(spec, sort_keys=True, default=str)
    if key in _SVG_CACHE:
        _SVG_CACHE.move_to_end(key)
        return _SVG_CACHE[key]
    import vl_convert as vlc  # starts V8 (+66 MiB) at the first chart: only when SVG is needed

    svg = vlc.vegalite_to_svg(charts_aria.danish_aria(spec), format_locale="da-DK",
                              time_format_locale="da-DK")
    svg = _svg_with_tooltips(svg, chart_table.text_alternative(spec))
    _SVG_CACHE[key] = svg
    if len(_SVG_CACHE) > _SVG_CACHE_SIZE:
        _SVG_CACHE.popitem(last=False)
    return svg


def to_svg(chart: alt.TopLevelMixin) -> str:
    """The chart as a standalone SVG string, rendered without network access."""
    return _svg_for(chart.to_dict())


def to_html(chart: alt.TopLevelMixin) -> str:
    """The chart as standalone HTML: the SVG with its text alternative and, under it, its
    numbers in a "Vis som tabel" table (ui/chart_table.py)."""
    return _figure(chart.to_dict())


def _figure(spec: dict) -> str:
    return chart_table.figure_html(_svg_for(spec), spec, style=_BOX_STYLE)


def _render_svg(spec: dict) -> dict:
    return {"text/html": _figure(spec), "text/plain": chart_table.text_alternative(spec)}


def _render_browser(spec: dict) -> tuple[dict, dict]:
    # vega-embed makes the description the chart's accessible name (aria-label).
    alternative = chart_table.text_alternative(spec)
    spec = {**charts_aria.danish_aria(spec), "$schema": VEGALITE_SCHEMA,
            "description": alternative}
    data = {VEGALITE_MIME: spec, "image/png": PNG_PLACEHOLDER, "text/plain": alternative}
    return data, {VEGALITE_MIME: {"embed_options": EMBED_OPTIONS}}


def table_bundle(chart: alt.TopLevelMixin, chart_spec: dict | None = None) -> dict | None:
    """The chart's "Vis som tabel" as an output of its own, for charts drawn in the browser
    (an output shows one kind of data: the Vega-Lite chart or HTML). None in the svg mode,
    where the table is part of the chart's HTML, or when the chart has no numbers."""
    if chart_mode.current() != "browser":
        return None
    table = chart_table.from_spec(chart_spec or spec(chart))
    return {"text/html": chart_table.table_html(table)} if table else None


def show(*figures) -> None:
    """Display charts, each followed by its "Vis som tabel" (use instead of display())."""
    from IPython.display import display

    for figure in figures:
        display(figure)
        table = table_bundle(figure)
        if table:
            display(table, raw=True)


def _render(spec: dict, **_options):
    return _render_browser(spec) if chart_mode.current() == "browser" else _render_svg(spec)


def spec(chart: alt.TopLevelMixin) -> dict:
    """The chart's Vega-Lite spec. Checked against Vega-Lite's schema only where SVG is drawn
    in the kernel: in the browser mode a participant waits for every redraw, and the check
    (~15 ms) finds nothing new there, as every kind of course chart is checked by
    tests/test_chart_modes.py and the structure of a chart never depends on its data."""
    return chart.to_dict(validate=chart_mode.current() != "browser")


def bundle(chart: alt.TopLevelMixin, chart_spec: dict | None = None) -> tuple[dict, dict]:
    """The chart's display data and metadata as it is drawn now (raises if it is invalid)."""
    result = _render(chart_spec or spec(chart))
    return result if isinstance(result, tuple) else (result, {})


@alt.theme.register("digileder", enable=False)
def _theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "range": {"category": PALETTE},
            "font": "sans-serif",
            "title": {"anchor": "start", "fontSize": 15, "subtitleFontSize": 12,
                      "subtitleColor": "#555"},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 320},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
            "view": {"stroke": None},
        }
    }


def enable_offline_rendering(how: str | None = None) -> None:
    """Draw every altair chart with no network: in the browser or as inline SVG, `how` or
    else default_mode(). digileder.setup() does the same without importing altair."""
    chart_mode.choose(how)
    switch_on()


def switch_on() -> None:
    """Switch altair to the course's offline renderer and theme (the mode is chart_mode's)."""
    if RENDERER not in alt.renderers.names():
        alt.renderers.register(RENDERER, _render)
    alt.renderers.enable(RENDERER)
    alt.theme.enable("digileder")


def title(text: str, subtitle: str | list[str] | None = None, simulated: bool = False):
    """A chart title; simulated data always says so in the subtitle."""
    return alt.TitleParams(**title_spec(text, subtitle, simulated))


def title_spec(text: str, subtitle: str | list[str] | None = None,
               simulated: bool = False) -> dict:
    """title() as it stands in the Vega-Lite spec."""
    lines = [subtitle] if isinstance(subtitle, str) else list(subtitle or [])
    if simulated:
        lines.append(SIMULATED_NOTE)
    return {"text": text, "subtitle": lines} if lines else {"text": text}


ORDER_PARAM = "digileder_order"


def fixed_order(values) -> tuple[alt.Parameter, alt.Scale]:
    """A param holding the categories in the order they are drawn, and a scale that draws them
    in it. Give the chart the param with `alt.layer(..., params=[order.param])` (add_params()
    costs 2 ms more). Not a sort list: a live chart (ui/live_chart.py) whose categories or
    order change then gets a new param value (a vega signal) and new data, not a new chart."""
    order = alt.param(name=ORDER_PARAM, value=list(values))
    return order, alt.Scale(domain=alt.expr(order.name))


def share_bars_data(frame: pd.DataFrame, category: str, share: str = "share", *,
                    n: str | None = "n", lower: str | None = None,
                    upper: str | None = None) -> pd.DataFrame:
    """The rows share_bars() draws: the frame with pct, label ('46 pct. (n = 250)') and, with
    lower and upper, lo, hi and interval."""
    stats.require_columns(frame, category, share, n, lower, upper)
    data = frame.copy()
    data["pct"] = data[share] * 100
    data["label"] = data[share].map(lambda v: danish.pct(v))
    if n:
        data["label"] = data["label"] + data[n].map(lambda v: f" (n = {danish.number(v)})")
    if lower and upper:
        data["lo"], data["hi"] = data[lower] * 100, data[upper] * 100
        data["interval"] = [
            f"{danish.number(lo, 0)}-{danish.number(hi, 0)} pct." for lo, hi in
            zip(data["lo"], data["hi"], strict=True)
        ]
    return data


def share_bars(
    frame: pd.DataFrame,
    category: str,
    share: str = "share",
    *,
    n: str | None = "n",
    lower: str | None = None,
    upper: str | None = None,
    chart_title: str,
    subtitle: str | list[str] | None = None,
    description: str,
    simulated: bool = False,
    category_title: str = "",
    highlight: str | None = None,
) -> alt.Chart:
    """Horizontal bars of proportions (0-1) in pct., with 95 pct. intervals if given.

    Every bar is labelled '46 pct. (n = 250)' so the size of the group is never hidden.
    """
    data = share_bars_data(frame, category, share, n=n, lower=lower, upper=upper)
    tooltip = [alt.Tooltip(f"{category}:N", title=category_title or "Gruppe"),
               alt.Tooltip("label:N", title="Andel")]
    if lower and upper:
        tooltip.append(alt.Tooltip("interval:N", title="95 pct. sikkerhedsinterval"))
    groups, in_order = fixed_order(data[category])
    y = alt.Y(f"{category}:N", sort=None, title=category_title, scale=in_order)
    colour = (
        alt.condition(alt.datum[category] == highlight, alt.value(ACCENT), alt.value(MAIN))
        if highlight else alt.value(MAIN)
    )
    base = alt.Chart()  # the data goes on the layer chart: altair then does not compare
    # (hash) every layer's copy of it at each redraw
    bars = base.mark_bar(height={"band": 0.7}).encode(
        x=alt.X("pct:Q", title="Andel (pct.)", scale=alt.Scale(domain=[0, 100])),
        y=y, color=colour, tooltip=tooltip,
    )
    layers = [bars]
    if lower and upper:
        layers.append(base.mark_rule(color="#222", strokeWidth=1.5).encode(
            x="lo:Q", x2="hi:Q", y=y, tooltip=tooltip))
    layers.append(base.mark_text(align="left", dx=4, dy=-9 if lower else 0, fontSize=11).encode(
        x=alt.X("hi:Q" if lower else "pct:Q"), y=y, text="label:N"))
    return alt.layer(*layers, data=data, params=[groups.param]).properties(
        width=WIDTH, height=max(60, 34 * len(data)),
        title=title(chart_title, subtitle, simulated), description=description,
    )


class ShareBarsSpecs:
    """share_bars() as Vega-Lite specs for a chart redrawn in place (ui/live_chart.py), with
    altair run only when the chart's shape changes (issue 18: 19 of the 27 ms an explorer
    change took in the kernel went to building the altair chart and its spec). Otherwise a
    copy of the last spec gets what depends on the rows and the texts: the rows, the order of
    the bars, the height, the title and the description. tests/test_share_bars_specs.py
    compares the result with altair's."""

    TEXTS = ("chart_title", "subtitle", "description")

    def __init__(self):
        self._shape: tuple | None = None
        self._template: dict = {}

    def spec(self, frame: pd.DataFrame, category: str, share: str = "share",
             **options) -> dict:
        """spec(share_bars(frame, category, share, **options))."""
        texts = {key: options.pop(key, None) for key in self.TEXTS}
        data = share_bars_data(frame, category, share, n=options.get("n", "n"),
                               lower=options.get("lower"), upper=options.get("upper"))
        shape = (category, share, tuple(sorted(options.items())), tuple(data.columns),
                 alt.theme.active, chart_mode.current())
        if shape != self._shape:
            self._template = spec(share_bars(frame, category, share, **options, **texts))
            self._shape = shape
            return self._template
        result = dict(self._template)
        (name,) = result["datasets"]  # the name stays: only the page's copy of the rows changes
        result["datasets"] = {name: _records(data)}
        result["params"] = [dict(param, value=list(data[category]))
                            if param.get("name") == ORDER_PARAM else param
                            for param in result["params"]]
        result["height"] = max(60, 34 * len(data))
        result["title"] = title_spec(texts["chart_title"], texts["subtitle"],
                                     options.get("simulated", False))
        result["description"] = texts["description"]
        return result


def _records(data: pd.DataFrame) -> list[dict]:
    """The rows as altair puts them in a spec: plain Python values, None for a missing one."""
    return data.astype(object).where(data.notna(), None).to_dict("records")


def ranking(
    frame: pd.DataFrame, label: str, rank: str, status: str, *, chart_title: str,
    description: str, subtitle: str | None = None,
) -> alt.Chart:
    """Ranked list as dots, with known and illustrative places in different colours and
    shapes (never colour alone)."""
    data = frame.sort_values(rank)
    return alt.Chart(data).mark_point(size=220, filled=True, opacity=1).encode(
        x=alt.X(f"{rank}:O", title="Placering (1 = vigtigst)"),
        y=alt.Y(f"{label}:N", sort=list(data[label]), title=""),
        color=alt.Color(f"{status}:N", title="Placeringen er",
                        scale=alt.Scale(domain=["kendt", "illustrativ"], range=[ACCENT, MUTED])),
        shape=alt.Shape(f"{status}:N", title="Placeringen er", scale=alt.Scale(
            domain=["kendt", "illustrativ"], range=["diamond", "circle"])),
        tooltip=[alt.Tooltip(f"{label}:N", title="Tema"),
                 alt.Tooltip(f"{rank}:O", title="Placering"),
                 alt.Tooltip(f"{status}:N", title="Placeringen er")],
    ).properties(width=WIDTH - 200, height=34 * len(data),
                 title=title(chart_title, subtitle), description=description)


if chart_mode.chosen():  # setup() ran before the first chart module was imported
    switch_on()
