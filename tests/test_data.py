"""The data package: schema, Danish errors on broken files, the simulated survey's calibration."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from digileder import data, simulate
from tests.conftest import ROOT

DATASETS = ROOT / "datasets"


def test_frictionless_validates_the_data_package():
    from frictionless import Package

    report = Package(str(DATASETS / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_every_field_has_a_danish_title_and_description():
    import json

    package = json.loads((DATASETS / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        for field in resource["schema"]["fields"]:
            assert field.get("title") and field.get("description"), field["name"]


def test_regenerating_the_simulated_survey_is_byte_identical(tmp_path):
    out = tmp_path / "survey.csv"
    simulate.main(["--out", str(out)])
    assert out.read_bytes() == (DATASETS / "survey_simulated.csv").read_bytes()


def test_a_different_seed_gives_different_data():
    assert simulate.to_csv(simulate.generate(1)) != simulate.to_csv(simulate.generate(2))


def test_46_pct_of_leaders_name_gains_realisation_to_the_nearest_respondent():
    survey = data.survey()
    leaders = survey[survey["gruppe"] == "leder"]
    published = data.figure("tm2016_leaders_gains_challenge")
    count = int(leaders["udfordring_gevinster"].sum())
    assert count == round(published * len(leaders))
    assert 200 <= len(survey) <= 1000


def test_simulated_structure_has_differences_a_module_can_discuss():
    survey = data.survey()
    leaders = survey[survey["gruppe"] == "leder"]
    by_level = leaders.groupby("niveau")["udfordring_gevinster"].mean()
    assert by_level["teamleder"] > by_level["chef"] + 0.1
    practice = survey.groupby("gruppe")["praksis_retning"].mean()
    assert practice["leder"] > practice["medarbejder"]
    maturity = survey.groupby("omraade")["modenhed_data"].mean()
    assert maturity["byg"] > maturity["natur"]


def test_published_figures_carry_source_and_confidence():
    figures = data.figures()
    assert figures["id"].is_unique
    assert figures["source"].str.len().min() > 5
    assert data.figure("cok2015_respondents") == 1264
    assert data.figure("cok2015_technology_rank") == 9


def test_cok_themes_mark_known_and_illustrative():
    themes = data.cok_themes()
    assert len(themes) == 9
    known_rank = themes[themes["rank_status"] == "kendt"]
    assert list(known_rank["rank"]) == [9]
    assert (themes["name_status"] == "kendt").sum() == 7


def _broken_copy(tmp_path, edit):
    folder = tmp_path / "datasets"
    shutil.copytree(DATASETS, folder)
    edit(folder)
    return folder


def test_missing_file_names_the_file(tmp_path):
    folder = _broken_copy(tmp_path, lambda f: (f / "published_figures.csv").unlink())
    with pytest.raises(data.DataError, match="published_figures.csv mangler"):
        data.read_table("published_figures", folder)


def test_wrong_column_names_the_file_and_column(tmp_path):
    def rename(folder):
        path = folder / "cok2015_themes.csv"
        path.write_text(path.read_text(encoding="utf-8").replace("rank_status", "status", 1),
                        encoding="utf-8")

    folder = _broken_copy(tmp_path, rename)
    with pytest.raises(data.DataError) as err:
        data.read_table("cok2015_themes", folder)
    assert "cok2015_themes.csv" in str(err.value)
    assert "'rank_status'" in str(err.value) and "'status'" in str(err.value)


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [(",leder,chef,", ",boss,chef,", "gruppe"), (",10,3,5,", ",ti,3,5,", "aar_i_rollen")],
)
def test_bad_value_names_file_row_and_field(tmp_path, old, new, field):
    def corrupt(folder):
        path = folder / "survey_simulated.csv"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")

    folder = _broken_copy(tmp_path, corrupt)
    with pytest.raises(data.DataError) as err:
        data.read_table("survey_simulated", folder)
    message = str(err.value)
    assert "survey_simulated.csv" in message and "række 2" in message and f"'{field}'" in message


def test_out_of_range_likert_is_refused(tmp_path):
    def corrupt(folder):
        path = folder / "survey_simulated.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        cells = lines[3].split(",")
        cells[7] = "7"  # praksis_retning
        lines[3] = ",".join(cells)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    folder = _broken_copy(tmp_path, corrupt)
    with pytest.raises(data.DataError, match="række 4, felt 'praksis_retning'.*større end 5"):
        data.read_table("survey_simulated", folder)


def test_cli_reports_broken_data_in_danish_without_traceback(tmp_path):
    _broken_copy(tmp_path, lambda f: (f / "cok2015_themes.csv").unlink())
    result = subprocess.run(
        [sys.executable, "-m", "digileder.cli", "data"], capture_output=True, text=True,
        env={**__import__("os").environ, "DIGILEDER_COURSE_ROOT": str(tmp_path)},
    )
    assert result.returncode == 2
    assert "Fejl:" in result.stderr and "Traceback" not in result.stderr
