"""Build selvstudie/ for the self-study edition from solutions/ and assignments/.

Standard library only: setup.py runs it (loaded by path) while building the wheel, before the
package's dependencies exist. Example answers are stored base64-encoded, so a learner browsing
the files does not see them by accident; the notebook's widget decodes them once the learner
has saved an answer of their own. Code solutions and hidden tests are never read from
solutions/ (only markdown answer cells are), so the leak scan still applies to the result.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

FOLDER = "selvstudie"
DATA = "opgaver.json"
NOTEBOOK = "selvstudie.ipynb"
TEACHER_ONLY = re.compile(r"\s*\(til underviseren\)")
ASSERT_MESSAGE = re.compile(r'assert\b[^\n]*?,\s*\(?\s*f?"([^"\n]+)"', re.S)


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _meta(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8")).get("cells", [])


def _encode(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def decode(text: str) -> str:
    return base64.b64decode(text.encode("ascii")).decode("utf-8")


def _check(cell: dict) -> dict:
    """A visible test cell as the learner's checklist item: what it checks, what it says."""
    source = _source(cell)
    comments = [line.lstrip("# ").strip() for line in source.splitlines()
                if line.strip().startswith("#")]
    messages = [re.sub(r"\{[^}]*\}", "…", m) for m in ASSERT_MESSAGE.findall(source)]
    return {"id": _meta(cell).get("grade_id", ""), "points": _meta(cell).get("points", 0),
            "explanation": " ".join(comments), "messages": messages}


def assignment_guide(solution: Path, release: Path) -> dict:
    """Rubric, hand-graded tasks (with encoded example answers) and visible checks."""
    released = _cells(release)
    title = next((_source(c).splitlines()[0].lstrip("# ").strip() for c in released
                  if _source(c).startswith("# ")), release.stem)
    rubric = "\n\n".join(_source(c).strip() for c in released if c["cell_type"] == "markdown"
                         and "bedømmes" in _source(c).splitlines()[0].lower())
    tasks, question = [], ""
    for cell in _cells(solution):
        meta = _meta(cell)
        if cell["cell_type"] == "markdown" and meta.get("solution") and meta.get("grade"):
            example = TEACHER_ONLY.sub("", _source(cell).strip(), count=1)
            tasks.append({"id": meta["grade_id"], "points": meta.get("points", 0),
                          "question": question, "example": _encode(example)})
        elif cell["cell_type"] == "markdown" and not meta.get("solution"):
            question = _source(cell).strip()
    checks = [_check(c) for c in released if c["cell_type"] == "code"
              and _meta(c).get("grade") and not _meta(c).get("solution")]
    return {"id": release.parent.name, "title": title, "rubric": rubric, "tasks": tasks,
            "checks": checks}


def _notebook(guides: list[dict]) -> dict:
    def markdown(text):
        return {"cell_type": "markdown", "metadata": {}, "source": text}

    def code(text):
        return {"cell_type": "code", "execution_count": None, "outputs": [], "source": text,
                "metadata": {"jupyter": {"source_hidden": True}, "tags": ["hide-input"]}}

    cells = [markdown(
        "# Selvstudium · Opgaverne uden underviser\n\n"
        "Arbejder du alene med kurset, så er her det, en underviser ellers ville give dig. "
        "Vælg menuen **Kør** og derefter **Kør alle celler**.\n\n"
        "- **Skriveopgaver:** Du ser bedømmelseskriterierne. Skriv dit eget svar, og gem det. "
        "Når du har gemt et svar på mindst et par sætninger, kan du folde et eksempel på et "
        "godt svar ud og sammenligne. Dit svar gemmes i mappen `mine-svar/`.\n"
        "- **Regneopgaver:** Du ser, hvad opgavens synlige test tjekker, og hvad de siger, "
        "hvis noget er galt. Underviserens skjulte test er ikke med.\n\n"
        "Selve opgaverne ligger i mappen `assignments/`.")]
    cells.append(code("import digileder\n\ndigileder.setup()\n"
                      "from digileder.selfstudy import view"))
    for guide in guides:
        cells.append(markdown(f"## {guide['title']}"))
        cells.append(code(f"view.show({guide['id']!r})"))
    for number, cell in enumerate(cells):
        cell["id"] = f"selvstudie-{number}"
    return {"cells": cells, "nbformat": 4, "nbformat_minor": 5,
            "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)",
                                        "language": "python", "name": "python3"},
                         "language_info": {"name": "python"}}}


def write(repo: Path, target: Path) -> Path:
    """Write TARGET/selvstudie/ (data and notebook) for every assignment in solutions/."""
    guides = []
    for solution in sorted((repo / "solutions").glob("*/*.ipynb")):
        release = repo / "assignments" / solution.parent.name / solution.name
        if release.is_file():
            guides.append(assignment_guide(solution, release))
    folder = target / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / DATA).write_text(json.dumps({"opgaver": guides}, ensure_ascii=False, indent=1)
                               + "\n", encoding="utf-8")
    (folder / NOTEBOOK).write_text(json.dumps(_notebook(guides), ensure_ascii=False, indent=1)
                                   + "\n", encoding="utf-8")
    return folder
