"""The course map (datasets/course_map.yml) as data, HTML for module 00 and Markdown for README."""

from __future__ import annotations

from pathlib import Path

from digileder.content import ContentError, read_yaml
from digileder.paths import datasets_dir
from digileder.ui import html as ui_html

REQUIRED = ("file", "title", "questions", "objectives", "minutes", "activities")
REQUIRED_ACTIVITY = ("name", "section", "minutes")
KNOWN_ACTIVITY = (*REQUIRED_ACTIVITY, "optional")


def _read() -> dict:
    path = datasets_dir() / "course_map.yml"
    document = read_yaml(path)  # the course's safe reader: lines, odd keys, deep nesting
    content = document.data
    entries = content.get("modules") if isinstance(content, dict) else None
    if not document.problems and not isinstance(entries, list):
        document.problems.append(f"{path.name}: filen skal have en liste under 'modules:'.")
    for index, entry in enumerate(entries if not document.problems else [], start=1):
        if not isinstance(entry, dict):
            document.problems.append(f"{document.where(entry, f'modul nr. {index}')}: skal "
                                     f"have felterne {', '.join(REQUIRED)}.")
            continue
        absent = [key for key in REQUIRED if key not in entry]
        absent += [f"activities: {key}" for activity in entry.get("activities") or []
                   for key in REQUIRED_ACTIVITY
                   if not isinstance(activity, dict) or key not in activity]
        absent += ["objectives: text" for goal in entry.get("objectives") or []
                   if not isinstance(goal, dict) or "text" not in goal]
        if absent:
            document.problems.append(f"{document.where(entry, f'modul nr. {index}')}: mangler "
                                     f"{', '.join(absent)}.")
        # In {name: A, B, section: ...} the comma ends the name, and "B" becomes a key.
        unknown = [str(key) for activity in entry.get("activities") or []
                   if isinstance(activity, dict) for key in activity if key not in KNOWN_ACTIVITY]
        if unknown:
            document.problems.append(
                f"{document.where(entry, f'modul nr. {index}')}: activities har de ukendte felter "
                f"{', '.join(repr(k) for k in unknown)}. Står der et komma i en aktivitets navn, "
                f"så sæt navnet i anførselstegn: {{name: \"A, B\", ...}}.")
    if document.problems:
        raise ContentError(document.problems)
    return content


def course_map() -> list[dict]:
    return _read()["modules"]


def reading_speed() -> int:
    """Words per minute the course map assumes when it computes a module's reading time."""
    return int(_read().get("reading_words_per_minute", 150))


def objectives(entry: dict) -> list[str]:
    return [goal["text"] for goal in entry["objectives"]]


def activities(entry: dict) -> str:
    """The activities as one line; optional ones are marked."""
    return "; ".join(a["name"] + (" (hvis du har tid)" if a.get("optional") else "")
                     for a in entry["activities"])


def assignments(entry: dict) -> str:
    """The assignments that assess the module ("A1, A4"), read from its objectives."""
    found = sorted({goal["assessed_by"]["assignment"].split("-")[0].upper()
                    for goal in entry["objectives"]
                    if "assignment" in (goal.get("assessed_by") or {})})
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
    rows = []
    for e in course_map():
        goals = "".join(f"<li>{ui_html.text(g)}</li>" for g in objectives(e))
        title = ui_html.text(f"{_number(e)} {e['title']}")
        rows.append(
            "<tr>"
            f"<td><a href=\"{ui_html.text(e['file'])}\">"
            f"{title}</a></td>"
            f"<td>{ui_html.text(e['questions'])}</td><td><ul>{goals}</ul></td>"
            f"<td>{ui_html.text(e['minutes'])} min.</td><td>{ui_html.text(activities(e))}</td>"
            f"<td>{ui_html.text(assignments(e))}</td></tr>"
        )
    head = ("<tr><th>Modul</th><th>Spørgsmål</th><th>Når du er færdig, kan du …</th>"
            "<th>Tid</th><th>Aktiviteter</th><th>Opgave</th></tr>")
    return f'<table class="digileder-map">{head}{"".join(rows)}</table>'


def show_map():
    """Display the course map in a notebook."""
    from IPython.display import HTML, display

    display(HTML(as_html()))


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
