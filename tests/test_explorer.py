"""The survey explorer: shares with n and 95 pct. intervals, and no drawing of tiny groups."""

from __future__ import annotations

import pandas as pd
import pytest

import digileder  # noqa: F401  (enables the offline renderer)
from digileder import charts, data, explorer, stats


def _frame() -> pd.DataFrame:
    """12 in Nord, 5 in Syd; praksis_x has blanks; udfordring_y is yes/no."""
    return pd.DataFrame({
        "gruppe": ["leder"] * 10 + ["medarbejder"] * 7,
        "region": ["Nord"] * 12 + ["Syd"] * 5,
        "praksis_x": pd.array([5, 4, 3, 2, 1, 4, None, None, 5, 4, 4, 1, 5, 5, 4, None, 1],
                              dtype="Int64"),
        "udfordring_y": pd.array([True] * 6 + [False] * 6 + [True, False, True, True, False],
                                 dtype="boolean"),
    })


def test_practice_share_counts_4_and_5_and_leaves_blanks_out_of_n():
    table = explorer.group_shares(_frame(), "praksis_x", "region", {})
    nord = table.set_index("gruppe").loc["Nord"]
    # Nord: 12 rows, 2 blank -> n = 10; answers 5,4,3,2,1,4,5,4,4,1 -> 6 agree.
    assert nord["n"] == 10 and nord["count"] == 6 and nord["share"] == pytest.approx(0.6)
    assert (nord["lower"], nord["upper"]) == pytest.approx(stats.wilson_interval(6, 10))
    assert bool(nord["drawable"]) is True
    syd = table.set_index("gruppe").loc["Syd"]
    assert syd["n"] == 4 and syd["count"] == 3 and bool(syd["drawable"]) is False


def test_challenge_share_and_filters():
    table = explorer.group_shares(_frame(), "udfordring_y", None, {"gruppe": "leder"})
    assert list(table["gruppe"]) == ["Alle"]
    assert table.loc[0, "n"] == 10 and table.loc[0, "count"] == 6
    both = explorer.group_shares(_frame(), "udfordring_y", "gruppe",
                                 {"gruppe": "alle", "region": ["Nord", "Syd"]})
    assert list(both["n"]) == [10, 7] and list(both["drawable"]) == [True, False]


def test_unknown_item_gives_danish_error():
    with pytest.raises(ValueError, match="findes ikke"):
        explorer.group_shares(_frame(), "praksis_ukendt", None, {})


def test_explain_small_groups_names_groups_and_n():
    table = explorer.group_shares(_frame(), "praksis_x", "region", {})
    text = explorer.explain_small_groups(table)
    assert "Gruppen Syd (n = 4) har færre end 10 svar" in text
    only_big = table[table["drawable"]]
    assert explorer.explain_small_groups(only_big) == ""
    empty = explorer.group_shares(_frame(), "praksis_x", "region", {"gruppe": "chef"})
    assert empty.empty and "Ingen svar passer" in explorer.explain_small_groups(empty)


def test_leaders_gains_share_matches_the_article_on_the_simulated_data():
    table = explorer.group_shares(data.survey(), "udfordring_gevinster", "gruppe", {})
    leaders = table.set_index("gruppe").loc["leder"]
    assert leaders["n"] == 250 and leaders["share"] == pytest.approx(0.46)
    assert leaders["lower"] < 0.46 < leaders["upper"]


def test_widget_refuses_to_draw_groups_below_ten(monkeypatch):
    widget = explorer.show()
    assert isinstance(widget, explorer.SurveyExplorer)
    widget.by.value = "region"
    widget.filters["niveau"].value = "chef"
    small = widget.table[~widget.table["drawable"]]
    assert not small.empty  # 40 simulated chefs over 5 regions: some groups are tiny
    assert "færre end 10 svar" in widget.message.value
    drawn = {row["gruppe"] for row in _chart_rows(widget.chart)}
    assert drawn == set(widget.table.loc[widget.table["drawable"], "gruppe"])
    assert not drawn & set(small["gruppe"])
    svg = charts.to_svg(widget.chart)
    assert "Simulerede data" in svg and "Ikke vist (under 10 svar)" in svg


def test_widget_draws_nothing_when_every_group_is_too_small():
    widget = explorer.show()
    widget.by.value = "omraade"
    widget.filters["niveau"].value = "chef"
    widget.filters["region"].value = "Nordjylland"
    assert widget.chart is None and "færre end 10 svar" in widget.message.value


def test_widget_practice_item_shows_interval_sentence():
    widget = explorer.show()
    widget.item.value = "praksis_gevinster"
    widget.by.value = None
    row = widget.table.iloc[0]
    expected_n = int(data.survey()["praksis_gevinster"].notna().sum())
    assert row["n"] == expected_n
    assert "95 pct. sikkerhedsinterval" in widget.message.value
    assert f"(n = {expected_n})" in widget.message.value


def test_widget_loads_the_survey_once(monkeypatch):
    calls = []
    real = data.survey

    def counting():
        calls.append(1)
        return real()

    monkeypatch.setattr(data, "survey", counting)
    widget = explorer.show()
    for region in ["Hovedstaden", "Sjælland", "alle"]:
        widget.filters["region"].value = region
    widget.item.value = "praksis_borgere"
    widget.group.value = "leder"
    assert len(calls) == 1


def _chart_rows(chart) -> list[dict]:
    spec = chart.to_dict()
    datasets = spec.get("datasets", {})
    return next(iter(datasets.values()))
