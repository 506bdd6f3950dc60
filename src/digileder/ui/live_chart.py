"""Charts that are redrawn in place (issue 18: every component answers within 100 ms).

A ChartBox (ui/chart_box.py) replaces its outputs on every change, so the page makes a new
output, a new vega renderer compiles Vega-Lite to Vega and draws from scratch. A LiveChart
keeps ONE vega view in the page: when only the chart's data, title, size or order of bars
changed, the page gives the view the new rows (a vega changeset) and sets the rest as signals;
when the chart's shape changed (other marks, axes, fields), it embeds the chart again in the
same element. Its JavaScript (live_chart_js/widget.js) is small
widget state; the vega libraries (bundle.js, built by tools/build_live_chart_bundle.py) go to
the page once by a message when it asks, so they are not saved in the notebook (900 KB per
chart). No network, no CDN.

LiveChartBox has ChartBox's methods and draws with LiveCharts where the page draws charts
("browser" mode); in the "svg" mode (grading, feedback, nbconvert) it is a ChartBox.
"""

from __future__ import annotations

import json
from pathlib import Path

import anywidget
import ipywidgets as widgets
import traitlets

from digileder import chart_mode, charts, charts_aria
from digileder.ui import chart_table
from digileder.ui.chart_box import ChartBox

JS = Path(__file__).resolve().parent / "live_chart_js"
BUNDLE = JS / "bundle.js"
DATA_NAME = "digileder_data"


class LiveChart(anywidget.AnyWidget):
    """One chart drawn by the page's own copy of vega; `draw(chart)` updates it in place."""

    _esm = JS / "widget.js"
    # The spec without its data and description: the page compares it with the drawn one.
    spec = traitlets.Dict().tag(sync=True)
    datasets = traitlets.Dict().tag(sync=True)
    # Title, size and value-only params (the order of bars), set as vega signals: a new
    # subtitle or one bar more is no new chart.
    signals = traitlets.Dict().tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    table_html = traitlets.Unicode("").tag(sync=True)
    embed_options = traitlets.Dict(charts.EMBED_OPTIONS).tag(sync=True)
    # Bumped once per change, after the rest is set: the page redraws on it, once.
    revision = traitlets.Int(0).tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.on_msg(self._answer)

    def _answer(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("need") == "bundle":
            self.send({"kind": "bundle", "source": BUNDLE.read_text(encoding="utf-8")})

    def draw(self, chart, chart_spec: dict | None = None) -> None:
        """Draw this altair chart instead of the one shown (raises if it cannot be built)."""
        spec = chart_spec or charts.spec(chart)
        table = chart_table.from_spec(spec)
        shape, datasets = split_data(charts_aria.danish_aria(spec))
        shape.pop("description", None)
        shape.pop("usermeta", None)  # the table, sent as table_html
        shape["$schema"] = charts.VEGALITE_SCHEMA
        signals = lift_signals(shape)
        description = chart_table.text_alternative(spec, table)
        table_html = str(chart_table.table_html(table)) if table else ""
        drawn = (self.spec, self.datasets, self.signals, self.description, self.table_html)
        if drawn == (shape, datasets, signals, description, table_html):
            return  # the same chart: the page has nothing to redraw
        with self.hold_sync():
            self.spec, self.datasets, self.signals = shape, datasets, signals
            self.description, self.table_html = description, table_html
            self.revision += 1

    def clear(self) -> None:
        with self.hold_sync():
            self.spec, self.datasets, self.signals = {}, {}, {}
            self.description, self.table_html = "", ""
            self.revision += 1


def split_data(spec: dict) -> tuple[dict, dict]:
    """(spec without data, {name: rows}). altair names a dataset by a hash of its rows; here
    the names are fixed (digileder_data_0, ...), so a chart whose data alone changed has the
    same spec as before and the page can send the view the new rows."""
    datasets = spec.get("datasets") or {}
    names = {old: f"{DATA_NAME}_{i}" for i, old in enumerate(datasets)}
    shape = _renamed({k: v for k, v in spec.items() if k != "datasets"}, names)
    if names:
        shape["datasets"] = {}  # the page puts the rows back before it embeds
    return shape, {names[old]: rows for old, rows in datasets.items()}


def lift_signals(shape: dict) -> dict:
    """Move what may change without making a new chart out of the shape into {signal: value}:
    the top-level params that only hold a value (share_bars' order of its bars), the title's
    text and subtitle (the title then reads its signal, {"expr": name}), and a fixed width and
    height. The page puts them back as params (width and height as they were) when it embeds
    the chart, and sets them on its view when only they and the data changed."""
    signals = {}
    params = []
    for param in shape.pop("params", []):
        if isinstance(param, dict) and set(param) == {"name", "value"}:
            signals[param["name"]] = param["value"]
        else:
            params.append(param)  # a selection or a bound input is part of the chart
    if params:
        shape["params"] = params
    title = shape.get("title")
    if isinstance(title, str | list):
        title = {"text": title}
    if isinstance(title, dict):
        title = dict(title)
        for part in ("text", "subtitle"):
            if part in title and not isinstance(title[part], dict):  # not already an expr
                name = f"digileder_title_{part}"
                signals[name], title[part] = title[part], {"expr": name}
        shape["title"] = title
    for size in ("width", "height"):
        if isinstance(shape.get(size), int | float):
            signals[size] = shape.pop(size)
    return signals


def _renamed(part, names: dict):
    if isinstance(part, dict):
        return {key: names.get(value, value) if key == "name" and isinstance(value, str)
                else _renamed(value, names) for key, value in part.items()}
    if isinstance(part, list):
        return [_renamed(value, names) for value in part]
    return part


class LiveChartBox(widgets.VBox):
    """ChartBox's methods (show, show_html, clear, value); charts redrawn in place."""

    def __init__(self, **kwargs):
        self.static = ChartBox()  # messages, and every chart in the svg mode
        self.live: list[LiveChart] = []
        super().__init__([self.static], **kwargs)

    def show(self, *parts) -> None:
        """Show these charts (and HTML where a part is a str, above them) instead of what the
        box showed. Raises (and leaves the box empty) if a chart cannot be built."""
        if chart_mode.current() != "browser":
            self._use(0)
            self.static.show(*parts)
            return
        texts = [part for part in parts if isinstance(part, str)]
        figures = [part for part in parts if not isinstance(part, str)]
        try:
            specs = [charts.spec(figure) for figure in figures]
        except Exception:
            self.clear()
            raise
        self.static.show_html("".join(texts))
        self._use(len(figures))
        for live, figure, spec in zip(self.live, figures, specs, strict=False):
            live.draw(figure, spec)

    def show_spec(self, spec: dict) -> None:
        """Show one chart given as its Vega-Lite spec, as show() would show the chart (only
        where the page draws charts: the "browser" mode)."""
        self.static.show_html("")
        self._use(1)
        self.live[0].draw(None, spec)

    def show_html(self, html: str) -> None:
        self._use(0)
        self.static.show_html(html)

    def clear(self) -> None:
        self._use(0)
        self.static.clear()

    def _use(self, count: int) -> None:
        """Keep `count` live charts in the box; the others are emptied, not removed, so the
        page keeps their views (and vega) for the next chart."""
        while len(self.live) < count:
            self.live.append(LiveChart())
        for live in self.live[count:]:
            if live.spec:
                live.clear()
        children = (self.static, *self.live)
        if self.children != children:
            self.children = children

    @property
    def value(self) -> str:
        """What the box shows, as text (HTML, and each chart's spec and data): for tests."""
        shown = [json.dumps({"spec": live.spec, "datasets": live.datasets,
                             "signals": live.signals, "description": live.description},
                            ensure_ascii=False)
                 + live.table_html for live in self.live if live.spec]
        return self.static.value + "".join(shown)
