"""The class overview (holdoversigt.html): Danish all through, and safe to open in class."""

from __future__ import annotations

import re
from collections import Counter

from digileder.teacher.export import overview_html, question_label
from tests.fixtures.html_checks import runnable

HOSTILE_CHOICE = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def _row(student: str, grade_id: str, point: float, waiting: bool = False) -> dict:
    return {"id": student, "opgave": "a1-laes-tallene", "notesbog": "a1", "spoergsmaal": grade_id,
            "auto_point": point, "manuelle_point": None, "point": point, "max_point": 2,
            "mangler_manuel_bedoemmelse": waiting}


def test_question_ids_read_as_danish_labels():
    assert question_label("a1-q3-hidden") == "Spørgsmål 3 (skjult test)"
    assert question_label("a2-q10-test") == "Spørgsmål 10 (test)"
    assert question_label("a1-q7") == "Spørgsmål 7"
    assert question_label("refleksion") == "refleksion"


def test_the_overview_has_no_english_chart_text_no_ids_and_no_participant_html():
    page = overview_html(
        [_row("a", "a1-q3-hidden", 2), _row("b", "a1-q3-hidden", 1), _row("a", "a1-q7", 0, True)],
        {"Scenariet <b onclick=x>": Counter({HOSTILE_CHOICE: 2, "Pilotprojekt i Vej og Park": 1})})
    for english in ("X-axis", "Y-axis", "Symbol legend", "Title text", "Subtitle text",
                    "scale with"):
        assert english not in page, english
    assert "a1-q3-hidden" not in page and "Spørgsmål 3 (skjult test)" in page
    # each bar is named in Danish for a screen reader (charts_aria, from the tooltip)
    assert "Valg: Pilotprojekt i Vej og Park; Antal: 1" in page
    assert "<script" not in page.lower()
    assert runnable(page) == []
    assert "<title>Holdoversigt</title>" in page


def test_the_axes_count_whole_people():
    """A class of three must not read '0,5 deltagere' on the axis."""
    rows = [_row(s, "a1-q1", p) for s, p in (("a", 2), ("b", 1), ("c", 0))]
    page = overview_html(rows, {"Scenariet": Counter({"Pilotprojekt": 2, "Vent": 1})})
    ticks = re.findall(r">(\d+(?:,\d+)?)</text>", page)
    assert "1" in ticks and "2" in ticks
    assert not [t for t in ticks if "," in t], ticks
