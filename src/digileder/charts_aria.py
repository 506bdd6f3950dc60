"""Danish text for screen readers inside a chart (issue 18, WCAG 3.1.2).

Vega names a chart's parts for screen readers itself, in English ("X-axis titled 'Score' for a
discrete scale with 9 values", "Title text ...", "point mark") and with raw numbers
("score: 3.3333333"). `danish_aria` makes what a screen reader hears inside a chart Danish:
- every mark with a tooltip gets a Danish role ("punkt", "søjle") and a description made
  from its tooltip (the Danish titles and formatted values the chart builders already give);
- marks without a tooltip (a bar's text label) only repeat another layer: they are hidden;
- axes, legends and the title are hidden: Vega takes no Danish text for an axis or legend
  (Vega-Lite's `description` on them does not reach the SVG), and what they say is already in
  the chart's Danish text alternative (its name) and its "Vis som tabel" (ui/chart_table.py).
Left in English: the role Vega gives a layer's group ("symbol mark container"), which no spec
setting changes, and the title's text marks ("Title text '...'"), which Vega names even with
the title's `aria: false`. The live chart (ui/live_chart_js/widget.js) hides those from
screen readers after drawing; charts drawn once by Lab or Voilà and the SVG still have them.
"""

from __future__ import annotations

import copy
import json

FIELD = "digileder_aria"
# What a screen reader calls one mark of each type (aria-roledescription).
MARK_ROLES = {
    "bar": "søjle", "point": "punkt", "circle": "punkt", "square": "punkt", "line": "linje",
    "trail": "linje", "area": "areal", "rule": "streg", "tick": "streg", "text": "tekst",
    "rect": "felt", "arc": "cirkeludsnit", "image": "billede", "geoshape": "område",
}
AXES = ("x", "y")
LEGENDS = ("color", "fill", "stroke", "shape", "size", "opacity", "strokeDash")


def danish_aria(spec: dict) -> dict:
    """A copy of the Vega-Lite spec whose ARIA text (aria-label, aria-roledescription) is
    Danish. The spec itself is left as it is."""
    spec = copy.deepcopy(spec)
    units = list(_units(spec))
    described = any(_tooltip(unit) for unit in units)
    for unit in units:
        _describe_unit(unit, hide_without_tooltip=described)
    for part in _parts(spec):
        title = part.get("title")
        if title:  # said in the chart's name, with its subtitle
            part["title"] = {**(title if isinstance(title, dict) else {"text": title}),
                             "aria": False}
    return spec


def _parts(spec: dict):
    """The spec and every spec inside it (layers, concatenated charts)."""
    yield spec
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for child in spec.get(key, []):
            yield from _parts(child)


def _units(spec: dict):
    return (part for part in _parts(spec) if "mark" in part)


def _tooltip(unit: dict) -> list[dict]:
    tooltip = unit.get("encoding", {}).get("tooltip", [])
    tooltip = [tooltip] if isinstance(tooltip, dict) else tooltip
    return [t for t in tooltip if isinstance(t, dict) and t.get("field")]


def _describe_unit(unit: dict, hide_without_tooltip: bool) -> None:
    mark = unit["mark"] if isinstance(unit["mark"], dict) else {"type": unit["mark"]}
    unit["mark"] = mark
    mark.setdefault("ariaRoleDescription", MARK_ROLES.get(mark["type"], "figur"))
    encoding = unit.setdefault("encoding", {})
    tooltip = _tooltip(unit)
    if tooltip and not any(t.get(k) for t in tooltip for k in ("aggregate", "bin", "timeUnit")):
        unit.setdefault("transform", []).append({"calculate": _expression(tooltip), "as": FIELD})
        encoding["description"] = {"field": FIELD, "type": "nominal"}
    elif hide_without_tooltip and not tooltip:
        mark["aria"] = False
    for channel in (*AXES, *LEGENDS):
        definition = encoding.get(channel)
        if isinstance(definition, dict) and "field" in definition:
            kind = "axis" if channel in AXES else "legend"
            if definition.get(kind, {}) is not None:  # None: no axis or legend is drawn
                definition[kind] = {**definition.get(kind, {}), "aria": False}


def _expression(tooltip: list[dict]) -> str:
    """A Vega expression for 'Titel: værdi; Titel: værdi' (numbers in the chart's locale)."""
    parts = []
    for item in tooltip:
        field = f"datum[{json.dumps(item['field'])}]"
        value = field
        if item.get("type") == "quantitative" or item.get("format"):
            value = f"format({field}, {json.dumps(item.get('format') or ',.3~f')})"
        text = f"(isValid({field}) ? {value} : '–')"
        title = item.get("title")
        parts.append(f"{json.dumps(title + ': ')} + {text}" if title else text)
    return " + '; ' + ".join(parts)
