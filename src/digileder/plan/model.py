"""Module 08's digital leadership plan: the pure model.

What was gathered from the course (Material), what is missing and which module makes it,
three actions with owner and date (parse_due/check_actions validate them in Danish), and
the plan as Markdown. Reads no files itself (store.py gathers; chart.py renders HTML).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

MESSAGE_KEY = "06-budskab"
BENEFITS_KEY = "07-gevinstplan"
FOCUS_KEY = "08-mit-fokus"  # module 08's reflection; fills an empty focus field
EXPORT_NAME = "min-digitale-ledelsesplan"
STATE_FILE = "ledelsesplan.json"
ACTION_COUNT = 3
MIN_ACTION_WORDS = 3
_HTML_EXCERPT = 400


@dataclass
class Material:
    """Det, du har gemt undervejs i kurset (tomt, hvis du ikke har gemt noget)."""

    scores: dict[str, float] | None = None
    dimension_names: dict[str, str] = field(default_factory=dict)
    suggestions: list[dict] = field(default_factory=list)
    reflections: dict[str, dict] = field(default_factory=dict)
    message: str = ""
    benefits: str = ""
    benefits_html: str = ""
    runs: dict[str, dict] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)  # saved files that had to be set aside


def _module_files() -> dict[str, str]:
    from digileder import course
    from digileder.data import DataError

    try:
        return {e["file"][:2]: e["file"] for e in course.course_map()}
    except DataError:
        return {}


def missing(material: Material) -> list[dict]:
    """Det, der mangler i planen: hvad, hvilket modul der laver det, og hvad du skal gøre."""
    files = _module_files()
    gaps = []

    def gap(what: str, module: str, todo: str) -> None:
        gaps.append({"what": what, "module": module, "file": files.get(module, ""),
                     "todo": todo})

    if not material.scores:
        gap("Din profil for digital modenhed", "03",
            "Lav selvevalueringen i modul 03, og klik på Gem og vis min profil.")
    if not material.reflections:
        gap("Dine refleksioner", "01",
            "Skriv i felterne mærket ✍️ i modulerne 01-07 og 09. De bliver gemt automatisk.")
    if not material.message:
        gap("Dit budskab til medarbejderne", "06",
            "Byg dit budskab i modul 06, og klik på Saml og gem budskab.")
    if not material.benefits:
        gap("Din gevinstplan", "07", "Udfyld gevinstplanen i modul 07, og klik på Gem gevinstplan.")
    if not material.runs:
        gap("Et gennemspillet scenarie", "05",
            "Spil et af scenarierne i modul 04, 05, 07 eller 09 til ende.")
    return gaps


_DATE = re.compile(r"^(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{2,4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_due(text: str, today: date | None = None) -> date:
    """Læs en dato som dd.mm.åååå (fx 15.03.2027) og tjek, at den ligger efter i dag.

    Giver ValueError med en dansk besked, hvis datoen ikke kan læses eller er overstået.
    """
    today = today or date.today()
    example = f"{today + timedelta(days=30):%d.%m.%Y}"
    cleaned = str(text).strip()
    if not cleaned:
        raise ValueError(f"Skriv en dato som dd.mm.åååå, fx {example}.")
    match, iso = _DATE.match(cleaned), _ISO.match(cleaned)
    if match:
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) != 4:
            raise ValueError(f"Skriv året med fire cifre: '{cleaned}' → fx "
                             f"{day:02d}.{month:02d}.20{match.group(3)[-2:]}.")
    elif iso:
        year, month, day = (int(part) for part in iso.groups())
    else:
        raise ValueError(f"'{cleaned}' er ikke en dato. Skriv den som dd.mm.åååå, fx {example}.")
    try:
        due = date(year, month, day)
    except ValueError:
        raise ValueError(f"Datoen '{cleaned}' findes ikke i kalenderen. Tjek dag og måned.") \
            from None
    if due <= today:
        raise ValueError(f"Datoen {due:%d.%m.%Y} er ikke i fremtiden. Vælg en dato efter i dag "
                         f"({today:%d.%m.%Y}).")
    return due


@dataclass
class Action:
    """En handling i planen: hvad, hvem der har ansvaret, og hvornår den skal være gjort."""

    what: str = ""
    owner: str = ""
    due: str = ""  # as typed; parse_due() checks it

    def is_empty(self) -> bool:
        return not (self.what.strip() or self.owner.strip() or self.due.strip())


def check_actions(actions: list[Action], today: date | None = None) -> list[str]:
    """Fejl i handlingerne som danske sætninger; tom liste = alle tre er i orden."""
    problems = []
    for number, action in enumerate(actions[:ACTION_COUNT], start=1):
        if action.is_empty():
            problems.append(f"Handling {number}: mangler. Skriv hvad, hvem og hvornår.")
            continue
        what = " ".join(action.what.split())
        if not what:
            problems.append(f"Handling {number}: skriv, hvad du vil gøre.")
        elif len(what.split()) < MIN_ACTION_WORDS:
            problems.append(f"Handling {number}: '{what}' er for kort til at være konkret. "
                            "Skriv, hvad du gør, og med hvem – fx 'Holde et møde med "
                            "formændene om gevinsterne ved iPads'.")
        if not action.owner.strip():
            problems.append(f"Handling {number}: skriv, hvem der har ansvaret (gerne dig selv).")
        try:
            parse_due(action.due, today)
        except ValueError as err:
            problems.append(f"Handling {number}: {err}")
    for number in range(len(actions) + 1, ACTION_COUNT + 1):
        problems.append(f"Handling {number}: mangler. Planen skal have {ACTION_COUNT} handlinger.")
    return problems


@dataclass
class LeadershipPlan:
    """Din digitale ledelsesplan: hvem du er, dit fokus, tre handlinger og dit materiale."""

    name: str = ""
    focus: str = ""
    actions: list[Action] = field(default_factory=lambda: [Action() for _ in
                                                           range(ACTION_COUNT)])
    material: Material = field(default_factory=Material)
    created: date = field(default_factory=date.today)

    def problems(self, today: date | None = None) -> list[str]:
        found = check_actions(self.actions, today)
        if not self.focus.strip():
            found.insert(0, "Skriv dit vigtigste fokus som digital leder (én eller to sætninger).")
        return found


def _dimension_lines(material: Material) -> list[tuple[str, str]]:
    from digileder import danish

    names = material.dimension_names
    return [(names.get(key, key), danish.number(value, 1))
            for key, value in (material.scores or {}).items()]


def _run_line(scenario_id: str, run: dict) -> str:
    title = run.get("title") or scenario_id
    ending = run.get("ending") if isinstance(run.get("ending"), dict) else None
    steps = len(run.get("path") or [])
    if ending and ending.get("title"):
        return f"{title}: du traf {steps} valg og endte i «{ending['title']}»."
    return f"{title}: ikke spillet færdig ({steps} valg)."


def _reflection_items(material: Material) -> list[tuple[str, str]]:
    return [(str(entry.get("prompt") or key), str(entry.get("text") or ""))
            for key, entry in sorted(material.reflections.items())]


def to_markdown(plan: LeadershipPlan) -> str:
    """Planen som Markdown (gemmes ved siden af HTML-filen). Alt, hvad du har skrevet, står
    som tekst: et '#', '---', '[link](…)' eller '<!--' i et felt bliver ikke til en
    overskrift, en streg, et link eller en kommentar."""
    m, text = plan.material, markdown_text
    lines = ["# Min digitale ledelsesplan", ""]
    if plan.name.strip():
        lines += [f"**{text(plan.name, inline=True)}** · {plan.created:%d.%m.%Y}", ""]
    else:
        lines += [f"Lavet {plan.created:%d.%m.%Y}", ""]
    lines += ["## Mit fokus", "", text(plan.focus) or "–", "",
              "## Tre handlinger", "", "| # | Handling | Ansvarlig | Dato |", "|---|---|---|---|"]
    for number, action in enumerate(plan.actions, start=1):
        cells = [text(v, cell=True) for v in (action.what, action.owner, action.due)]
        lines.append(f"| {number} | {cells[0]} | {cells[1]} | {cells[2]} |")
    lines += ["", "## Min digitale modenhed (modul 03)", ""]
    if m.scores:
        lines += [f"- {text(name, inline=True)}: {value}" for name, value in _dimension_lines(m)]
        lines += [f"- Forslag: {text(s['name'], inline=True)} – {text(s['text'], inline=True)} "
                  f"(modul {text(s['module'], inline=True)})" for s in m.suggestions]
    else:
        lines.append("Ikke udfyldt.")
    lines += ["", "## Mit budskab til medarbejderne (modul 06)", "",
              text(m.message) or "Ikke udfyldt.", "", "## Min gevinstplan (modul 07)", "",
              _benefits_markdown(m.benefits) or "Ikke udfyldt.", "", "## Mine scenarier", ""]
    lines += [f"- {text(_run_line(i, r), inline=True)}" for i, r in m.runs.items()] \
        or ["Ingen spillet."]
    lines += ["", "## Det har jeg skrevet undervejs", ""]
    for prompt, reflection in _reflection_items(m):
        lines += [f"**{text(prompt, inline=True)}**", "", text(reflection), ""]
    if not m.reflections:
        lines.append("Ingen refleksioner gemt.")
    return "\n".join(lines).rstrip() + "\n"


# Control characters (NUL from a pasted file, Word's vertical tab) and the invisible marks that
# turn text right-to-left mean nothing in a plan and can hide or disguise what follows.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
# Markdown punctuation that makes links, emphasis, code, headings or table cells anywhere in
# a line ('>' only matters first on a line: a quote).
_MARKDOWN_MARK = re.compile(r"([\\`*_{}\[\]()#+|~])")  # '!' only before '[' (an image)
# What makes a block only first on a line: a list, a rule, a heading underline, a quote.
_LINE_START = re.compile(r"^([-=>])|^(\d+)([.)])")


def plain_text(value: str) -> str:
    """Text without control characters or direction marks (for both export formats)."""
    return _CONTROL.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")


def markdown_text(value: str, inline: bool = False, cell: bool = False) -> str:
    """What a participant (or a course file) wrote, as Markdown that shows exactly that text.

    '&' and '<' become entities (no HTML, no comment), Markdown punctuation gets a backslash,
    and a line cannot start a list, rule, heading or quote. INLINE (inside a list item or
    bold) and CELL (a table cell) join the lines with spaces; a cell may start with a digit
    and a dot (a date)."""
    text = plain_text(value).replace("&", "&amp;").replace("<", "&lt;")
    text = _MARKDOWN_MARK.sub(r"\\\1", text)
    lines = [" ".join(line.split()) for line in text.split("\n")]  # 4 spaces: a code block
    if not cell:
        lines = [_LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", line)
                 for line in lines]
    if inline or cell:
        return " ".join(line for line in lines if line)
    # Two spaces at the end keep a single line break (as in the HTML page); blank lines stay
    # between paragraphs.
    return "\n".join(line + "  " if line and after else line
                     for line, after in zip(lines, [*lines[1:], ""], strict=True)).strip()


def _benefits_markdown(table: str) -> str:
    """The benefits plan's saved Markdown table with every cell's text escaped, the table
    itself kept (the cells' own '|' are already '/')."""
    rows = []
    for line in plain_text(table).strip().split("\n"):
        if re.fullmatch(r"\|(-{3}\|)+", line.strip()):
            rows.append(line.strip())
        elif line.strip().startswith("|") and line.strip().endswith("|"):
            cells = line.strip()[1:-1].split("|")
            rows.append("| " + " | ".join(markdown_text(c, cell=True) for c in cells) + " |")
        else:
            rows.append(markdown_text(line, inline=True))
    return "\n".join(rows)
