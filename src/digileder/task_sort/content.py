"""datasets/task_sort.yml, declared once and read with the course's one loader."""

from __future__ import annotations

from pathlib import Path

from digileder.content import ContentError, Field, Record, read_mapping
from digileder.paths import datasets_dir
from digileder.task_sort.model import Category, Task, TaskSet


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

TEXTS = (Field("title", "overskriften over opgaverne, fx 'Hvordan ændrer digitaliseringen "
               "opgaven?'", required=False),
         Field("intro", "et par sætninger, der forklarer øvelsen", required=False))


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
    for text in TEXTS:  # a list as title was shown as "['a', 'b']"
        if problem := text.problem(raw.get(text.name)):
            line = document.line(raw, text.name)
            document.problems.append(f"{path.name}{f' (linje {line})' if line else ''}: "
                                     f"{problem}")
    if document.problems:
        raise ContentError(document.problems)
    title, intro = (text.clean(raw.get(text.name)) for text in TEXTS)
    return TaskSet(
        title or "Sortér opgaverne",
        intro,
        tuple(Category(c["id"], c["label"], c["description"]) for c in categories),
        tuple(Task(t["id"], t["text"], t["answer"], t["feedback"], t["defensible"])
              for t in tasks))
