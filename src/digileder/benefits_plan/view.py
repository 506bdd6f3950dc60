"""The benefits plan builder: one line of fields per gain, buttons to add, remove and save."""

from __future__ import annotations

import time

import ipywidgets as widgets
from ipywidgets.widgets.widget_string import TextStyle

from digileder import answers
from digileder.benefits_plan.model import (
    COLUMNS,
    LABELS,
    MAX_ROWS,
    BenefitRow,
    BenefitsPlan,
    example_plan,
)
from digileder.benefits_plan.store import read_saved, save, save_draft
from digileder.palette import ERROR_TEXT, OK_TEXT
from digileder.ui import html as ui_html
from digileder.ui.autosave import Debounced
from digileder.ui.connection import mark_saving
from digileder.ui.save_message import show_save

VIEW_CLASS = "digileder-benefits"
LINE_CLASS = "digileder-benefit-line"
TRASH_CLASS = "digileder-trash"
# A screen reader names a field by its label and a button by its text. ipywidgets gives the
# boxes a label only as a visible description, and the trash button's text is its icon (Font
# Awesome's character U+F2ED), so the boxes had no name and the buttons were called "\uf2ed".
# The labels are kept for screen readers and hidden on screen (the header row shows them);
# the icon gets an empty alternative text, so the button is named by its tooltip.
_CSS = (f".{VIEW_CLASS} .{LINE_CLASS} .widget-label {{position:absolute;width:1px;"
        "height:1px;margin:0;padding:0;overflow:hidden;clip-path:inset(50%);"
        "white-space:nowrap}"
        f'.{VIEW_CLASS} .{TRASH_CLASS} > i.fa-trash::before {{content:"\\f2ed" / ""}}')
_ERROR = f"color:{ERROR_TEXT}"
_OK = f"color:{OK_TEXT}"
# A removed line hides at once, so the second click of a double click lands on the trash
# button of the line that moved up into its place. A click there this soon is that click.
DOUBLE_CLICK = 0.4  # seconds
_clock = time.monotonic


class _Looks:
    """Layouts and styles that every line shares. Each widget would otherwise bring its own
    layout and style: 14 widgets more for the page to make at each "Tilføj gevinst"."""

    def __init__(self):
        self.box = widgets.Layout(width="18%")
        self.box_style = TextStyle()
        self.button = widgets.Layout(width="40px")
        self.button_style = widgets.ButtonStyle()


class _Line(widgets.HBox):
    """One gain's fields and its remove button; `row` is the model's row it shows, None once
    the row is removed."""

    def __init__(self, builder: PlanBuilder, row: BenefitRow, looks: _Looks):
        self.row: BenefitRow | None = row
        self.boxes = {}
        for name, label, hint in COLUMNS:
            box = widgets.Text(value=getattr(row, name), placeholder=hint, description=label,
                               continuous_update=True, tooltip=label,
                               layout=looks.box, style=looks.box_style)
            box.observe(lambda change, name=name: builder._typed(self, name, change["new"]),
                        names="value")
            self.boxes[name] = box
        self.remove = widgets.Button(icon="trash", layout=looks.button, style=looks.button_style)
        self.remove.add_class(TRASH_CLASS)
        self.remove.on_click(lambda _: builder._remove(self.row))
        super().__init__([*self.boxes.values(), self.remove])
        self.add_class(LINE_CLASS)

    def hide(self) -> None:
        """The row is gone: hide the line at once and let go of the row (see _render_rows)."""
        self.row = None
        self.layout.display = "none"

    def close(self) -> None:
        """Close the line with its boxes and button (nothing of it left in kernel or page)."""
        for widget in self.children:
            widget.close()
        self.layout.close()
        super().close()


class PlanBuilder(widgets.VBox):
    """Den tynde visning: én linje felter pr. gevinst, knapper til at tilføje, fjerne og gemme."""

    def __init__(self, plan: BenefitsPlan | None = None):
        notice = ""
        self.seen = answers.Seen()  # what this view read and wrote: another view's text is kept
        if plan is None:
            plan, notice = read_saved(self.seen)
        self.plan = plan
        self.autosave = Debounced(self.save_draft, seen=self.seen)
        self._until_changed = ""  # see _show_until_changed
        self.project = widgets.Text(value=self.plan.project, description="Projekt:",
                                    placeholder="fx iPads i Vej og Park",
                                    layout=widgets.Layout(width="60%"))
        self.project.observe(self._on_project, names="value")
        self.rows_box = widgets.VBox()
        self._lines: list[_Line] = []  # in the order of the plan's rows
        self._last_removal: tuple[int, float] | None = None  # (row index, when) of the last click
        self._looks = _Looks()
        self.add_button = widgets.Button(description="Tilføj gevinst", icon="plus")
        self.example_button = widgets.Button(description="Vis eksempel", icon="lightbulb-o",
                                             tooltip="Fylder et opdigtet eksempel i felterne")
        self.save_button = widgets.Button(description="Gem gevinstplan", icon="save",
                                          button_style="primary")
        self.status = widgets.HTML(ui_html.tag("span", notice, style=_ERROR) if notice else "")
        self.add_button.on_click(lambda _: self.add_row())
        self.example_button.on_click(lambda _: self.use_example())
        self.save_button.on_click(lambda _: self.save())
        header = widgets.HBox([widgets.HTML(ui_html.tag("b", label),
                                            layout=widgets.Layout(width="18%"))
                               for label in LABELS.values()])
        super().__init__([
            self.project, header, self.rows_box,
            widgets.HBox([self.add_button, self.example_button, self.save_button]), self.status,
        ])
        self.add_class(VIEW_CLASS)
        self.children = (*self.children, widgets.HTML(ui_html.tag("style", ui_html.raw(_CSS)),
                                                      layout=widgets.Layout(display="none")))
        mark_saving(self, self.status)
        self._render_rows()

    def _render_rows(self, tidy: bool = False) -> None:
        """Make the lines match the model's rows. A line shows one row (the same object), so
        adding a gain makes one line and keeps the others: rebuilding every line made the
        page draw 10 new widgets per row at each click (86-127 ms in module 07, issue 18).

        A removed row's line is hidden, not taken out of the page at once. ipywidgets' Box
        draws every child after the first changed one anew, so taking out the first of 10
        lines redrew nine (125-141 ms). Hidden lines are closed when that redraws no line
        still shown, or at "Tilføj gevinst" once there are MAX_ROWS of them (`tidy`). A hidden
        line is never used for a new row: the page may still send typing it held back for
        that line (it sends one message per box at a time), and that text would land in the
        new row."""
        shown = {id(line.row): line for line in self._lines}
        lines = [shown.pop(id(row), None) or _Line(self, row, self._looks)
                 for row in self.plan.rows]
        for line in shown.values():
            line.hide()
        for number, line in enumerate(lines, start=1):
            line.remove.tooltip = f"Fjern række {number}"
        self._lines = lines
        before = self.rows_box.children
        hidden = [line for line in before if line.row is None]
        after_first_hidden = before[before.index(hidden[0]):] if hidden else ()
        redraws = any(line.row is not None for line in after_first_hidden)
        if not redraws or (tidy and len(hidden) >= MAX_ROWS):
            children = tuple(lines)
        else:  # the new lines go last: nothing already drawn is drawn again
            children = (*before, *(line for line in lines if line not in before))
        if self.rows_box.children != children:
            self.rows_box.children = children
        for line in hidden:
            if line not in children:
                line.close()

    @property
    def lines(self) -> tuple[_Line, ...]:
        """The lines shown, one per row of the plan (hidden lines of removed rows left out)."""
        return tuple(self._lines)

    def _typed(self, line: _Line, name: str, value: str) -> None:
        if line.row is None:  # typing held back for a removed line: the row is gone
            return
        setattr(line.row, name, value)
        self._changed()

    def _remove(self, row: BenefitRow) -> None:
        # By the row itself, not its number: a second click on a line already removed (its
        # number now another row's) removes nothing.
        index = next((i for i, other in enumerate(self.plan.rows) if other is row), None)
        if index is None:
            return
        now = _clock()
        last = self._last_removal
        if last is not None and last[0] == index and now - last[1] < DOUBLE_CLICK:
            return  # the double click's second click, on the line that moved up
        # Only when a line moves up under the pointer: after the last row (or the only one)
        # a second click removes an empty new line at most.
        moves_up = index < len(self.plan.rows) - 1
        self.remove_row(index)
        self._last_removal = (index, now) if moves_up else None
        # The pressed button is gone (WCAG 2.4.3): the keyboard goes to the first box of the
        # row above, or of the row that took the first row's place. A box, not a button: a held
        # Enter (or a second press) on a button pressed the next button too, and removed the
        # rows above one by one. A removal never redraws a line still shown (_render_rows), so
        # the box is there. The only row's line is new and may not be drawn yet: "Projekt:".
        if index > 0 or moves_up:
            target = self._lines[max(index - 1, 0)].boxes[COLUMNS[0][0]]
        else:
            target = self.project
        target.focus()

    def _on_project(self, change) -> None:
        self.plan.project = change["new"]
        self._changed()

    def _show_until_changed(self, html: str) -> None:
        """A message about the plan as it is now ("er gemt", the row limit): it is no longer
        true once the plan changes, so the next change takes it away."""
        self.status.value = self._until_changed = html

    def _changed(self) -> None:
        if self._until_changed and self.status.value == self._until_changed:
            self.status.value = ""
        self._until_changed = ""
        self.autosave()

    def save_draft(self) -> answers.SaveResult:
        result = save_draft(self.plan, self.seen)
        show_save(self.status, result, lambda text: ui_html.tag("span", text, style=_ERROR))
        return result

    def set_field(self, index: int, name: str, value: str) -> None:
        """Skriv i et felt (bruges af tests; svarer til at skrive i boksen)."""
        self._lines[index].boxes[name].value = value

    def add_row(self) -> None:
        try:
            self.plan.add_row()
        except ValueError as err:
            self._show_until_changed(ui_html.tag("span", str(err), style=_ERROR))
            return
        self._render_rows(tidy=True)
        self._changed()
        self._last_removal = None  # the lines moved on purpose: a click now is meant
        self.autosave.flush()

    def remove_row(self, index: int) -> None:
        self.plan.remove_row(index)
        self._render_rows()
        self._changed()
        self.autosave.flush()

    def use_example(self) -> None:
        if self.plan.filled_rows():
            self.status.value = ui_html.tag("span", "Du har allerede skrevet i planen. Eksemplet "
                                            "står i boksen under aktiviteten.", style="color:#555")
            return
        project = self.plan.project.strip()  # the participant's own name for it stays
        self.plan = example_plan()
        self.plan.project = project or self.plan.project
        self.project.value = self.plan.project
        self._render_rows()
        self.status.value = ui_html.tag("i", "Et opdigtet eksempel er sat ind. Ret det til dit "
                                        "eget projekt, før du gemmer.")

    def save(self) -> bool:
        draft = self.autosave.flush()
        problems = self.plan.problems()
        if problems:  # the draft is kept, if it could be saved; the message says which
            kept = " (dit udkast er gemt):" if draft.saved else ":"
            self.status.value = ui_html.tag(
                "div", ui_html.tag("b", "Planen er ikke færdig endnu"), kept,
                ui_html.tag("ul", *(ui_html.tag("li", p) for p in problems)),
                "" if draft.saved else ui_html.tag("p", draft.message), style=_ERROR)
            return False
        result = save(self.plan, self.seen)
        if not result.saved:
            self.status.value = ui_html.tag("span", result.message, style=_ERROR)
            return False
        count = len(self.plan.filled_rows())
        self._show_until_changed(ui_html.tag(
            "span", f"✔ Gevinstplanen med {count} gevinst{'er' if count != 1 else ''} er gemt i "
            "mine-svar. Du bruger den igen i modul 08.", style=_OK))
        return True
