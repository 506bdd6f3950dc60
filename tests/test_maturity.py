"""The digital maturity self-assessment: items file, scores, history, peers, suggestions, widget."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
import yaml

import digileder  # noqa: F401  (enables the offline renderer)
from digileder import charts, data, maturity

ITEMS_FILE = Path(__file__).resolve().parents[1] / "datasets" / "maturity.yml"


@pytest.fixture(scope="module")
def instrument() -> maturity.Instrument:
    return maturity.load_items()


def _all(instrument, value_for) -> dict[str, int]:
    return {item.id: value_for(item) for item in instrument.items}


# ----------------------------------------------------------------------------- items file


def test_items_file_has_six_dimensions_matching_the_survey(instrument):
    assert [d.id for d in instrument.dimensions] == list(maturity.DIMENSION_IDS)
    survey_columns = set(data.survey().columns)
    for dim in instrument.dimensions:
        assert dim.column in survey_columns
        assert 3 <= len(dim.items) <= 4
        assert dim.module in maturity.MODULES
        assert len(dim.suggestion) > 40
    ids = [item.id for item in instrument.items]
    assert len(ids) == len(set(ids))
    assert instrument.scale[1] == "Passer slet ikke" and instrument.scale[5] == "Passer helt"


def test_each_dimension_names_its_inspiration(instrument):
    sources = {d.id: d.source for d in instrument.dimensions}
    assert {k for k, v in sources.items() if v == "KL 2012"} == {
        "strategi", "gevinster", "organisering"}
    assert {k for k, v in sources.items() if v == "artiklen"} == {"ildsjaele", "data", "borgere"}
    kl_themes = " ".join(d.theme for d in instrument.dimensions if d.source == "KL 2012")
    for theme in ("digital ledelse", "gevinstrealisering",
                  "organisatorisk implementering og forankring",
                  "organisering, overblik og prioritering"):
        assert theme in kl_themes


def _broken_copy(tmp_path, change) -> Path:
    content = yaml.safe_load(ITEMS_FILE.read_text(encoding="utf-8"))
    change(content)
    path = tmp_path / "maturity.yml"
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    return path


def test_broken_items_file_gives_danish_errors_naming_file_and_item(tmp_path):
    def break_it(content):
        strategi = content["dimensioner"][0]
        del strategi["udsagn"][1]["tekst"]                      # strategi-2 without text
        strategi["udsagn"][2]["id"] = "strategi-1"              # duplicate id
        content["dimensioner"][1]["modul"] = "02"               # not a module with this topic
        content["dimensioner"][2]["udsagn"] = content["dimensioner"][2]["udsagn"][:2]
        content["dimensioner"][3]["inspiration"]["kilde"] = "internettet"

    path = _broken_copy(tmp_path, break_it)
    with pytest.raises(maturity.MaturityFileError) as caught:
        maturity.load_items(path)
    message = str(caught.value)
    assert "maturity.yml" in message
    line = r" \(linje \d+\)"  # every problem names its place in the file and its line
    assert re.search(f"dimension nr. 1 \\('strategi'\\), udsagn nr. 2 \\('strategi-2'\\){line}: "
                     "'tekst' mangler", message)
    assert re.search(f"udsagn nr. 3 \\('strategi-1'\\){line}: 'id' 'strategi-1' står også ved "
                     "dimension nr. 1 \\('strategi'\\), udsagn nr. 1", message)
    assert re.search(f"dimension nr. 2 \\('gevinster'\\){line}: 'modul' er '02'", message)
    assert re.search(f"dimension nr. 3 \\('organisering'\\){line}: 'udsagn' har 2 udsagn, men "
                     "skal have 3-4", message)
    assert re.search(f"dimension nr. 4 \\('ildsjaele'\\){line}: 'inspiration: kilde'", message)
    assert len(caught.value.problems) == 5


def test_unknown_dimension_and_missing_dimension_are_reported(tmp_path):
    def break_it(content):
        content["dimensioner"][5]["id"] = "borger"

    with pytest.raises(maturity.MaturityFileError) as caught:
        maturity.load_items(_broken_copy(tmp_path, break_it))
    assert re.search(r"dimension nr. 6 \('borger'\) \(linje \d+\): 'id' er 'borger', men skal "
                     r"være en af: strategi, ", str(caught.value))


def test_statement_ids_are_unique_across_dimensions_and_top_fields_are_checked(tmp_path):
    """Is a statement id used in two dimensions caught, and do scale and threshold name
    their line (nested schema, all problems at once)?"""
    def break_it(content):
        content["dimensioner"][1]["udsagn"][0]["id"] = "strategi-1"
        content["dimensioner"][1]["modul"] = 7  # YAML reads an unquoted 07 as the number 7
        del content["skala"][3]
        content["svag_graense"] = 7

    with pytest.raises(maturity.MaturityFileError) as caught:
        maturity.load_items(_broken_copy(tmp_path, break_it))
    problems = caught.value.problems
    assert len(problems) == 4, problems
    assert any(re.search(r"dimension nr. 2 \('gevinster'\), udsagn nr. 1 \('strategi-1'\) "
                         r"\(linje \d+\): 'id' 'strategi-1' står også ved dimension nr. 1", p)
               for p in problems), problems
    assert any("'modul' er '7'" in p and 'anførselstegn, fx "01"' in p for p in problems)
    assert any(re.search(r"\(linje \d+\): 'skala: 3' mangler", p) for p in problems)
    assert any(re.search(r"\(linje \d+\): 'svag_graense' er 7, men skal være mellem 1 og 5", p)
               for p in problems)


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "maturity.yml"
    path.write_text("skala:\n  1: Passer slet ikke\n dimensioner: [\n", encoding="utf-8")
    with pytest.raises(maturity.MaturityFileError) as caught:
        maturity.load_items(path)
    assert "maturity.yml" in str(caught.value) and "linje" in str(caught.value)


def test_missing_items_file_is_a_danish_error(tmp_path):
    with pytest.raises(maturity.MaturityFileError, match="mangler"):
        maturity.load_items(tmp_path / "maturity.yml")


# ----------------------------------------------------------------------------- scores


def test_score_is_the_mean_per_dimension(instrument):
    strategi = [item.id for item in instrument.dimension("strategi").items]
    borgere = [item.id for item in instrument.dimension("borgere").items]
    answers = dict(zip(strategi, [1, 2, 4, 5], strict=False))
    answers.update(dict(zip(borgere, [5, 4, 4], strict=False)))
    scores = maturity.score(answers, instrument)
    assert scores["strategi"] == pytest.approx(sum([1, 2, 4, 5][:len(strategi)]) / len(strategi))
    assert scores["borgere"] == pytest.approx(round(13 / 3, 2))
    assert set(scores) == {"strategi", "borgere"}  # unanswered dimensions are left out


@pytest.mark.parametrize("value", [0, 6, 2.5, "4", True])
def test_score_refuses_values_outside_the_scale(instrument, value):
    with pytest.raises(ValueError, match="skal være et helt tal fra 1 til 5"):
        maturity.score({"strategi-1": value}, instrument)


def test_score_refuses_unknown_items(instrument):
    with pytest.raises(ValueError, match="findes ikke"):
        maturity.score({"strategi-99": 3}, instrument)


# ----------------------------------------------------------------------------- history


def test_history_round_trip_keeps_every_assessment(answers_dir, instrument):
    assert maturity.load_history() == [] and maturity.latest_scores() is None
    first = _all(instrument, lambda item: 2)
    second = _all(instrument, lambda item: 4 if item.dimension == "data" else 3)
    maturity.save_assessment(first, when=datetime(2025, 3, 1, 10, 0), instrument=instrument)
    maturity.save_assessment(second, when=datetime(2025, 6, 1, 9, 30), instrument=instrument)
    history = maturity.load_history()
    assert [entry["date"] for entry in history] == ["2025-03-01T10:00:00", "2025-06-01T09:30:00"]
    assert history[0]["answers"] == first and history[1]["answers"] == second
    assert history[0]["scores"] == maturity.score(first, instrument)
    assert maturity.latest_scores() == {**{d: 3.0 for d in maturity.DIMENSION_IDS}, "data": 4.0}
    assert (answers_dir / "modenhed.json").is_file()
    assert not list(answers_dir.glob("*.tmp"))  # written atomically


def test_corrupt_history_is_reported_and_set_aside_not_overwritten(answers_dir, instrument):
    answers_dir.mkdir(parents=True, exist_ok=True)
    path = answers_dir / "modenhed.json"
    broken = '{"assessments": [{"date": "2025-03-01", "answ'
    path.write_text(broken, encoding="utf-8")
    saved = maturity.save_assessment(_all(instrument, lambda item: 3), instrument=instrument)
    aside = Path(saved["set_aside"])
    assert aside.parent == answers_dir and "beskadiget" in aside.name
    assert aside.read_text(encoding="utf-8") == broken
    assert len(maturity.load_history()) == 1
    assert "set_aside" not in json.loads(path.read_text(encoding="utf-8"))["assessments"][0]


def test_history_with_wrong_structure_counts_as_corrupt(answers_dir):
    """Is a history with wrong types read as empty, and kept aside with a Danish notice?"""
    answers_dir.mkdir(parents=True, exist_ok=True)
    (answers_dir / "modenhed.json").write_text('{"assessments": [{"date": 1}]}', encoding="utf-8")
    history, read = maturity.read_history()
    assert history == [] and maturity.latest_scores() is None
    assert "ændret uden for kurset" in read.notice and read.set_aside.name in read.notice
    assert read.set_aside.read_text(encoding="utf-8") == '{"assessments": [{"date": 1}]}'


def test_saving_nothing_is_refused(answers_dir, instrument):
    with pytest.raises(ValueError, match="ikke svaret"):
        maturity.save_assessment({}, instrument=instrument)
    assert not (answers_dir / "modenhed.json").exists()


# ----------------------------------------------------------------------------- peers


def test_peer_position_against_a_small_hand_made_frame(instrument):
    frame = pd.DataFrame({f"modenhed_{d}": [1, 2, 3, 4, 5] for d in maturity.DIMENSION_IDS})
    frame["modenhed_data"] = [4, 4, 4, 5, None]
    table = maturity.peer_position({"strategi": 3.5, "data": 4.0}, frame, instrument)
    assert list(table["dimension"]) == ["strategi", "data"]
    strategi = table.set_index("dimension").loc["strategi"]
    assert strategi["median"] == 3 and strategi["share_below"] == pytest.approx(0.6)
    assert strategi["n"] == 5 and strategi["share_equal"] == 0
    data_row = table.set_index("dimension").loc["data"]
    assert data_row["n"] == 4  # the blank answer is left out
    assert data_row["share_below"] == 0 and data_row["share_equal"] == pytest.approx(0.75)
    text = maturity.peer_text(table)
    assert "over 60 pct. af de simulerede respondenter" in text
    assert "75 pct. har samme score" in text


# ----------------------------------------------------------------------------- suggestions


def test_suggestions_cover_all_dimensions_below_three(instrument):
    scores = {"strategi": 2.0, "gevinster": 1.5, "organisering": 2.75, "ildsjaele": 4.0,
              "data": 3.0, "borgere": 4.5}
    result = maturity.suggestions(scores, instrument)
    assert [s["dimension"] for s in result] == ["gevinster", "strategi", "organisering"]
    gevinster = result[0]
    assert gevinster["module"] == "07"
    assert gevinster["text"] == instrument.dimension("gevinster").suggestion
    assert gevinster["module_title"] == "Gevinstrealisering og business case"


def test_suggestions_give_the_lowest_two_when_nothing_is_weak(instrument):
    scores = {"strategi": 4.0, "gevinster": 4.5, "organisering": 3.5, "ildsjaele": 5.0,
              "data": 3.25, "borgere": 4.0}
    result = maturity.suggestions(scores, instrument)
    assert [s["dimension"] for s in result] == ["data", "organisering"]
    assert [s["module"] for s in result] == ["03", "06"]


# ----------------------------------------------------------------------------- chart


def test_profile_chart_labels_simulated_peers_and_previous(instrument):
    scores = {d: 3.0 for d in maturity.DIMENSION_IDS}
    previous = {d: 2.0 for d in maturity.DIMENSION_IDS}
    svg = charts.to_svg(maturity.profile_chart(scores, previous, instrument=instrument))
    assert "Simulerede data" in svg
    assert maturity.BEFORE in svg and maturity.NOW in svg and maturity.PEERS in svg
    assert 'aria-label="Prikdiagram: Din digitale modenhed' in svg
    own_only = charts.to_svg(maturity.profile_chart(scores, peers=False, instrument=instrument))
    assert "Simulerede data" not in own_only and maturity.PEERS not in own_only


# ----------------------------------------------------------------------------- widget


def _answer_all(widget, value_for):
    for item_id, toggle in widget.toggles.items():
        toggle.value = value_for(item_id)


def test_each_statement_is_one_list_named_by_the_statement(instrument):
    """Five buttons per statement were 115 Tab stops; a list is one, with arrow keys inside,
    and the statement is its label (the name a screen reader reads). Issue 18."""
    import ipywidgets as widgets

    widget = maturity.SelfAssessment(instrument, data.survey())
    for item in instrument.items:
        answer = widget.toggles[item.id]
        assert isinstance(answer, widgets.Dropdown) and answer.description == item.text
        assert answer.value is None and answer.index == 0  # "Vælg 1-5", so ArrowDown gives 1
        assert [value for _label, value in answer.options] == [None, 1, 2, 3, 4, 5]
    assert isinstance(widget.compare, widgets.Dropdown)


def test_widget_refuses_to_save_an_incomplete_assessment(answers_dir):
    widget = maturity.show()
    assert isinstance(widget, maturity.SelfAssessment)
    first = next(iter(widget.toggles))
    widget.toggles[first].value = 4
    assert f"1 af {len(widget.toggles)}" in widget.progress.value
    widget.save_button.click()
    assert "Du mangler at svare på" in widget.status.value
    assert not (answers_dir / "modenhed.json").exists()


def test_widget_saves_shows_suggestions_and_remembers_on_reopen(answers_dir, instrument):
    widget = maturity.show()
    _answer_all(widget, lambda item_id: 1 if item_id.startswith("gevinster") else 4)
    widget.save_button.click()
    assert "Gemt" in widget.status.value
    assert widget.last_scores["gevinster"] == 1.0
    assert widget.last_suggestions[0]["dimension"] == "gevinster"
    assert len(maturity.load_history()) == 1

    again = maturity.show()
    assert "Du har gemt 1 vurdering" in again.status.value
    assert again.reuse_button.disabled is False
    again.reuse_button.click()
    assert again.answers == maturity.load_history()[0]["answers"]
    again.toggles["gevinster-1"].value = 3
    again.save_button.click()
    assert again.previous["scores"]["gevinster"] == 1.0  # shown next to the new profile
    assert len(maturity.load_history()) == 2


def test_widget_draws_the_profile_in_one_update_and_not_again_when_unchanged(answers_dir):
    """Drawn output by output, the page drew the whole profile again a moment later, which
    closed a "Vis som tabel" the participant had just opened (issue 18)."""
    widget = maturity.show()
    _answer_all(widget, lambda item_id: 2)
    updates = []
    widget.output.observe(lambda change: updates.append(change["new"]), names="outputs")
    widget.save_button.click()
    assert len(updates) == 1
    shown = "".join(output["data"].get("text/html", "") for output in updates[0])
    assert "Vis som tabel" in shown and "Forslag til dine svageste områder" in shown
    widget.show()  # the same profile again: nothing is sent to the page
    assert len(updates) == 1


def test_widget_shows_danish_message_for_corrupt_history(answers_dir):
    answers_dir.mkdir(parents=True, exist_ok=True)
    (answers_dir / "modenhed.json").write_text("ikke json", encoding="utf-8")
    widget = maturity.show()
    assert "kunne ikke læses" in widget.status.value and "beskadiget" in widget.status.value
    _answer_all(widget, lambda item_id: 3)
    widget.save_button.click()
    assert "Gemt" in widget.status.value
    aside = list(answers_dir.glob("modenhed.beskadiget-*.json"))
    assert [p.read_text(encoding="utf-8") for p in aside] == ["ikke json"]


def test_widget_comparison_group_changes_the_peers(answers_dir):
    widget = maturity.show()
    _answer_all(widget, lambda item_id: 3)
    widget.save_button.click()
    everyone = widget.last_position
    assert set(everyone["n"]) == {len(data.survey())}
    widget.compare.value = "Ledere"
    leaders = data.survey().query("gruppe == 'leder'")
    assert set(widget.last_position["n"]) == {len(leaders)}
    expected = float((leaders["modenhed_strategi"] < 3).mean())
    strategi = widget.last_position.set_index("dimension").loc["strategi"]
    assert strategi["share_below"] == pytest.approx(expected)


def test_suggestions_and_peers_escape_text_from_the_yaml_file(answers_dir, instrument):
    """Is text from maturity.yml shown as text, never run as HTML, in the widget?"""
    from dataclasses import replace

    hostile = "<script>alert(1)</script>"
    dims = tuple(replace(d, name=hostile, suggestion=hostile) for d in instrument.dimensions)
    widget = maturity.SelfAssessment(replace(instrument, dimensions=dims), data.survey())
    _answer_all(widget, lambda item_id: 1)
    widget.save_button.click()
    shown = widget._suggestion_html() + widget._peer_html(widget.last_position)
    assert "<script>" not in shown and "&lt;script&gt;" in shown
