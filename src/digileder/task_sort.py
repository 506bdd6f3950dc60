"""Module 01's task sorter: how does digitalisation change a concrete task?

The tasks, categories and feedback live in datasets/task_sort.yml so a teacher can
edit them without Python. This file has the plain model (load, judge, score) and a
thin ipywidgets view (one dropdown per task and a "Tjek mine svar" button).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import ipywidgets as widgets

from digileder.content import ContentError, Field, Record, read_mapping
from digileder.errors import DataError
from digileder.paths import datasets_dir

NO_ANSWER = ""  # dropdown value before the participant has chosen

class Status(Enum):
    """How an answer holds up (the value is the Danish word, for messages)."""

    CORRECT = "rigtig"
    DEFENSIBLE = "forsvarlig"
    WRONG = "forkert"
    MISSING = "mangler"


CORRECT, DEFENSIBLE, WRONG, MISSING = Status
_VERDICT_TEXT = {
    CORRECT: "✅ Rigtigt.",
    DEFENSIBLE: "🟡 Kan forsvares.",
    WRONG: "❌ Ikke helt.",
    MISSING: "⚪ Du har ikke valgt endnu.",
}
_VERDICT_COLOUR = {CORRECT: "#009E73", DEFENSIBLE: "#B07A00", WRONG: "#D55E00", MISSING: "#555"}


@dataclass(frozen=True)
class Category:
    """En kategori, som en opgave kan sorteres i (fx "Ny opgave")."""

    id: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class Task:
    """En opgave med det bedste svar, andre svar der kan forsvares, og en forklaring."""

    id: str
    text: str
    answer: str
    feedback: str
    defensible: tuple[str, ...] = ()


@dataclass(frozen=True)
class TaskSet:
    """Alle opgaver og kategorier fra datasets/task_sort.yml."""

    title: str
    intro: str
    categories: tuple[Category, ...]
    tasks: tuple[Task, ...]

    def label(self, category_id: str) -> str:
        for category in self.categories:
            if category.id == category_id:
                return category.label
        return category_id


@dataclass(frozen=True)
class Verdict:
    """Bedømmelsen af ét svar: rigtig, forsvarlig, forkert eller mangler, med forklaring."""

    task_id: str
    chosen: str
    status: Status
    message: str


@dataclass
class Result:
    """Resultatet af en hel sortering: en bedømmelse pr. opgave og en samlet score."""

    verdicts: list[Verdict] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(v.status == status for v in self.verdicts)

    @property
    def total(self) -> int:
        return len(self.verdicts)

    @property
    def score(self) -> int:
        """Points: the best answer and a defensible answer both count."""
        return self.count(CORRECT) + self.count(DEFENSIBLE)

    def summary(self) -> str:
        """A Danish one-line summary, e.g. 'Du har 7 af 9 ...'."""
        if self.count(MISSING) == self.total:
            return "Du har ikke valgt nogen kategorier endnu. Vælg en for hver opgave."
        text = (f"Du har {self.score} af {self.total} svar, der holder: "
                f"{self.count(CORRECT)} rigtige og {self.count(DEFENSIBLE)}, der kan forsvares.")
        if self.count(MISSING):
            missing = self.count(MISSING)
            text += f" Der mangler svar på {missing} {'opgave' if missing == 1 else 'opgaver'}."
        return text


def default_path() -> Path:
    return datasets_dir() / "task_sort.yml"


# The schema of datasets/task_sort.yml (declared once; the messages use the help texts).
CATEGORY_RECORD = Record("kategori", (
    Field("id", "et kort id med små bogstaver, fx 'ny-opgave'", is_id=True),
    Field("label", "kategoriens navn, som deltageren ser det"),
    Field("description", "en kort forklaring af kategorien", required=False),
))
TASK_RECORD = Record("opgave", (
    Field("id", "et kort id med små bogstaver, fx 'byggesag-app'", is_id=True),
    Field("text", "opgaven, som deltageren skal sortere"),
    Field("answer", "id'et på den kategori, der er det bedste svar"),
    Field("feedback", "en forklaring, der vises efter svaret"),
    Field("defensible", "id'er på kategorier, der også kan forsvares", required=False,
          many=True),
))


def load_tasks(path: Path | None = None) -> TaskSet:
    """Læs opgaverne fra datasets/task_sort.yml. Giver ContentError (en DataError) med alle
    fejl, fil og linje, på dansk."""
    path = Path(path) if path else default_path()
    document = read_mapping(path, "title, categories og tasks")
    raw = document.data if not document.problems else {}
    categories = CATEGORY_RECORD.check(raw.get("categories"), document, "categories") \
        if raw else []
    known = [c["id"] for c in categories]

    def known_categories(task: dict, _where: str) -> list[str]:
        return [f"kategorien '{c}' findes ikke. Brug en af: {', '.join(known)}."
                for c in (task["answer"], *task["defensible"]) if c not in known]

    tasks = TASK_RECORD.check(raw.get("tasks"), document, "tasks", known_categories) \
        if raw else []
    if document.problems:
        raise ContentError(document.problems)
    return TaskSet(
        " ".join(str(raw.get("title", "Sortér opgaverne")).split()),
        " ".join(str(raw.get("intro", "")).split()),
        tuple(Category(c["id"], c["label"], c["description"]) for c in categories),
        tuple(Task(t["id"], t["text"], t["answer"], t["feedback"], t["defensible"])
              for t in tasks))


def judge(task: Task, chosen: str | None, tasks: TaskSet | None = None) -> Verdict:
    """Bedøm ét svar på én opgave og giv en forklaring på dansk."""
    if not chosen:
        return Verdict(task.id, "", MISSING, _VERDICT_TEXT[MISSING])
    if chosen == task.answer:
        status = CORRECT
    elif chosen in task.defensible:
        status = DEFENSIBLE
    else:
        status = WRONG
    best = tasks.label(task.answer) if tasks else task.answer
    message = _VERDICT_TEXT[status]
    if status != CORRECT:
        message += f' Det bedste svar er "{best}".'
    return Verdict(task.id, chosen, status, f"{message} {task.feedback}")


def check(tasks: TaskSet, answers: dict[str, str | None]) -> Result:
    """Bedøm alle svar (opgave-id -> kategori-id) og saml en score."""
    return Result([judge(task, answers.get(task.id), tasks) for task in tasks.tasks])


class TaskSorter(widgets.VBox):
    """The widget: one dropdown per task, a check button and feedback (a thin view)."""

    def __init__(self, tasks: TaskSet):
        self.tasks = tasks
        options = [("Vælg …", NO_ANSWER)] + [(c.label, c.id) for c in tasks.categories]
        self.dropdowns = {
            task.id: widgets.Dropdown(options=options, value=NO_ANSWER,
                                      layout=widgets.Layout(width="240px"))
            for task in tasks.tasks
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
            self.feedback[verdict.task_id].value = (
                f"<div style='color:{colour};margin:0 0 0.8em 0;line-height:1.4'>"
                f"{html.escape(verdict.message)}</div>")
        self.summary.value = f"<p><b>{html.escape(self.result.summary())}</b></p>"
        return self.result

    def _rows(self) -> list[widgets.Widget]:
        legend = "".join(f"<li><b>{html.escape(c.label)}:</b> {html.escape(c.description)}</li>"
                         for c in self.tasks.categories)
        rows = [widgets.HTML(f"<p>{html.escape(self.tasks.intro)}</p><ul>{legend}</ul>")]
        for number, task in enumerate(self.tasks.tasks, start=1):
            text = widgets.HTML(f"<div style='line-height:1.4'><b>{number}.</b> "
                                f"{html.escape(task.text)}</div>",
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
        return widgets.HTML(f"<p style='color:#D55E00'><b>Opgaverne kan ikke vises.</b> "
                            f"{html.escape(str(err))}</p>")
    return TaskSorter(tasks)
