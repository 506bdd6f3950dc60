"""Declared schemas for course files: each field once, with a Danish description.

A Record is the shape of one entry in a list (a value, a sign, a task). `check` collects
every problem in a file, each with the file, the entry and the line, so a teacher can fix a
file in one go. The field help is also what the messages tell the teacher to write.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from digileder.content.reader import ContentError, Document, read_yaml

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Field:
    """One field of a record: its name, a Danish description, and what values are allowed."""

    name: str
    help: str  # Danish: what to write, e.g. "en kort forklaring af tegnet"
    required: bool = True
    choices: tuple[str, ...] = ()
    is_id: bool = False  # small letters, digits and hyphens; unique within the file
    many: bool = False  # one text or a list of texts; read as a tuple
    number: bool = False  # a finite number (kroner, years); read as a float

    def clean(self, value) -> str | float | tuple[str, ...]:
        """The value as plain text (whitespace tidied), a float if `number`, or a tuple of
        texts if `many`."""
        if self.number:  # nan when problem() reports the value (the entry is then dropped)
            try:
                return float(value)
            except (TypeError, ValueError):
                return math.nan
        if self.many:
            values = value if isinstance(value, list) else [] if value is None else [value]
            return tuple(" ".join(str(v).split()) for v in values)
        return " ".join(str(value).split()) if value is not None else ""

    def problem(self, value) -> str | None:
        """A Danish problem with this value, or None if it is fine (always read as text)."""
        if self.many and isinstance(value, list):
            found = [p for v in value if (p := self.problem(v))]
            return found[0] if found else None
        if self.number:
            if isinstance(value, int | float) and not isinstance(value, bool) \
                    and math.isfinite(value):
                return None
            return (f"'{self.name}' mangler. Skriv {self.help}." if value is None else
                    f"'{self.name}' er '{value}', men skal være {self.help}.")
        if isinstance(value, dict | list | bool):
            return f"'{self.name}' skal være {self.help}, ikke en liste eller en samling."
        text = "" if value is None else str(value).strip()
        if not text:
            return f"'{self.name}' mangler. Skriv {self.help}." if self.required else None
        if self.choices and text not in self.choices:
            return (f"'{self.name}' er '{text}', men skal være en af: "
                    f"{', '.join(self.choices)}.")
        if self.is_id and not ID_PATTERN.match(text):
            return (f"'{self.name}' er '{text}'. Brug kun små bogstaver a-z, tal og bindestreg "
                    "(fx 'mindre-koersel').")
        return None


@dataclass(frozen=True)
class Record:
    """The shape of one entry in a list: its fields and what one entry is called in Danish."""

    noun: str  # "værdi", "tegn", "opgave" – used as "værdi nr. 3"
    fields: tuple[Field, ...]
    title: str = ""  # a field whose text is named in messages: "ord nr. 3 ('Gevinst')"

    def check(self, items, document: Document, key: str,
              extra: Callable[[dict, str], list[str]] | None = None) -> list[dict]:
        """Clean entries (text values); every problem is added to document.problems."""
        if not isinstance(items, list) or not items:
            document.problems.append(
                f"{document.where(items)}: '{key}' skal være en liste med mindst én "
                f"{self.noun}. Skriv hver {self.noun} på en linje, der starter med '- '.")
            return []
        clean, seen = [], {}
        names = [f.name for f in self.fields]
        for number, item in enumerate(items, start=1):
            name = item.get(self.title) if self.title and isinstance(item, dict) else None
            place = f"{self.noun} nr. {number}" + (
                f" ('{' '.join(name.split())}')" if isinstance(name, str) and name.strip() else "")
            where = document.where(item, place)
            if not isinstance(item, dict):
                document.problems.append(f"{where}: skal have felterne {', '.join(names)}.")
                continue
            problems = [p for f in self.fields if (p := f.problem(item.get(f.name)))]
            unknown = [str(k) for k in item if k not in names]
            if unknown:
                problems.append(f"ukendt felt '{unknown[0]}'. Kendte felter: {', '.join(names)}.")
            entry = {f.name: f.clean(item.get(f.name)) for f in self.fields}
            for f in self.fields:
                if f.is_id and entry[f.name]:
                    if entry[f.name] in seen:
                        problems.append(f"'{f.name}' '{entry[f.name]}' står også ved "
                                        f"{self.noun} nr. {seen[entry[f.name]]}. Giv den et nyt.")
                    seen.setdefault(entry[f.name], number)
            if extra and not problems:
                problems += extra(entry, where)
            document.problems += [f"{where}: {p}" for p in problems]
            if not problems:
                clean.append(entry)
        return clean


def read_mapping(path: Path, keys: str) -> Document:
    """Read a YAML file whose top is a mapping; a problem if it is not (no exception)."""
    document = read_yaml(path)
    if not document.problems and not isinstance(document.data, dict):
        document.problems.append(f"{document.name}: filen skal have felterne {keys}.")
    return document


def load_records(path: Path, key: str, record: Record,
                 extra: Callable[[dict, str], list[str]] | None = None) -> list[dict]:
    """The entries under KEY in a YAML file, checked against RECORD.

    Raises ContentError listing every problem (file, entry, line) in Danish.
    """
    document = read_mapping(path, f"'{key}:' med en liste")
    if not document.problems:
        entries = record.check(document.data.get(key), document, key, extra)
        if not document.problems:
            return entries
    raise ContentError(document.problems)
