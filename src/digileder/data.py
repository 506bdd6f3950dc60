"""Load the course's tables and check them against datasets/datapackage.json.

The data package is the one description of every table (fields, types, allowed
values). A teacher who edits a CSV file and breaks it gets a Danish message that
names the file, the row and the field, instead of a traceback.
"""

from __future__ import annotations

import csv
import json
import math
from functools import lru_cache
from pathlib import Path

import pandas as pd

from digileder.errors import DataError as DataError  # re-exported: callers catch it here
from digileder.paths import datasets_dir


def _read_package(folder: Path) -> dict:
    path = folder / "datapackage.json"
    if not path.is_file():
        raise DataError(f"Filen {path} mangler. Hent kursets datasets-mappe igen.")
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as err:
        where = f" (linje {err.lineno}, kolonne {err.colno})" \
            if isinstance(err, json.JSONDecodeError) else ""
        raise DataError(
            f"{path.name} er ikke gyldig JSON{where}. Tjek kommaer, anførselstegn og klammer "
            "omkring stedet, eller hent kursets datasets-mappe igen."
        ) from None
    problems = _package_problems(package)
    if problems:
        raise DataError(f"{path.name}: " + " ".join(problems) + " Ret filen, eller hent kursets "
                        "datasets-mappe igen.")
    return package


_TYPES = ("string", "integer", "number", "boolean")


def _package_problems(package) -> list[str]:
    """The shape read_table relies on, in Danish (empty if fine): every value of the right type,
    so a hand edit gives a message naming the place, not a TypeError."""
    resources = package.get("resources") if isinstance(package, dict) else None
    if not isinstance(resources, list) or not all(isinstance(r, dict) for r in resources):
        return ["'resources' skal være en liste af tabeller, hver med name, path og schema."]
    problems = []
    for number, res in enumerate(resources, start=1):
        place = f"tabel nr. {number}"
        for key in ("name", "path"):
            if not isinstance(res.get(key), str) or not res[key].strip():
                problems.append(f"{place}: '{key}' skal være en tekst.")
        if isinstance(res.get("path"), str) and (Path(res["path"]).is_absolute()
                                                 or ".." in Path(res["path"]).parts):
            problems.append(f"{place}: 'path' skal være et filnavn i datasets-mappen.")
        fields = res.get("schema", {}).get("fields") if isinstance(res.get("schema"), dict) \
            else None
        if not isinstance(fields, list) or not fields:
            problems.append(f"{place}: 'schema' skal have 'fields' med en liste af kolonner.")
            continue
        for column, field in enumerate(fields, start=1):
            problems += [f"{place}, kolonne nr. {column}: {p}" for p in _field_problems(field)]
    return problems


def _field_problems(field) -> list[str]:
    if not isinstance(field, dict) or not isinstance(field.get("name"), str):
        return ["skal have 'name' med kolonnens navn som tekst."]
    problems = []
    if field.get("type", "string") not in _TYPES:
        problems.append(f"'type' skal være en af {', '.join(_TYPES)}.")
    constraints = field.get("constraints", {})
    if not isinstance(constraints, dict):
        return [*problems, "'constraints' skal være en samling som {\"required\": true}."]
    for key in ("minimum", "maximum"):
        value = constraints.get(key)
        if key in constraints and (isinstance(value, bool) or not isinstance(value, int | float)):
            problems.append(f"'{key}' skal være et tal.")
    if "enum" in constraints and not isinstance(constraints["enum"], list):
        problems.append("'enum' skal være en liste af de tilladte værdier.")
    for key in ("trueValues", "falseValues", "missingValues"):
        if key in field and not (isinstance(field[key], list)
                                 and all(isinstance(v, str) for v in field[key])):
            problems.append(f"'{key}' skal være en liste af tekster.")
    return problems


def resource_names(folder: Path | None = None) -> list[str]:
    package = _read_package(folder or datasets_dir())
    return [res["name"] for res in package["resources"]]


def _resource(package: dict, name: str) -> dict:
    for res in package["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(r["name"] for r in package["resources"])
    raise DataError(f"Tabellen '{name}' findes ikke. Kendte tabeller: {known}.")


def _convert(raw: str, field: dict, missing: list[str], where: str):
    """Turn one CSV cell into a Python value, or raise DataError naming the place."""
    name, kind = field["name"], field.get("type", "string")
    constraints = field.get("constraints", {})
    if raw in missing:
        if constraints.get("required"):
            raise DataError(f"{where}, felt '{name}': feltet må ikke være tomt.")
        return None
    try:
        if kind == "integer":
            value = int(raw)
        elif kind == "number":
            value = float(raw)
            if not math.isfinite(value):  # 'nan', '1e400': no figure is endless
                raise ValueError(raw)
        elif kind == "boolean":
            true_values = field.get("trueValues", ["true"])
            false_values = field.get("falseValues", ["false"])
            if raw not in true_values + false_values:
                allowed = " eller ".join(true_values + false_values)
                raise DataError(f"{where}, felt '{name}': '{raw}' skal være {allowed}.")
            value = raw in true_values
        else:
            value = raw
    except DataError:
        raise
    except ValueError:
        label = {"integer": "et helt tal", "number": "et tal"}[kind]
        raise DataError(f"{where}, felt '{name}': '{raw}' skal være {label}.") from None
    if "enum" in constraints and value not in constraints["enum"]:
        allowed = ", ".join(str(v) for v in constraints["enum"])
        raise DataError(f"{where}, felt '{name}': '{raw}' er ikke tilladt. Tilladt: {allowed}.")
    if "minimum" in constraints and value < constraints["minimum"]:
        raise DataError(
            f"{where}, felt '{name}': {raw} er mindre end {constraints['minimum']}."
        )
    if "maximum" in constraints and value > constraints["maximum"]:
        raise DataError(
            f"{where}, felt '{name}': {raw} er større end {constraints['maximum']}."
        )
    return value


def read_table(name: str, folder: Path | None = None) -> pd.DataFrame:
    """Read and validate one table of the data package; raise DataError in Danish."""
    folder = folder or datasets_dir()
    package = _read_package(folder)
    resource = _resource(package, name)
    path = folder / resource["path"]
    if not path.is_file():
        raise DataError(f"Datafilen {path} mangler. Hent kursets datasets-mappe igen.")
    schema = resource["schema"]
    fields = schema["fields"]
    missing = schema.get("missingValues", [""])
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        expected = [f["name"] for f in fields]
        if header != expected:
            absent = [c for c in expected if c not in (header or [])]
            extra = [c for c in (header or []) if c not in expected]
            detail = []
            if absent:
                detail.append("mangler kolonnen " + ", ".join(f"'{c}'" for c in absent))
            if extra:
                detail.append("har ukendt kolonne " + ", ".join(f"'{c}'" for c in extra))
            if not detail:
                detail.append("har kolonnerne i en anden rækkefølge end beskrevet")
            raise DataError(
                f"{path.name}: filen {' og '.join(detail)}. "
                "Ret overskriftslinjen, så den passer til datapackage.json."
            )
        rows = []
        for line_no, row in enumerate(reader, start=2):
            where = f"{path.name}, række {line_no}"
            if len(row) != len(fields):
                raise DataError(
                    f"{where}: rækken har {len(row)} felter, men skal have {len(fields)}. "
                    "Tjek kommaer og anførselstegn."
                )
            cells = zip(row, fields, strict=True)
            rows.append([_convert(raw, f, missing, where) for raw, f in cells])
    frame = pd.DataFrame(rows, columns=expected)
    for field in fields:
        if field.get("type") == "integer":
            frame[field["name"]] = frame[field["name"]].astype("Int64")
        elif field.get("type") == "boolean":
            frame[field["name"]] = frame[field["name"]].astype("boolean")
    return frame


def field_titles(name: str, folder: Path | None = None) -> dict[str, str]:
    """Danish titles of a table's fields, for labels in charts and widgets."""
    resource = _resource(_read_package(folder or datasets_dir()), name)
    return {f["name"]: f.get("title", f["name"]) for f in resource["schema"]["fields"]}


@lru_cache(maxsize=4)
def _cached(name: str, folder: str) -> pd.DataFrame:
    return read_table(name, Path(folder))


def survey() -> pd.DataFrame:
    """The SIMULATED Teknik og Miljø survey, one row per respondent (copy; safe to change)."""
    return _cached("survey_simulated", str(datasets_dir())).copy()


def figures() -> pd.DataFrame:
    """Every published figure the course quotes, with source and confidence."""
    return _cached("published_figures", str(datasets_dir())).copy()


def figure(figure_id: str) -> float:
    """One published figure's value by its id, e.g. figure('tm2016_leaders_gains_challenge')."""
    table = figures()
    match = table[table["id"] == figure_id]
    if match.empty:
        raise DataError(f"Tallet '{figure_id}' findes ikke i published_figures.csv.")
    return float(match["value"].iloc[0])


def cok_themes() -> pd.DataFrame:
    """The nine leadership themes of COK's Kommunal Ledelse 2015, known vs illustrative."""
    return _cached("cok2015_themes", str(datasets_dir())).copy()
