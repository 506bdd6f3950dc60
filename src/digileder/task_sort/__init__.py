"""Module 01's task sorter: how does digitalisation change a concrete task?

The tasks, categories and feedback live in datasets/task_sort.yml so a teacher can
edit them without Python. Package layout: model.py (judge, score), content.py (the
YAML), view.py (TaskSorter: one dropdown per task and a "Tjek mine svar" button).
"""

from digileder import lazy
from digileder.task_sort.content import CATEGORY_RECORD, TASK_RECORD, default_path, load_tasks
from digileder.task_sort.model import (
    CORRECT,
    DEFENSIBLE,
    MISSING,
    NO_ANSWER,
    WRONG,
    Category,
    Result,
    Status,
    Task,
    TaskSet,
    Verdict,
    check,
    judge,
)


def show(path=None):
    """Opgavesorteringen som widget. En fejl i datafilen vises som en dansk besked."""
    from digileder.task_sort.view import show as show_view

    return show_view(path)


# The widgets (ipywidgets) are imported only when asked for.
__getattr__ = lazy.from_module(__name__, "view", ("TaskSorter",))


__all__ = [
    "CATEGORY_RECORD", "CORRECT", "DEFENSIBLE", "MISSING", "NO_ANSWER", "TASK_RECORD", "WRONG",
    "Category", "Result", "Status", "Task", "TaskSet", "Verdict", "check", "default_path",
    "judge", "load_tasks", "show",
]
