"""Does every figure a module quotes from 2020-2026 have its row in published_figures.csv?

The table is the course's one list of published figures with their sources. A figure is a
number with a unit ("82 pct.", "1.644.638 kr.", "50 millioner timer", "28 initiativer") in a
paragraph, list item or table row of a module that names a year from 2020 to 2026. Its row
must have the same value and a year named in the paragraph (or no year, when the source
gives none). A period such as "2016–2020" alone does not make a paragraph one from 2020-2026:
it is a strategy's name.
"""

from __future__ import annotations

import csv
import json
import re

import pytest

from tests.conftest import ROOT

FIGURES = ROOT / "datasets" / "published_figures.csv"
PERIOD = re.compile(r"\b\d{4}\s*[–-]\s*\d{4}\b")
YEAR = re.compile(r"\b(19[89]\d|20[0-3]\d)\b")
BLOCK = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*|]|\d+\.)\s)")
UNIT = (r"pct\.|procent|mio\.|millioner|mia\.|milliarder|kr\.|timer|årsværk|initiativer|"
        r"signaturprojekter|projekter|studier|principper|delprogrammer|visioner|fokusområder|"
        r"kommuner|mennesker|borgere|personer")
WORDS = {"to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9,
         "ti": 10, "elleve": 11, "tolv": 12}  # "Fire visioner" is a figure too
NUMBER = r"\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?|" + "|".join(WORDS)
FIGURE = re.compile(r"(?<![\w.,])(" + NUMBER + r")(?:\s*[–-]\s*(\d+(?:,\d+)?))?\s+(" + UNIT +
                    r")", re.IGNORECASE)
SCALE = {"pct.": 0.01, "procent": 0.01, "mio.": 1e6, "millioner": 1e6, "mia.": 1e9,
         "milliarder": 1e9}


def _number(text: str) -> float:
    if text.lower() in WORDS:
        return WORDS[text.lower()]
    return float(text.replace(".", "").replace(",", "."))


def quoted_figures(markdown: str) -> list[tuple[str, float, set[int]]]:
    """(as written, value, years named near it) for each figure in a block from 2020-2026."""
    found = []
    for block in BLOCK.split(markdown):
        named = {int(y) for y in YEAR.findall(PERIOD.sub(" ", block))}
        if not any(2020 <= y <= 2026 for y in named):
            continue
        years = {int(y) for y in YEAR.findall(block)}  # a period's years may be the figure's
        for match in FIGURE.finditer(block):
            scale = SCALE.get(match.group(3).lower(), 1)
            for number in filter(None, match.group(1, 2)):
                found.append((match.group(0), round(_number(number) * scale, 6), years))
    return found


def _rows() -> list[dict]:
    with FIGURES.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def missing_rows(markdown: str, rows: list[dict]) -> list[str]:
    """Figures in MARKDOWN that no row of the table holds with a matching year."""
    problems = []
    for written, value, years in quoted_figures(markdown):
        if not any(abs(float(r["value"]) - value) < 1e-9 and
                   (not r["year"] or int(r["year"]) in years) for r in rows):
            problems.append(f"'{written}' (år i teksten: {sorted(years)})")
    return problems


def _module_markdown(path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


@pytest.mark.parametrize("module", sorted(p.name for p in (ROOT / "modules").glob("*.ipynb")))
def test_every_figure_from_2020_to_2026_in_a_module_has_a_row(module):
    problems = missing_rows(_module_markdown(ROOT / "modules" / module), _rows())
    assert problems == [], f"{module}: tilføj til published_figures.csv: {problems}"


def test_module_09_quotes_figures_and_each_is_found():
    """The scan finds module 09's figures at all (a regex that matches nothing proves nothing)."""
    found = {written for written, _v, _y in quoted_figures(
        _module_markdown(ROOT / "modules" / "09-digital-ledelse-i-dag.ipynb"))}
    assert {"82 pct.", "1.644.638 kr.", "50 millioner", "30.000 årsværk",
            "10–15 pct.", "Fire visioner", "Fire fokusområder"} <= found


@pytest.mark.parametrize("text, expected", [
    ("I 2025 var 7,5 pct. af borgerne glade.", ["'7,5 pct.' (år i teksten: [2025])"]),
    # The right value from the wrong year is not the same figure.
    ("I 2023 var 5,0 pct. fritaget for Digital Post.", ["'5,0 pct.' (år i teksten: [2023])"]),
    ("- I april 2025 var 5,0 pct. fritaget.\n- Det var 311.000 mennesker i 2025.",
     ["'311.000 mennesker' (år i teksten: [2025])"]),
    # A strategy period is a name: the 2017 figure below is not "from 2016-2020".
    ("Strategien 2016–2020 nævner, at 92 pct. ville mere.", []),
    ("Den 1. august 2024 trådte forordningen i kraft.", []),
    ("Strategien fra juni 2025 har fem fokusområder.",
     ["'fem fokusområder' (år i teksten: [2025])"]),
])
def test_an_unlisted_figure_is_reported(text, expected):
    assert missing_rows(text, _rows()) == expected


def test_no_year_is_claimed_that_the_sources_do_not_give():
    """domain-facts gives the state's 10 mio. kr. threshold without a year (not 2017)."""
    rows = {r["id"]: r for r in _rows()}
    assert rows["state_bc_threshold"]["year"] == ""
    assert all(r["source"] and r["confidence"] for r in rows.values())
