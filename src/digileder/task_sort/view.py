"""The task sorter widget: one dropdown per task, a check button and feedback."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from digileder.errors import DataError
from digileder.task_sort.content import load_tasks
from digileder.task_sort.model import _VERDICT_COLOUR, NO_ANSWER, Result, TaskSet, check
from digileder.ui import html as ui_html


class TaskSorter(widgets.VBox):
    """The widget: one dropdown per task, a check button and feedback (a thin view)."""

    def __init__(self, tasks: TaskSet):
        self.tasks = tasks
        options = [("Vælg …", NO_ANSWER)] + [(c.label, c.id) for c in tasks.categories]
        # The label is the dropdown's accessible name: a screen reader says "Opgave 3", not
        # just "Vælg …" (axe: select-name, WCAG 4.1.2).
        self.dropdowns = {
            task.id: widgets.Dropdown(options=options, value=NO_ANSWER,
                                      description=f"Opgave {number}",
                                      style={"description_width": "initial"},
                                      layout=widgets.Layout(width="320px"))
            for number, task in enumerate(tasks.tasks, start=1)
        }
        self.feedback = {task.id: widgets.HTML() for task in tasks.tasks}
        self.button = widgets.Button(description="Tjek mine svar", button_style="primary",
                                     icon="check", layout=widgets.Layout(width="180px"))
        self.summary = widgets.HTML()
        self.button.on_click(self.check)
        self.result: Result | None = None
        super().__init__(self._rows())

    def answers(self) -> dict[str, str]:
        return {task_id: dropdown.value for task_id, dropdown in self.dropdowns.items()}

    def check(self, _=None) -> Result:
        self.result = check(self.tasks, self.answers())
        for verdict in self.result.verdicts:
            colour = _VERDICT_COLOUR[verdict.status]
            self.feedback[verdict.task_id].value = ui_html.tag(
                "div", verdict.message, style=f"color:{colour};margin:0 0 0.8em 0;line-height:1.4")
        self.summary.value = ui_html.tag("p", ui_html.tag("b", self.result.summary()))
        return self.result

    def _rows(self) -> list[widgets.Widget]:
        tag = ui_html.tag
        legend = tag("ul", *(tag("li", tag("b", f"{c.label}:"), " ", c.description)
                             for c in self.tasks.categories))
        rows = [widgets.HTML(ui_html.join([tag("p", self.tasks.intro), legend]))]
        for number, task in enumerate(self.tasks.tasks, start=1):
            text = widgets.HTML(tag("div", tag("b", f"{number}."), " ", task.text,
                                    style="line-height:1.4"),
                                layout=widgets.Layout(width="60%"))
            rows.append(widgets.HBox([text, self.dropdowns[task.id]],
                                     layout=widgets.Layout(align_items="center")))
            rows.append(self.feedback[task.id])
        return [*rows, self.button, self.summary]


def show(path: Path | None = None) -> widgets.Widget:
    """Opgavesorteringen som widget. En fejl i datafilen vises som en dansk besked."""
    try:
        tasks = load_tasks(path)
    except DataError as err:
        return widgets.HTML(ui_html.message(str(err), ui_html.Tone.ERROR,
                                            "Opgaverne kan ikke vises."))
    return TaskSorter(tasks)
