"""The self-study edition: rubrics, example answers that unfold only after the learner's own
answer, the visible checks explained; a teacher's class bundle stays without example answers."""

from __future__ import annotations

import json
import zipfile

import nbformat
import pytest
from nbclient import NotebookClient

from digileder.selfstudy import guide, view
from digileder.teacher import leaks
from digileder.teacher.bundle import make_bundle
from tests.conftest import RECHECKING_CLIENT, ROOT
from tests.fresh_venv import SOURCE, build_wheel


def _hand_graded() -> set[str]:
    """The grade ids of the graded markdown answer cells in solutions/ (hand-graded tasks)."""
    found = set()
    for path in (ROOT / "solutions").glob("*/*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            meta = cell["metadata"].get("nbgrader", {})
            if cell["cell_type"] == "markdown" and meta.get("solution") and meta.get("grade"):
                found.add(meta["grade_id"])
    return found


def _quiet(_line):
    pass


@pytest.fixture(scope="module")
def bundles(tmp_path_factory):
    base = tmp_path_factory.mktemp("udgaver")
    return (make_bundle(base / "hold", report=_quiet),
            make_bundle(base / "selvstudie", report=_quiet, selfstudy=True))


def _example_texts() -> list[str]:
    """The model answers in solutions/ (markdown answer cells), the longest line of each."""
    texts = []
    for path in (ROOT / "solutions").glob("*/*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            meta = cell["metadata"].get("nbgrader", {})
            if cell["cell_type"] == "markdown" and meta.get("solution"):
                texts.append(max("".join(cell["source"]).splitlines(), key=len).strip())
    return texts


def test_a_class_bundle_has_no_example_answers(bundles):
    """Does the teacher's class bundle stay without the self-study guide?"""
    class_bundle, _ = bundles
    assert not (class_bundle / guide.FOLDER).exists()
    everything = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                           for p in class_bundle.rglob("*") if p.is_file())
    assert not [t for t in _example_texts() if t in everything]
    assert "selvstudie" not in (class_bundle / "README.md").read_text(encoding="utf-8")


def test_the_selfstudy_bundle_has_rubric_example_and_checks_for_every_task(bundles):
    """Is every hand-graded task there with its example, every autograded one with checks?"""
    _, selfstudy = bundles
    data = json.loads((selfstudy / guide.FOLDER / guide.DATA).read_text(encoding="utf-8"))
    by_id = {g["id"]: g for g in data["opgaver"]}
    assert sorted(by_id) == sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())
    tasks = {t["id"]: t for g in by_id.values() for t in g["tasks"]}
    assert set(tasks) == _hand_graded() and len(tasks) >= 10
    assert all(guide.decode(t["example"]).strip() and t["question"] for t in tasks.values())
    assert "underviseren" not in guide.decode(tasks["a3-q1"]["example"])
    assert "Sådan bedømmes" in by_id["a3-min-rolle"]["rubric"]
    a1_checks = {c["id"]: c for c in by_id["a1-laes-tallene"]["checks"]}
    assert "svar har 600 rækker" in a1_checks["a1-q1-test"]["explanation"]
    assert "Gem tabellen fra data.survey() i svar." in a1_checks["a1-q1-test"]["messages"][0]
    # The examples are there, but not readable at a glance, and nothing else leaked.
    assert leaks.find_leaks(selfstudy, ROOT / "solutions") == []
    link = "selvstudie/selvstudie.ipynb"
    assert f"]({link})" in (selfstudy / "README.md").read_text(encoding="utf-8")


@pytest.fixture
def course(bundles, monkeypatch, answers_dir):
    monkeypatch.setenv("DIGILEDER_COURSE_ROOT", str(bundles[1]))
    view._guides.cache_clear()
    yield bundles[1]
    view._guides.cache_clear()


def _example_shown(task_view) -> str:
    import ipywidgets as widgets

    shown = [c for c in task_view.example.children if isinstance(c, widgets.Accordion)]
    assert bool(shown) == bool(task_view.shown_example)
    return task_view.shown_example


def test_the_example_unfolds_only_after_an_answer_of_some_length(course, answers_dir):
    """Is the example hidden before, after a short answer, and shown after a real one?"""
    task = next(t for g in view._guides().values() for t in g["tasks"] if t["id"] == "a3-q1")
    first = view.TaskView(task)
    assert _example_shown(first) == ""
    first.text.value = "Vi har Byg og Miljø."
    first.save()
    assert _example_shown(first) == ""
    assert "du mangler" in first.example.children[0].value
    first.text.value = ("Kerneopgaven i byggesager er hurtige og forudsigelige tilladelser til "
                        "borgerne. Byg og Miljø har flyttet tid fra indtastning til faglig "
                        "vurdering, men vi kørte selv et nyt GIS-værktøj som et it-projekt uden "
                        "at spørge, hvad det skulle ændre i sagsgangen. Næste gang starter vi der.")
    first.save()
    example = guide.decode(task["example"])
    assert _example_shown(first) == example
    saved = json.loads((answers_dir / "refleksioner" / "selvstudie-a3-q1.json")
                       .read_text(encoding="utf-8"))
    assert saved["text"].startswith("Kerneopgaven")
    # Opened again later (a new kernel): the saved answer and the example are back.
    again = view.TaskView(task)
    assert again.text.value.startswith("Kerneopgaven") and _example_shown(again) == example


def test_the_selfstudy_notebook_runs_without_errors(course, answers_dir):
    """Does selvstudie.ipynb run from top to bottom in the bundle (cwd selvstudie/)?"""
    folder = course / guide.FOLDER
    notebook = nbformat.read(folder / guide.NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=120, config=RECHECKING_CLIENT,
                   resources={"metadata": {"path": str(folder)}}).execute()
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error" or o.get("name") == "stderr"]
    assert not errors, errors
    widgets_shown = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs
                     if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(widgets_shown) == len(list((ROOT / "solutions").glob("*/*.ipynb")))


def test_pip_install_of_a_bundle_keeps_its_edition(bundles, tmp_path):
    """Does `pip install .` in a bundle carry selvstudie/ only if the bundle has it?"""
    for bundle, expected in zip(bundles, (False, True), strict=True):
        work = tmp_path / bundle.name
        built = build_wheel(bundle, work, (*SOURCE, "selvstudie"))
        assert built.returncode == 0, built.stderr[-2000:]
        with zipfile.ZipFile(next((work / "dist").glob("*.whl"))) as wheel:
            names = wheel.namelist()
        assert "digileder/edition/modules/00-kom-godt-i-gang.ipynb" in names
        assert ("digileder/edition/selvstudie/opgaver.json" in names) == expected, bundle.name
