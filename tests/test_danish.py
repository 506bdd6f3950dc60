"""Danish wording helpers used in what teachers and participants read."""

from digileder.danish import count


def test_does_a_count_of_one_take_the_singular():
    assert count(1, "ny aflevering", "nye afleveringer") == "1 ny aflevering"
    assert count(0, "ny aflevering", "nye afleveringer") == "0 nye afleveringer"
    assert count(3, "proces", "processer") == "3 processer"
