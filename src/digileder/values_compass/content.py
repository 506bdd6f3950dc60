"""datasets/smart_city_values.yml, declared once and read with the course's one loader."""

from __future__ import annotations

from pathlib import Path

from digileder.content import ContentError, Field, Record, load_records
from digileder.paths import datasets_dir
from digileder.values_compass.model import PICKS, THEMES, Value

# The schema of datasets/smart_city_values.yml (keys in Danish, as a teacher edits them).
VALUE_RECORD = Record("værdi", (
    Field("id", "et kort id med små bogstaver, fx 'borgerinddragelse'", is_id=True),
    Field("navn", "værdiens navn, som deltageren ser det"),
    Field("beskrivelse", "én sætning om, hvad værdien betyder i praksis"),
    Field("spoergsmaal", "et spørgsmål, værdien stiller til lederen"),
    Field("tema", "hvilket af artiklens tre ledelsesspørgsmål værdien hører til",
          choices=(*THEMES, "ingen")),
))


def values_path() -> Path:
    return datasets_dir() / "smart_city_values.yml"


def load_values(path: Path | None = None) -> list[Value]:
    """Læs værdierne. Giver ContentError (en DataError) med alle fejl, fil og linje, på dansk."""
    path = path or values_path()
    rows = load_records(path, "values", VALUE_RECORD)
    if len(rows) < PICKS:
        raise ContentError([f"{path.name}: der skal være mindst {PICKS} værdier at vælge "
                            "imellem."])
    return [Value(row["id"], row["navn"], row["beskrivelse"], row["spoergsmaal"], row["tema"])
            for row in rows]
