"""Hostile text in course YAML or a saved answer is shown as text in every view it reaches.

Each test puts a <script> element and an onerror= attribute into the text fields of a real
course file (or a participant's saved answer), builds the view, clicks its main button and
parses every HTML string the view shows: nothing may be runnable, and the text must be there,
escaped (so the test cannot pass because the text never reached the view).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import ipywidgets as widgets
import pytest
import yaml

from tests.fixtures.html_checks import runnable

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "datasets"
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
# Keys that hold text a participant reads (ids, categories and numbers are left alone).
TEXT_KEYS = {"title", "intro", "label", "description", "text", "navn", "beskrivelse",
             "spoergsmaal", "tekst", "hvorfor", "term", "explanation", "example", "questions",
             "feedback", "summary", "reflection", "story", "situation", "name", "source"}


def _poison(node):
    if isinstance(node, dict):
        return {key: (value + HOSTILE if key in TEXT_KEYS and isinstance(value, str)
                      else _poison(value)) for key, value in node.items()}
    if isinstance(node, list):
        return [_poison(item) for item in node]
    return node


def hostile_copy(source: Path, tmp_path: Path) -> Path:
    """SOURCE with HOSTILE appended to every text field, written under TMP_PATH."""
    content = yaml.safe_load(source.read_text(encoding="utf-8"))
    target = tmp_path / source.name
    target.write_text(yaml.safe_dump(_poison(content), allow_unicode=True), encoding="utf-8")
    return target


def shown_html(widget: widgets.Widget) -> str:
    """Every HTML string in WIDGET and its children."""
    parts = [widget.value] if isinstance(widget, widgets.HTML) else []
    for child in getattr(widget, "children", ()):
        parts.append(shown_html(child))
    return "".join(parts)


def assert_shown_as_text(page: str) -> None:
    assert runnable(page) == []
    assert ESCAPED in page


def test_the_check_finds_unescaped_text():
    """Can the check fail? Raw hostile text in a widget is found."""
    with pytest.raises(AssertionError):
        assert_shown_as_text(shown_html(widgets.VBox([widgets.HTML(HOSTILE)])))


def test_task_sort(tmp_path):
    from digileder.task_sort import load_tasks
    from digileder.task_sort.view import TaskSorter

    view = TaskSorter(load_tasks(hostile_copy(DATASETS / "task_sort.yml", tmp_path)))
    view.button.click()
    assert_shown_as_text(shown_html(view))


def test_burnout_check(tmp_path):
    from digileder.burnout_check import load_signs
    from digileder.burnout_check.view import CheckView

    view = CheckView(load_signs(hostile_copy(DATASETS / "burnout_signs.yml", tmp_path)))
    view.button.click()
    assert_shown_as_text(shown_html(view))


def test_values_compass_yaml_and_saved_justification(tmp_path, answers_dir):
    from digileder.values_compass import load_values
    from digileder.values_compass.view import CompassView

    view = CompassView(load_values(hostile_copy(DATASETS / "smart_city_values.yml", tmp_path)))
    for dropdown in view.dropdowns:
        dropdown.value = next(v for _, v in dropdown.options
                              if v and v not in [d.value for d in view.dropdowns])
    view.justification.value = "Fordi " * 10 + HOSTILE
    view.button.click()
    assert_shown_as_text(shown_html(view))


def test_glossary(tmp_path):
    from digileder import glossary

    terms = glossary.load(hostile_copy(DATASETS / "glossary.yml", tmp_path))
    search = glossary.GlossarySearch(terms)
    search.query = terms[0].term[:6]
    assert_shown_as_text(search.result_html())
    search.query = HOSTILE  # what the participant types is shown back as text too
    assert_shown_as_text(search.result_html())


def test_scenario_player(tmp_path, answers_dir):
    from digileder import scenarios
    from digileder.scenarios.player import ScenarioPlayer

    path = hostile_copy(DATASETS / "scenarios" / "ipads-i-vej-og-park.yml", tmp_path)
    player = ScenarioPlayer(scenarios.load(path), save=False)
    while not player.run.is_finished:
        player.choose(0)
    # The page puts these pieces together; choice and dimension names it sets as text.
    view = player.view
    pieces = [player.title_html, player.intro_html, *view["endings"].values()]
    for situation in view["situations"].values():
        pieces += [situation["html"], *(c["consequence"] + c["step"]
                                        for c in situation["choices"])]
    assert_shown_as_text("".join(pieces))


def test_course_map_and_progress(tmp_path, monkeypatch, answers_dir):
    from digileder import course, progress

    hostile_copy(DATASETS / "course_map.yml", tmp_path)
    monkeypatch.setattr(course, "datasets_dir", lambda: tmp_path)
    assert_shown_as_text(course.as_html())
    assert_shown_as_text(progress.as_html())


def test_message_builder_saved_answer(answers_dir):
    from digileder import message_builder
    from digileder.message_builder.view import BuilderView

    answers_dir.mkdir(parents=True)
    draft = message_builder.MessageDraft()
    state = {name: f"Vi gør det for borgerne {HOSTILE}" for name in vars(draft)
             if isinstance(getattr(draft, name), str)}
    (answers_dir / message_builder.STATE_FILE).write_text(json.dumps(state), encoding="utf-8")
    view = BuilderView(message_builder.load_saved_draft())
    view.button.click()
    assert_shown_as_text(shown_html(view))


def test_plan_export_from_saved_answers(answers_dir):
    from digileder import benefits_plan, notes, plan

    notes.save("01-kerneopgave", f"Min kerneopgave {HOSTILE}", prompt=f"Spørgsmålet {HOSTILE}")
    notes.save(plan.MESSAGE_KEY, f"Mit budskab {HOSTILE}")
    saved = benefits_plan.BenefitsPlan(project=HOSTILE)
    saved.add_row(benefits_plan.BenefitRow(gain=HOSTILE, owner=HOSTILE, measure=HOSTILE,
                                           baseline="10", when="2027"))
    assert_shown_as_text(saved.to_html())
    leadership = plan.LeadershipPlan(name=HOSTILE, focus=HOSTILE, material=plan.gather())
    leadership.actions[0] = plan.Action(what=HOSTILE, owner=HOSTILE, due=HOSTILE)
    page = plan.to_html(leadership)
    assert_shown_as_text(page)
    assert page.count(ESCAPED) >= 6  # name, focus, action (3), reflection, message


def test_maturity_statements_and_the_unanswered_message(tmp_path, answers_dir):
    """Dimension names from maturity.yml reach the 'Du mangler at svare' message too."""
    from digileder import data, maturity
    from digileder.maturity.view import SelfAssessment

    instrument = maturity.load_items(hostile_copy(DATASETS / "maturity.yml", tmp_path))
    view = SelfAssessment(instrument, data.survey())
    view.save_button.click()  # nothing answered yet: the message names the dimensions
    assert "Du mangler at svare" in view.status.value
    assert_shown_as_text(view.status.value)
    assert_shown_as_text(shown_html(view))


def test_warmup_and_sampling_show_course_text_as_text(monkeypatch):
    """The warm-up's feedback and the sampling demos' sentences are course code today, but
    they go into HTML: are they escaped like everything else (the same route for all text)?"""
    from digileder import danish, sampling, warmup

    monkeypatch.setattr(warmup.GuessModel, "feedback", lambda self, guess: HOSTILE)
    box = warmup.show()
    box.children[0].children[1].click()  # "Se svaret"
    assert_shown_as_text(shown_html(box))

    monkeypatch.setattr(sampling, "sentence", lambda share, n: HOSTILE)
    assert_shown_as_text(sampling.show_sample_size().text.value)
    monkeypatch.setattr(danish, "pct", lambda *args, **kwargs: HOSTILE)
    draws = sampling.show_draw()
    draws.button.click()
    assert_shown_as_text(draws.text.value)


def test_handin_panel(monkeypatch):
    """Titles, notebook names and messages from the exchange are shown as text; links stay."""
    from digileder.handin import model
    from digileder.handin.view import HandinPanel

    panel = HandinPanel()
    assignment = model.Assignment(f"a1{HOSTILE}", "kursus", f"A1 {HOSTILE}", fetched=True,
                                  notebooks=[f"a1/{HOSTILE}.ipynb"])
    row = panel._row(assignment)
    panel.say([f"Fejl {HOSTILE}", HOSTILE], problem=True)
    page = shown_html(row) + panel.message.value
    assert_shown_as_text(page)
    assert page.count(ESCAPED) == 4  # title, notebook link text and href, two message lines
    assert '<a href="/lab/tree/a1/' in page and 'rel="noopener"' in page


def test_the_tag_builder_escapes_text_and_attributes_and_keeps_markup():
    """Is every text child and attribute value escaped, Markup kept, and are the attribute
    names and empty parts written as a view expects?"""
    from digileder.ui.html import join, tag

    link = tag("a", HOSTILE, href=f'x" onclick="alert(3){HOSTILE}', cls="link",
               aria_label="Åbn", hidden=True, title=None, disabled=False)
    assert link == (
        '<a href="x&quot; onclick=&quot;alert(3)&lt;script&gt;alert(1)&lt;/script&gt;&lt;img '
        'src=x onerror=alert(2)&gt;" class="link" aria-label="Åbn" hidden>'
        f"{ESCAPED}&lt;img src=x onerror=alert(2)&gt;</a>")
    page = tag("p", "Se ", link, None, "", 3, tag("br"))
    assert page.startswith("<p>Se <a href=") and page.endswith("</a>3<br></p>")
    assert join(["a", None, tag("b", "<b>")], " · ") == "a · <b>&lt;b&gt;</b>"
    assert runnable(page) == []


# -- no view writes tags by hand --------------------------------------------------------------

SRC = ROOT / "src" / "digileder"
TAG = re.compile(r"<[a-zA-Z/!]")
# The places that may still write HTML by hand, each with its reason. Keep this list short.
HAND_WRITTEN_HTML = {
    "ui/html.py": "the tag builder itself",
    "charts.py": "rewrites the SVG that vl-convert drew; the one text it inserts is escaped",
}


def hand_built_html(source: str) -> list[int]:
    """Lines where code writes tags itself: an f-string, a `+`/`%` or `.format()`/`.join()` on
    a string that opens a tag. Plain constant strings ("<p>Gem først.</p>") are fine."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            if TAG.search(literal):
                lines.append(node.lineno)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
            if any(isinstance(side, ast.Constant) and isinstance(side.value, str)
                   and TAG.search(side.value) for side in (node.left, node.right)):
                lines.append(node.lineno)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in ("format", "join") \
                and isinstance(node.func.value, ast.Constant) \
                and isinstance(node.func.value.value, str) and TAG.search(node.func.value.value):
            lines.append(node.lineno)
    return sorted(lines)


def test_the_hand_built_html_check_can_fail():
    assert hand_built_html('x = f"<p>{name}</p>"\ny = "<b>" + name\nz = "<li>".join(a)\n'
                           'ok = "<p>Gem først.</p>"\nfine = f"{a} < {b}"\n') == [1, 2, 3]


def test_no_participant_view_builds_html_by_hand():
    """Does every participant-facing module build its HTML with digileder.ui.html (tag, join),
    so a text that was never escaped cannot reach a page? (teacher/ has its own checks.)"""
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if relative.startswith("teacher/") or relative in HAND_WRITTEN_HTML:
            continue
        lines = hand_built_html(path.read_text(encoding="utf-8"))
        if lines:
            found[relative] = lines
    assert found == {}
