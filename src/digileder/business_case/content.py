"""Business cases as data: datasets/business_cases/<id>.yml with presets of numbers.

The file's schema is declared once below (CASE_FILE), every field with its type and a Danish
description, so a wrong type anywhere (a list as title, `id: true`, an amount of 400 nines)
is a Danish problem naming the file, the place and the line, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

from digileder.business_case.model import (
    DEFAULT_CASE,
    DEFAULT_RATE,
    MAX_AMOUNT,
    MAX_HORIZON,
    MAX_RATE,
    SCENARIO_LABELS,
    SCENARIOS,
    Inputs,
    ThreePoint,
    validate,
)
from digileder.content import ContentError, Field, Record, read_yaml
from digileder.content.schema import check_document
from digileder.errors import DataError
from digileder.paths import datasets_dir


def cases_dir() -> Path:
    return datasets_dir() / "business_cases"


def list_cases() -> list[str]:
    """Navnene på de business cases, der ligger i datasets/business_cases."""
    return sorted(path.stem for path in cases_dir().glob("*.yml")
                  if not path.name.startswith("."))  # a Mac's `._*` copies are not cases


# The schema of datasets/business_cases/<id>.yml (keys as teachers write them).
_AMOUNT = (-MAX_AMOUNT, MAX_AMOUNT)
_LABEL = Field("label", "en kort tekst, der siger, hvad posten er, fx 'Tablets til 12 hold'")
_EXPLANATION = Field("explanation", "én sætning om, hvordan tallet er fundet", required=False)
COST_RECORD = Record("post", (
    _LABEL, Field("amount", "et beløb i kroner, skrevet som et tal, fx 220000", number=True,
                  between=_AMOUNT),
    _EXPLANATION))
GAIN_RECORD = Record("gevinst", (
    _LABEL,
    *(Field(point, f"den {label.lower()}e gevinst i kroner pr. år, skrevet som et tal",
            number=True, between=_AMOUNT) for point, label in SCENARIO_LABELS.items()),
    _EXPLANATION))
_HORIZON = Field("horizon_years", f"antal år som et helt tal fra 1 til {MAX_HORIZON}, fx 5",
                 required=False, whole=True, between=(1, MAX_HORIZON))
_RATE = Field("discount_rate_pct", "kalkulationsrenten i procent som et tal, fx 3.5",
              required=False, number=True, between=(-MAX_RATE * 100, MAX_RATE * 100))
SECTIONS = (("investment", COST_RECORD), ("running_cost", COST_RECORD), ("gains", GAIN_RECORD))
PRESET_RECORD = Record("preset", (
    Field("id", "et kort id med små bogstaver, fx 'ny-arbejdsgang'", is_id=True),
    Field("label", "teksten på knappen, fx 'Ja – arbejdsgangen ændres'"),
    Field("summary", "et par sætninger om, hvad der sker i denne udgave", required=False),
    Field("investment", "engangsudgifterne, hver med label og amount", records=COST_RECORD),
    Field("running_cost", "udgifterne pr. år, hver med label og amount", records=COST_RECORD),
    Field("gains", "gevinsterne pr. år, hver med label, pessimistic, likely og optimistic",
          records=GAIN_RECORD),
    _HORIZON, _RATE,
), title="id")
CASE_FILE = Record("business case", (
    Field("title", "casens titel, fx 'iPads til Vej og Park'"),
    Field("fictional", "true, hvis casen er opdigtet, ellers false", required=False,
          flag=True),
    Field("note", "en kort note om, hvor tallene kommer fra", required=False),
    Field("story", "casen fortalt i et par sætninger", required=False),
    Field("hourly_cost", "prisen for en times arbejde i kroner, fx 400", required=False,
          number=True, between=(0, 100_000)),
    Field("hourly_cost_note", "en sætning om, hvordan timeprisen er regnet", required=False),
    _HORIZON, _RATE,
    Field("default_preset", "id'et på den preset, der vises først", required=False,
          is_id=True),
    Field("preset_question", "spørgsmålet over knapperne, fx 'Arbejdsgangen ændres:'",
          required=False),
    Field("presets", "mindst én preset med id, label, investment, running_cost og gains",
          records=PRESET_RECORD),
))


def _inputs(preset: dict, case: dict) -> Inputs:
    """The preset's numbers: the sums of its lines; horizon and rate from the preset or case."""
    horizon = preset["horizon_years"] or case["horizon_years"] or 5
    rate_pct = preset["discount_rate_pct"]
    if rate_pct is None:
        rate_pct = case["discount_rate_pct"]
    return Inputs(sum(i["amount"] for i in preset["investment"]),
                  sum(i["amount"] for i in preset["running_cost"]),
                  ThreePoint(**{point: sum(i[point] for i in preset["gains"])
                                for point in SCENARIOS}),
                  horizon, DEFAULT_RATE if rate_pct is None else rate_pct / 100)


def load_case(case_id: str = DEFAULT_CASE, preset: str | None = None) -> tuple[Inputs, dict]:
    """Hent en business case fra datasets/business_cases/<case_id>.yml.

    Returnerer (tallene for den valgte forudindstilling, metadata). metadata har title,
    fictional, note, story, default_preset og presets: {id: {label, summary, inputs, items}}.
    En fejl i filen giver en DataError på dansk, der nævner filen, stedet og linjen.
    """
    # Only a case listed in the folder: an id like "../x" must not reach other YAML files.
    if case_id not in list_cases():
        known = ", ".join(list_cases()) or "ingen"
        raise DataError(f"Business casen '{case_id}' findes ikke i {cases_dir()}. "
                        f"Kendte cases: {known}.")
    path = cases_dir() / f"{case_id}.yml"
    document = read_yaml(path)  # the course's safe reader: lines, odd keys, deep nesting
    case = check_document(document, CASE_FILE) if not document.problems else None
    if case is None or document.problems:
        raise ContentError(document.problems)
    presets = {}
    for number, (raw, clean) in enumerate(zip(document.data["presets"], case["presets"],
                                                          strict=True), start=1):
        inputs = _inputs(clean, case)
        problems = validate(inputs)  # the sums: checks a field schema cannot express
        if problems:
            where = document.where(raw, f"preset nr. {number} ('{clean['id']}')")
            document.problems.append(f"{where}: {' '.join(problems)}")
        presets[clean["id"]] = {"label": clean["label"], "summary": clean["summary"],
                                "inputs": inputs,
                                "items": {section: clean[section] for section, _ in SECTIONS}}
    default = case["default_preset"] or next(iter(presets))
    if default not in presets:
        line = document.line(document.data, "default_preset")
        document.problems.append(
            f"{path.name}{f' (linje {line})' if line else ''}: 'default_preset' er "
            f"'{default}', men den preset findes ikke. Skriv en af: {', '.join(presets)}.")
    if document.problems:
        raise ContentError(document.problems)
    chosen = preset or default
    if chosen not in presets:
        raise DataError(f"{path.name}: indstillingen '{chosen}' findes ikke. "
                        f"Vælg en af: {', '.join(presets)}.")
    metadata = {
        "id": case_id,
        "title": case["title"],
        "fictional": case["fictional"],
        "note": case["note"],
        "story": case["story"],
        "hourly_cost_note": case["hourly_cost_note"],
        "default_preset": default,
        "preset_question": case["preset_question"] or "Vælg tal:",
        "presets": presets,
    }
    return presets[chosen]["inputs"], metadata
