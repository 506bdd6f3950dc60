"""The course map (datasets/course_map.yml) as data, HTML for module 00 and Markdown for README."""

from __future__ import annotations

import copy
from pathlib import Path

from digileder.content import Field, Record, load_document
from digileder.errors import DataError
from digileder.paths import datasets_dir
from digileder.ui import html as ui_html

# The schema of datasets/course_map.yml, declared once (keys as the file has them). Whether a
# section or an assignment question exists is checked against the notebooks by course_check.
ACTIVITY_RECORD = Record("aktivitet", (
    Field("name", "hvad deltageren gør, fx 'Sortér opgaverne' (sæt navnet i anførselstegn, "
          "hvis der står et komma i det)"),
    Field("section", "(en del af) overskriften på afsnittet i modulet"),
    Field("kind", "slags aktivitet, en af dem under activity_kinds, fx skriv"),
    Field("optional", "true, hvis afsnittet står under 'Hvis du har tid'", required=False,
          flag=True),
), title="name", plural="aktiviteter", unknown_hint=(
    "Står der et komma i en aktivitets navn, så sæt navnet i anførselstegn: "
    "{name: \"A, B\", ...}."))
ASSESSMENT_RECORD = Record("bedømmelse", (
    Field("assignment", "opgavens id, fx a3-min-rolle", required=False),
    Field("item", "spørgsmålets grade_id i opgaven, fx a3-q1, eller en liste af dem, når målet "
          "har flere dele", required=False, many=True),
    Field("self_check", "overskriften på selvtjekket i modulet", required=False),
    Field("rubric", "begyndelsen af kriteriet i opgavens bedømmelsestabel", required=False),
))
OBJECTIVE_RECORD = Record("læringsmål", (
    Field("text", "målet, som det fortsætter 'Når du er færdig, kan du …'"),
    Field("practised_in", "overskriften på afsnittet, hvor målet øves", required=False),
    Field("assessed_by", "{assignment: …, item: …} eller {self_check: …}",
          required=False, record=ASSESSMENT_RECORD),
), title="text", neuter=True)
MODULE_RECORD = Record("modul", (
    Field("file", "notesbogens filnavn, fx 04-smart-city.ipynb"),
    Field("title", "modulets titel"),
    Field("questions", "det spørgsmål, modulet besvarer"),
    Field("minutes", "modulets minutter som et helt tal, fx 40", whole=True, between=(1, 600)),
    Field("activities", "modulets aktiviteter, hver med name, section og kind",
          records=ACTIVITY_RECORD),
    Field("objectives", "modulets læringsmål, hver med text", records=OBJECTIVE_RECORD),
), title="title", plural="moduler", neuter=True)
ASSIGNMENT_RECORD = Record("opgave", (
    Field("id", "opgavens id, fx a1-laes-tallene", is_id=True),
    Field("title", "opgavens titel, fx 'A1 · Læs tallene'"),
    Field("deadline", "afleveringsfristen, fx 2027-03-12 23:59", required=False),
), title="id", plural="opgaver")
# The rule for a module's time: each kind of activity takes the same minutes everywhere.
KIND_RECORD = Record("slags aktivitet", (
    Field("kind", "et kort navn med små bogstaver og bindestreg, fx skriv-kort", is_id=True),
    Field("minutes", "minutterne for denne slags aktivitet som et helt tal, fx 3", whole=True,
          between=(1, 120)),
    Field("doing", "hvad deltageren gør, fx 'skriver et til tre sætninger i et felt'"),
), title="kind", plural="slags aktiviteter")
COURSE_MAP_FILE = Record("course_map.yml", (
    Field("reading_words_per_minute", "ord pr. minut, fx 150", required=False, whole=True,
          between=(50, 400)),
    Field("activity_kinds", "minutterne for hver slags aktivitet, hver med kind, minutes og "
          "doing", records=KIND_RECORD),
    Field("modules", "kursets moduler", records=MODULE_RECORD),
    Field("assignments", "kursets opgaver, hver med id og title", required=False,
          records=ASSIGNMENT_RECORD),
))


def _unknown_kinds(content: dict, where: str) -> list[str]:
    """Every activity's kind must be one that activity_kinds declares with its minutes."""
    kinds = [k["kind"] for k in content["activity_kinds"]]
    return [f"modul {m['file'][:2]}, aktiviteten '{a['name']}': kind '{a['kind']}' står ikke "
            f"under activity_kinds. Brug en af {', '.join(kinds)}."
            for m in content["modules"] for a in m["activities"] if a["kind"] not in kinds]


_parsed: dict[tuple, dict] = {}


def _read() -> dict:
    """The checked course map; ContentError lists every problem with its place and line.

    Parsed once per kernel and file version (pure-Python YAML: 0.25 s, and module 00 shows
    two widgets that need it); each caller gets its own copy."""
    path = datasets_dir() / "course_map.yml"
    try:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = None  # missing: load_document says so in Danish
    if key not in _parsed:
        content = load_document(path, COURSE_MAP_FILE, _unknown_kinds)
        if key is None:
            return content
        _parsed.clear()
        _parsed[key] = content
    return copy.deepcopy(_parsed[key])


def course_map() -> list[dict]:
    return _read()["modules"]


def reading_speed() -> int:
    """Words per minute the course map assumes when it computes a module's reading time."""
    return _read()["reading_words_per_minute"] or 150


def activity_minutes() -> dict[str, int]:
    """Minutes for each kind of activity: the course map declares them once."""
    return {k["kind"]: k["minutes"] for k in _read()["activity_kinds"]}


def objectives(entry: dict) -> list[str]:
    return [goal["text"] for goal in entry["objectives"]]


def activities(entry: dict) -> str:
    """The activities as one line; optional ones are marked."""
    return "; ".join(a["name"] + (" (hvis du har tid)" if a.get("optional") else "")
                     for a in entry["activities"])


def assignments(entry: dict) -> str:
    """The assignments that assess the module ("A1, A4"), read from its objectives."""
    found = sorted({assessed["assignment"].split("-")[0].upper()
                    for goal in entry["objectives"]
                    if (assessed := goal.get("assessed_by") or {}).get("assignment")})
    return ", ".join(found) or "-"


def _number(entry: dict) -> str:
    return entry["file"][:2]


def as_markdown() -> str:
    """The course map as a Markdown table (README's course map is this text)."""
    lines = [
        "| Modul | Spørgsmål | Når du er færdig, kan du … | Tid | Aktiviteter | Opgave |",
        "|---|---|---|---|---|---|",
    ]
    for e in course_map():
        goals = "; ".join(objectives(e))
        lines.append(
            f"| {_number(e)} [{e['title']}](modules/{e['file']}) | {e['questions']} | {goals} "
            f"| {e['minutes']} min. | {activities(e)} | {assignments(e)} |"
        )
    return "\n".join(lines)


def as_html() -> str:
    """The course map as an HTML table with links to each module (for module 00)."""
    tag = ui_html.tag
    rows = [tag("tr", tag("td", tag("a", f"{_number(e)} {e['title']}", href=e["file"])),
                tag("td", e["questions"]),
                tag("td", tag("ul", *(tag("li", goal) for goal in objectives(e)))),
                tag("td", f"{e['minutes']} min."), tag("td", activities(e)),
                tag("td", assignments(e)))
            for e in course_map()]
    head = tag("tr", *(tag("th", name) for name in (
        "Modul", "Spørgsmål", "Når du er færdig, kan du …", "Tid", "Aktiviteter", "Opgave")))
    return tag("table", head, *rows, cls="digileder-map")


def show_map():
    """Display the course map in a notebook (or a Danish message naming every problem in
    course_map.yml)."""
    from IPython.display import HTML, display

    try:
        page = as_html()
    except DataError as err:
        page = ui_html.course_file_problem(err, "Kursusoversigten kan ikke vises.")
    display(HTML(page))


START, END = "<!-- kursusoversigt:start -->", "<!-- kursusoversigt:slut -->"


def update_readme(path: Path) -> None:
    """Replace the course map between the README's markers with the current map."""
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{START}\n{as_markdown()}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    import sys

    if len(sys.argv) > 1:
        update_readme(Path(sys.argv[1]))
    else:
        print(as_markdown())
