"""datasets/burnout_signs.yml, declared once and read with the course's one loader."""

from __future__ import annotations

from pathlib import Path

from digileder.burnout_check.model import KINDS, NEEDS, Sign
from digileder.content import ContentError, Field, Record, load_records
from digileder.paths import datasets_dir

# The schema of datasets/burnout_signs.yml (keys in Danish, as a teacher edits them).
SIGN_RECORD = Record("tegn", (
    Field("id", "et kort id med små bogstaver, fx 'arbejder-om-natten'", is_id=True),
    Field("tekst", "tegnet, som lederen kan se det hos ildsjælen"),
    Field("slags", "om tegnet er en advarsel eller et tegn på trivsel", choices=KINDS),
    Field("behov", "hvad ildsjælen har brug for fra lederen", choices=NEEDS),
    Field("hvorfor", "én sætning om, hvorfor tegnet betyder noget"),
), neuter=True)


def signs_path() -> Path:
    return datasets_dir() / "burnout_signs.yml"


def load_signs(path: Path | None = None) -> list[Sign]:
    """Læs tegnene. Giver ContentError (en DataError) med alle fejl, fil og linje, på dansk."""
    path = path or signs_path()
    signs = [Sign(row["id"], row["tekst"], row["slags"], row["behov"], row["hvorfor"])
             for row in load_records(path, "signs", SIGN_RECORD)]
    if not any(s.is_warning for s in signs) or all(s.is_warning for s in signs):
        raise ContentError([f"{path.name}: der skal være både advarsler og tegn på trivsel."])
    return signs
