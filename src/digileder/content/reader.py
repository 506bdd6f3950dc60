"""Read a YAML file safely and remember the line of every mapping and list item.

PyYAML alone gives a TypeError for a list used as a key (`? [1, 2]`), a RecursionError for
deeply nested lists, and silently keeps the last of two equal keys. Here each of these is a
Danish problem with the file and the line, and all problems are reported at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from digileder.errors import DataError

MAX_DEPTH = 40  # course files nest 4-5 levels; PyYAML recurses once per level
MAX_DIGITS = 20  # no course number needs more; Python refuses to read ints over 4300 digits

# PyYAML's problems in plain Danish (by how its English text starts); the line and column
# are added by parse_yaml. Anything not listed gets a general Danish sentence.
_YAML_PROBLEMS = (
    ("mapping values are not allowed", "der står et kolon, hvor YAML ikke venter et. Sæt "
     "anførselstegn om en tekst med kolon i, eller tjek indrykningen"),
    ("found character '\\t'", "linjen er rykket ind med et tabulatortegn. Brug mellemrum"),
    ("found character", "et tegn kan ikke stå først i en værdi. Sæt anførselstegn om teksten"),
    ("found undefined alias", "der står en stjerne (*) foran et ord. Sæt anførselstegn om "
     "teksten"),
    ("could not determine a constructor", "der står et '!' foran en værdi, som kurset ikke "
     "kender. Fjern det"),
    ("found unexpected end of stream", "et anførselstegn er ikke lukket. Sæt det manglende "
     "anførselstegn"),
    ("found unknown escape character", "der står en omvendt skråstreg (\\) i en tekst i "
     "anførselstegn. Skriv den som \\\\, eller brug enkelte anførselstegn"),
    ("expected ',' or ']'", "en liste i [ ] er ikke lukket. Sæt det manglende ]"),
    ("expected ',' or '}'", "en samling i { } er ikke lukket. Sæt det manglende }"),
    ("expected the node content", "en liste eller samling slutter midt i. Tjek [ ] og { }"),
    ("expected <block end>", "indrykningen passer ikke med linjerne over. Ryk linjen ind "
     "med lige så mange mellemrum som de andre felter på samme niveau"),
    ("second occurrence", "det samme navn efter & står to gange. Giv hvert sit navn"),
    ("could not find expected ':'", "der mangler et kolon efter et feltnavn"),
    ("but found another document", "filen har mere end ét dokument: en linje med --- midt i "
     "filen. Fjern den linje"),
)
MAX_BYTES = 2_000_000  # the largest course file is 30 kB; PyYAML reads 50 MB in minutes


class ContentError(DataError):
    """A course file cannot be used. `problems` lists every problem in Danish."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        lines = "\n".join(f"- {problem}" for problem in self.problems)
        super().__init__(f"{len(self.problems)} fejl:\n{lines}" if len(self.problems) > 1
                         else self.problems[0])


@dataclass
class Document:
    """A parsed file: its data, the line of each node (by id of the Python object), problems."""

    name: str
    data: object = None
    problems: list[str] = field(default_factory=list)
    lines: dict[int, int] = field(default_factory=dict)
    # (id(mapping), key) or (id(list), index) -> line: where a key or a list item starts
    key_lines: dict[tuple[int, str | int], int] = field(default_factory=dict)
    root: yaml.Node | None = None  # the composed node tree (for callers that need positions)

    def line(self, value, key: str | int | None = None) -> int | None:
        """The line VALUE starts on, or (with KEY) the line of that key in mapping VALUE or
        of that item in list VALUE."""
        if key is not None:
            return self.key_lines.get((id(value), key)) or self.lines.get(id(value))
        return self.lines.get(id(value))

    def where(self, value, place: str = "") -> str:
        """'fil.yml, værdi nr. 2 (linje 14)' for messages."""
        text = f"{self.name}, {place}" if place else self.name
        line = self.line(value)
        return f"{text} (linje {line})" if line else text


def _too_deep(text: str, name: str) -> str | None:
    """A problem if the YAML nests deeper than MAX_DEPTH (checked on events, not recursively)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return (f"{name}, linje {event.start_mark.line + 1}: filen har lister eller "
                            f"felter inde i hinanden i mere end {MAX_DEPTH} niveauer. Det er "
                            "næppe meningen. Tjek indrykningen.")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # reported with its line when the file is composed
    return None


class _Loader(yaml.SafeLoader):
    """SafeLoader that reports complex keys and duplicate keys instead of failing or hiding them."""

    def __init__(self, stream, document: Document):
        super().__init__(stream)
        self.document = document

    def construct_yaml_int(self, node):
        """An int of more than MAX_DIGITS digits is a problem (Python gives a ValueError)."""
        digits = sum(c.isdigit() for c in str(node.value))
        if digits > MAX_DIGITS:
            self.document.problems.append(
                f"{self.document.name}, linje {node.start_mark.line + 1}: tallet har {digits} "
                f"cifre. Det er for stort til at være meningsfuldt her. Skriv et almindeligt "
                "tal, fx 250000.")
            return 0  # a placeholder; the problem stops the file from being used
        return super().construct_yaml_int(node)

    def construct_object(self, node, deep=False):
        value = super().construct_object(node, deep=deep)
        if isinstance(value, dict | list):
            self.document.lines.setdefault(id(value), node.start_mark.line + 1)
        if isinstance(node, yaml.SequenceNode):  # items that are plain text have a line too
            for index, item_node in enumerate(node.value):
                self.document.key_lines.setdefault((id(value), index),
                                                   item_node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    self.document.key_lines.setdefault((id(value), str(key_node.value)),
                                                       key_node.start_mark.line + 1)
        return value

    def construct_mapping(self, node, deep=False):
        seen, keep = set(), []
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self.document.problems.append(
                    f"{self.document.name}, linje {line}: en nøgle skal være et ord eller et "
                    "tal, ikke en liste eller en samling. Fjern '? ' foran nøglen.")
                continue
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                self.document.problems.append(
                    f"{self.document.name}, linje {line}: nøglen '{key}' står to gange. Giv hver "
                    "sit navn, eller skriv den kun én gang.")
            seen.add(key)
            keep.append((key_node, value_node))
        node.value = keep
        return super().construct_mapping(node, deep=deep)


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)


def _danish_problem(problem: str | None) -> str:
    """PyYAML's English problem as a Danish sentence of what to fix."""
    text = problem or ""
    for start, danish in _YAML_PROBLEMS:
        if text.startswith(start):
            return danish
    return ("YAML kan ikke læse filen her. Tjek indrykning, kolon og anførselstegn omkring "
            "tekster med kolon i")


def parse_yaml(text: str, name: str) -> Document:
    """Parse YAML text; problems (with lines) are collected in the Document, never raised."""
    document = Document(name)
    deep = _too_deep(text, name)
    if deep:
        document.problems.append(deep)
        return document
    loader = None
    try:
        # PyYAML checks the characters already here: a vertical tab that Word's Shift+Enter
        # leaves in a copied text is a ReaderError, reported like any other YAML problem.
        loader = _Loader(text, document)
        document.root = root = loader.get_single_node()
        document.data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f", linje {mark.line + 1}, kolonne {mark.column + 1}" if mark else ""
        document.problems.append(
            f"{name}{where}: filen er ikke gyldig YAML: {_danish_problem(err.problem)}.")
    except yaml.reader.ReaderError as err:
        document.problems.append(
            f"{name}, tegn nr. {err.position + 1}: filen indeholder et usynligt styretegn "
            f"(kode {err.character!r}), som YAML ikke tillader. Det kommer ofte med, når tekst "
            "kopieres fra Word. Skriv linjen igen, eller slet tegnet.")
    except yaml.YAMLError:
        document.problems.append(f"{name}: filen er ikke gyldig YAML. Tjek indrykning, kolon "
                                 "og anførselstegn omkring tekster med kolon i.")
    finally:
        if loader is not None:
            loader.dispose()
    return document


def read_yaml(path: Path) -> Document:
    """Read and parse a course file. A missing or non-UTF-8 file is a problem, not an exception."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            return Document(path.name, problems=[
                f"{path.name}: filen fylder {path.stat().st_size // 1_000_000} MB. En kursusfil "
                f"fylder højst {MAX_BYTES // 1_000_000} MB. Er der kopieret noget forkert ind? "
                "Hent filen igen, eller ret den."])
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Document(path.name, problems=[
            f"Filen {path.name} mangler ({path}). Hent kursets datasets-mappe igen."])
    except UnicodeDecodeError:
        return Document(path.name, problems=[
            f"{path.name}: filen er ikke gemt som UTF-8. Gem den igen som UTF-8."])
    except OSError as err:
        return Document(path.name, problems=[
            f"{path.name}: filen kan ikke læses ({err.strerror})."])
    return parse_yaml(text, path.name)
