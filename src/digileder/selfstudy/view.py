"""The self-study notebook's widget: rubric, own answer, example answer, visible checks.

The example answer unfolds only after the learner has saved an answer of at least
MIN_CHARS characters (saved with digileder.notes through the answers store in
mine-svar/refleksioner/, like every other reflection, so progress, the plan and the registry
find it too).
"""

from __future__ import annotations

import json
from functools import cache

import ipywidgets as widgets
from IPython.display import Markdown, display

from digileder import answers, notes
from digileder.paths import course_root
from digileder.selfstudy import guide
from digileder.ui import html as ui_html
from digileder.ui.autosave import Debounced
from digileder.ui.connection import mark_saving

MIN_CHARS = 200  # about three sentences: enough to have taken a stand of one's own


class GuideMissing(ValueError):
    """The course folder has no selvstudie/opgaver.json (not the self-study edition)."""


@cache
def _guides() -> dict[str, dict]:
    path = course_root() / guide.FOLDER / guide.DATA
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {g["id"]: g for g in data["opgaver"]}
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise GuideMissing(f"Selvstudiets data mangler eller kan ikke læses ({path}). Hent "
                           "kurset igen med: digileder start") from err


def answer_key(task_id: str) -> str:
    return f"selvstudie-{task_id}"


def example_unlocked(saved_text: str) -> bool:
    return len(saved_text.strip()) >= MIN_CHARS


def _markdown(text: str) -> widgets.Output:
    out = widgets.Output()
    with out:
        display(Markdown(text))
    return out


class TaskView(widgets.VBox):
    """One hand-graded task: question, text box, save button, the example once earned.

    The text is saved as the learner types (a draft, so a restart loses nothing); the
    button saves at once and unfolds the example once the answer is long enough.
    """

    def __init__(self, task: dict):
        self.task = task
        self.key = answer_key(task["id"])
        self.seen = answers.Seen()  # what this view read and wrote: another view's text is kept
        saved, notice = notes.read(self.key, self.seen)
        self.text = widgets.Textarea(value=saved, placeholder="Skriv dit svar her",
                                     layout=widgets.Layout(width="100%", height="10em"))
        self.save_button = widgets.Button(description="Gem mit svar", button_style="primary")
        self.status = widgets.HTML(ui_html.text(notice))
        self.example = widgets.VBox()
        self.shown_example = ""  # the example answer, once the learner has earned it
        self.save_button.on_click(lambda _: self.save())
        self.autosave = Debounced(self._store, seen=self.seen)
        self.text.observe(self.autosave, names="value")
        super().__init__([
            _markdown(task["question"] or f"Opgave {task['id']}"),
            widgets.HTML(ui_html.join([ui_html.tag("b", "Point:"),
                                       f" op til {int(task['points'])}"])),
            self.text, widgets.HBox([self.save_button, self.status]), self.example])
        mark_saving(self, self.status)
        self._refresh(saved)

    def _store(self) -> bool:
        result = notes.save(self.key, self.text.value, self.task["question"][:200], self.seen)
        self.status.value = ui_html.text(result.message if not result.saved
                                         else "Gemt i mine-svar.")
        return result.saved

    def save(self) -> None:
        if self.autosave.flush():
            self._refresh(self.text.value)

    def _refresh(self, saved: str) -> None:
        if example_unlocked(saved):
            self.shown_example = guide.decode(self.task["example"])
            example = widgets.Accordion(children=[_markdown(self.shown_example)])
            example.set_title(0, "Eksempel på et godt svar – sammenlign med dit eget")
            self.example.children = [example]
        else:
            missing = MIN_CHARS - len(saved.strip())
            self.example.children = [widgets.HTML(ui_html.tag(
                "i", "Eksemplet på et godt svar kan du se, når du har gemt dit eget svar "
                f"(mindst {MIN_CHARS} tegn; du mangler {missing})."))]


def _checks_html(checks: list[dict]) -> str:
    tag, rows = ui_html.tag, []
    for check in checks:
        text = check["explanation"].removeprefix("Test:").strip()
        hidden = text.startswith("Skjult test:")
        text = text.removeprefix("Skjult test:").strip()
        note = (" ", tag("i", "(underviserens skjulte test tjekker også, om tallet er rigtigt; "
                              "den er ikke med i selvstudiet)")) if hidden else ()
        said = (tag("br"), "Hvis noget er galt, står der:",
                tag("ul", *(tag("li", m) for m in check["messages"]))) \
            if check["messages"] else ()
        rows.append(tag("li", tag("b", text), f" ({check['points']} point)", *note, *said))
    return ui_html.join([tag("p", "Når du kører opgavens testceller, tjekker de dette:"),
                         tag("ul", *rows)])


def show(assignment_id: str) -> None:
    """Display the self-study guide for one assignment in the notebook."""
    try:
        found = _guides().get(assignment_id)
    except GuideMissing as err:
        display(widgets.HTML(ui_html.tag("b", str(err))))
        return
    if found is None:
        display(widgets.HTML(ui_html.tag("b", f"Opgaven {assignment_id} findes ikke i "
                                              "selvstudiet.")))
        return
    parts = []
    if found["rubric"]:
        parts.append(_markdown(found["rubric"]))
    parts += [TaskView(task) for task in found["tasks"]]
    if found["checks"]:
        parts.append(widgets.HTML(_checks_html(found["checks"])))
    display(widgets.VBox(parts))
