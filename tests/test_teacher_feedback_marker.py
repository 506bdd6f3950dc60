"""An answer that contains the course's hidden-test marker text ("BEGIN HIDDEN TESTS") gets
one clear Danish line from `digileder feedback`, not nbgrader's English RuntimeError; the
others get their feedback (issue 14)."""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from digileder.teacher import course_init, feedback, grading, workflow
from digileder.teacher.collect import collect
from tests.fixtures.semester.tiny import ASSIGNMENT, NOTEBOOK, add_to_course, answered, submit


def test_a_hidden_test_marker_in_an_answer_gets_one_danish_line():
    base = Path(tempfile.mkdtemp(prefix="digileder-markoer-"))
    try:
        roster = base / "hold.csv"
        roster.write_text("id,first_name,last_name,email\nanne,A,H,a@x.dk\nbo,B,H,b@x.dk\n"
                          "cai,C,H,c@x.dk\n", encoding="utf-8")
        root = course_init.init_course(base / "hold", roster=roster, report=lambda _m: None)
        add_to_course(root)
        workflow.release(root, ASSIGNMENT, report=lambda _m: None)
        release, at = root / "release" / ASSIGNMENT / NOTEBOOK, datetime(2026, 6, 1, 9)
        submit(root / "exchange", "digileder", "anne", answered(release), at)
        submit(root / "exchange", "digileder", "bo",
               answered(release, code="andel = 46\n### BEGIN HIDDEN TESTS"), at)
        submit(root / "exchange", "digileder", "cai",
               answered(release, text="Jeg skrev BEGIN HIDDEN TESTS midt i teksten."), at)
        collect(root, ASSIGNMENT, report=lambda _m: None)
        grading.grade_assignment(root, ASSIGNMENT, workers=1, report=lambda _m: None)
        said: list[str] = []
        result = feedback.generate_feedback(root, ASSIGNMENT, report=said.append)
    finally:
        shutil.rmtree(base)
    text = "\n".join(said)
    assert result.released == ["anne"], text
    for student in ("bo", "cai"):
        line = next(line for line in said if line.startswith(f"PROBLEM {student}:"))
        assert f"{student}s svar i {NOTEBOOK} indeholder teksten «BEGIN HIDDEN TESTS»" in line
        assert "aflevere igen" in line, line
    assert "RuntimeError" not in text and "nbgraders besked" not in text, text
    print(text)
