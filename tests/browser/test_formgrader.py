"""Hand grading in formgrader, in a plain JupyterLab: the teacher opens an A3 submission's
grading page, gives points per rubric cell and a comment, and `digileder export` shows them.

Formgrader renders the grading page with HTMLExporter.template_name; a course config that set
the Danish feedback template globally made this page answer HTTP 500 (issue 13, point 2).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from browser_servers import lab_server

from digileder.teacher import course_init, export, feedback, grading, workflow

pytestmark = pytest.mark.browser

A3 = "a3-min-rolle"
POINTS = {"a3-q1": "4", "a3-q2": "3", "a3-q3": "5"}
COMMENT = "Godt eksempel fra Vej og Park; nævn også, hvem der ejer gevinsterne."


@pytest.fixture
def graded_a3(tmp_path) -> tuple[Path, int]:
    """A course with one autograded A3 submission; returns (course root, notebook id)."""
    roster = tmp_path / "holdliste.csv"
    roster.write_text("id,first_name,last_name,email\nanne,Anne,Holm,anne@kommune.dk\n",
                      encoding="utf-8")
    root = course_init.init_course(tmp_path / "hold", roster=roster, report=lambda _m: None)
    workflow.generate(root, A3)
    nb = json.loads((root / "release" / A3 / f"{A3}.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        gid = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if gid in POINTS:
            cell["source"] = f"Mit svar til {gid}: vi digitaliserer vintertjenesten."
            if gid == "a3-q2":  # a hostile answer must not run in the teacher's browser
                cell["source"] += ' <img src=x onerror="window.angreb = 1">'
    folder = root / "submitted" / "anne" / A3
    folder.mkdir(parents=True)
    (folder / f"{A3}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    (folder / "timestamp.txt").write_text("2026-11-30 10:00:00.000000 UTC", encoding="utf-8")
    result = grading.grade_assignment(root, A3, workers=1, report=lambda _m: None)
    assert [o.status for o in result.outcomes] == ["bedømt"], grading.summary(result)
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        notebook_id = gradebook.find_submission_notebook(A3, A3, "anne").id
    return root, notebook_id


def _question_points(root: Path) -> dict[str, str]:
    text = (root / "export" / "spoergsmaal.csv").read_text(encoding="utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;")
    rows = list(csv.DictReader(text.splitlines(), dialect=dialect))
    return {r["spoergsmaal"]: r["manuelle_point"] for r in rows if r["id"] == "anne"}


def _local_only(route) -> None:
    """Formgrader's page asks a CDN for MathJax; tests never send traffic off 127.0.0.1."""
    if route.request.url.startswith("http://127.0.0.1:"):
        route.continue_()
    else:
        route.abort()


def test_teacher_grades_a3_by_hand_in_formgrader(graded_a3, tmp_path, browser, screenshot):
    root, notebook_id = graded_a3
    with lab_server(root, tmp_path / "lab") as lab:
        # The token as a header: formgrader's own API calls carry no token in the address.
        context = browser.new_context(viewport={"width": 1280, "height": 900},
                                      extra_http_headers={"Authorization": f"token {lab.token}"})
        context.route("**/*", _local_only)
        page = context.new_page()
        saved = []
        page.on("response", lambda r: "/formgrader/api/" in r.url
                and r.request.method == "PUT" and saved.append(r.status))
        try:
            response = page.goto(f"{lab.url}formgrader/submissions/{notebook_id}/")
            assert response.status == 200, f"{response.status}\n{lab.log_tail()}"
            page.wait_for_selector("input.score")
            page.wait_for_load_state("networkidle")  # formgrader has fetched the grades
            assert page.evaluate("window.angreb") is None, "an answer's script ran"
            for grade_id, points in POINTS.items():
                box = page.locator(f"input.score#{grade_id}")
                box.fill(points)
                box.press("Tab")  # formgrader saves on change
            comment = page.locator("textarea#a3-q1-comment")
            comment.fill(COMMENT)
            comment.press("Tab")
            for _ in range(100):
                if len(saved) >= len(POINTS) + 1:
                    break
                page.wait_for_timeout(200)
            assert saved == [200] * (len(POINTS) + 1), saved
            screenshot(page, "graded")
        except Exception:
            screenshot(page, "failed")
            raise
        finally:
            context.close()

    export.export(root, report=lambda _m: None)
    shown = _question_points(root)
    for grade_id, points in POINTS.items():
        assert re.fullmatch(rf"{points}([.,]0+)?", shown[grade_id]), shown
    # The comment reaches the participant, in the Danish feedback template.
    files = feedback.generate_feedback(root, A3, release=False, report=lambda _m: None).files
    page_text = files[0].read_text(encoding="utf-8")
    assert COMMENT in page_text and "Dit svar" in page_text
