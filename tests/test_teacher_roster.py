"""The class list: what Danish Excel saves, lower-case ids, and adding participants later."""

from __future__ import annotations

import csv

import pytest

from digileder.teacher import cli, course_init, roster_store
from digileder.teacher.errors import TeacherError
from digileder.teacher.gradebook import open_gradebook
from digileder.teacher.roster import read_roster

HEADER = "id;first_name;last_name;email\r\n"


def _quiet(_message: str) -> None:
    pass


def _gradebook_students(root) -> dict[str, tuple]:
    with open_gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        return {s.id: (s.first_name, s.last_name, s.email) for s in gradebook.students}


@pytest.fixture
def course(tmp_path):
    return course_init.init_course(tmp_path / "hold", report=_quiet)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "latin-1"])
def test_what_danish_excel_saves_is_read(tmp_path, encoding):
    """Is a semicolon file in UTF-8 with BOM, Windows-1252 or Latin-1 read with æ, ø, å?"""
    path = tmp_path / "hold.csv"
    path.write_bytes((HEADER + "soeren;Søren;Ærø;s@x.dk\r\nase;Åse;Bøgh;a@x.dk\r\n")
                     .encode(encoding))
    students = read_roster(path, report=_quiet)
    assert [(s.id, s.first_name, s.last_name) for s in students] == [
        ("soeren", "Søren", "Ærø"), ("ase", "Åse", "Bøgh")]


def test_ids_are_stored_in_lower_case_and_the_teacher_is_told(tmp_path):
    """Does 'Anne' become 'anne' with a Danish note, and is 'Anne' + 'anne' a duplicate?"""
    path = tmp_path / "hold.csv"
    path.write_text("id,first_name,last_name,email\nAnne,Anne,Holm,a@x.dk\n", encoding="utf-8")
    notes: list[str] = []
    assert [s.id for s in read_roster(path, report=notes.append)] == ["anne"]
    assert "Anne → anne" in notes[0] and "små bogstaver" in notes[0]
    path.write_text("id,first_name,last_name,email\nAnne,A,H,a@x.dk\nanne,A,H,b@x.dk\n",
                    encoding="utf-8")
    with pytest.raises(TeacherError, match="række 3: id 'anne' står allerede i række 2"):
        read_roster(path, report=_quiet)


@pytest.mark.parametrize("row, problem", [
    ("-rf,Bo,Ny,b@x.dk", "id '-rf' er ikke gyldigt"),
    ("--help,Bo,Ny,b@x.dk", "id '--help' er ikke gyldigt"),
    ("bo,=HYPERLINK(\"http://x\"),Ny,b@x.dk", "fornavnet '=HYPERLINK"),
    ("bo,Bo,+45 1234,b@x.dk", "efternavnet '+45 1234' starter med '+'"),
    ("bo,Bo,Ny,@evil", "e-mailen '@evil'"),
])
def test_option_like_ids_and_formula_cells_are_refused(tmp_path, row, problem):
    """Are ids like -rf and names a spreadsheet would run as a formula refused in Danish?"""
    path = tmp_path / "hold.csv"
    path.write_text(f"id,first_name,last_name,email\n{row}\n", encoding="utf-8")
    with pytest.raises(TeacherError) as err:
        read_roster(path, report=_quiet)
    assert problem in str(err.value) and "række 2" in str(err.value)


def test_an_excel_workbook_instead_of_csv_gets_a_danish_hint(tmp_path):
    path = tmp_path / "hold.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(TeacherError, match="Excel-fil, ikke CSV"):
        read_roster(path, report=_quiet)


def test_roster_import_mid_course_adds_updates_keeps_and_is_idempotent(course, tmp_path):
    """Does import add new people, update names, keep everyone else, and change nothing twice?"""
    first = tmp_path / "start.csv"
    first.write_text("id,first_name,last_name,email\nanna,Anna,Holm,a@x.dk\n"
                     "bo,Bo,Ny,b@x.dk\n", encoding="utf-8")
    assert cli.main(["roster", "import", str(first), "--course", str(course)]) == 0
    later = tmp_path / "senere.csv"
    later.write_bytes((HEADER + "anna;Anna;Holm-Berg;a@x.dk\r\nCarl;Carl;Ærø;c@x.dk\r\n")
                      .encode("cp1252"))
    changes = roster_store.add_students(course, read_roster(later, report=_quiet))
    assert changes == {"anna": "opdateret", "carl": "ny"}
    assert roster_store.add_students(course, read_roster(later, report=_quiet)) == {
        "anna": "uændret", "carl": "uændret"}
    assert _gradebook_students(course) == {
        "anna": ("Anna", "Holm-Berg", "a@x.dk"), "bo": ("Bo", "Ny", "b@x.dk"),
        "carl": ("Carl", "Ærø", "c@x.dk")}
    saved = read_roster(roster_store.roster_path(course), report=_quiet)
    assert [(s.id, s.last_name) for s in saved] == [
        ("anna", "Holm-Berg"), ("bo", "Ny"), ("carl", "Ærø")]
    assert roster_store.roster_path(course).read_bytes().startswith(b"\xef\xbb\xbfid;")


def test_a_bad_row_changes_neither_gradebook_nor_roster_file(course, tmp_path):
    """Is an import with one bad row refused whole (nothing half added)?"""
    path = tmp_path / "hold.csv"
    path.write_text("id,first_name,last_name,email\nny,Ny,Person,n@x.dk\nsøren,S,K,s@x.dk\n",
                    encoding="utf-8")
    assert cli.main(["roster", "import", str(path), "--course", str(course)]) == 2
    assert _gradebook_students(course) == {}
    assert not roster_store.roster_path(course).exists()


def test_roster_add_from_the_command_line(course, capsys):
    """Does `roster add` add one person, say so in Danish, and refuse -rf after --?"""
    args = ["roster", "add", "Eva", "--first-name", "Eva", "--last-name", "Lund",
            "--course", str(course)]
    assert cli.main(args) == 0
    assert "Nye: eva." in capsys.readouterr().out
    assert cli.main(args) == 0
    assert "Uændrede: eva." in capsys.readouterr().out
    assert cli.main(["roster", "add", "--course", str(course), "--", "-rf"]) == 2
    assert "id '-rf' er ikke gyldigt" in capsys.readouterr().err
    assert set(_gradebook_students(course)) == {"eva"}


def test_roster_commands_without_a_course_say_so_in_danish(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DIGILEDER_TEACHER_COURSE", raising=False)
    assert cli.main(["roster", "add", "eva"]) == 2
    assert "holdets mappe" in capsys.readouterr().err
    assert cli.main(["roster", "import", str(tmp_path / "mangler.csv"),
                     "--course", str(tmp_path / "intet-hold")]) == 2
    assert "findes ikke" in capsys.readouterr().err


def test_a_gradebook_id_in_another_case_is_not_duplicated(course):
    """An old gradebook with 'Anne' must not silently get a second participant 'anne'."""
    with open_gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        gradebook.add_student("Anne")
    with pytest.raises(TeacherError, match="samme id i en anden skrivemåde"):
        roster_store.add_students(course, [read_student("anne")])


def read_student(sid):
    from digileder.teacher.roster import make_student

    return make_student(sid)


def test_course_init_roster_is_also_saved_as_holdliste(tmp_path):
    path = tmp_path / "hold.csv"
    path.write_text("id,first_name,last_name,email\nanna,Anna,Holm,a@x.dk\n", encoding="utf-8")
    root = course_init.init_course(tmp_path / "hold", roster=path, report=_quiet)
    with roster_store.roster_path(root).open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows == [["id", "first_name", "last_name", "email"], ["anna", "Anna", "Holm", "a@x.dk"]]


def test_a_broken_holdliste_stops_the_import_before_the_gradebook_changes(course, tmp_path):
    """Is a holdliste.csv the teacher broke in Excel reported, with the gradebook untouched?"""
    roster_store.roster_path(course).write_text("navn;mail\nAnna;a@x.dk\n", encoding="utf-8")
    path = tmp_path / "ny.csv"
    path.write_text("id,first_name,last_name,email\nny,Ny,Person,n@x.dk\n", encoding="utf-8")
    with pytest.raises(TeacherError, match="holdliste.csv: første linje") as err:
        roster_store.add_students(course, read_roster(path, report=_quiet))
    assert "Intet er ændret" in str(err.value)
    assert _gradebook_students(course) == {}


def test_a_bad_row_names_every_problem_not_only_the_first(tmp_path):
    """An option-like id AND a formula name on one row: both are named, with the row."""
    path = tmp_path / "hold.csv"
    path.write_text("id,first_name,last_name,email\n-rf,=SUM(A1),Ny,@evil\n", encoding="utf-8")
    with pytest.raises(TeacherError) as err:
        read_roster(path, report=_quiet)
    message = str(err.value)
    assert "række 2: id '-rf' er ikke gyldigt" in message
    assert "fornavnet '=SUM(A1)'" in message and "e-mailen '@evil'" in message
    assert "efternavnet" not in message


def test_roster_import_of_a_folder_says_it_is_a_folder_and_names_the_file(course, tmp_path,
                                                                            capsys):
    folder = tmp_path / "lister"
    folder.mkdir()
    (folder / "hold-2027.csv").write_text("id,first_name,last_name,email\n", encoding="utf-8")
    assert cli.main(["roster", "import", str(folder), "--course", str(course)]) == 2
    err = capsys.readouterr().err
    assert "er en mappe, ikke en fil" in err and "hold-2027.csv" in err
    assert "id,first_name,last_name,email" in err and "findes ikke" not in err
