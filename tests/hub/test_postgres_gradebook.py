"""The same grading run as on the hub, with the gradebook in PostgreSQL instead of SQLite.

A throwaway PostgreSQL server (Debian's postgresql, tools/ensure-postgres) is started on a
free loopback port and stopped at the end.
"""

from __future__ import annotations

import json

import pytest
from hub_answers import ASSIGNMENT, class_answers, fill, write_notebook
from hub_system import postgres_server, psql, require_root, scratch_dir

from digileder.teacher import cli

pytestmark = [pytest.mark.hub, pytest.mark.slow]
COURSE_ID = "digileder-pg"


def test_grading_and_feedback_with_a_postgresql_gradebook(capsys):
    require_root()  # initdb and the server run as the unix user postgres
    import shutil

    base = scratch_dir("pg-course-")
    try:
        with postgres_server() as url:
            root = base / "hold"
            roster = base / "holdliste.csv"
            people = class_answers()
            roster.write_text("id,first_name,last_name,email\n" + "".join(
                f"{sid},Opdigtet,{sid.title()},{sid}@example.invalid\n" for sid in people),
                encoding="utf-8")
            assert cli.main(["course", "init", str(root), "--db", url, "--roster", str(roster),
                             "--course-id", COURSE_ID]) == 0
            assert cli.main(["release", ASSIGNMENT, "--course", str(root)]) == 0
            released = json.loads((root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
                                  .read_text(encoding="utf-8"))
            for sid, (answers, _expected) in people.items():
                folder = root / "submitted" / sid / ASSIGNMENT
                folder.mkdir(parents=True)
                write_notebook(folder / f"{ASSIGNMENT}.ipynb",
                               fill(json.loads(json.dumps(released)), answers))
                (folder / "timestamp.txt").write_text("2025-03-01 10:00:00.000000 CET")

            assert cli.main(["grade", ASSIGNMENT, "--course", str(root), "--workers", "2"]) == 0
            # The answers were put straight into submitted/, not handed in through the exchange,
            # so there is no submission secret to release feedback against: make it only.
            assert cli.main(["feedback", ASSIGNMENT, "--course", str(root), "--no-release"]) == 0

            from nbgrader.api import Gradebook

            with Gradebook(url, COURSE_ID) as gradebook:
                scores = {sid: gradebook.find_submission(ASSIGNMENT, sid).score
                          for sid in people}
            assert scores == {sid: expected for sid, (_a, expected) in people.items()}
            # The grades really are in PostgreSQL, and no SQLite gradebook was made.
            assert not (root / "gradebook.db").exists()
            stored = psql(url, "select student_id from submitted_assignment "
                               "order by student_id")
            assert stored.split() == sorted(people)
            for sid in people:
                assert (root / "feedback" / sid / ASSIGNMENT / f"{ASSIGNMENT}.html").is_file()
    finally:
        shutil.rmtree(base, ignore_errors=True)
    out = capsys.readouterr().out
    assert "3/3 bedømt" in out
