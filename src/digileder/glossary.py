"""The course glossary (datasets/glossary.yml): load and check it, search it, show it.

Developer note: modules/ordliste.ipynb carries a static copy of the list (so it reads
without running), in the markdown cell that starts with STATIC_MARKER. After editing
glossary.yml, refresh that cell (the notebook's other cells are left alone):
    python -m digileder.glossary modules/ordliste.ipynb
A test checks that the notebook's copy matches the YAML file.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from digileder.content import ContentError, Field, Record, load_records
from digileder.errors import DataError
from digileder.paths import datasets_dir
from digileder.ui import html as ui_html

_MODULE = re.compile(r"^\d{2}$")
MIN_TERMS = 25


class GlossaryError(ContentError):
    """Ordlisten kan ikke bruges. Beskeden siger, hvilken fil og hvilket ord der er galt."""


@dataclass(frozen=True)
class Term:
    """Ét ord i ordlisten med forklaring, eksempel, moduler og kilde."""

    term: str
    explanation: str
    example: str
    modules: tuple[str, ...]
    aliases: tuple[str, ...] = field(default_factory=tuple)
    source: str = ""

    def matches(self, query: str) -> bool:
        words = query.casefold().split()
        haystack = " ".join([self.term, *self.aliases, self.explanation]).casefold()
        return all(word in haystack for word in words)


def glossary_path() -> Path:
    return datasets_dir() / "glossary.yml"


# The schema of datasets/glossary.yml, declared once (keys as the file has them).
TERM_RECORD = Record("ord", (
    Field("term", "ordet, som det står i kurset, fx 'Gevinstrealisering'"),
    Field("explanation", "en kort forklaring i almindeligt sprog"),
    Field("example", "et eksempel fra Teknik og Miljø"),
    Field("modules", 'modulerne, hvor ordet bruges, med to cifre i anførselstegn, fx ["07"]',
          many=True),
    Field("aliases", "andre stavemåder, fx [BOM, bygogmiljoe]", required=False, many=True),
    Field("source", "en kilde", required=False),
), title="term", neuter=True)


def load(path: Path | None = None) -> list[Term]:
    """Læs ordlisten og tjek den. Fejl giver en GlossaryError med alle fejl, fil og linje."""
    path = Path(path) if path else glossary_path()
    seen: set[str] = set()

    def checks(entry: dict, _where: str) -> list[str]:  # what a field schema cannot say
        problems = [f"modulet '{m}' skal skrives med to cifre i anførselstegn, fx \"07\"."
                    for m in entry["modules"] if not _MODULE.match(m)]
        if entry["term"].casefold() in seen:
            problems.append("ordet står der to gange. Slet det ene.")
        seen.add(entry["term"].casefold())
        return problems

    try:
        entries = load_records(path, "terms", TERM_RECORD, checks)
    except ContentError as err:
        raise GlossaryError(err.problems) from None
    return [Term(e["term"], e["explanation"], e["example"], e["modules"], e["aliases"],
                 e["source"]) for e in entries]


_DANISH_ORDER = str.maketrans({"æ": "z{", "ø": "z|", "å": "z}"})


def sort_key(text: str) -> str:
    """Danish alphabetical order: æ, ø, å come after z."""
    return text.casefold().translate(_DANISH_ORDER)


def search(query: str, terms: list[Term] | None = None) -> list[Term]:
    """Ordene, der passer til søgningen (i ord, andre stavemåder og forklaring), alfabetisk.

    Et ord, hvis navn begynder med søgningen, kommer først.
    """
    terms = load() if terms is None else terms
    hits = [t for t in terms if t.matches(query)]
    start = query.strip().casefold()
    return sorted(hits, key=lambda t: (not t.term.casefold().startswith(start),
                                       sort_key(t.term)))


@functools.lru_cache(maxsize=1)  # read once: the search box renders every hit per keystroke
def _module_files() -> dict[str, str]:
    """Module number -> notebook file name, from the course map ({} if it cannot be read)."""
    from digileder import course

    try:
        return {entry["file"][:2]: entry["file"] for entry in course.course_map()}
    except DataError:
        return {}


def _module_links(term: Term, markdown: bool = False) -> str:
    files = _module_files()
    links = []
    for number in term.modules:
        target = files.get(number)
        if not target:
            links.append(number)
        elif markdown:
            links.append(f"[{number}]({target})")
        else:
            links.append(ui_html.tag("a", number, href=target))
    return ", ".join(links) if markdown else ui_html.join(links, ", ")


def term_html(term: Term) -> str:
    """One term as an HTML block (for the search widget)."""
    tag, br = ui_html.tag, ui_html.tag("br")
    aliases = (" ", tag("span", f"({', '.join(term.aliases)})", style="color:#555")) \
        if term.aliases else ()
    source = (br, tag("small", tag("b", "Kilde:"), " ", term.source)) if term.source else ()
    return tag("div", tag("b", term.term), *aliases, br, term.explanation, br,
               tag("i", "Eksempel:"), " ", term.example, br,
               tag("small", tag("b", "Bruges i modul:"), " ", _module_links(term)), *source,
               style="margin:0 0 0.9em 0;padding:0.4em 0.8em;border-left:3px solid #0072B2")


def term_markdown(term: Term) -> str:
    """One term as Markdown (the static list in modules/ordliste.ipynb)."""
    lines = [f"### {term.term}", ""]
    if term.aliases:
        lines += [f"*Også:* {', '.join(term.aliases)}", ""]
    lines += [term.explanation, "", f"*Eksempel:* {term.example}", "",
              f"*Bruges i modul:* {_module_links(term, markdown=True)}"]
    if term.source:
        lines += ["", f"*Kilde:* {term.source}"]
    return "\n".join(lines)


def as_markdown(terms: list[Term] | None = None) -> str:
    """The whole glossary as Markdown, alphabetical, one heading per term."""
    terms = load() if terms is None else terms
    ordered = sorted(terms, key=lambda t: sort_key(t.term))
    return "\n\n".join(term_markdown(t) for t in ordered)


class GlossarySearch:
    """Model behind the search box: the current query and the matching terms."""

    def __init__(self, terms: list[Term]):
        self.terms = terms
        self.query = ""

    @property
    def hits(self) -> list[Term]:
        return search(self.query, self.terms)

    def result_html(self) -> str:
        tag = ui_html.tag
        if not self.query.strip():
            return tag("p", tag("i", f"Skriv i feltet for at søge blandt {len(self.terms)} ord. "
                                     "Vil du bare læse, står hele listen længere nede."))
        hits = self.hits
        if not hits:
            return tag("p", "Ingen ord passer til ", tag("b", self.query), ". Prøv et kortere "
                       "ord eller en del af ordet, fx ", tag("i", "gevinst"), ".")
        head = tag("p", tag("i", f"{len(hits)} af {len(self.terms)} ord passer."))
        return ui_html.join([head, *(term_html(t) for t in hits)])


def show(terms: list[Term] | None = None):
    """Et søgefelt over ordlisten. Listen filtreres, mens du skriver."""
    import ipywidgets as widgets

    try:
        terms = load() if terms is None else terms
    except GlossaryError as err:
        return widgets.HTML(ui_html.message(str(err), ui_html.Tone.ERROR,
                                            "Ordlisten kan ikke vises."))
    model = GlossarySearch(terms)
    box = widgets.Text(placeholder="Skriv et ord, fx gevinst eller BOM", description="Søg:",
                       continuous_update=True, layout=widgets.Layout(width="420px"))
    result = widgets.HTML(model.result_html())

    def update(change):
        model.query = change["new"]
        result.value = model.result_html()

    box.observe(update, names="value")
    view = widgets.VBox([box, result])
    view.model = model  # lets tests and teachers reach the state behind the view
    return view


STATIC_MARKER = "<!-- ordliste: genereret fra datasets/glossary.yml; ret dér, ikke her -->"


def static_cell_source(terms: list[Term] | None = None) -> str:
    """The markdown cell with the full glossary that modules/ordliste.ipynb carries."""
    return f"{STATIC_MARKER}\n\n## Alle ord fra A til Å\n\n{as_markdown(terms)}"


def update_notebook(path: Path) -> None:
    """Replace the static glossary cell in a notebook with the current glossary.yml."""
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    cells = [c for c in notebook.cells if c.cell_type == "markdown"
             and c.source.startswith(STATIC_MARKER)]
    if len(cells) != 1:
        raise GlossaryError([f"{path.name}: fandt ikke præcis én celle med ordlisten."])
    cells[0].source = static_cell_source()
    nbformat.write(notebook, path)


if __name__ == "__main__":
    import sys

    if len(sys.argv) > 1:
        update_notebook(Path(sys.argv[1]))
        print(f"Opdaterede ordlisten i {sys.argv[1]}")
    else:
        print(as_markdown())
