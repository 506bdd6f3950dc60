"""The plan as one self-contained HTML page (no external scripts, fonts or stylesheets; the
profile chart is inline SVG, so it works offline and can be mailed or printed), and export()
that writes it and the Markdown version to mine-svar."""

from __future__ import annotations

from pathlib import Path

from digileder import answers
from digileder.plan.model import (
    _HTML_EXCERPT,
    EXPORT_NAME,
    LeadershipPlan,
    Material,
    _dimension_lines,
    _reflection_items,
    _run_line,
    to_markdown,
)
from digileder.ui import html as ui_html

_CSS = """
body{font-family:sans-serif;max-width:780px;margin:1.5em auto;padding:0 1em;color:#222;
line-height:1.4;font-size:14px}
h1{font-size:22px;margin-bottom:0}h2{font-size:16px;border-bottom:2px solid #0072B2;
padding-bottom:2px;margin-top:1.2em}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px 6px;
text-align:left;vertical-align:top}th{background:#f3f8fc}
.muted{color:#666}.chart svg{max-width:100%;height:auto}
@media print{body{margin:0;font-size:12px}h2{margin-top:0.8em}}
"""


def _paragraphs(text: str) -> str:
    parts = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{ui_html.text(p).replace(chr(10), '<br>')}</p>" for p in parts)


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _HTML_EXCERPT else text[:_HTML_EXCERPT].rsplit(" ", 1)[0] + " …"


def _chart_svg(material: Material) -> str:
    """The maturity profile as inline SVG, or '' if it cannot be drawn."""
    if not material.scores:
        return ""
    try:
        from digileder import charts, maturity

        return charts.to_svg(maturity.profile_chart(material.scores, peers=False))
    except Exception:  # noqa: BLE001 - a chart problem must never stop the export
        return ""


def to_html(plan: LeadershipPlan) -> str:
    """Planen som én selvstændig HTML-side (ingen eksterne scripts, skrifter eller CSS)."""
    m = plan.material
    who = f"<b>{ui_html.text(plan.name.strip())}</b> · " if plan.name.strip() else ""
    rows = "".join(
        f"<tr><td>{n}</td><td>{ui_html.text(a.what.strip())}</td><td>{ui_html.text(a.owner.strip())}</td>"
        f"<td>{ui_html.text(a.due.strip())}</td></tr>" for n, a in enumerate(plan.actions, start=1)
    )
    parts = [
        f"<h1>Min digitale ledelsesplan</h1><p class='muted'>{who}{plan.created:%d.%m.%Y}</p>",
        f"<h2>Mit fokus</h2>{_paragraphs(plan.focus) or '<p>–</p>'}",
        "<h2>Tre handlinger</h2><table><tr><th>#</th><th>Handling</th><th>Ansvarlig</th>"
        f"<th>Dato</th></tr>{rows}</table>",
        "<h2>Min digitale modenhed (modul 03)</h2>",
    ]
    svg = _chart_svg(m)
    if svg:
        parts.append(f"<div class='chart'>{svg}</div>")
    elif m.scores:
        parts.append("<ul>" + "".join(ui_html.tag("li", ui_html.text(f"{n}: {v}"))
                                      for n, v in _dimension_lines(m)) + "</ul>")
    else:
        parts.append("<p class='muted'>Ikke udfyldt.</p>")
    if m.suggestions:
        parts.append("<ul>" + "".join(
            f"<li><b>{ui_html.text(s['name'])}</b>: {ui_html.text(s['text'])} "
            f"(modul {ui_html.text(s['module'])})"
            "</li>" for s in m.suggestions) + "</ul>")
    parts.append("<h2>Mit budskab til medarbejderne (modul 06)</h2>"
                 + (_paragraphs(m.message) or "<p class='muted'>Ikke udfyldt.</p>"))
    parts.append("<h2>Min gevinstplan (modul 07)</h2>" + (
        m.benefits_html or (f"<pre>{ui_html.text(m.benefits)}</pre>" if m.benefits
                            else "<p class='muted'>Ikke udfyldt.</p>")))
    if m.runs:
        parts.append("<h2>Mine scenarier</h2><ul>" + "".join(
            f"<li>{ui_html.text(_run_line(i, r))}</li>" for i, r in m.runs.items()) + "</ul>")
    if m.reflections:
        parts.append("<h2>Det har jeg skrevet undervejs</h2>" + "".join(
            f"<p><b>{ui_html.text(prompt)}</b><br>{ui_html.text(_excerpt(text))}</p>"
            for prompt, text in _reflection_items(m)))
    parts.append("<p class='muted'><small>Lavet med kurset <i>Bliv skarp på rollen som digital "
                 "leder</i>. Hele teksten står i Markdown-filen ved siden af denne fil."
                 "</small></p>")
    return ("<!DOCTYPE html>\n<html lang='da'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>Min digitale ledelsesplan</title><style>{_CSS}</style></head>"
            f"<body>{''.join(parts)}</body></html>\n")


def export(plan: LeadershipPlan) -> tuple[Path, Path]:
    """Skriv planen som HTML og Markdown i mine-svar. Returnerer de to stier.

    Giver answers.NotSaved med en dansk besked, hvis den ikke kan gemmes (fx skrivebeskyttet).
    """
    html_path = answers.write_text(f"{EXPORT_NAME}.html", to_html(plan)).check().path
    md_path = answers.write_text(f"{EXPORT_NAME}.md", to_markdown(plan)).check().path
    return html_path, md_path
