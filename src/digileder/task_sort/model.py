"""The task sorter's model (module 01): tasks, categories, and how each answer holds up.
Pure: no files, no widgets."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from digileder.palette import ERROR_TEXT, OK_TEXT, WARN_TEXT

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
_VERDICT_COLOUR = {CORRECT: OK_TEXT, DEFENSIBLE: WARN_TEXT, WRONG: ERROR_TEXT, MISSING: "#555"}


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
