"""datasets/maturity.yml: read with the course's safe YAML reader and checked against its
schema; every problem is reported at once in Danish (MaturityFileError)."""

from __future__ import annotations

import re
from pathlib import Path

from digileder.content import Document, read_yaml
from digileder.errors import DataError
from digileder.maturity.model import (
    DIMENSION_IDS,
    MAX_ITEMS,
    MIN_ITEMS,
    MODULES,
    SCALE,
    SOURCES,
    Dimension,
    Instrument,
    Item,
)
from digileder.paths import datasets_dir

FILE_NAME = "maturity.yml"
_ITEM_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class MaturityFileError(DataError):
    """maturity.yml kan ikke bruges. `problems` er listen af alle fejl på dansk."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = Path(path)
        self.problems = list(problems)
        lines = "\n".join(f"- {problem}" for problem in self.problems)
        super().__init__(
            f"Filen {self.path.name} har {len(self.problems)} fejl:\n{lines}\n"
            "Ret filen, og kør cellen igen."
        )


def _at(document: Document, value, place: str) -> str:
    """PLACE with the line VALUE starts on, when the reader knows it."""
    line = document.line(value)
    return f"{place} (linje {line})" if line else place


def _text(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _check_items(raw_items, where: str, seen: set[str], problems: list[str],
                 document: Document) -> list[dict]:
    if not isinstance(raw_items, list):
        problems.append(f"{where}: 'udsagn' skal være en liste med {MIN_ITEMS}-{MAX_ITEMS} udsagn.")
        return []
    if not MIN_ITEMS <= len(raw_items) <= MAX_ITEMS:
        problems.append(
            f"{where}: har {len(raw_items)} udsagn, men skal have {MIN_ITEMS}-{MAX_ITEMS}."
        )
    good = []
    for number, raw in enumerate(raw_items, start=1):
        place = _at(document, raw, f"{where}, udsagn nr. {number}")
        if not isinstance(raw, dict):
            problems.append(f"{place}: skal have felterne 'id' og 'tekst'.")
            continue
        item_id = raw.get("id")
        if isinstance(item_id, str):
            place = _at(document, raw, f"{where}, udsagn '{item_id}'")
        if not isinstance(item_id, str) or not _ITEM_ID.match(item_id):
            problems.append(
                f"{place}: 'id' mangler eller er ugyldigt. Brug små bogstaver, tal og "
                "bindestreg, fx strategi-1."
            )
        elif item_id in seen:
            problems.append(f"{place}: id'et '{item_id}' er brugt to gange. Et id skal være unikt.")
        else:
            seen.add(item_id)
        if not _text(raw.get("tekst")):
            problems.append(f"{place}: 'tekst' mangler. Skriv udsagnet, deltageren svarer på.")
        unknown = sorted(set(raw) - {"id", "tekst"})
        if unknown:
            problems.append(f"{place}: ukendt felt {', '.join(repr(k) for k in unknown)}.")
        good.append(raw)
    return good


def _check_dimension(raw, number: int, seen_dims: set[str], seen_items: set[str],
                     problems: list[str], document: Document) -> None:
    where = f"dimension nr. {number}"
    if not isinstance(raw, dict):
        problems.append(
            f"{_at(document, raw, where)}: skal have felterne id, navn, inspiration, udsagn, "
            "forslag og modul."
        )
        return
    dim_id = raw.get("id")
    if isinstance(dim_id, str):
        where = f"dimension '{dim_id}'"
    items_where, where = where, _at(document, raw, where)  # items name their own line
    if dim_id not in DIMENSION_IDS:
        problems.append(
            f"{where}: 'id' skal være et af {', '.join(DIMENSION_IDS)} "
            "(så dimensionen passer til en kolonne i de simulerede data)."
        )
    elif dim_id in seen_dims:
        problems.append(f"{where}: dimensionen findes to gange.")
    else:
        seen_dims.add(dim_id)
    if not _text(raw.get("navn")):
        problems.append(f"{where}: 'navn' mangler, fx 'Strategi og retning'.")
    inspiration = raw.get("inspiration")
    if not isinstance(inspiration, dict):
        problems.append(f"{where}: 'inspiration' mangler (med felterne 'kilde' og 'tema').")
    else:
        if inspiration.get("kilde") not in SOURCES:
            problems.append(
                f"{where}: 'inspiration: kilde' skal være 'KL 2012' eller 'artiklen'."
            )
        if not _text(inspiration.get("tema")):
            problems.append(f"{where}: 'inspiration: tema' mangler.")
    _check_items(raw.get("udsagn"), items_where, seen_items, problems, document)
    if not _text(raw.get("forslag")):
        problems.append(f"{where}: 'forslag' mangler. Skriv et konkret forslag til en lav score.")
    if str(raw.get("modul")) not in MODULES:
        problems.append(
            f"{where}: 'modul' er '{raw.get('modul')}', men skal være et af "
            f"{', '.join(MODULES)}. Skriv det i anførselstegn, fx \"07\"."
        )
    unknown = sorted(set(raw) - {"id", "navn", "inspiration", "udsagn", "forslag", "modul"})
    if unknown:
        problems.append(f"{where}: ukendt felt {', '.join(repr(k) for k in unknown)}.")


def check(content, path: Path, document: Document | None = None) -> list[str]:
    """Every problem in the parsed YAML content, as Danish messages (empty = fine)."""
    document = document or Document(path.name)
    if not isinstance(content, dict):
        return ["filen skal have felterne 'skala', 'svag_graense' og 'dimensioner'."]
    problems: list[str] = []
    scale = content.get("skala")
    if not isinstance(scale, dict) or set(scale) != set(SCALE) or not all(
        _text(v) for v in scale.values()
    ):
        problems.append("'skala' skal have en tekst for hvert af tallene 1, 2, 3, 4 og 5.")
    threshold = content.get("svag_graense")
    if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not (
        1 <= threshold <= 5
    ):
        problems.append("'svag_graense' skal være et tal mellem 1 og 5, fx 3.")
    dims = content.get("dimensioner")
    if not isinstance(dims, list) or not dims:
        problems.append("'dimensioner' skal være en liste med dimensioner.")
        return problems
    seen_dims: set[str] = set()
    seen_items: set[str] = set()
    for number, raw in enumerate(dims, start=1):
        _check_dimension(raw, number, seen_dims, seen_items, problems, document)
    missing = [d for d in DIMENSION_IDS if d not in seen_dims]
    if missing and len(seen_dims) + len(missing) == len(DIMENSION_IDS):
        problems.append(f"dimensionen {', '.join(missing)} mangler.")
    return problems


def load_items(path: Path | str | None = None) -> Instrument:
    """Læs selvevalueringens dimensioner og udsagn fra datasets/maturity.yml.

    En fejl i filen giver en dansk besked, der nævner filen og stedet (MaturityFileError).
    """
    path = Path(path) if path else datasets_dir() / FILE_NAME
    document = read_yaml(path)
    if document.problems:
        raise MaturityFileError(path, document.problems)
    content = document.data
    problems = check(content, path, document)
    if problems:
        raise MaturityFileError(path, problems)
    dimensions = tuple(
        Dimension(
            id=raw["id"], name=raw["navn"].strip(), source=raw["inspiration"]["kilde"],
            theme=raw["inspiration"]["tema"].strip(),
            items=tuple(Item(i["id"], " ".join(i["tekst"].split()), raw["id"])
                        for i in raw["udsagn"]),
            suggestion=" ".join(raw["forslag"].split()), module=str(raw["modul"]),
        )
        for raw in content["dimensioner"]
    )
    scale = {int(k): str(v) for k, v in content["skala"].items()}
    return Instrument(scale, float(content["svag_graense"]), dimensions, path)
