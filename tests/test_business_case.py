"""The business-case model (hand-computed examples, properties), the case file and the widget."""

from __future__ import annotations

import dataclasses
import json
import math

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from digileder import business_case as bc
from digileder import danish
from digileder.content import ContentError
from digileder.data import DataError

# --- hand-computed examples -----------------------------------------------------------
# Example B, used throughout: investment 1000, running cost 100/year, gains 200/500/800 per
# year, 3 years, rate 5 pct.
#   discount factors: 1/1.05 = 0.95238095, 1/1.05^2 = 1/1.1025 = 0.90702948,
#                     1/1.05^3 = 1/1.157625 = 0.86383760; sum = 2.72324803
#   likely net 500 - 100 = 400:      NPV = 400 * 2.72324803 - 1000 =   89.29921
#   pessimistic net 200 - 100 = 100: NPV = 100 * 2.72324803 - 1000 = -727.67520
#   optimistic net 800 - 100 = 700:  NPV = 700 * 2.72324803 - 1000 =  906.27362
#   total costs = 1000 + 3 * 100 = 1300
#   ROI likely = (3 * 500 - 1300) / 1300 = 200 / 1300 = 0.1538462
#   ROI pessimistic = (600 - 1300) / 1300 = -0.5384615; optimistic = (2400 - 1300) / 1300
#   = 0.8461538
#   payback likely = 1000 / 400 = 2.5; pessimistic = 1000 / 100 = 10; optimistic = 1000 / 700
#   = 1.4285714
EXAMPLE = bc.Inputs(
    investment=1000, running_cost=100, gains=bc.ThreePoint(200, 500, 800),
    horizon_years=3, discount_rate=0.05,
)


def test_npv_two_years_by_hand():
    # 60 / 1.1 = 54.545455; 60 / 1.21 = 49.586777; sum 104.132231; minus 100 = 4.132231
    assert bc.npv(100, [60, 60], 0.10) == pytest.approx(4.132231, abs=1e-6)


def test_npv_without_flows_is_minus_investment():
    assert bc.npv(250, [], 0.035) == -250


def test_npv_rejects_rate_at_minus_100_pct_in_danish():
    with pytest.raises(bc.InputError, match="større end −100 pct"):
        bc.npv(100, [50], -1)


def test_summary_by_hand():
    table = bc.summary(EXAMPLE).set_index("scenario")
    assert list(table.index) == ["pessimistic", "likely", "optimistic"]
    assert list(table["label"]) == ["Pessimistisk", "Sandsynlig", "Optimistisk"]
    assert table.loc["likely", "npv"] == pytest.approx(89.29921, abs=1e-4)
    assert table.loc["pessimistic", "npv"] == pytest.approx(-727.67520, abs=1e-4)
    assert table.loc["optimistic", "npv"] == pytest.approx(906.27362, abs=1e-4)
    assert table.loc["likely", "roi"] == pytest.approx(0.1538462, abs=1e-6)
    assert table.loc["pessimistic", "roi"] == pytest.approx(-0.5384615, abs=1e-6)
    assert table.loc["optimistic", "roi"] == pytest.approx(0.8461538, abs=1e-6)
    assert table.loc["likely", "payback_years"] == pytest.approx(2.5)
    assert table.loc["pessimistic", "payback_years"] == pytest.approx(10)
    assert table.loc["optimistic", "payback_years"] == pytest.approx(1.4285714)
    assert table.loc["likely", "total_costs"] == 1300


def test_cash_flows_by_hand():
    # year 0: -1000; year 1: 400 / 1.05 = 380.952381, cumulative -619.047619;
    # year 2: 400 / 1.1025 = 362.811791, cumulative -256.235828;
    # year 3: 400 / 1.157625 = 345.535039, cumulative 89.299211 (= the NPV)
    frame = bc.cash_flows(EXAMPLE, "sandsynlig")
    assert list(frame.columns[:4]) == ["year", "net", "discounted", "cumulative"]
    assert list(frame["year"]) == [0, 1, 2, 3]
    assert list(frame["net"]) == [-1000, 400, 400, 400]
    assert frame["discounted"].tolist() == pytest.approx(
        [-1000, 380.952381, 362.811791, 345.535039], abs=1e-5)
    assert frame["cumulative"].tolist() == pytest.approx(
        [-1000, -619.047619, -256.235828, 89.299211], abs=1e-5)


def test_payback_and_roi_by_hand():
    assert bc.payback_years(600_000, 200_000) == 3  # 600.000 / 200.000
    assert bc.payback_years(600_000, 0) is None
    assert bc.payback_years(600_000, -5) is None
    assert bc.roi(1_500, 1_200) == pytest.approx(0.25)  # (1500 - 1200) / 1200
    with pytest.raises(bc.InputError, match="omkostningerne er 0"):
        bc.roi(100, 0)


def test_sensitivity_by_hand():
    # Each assumption varied on its own, the rest at "likely" (NPV 89.299):
    #   gains pessimistic/optimistic: -727.675 / 906.274, swing 1633.949
    #   horizon 3 -> round(2.4) = 2 and round(3.6) = 4 years:
    #     400 * (0.952381 + 0.907029) - 1000 = -256.236
    #     400 * (2.723248 + 1/1.05^4 = 0.822702) - 1000 = 418.380, swing 674.616
    #   investment 800 / 1200: 289.299 / -110.701, swing 400
    #   running cost 80 / 120: 420 * 2.723248 - 1000 = 143.764; 380 * 2.723248 - 1000 = 34.834
    #   rate 4 / 6 pct.: 400 * 2.775091 - 1000 = 110.036; 400 * 2.673012 - 1000 = 69.205
    table = bc.sensitivity(EXAMPLE).set_index("assumption")
    assert list(table.index) == ["Gevinst pr. år", "Tidshorisont", "Investering",
                                 "Driftsudgifter pr. år", "Kalkulationsrente"]
    assert table.loc["Gevinst pr. år", "low_npv"] == pytest.approx(-727.675, abs=1e-3)
    assert table.loc["Gevinst pr. år", "high_npv"] == pytest.approx(906.274, abs=1e-3)
    assert table.loc["Tidshorisont", "low_npv"] == pytest.approx(-256.236, abs=1e-3)
    assert table.loc["Tidshorisont", "high_npv"] == pytest.approx(418.380, abs=1e-3)
    assert table.loc["Investering", "swing"] == pytest.approx(400)
    assert table.loc["Driftsudgifter pr. år", "low_npv"] == pytest.approx(143.764, abs=1e-3)
    assert table.loc["Kalkulationsrente", "low_npv"] == pytest.approx(110.036, abs=1e-3)
    assert table.loc["Kalkulationsrente", "high_npv"] == pytest.approx(69.205, abs=1e-3)
    assert table["base_npv"].tolist() == pytest.approx([89.29921] * 5, abs=1e-4)


def test_format_result_in_danish():
    # Example B times 1000: likely NPV 89.299 -> "89.000 kr."; payback 2,5 years;
    # ROI 15 pct.; pessimistic payback 10 years is longer than the 3-year horizon.
    scaled = bc.Inputs(1_000_000, 100_000, bc.ThreePoint(200_000, 500_000, 800_000), 3, 0.05)
    text = bc.format_result(bc.summary(scaled))
    lines = text.splitlines()
    assert len(lines) == 3
    assert lines[1] == ("Sandsynlig: Nutidsværdi: 89.000 kr. · Tilbagebetalingstid: 2,5 år · "
                        "Afkast (ROI): 15 pct. over 3 år.")
    assert "10,0 år – længere end tidshorisonten på 3 år" in lines[0]
    assert "Nutidsværdi: 906.000 kr." in lines[2]


def test_format_result_when_gains_never_cover_costs():
    inputs = bc.Inputs(100_000, 50_000, bc.ThreePoint(10_000, 20_000, 30_000), 5, 0.035)
    text = bc.format_result(bc.summary(inputs))
    assert text.count("tjener sig ikke hjem") == 3
    assert "Selv i det optimistiske scenarie" in bc.verdict(bc.summary(inputs))


# --- validation -----------------------------------------------------------------------


def _with(**changes) -> bc.Inputs:
    from dataclasses import replace
    return replace(EXAMPLE, **changes)


@pytest.mark.parametrize("changes, fragment", [
    ({"horizon_years": -1}, "mindst 1 år"),
    ({"horizon_years": 0}, "mindst 1 år"),
    ({"horizon_years": 31}, "højst være 30 år"),
    ({"horizon_years": 2.5}, "helt antal år"),
    ({"discount_rate": -1.0}, "større end −100 pct"),
    ({"discount_rate": -2.0}, "større end −100 pct"),
    ({"discount_rate": 3.5}, "Statens rente er 3,5 pct"),
    ({"investment": "abc"}, "skal være et tal"),
    ({"running_cost": -5}, "Driftsudgifterne kan ikke være negative."),
    ({"investment": -5}, "Investeringen kan ikke være negativ."),
    ({"investment": math.nan}, "almindeligt tal"),
    ({"gains": bc.ThreePoint(600, 500, 800)}, "pessimistiske gevinst er større"),
    ({"gains": bc.ThreePoint(200, 500, 400)}, "optimistiske gevinst er mindre"),
    ({"investment": 0, "running_cost": 0}, "ingen udgifter"),
])
def test_validate_gives_danish_messages(changes, fragment):
    problems = bc.validate(_with(**changes))
    assert problems, changes
    assert any(fragment in p for p in problems), problems


def test_validate_accepts_example_and_summary_refuses_bad_input():
    assert bc.validate(EXAMPLE) == []
    with pytest.raises(bc.InputError, match="højst være 30 år"):
        bc.summary(_with(horizon_years=40))


def test_unknown_scenario_in_danish():
    with pytest.raises(bc.InputError, match="pessimistisk, sandsynlig eller optimistisk"):
        bc.cash_flows(EXAMPLE, "best case")


# --- properties -----------------------------------------------------------------------

money = st.floats(min_value=0, max_value=1e8, allow_nan=False)
positive = st.floats(min_value=1, max_value=1e7, allow_nan=False)
rates = st.floats(min_value=-0.5, max_value=0.5, allow_nan=False)


@st.composite
def valid_inputs(draw):
    gains = sorted(draw(st.lists(money, min_size=3, max_size=3)))
    return bc.Inputs(
        investment=draw(st.floats(min_value=1, max_value=1e8)),
        running_cost=draw(money),
        gains=bc.ThreePoint(*gains),
        horizon_years=draw(st.integers(min_value=1, max_value=30)),
        discount_rate=draw(st.floats(min_value=0, max_value=0.2)),
    )


@given(investment=money, flows=st.lists(positive, min_size=1, max_size=30), r1=rates, r2=rates)
def test_npv_falls_as_rate_rises(investment, flows, r1, r2):
    low, high = sorted((r1, r2))
    assume(high - low > 1e-6)
    assert bc.npv(investment, flows, high) < bc.npv(investment, flows, low)


@given(investment=money, flows=st.lists(st.floats(-1e7, 1e7), max_size=30))
def test_npv_at_rate_zero_is_plain_sum(investment, flows):
    assert bc.npv(investment, flows, 0) == pytest.approx(sum(flows) - investment, abs=1e-3)


@given(investment=money, annual=st.floats(-1e7, 0))
def test_payback_is_none_when_net_never_positive(investment, annual):
    assert bc.payback_years(investment, annual) is None


@given(investment=money, annual=positive)
def test_payback_times_net_is_investment(investment, annual):
    assert bc.payback_years(investment, annual) * annual == pytest.approx(investment)


@settings(max_examples=60, deadline=None)
@given(inputs=valid_inputs(), extra=st.floats(min_value=0, max_value=1e7))
def test_higher_gains_never_lower_npv(inputs, extra):
    from dataclasses import replace
    g = inputs.gains
    richer = replace(inputs, gains=bc.ThreePoint(g.pessimistic + extra, g.likely + extra,
                                                 g.optimistic + extra))
    before, after = bc.summary(inputs), bc.summary(richer)
    assert (after["npv"] >= before["npv"] - 1e-6).all()


@settings(max_examples=60, deadline=None)
@given(inputs=valid_inputs())
def test_scenarios_are_ordered_and_cumulative_ends_at_npv(inputs):
    table = bc.summary(inputs)
    assert table["npv"].is_monotonic_increasing
    for key in bc.SCENARIOS:
        flows = bc.cash_flows(inputs, key)
        npv = table.set_index("scenario").loc[key, "npv"]
        assert flows["cumulative"].iloc[-1] == pytest.approx(npv, rel=1e-9, abs=1e-3)
        assert len(flows) == inputs.horizon_years + 1


@settings(max_examples=40, deadline=None)
@given(inputs=valid_inputs())
def test_sensitivity_sorted_and_swings_non_negative(inputs):
    table = bc.sensitivity(inputs)
    assert (table["swing"] >= 0).all()
    assert table["swing"].is_monotonic_decreasing
    assert len(table) == 5
    gains_row = table.set_index("assumption").loc["Gevinst pr. år"]
    assert gains_row["low_npv"] <= gains_row["base_npv"] + 1e-6 <= gains_row["high_npv"] + 2e-6


@given(horizon=st.integers(min_value=31, max_value=10_000))
def test_horizon_above_30_is_always_refused(horizon):
    assert any("højst være 30 år" in p for p in bc.validate(_with(horizon_years=horizon)))


# --- the case file --------------------------------------------------------------------


def test_ipad_case_loads_and_is_marked_fictional():
    inputs, meta = bc.load_case("ipads-i-vej-og-park")
    assert "ipads-i-vej-og-park" in bc.list_cases()
    assert meta["fictional"] is True
    assert "opdigtet" in meta["note"].lower()
    assert bc.validate(inputs) == []
    assert inputs.discount_rate == pytest.approx(0.035)
    assert set(meta["presets"]) == {"ny-arbejdsgang", "kun-indkoeb"}
    assert inputs == meta["presets"][meta["default_preset"]]["inputs"]


def test_ipad_case_totals_are_sums_of_explained_items():
    _inputs, meta = bc.load_case()
    for preset in meta["presets"].values():
        items, inputs = preset["items"], preset["inputs"]
        assert inputs.investment == sum(i["amount"] for i in items["investment"])
        assert inputs.running_cost == sum(i["amount"] for i in items["running_cost"])
        assert inputs.gains.likely == sum(i["likely"] for i in items["gains"])
        assert all(i.get("explanation") for section in items.values() for i in section)


def test_ipad_case_makes_the_articles_point():
    # The device alone does not pay; the changed work process does.
    _inputs, meta = bc.load_case()
    changed = bc.summary(meta["presets"]["ny-arbejdsgang"]["inputs"]).set_index("scenario")
    device_only = bc.summary(meta["presets"]["kun-indkoeb"]["inputs"]).set_index("scenario")
    assert changed.loc["likely", "npv"] > 0
    assert device_only.loc["likely", "npv"] < 0
    assert device_only.loc["likely", "payback_years"] is None
    assert device_only.loc["optimistic", "npv"] < changed.loc["likely", "npv"]


def test_compare_presets_lists_each_preset():
    _inputs, meta = bc.load_case()
    table = bc.compare_presets(meta).set_index("preset")
    assert list(table.columns) == ["label", "pessimistic", "likely", "optimistic"]
    for key, preset in meta["presets"].items():
        expected = bc.summary(preset["inputs"]).set_index("scenario")["npv"]
        assert table.loc[key, "likely"] == pytest.approx(expected["likely"])
    assert table.loc["ny-arbejdsgang", "likely"] > table.loc["kun-indkoeb", "optimistic"]


def test_unknown_case_names_known_cases():
    with pytest.raises(DataError, match="ipads-i-vej-og-park"):
        bc.load_case("findes-ikke")


def test_a_case_id_cannot_reach_yaml_outside_the_cases_folder(tmp_path, monkeypatch):
    """An id like "../x" must not load another YAML file as a business case."""
    _write_case(tmp_path, monkeypatch, _minimal_case())
    (tmp_path / "datasets" / "udenfor.yml").write_text(
        yaml.safe_dump(_minimal_case()), encoding="utf-8")
    with pytest.raises(DataError, match="findes ikke"):
        bc.load_case("../udenfor")
    assert bc.load_case("test-case")[1]["title"] == "Test"


def _write_case(tmp_path, monkeypatch, case: dict | str):
    folder = tmp_path / "datasets" / "business_cases"
    folder.mkdir(parents=True)
    text = case if isinstance(case, str) else yaml.safe_dump(case, allow_unicode=True)
    (folder / "test-case.yml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("DIGILEDER_COURSE_ROOT", str(tmp_path))


def _minimal_case() -> dict:
    return {"title": "Test", "horizon_years": 5, "presets": [{
        "id": "a", "label": "A",
        "investment": [{"label": "Udstyr", "amount": 1000}],
        "running_cost": [{"label": "Drift", "amount": 100}],
        "gains": [{"label": "Tid", "pessimistic": 100, "likely": 300, "optimistic": 500}],
    }]}


def test_broken_case_file_names_file_and_place(tmp_path, monkeypatch):
    case = _minimal_case()
    case["presets"][0]["gains"][0]["likely"] = "mange"
    _write_case(tmp_path, monkeypatch, case)
    with pytest.raises(DataError, match=r"test-case.yml, preset nr. 1 \('a'\), gevinst nr. 1 "
                                        r"\(linje \d+\): "
                                        r"'likely' er 'mange', men skal være"):
        bc.load_case("test-case")


def test_broken_case_file_reports_every_problem_with_its_line(tmp_path, monkeypatch):
    """Does a business case with four problems name all four, each with its line, in Danish?
    (It used to stop at the first.)"""
    _write_case(tmp_path, monkeypatch, """title: Test
presets:
  - id: a
    label: A
    investment:
      - {label: Udstyr, amount: mange}
    running_cost:
      - {label: Drift}
    gains:
      - {label: Tid, pessimistic: 100, likely: .nan, optimistic: 500}
  - id: b
""")
    with pytest.raises(ContentError) as caught:
        bc.load_case("test-case")
    assert caught.value.problems == [
        "test-case.yml, preset nr. 1 ('a'), post nr. 1 (linje 6): 'amount' er 'mange', men "
        "skal være et beløb i kroner, skrevet som et tal, fx 220000.",
        "test-case.yml, preset nr. 1 ('a'), post nr. 1 (linje 8): 'amount' mangler. Skriv et "
        "beløb i kroner, skrevet som et tal, fx 220000.",
        "test-case.yml, preset nr. 1 ('a'), gevinst nr. 1 (linje 10): 'likely' er 'nan', men "
        "skal være den sandsynlige gevinst i kroner pr. år, skrevet som et tal.",
        "test-case.yml, preset nr. 2 ('b') (linje 11): 'label' mangler. Skriv teksten på "
        "knappen, fx 'Ja – arbejdsgangen ændres'.",
        "test-case.yml, preset nr. 2 ('b') (linje 11): 'investment' mangler. Skriv "
        "engangsudgifterne, hver med label og amount.",
        "test-case.yml, preset nr. 2 ('b') (linje 11): 'running_cost' mangler. Skriv "
        "udgifterne pr. år, hver med label og amount.",
        "test-case.yml, preset nr. 2 ('b') (linje 11): 'gains' mangler. Skriv gevinsterne pr. "
        "år, hver med label, pessimistic, likely og optimistic.",
    ]


def test_case_with_impossible_numbers_is_refused(tmp_path, monkeypatch):
    case = _minimal_case()
    case["horizon_years"] = 50
    _write_case(tmp_path, monkeypatch, case)
    with pytest.raises(DataError, match=r"'horizon_years' er 50, men skal være mellem 1 og 30"):
        bc.load_case("test-case")


def test_case_file_that_is_not_yaml(tmp_path, monkeypatch):
    _write_case(tmp_path, monkeypatch, "title: [uafsluttet\n")
    with pytest.raises(DataError, match=r"test-case.yml, linje 2, kolonne 1: filen er ikke "
                                        r"gyldig YAML: en liste i \[ \] er ikke lukket"):
        bc.load_case("test-case")


def test_minimal_case_loads_with_default_rate(tmp_path, monkeypatch):
    _write_case(tmp_path, monkeypatch, _minimal_case())
    inputs, meta = bc.load_case("test-case")
    assert inputs == bc.Inputs(1000, 100, bc.ThreePoint(100, 300, 500), 5, bc.DEFAULT_RATE)
    assert meta["fictional"] is False


# --- charts ---------------------------------------------------------------------------


def test_charts_have_danish_descriptions_and_notes():
    inputs, _meta = bc.load_case()
    cash = bc.cashflow_chart(inputs, "Opdigtet eksempel").to_dict()
    tornado = bc.tornado_chart(inputs, "Opdigtet eksempel").to_dict()
    assert "tre linjer" in cash["description"]
    assert "857.000 kr." in cash["description"]  # the likely NPV of the case
    assert "Opdigtet eksempel" in cash["title"]["subtitle"]
    assert "Tornadodiagram" in tornado["description"]
    assert "gevinst pr. år" in tornado["description"]  # the biggest swing in the case
    assert "Opdigtet eksempel" in tornado["title"]["subtitle"]


# --- the widget -----------------------------------------------------------------------


def test_fields_read_danish_numbers():
    assert danish.parse_number("1.250.000") == 1_250_000
    assert danish.parse_number("250.000") == 250_000
    assert danish.parse_number("3,5") == 3.5
    assert danish.parse_number("3.5") == 3.5
    with pytest.raises(ValueError, match="er ikke et tal"):
        danish.parse_number("abc")


def test_widget_starts_with_the_case():
    widget = bc.show()
    assert widget.fields["investment"].value == "619.200"
    assert widget.fields["discount_rate"].value == "3,5"
    assert "Nutidsværdi" in widget.summary_text
    assert "Opdigtet eksempel" in widget.children[0].value
    assert widget.children[0].value.count("Opdigtet eksempel") == 1
    assert "Nej – vi køber kun iPads" in widget.comparison.value
    assert "<svg" in widget.chart_box.value
    assert "Opdigtet eksempel" in widget.chart_box.value


def test_widget_shows_danish_error_for_text_and_recovers():
    widget = bc.show()
    before = widget.summary_text
    widget.fields["investment"].value = "abc"
    assert "ikke et tal" in widget.errors["investment"].value
    assert widget.summary is None
    assert "Ret tallene" in widget.result.value
    widget.fields["investment"].value = "1.000.000"
    assert widget.errors["investment"].value == ""
    assert widget.summary is not None
    assert widget.summary_text != before
    assert widget.inputs.investment == 1_000_000
    assert "Dine egne tal" in widget.chart_box.value


@pytest.mark.parametrize("field, text, fragment", [
    ("horizon_years", "-3", "mindst 1 år"),
    ("horizon_years", "45", "højst være 30 år"),
    ("discount_rate", "-100", "større end −100 pct"),
    ("gain_likely", "", "tomt"),
    ("gain_pessimistic", "900.000", "større end den sandsynlige"),
])
def test_widget_field_errors(field, text, fragment):
    widget = bc.show()
    widget.fields[field].value = text
    assert fragment in widget.errors[field].value
    assert widget.chart_box.value == ""


def test_widget_toggle_shows_that_buying_alone_does_not_pay():
    widget = bc.show()
    widget.preset.value = "kun-indkoeb"
    likely = widget.summary.set_index("scenario").loc["likely"]
    assert likely["npv"] < 0
    assert "tjener sig ikke hjem" in widget.result.value
    assert widget.fields["investment"].value == "266.000"
    widget.preset.value = "ny-arbejdsgang"
    assert widget.summary.set_index("scenario").loc["likely", "npv"] > 0


def test_widget_reset_button_restores_case_numbers():
    widget = bc.show()
    widget.fields["running_cost"].value = "999"
    widget.reset.click()
    assert widget.fields["running_cost"].value == "158.000"


# -- issue 15: extreme numbers never leave old results on screen ------------------------------


@pytest.mark.parametrize("field, text, fragment", [
    ("gain_optimistic", "1e308", "gevinst er urealistisk stor "),  # en gevinst
    ("investment", "1e308", "Investeringen er urealistisk stor "),
    ("running_cost", "1e308", "Driftsudgifterne er urealistisk store "),  # plural
    ("investment", "inf", "almindeligt tal"),
    ("horizon_years", "nan", "almindeligt tal"),
    ("discount_rate", "-99,9999", "urealistisk lav"),
])
def test_extreme_numbers_give_a_danish_message_and_clear_old_results(field, text, fragment):
    """Do 1e308, nan and a rate of −99,9999 pct. give a Danish message and clear old results?"""
    widget = bc.show()
    assert widget.summary is not None and "<svg" in widget.chart_box.value
    widget.fields[field].value = text
    assert fragment in widget.errors[field].value
    assert widget.summary is None and widget.summary_text == ""
    assert widget.chart_box.value == "" and "Ret tallene" in widget.result.value


def test_rate_just_above_the_limit_still_gives_a_sensitivity_table():
    """Does the lowest allowed rate keep every varied rate in the valid range?"""
    inputs = bc.Inputs(100_000, 1_000, bc.ThreePoint(10_000, 20_000, 30_000), 5,
                       -bc.MAX_RATE)
    assert bc.validate(inputs) == []
    assert len(bc.sensitivity(inputs)) == 5
    assert bc.validate(bc.Inputs(100_000, 1_000, bc.ThreePoint(1e13, 1e13, 1e13), 5)) != []


def test_the_chart_says_the_rate_as_typed():
    """7,25 in the field is 7,25 pct. on the chart, not 7,2; 3,5 stays 3,5."""
    inputs, _meta = bc.load_case()
    for typed, said in ((0.0725, "Kalkulationsrente 7,25 pct."), (0.035,
                                                                "Kalkulationsrente 3,5 pct.")):
        chart = bc.cashflow_chart(dataclasses.replace(inputs, discount_rate=typed))
        assert said in json.dumps(chart.to_dict(), ensure_ascii=False)
