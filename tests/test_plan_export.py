"""The plan export (module 08) shows what a participant wrote as text in both formats: no
control characters, no HTML, and in Markdown no heading, rule, link or quote made from a
field. The Markdown is checked by rendering it (mistune, as nbconvert and JupyterLab's
Markdown preview would) with raw HTML allowed, so anything not escaped would show up."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import mistune
import pytest

from digileder import plan
from digileder.plan import Action, LeadershipPlan
from digileder.plan.model import Material

HOSTILE = {
    "html": "<script>alert(1)</script><img src=x onerror=alert(2)>",
    "comment": "før <!-- skjult",
    "control": "NUL\x00 bell\x07 escape\x1b[31m vt\x0b",
    "direction": "tekst \u202eomvendt\u202c slut",
    "link": "[klik her](javascript:alert(3)) ![billede](x.png)",
    "autolink": "<javascript:alert(4)> <http://example.org>",
    "heading": "første linje\n# Overskrift\nsidste",
    "rule": "første linje\n---\nsidste",
    "setext": "første linje\n===\nsidste",
    "quote": "før\n> citat",
    "list": "før\n- punkt\n1. nummer",
    "code": "før\n\n    kode med fire mellemrum\n```\nhegn\n```",
    "ampersand": "Vej & Park &amp; &lt;b&gt;",
    "table": "a | b | c",
    "emphasis": "*fed* _kursiv_ `kode` ~~streg~~",
}
HEADINGS = ["Min digitale ledelsesplan", "Mit fokus", "Tre handlinger",
            "Min digitale modenhed (modul 03)", "Mit budskab til medarbejderne (modul 06)",
            "Min gevinstplan (modul 07)", "Mine scenarier", "Det har jeg skrevet undervejs"]
_render = mistune.create_markdown(escape=False, plugins=["table", "strikethrough"])


def _plan(text: str) -> LeadershipPlan:
    """Every field of the plan (and of the material it shows) holds TEXT."""
    material = Material(
        scores={"strategi": 3.0}, dimension_names={"strategi": text},
        suggestions=[{"name": text, "text": text, "module": "07"}],
        reflections={"01-kerneopgave": {"prompt": text, "text": text}},
        message=text,
        benefits=f"Gevinstplan: {text.replace('|', '/')}\n\n| Gevinst | Ejer |\n|---|---|\n"
                 f"| {' '.join(text.split()).replace('|', '/')} | Mig |",
        runs={"ipads-i-vej-og-park": {"title": text, "ending": {"title": text}, "path": []}})
    actions = [Action(text, text, "01.02.2027") for _ in range(3)]
    return LeadershipPlan(name=text, focus=text, actions=actions, material=material,
                          created=date(2026, 12, 1))


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_markdown_export_shows_hostile_text_as_text(kind):
    """Rendered, the Markdown has the plan's own headings and table only: no heading, rule,
    quote, list, link, image, code block or HTML made from what the participant wrote."""
    markdown = plan.to_markdown(_plan(HOSTILE[kind]))
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\u202a-\u202e]", markdown)
    html = _render(markdown)
    headings = re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", html)
    assert headings == HEADINGS, headings
    for made in ("<hr", "<a ", "<img", "<script", "<!--", "<blockquote", "<pre", "<code",
                 "<em>", "<del>", "<ol"):
        assert made not in html, (made, html[:600])
    # The plan's own lists: the maturity lines and the scenario; the participant's none.
    assert html.count("<li>") == 3, html
    assert html.count("<table>") == 2  # the actions and the benefits plan
    assert html.count("<strong>") == 2  # the name and the reflection's prompt, nothing else


@pytest.mark.parametrize("kind", ["ampersand", "link", "heading", "table"])
def test_markdown_export_keeps_the_words(kind):
    """Escaping must not lose text: every word the participant wrote is in the rendering."""
    html = _render(plan.to_markdown(_plan(HOSTILE[kind])))
    shown = unescape(re.sub(r"<[^>]+>", " ", html))
    for word in re.findall(r"\w+", HOSTILE[kind]):
        assert word in shown, word


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_html_export_shows_hostile_text_as_text(kind):
    """The one-page HTML: escaped text, no control characters, no direction marks."""
    page = plan.to_html(_plan(HOSTILE[kind]))
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\u202a-\u202e]", page)
    assert "<script" not in page and "<img" not in page and "<!--" not in page
    assert not re.search(r"<a\s", page)  # 'javascript:' stays words, never a link


def test_dates_in_the_action_table_stay_plain():
    """A due date '01.02.2027' in a table cell is not escaped into '01\\.02.2027'."""
    markdown = plan.to_markdown(_plan("tekst"))
    assert "| 1 | tekst | tekst | 01.02.2027 |" in markdown


def test_line_breaks_in_a_field_are_kept_in_markdown():
    """A focus written on three lines is shown on three lines, not run together."""
    html = _render(plan.to_markdown(_plan("første\nanden\n\nnyt afsnit")))
    assert "første<br />\nanden</p>\n<p>nyt afsnit" in html


def test_the_plan_uses_only_the_maturity_scores_the_course_knows(tmp_path, monkeypatch):
    """A saved assessment with an unknown dimension and a score of 99 (module 03 skips them,
    and says so): the plan shows the rest and names what it left out."""
    import json

    folder = tmp_path / "mine-svar"
    folder.mkdir()
    monkeypatch.setenv("DIGILEDER_ANSWERS_DIR", str(folder))
    (folder / "modenhed.json").write_text(json.dumps({"assessments": [{
        "date": "2026-11-01T10:00:00", "answers": {},
        "scores": {"strategi": 2, "gammel-dimension": 3, "data": 99}}]}), encoding="utf-8")
    material = plan.gather()
    assert material.scores == {"strategi": 2.0}
    assert any("Scoren for 'data' er ikke et tal mellem 1 og 5. Kurset kender ikke "
               "dimensionen 'gammel-dimension'." in notice for notice in material.notices)
    markdown = plan.to_markdown(LeadershipPlan(material=material))
    assert "gammel" not in markdown and "99" not in markdown
