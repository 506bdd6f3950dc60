"""Business cases as data: datasets/business_cases/<id>.yml with presets of numbers."""

from __future__ import annotations

from pathlib import Path

from digileder.business_case.model import (
    DEFAULT_CASE,
    DEFAULT_RATE,
    SCENARIO_LABELS,
    SCENARIOS,
    Inputs,
    ThreePoint,
    _is_number,
    validate,
)
from digileder.content import ContentError, Document, Field, Record, read_yaml
from digileder.errors import DataError
from digileder.paths import datasets_dir


def cases_dir() -> Path:
    return datasets_dir() / "business_cases"


def list_cases() -> list[str]:
    """Navnene på de business cases, der ligger i datasets/business_cases."""
    return sorted(path.stem for path in cases_dir().glob("*.yml")
                  if not path.name.startswith("."))  # a Mac's `._*` copies are not cases


# The schema of a preset's lists in datasets/business_cases/<id>.yml (keys as teachers write).
_LABEL = Field("label", "en kort tekst, der siger, hvad posten er, fx 'Tablets til 12 hold'")
_EXPLANATION = Field("explanation", "én sætning om, hvordan tallet er fundet", required=False)
COST_RECORD = Record("post", (
    _LABEL, Field("amount", "et beløb i kroner, skrevet som et tal, fx 220000", number=True),
    _EXPLANATION))
GAIN_RECORD = Record("gevinst", (
    _LABEL,
    *(Field(point, f"den {label.lower()}e gevinst i kroner pr. år, skrevet som et tal",
            number=True) for point, label in SCENARIO_LABELS.items()),
    _EXPLANATION))
SECTIONS = (("investment", COST_RECORD), ("running_cost", COST_RECORD), ("gains", GAIN_RECORD))


def _preset_inputs(preset: dict, case: dict, document: Document, where: str) -> Inputs | None:
    """The preset's numbers; every problem goes to document.problems (None if any)."""
    before = len(document.problems)
    items = {section: record.check(preset.get(section), document, section)
             for section, record in SECTIONS}
    horizon = preset.get("horizon_years", case.get("horizon_years", 5))
    rate_pct = preset.get("discount_rate_pct", case.get("discount_rate_pct", DEFAULT_RATE * 100))
    if not _is_number(rate_pct):
        document.problems.append(f"{where}: 'discount_rate_pct' skal være et tal (en rente i "
                                 f"procent, fx 4), men er '{rate_pct}'.")
    if len(document.problems) > before:
        return None
    inputs = Inputs(sum(i["amount"] for i in items["investment"]),
                    sum(i["amount"] for i in items["running_cost"]),
                    ThreePoint(**{point: sum(i[point] for i in items["gains"])
                                  for point in SCENARIOS}),
                    horizon, rate_pct / 100)
    problems = validate(inputs)  # horizon, rate and sums: checks a field schema cannot express
    if problems:
        document.problems.append(f"{where}: {' '.join(problems)}")
        return None
    return inputs


def load_case(case_id: str = DEFAULT_CASE, preset: str | None = None) -> tuple[Inputs, dict]:
    """Hent en business case fra datasets/business_cases/<case_id>.yml.

    Returnerer (tallene for den valgte forudindstilling, metadata). metadata har title,
    fictional, note, story, default_preset og presets: {id: {label, summary, inputs, items}}.
    En fejl i filen giver en DataError på dansk, der nævner filen og stedet.
    """
    path = cases_dir() / f"{case_id}.yml"
    if not path.is_file():
        known = ", ".join(list_cases()) or "ingen"
        raise DataError(f"Business casen '{case_id}' findes ikke i {cases_dir()}. "
                        f"Kendte cases: {known}.")
    document = read_yaml(path)  # the course's safe reader: lines, odd keys, deep nesting
    case = document.data
    if not document.problems and not isinstance(case, dict):
        document.problems.append(f"{path.name}: filen skal indeholde felter som title og "
                                 "presets.")
    if document.problems:
        raise ContentError(document.problems)
    document.problems += [f"{path.name}: mangler feltet '{key}'."
                          for key in ("title", "presets") if key not in case]
    raw_presets = case.get("presets")
    if "presets" in case and (not isinstance(raw_presets, list) or not raw_presets):
        document.problems.append(f"{document.where(raw_presets, 'presets')}: skal være en liste "
                                 "med mindst én indstilling.")
        raw_presets = []
    presets = {}
    for number, raw in enumerate(raw_presets or [], start=1):
        where = document.where(raw, f"preset nr. {number}")
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str | int) \
                or "label" not in raw:
            document.problems.append(f"{where}: mangler 'id' eller 'label'.")
            continue
        inputs = _preset_inputs(raw, case, document, where)
        if inputs is not None:
            presets[raw["id"]] = {
                "label": raw["label"],
                "summary": raw.get("summary", ""),
                "inputs": inputs,
                "items": {section: raw[section] for section, _ in SECTIONS},
            }
    if document.problems:
        raise ContentError(document.problems)
    default = case.get("default_preset", next(iter(presets)))
    chosen = preset or default
    if chosen not in presets:
        raise DataError(f"{path.name}: indstillingen '{chosen}' findes ikke. "
                        f"Vælg en af: {', '.join(presets)}.")
    metadata = {
        "id": case_id,
        "title": case["title"],
        "fictional": bool(case.get("fictional", False)),
        "note": case.get("note", ""),
        "story": case.get("story", ""),
        "hourly_cost_note": case.get("hourly_cost_note", ""),
        "default_preset": default,
        "preset_question": case.get("preset_question", "Vælg tal:"),
        "presets": presets,
    }
    return presets[chosen]["inputs"], metadata
