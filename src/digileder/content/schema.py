"""Declared schemas for course files: each field once, with a Danish description.

A Record is the shape of one mapping in a file (a value, a sign, a dimension, the whole file).
A Field may itself hold a Record (`record=`, a mapping such as 'inspiration') or a list of
them (`records=`, such as a dimension's 'udsagn'), so nested files are declared the same way.
Checking collects every problem in a file, each with the file, the path of the entry
("dimension nr. 2 ('gevinster'), udsagn nr. 3") and the line, so a teacher can fix a file in
one go. The field help is also what the messages tell the teacher to write.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from digileder import danish
from digileder.content.reader import ContentError, Document, read_yaml

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")

Extra = Callable[[dict, str], list[str]]  # (clean entry, its place) -> more problems


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
    whole: bool = False  # a whole number (minutes); read as an int
    between: tuple[float, float] | None = None  # the smallest and largest number allowed
    flag: bool = False  # true or false; read as a bool (absent is false)
    record: Record | None = None  # a mapping with its own fields; read as a dict (or None)
    records: Record | None = None  # a list of such mappings; read as a list of dicts
    count: tuple[int, int | None] = (1, None)  # how many entries `records` may have

    def clean(self, value) -> str | float | int | bool | tuple[str, ...] | None:
        """A plain value as text (whitespace tidied), a number, a flag or a tuple of texts."""
        if self.flag:
            return value is True
        if value is None and (self.number or self.whole):
            return None  # an optional number that is not there
        if self.number or self.whole:  # nan when problem() reports the value (entry dropped)
            try:
                return int(value) if self.whole else float(value)
            except (TypeError, ValueError, OverflowError):
                return math.nan
        if self.many:
            values = value if isinstance(value, list) else [] if value is None else [value]
            return tuple(" ".join(str(v).split()) for v in values)
        return " ".join(str(value).split()) if value is not None else ""

    def problem(self, value, label: str = "") -> str | None:
        """A Danish problem with a plain value, or None if it is fine. LABEL names the field
        in the message (default: its name)."""
        label = label or self.name
        if value is None:
            return f"'{label}' mangler. Skriv {self.help}." if self.required else None
        if self.many and isinstance(value, list):
            if any(isinstance(v, dict | list) for v in value):
                return (f"'{label}' skal være {self.help}: en liste med tekster, ikke lister "
                        "i listen.")
            found = [p for v in value if (p := self.problem(v, label))]
            return found[0] if found else None
        if self.flag:
            return None if isinstance(value, bool) else (
                f"'{label}' er '{value}', men skal være true eller false.")
        if self.number or self.whole:
            return self._number_problem(value, label)
        if isinstance(value, dict | list):
            return f"'{label}' skal være {self.help}, ikke en liste eller en samling."
        if isinstance(value, bool):
            return (f"'{label}' er '{value}', men skal være {self.help}. Står der ja, nej, true "
                    "eller false, så sæt anførselstegn om teksten.")
        text = str(value).strip()
        if not text:
            return f"'{label}' mangler. Skriv {self.help}." if self.required else None
        if self.choices and text not in self.choices:
            quote = (f" Skriv det i anførselstegn, fx \"{self.choices[0]}\"."
                     if not isinstance(value, str) else "")
            return (f"'{label}' er '{text}', men skal være en af: "
                    f"{', '.join(self.choices)}.{quote}")
        if self.is_id and not ID_PATTERN.match(text):
            return (f"'{label}' er '{text}'. Brug kun små bogstaver a-z, tal og bindestreg "
                    "(fx 'mindre-koersel').")
        return None

    def _number_problem(self, value, label: str) -> str | None:
        fine = isinstance(value, int) if self.whole else isinstance(value, int | float)
        if not fine or isinstance(value, bool) or not _finite(value):
            return f"'{label}' er '{_short(value)}', men skal være {self.help}."
        low, high = self.between or (-math.inf, math.inf)
        if not low <= value <= high:
            return (f"'{label}' er {_short(value)}, men skal være mellem {_plain(low)} og "
                    f"{_plain(high)}. Skriv {self.help}.")
        return None


def _finite(value: int | float) -> bool:
    """A number a float can hold (a huge int gives OverflowError in math.isfinite)."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _plain(value: float) -> str:
    """A limit the Danish way: 1.000.000, 3,5."""
    return danish.number(value, 0 if value == int(value) else 1)


def _short(value, limit: int = 40) -> str:
    """VALUE as text for a message, cut off if long (an amount of 400 nines)."""
    if isinstance(value, int) and abs(value) >= 10 ** limit:  # str() of 5000 digits raises
        return f"et tal med over {limit} cifre"
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass(frozen=True)
class Record:
    """The shape of one mapping: its fields and what one entry is called in Danish."""

    noun: str  # "værdi", "tegn", "opgave" – used as "værdi nr. 3"
    fields: tuple[Field, ...]
    title: str = ""  # a field whose text is named in messages: "ord nr. 3 ('Gevinst')"
    plural: str = ""  # "værdier" – used when a list has too few or too many (default: noun)
    unknown_hint: str = ""  # added to 'ukendt felt': the likely cause in this kind of file
    neuter: bool = False  # an 'et'-word (et udsagn, et modul): "mindst ét", "hvert"

    @property
    def one(self) -> str:
        return "ét" if self.neuter else "én"

    @property
    def each(self) -> str:
        return "hvert" if self.neuter else "hver"

    def check(self, items, document: Document, key: str, extra: Extra | None = None) -> list[dict]:
        """Clean entries of the list ITEMS (under KEY); every problem is added to
        document.problems. Ids are unique within this list."""
        return _Checker(document).entries(Field(key, "", records=self), items, "", None,
                                          extra) or []


class _Checker:
    """Walks one file against a Record; ids are unique per record and field in the file."""

    def __init__(self, document: Document):
        self.document = document
        self.seen: dict[tuple[int, str], dict[str, str]] = {}

    def at(self, place: str, line: int | None) -> str:
        """'fil.yml, værdi nr. 2 (linje 14)' for messages."""
        text = f"{self.document.name}, {place}" if place else self.document.name
        return f"{text} (linje {line})" if line else text

    def entries(self, field: Field, items, place: str, line: int | None,
                extra: Extra | None = None) -> list[dict] | None:
        """The clean entries of list ITEMS in FIELD, whose key is on LINE (None if any entry
        has a problem)."""
        record, (low, high) = field.records, field.count
        where = self.at(place, line or self.document.line(items))
        if not isinstance(items, list) or not items:
            self.document.problems.append(
                f"{where}: '{field.name}' skal være en liste med mindst {record.one} "
                f"{record.noun}. Skriv {record.each} {record.noun} på en linje, der starter "
                "med '- '.")
            return None
        if not low <= len(items) <= (high or len(items)):
            wanted = f"{low}-{high}" if high and high != low else f"{low}" if high else \
                f"mindst {low}"
            self.document.problems.append(
                f"{where}: '{field.name}' har {len(items)} {record.plural or record.noun}, men "
                f"skal have {wanted}.")
        before, clean = len(self.document.problems), []
        for number, item in enumerate(items, start=1):
            name = item.get(record.title) if record.title and isinstance(item, dict) else None
            entry_place = (f"{place}, " if place else "") + f"{record.noun} nr. {number}" + (
                f" ('{' '.join(name.split())}')" if isinstance(name, str) and name.strip() else "")
            entry = self.mapping(record, item, entry_place,
                                 self.document.line(items, number - 1), extra)
            if entry is not None:
                clean.append(entry)
        return clean if len(self.document.problems) == before else None

    def mapping(self, record: Record, item, place: str, line: int | None,
                extra: Extra | None = None, prefix: str = "") -> dict | None:
        """ITEM checked against RECORD: a clean dict, or None if it (or a part) has a problem.
        A nested mapping is reported at its parent's PLACE, with PREFIX before field names."""
        names = [f.name for f in record.fields]
        where = self.at(place, line)
        if not isinstance(item, dict):
            self.document.problems.append(f"{where}: skal have felterne {', '.join(names)}.")
            return None
        values = {str(key): value for key, value in item.items()}
        before, entry = len(self.document.problems), {}

        def report(problem: str, key: str = "") -> None:  # a top-level field names its line
            self.document.problems.append(
                f"{self.at(place, line or self.document.line(item, key))}: {problem}")

        for f in record.fields:
            value, label = values.get(f.name), prefix + f.name
            if value is None and (f.record or f.records):
                if f.required:
                    report(f"'{label}' mangler. Skriv {f.help}.", f.name)
                entry[f.name] = None if f.record else []
            elif f.records:
                entry[f.name] = self.entries(f, value, place, self.document.line(item, f.name))
            elif f.record:
                entry[f.name] = self.mapping(f.record, value, place, self.document.line(value)
                                             or line or self.document.line(item, f.name),
                                             prefix=f"{label}: ")
            elif problem := f.problem(value, label):
                report(problem, f.name)
            else:
                entry[f.name] = f.clean(value)
                if f.is_id and (problem := self._unique(record, f, entry[f.name], place)):
                    report(problem, f.name)
        unknown = [key for key in values if key not in names]
        if unknown:
            report(f"ukendt felt '{prefix}{unknown[0]}'. Kendte felter: {', '.join(names)}. "
                   f"{record.unknown_hint}".rstrip(), unknown[0])
        if extra and len(self.document.problems) == before:
            for problem in extra(entry, where):
                report(problem)
        return entry if len(self.document.problems) == before else None

    def _unique(self, record: Record, field: Field, value: str, place: str) -> str | None:
        """A problem if VALUE was already an id of this record and field in the file."""
        seen = self.seen.setdefault((id(record), field.name), {})
        if value in seen:
            return f"'{field.name}' '{value}' står også ved {seen[value]}. Giv den et nyt."
        seen[value] = place
        return None


def read_mapping(path: Path, keys: str) -> Document:
    """Read a YAML file whose top is a mapping; a problem if it is not (no exception)."""
    document = read_yaml(path)
    if not document.problems and not isinstance(document.data, dict):
        document.problems.append(f"{document.name}: filen skal have felterne {keys}.")
    return document


def check_document(document: Document, record: Record, extra: Extra | None = None) -> dict | None:
    """The clean top-level mapping of DOCUMENT checked against RECORD (None if problems, which
    are added to document.problems)."""
    if not isinstance(document.data, dict):
        document.problems.append(f"{document.name}: filen skal have felterne "
                                 f"{', '.join(f.name for f in record.fields)}.")
        return None
    return _Checker(document).mapping(record, document.data, "", None, extra)


def load_document(path: Path, record: Record, extra: Extra | None = None) -> dict:
    """A whole YAML file checked against RECORD (its top-level fields, nested or not).

    Raises ContentError listing every problem (file, path of the entry, line) in Danish.
    """
    document = read_yaml(path)
    entry = check_document(document, record, extra) if not document.problems else None
    if entry is None or document.problems:
        raise ContentError(document.problems)
    return entry


def load_records(path: Path, key: str, record: Record, extra: Extra | None = None) -> list[dict]:
    """The entries under KEY in a YAML file, checked against RECORD.

    Raises ContentError listing every problem (file, entry, line) in Danish.
    """
    document = read_mapping(path, f"'{key}:' med en liste")
    if not document.problems:
        entries = record.check(document.data.get(key), document, key, extra)
        if not document.problems:
            return entries
    raise ContentError(document.problems)
