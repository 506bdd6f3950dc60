"""The glossary file, its loader's Danish errors, the search model and the static notebook list."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from digileder import course, glossary
from digileder.glossary import GlossaryError

ROOT = Path(__file__).resolve().parents[1]
REQUIRED_TERMS = [
    "Gevinstrealisering", "Business case", "Rammearkitektur", "Nutidsværdi",
    "Diskonteringsrente", "Tilbagebetalingstid", "Digital modenhed", "Selvbetjening", "Ildsjæl",
    "Smart city", "KOMBIT", "KL", "KTC", "COK", "FKG", "Byg og Miljø", "Anmeldeordning",
    "Geodata", "Kerneopgave", "Digital ledelse", "Sikkerhedsinterval", "Stikprøve",
    "Simulerede data", "Forandringsledelse", "Samskabelse",
    "Fælleskommunal digitaliseringsstrategi", "Åbne data",
]

GOOD_ENTRY = """\
  - term: Gevinst
    explanation: Det, man vinder.
    example: Vejfolk sparer kørsel.
    modules: ["07"]
"""


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "glossary.yml"
    path.write_text("terms:\n" + body, encoding="utf-8")
    return path


def test_course_glossary_loads_with_the_required_terms():
    terms = glossary.load()
    names = {t.term for t in terms}
    assert len(terms) >= glossary.MIN_TERMS
    assert [t for t in REQUIRED_TERMS if t not in names] == []


def test_every_term_points_to_modules_in_the_course_map():
    known = {entry["file"][:2] for entry in course.course_map()}
    unknown = {t.term: m for t in glossary.load() for m in t.modules if m not in known}
    assert unknown == {}


def _module_texts() -> dict[str, str]:
    texts = {}
    for entry in course.course_map():
        nb = nbformat.read(ROOT / "modules" / entry["file"], as_version=4)
        texts[entry["file"][:2]] = "\n".join(c.source for c in nb.cells
                                             if c.cell_type == "markdown")
    return texts


def test_bruges_i_modul_matches_the_modules():
    """A module that links a term is listed under it; a listed module uses the term."""
    texts = _module_texts()
    wrong = {}
    for term in glossary.load():
        words = [term.term, *term.aliases]
        using = {m for m, text in texts.items()
                 if any(re.search(rf"\b{re.escape(w)}", text, re.IGNORECASE) for w in words)}
        linking = {m for m, text in texts.items()
                   if f"ordliste.ipynb#{term.term.replace(' ', '-')}" in text}
        listed = set(term.modules)
        if linking - listed or listed - using:
            wrong[term.term] = {"links, not listed": sorted(linking - listed),
                                "listed, not used": sorted(listed - using)}
    assert wrong == {}


def test_fictional_examples_are_marked_and_facts_have_sources():
    fact_terms = {"Business case", "Rammearkitektur", "Diskonteringsrente", "FKG", "COK",
                  "Byg og Miljø", "Anmeldeordning", "Digital modenhed", "Smart city"}
    terms = {t.term: t for t in glossary.load()}
    assert [name for name in fact_terms if not terms[name].source] == []
    # The invented 300.000 kr. example must say it is invented.
    assert "(opdigtet)" in terms["Tilbagebetalingstid"].example


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (GOOD_ENTRY.replace("    explanation: Det, man vinder.\n", ""),
         ["ord nr. 1 ('Gevinst') (linje 2)", "'explanation' mangler", "forklaring"]),
        (GOOD_ENTRY.replace('["07"]', '["7"]'), ["('Gevinst')", "to cifre"]),
        (GOOD_ENTRY.replace('    modules: ["07"]\n', ""), ["('Gevinst')", "modulerne"]),
        (GOOD_ENTRY + "    eksempel: Forkert felt\n", ["('Gevinst')", "ukendt felt"]),
        (GOOD_ENTRY + GOOD_ENTRY, ["ord nr. 2 ('Gevinst')", "to gange"]),
        (GOOD_ENTRY.replace("  - term: Gevinst\n", "  - term: ''\n"), ["ord nr. 1"]),
        ("  - bare tekst\n", ["ord nr. 1"]),
    ],
)
def test_broken_file_names_file_and_term_in_danish(tmp_path, body, expected):
    path = write(tmp_path, body)
    with pytest.raises(GlossaryError) as err:
        glossary.load(path)
    message = str(err.value)
    assert "glossary.yml" in message
    for part in expected:
        assert part in message


def test_yaml_syntax_error_gives_line(tmp_path):
    path = write(tmp_path, GOOD_ENTRY + "  - term: [uafsluttet\n")
    with pytest.raises(GlossaryError, match="linje"):
        glossary.load(path)


def test_missing_file_is_a_danish_error(tmp_path):
    with pytest.raises(GlossaryError, match="mangler"):
        glossary.load(tmp_path / "findes-ikke.yml")


def test_search_matches_term_alias_and_explanation():
    terms = glossary.load()
    assert [t.term for t in glossary.search("BOM", terms)] == ["Byg og Miljø"]
    hits = [t.term for t in glossary.search("gevinst", terms)]
    # Terms whose name starts with the query come first.
    assert hits[:2] == ["Gevinstrapport", "Gevinstrealisering"]
    assert "Business case" in hits  # found in the explanation
    assert glossary.search("xyzzy", terms) == []
    assert len(glossary.search("", terms)) == len(terms)


def test_danish_alphabetical_order():
    names = ["Åbne data", "Ørsted", "Ærø", "Zebra"]
    assert sorted(names, key=glossary.sort_key) == ["Zebra", "Ærø", "Ørsted", "Åbne data"]


def test_search_widget_filters_as_you_type():
    view = glossary.show()
    box, result = view.children
    assert box.continuous_update
    empty = result.value
    assert "Skriv i feltet" in empty and "<b>" not in empty  # no terms before you type
    box.value = "rammearkitektur"
    assert "Rammearkitektur" in result.value and "Nutidsværdi" not in result.value
    assert f"{len(view.model.hits)} af {len(view.model.terms)} ord" in result.value
    assert view.model.hits[0].term == "Rammearkitektur"
    box.value = "qqq"
    assert "Ingen ord passer" in result.value
    box.value = "  "
    assert result.value == empty


def test_search_widget_shows_danish_error_for_broken_file(tmp_path, monkeypatch):
    path = write(tmp_path, "  - term: Gevinst\n")
    monkeypatch.setattr(glossary, "glossary_path", lambda: path)
    view = glossary.show()
    assert "Ordlisten kan ikke vises" in view.value and "Gevinst" in view.value


def test_ordliste_notebook_carries_the_current_static_list():
    notebook = nbformat.read(ROOT / "modules" / "ordliste.ipynb", as_version=4)
    static = [c.source for c in notebook.cells if c.cell_type == "markdown"
              and c.source.startswith(glossary.STATIC_MARKER)]
    assert static == [glossary.static_cell_source()], (
        "Ordlisten i modules/ordliste.ipynb er forældet. Kør: "
        "python -m digileder.glossary modules/ordliste.ipynb"
    )


def test_update_notebook_refreshes_only_the_static_cell(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Ordliste"),
                nbformat.v4.new_markdown_cell(glossary.STATIC_MARKER + "\n\ngammel tekst")]
    path = tmp_path / "ordliste.ipynb"
    nbformat.write(nb, path)
    glossary.update_notebook(path)
    cells = nbformat.read(path, as_version=4).cells
    assert cells[0].source == "# Ordliste"
    assert "gammel tekst" not in cells[1].source and "### Gevinstrealisering" in cells[1].source


def test_broken_file_reports_every_problem_with_its_line(tmp_path):
    """Does a glossary with problems in three words name all of them, each with its line?"""
    body = (GOOD_ENTRY.replace("    explanation: Det, man vinder.\n", "")
            + GOOD_ENTRY.replace('["07"]', '["7"]').replace("Gevinst", "Gevinst to")
            + "  - bare tekst\n")
    with pytest.raises(GlossaryError) as err:
        glossary.load(write(tmp_path, body))
    problems = err.value.problems
    assert len(problems) == 3, problems
    assert [p.split(": ", 1)[0] for p in problems] == [
        "glossary.yml, ord nr. 1 ('Gevinst') (linje 2)",
        "glossary.yml, ord nr. 2 ('Gevinst to') (linje 5)",
        "glossary.yml, ord nr. 3 (linje 9)"]  # a bare text entry has its line too
