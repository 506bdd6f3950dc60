"""The "Dine opgaver" panel: one row per assignment with the next thing to do, in Danish.

Buttons call exchange.py; what the panel says comes from model.py. Every action runs with
the buttons disabled, and every failure ends as a Danish message in the panel.
"""

from __future__ import annotations

import os

import ipywidgets as widgets

from digileder.handin import exchange
from digileder.handin.model import Assignment, Status, explain_validation, receipt
from digileder.ui.html import Markup, join, tag

SAVE_FIRST = ("Gem notesbogen (Ctrl+S), før du tjekker eller afleverer: "
              "panelet bruger den gemte udgave.")


def _lab_url(path: str) -> str:
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/")
    return f"{prefix.rstrip('/')}/lab/tree/{path.lstrip('/')}"


def _link(url: str, text: str) -> Markup:
    return tag("a", text, href=url, target="_blank", rel="noopener",
               style="text-decoration: underline")


class HandinPanel(widgets.VBox):
    """The panel, as the notebook shows it."""

    def __init__(self, course_id: str | None = None):
        super().__init__()
        self.course_id = course_id
        self.assignments: list[Assignment] = []
        self.rows = widgets.VBox()
        self.message = widgets.HTML()
        self.refresh_button = widgets.Button(description="Opdatér listen", icon="refresh")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.children = [
            widgets.HTML(join([tag("h3", "Dine opgaver"), tag(
                "p", f"Her henter, tjekker og afleverer du kursets opgaver. {SAVE_FIRST}")])),
            self.rows, self.refresh_button, self.message,
        ]
        self.layout = widgets.Layout(border="1px solid var(--jp-border-color1, #ccc)",
                                     padding="0 12px 12px 12px")
        self.add_class("digileder-handin")

    # ---------------------------------------------------------------- actions
    def refresh(self, keep_message: bool = False) -> None:
        if not keep_message:
            self.say([])
        try:
            self.assignments = exchange.list_assignments(self.course_id)
        except exchange.NoExchange as information:
            self.say([str(information)])
            self.assignments = []
            self.rows.children = []
            return
        except exchange.HandinError as error:  # the list is unknown, so none is shown
            self.say([str(error)], problem=True)
            self.assignments = []
            self.rows.children = []
            return
        self.rows.children = [self._row(a) for a in self.assignments] or [
            widgets.HTML("<p>Der er ingen opgaver at hente endnu. Din underviser giver "
                         "besked, når der er en.</p>")]

    def fetch(self, assignment: Assignment) -> None:
        def action():
            folder = exchange.fetch(assignment)
            notebooks = [p.name for p in exchange.notebooks_in(folder)]
            links = join((_link(_lab_url(f"{folder.name}/{n}"), n) for n in notebooks), ", ")
            return [f"{assignment.title} er hentet til mappen {folder.name}.",
                    join(["Åbn opgaven: ", links])], False
        self._run(action)

    def check(self, assignment: Assignment) -> None:
        def action():
            explanations = [line for result in exchange.validate(assignment)
                            for line in explain_validation(result)]
            if not explanations:
                return [f"Tjek af {assignment.title}: alle synlige test består. "
                        "Der er også skjulte test, som din underviser kører."], False
            return [f"Tjek af {assignment.title}: {len(explanations)} ting at se på."
                    ] + explanations, True
        self._run(action)

    def submit(self, assignment: Assignment) -> None:
        def action():
            submitted, notebooks = exchange.submit(assignment)
            return receipt(assignment, submitted, notebooks).lines(), False
        self._run(action)

    def fetch_feedback(self, assignment: Assignment) -> None:
        def action():
            exchange.fetch_feedback(assignment)
            return [f"Feedback på {assignment.title} er hentet. Åbn den med linket i "
                    "listen."], False
        self._run(action)

    def _run(self, action) -> None:
        buttons = list(self._buttons())
        for button in buttons:
            button.disabled = True
        self.say(["Et øjeblik ..."])
        try:
            lines, problem = action()
        except exchange.HandinError as error:
            lines, problem = [str(error)], True
        finally:
            for button in buttons:
                button.disabled = False
        self.refresh(keep_message=True)
        self.say(lines, problem=problem)

    # ---------------------------------------------------------------- view
    def say(self, lines: list[str], problem: bool = False) -> None:
        """Show LINES: the first in bold, the rest as a list. Text is escaped; a Markup line
        (a link built here) is kept."""
        if not lines:
            self.message.value = ""
            return
        css = "color: var(--jp-error-color1, #b00020)" if problem else ""
        first, rest = lines[0], lines[1:]
        items = tag("ul", *(tag("li", line) for line in rest)) if rest else None
        self.message.value = tag("div", tag("p", tag("b", first)), items, role="status",
                                 style=css)

    def _buttons(self):
        yield self.refresh_button
        for row in self.rows.children:
            for child in getattr(row, "children", ()):
                if isinstance(child, widgets.Button):
                    yield child

    def _row(self, assignment: Assignment) -> widgets.HBox:
        status = assignment.status
        parts = [widgets.HTML(join([tag("b", assignment.title), tag("br"),
                                    tag("span", status.value)]),
                              layout=widgets.Layout(width="320px"))]

        def button(label: str, handler, style: str = "") -> widgets.Button:
            made = widgets.Button(description=label, button_style=style)
            made.on_click(lambda _: handler(assignment))
            return made

        if status is Status.RELEASED:
            parts.append(button("Hent opgaven", self.fetch, "primary"))
        if assignment.fetched:
            parts.append(button("Tjek", self.check))
            parts.append(button("Aflevér", self.submit, "success"))
        latest = assignment.submissions[-1] if assignment.submissions else None
        if latest and latest.feedback_waiting and not latest.feedback_path:
            parts.append(button("Hent feedback", self.fetch_feedback, "primary"))
        links = []
        if assignment.fetched and assignment.notebooks:
            links.append(_link(_lab_url(assignment.notebooks[0]), "Åbn opgaven"))
        if latest and latest.feedback_path:
            links += [_link(exchange.server_url(path), f"Læs din feedback ({path.split('/')[-1]})")
                      for path in exchange.feedback_files(latest.feedback_path)]
        if links:
            parts.append(widgets.HTML(join(links, " · ")))
        return widgets.HBox(parts, layout=widgets.Layout(align_items="center",
                                                         margin="4px 0"))
