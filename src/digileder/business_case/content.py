"""Business cases as data: datasets/business_cases/<id>.yml with presets of numbers."""

from __future__ import annotations

import math
from pathlib import Path

from digileder.business_case.model import (
    DEFAULT_CASE,
    DEFAULT_RATE,
    SCENARIOS,
    Inputs,
    ThreePoint,
    _is_number,
    validate,
)
from digileder.content import ContentError, read_yaml
from digileder.errors import DataError
from digileder.paths import datasets_dir


def cases_dir() -> Path:
    return datasets_dir() / "business_cases"


def list_cases() -> list[str]:
    """Navnene på de business cases, der ligger i datasets/business_cases."""
    return sorted(path.stem for path in cases_dir().glob("*.yml"))


def _amount(item: dict, key: str, where: str) -> float:
    value = item.get(key)
    if not _is_number(value) or not math.isfinite(value):
        raise DataError(f"{where}: '{key}' skal være et tal, men er '{value}'.")
    return float(value)


def _items(preset: dict, section: str, where: str) -> list[dict]:
    items = preset.get(section)
    if not isinstance(items, list) or not items:
        raise DataError(f"{where}: mangler listen '{section}' med mindst én post.")
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or "label" not in item:
            raise DataError(f"{where}, {section} nr. {number}: mangler 'label'.")
    return items


def _preset_inputs(preset: dict, case: dict, where: str) -> Inputs:
    investment = sum(_amount(item, "amount", f"{where}, investment '{item['label']}'")
                     for item in _items(preset, "investment", where))
    running = sum(_amount(item, "amount", f"{where}, running_cost '{item['label']}'")
                  for item in _items(preset, "running_cost", where))
    gains = _items(preset, "gains", where)
    totals = {
        point: sum(_amount(item, point, f"{where}, gains '{item['label']}'") for item in gains)
        for point in SCENARIOS
    }
    horizon = preset.get("horizon_years", case.get("horizon_years", 5))
    rate_pct = preset.get("discount_rate_pct", case.get("discount_rate_pct", DEFAULT_RATE * 100))
    if not _is_number(rate_pct):
        raise DataError(f"{where}: 'discount_rate_pct' skal være et tal, men er '{rate_pct}'.")
    inputs = Inputs(investment, running, ThreePoint(**totals), horizon, rate_pct / 100)
    problems = validate(inputs)
    if problems:
        raise DataError(f"{where}: {' '.join(problems)}")
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
    if document.problems:
        raise ContentError(document.problems)
    case = document.data
    if not isinstance(case, dict):
        raise DataError(f"{path.name}: filen skal indeholde felter som title og presets.")
    for key in ("title", "presets"):
        if key not in case:
            raise DataError(f"{path.name}: mangler feltet '{key}'.")
    if not isinstance(case["presets"], list) or not case["presets"]:
        raise DataError(f"{path.name}: 'presets' skal være en liste med mindst én indstilling.")
    presets = {}
    for number, raw in enumerate(case["presets"], start=1):
        where = f"{path.name}, preset nr. {number}"
        if not isinstance(raw, dict) or "id" not in raw or "label" not in raw:
            raise DataError(f"{where}: mangler 'id' eller 'label'.")
        presets[raw["id"]] = {
            "label": raw["label"],
            "summary": raw.get("summary", ""),
            "inputs": _preset_inputs(raw, case, f"{path.name}, preset '{raw['id']}'"),
            "items": {section: raw[section] for section in
                      ("investment", "running_cost", "gains")},
        }
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
