"""Module 07's benefits plan: validation in Danish, add/remove rows, saving, the widget."""

from __future__ import annotations

import json

import ipywidgets as widgets
import pytest

from digileder import benefits_plan as bp
from digileder import notes
from digileder.benefits_plan import BenefitRow, BenefitsPlan
from digileder.benefits_plan.model import COLUMNS, MAX_ROWS

FULL = BenefitRow("Mindre kørsel", "Driftslederen", "Km i kørebogen", "1.200 km/md.",
                  "Hver måned")


def test_complete_plan_has_no_problems():
    assert BenefitsPlan("iPads", [FULL]).problems() == []
    assert bp.example_plan().problems() == []


def test_gain_without_owner_is_named():
    row = BenefitRow("Mindre kørsel", "", "Km", "1.200 km", "Hver måned")
    problems = BenefitsPlan("iPads", [row]).problems()
    assert problems == [
        "Gevinsten 'Mindre kørsel' har ingen ejer. Skriv, hvem der har ansvaret for at hente "
        "den hjem – en person eller en rolle, ikke 'alle'."
    ]


@pytest.mark.parametrize("owner", ["alle", "Alle", " vi "])
def test_everyone_is_not_an_owner(owner):
    row = BenefitRow("Mindre kørsel", owner, "Km", "1.200 km", "Hver måned")
    (problem,) = BenefitsPlan("x", [row]).problems()
    assert "ikke en ejer" in problem


def test_each_missing_field_gets_its_own_message():
    row = BenefitRow(gain="", owner="Driftslederen")
    problems = BenefitsPlan("x", [FULL, row]).problems()
    assert problems[0].startswith("Række 2: skriv, hvilken gevinst")
    assert any("hvordan I måler" in p for p in problems)
    assert any("udgangspunktet" in p for p in problems)
    assert any("hvornår I måler" in p for p in problems)


def test_empty_plan_and_empty_rows():
    assert BenefitsPlan().problems() == ["Skriv mindst én gevinst, og hvem der ejer den."]
    # A blank row among filled ones is ignored, not an error.
    assert BenefitsPlan("x", [FULL, BenefitRow()]).problems() == []


def test_add_and_remove_rows():
    plan = BenefitsPlan("x", [FULL])
    plan.add_row()
    assert len(plan.rows) == 2
    plan.remove_row(0)
    assert plan.rows == [BenefitRow()]
    plan.remove_row(0)
    assert plan.rows == [BenefitRow()]  # never zero rows to type in
    with pytest.raises(ValueError, match="ingen række nr. 5"):
        plan.remove_row(4)
    for _ in range(bp.MAX_ROWS - 1):
        plan.add_row()
    with pytest.raises(ValueError, match="højst"):
        plan.add_row()


def test_markdown_table_has_every_filled_row():
    plan = BenefitsPlan("iPads", [FULL, BenefitRow(), BenefitRow("Kortere | svartid", "Team",
                                                                  "Dage", "9", "Kvartal")])
    text = plan.to_markdown()
    lines = text.splitlines()
    assert lines[0] == "Gevinstplan: iPads"
    assert "| Gevinst | Ejer |" in text
    assert len([ln for ln in lines if ln.startswith("| ") and "Gevinst |" not in ln]) == 2
    assert "Kortere / svartid" in text  # a pipe would break the table


def test_save_writes_note_and_json(answers_dir):
    plan = BenefitsPlan("iPads", [FULL])
    bp.save(plan)
    assert "Mindre kørsel" in notes.load(bp.NOTE_KEY)
    assert bp.NOTE_KEY in notes.load_all()
    saved = json.loads((answers_dir / "gevinstplan.json").read_text(encoding="utf-8"))
    assert saved["rows"][0]["owner"] == "Driftslederen"
    assert bp.load_saved() == plan


def test_unfinished_plan_is_kept_as_draft_but_not_as_answer(answers_dir):
    plan = BenefitsPlan("iPads", [BenefitRow("Mindre kørsel")])
    with pytest.raises(ValueError, match="ingen ejer"):
        bp.save(plan)
    assert notes.load(bp.NOTE_KEY) == ""
    assert bp.load_saved().rows[0].gain == "Mindre kørsel"


def test_broken_json_gives_an_empty_plan(answers_dir):
    answers_dir.mkdir(parents=True, exist_ok=True)
    (answers_dir / "gevinstplan.json").write_text("{ikke json", encoding="utf-8")
    assert bp.load_saved() == BenefitsPlan()


def test_widget_round_trip(answers_dir):
    builder = bp.show()
    builder.project.value = "iPads"
    builder.set_field(0, "gain", "Mindre kørsel")
    assert builder.save() is False
    assert "ingen ejer" in builder.status.value and "udkast er gemt" in builder.status.value
    for name in ("owner", "measure", "baseline", "when"):
        builder.set_field(0, name, getattr(FULL, name))
    builder.add_row()
    assert len(builder.lines) == 2
    builder.remove_row(1)
    assert len(builder.lines) == 1
    assert builder.save() is True
    assert "er gemt" in builder.status.value
    # A restarted notebook shows the saved plan again.
    again = bp.show()
    assert again.plan.rows[0] == FULL and again.project.value == "iPads"


def test_example_does_not_overwrite_own_work(answers_dir):
    builder = bp.show()
    builder.use_example()
    assert builder.plan.rows == bp.example_plan().rows
    builder.set_field(0, "gain", "Min egen gevinst")
    builder.use_example()
    assert builder.plan.rows[0].gain == "Min egen gevinst"


def _tooltips(builder) -> list[str]:
    return [line.children[-1].tooltip for line in builder.lines]


def _gains(builder) -> list[str]:
    return [line.children[0].value for line in builder.lines]


def test_adding_a_gain_makes_one_line_and_keeps_the_others(answers_dir, monkeypatch):
    """Rebuilding every line made the page draw 10 new widgets per row at each click."""
    builder = bp.show()
    builder.set_field(0, "gain", "Mindre kørsel")
    first = builder.lines[0]
    made = []
    original = widgets.Widget.__init__
    monkeypatch.setattr(widgets.Widget, "__init__",
                        lambda self, **kwargs: (made.append(type(self).__name__),
                                                original(self, **kwargs))[1])
    builder.add_row()
    assert builder.lines[0] is first
    assert made.count("Text") == len(COLUMNS) and made.count("_Line") == 1
    assert _tooltips(builder) == ["Fjern række 1", "Fjern række 2"]


def test_removing_a_gain_keeps_the_other_lines_and_what_is_typed_in_them(answers_dir):
    builder = bp.show()
    for _ in range(2):
        builder.add_row()
    for number, line in enumerate(builder.lines, start=1):
        line.children[0].value = f"Gevinst {number}"
    first, second, third = builder.lines
    second.children[-1].click()  # "Fjern række 2"
    assert builder.lines == (first, third)
    assert _tooltips(builder) == ["Fjern række 1", "Fjern række 2"]
    # The third line is the second now: what is typed in it goes to its own row.
    third.children[1].value = "Driftslederen"
    assert [row.owner for row in builder.plan.rows] == ["", "Driftslederen"]
    assert [row.gain for row in builder.plan.rows] == ["Gevinst 1", "Gevinst 3"]
    # A second click on the removed line (a double click) removes nothing more.
    second.children[-1].click()
    assert _gains(builder) == ["Gevinst 1", "Gevinst 3"] and len(builder.plan.rows) == 2


def test_removing_the_only_gain_leaves_one_empty_line(answers_dir):
    builder = bp.show()
    builder.set_field(0, "gain", "Mindre kørsel")
    builder.lines[0].children[-1].click()
    assert _gains(builder) == [""] and builder.plan.rows == [BenefitRow()]


def test_a_removed_line_is_hidden_at_once_and_a_new_row_gets_a_new_empty_line(answers_dir):
    builder = bp.show()
    builder.set_field(0, "gain", "Mindre kørsel")
    builder.add_row()
    builder.set_field(1, "gain", "Færre klager")
    removed = builder.lines[1]
    builder.remove_row(1)
    # The last line: taking it out of the page redraws no other line, so it is closed at once.
    assert removed.row is None and removed.comm is None
    assert all(widget.comm is None for widget in removed.children)
    builder.add_row()
    assert builder.lines[1] is not removed
    assert _gains(builder) == ["Mindre kørsel", ""]
    builder.lines[1].children[0].value = "Hurtigere svar"
    assert [row.gain for row in builder.plan.rows] == ["Mindre kørsel", "Hurtigere svar"]


def test_removing_the_first_of_many_lines_leaves_the_others_in_place_on_the_page(answers_dir):
    """ipywidgets' Box draws every child after the first changed one anew: taking the first of
    10 lines out of the page redrew nine (125-141 ms at p95, issue 18). It is hidden instead."""
    builder = bp.show()
    for _ in range(MAX_ROWS - 1):
        builder.add_row()
    before = builder.rows_box.children
    first = builder.lines[0]
    builder.lines[0].remove.click()
    assert builder.rows_box.children == before
    assert first.layout.display == "none" and first.comm is not None
    assert [line.layout.display for line in builder.lines] == [None] * (MAX_ROWS - 1)
    assert _tooltips(builder) == [f"Fjern række {n}" for n in range(1, MAX_ROWS)]


def _open_widgets() -> int:
    return sum(widget.comm is not None for widget in list(widgets.Widget.widgets.values()))


def test_hidden_lines_are_closed_so_nothing_piles_up(answers_dir):
    """A participant who adds and removes all semester must not fill kernel and page with
    hidden lines: they are closed when that redraws nothing, or at "Tilføj gevinst"."""
    builder = bp.show()
    builder.add_row()
    start = _open_widgets()
    for _ in range(100):
        builder.lines[0].remove.click()  # hidden: one line is still shown after it
        builder.add_row()
        builder.lines[-1].remove.click()  # the last line: taken out and closed at once
        builder.add_row()
    hidden = [line for line in builder.rows_box.children if line.row is None]
    assert len(hidden) <= MAX_ROWS
    assert all(line.layout.display == "none" for line in hidden)
    assert _open_widgets() - start <= len(hidden) * (len(COLUMNS) + 3)
    assert len(builder.lines) == 2 and builder.lines == tuple(
        line for line in builder.rows_box.children if line.row is not None)


def test_a_late_keystroke_in_a_removed_line_never_lands_in_a_new_row(answers_dir):
    """The page sends a box's typing one message at a time and holds back the rest until the
    kernel has answered; the trash and add clicks are sent at once. Type, remove the line and
    add a row quickly (or while the kernel is busy) and the held-back text arrives after the
    add: it must not fill the new row (seen in Lab: 'Removed text' came back in the new row)."""
    builder = bp.show()
    builder.set_field(0, "gain", "Mindre kørsel")
    builder.add_row()
    removed = builder.lines[1]
    removed.children[0].value = "F"  # the first keystroke got through
    removed.children[-1].click()  # "Fjern række 2"
    builder.add_row()
    removed.children[0].value = "Fjernet tekst"  # the held-back rest of the typing
    builder.autosave.flush()
    assert [row.gain for row in builder.plan.rows] == ["Mindre kørsel", ""]
    assert _gains(builder) == ["Mindre kørsel", ""]
    assert json.loads((answers_dir / bp.STATE_FILE).read_text())["rows"][1]["gain"] == ""


def test_the_example_fills_every_line(answers_dir):
    builder = bp.show()
    builder.use_example()
    assert _gains(builder) == [row.gain for row in builder.plan.rows]
    assert len(builder.lines) == len(builder.plan.rows) > 1
    builder.lines[-1].children[0].value = "Ny gevinst"
    assert builder.plan.rows[-1].gain == "Ny gevinst"


def test_after_a_removal_the_keyboard_goes_to_a_box_never_to_a_button(answers_dir,
                                                                      monkeypatch):
    """A button there would be pressed by a held Enter too (see test_benefits_plan_page)."""
    focused = []
    monkeypatch.setattr(widgets.DOMWidget, "focus", lambda self: focused.append(self))
    builder = bp.show()
    for _ in range(3):
        builder.add_row()
    builder.lines[2].remove.click()  # "Fjern række 3": the first box of row 2
    assert focused == [builder.lines[1].boxes["gain"]]
    builder.lines[0].remove.click()  # "Fjern række 1": the row that took its place
    assert focused[-1] is builder.lines[0].boxes["gain"]
    builder.lines[-1].remove.click()
    builder.lines[0].remove.click()  # the only row: its new line may not be drawn yet
    assert focused[-1] is builder.project
    builder.remove_row(0)  # from code, not the participant's click: the focus stays
    assert len(focused) == 4


def test_the_saved_message_goes_at_the_next_change_the_list_of_problems_stays(answers_dir):
    """'✔ ... er gemt' under a plan that has changed since tells the participant something
    that is no longer true; so does 'højst 10' once a row is removed."""
    builder = bp.show()
    builder.use_example()
    assert builder.save() is True and "er gemt" in builder.status.value
    builder.set_field(0, "owner", "Vejformanden")
    assert builder.status.value == ""
    while len(builder.plan.rows) < MAX_ROWS:
        builder.add_row()
    builder.add_row()
    assert "højst" in builder.status.value
    builder.remove_row(MAX_ROWS - 1)
    assert builder.status.value == ""
    builder.set_field(3, "gain", "Færre klager")  # a gain with no owner, measure ...
    assert builder.save() is False and "ikke færdig" in builder.status.value
    builder.set_field(3, "owner", "Driftslederen")  # fixing one problem: the list stays
    assert "ikke færdig" in builder.status.value


def test_the_example_keeps_the_project_name_the_participant_wrote(answers_dir):
    builder = bp.show()
    builder.project.value = "Digital byggesag"
    builder.use_example()
    assert builder.project.value == builder.plan.project == "Digital byggesag"
    assert builder.plan.rows == bp.example_plan().rows


def test_a_double_click_on_a_trash_button_removes_one_gain_not_two(answers_dir, monkeypatch):
    # Seen in JupyterLab: two clicks 150 ms apart on "Fjern række 2" removed rows 2 and 3.
    # The line hides before the second click, so that click lands on the trash button of the
    # line that moved up under the pointer (a real click, from another button).
    from digileder.benefits_plan import view

    now = [100.0]
    monkeypatch.setattr(view, "_clock", lambda: now[0], raising=False)
    builder = bp.show()
    for _ in range(3):
        builder.add_row()
    for number, line in enumerate(builder.lines, start=1):
        line.children[0].value = f"Gevinst {number}"
    builder.lines[1].remove.click()  # "Fjern række 2"
    now[0] += 0.15
    builder.lines[1].remove.click()  # the second click of the double click: now "Gevinst 3"
    assert _gains(builder) == ["Gevinst 1", "Gevinst 3", "Gevinst 4"]
    now[0] += 1.0  # a click a moment later is meant: it removes
    builder.lines[1].remove.click()
    assert _gains(builder) == ["Gevinst 1", "Gevinst 4"]
    now[0] += 1.0
    builder.lines[-1].remove.click()  # the last row: no line moves up, so quick clicks count
    builder.lines[-1].remove.click()
    assert _gains(builder) == [""]
    builder.lines[0].children[0].value = "Ny gevinst"
    builder.lines[0].remove.click()  # the only row, at once again: an empty line comes instead
    assert _gains(builder) == [""]
