"""Read a scenario YAML file, check it, and build the Scenario model.

Every problem is collected, not just the first, so a teacher can fix a new file in
one go. Each message is Danish and names the file, the place (situation or
slutning id, valg number) and, when known, the line in the file.
"""

from __future__ import annotations

import errno
from pathlib import Path

import yaml

from digileder.content.reader import MAX_BYTES, parse_yaml
from digileder.paths import datasets_dir
from digileder.scenarios.model import Choice, Ending, Scenario, Situation

MIN_CHOICES, MAX_CHOICES = 2, 4
MAX_EFFECT = 5

# The schema: the fields each part of a file may have, and which must be there.
TOP_FIELDS = {"titel": True, "intro": True, "dimensioner": True, "start": False,
              "situationer": True, "slutninger": True}
SITUATION_FIELDS = {"titel": False, "tekst": True, "valg": True}
CHOICE_FIELDS = {"tekst": True, "til": True, "feedback": True, "effekt": False}
ENDING_FIELDS = {"titel": True, "opsummering": True, "refleksion": True}
FIELD_HELP = {
    "opsummering": "en opsummering (feedback), der forklarer hvordan det gik og hvorfor",
    "refleksion": "et spørgsmål til refleksion",
    "feedback": "feedback, der forklarer ledelsespointen bag konsekvensen",
    "tekst": "en tekst",
    "til": "id'et på den situation eller slutning, valget fører til",
    "titel": "en titel",
    "intro": "en kort introduktion",
    "dimensioner": "de dimensioner, valgene påvirker (fx tillid: Medarbejdernes tillid)",
    "situationer": "situationerne med valg",
    "slutninger": "slutningerne",
    "valg": f"en liste med {MIN_CHOICES}-{MAX_CHOICES} valg",
}


class ScenarioError(ValueError):
    """Et scenarie kan ikke bruges. `problems` er listen af alle fejl på dansk."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        lines = "\n".join(f"- {problem}" for problem in self.problems)
        super().__init__(f"Scenariet har {len(self.problems)} fejl:\n{lines}")


def scenarios_dir() -> Path:
    return datasets_dir() / "scenarios"


def resolve(scenario_id_or_path: str | Path) -> Path | None:
    """The file for a scenario id ('ipads-i-vej-og-park'), or a Path given by code (tests, the
    teacher's check). A typed text is only an id listed in datasets/scenarios, so '/etc/passwd'
    or '../x' cannot reach other files; None when the id is not listed."""
    if isinstance(scenario_id_or_path, Path):
        return scenario_id_or_path
    return dict(list_ids()).get(str(scenario_id_or_path).removesuffix(".yml"))


def _key_lines(root) -> dict[tuple, int]:
    """Line numbers of the ids under 'situationer' and 'slutninger', and of each choice."""
    lines: dict[tuple, int] = {}
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key_node, value_node in root.value:
        lines.setdefault(("", str(key_node.value)), key_node.start_mark.line + 1)  # top fields
        if key_node.value in ("situationer", "slutninger") and isinstance(
            value_node, yaml.MappingNode
        ):
            for id_node, node in value_node.value:
                node_id = str(id_node.value)
                lines.setdefault((key_node.value, node_id), id_node.start_mark.line + 1)
                if not isinstance(node, yaml.MappingNode):
                    continue  # a text, number or list instead of fields: reported by _build
                for field_node, field_value in node.value:
                    if getattr(field_node, "value", None) == "valg" and isinstance(
                        field_value, yaml.SequenceNode
                    ):
                        for number, item in enumerate(field_value.value, start=1):
                            lines[(key_node.value, node_id, number)] = item.start_mark.line + 1
    return lines


def _parse(text: str, name: str) -> tuple[object, dict, list[str]]:
    """Data, line numbers of ids and choices, and the reader's problems (content.reader)."""
    document = parse_yaml(text, name)
    if document.data is None and document.problems:
        return None, {}, document.problems
    return document.data, _key_lines(document.root), document.problems


class _Checker:
    """Collects problems while building the model from the parsed YAML data."""

    def __init__(self, name: str, lines: dict):
        self.name = name
        self.lines = lines
        self.problems: list[str] = []

    def report(self, where: str, message: str, section: str = "", node_id: str = "",
               choice: int = 0) -> None:
        line = self.lines.get((section, node_id, choice)) or self.lines.get((section, node_id))
        prefix = f"{self.name}, {where}" if where else self.name
        if line:
            prefix += f" (linje {line})"
        self.problems.append(f"{prefix}: {message}")

    def fields(self, data: dict, spec: dict, where: str, section="", node_id="",
               choice=0) -> None:
        for key, required in spec.items():
            if required and _blank(data.get(key)):
                help_text = FIELD_HELP.get(key, "en værdi")
                self.report(where, f"feltet '{key}' mangler eller er tomt. Skriv {help_text}.",
                            section, node_id, choice)
        for key in data:
            if key not in spec:
                known = ", ".join(spec)
                self.report(where, f"ukendt felt '{key}'. Kendte felter her: {known}.",
                            section, node_id or (str(key) if not section else ""), choice)

    def text(self, value, field_name: str, where: str, section="", node_id="", choice=0) -> str:
        if isinstance(value, bool) or isinstance(value, list | dict):
            found = "ja/nej (true/false)" if isinstance(value, bool) else \
                "en liste eller en samling"
            self.report(where, f"feltet '{field_name}' skal være en tekst, men er {found}. "
                        f"Skriv {FIELD_HELP.get(field_name, 'en tekst')} på samme linje, og "
                        "sæt anførselstegn om teksten, hvis den indeholder [ ], { }, kolon "
                        "eller ordene ja, nej, true eller false.", section,
                        node_id or (field_name if not section else ""), choice)
            return ""
        return "" if value is None else str(value).strip()


def _found(value) -> str:
    """What a teacher wrote instead of fields, in Danish."""
    if value is None:
        return "ingenting"
    if isinstance(value, bool):
        return "ja/nej (true/false)"
    if isinstance(value, int | float):
        return "et tal"
    return "en liste" if isinstance(value, list) else "en tekst"


def _blank(value) -> bool:
    return value is None or (isinstance(value, str | list | dict) and len(value) == 0) or (
        isinstance(value, str) and not value.strip()
    )


def _check_dimensions(check: _Checker, raw) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        check.report("", "'dimensioner' skal være en liste af 'nøgle: Navn', "
                         "fx 'tillid: Medarbejdernes tillid'.")
        return {}
    dimensions = {}
    for key, label in raw.items():
        if _blank(label) or isinstance(label, dict | list | bool):
            check.report("", f"dimensionen '{key}' mangler et navn, fx "
                             f"'{key}: Medarbejdernes tillid'.")
            continue
        dimensions[str(key)] = str(label).strip()
    return dimensions


def _check_choice(check, raw, number, sid, dimensions, ids) -> Choice | None:
    where = f"situation '{sid}', valg {number}"
    if not isinstance(raw, dict):
        check.report(where, f"et valg skal have felterne tekst, til og feedback, men her står "
                            f"{_found(raw)}. Start valget med '- tekst:'.",
                     "situationer", sid, number)
        return None
    check.fields(raw, CHOICE_FIELDS, where, "situationer", sid, number)
    text = check.text(raw.get("tekst"), "tekst", where, "situationer", sid, number)
    feedback = check.text(raw.get("feedback"), "feedback", where, "situationer", sid, number)
    target = "" if raw.get("til") is None else str(raw.get("til")).strip()
    if target and target not in ids:
        check.report(where, f"målet '{target}' findes ikke. Kendte id'er: "
                            f"{', '.join(sorted(ids))}.", "situationer", sid, number)
    effects = {}
    raw_effects = raw.get("effekt") or {}
    if not isinstance(raw_effects, dict):
        check.report(where, "'effekt' skal være en liste af 'dimension: tal', fx 'tillid: +1'.",
                     "situationer", sid, number)
        raw_effects = {}
    for key, change in raw_effects.items():
        key = str(key)
        if key not in dimensions:
            check.report(where, f"effekten nævner dimensionen '{key}', som ikke står under "
                                f"'dimensioner'. Kendte: {', '.join(dimensions) or 'ingen'}.",
                         "situationer", sid, number)
        elif isinstance(change, bool) or not isinstance(change, int) or abs(change) > MAX_EFFECT:
            check.report(where, f"effekten på '{key}' skal være et helt tal mellem "
                                f"-{MAX_EFFECT} og +{MAX_EFFECT}, fx +1 eller -2.",
                         "situationer", sid, number)
        else:
            effects[key] = change
    return Choice(text=text, target=target, feedback=feedback, effects=effects)


def _check_situation(check, sid, raw, dimensions, ids) -> Situation:
    where = f"situation '{sid}'"
    if not isinstance(raw, dict):
        check.report(where, f"en situation skal have felterne titel, tekst og valg under sig, "
                            f"men her står {_found(raw)}. Skriv '{sid}:' alene på linjen og "
                            "felterne indrykket under den.", "situationer", sid)
        return Situation(id=sid, text="", choices=())
    check.fields(raw, SITUATION_FIELDS, where, "situationer", sid)
    text = check.text(raw.get("tekst"), "tekst", where, "situationer", sid)
    title = check.text(raw.get("titel"), "titel", where, "situationer", sid)
    raw_choices = raw.get("valg")
    choices = []
    if raw_choices is not None and not isinstance(raw_choices, list):
        check.report(where, "'valg' skal være en liste, hvor hvert valg starter med '- tekst:'.",
                     "situationer", sid)
    elif raw_choices:
        if not MIN_CHOICES <= len(raw_choices) <= MAX_CHOICES:
            check.report(where, f"har {len(raw_choices)} valg, men skal have mellem "
                                f"{MIN_CHOICES} og {MAX_CHOICES}.", "situationer", sid)
        for number, raw_choice in enumerate(raw_choices, start=1):
            choice = _check_choice(check, raw_choice, number, sid, dimensions, ids)
            if choice:
                choices.append(choice)
    return Situation(id=sid, text=text, choices=tuple(choices), title=title)


def _check_ending(check, eid, raw) -> Ending:
    where = f"slutning '{eid}'"
    if not isinstance(raw, dict):
        check.report(where, f"en slutning skal have felterne titel, opsummering og refleksion "
                            f"under sig, men her står {_found(raw)}. Skriv '{eid}:' alene på "
                            "linjen og felterne indrykket under den.", "slutninger", eid)
        return Ending(id=eid, title="", summary="", reflection="")
    check.fields(raw, ENDING_FIELDS, where, "slutninger", eid)
    return Ending(
        id=eid,
        title=check.text(raw.get("titel"), "titel", where, "slutninger", eid),
        summary=check.text(raw.get("opsummering"), "opsummering", where, "slutninger", eid),
        reflection=check.text(raw.get("refleksion"), "refleksion", where, "slutninger", eid),
    )


def _reachable(start: str, edges: dict[str, set[str]]) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _check_graph(check: _Checker, scenario: Scenario) -> None:
    """Every node reachable from the start, and an ending reachable from every node."""
    edges = {sid: {c.target for c in s.choices} for sid, s in scenario.situations.items()}
    if scenario.start not in scenario.situations:
        return  # reported already; the graph checks need a valid start
    reached = _reachable(scenario.start, edges)
    for sid in scenario.situations:
        if sid not in reached:
            check.report(f"situation '{sid}'", "kan ikke nås fra starten "
                         f"('{scenario.start}'). Lad et valg føre hertil, eller slet den.",
                         "situationer", sid)
    for eid in scenario.endings:
        if eid not in reached:
            check.report(f"slutning '{eid}'", "kan ikke nås fra starten. Lad et valg føre "
                         "hertil, eller slet den.", "slutninger", eid)
    # Nodes that can reach an ending, found by walking the edges backwards from the endings.
    backwards: dict[str, set[str]] = {}
    for sid, targets in edges.items():
        for target in targets:
            backwards.setdefault(target, set()).add(sid)
    # Unknown targets and situations without choices are reported elsewhere; counting them
    # as exits here keeps one mistake from also showing up as a loop.
    exits = set(scenario.endings) | {t for targets in edges.values() for t in targets
                                     if t not in scenario.situations}
    exits |= {sid for sid, targets in edges.items() if not targets}
    can_end: set[str] = set()
    for exit_id in exits:
        can_end |= _reachable(exit_id, backwards)
    for sid in scenario.situations:
        if sid in reached and sid not in can_end:
            check.report(f"situation '{sid}'", "herfra kan man aldrig nå en slutning – valgene "
                         "fører rundt i en løkke uden udvej. Lad mindst ét valg føre videre mod "
                         "en slutning.", "situationer", sid)


def _build(data, name: str, lines: dict, scenario_id: str, source: Path | None):
    check = _Checker(name, lines)
    if not isinstance(data, dict):
        check.report("", "filen skal starte med felterne titel, intro, dimensioner, situationer "
                         "og slutninger (se datasets/scenarios/README.md).")
        return None, check.problems
    check.fields(data, TOP_FIELDS, "")
    dimensions = _check_dimensions(check, data.get("dimensioner"))
    raw_situations = data.get("situationer") or {}
    raw_endings = data.get("slutninger") or {}
    for key, raw in (("situationer", raw_situations), ("slutninger", raw_endings)):
        if not isinstance(raw, dict):
            check.report("", f"'{key}' skal være en samling af 'id:' med felter under hver.")
    raw_situations = raw_situations if isinstance(raw_situations, dict) else {}
    raw_endings = raw_endings if isinstance(raw_endings, dict) else {}
    for both in set(map(str, raw_situations)) & set(map(str, raw_endings)):
        check.report(f"id '{both}'", "bruges både som situation og som slutning. Giv dem hver "
                     "sit id.", "slutninger", both)
    ids = set(map(str, raw_situations)) | set(map(str, raw_endings))
    situations = {
        str(sid): _check_situation(check, str(sid), raw, dimensions, ids)
        for sid, raw in raw_situations.items()
    }
    endings = {str(eid): _check_ending(check, str(eid), raw) for eid, raw in raw_endings.items()}
    start = str(data.get("start") or next(iter(situations), ""))
    if data.get("start") is not None and start not in situations:
        check.report("", f"'start' peger på '{start}', som ikke er en situation. Kendte "
                         f"situationer: {', '.join(situations) or 'ingen'}.")
    scenario = Scenario(
        id=scenario_id,
        title=check.text(data.get("titel"), "titel", ""),
        intro=check.text(data.get("intro"), "intro", ""),
        dimensions=dimensions, start=start, situations=situations, endings=endings,
        source=source,
    )
    if situations:
        _check_graph(check, scenario)
    return scenario, check.problems


def parse_text(text: str, name: str = "scenarie.yml", scenario_id: str = "scenarie",
               source: Path | None = None) -> tuple[Scenario | None, list[str]]:
    """Build a Scenario from YAML text; returns (scenario or None, every problem in Danish)."""
    data, lines, problems = _parse(text, name)
    if data is None and problems:
        return None, problems
    scenario, more = _build(data, name, lines, scenario_id, source)
    problems += more
    return (scenario if not problems else None), problems


def _unknown(name: str) -> str:
    known = ", ".join(sid for sid, _ in list_ids()) or "ingen"
    shown = name if len(name) <= 60 else name[:60] + " …"
    return (f"Scenariet '{shown}' findes ikke i {scenarios_dir()}. Skriv et af de kendte "
            f"scenarier: {known}.")


def _read(path: Path) -> tuple[Scenario | None, list[str]]:
    try:
        if path.is_dir():
            return None, [f"{path.name}: det er en mappe, ikke en fil. Tjek hver fil i den: "
                          f"digileder scenarie tjek {path}/*.yml"]
        if not path.is_file():
            known = ", ".join(sid for sid, _ in list_ids()) or "ingen"
            return None, [f"{path.name}: filen findes ikke ({path}). Kendte scenarier: {known}."]
    except OSError as err:  # a name too long for the file system, a folder without access
        why = f"navnet er for langt ({len(path.name)} tegn). Tjek, at du har skrevet " \
            "filnavnet rigtigt" if err.errno == errno.ENAMETOOLONG else err.strerror
        return None, [f"{path.name[:60]}: filen kan ikke læses ({why})."]
    try:
        if path.stat().st_size > MAX_BYTES:
            return None, [f"{path.name}: filen fylder over {MAX_BYTES // 1_000_000} MB. Et "
                          "scenarie fylder få kB. Er der kopieret noget forkert ind?"]
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [f"{path.name}: filen er ikke gemt som UTF-8. Gem den igen som UTF-8."]
    except OSError as err:
        return None, [f"{path.name}: filen kan ikke læses ({err.strerror})."]
    return parse_text(text, path.name, path.stem, path)


def yaml_files(folder: Path) -> list[Path]:
    """The .yml/.yaml files in a folder: not a Mac `._*` file, not a folder named `x.yml`."""
    found = sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]) if folder.is_dir() else []
    return [path for path in found if not path.name.startswith(".") and path.is_file()]


def list_ids() -> list[tuple[str, Path]]:
    return [(path.stem, path) for path in yaml_files(scenarios_dir())]


def validate_file(path: str | Path) -> list[str]:
    """Tjek en scenariefil. Giver en liste med alle fejl på dansk – tom, hvis filen er i orden."""
    return _read(Path(path))[1]


def load(scenario_id_or_path: str | Path) -> Scenario:
    """Læs et scenarie ud fra dets id eller sti. Giver ScenarioError med alle fejl på dansk."""
    path = resolve(scenario_id_or_path)
    if path is None:
        raise ScenarioError([_unknown(str(scenario_id_or_path))])
    scenario, problems = _read(path)
    if problems or scenario is None:
        raise ScenarioError(problems)
    return scenario
