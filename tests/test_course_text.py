"""Slips in the course text that a review found once and that must not come back."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

# Phrase -> why it is wrong. Matched case-insensitively in everything a participant reads.
BANNED = {
    "gemmer sig selv": "'gemme sig' betyder at skjule sig: skriv 'bliver gemt automatisk'",
    "lav scorer": "flertal: 'lave scorer'",
    "fra godkendelse til indsigelse": "kilderne støtter kun reglen om 4 ugers indsigelse",
    "godkender ikke længere hver sag": "kilderne støtter kun reglen om 4 ugers indsigelse",
    "ikke længere godkende hver sag": "kilderne støtter kun reglen om 4 ugers indsigelse",
    "løsningerne er modne": "artiklen siger 'langt fremme', ikke 'modne'",
    "ikke pligt til at bruge den": "ingen kilde siger, at kommunen er fri af statens model",
    "mindst én handling skal handle om dine ildsjæle": "A5 må ikke gå uden om fokus fra modul 08",
}


def _participant_texts() -> dict[str, str]:
    texts = {}
    for path in [*ROOT.glob("modules/*.ipynb"), *ROOT.glob("solutions/*/*.ipynb")]:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        texts[str(path.relative_to(ROOT))] = "\n".join(
            "".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells)
    for path in [*ROOT.glob("datasets/**/*.yml"), *ROOT.glob("src/digileder/**/*.py")]:
        texts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    return texts


def _flat(text: str) -> str:
    return " ".join(text.lower().split())


@pytest.mark.parametrize("phrase", sorted(BANNED))
def test_a_known_slip_is_not_back(phrase):
    found = [name for name, text in _participant_texts().items() if phrase in _flat(text)]
    assert found == [], f"'{phrase}' ({BANNED[phrase]}) står i {found}"


def _ipads(path: Path) -> set[int]:
    return {int(n) for n in re.findall(r"(\d+) iPads med", path.read_text(encoding="utf-8"))}


def test_the_ipad_case_has_the_same_number_of_ipads_in_module_07_and_the_scenario():
    calculator = _ipads(ROOT / "datasets" / "business_cases" / "ipads-i-vej-og-park.yml")
    scenario = _ipads(ROOT / "datasets" / "scenarios" / "ipads-i-vej-og-park.yml")
    assert calculator and calculator == scenario


def test_a2_says_why_its_ipad_numbers_differ_from_module_07():
    a2 = _participant_texts()["solutions/a2-business-case/a2-business-case.ipynb"]
    assert "30 iPads" in a2 and "40 iPads i modul 07" in a2


def test_a5_example_dates_use_the_plan_builders_format():
    a5 = _participant_texts()["solutions/a5-ledelsesplan/a5-ledelsesplan.ipynb"]
    rows = [line for line in a5.splitlines() if line.startswith("| ") and "---" not in line
            and "Handling |" not in line and "Del |" not in line
            and "..." not in line]
    dates = [line.split("|")[3].strip() for line in rows if line.count("|") == 5]
    assert dates, "A5 has an example table of actions"
    assert all(re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", d) for d in dates), dates


def test_published_years_are_only_given_where_a_source_gives_them():
    """The year of halsnaes_tips and fkg_users is not in any source: it is left empty."""
    import csv

    with (ROOT / "datasets" / "published_figures.csv").open(encoding="utf-8") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    assert rows["halsnaes_tips"]["year"] == "" and rows["fkg_users"]["year"] == ""


def test_the_glossary_says_what_ktc_is():
    terms = {t["term"]: t for t in yaml.safe_load(
        (ROOT / "datasets" / "glossary.yml").read_text(encoding="utf-8"))["terms"]}
    assert "Kommunalteknisk Chefforening" in terms["KTC"]["explanation"]
    assert "vedtægter" in terms["KTC"]["source"]
