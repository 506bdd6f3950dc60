"""Check the course map against the modules and assignments: alignment and time.

The course map (datasets/course_map.yml) says, for every learning objective, which section
of the module practises it and which assignment question (or self-check) assesses it, and
what kind each activity is (the map declares each kind's minutes once). This file reads the
notebooks and tells what does not hold: an objective without practice or assessment, an
assignment question that does not name the module, or a module whose stated time is more
than 10 pct. from the time the rule gives (reading time from the word count plus the
declared minutes of each kind of activity).
Run `python -m digileder.course_check` for a table a teacher can read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from digileder import course
from digileder.paths import course_root

OPTIONAL_MARK = "hvis du har tid"
TOLERANCE = 0.10  # the stated time may differ this much from the computed, up or down
# A section "has something to do" when its heading or a bold prompt says so, or when a
# widget follows it.
TASK_HEADINGS = ("prøv selv", "stop op", "aktivitet", "øvelse")
TASK_PROMPT = "**prøv selv"
WORD = re.compile(r"\w+")
TAG = re.compile(r"<[^>]+>")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
MODULE_NAMED = re.compile(r"\bmodul\s+(\d\d)\b")
SHOWN = re.compile(r"\b(\w+)\.show\(")  # an activity's entry point: reflection.show(...)
# What a section must hold for the kind its activity claims (kinds in course_map.yml), so
# the minutes follow from what the participant really does: a writing kind needs a field to
# write in, a scenario needs the scenario, and a question to think about has neither.
KIND_NEEDS = {"skriv": "reflection", "skriv-kort": "reflection", "scenarie": "scenarios"}
KIND_WITHOUT_WIDGET = ("overvej",)


@dataclass
class Section:
    heading: str
    words: int = 0
    has_task: bool = False
    optional: bool = False
    shown: set[str] = field(default_factory=set)  # the activities shown here: {"reflection"}


def _source(cell: dict) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def _words(markdown: str) -> int:
    return len(WORD.findall(LINK_TARGET.sub("]", TAG.sub(" ", markdown))))


def sections(path: Path) -> list[Section]:
    """The module's sections (split at ## and ### headings) with reading words and tasks.

    A section under a heading that says "Hvis du har tid" is optional, and so are its
    subsections, until the next heading of the same or a higher level.
    """
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = [Section("(start)")]
    optional_level = None
    for index, cell in enumerate(cells):
        if cell["cell_type"] == "code":
            if index > 1 and _source(cell).strip():
                found[-1].has_task = True  # a widget or chart the participant works with
                found[-1].shown.update(SHOWN.findall(_source(cell)))
            continue
        for line in _source(cell).splitlines():
            heading = re.match(r"^(#{2,3})\s+(.*)$", line)
            if heading:
                level = len(heading.group(1))
                if optional_level is not None and level <= optional_level:
                    optional_level = None
                title = heading.group(2).strip()
                if OPTIONAL_MARK in title.lower():
                    optional_level = level
                found.append(Section(title, optional=optional_level is not None,
                                     has_task=any(m in title.lower() for m in TASK_HEADINGS)))
            current = found[-1]
            current.words += _words(line)
            if TASK_PROMPT in line.lower():
                current.has_task = True
    return [s for s in found if s.words or s.has_task]


def _modules_dir() -> Path:
    return course_root() / "modules"


def _solutions_dir() -> Path:
    return course_root() / "solutions"


def _find_section(found: list[Section], name: str) -> Section | None:
    return next((s for s in found if name.lower() in s.heading.lower()), None)


def computed_minutes(entry: dict, wpm: int, found: list[Section],
                     kinds: dict[str, float] | None = None) -> float:
    """Reading time of the required text plus the minutes of each required activity's kind."""
    kinds = kinds if kinds is not None else course.activity_minutes()
    words = sum(s.words for s in found if not s.optional)
    doing = sum(kinds[a["kind"]] for a in entry["activities"] if not a.get("optional"))
    return words / wpm + doing


def stated_objectives(path: Path) -> list[str]:
    """The objectives in the notebook's box: the bullets under '**Læringsmål', joined lines."""
    text = _source(json.loads(path.read_text(encoding="utf-8"))["cells"][0])
    goals: list[str] = []
    for line in text.split("**Læringsmål", 1)[-1].splitlines()[1:]:
        if line.startswith("- "):
            goals.append(line[2:].strip())
        elif line.startswith("  ") and line.strip() and goals:
            goals[-1] += " " + line.strip()
        else:
            break
    return goals


def _stated_in_notebook(path: Path) -> int | None:
    text = path.read_text(encoding="utf-8")
    match = re.search(r"\*\*Tid:\*\*\s*(\d+)\s*minutter", text)
    return int(match.group(1)) if match else None


def _assignment_cells(assignment: str) -> list[dict]:
    path = _solutions_dir() / assignment / f"{assignment}.ipynb"
    if not path.is_file():
        return []
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _grade_id(cell: dict) -> str | None:
    return cell["metadata"].get("nbgrader", {}).get("grade_id")


def _question_text(cells: list[dict], index: int) -> str:
    """The text of the question the cell at INDEX belongs to: back to its '## ' heading."""
    parts = []
    for cell in reversed(cells[:index + 1]):
        parts.append(_source(cell))
        if cell["cell_type"] == "markdown" and _source(cell).startswith("## "):
            break
    return " ".join(parts)


def alignment_problems(entries: list[dict] | None = None) -> list[str]:
    """Everything about the map that does not hold, in Danish, one line each."""
    entries = entries if entries is not None else course.course_map()
    problems = []
    for entry in entries:
        number, path = entry["file"][:2], _modules_dir() / entry["file"]
        found = sections(path)
        where = f"Modul {number}"
        for activity in entry["activities"]:
            section = _find_section(found, activity["section"])
            if section is None:
                problems.append(f"{where}: aktiviteten '{activity['section']}' er ikke en "
                                "overskrift i modulet.")
                continue
            problems += _kind_problems(where, activity, section)
            if bool(activity.get("optional")) != section.optional:
                marked = "mærket" if section.optional else "ikke mærket"
                problems.append(f"{where}: '{activity['section']}' er {marked} 'Hvis du har "
                                "tid' i modulet, men modsat i kursusoversigten.")
        if stated_objectives(path) != course.objectives(entry):
            problems.append(f"{where}: læringsmålene i notesbogen er ikke de samme som i "
                            "kursusoversigten. Skriv dem ens, ord for ord.")
        named = [a["section"].lower() for a in entry["activities"]]
        for section in found:
            if section.has_task and not section.optional and not any(
                    n in section.heading.lower() for n in named) and section.heading != "(start)":
                problems.append(f"{where}: afsnittet '{section.heading}' har en opgave, men "
                                "ingen tid i kursusoversigten.")
        for goal in entry["objectives"]:
            text = goal.get("text", "?")
            if not goal.get("practised_in"):
                problems.append(f"{where}: målet '{text}' øves ingen steder.")
            elif _find_section(found, goal["practised_in"]) is None:
                problems.append(f"{where}: målet '{text}' øves i '{goal['practised_in']}', "
                                "som ikke er en overskrift i modulet.")
            problems += _assessment_problems(where, number, text, goal.get("assessed_by"),
                                             found)
        problems += _shared_rubric_problems(entry)
    return problems


def _kind_problems(where: str, activity: dict, section: Section) -> list[str]:
    """Does the section hold what the activity's kind says the participant does?"""
    kind, needs = activity["kind"], KIND_NEEDS.get(activity["kind"])
    if needs and needs not in section.shown:
        return [f"{where}: '{activity['name']}' er af slagsen '{kind}', men afsnittet "
                f"'{section.heading}' viser ikke {needs}.show(...)."]
    if kind in KIND_WITHOUT_WIDGET and section.shown:
        return [f"{where}: '{activity['name']}' er af slagsen '{kind}' (kun tænke), men "
                f"afsnittet '{section.heading}' har {', '.join(sorted(section.shown))}.show(...). "
                "Vælg den slags, deltageren faktisk laver."]
    return []


def _assessment_problems(where: str, number: str, text: str, assessed: dict | None,
                         found: list[Section]) -> list[str]:
    if not assessed:
        return [f"{where}: målet '{text}' bliver ikke bedømt nogen steder."]
    if assessed.get("self_check"):
        if _find_section(found, assessed["self_check"]) is None:
            return [f"{where}: selvtjekket '{assessed['self_check']}' til målet '{text}' "
                    "findes ikke i modulet."]
        return []
    assignment = assessed.get("assignment", "")
    cells = _assignment_cells(assignment)
    if not cells:
        return [f"{where}: opgaven '{assignment}' til målet '{text}' findes ikke i solutions/."]
    problems = [p for item in _items(assessed)
                for p in _item_problems(where, number, assignment, item, cells)]
    if assessed.get("rubric") and not _rubric_points(cells, assessed["rubric"]):
        problems.append(f"{where}: rubrikken i {assignment} har ingen linje med point, der "
                        f"begynder med '{assessed['rubric']}' (til målet '{text}').")
    return problems


def _items(assessed: dict) -> tuple[str, ...]:
    """The grade_ids an objective names: one text, or a list (the map reads it as a tuple)."""
    items = assessed.get("item", "")
    return tuple(items) if isinstance(items, list | tuple) else (items,)


def _item_problems(where: str, number: str, assignment: str, item: str,
                   cells: list[dict]) -> list[str]:
    index = next((i for i, c in enumerate(cells) if _grade_id(c) == item), None)
    if index is None or not cells[index]["metadata"]["nbgrader"].get("grade"):
        return [f"{where}: '{item}' i {assignment} er ikke et bedømt spørgsmål."]
    named = set(MODULE_NAMED.findall(_question_text(cells, index).lower()))
    if number not in named:
        return [f"{where}: {assignment} '{item}' nævner ikke modul {number}, så det er ikke "
                "tydeligt, at spørgsmålet bedømmer modulet."]
    if named != {number}:
        others = ", ".join(sorted(named - {number}))
        return [f"{where}: {assignment} '{item}' handler også om modul {others}. Et spørgsmål, "
                f"der giver et valg mellem moduler, bedømmer ikke modul {number} for alle "
                "deltagere: peg på et spørgsmål, som alle besvarer om modulet."]
    return []


def _rubric_points(cells: list[dict], start: str) -> int:
    """Points of the rubric row (a Markdown table row) whose criterion begins with START."""
    for cell in cells:
        for row in _source(cell).splitlines():
            parts = [p.strip() for p in row.strip().strip("|").split("|")]
            if len(parts) >= 2 and parts[-1].isdigit() and any(
                    p.lower().startswith(start.lower()) for p in parts[:-1]):
                return int(parts[-1])
    return 0


def _shared_rubric_problems(entry: dict) -> list[str]:
    """Objectives that share a hand-graded question and name rubric rows need one row each."""
    seen: dict[tuple, str] = {}
    problems = []
    for goal in entry["objectives"]:
        assessed = goal.get("assessed_by") or {}
        if not assessed.get("rubric"):
            continue
        key = (assessed.get("assignment"), _items(assessed), assessed["rubric"])
        if key in seen:
            problems.append(f"Modul {entry['file'][:2]}: målene '{seen[key]}' og "
                            f"'{goal['text']}' peger på samme linje i rubrikken "
                            f"('{assessed['rubric']}'). Giv hvert mål sin egen linje.")
        seen[key] = goal["text"]
    return problems


def timing_problems(entries: list[dict] | None = None, wpm: int | None = None) -> list[str]:
    entries = entries if entries is not None else course.course_map()
    wpm = wpm or course.reading_speed()
    problems = []
    for entry in entries:
        path = _modules_dir() / entry["file"]
        computed = computed_minutes(entry, wpm, sections(path))
        if abs(computed - entry["minutes"]) > entry["minutes"] * TOLERANCE:
            problems.append(f"Modul {entry['file'][:2]}: beregnet {computed:.1f} min., men "
                            f"der står {entry['minutes']} min. (højst 10 pct. fra hinanden). "
                            f"Skriv {5 * round(computed / 5)} min., eller ret aktiviteterne.")
        stated = _stated_in_notebook(path)
        if stated != entry["minutes"]:
            problems.append(f"Modul {entry['file'][:2]}: notesbogen siger {stated} min., "
                            f"kursusoversigten {entry['minutes']} min.")
    return problems


def report() -> str:
    wpm = course.reading_speed()
    lines = [f"Læsehastighed: {wpm} ord i minuttet", "Modul  læsning  aktiviteter  i alt  angivet"]
    for entry in course.course_map():
        found = sections(_modules_dir() / entry["file"])
        reading = sum(s.words for s in found if not s.optional) / wpm
        total = computed_minutes(entry, wpm, found)
        lines.append(f"{entry['file'][:2]:>5}  {reading:7.1f}  {total - reading:11.0f}  "
                     f"{total:5.1f}  {entry['minutes']:7d}")
    problems = alignment_problems() + timing_problems()
    lines += problems or ["Alt holder: hvert mål øves og bedømmes, og tiden passer."]
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
