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
    plain_text,
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


def _paragraphs(text: str) -> ui_html.Markup:
    """Blank lines separate paragraphs; a single line break stays a line break."""
    parts = [p.strip() for p in text.split("\n\n") if p.strip()]
    return ui_html.join(ui_html.tag("p", ui_html.join(p.split("\n"), ui_html.tag("br")))
                        for p in parts)


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _HTML_EXCERPT else text[:_HTML_EXCERPT].rsplit(" ", 1)[0] + " …"


def chart_html(material: Material) -> str:
    """The maturity profile as inline SVG with its table, or '' if it cannot be drawn."""
    if not material.scores:
        return ""
    try:
        from digileder import charts, maturity

        return charts.to_html(maturity.profile_chart(material.scores, peers=False))
    except Exception:  # noqa: BLE001 - a chart problem must never stop the export
        return ""


def to_html(plan: LeadershipPlan) -> str:
    """Planen som én selvstændig HTML-side (ingen eksterne scripts, skrifter eller CSS)."""
    m, tag = plan.material, ui_html.tag
    muted = "muted"
    not_filled = tag("p", "Ikke udfyldt.", cls=muted)
    who = (tag("b", plan.name.strip()), " · ") if plan.name.strip() else ()
    parts = [
        tag("h1", "Min digitale ledelsesplan"),
        tag("p", *who, f"{plan.created:%d.%m.%Y}", cls=muted),
        tag("h2", "Mit fokus"), _paragraphs(plan.focus) or tag("p", "–"),
        tag("h2", "Tre handlinger"),
        tag("table", tag("tr", *(tag("th", h) for h in ("#", "Handling", "Ansvarlig", "Dato"))),
            *(tag("tr", tag("td", n), tag("td", a.what.strip()), tag("td", a.owner.strip()),
                  tag("td", a.due.strip())) for n, a in enumerate(plan.actions, start=1))),
        tag("h2", "Min digitale modenhed (modul 03)"),
    ]
    chart = chart_html(m)
    if chart:
        parts.append(tag("div", ui_html.raw(chart), cls="chart"))  # the course's own chart
    elif m.scores:
        parts.append(tag("ul", *(tag("li", f"{n}: {v}") for n, v in _dimension_lines(m))))
    else:
        parts.append(not_filled)
    if m.suggestions:
        parts.append(tag("ul", *(tag("li", tag("b", s["name"]),
                                     f": {s['text']} (modul {s['module']})")
                                 for s in m.suggestions)))
    parts += [tag("h2", "Mit budskab til medarbejderne (modul 06)"),
              _paragraphs(m.message) or not_filled,
              tag("h2", "Min gevinstplan (modul 07)"),
              # benefits_html is the benefits plan's own table (built with ui.html, escaped)
              ui_html.raw(m.benefits_html) if m.benefits_html else
              tag("pre", m.benefits) if m.benefits else not_filled]
    if m.runs:
        parts += [tag("h2", "Mine scenarier"),
                  tag("ul", *(tag("li", _run_line(i, r)) for i, r in m.runs.items()))]
    if m.reflections:
        parts += [tag("h2", "Det har jeg skrevet undervejs"),
                  *(tag("p", tag("b", prompt), tag("br"), _excerpt(text))
                    for prompt, text in _reflection_items(m))]
    parts.append(tag("p", tag("small", "Lavet med kurset ",
                              tag("i", "Bliv skarp på rollen som digital leder"),
                              ". Hele teksten står i Markdown-filen ved siden af denne fil."),
                     cls=muted))
    head = tag("head", tag("meta", charset="utf-8"),
               tag("meta", name="viewport", content="width=device-width, initial-scale=1"),
               tag("title", "Min digitale ledelsesplan"), tag("style", ui_html.raw(_CSS)))
    page = tag("html", head, tag("body", *parts), lang="da")
    # Escaped text can still carry a NUL or a right-to-left mark: the page keeps neither.
    return plain_text(ui_html.join([ui_html.raw("<!DOCTYPE html>\n"), page, "\n"]))


def export(plan: LeadershipPlan) -> tuple[Path, Path]:
    """Skriv planen som HTML og Markdown i mine-svar. Returnerer de to stier.

    Giver answers.NotSaved med en dansk besked, hvis den ikke kan gemmes (fx skrivebeskyttet).
    """
    html_path = answers.write_text(f"{EXPORT_NAME}.html", to_html(plan)).check().path
    md_path = answers.write_text(f"{EXPORT_NAME}.md", to_markdown(plan)).check().path
    return html_path, md_path
