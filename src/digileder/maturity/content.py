"""datasets/maturity.yml through the course's content loader: its schema is declared once
(MATURITY_FILE), with nested dimensions and statements, and every problem is reported at once
in Danish with file, place and line (MaturityFileError)."""

from __future__ import annotations

from pathlib import Path

from digileder.content import ContentError, Document, Field, Record, load_document
from digileder.content.schema import check_document
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

ITEM_RECORD = Record("udsagn", (
    Field("id", "et id, der er unikt i hele filen, fx strategi-1", is_id=True),
    Field("tekst", "udsagnet, deltageren svarer på fra 1 til 5"),
), title="id", neuter=True)
INSPIRATION_RECORD = Record("inspiration", (
    Field("kilde", "hvor dimensionen kommer fra: 'KL 2012' eller 'artiklen'", choices=SOURCES),
    Field("tema", "temaet i kilden, fx 'digital ledelse'"),
))
DIMENSION_RECORD = Record("dimension", (
    Field("id", "et af " + ", ".join(DIMENSION_IDS) + " (så dimensionen passer til en kolonne "
          "i de simulerede data)", is_id=True, choices=DIMENSION_IDS),
    Field("navn", "dimensionens navn, fx 'Strategi og retning'"),
    Field("inspiration", "'inspiration' med felterne 'kilde' og 'tema'",
          record=INSPIRATION_RECORD),
    Field("udsagn", f"{MIN_ITEMS}-{MAX_ITEMS} udsagn", records=ITEM_RECORD,
          count=(MIN_ITEMS, MAX_ITEMS)),
    Field("forslag", "et konkret forslag til den, der scorer lavt på dimensionen"),
    Field("modul", "nummeret på modulet, der arbejder med emnet, i anførselstegn, fx \"07\"",
          choices=MODULES),
), title="id", plural="dimensioner")
MATURITY_FILE = Record("maturity.yml", (
    Field("skala", "en tekst for hvert af tallene 1-5", record=Record("skala", tuple(
        Field(str(point), f"hvad {point} betyder på skalaen, fx 'Passer delvist'")
        for point in SCALE))),
    Field("svag_graense", "et tal mellem 1 og 5, fx 3", number=True, between=(1, 5)),
    Field("dimensioner", f"de {len(DIMENSION_IDS)} dimensioner", records=DIMENSION_RECORD,
          count=(len(DIMENSION_IDS), len(DIMENSION_IDS))),
))


class MaturityFileError(DataError):
    """maturity.yml kan ikke bruges. `problems` er listen af alle fejl på dansk."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = Path(path)
        self.problems = list(problems)
        lines = "\n".join(f"- {problem}" for problem in self.problems)
        super().__init__(f"Filen {self.path.name} har {len(self.problems)} fejl:\n{lines}\n"
                         "Ret filen, og kør cellen igen.")


def check(content, path: Path) -> list[str]:
    """Every problem in already parsed CONTENT of maturity.yml, in Danish (empty = fine)."""
    document = Document(Path(path).name, data=content)
    check_document(document, MATURITY_FILE)
    return document.problems


def load_items(path: Path | str | None = None) -> Instrument:
    """Læs selvevalueringens dimensioner og udsagn fra datasets/maturity.yml.

    En fejl i filen giver en dansk besked, der nævner filen, stedet og linjen
    (MaturityFileError med alle fejl på én gang).
    """
    path = Path(path) if path else datasets_dir() / FILE_NAME
    try:
        content = load_document(path, MATURITY_FILE)
    except ContentError as err:
        raise MaturityFileError(path, err.problems) from None
    dimensions = tuple(
        Dimension(id=raw["id"], name=raw["navn"], source=raw["inspiration"]["kilde"],
                  theme=raw["inspiration"]["tema"],
                  items=tuple(Item(i["id"], i["tekst"], raw["id"]) for i in raw["udsagn"]),
                  suggestion=raw["forslag"], module=raw["modul"])
        for raw in content["dimensioner"])
    scale = {int(point): text for point, text in content["skala"].items()}
    return Instrument(scale, float(content["svag_graense"]), dimensions, path)
