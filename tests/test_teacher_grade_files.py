"""Grade files: Danish Excel CSV, Moodle/Canvas/Brightspace imports, and who is in them."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest

from digileder.teacher import cli, course_init, export, grade_files, grade_rows
from digileder.teacher.errors import TeacherError
from digileder.teacher.grade_rows import GradeRow
from digileder.teacher.gradebook import open_gradebook
from tests.conftest import ROOT


def _quiet(_message: str) -> None:
    pass


ROWS = [
    GradeRow("anna", "Anna", "Holm", "a@x.dk", "a1", grade_rows.GRADED, 15.5, 17.0, False,
             submitted=datetime(2026, 6, 1, 19, 30, 12), late=True),
    GradeRow("anna", "Anna", "Holm", "a@x.dk", "a2", grade_rows.PENDING, 11.0, 16.0, True),
    GradeRow("bo", "=HYPERLINK(\"http://x\",\"klik\")", "-Ny", "@b", "a1", grade_rows.MISSING,
             None, 17.0, False),
    GradeRow("bo", "=HYPERLINK(\"http://x\",\"klik\")", "-Ny", "@b", "a2", grade_rows.FAILED,
             None, 16.0, False),
]


def _read(data: bytes, encoding: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(encoding)), delimiter=delimiter))


def test_danish_excel_csv_has_bom_semicolons_decimal_comma_and_ja_nej():
    """Would Danish Excel open karakterer.csv in columns with 15,5 and ja/nej?"""
    data = grade_files.totals_csv(ROWS)
    assert data.startswith(b"\xef\xbb\xbfid;fornavn;efternavn;opgave;status;point;")
    rows = _read(data, "utf-8-sig", ";")
    assert rows[1] == ["anna", "Anna", "Holm", "a1", "bedømt", "15,5", "17", "nej", "ja",
                       "2026-06-01 21:30:12", "ja", ""]  # late; Danish time Excel can sort
    assert rows[3][9:11] == ["", "nej"]
    assert rows[2][5:8] == ["11", "16", "ja"]
    assert rows[3][4:6] == ["mangler", ""]
    assert rows[4][4] == "fejl ved bedømmelse"
    assert "True" not in data.decode("utf-8-sig") and "15.5" not in data.decode("utf-8-sig")


@pytest.mark.parametrize("write", [grade_files.totals_csv, grade_files.moodle_csv,
                                   grade_files.canvas_csv, grade_files.brightspace_csv])
def test_no_cell_in_any_export_starts_a_formula(write):
    """Is every text cell starting with = + - @ defused with a leading apostrophe?"""
    data = write(ROWS)
    text = data.decode("utf-8-sig")
    delimiter = ";" if text.startswith("id;") else ","
    cells = [c for row in _read(data, "utf-8-sig", delimiter) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    if write is not grade_files.brightspace_csv:  # Brightspace holds no names
        assert any(c.startswith("'") and "=HYPERLINK" in c for c in cells)


def test_moodle_file_has_user_columns_to_map_and_one_grade_column_per_assignment():
    rows = _read(grade_files.moodle_csv(ROWS), "utf-8", ",")
    assert rows[0] == ["First name", "Last name", "Username", "Email address", "a1", "a2"]
    # a2 waits for hand grading: empty, or the LMS would record the partial points as the grade
    assert rows[1] == ["Anna", "Holm", "anna", "a@x.dk", "15.5", ""]
    assert rows[2][2:] == ["bo", "'@b", "", ""]  # missing and failed: a row, no grade


def test_canvas_file_has_the_documented_leading_columns():
    rows = _read(grade_files.canvas_csv(ROWS), "utf-8", ",")
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "a1", "a2"]
    assert rows[1] == ["Holm, Anna", "", "", "anna", "", "15.5", ""]
    assert rows[2][3:] == ["bo", "", "", ""]


def test_brightspace_file_names_each_item_points_grade():
    rows = _read(grade_files.brightspace_csv(ROWS), "utf-8", ",")
    assert rows[0] == ["Username", "a1 Points Grade", "a2 Points Grade"]
    assert rows[1:] == [["anna", "15.5", ""], ["bo", "", ""]]


@pytest.fixture
def course(tmp_path):
    """A course with four participants on the roster and one assignment in the gradebook."""
    root = course_init.init_course(tmp_path / "hold", report=_quiet)
    with open_gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        gradebook.add_assignment("a1")
        for sid in ("anna", "bo", "carl", "dorte"):
            gradebook.add_student(sid, first_name=sid.title())
        gradebook.add_submission("a1", "anna")
    for sid in ("carl", "dorte"):
        (root / "submitted" / sid / "a1").mkdir(parents=True)
    (root / "logs").mkdir(exist_ok=True)  # course init makes it (private) since af8dd9a
    (root / "logs" / "grade-a1-carl.log").write_text("CellTimeoutError", encoding="utf-8")
    return root


def test_missing_failed_and_ungraded_participants_are_rows_in_every_export(course):
    """Does everyone on the roster appear, with a status saying why there is no grade?"""
    out = export.export(course, report=_quiet)
    totals = _read((out / "karakterer.csv").read_bytes(), "utf-8-sig", ";")
    status = {row[0]: row[4] for row in totals[1:]}
    assert status == {"anna": "bedømt", "bo": "mangler", "carl": "fejl ved bedømmelse",
                      "dorte": "afleveret"}
    questions = _read((out / "spoergsmaal.csv").read_bytes(), "utf-8-sig", ";")
    assert questions[0][-1] == "status"
    assert {(row[0], row[-1]) for row in questions[1:] if not row[3]} == {
        ("bo", "mangler"), ("carl", "fejl ved bedømmelse"), ("dorte", "afleveret")}
    for name, delimiter in (("moodle.csv", ","), ("canvas.csv", ","), ("brightspace.csv", ",")):
        rows = _read((out / name).read_bytes(), "utf-8", delimiter)
        assert len(rows) == 5, name
        ids = {c for row in rows[1:] for c in row}
        assert {"anna", "bo", "carl", "dorte"} <= ids, name


def test_export_never_overwrites_a_file_it_did_not_make(course, tmp_path):
    """Is a teacher's own karakterer.csv in --out left alone, with a Danish error?"""
    out = tmp_path / "dokumenter"
    out.mkdir()
    (out / "karakterer.csv").write_text("mine egne karakterer", encoding="utf-8")
    with pytest.raises(TeacherError, match="ikke er lavet af digileder export. Jeg "
                                           "overskriver den ikke"):  # one file: den, not dem
        export.export(course, out, report=_quiet)
    assert (out / "karakterer.csv").read_text(encoding="utf-8") == "mine egne karakterer"
    assert not (out / "moodle.csv").exists()
    export.export(course, report=_quiet)
    export.export(course, report=_quiet)  # a second run replaces its own files
    old_format = course / "export" / "karakterer.csv"  # as exports before this change wrote it
    old_format.write_text("id,fornavn,efternavn,opgave,point\n", encoding="utf-8")
    export.export(course, report=_quiet)
    assert old_format.read_bytes().startswith(b"\xef\xbb\xbfid;fornavn")


def test_export_into_the_repository_is_refused(course, capsys):
    code = cli.main(["export", "--course", str(course), "--out", str(ROOT / "export-test")])
    assert code == 2
    assert "repository" in capsys.readouterr().err
    assert not (ROOT / "export-test").exists()


def test_export_without_a_course_is_a_danish_error(tmp_path, capsys):
    assert cli.main(["export", "--course", str(tmp_path / "intet")]) == 2
    assert "digileder course init" in capsys.readouterr().err


def test_the_export_names_those_left_empty_in_the_lms_files_for_hand_grading(tmp_path):
    """Semester walk #24: '8 mangler' was said, but not the cells empty for hand grading."""
    said = export._without_points(ROWS, tmp_path)
    waiting = [line for line in said if line.startswith("Tomme i LMS-filerne")]
    assert len(waiting) == 1 and "1 (anna (a2))" in waiting[0]
