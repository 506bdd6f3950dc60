"""A chart's text alternative and its numbers as a table ("Vis som tabel"), from its spec.

WCAG 1.1.1 and 1.4.1: a screen reader user hears what a chart shows, not only its title, and
anyone can read the exact numbers without telling colours apart. Everything here works on
the Vega-Lite spec (a dict), so it does not matter how the chart itself is drawn, and the
table is plain HTML that also works in feedback HTML and the exported plan.

Which numbers: the fields of the chart's tooltips (the chart builders already give them
Danish titles and formatted values). Layers that show the same fields (bars and their
interval line) count once. A chart builder can give its own table with `attach()`, e.g.
when its tooltips are split over several layers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from digileder import danish
from digileder.ui import html as ui_html

META_KEY = "digileder_table"
SUMMARY = "Vis som tabel"
# Number of rows read out in the text alternative when the description has no numbers.
SPOKEN_ROWS = 12
_KINDS = {
    "bar": "Søjlediagram", "line": "Linjediagram", "area": "Arealdiagram",
    "point": "Prikdiagram", "circle": "Prikdiagram", "square": "Prikdiagram",
    "tick": "Diagram med streger", "rule": "Diagram med streger", "rect": "Felter",
    "arc": "Cirkeldiagram",
}
_DECIMALS = re.compile(r"\.(\d+)f")


@dataclass(frozen=True)
class ChartTable:
    caption: str
    headers: list[str]
    rows: list[list[str]]


def attach(chart, rows: list[dict], columns: dict[str, str]):
    """The chart with its own table: `columns` maps a key of each row to its Danish header;
    values should be formatted text (danish.number, danish.pct)."""
    table = {"headers": list(columns.values()),
             "rows": [[_cell(row.get(key)) for key in columns] for row in rows]}
    return chart.properties(usermeta={META_KEY: table})


def _cell(value: object, fmt: str | None = None) -> str:
    if value is None or (isinstance(value, float) and value != value):  # NaN
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int | float):
        match = _DECIMALS.search(fmt or "")
        decimals = int(match.group(1)) if match else (0 if float(value).is_integer() else 1)
        return danish.number(value, decimals)
    return str(value)


def title_lines(spec: dict) -> list[str]:
    """The chart's title and subtitle lines (empty if it has none)."""
    title = spec.get("title")
    if isinstance(title, str):
        return [title]
    if not isinstance(title, dict):
        return []
    text, subtitle = title.get("text", ""), title.get("subtitle") or []
    lines = [text] if isinstance(text, str) else list(text)
    lines += [subtitle] if isinstance(subtitle, str) else list(subtitle)
    return [line for line in lines if line]


def _layers(spec: dict, data: dict | None = None) -> list[tuple[dict, dict | None]]:
    """Every unit layer with the data it draws (its own, or inherited from its parent)."""
    data = spec.get("data", data)
    children = [child for key in ("layer", "hconcat", "vconcat", "concat")
                for child in spec.get(key, [])]
    if not children:
        return [(spec, data)]
    return [pair for child in children for pair in _layers(child, data)]


def _mark_type(layer: dict) -> str:
    mark = layer.get("mark", "")
    return mark.get("type", "") if isinstance(mark, dict) else str(mark)


def _tooltip(layer: dict) -> list[dict]:
    tooltip = layer.get("encoding", {}).get("tooltip", [])
    tooltip = [tooltip] if isinstance(tooltip, dict) else tooltip
    return [t for t in tooltip if isinstance(t, dict) and t.get("field")]


def _rows(spec: dict, data: dict | None) -> list[dict]:
    if not isinstance(data, dict):
        return []
    if "values" in data:
        return list(data["values"])
    return list(spec.get("datasets", {}).get(data.get("name"), []))


def from_spec(spec: dict) -> ChartTable | None:
    """The chart's numbers as a table, or None if it shows no tooltip fields."""
    caption = " ".join(title_lines(spec)[:1]) or "Diagrammets tal"
    own = spec.get("usermeta", {}).get(META_KEY) if isinstance(spec.get("usermeta"), dict) else None
    if own:
        return ChartTable(caption, list(own["headers"]), [list(r) for r in own["rows"]])
    groups: dict[tuple[str, ...], tuple[list[dict], list[dict]]] = {}
    seen: set[tuple[tuple[str, ...], str]] = set()
    for layer, data in _layers(spec):
        tooltip = _tooltip(layer)
        if not tooltip:
            continue
        fields = tuple(t["field"] for t in tooltip)
        source = repr(data)
        if (fields, source) in seen:  # bars and their interval line: same rows, once
            continue
        seen.add((fields, source))
        groups.setdefault(fields, (tooltip, []))[1].extend(_rows(spec, data))
    if not groups:
        return None
    # The fields shown on most marks are the chart's data.
    tooltip, rows = max(groups.values(), key=lambda group: len(group[1]))
    headers = [t.get("title") or t["field"] for t in tooltip]
    body = [[_cell(row.get(t["field"]), t.get("format")) for t in tooltip] for row in rows]
    return ChartTable(caption, headers, body)


def chart_kind(spec: dict) -> str:
    """Søjlediagram, Linjediagram, ...: the kind of most layers that carry data (tooltips)."""
    marks = [_mark_type(layer) for layer, _ in _layers(spec) if _tooltip(layer)]
    kinds = [_KINDS[m] for m in marks or [_mark_type(la) for la, _ in _layers(spec)]
             if m in _KINDS]
    return max(kinds, key=kinds.count) if kinds else "Diagram"


def text_alternative(spec: dict, table: ChartTable | None = None) -> str:
    """What the chart shows, for a screen reader: its kind, title and subtitle, its
    description, and (if the description names no numbers) the first rows of its table."""
    table = table if table is not None else from_spec(spec)
    parts = [f"{chart_kind(spec)}:", *map(_sentence, title_lines(spec))]
    description = str(spec.get("description") or "").strip()
    if description and description != "Diagram":
        parts.append(_sentence(description))
    if table and table.rows and not re.search(r"\d", description):
        spoken = [", ".join(f"{head} {cell}" if i else cell
                            for i, (head, cell) in enumerate(zip(table.headers, row,
                                                                 strict=False)))
                  for row in table.rows[:SPOKEN_ROWS]]
        spoken[-1] = spoken[-1].rstrip(".")  # "… 45 pct." ends the sentence once
        more = (f" og {len(table.rows) - SPOKEN_ROWS} rækker mere i tabellen"
                if len(table.rows) > SPOKEN_ROWS else "")
        parts.append("Tallene: " + "; ".join(spoken) + more + ".")
    return " ".join(parts)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in (".", "!", "?", ":") else text + "."


def table_html(table: ChartTable) -> ui_html.Markup:
    """A <details> "Vis som tabel" with a real table: caption, column and row headers."""
    tag = ui_html.tag
    head = tag("tr", *(tag("th", h, scope="col") for h in table.headers))
    body = (tag("tr", tag("th", row[0], scope="row"), *(tag("td", cell) for cell in row[1:]))
            for row in table.rows)
    return tag("details", tag("summary", SUMMARY),
               tag("table", tag("caption", table.caption), tag("thead", head),
                   tag("tbody", *body)),
               cls="digileder-chart-table")


def figure_html(svg: str, spec: dict, style: str = "") -> ui_html.Markup:
    """The chart as shown to a participant: the SVG (already carrying its text alternative,
    made by the course's own chart code) and, under it, the table of its numbers."""
    table = from_spec(spec)
    return ui_html.tag("div", ui_html.raw(svg), table_html(table) if table else None,
                       cls="digileder-chart", style=style or None)
