"""The benefits plan builder: one line of fields per gain, buttons to add, remove and save."""

from __future__ import annotations

import ipywidgets as widgets

from digileder import answers
from digileder.benefits_plan.model import (
    COLUMNS,
    LABELS,
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

_ERROR = f"color:{ERROR_TEXT}"
_OK = f"color:{OK_TEXT}"


class _Line(widgets.HBox):
    """One gain's fields and its remove button; `row` is the model's row it shows."""

    def __init__(self, builder: PlanBuilder, row: BenefitRow):
        self.row = row
        self.boxes = {}
        for name, label, hint in COLUMNS:
            box = widgets.Text(value=getattr(row, name), placeholder=hint,
                               continuous_update=True, tooltip=label,
                               layout=widgets.Layout(width="18%"))
            box.observe(lambda change, name=name: builder._typed(self, name, change["new"]),
                        names="value")
            self.boxes[name] = box
        self.remove = widgets.Button(icon="trash", layout=widgets.Layout(width="40px"))
        self.remove.on_click(lambda _: builder._remove(self.row))
        super().__init__([*self.boxes.values(), self.remove])

    def close(self) -> None:
        """Close the line with its boxes, button, layouts and styles (nothing left in kernel)."""
        for widget in self.children:
            for part in (widget.layout, getattr(widget, "style", None)):
                if part is not None:
                    part.close()
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
        self.project = widgets.Text(value=self.plan.project, description="Projekt:",
                                    placeholder="fx iPads i Vej og Park",
                                    layout=widgets.Layout(width="60%"))
        self.project.observe(self._on_project, names="value")
        self.rows_box = widgets.VBox()
        self._lines: list[_Line] = []  # in the order of the plan's rows
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
        mark_saving(self, self.status)
        self._render_rows()

    def _render_rows(self) -> None:
        """Make the lines match the model's rows. A line shows one row (the same object), so
        adding or removing a gain makes or closes one line and keeps the others. Rebuilding
        every line made the page draw 10 new widgets per row at each click (86-127 ms in
        module 07, issue 18), and leaked them. A removed row's line is closed, never used
        again for a new row: the page may still send typing it held back for that line (it
        sends one message per box at a time), and that text would land in the new row."""
        shown = {id(line.row): line for line in self._lines}
        lines = [shown.pop(id(row), None) or _Line(self, row) for row in self.plan.rows]
        for number, line in enumerate(lines, start=1):
            line.remove.tooltip = f"Fjern række {number}"
        self._lines = lines
        if self.rows_box.children != tuple(lines):
            self.rows_box.children = tuple(lines)
        for line in shown.values():  # rows that are gone: their widgets leave page and kernel
            line.close()

    def _typed(self, line: _Line, name: str, value: str) -> None:
        setattr(line.row, name, value)
        self.autosave()

    def _remove(self, row: BenefitRow) -> None:
        # By the row itself, not its number: a second click on a line already removed (its
        # number now another row's) removes nothing.
        index = next((i for i, other in enumerate(self.plan.rows) if other is row), None)
        if index is None:
            return
        self.remove_row(index)
        # The pressed button is gone: the keyboard goes to the trash button above (its line is
        # kept; ipywidgets draws the lines after the removed one anew, and a focus sent to them
        # may come before they exist), or to "Tilføj gevinst" (WCAG 2.4.3).
        (self._lines[index - 1].remove if index > 0 else self.add_button).focus()

    def _on_project(self, change) -> None:
        self.plan.project = change["new"]
        self.autosave()

    def save_draft(self) -> answers.SaveResult:
        result = save_draft(self.plan, self.seen)
        show_save(self.status, result, lambda text: ui_html.tag("span", text, style=_ERROR))
        return result

    def set_field(self, index: int, name: str, value: str) -> None:
        """Skriv i et felt (bruges af tests; svarer til at skrive i boksen)."""
        self.rows_box.children[index].children[[c[0] for c in COLUMNS].index(name)].value = value

    def add_row(self) -> None:
        try:
            self.plan.add_row()
        except ValueError as err:
            self.status.value = ui_html.tag("span", str(err), style=_ERROR)
            return
        self._render_rows()
        self.autosave.flush()

    def remove_row(self, index: int) -> None:
        self.plan.remove_row(index)
        self._render_rows()
        self.autosave.flush()

    def use_example(self) -> None:
        if self.plan.filled_rows():
            self.status.value = ui_html.tag("span", "Du har allerede skrevet i planen. Eksemplet "
                                            "står i boksen under aktiviteten.", style="color:#555")
            return
        self.plan = example_plan()
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
        self.status.value = ui_html.tag(
            "span", f"✔ Gevinstplanen med {count} gevinst{'er' if count != 1 else ''} er gemt i "
            "mine-svar. Du bruger den igen i modul 08.", style=_OK)
        return True
