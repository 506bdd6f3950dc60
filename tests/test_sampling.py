"""Module 02's sample-size exercise: intervals narrow with n; simulated draws are seeded."""

from __future__ import annotations

import pytest

from digileder import charts, sampling


def test_interval_contains_the_share_and_narrows_as_n_grows():
    margins = []
    for n in (25, 100, 250, 1000):
        row = sampling.interval(0.46, n)
        assert row["lower"] < 0.46 < row["upper"]
        margins.append(row["margin_points"])
    assert margins == sorted(margins, reverse=True)
    # Known value: 115 of 250 gives roughly 40-52 pct.
    row = sampling.interval(0.46, 250)
    assert row["count"] == 115
    assert 0.39 < row["lower"] < 0.41 and 0.51 < row["upper"] < 0.53


def test_quadrupling_n_roughly_halves_the_margin():
    ratio = sampling.interval(0.46, 1000)["margin_points"] / sampling.interval(0.46, 250)[
        "margin_points"]
    assert ratio == pytest.approx(0.5, abs=0.03)


@pytest.mark.parametrize("share, n, words", [(1.2, 100, "Andelen"), (0.46, 0, "helt tal"),
                                              (0.46, 2.5, "helt tal")])
def test_bad_input_gives_danish_message(share, n, words):
    with pytest.raises(ValueError, match=words):
        sampling.interval(share, n)


def test_sentence_uses_danish_numbers():
    text = sampling.sentence(0.46, 1264)
    assert "1.264" in text and "46 pct." in text and "procentpoint" in text


def test_table_adds_and_marks_the_chosen_n():
    table = sampling.interval_table(0.46, chosen=333)
    assert 333 in set(table["n"]) and table.loc[table["n"] == 333, "chosen"].all()
    assert table["chosen"].sum() == 1
    assert list(table["n"]) == sorted(table["n"])


def test_simulated_sample_is_seeded_and_about_right():
    first = sampling.simulated_sample(0.46, 500, seed=7)
    assert first == sampling.simulated_sample(0.46, 500, seed=7)
    assert first != sampling.simulated_sample(0.46, 500, seed=8)
    assert 0.38 < first["share"] < 0.54


def test_about_95_of_100_simulated_intervals_cover_the_truth():
    hits = sum(sampling.simulated_sample(0.46, 200, seed=s)["covers"] for s in range(200))
    assert 180 <= hits <= 200


def test_chart_renders_offline_with_description():
    svg = charts.to_svg(sampling.chart(0.46, 300))
    assert "<svg" in svg and "sikkerhedsinterval" in svg and "n = 300" in svg


def test_number_field_updates_sentence():
    box = sampling.show_sample_size(0.46, start=100)
    assert "100 tilfældigt" in box.text.value
    box.field.value = 1000
    assert "1.000 tilfældigt" in box.text.value


def test_the_number_field_is_named_and_bounded():
    """A named number field, not ipywidgets' slider (whose handle has no accessible name);
    a typed value outside the range is held at the nearest bound, never an error."""
    import ipywidgets as widgets

    from digileder import warmup

    fields = [sampling.show_sample_size().field, warmup.show().children[0].children[0]]
    for field in fields:
        assert isinstance(field, widgets.BoundedIntText) and field.description
        field.value = 10**6
        assert field.value == field.max
    # The label says the range, so a number held at a bound is no surprise.
    assert fields[0].description == "Antal svar (n, 10–2.000)"


def test_draw_widget_counts_draws():
    box = sampling.show_draw(0.46, n=50)
    box.button.click()
    box.button.click()
    assert len(box.draws) == 2 and "Stikprøve nr. 2" in box.text.value
