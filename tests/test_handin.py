"""The "Dine opgaver" panel's model and its exchange calls against a real nbgrader exchange.

The teacher's side runs the course's own commands (`digileder course init`, `release`,
`collect`, `grade`, `feedback`); the participant's side is the panel's exchange module,
in this process, as it runs in a participant's kernel.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from digileder.handin import exchange, model
from digileder.teacher import cli
from tests.conftest import ROOT
from tests.hub.hub_answers import (
    ASSIGNMENT,
    fill,
    points_for,
    solution_answers,
    written_answers,
)

pytestmark = pytest.mark.slow
COURSE_ID = "digileder-panel"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"


def teacher(*args: str) -> str:
    """The teacher's command as `digileder` runs it, in this process (no start-up of its own,
    as in test_teacher_semester); what it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(args))
    assert code == 0, out.getvalue() + err.getvalue()
    return out.getvalue()


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    base = tmp_path_factory.mktemp("panel")
    exchange_dir, etc, home = base / "exchange", base / "etc", base / "home"
    for folder in (exchange_dir, etc, home):
        folder.mkdir()
    exchange_dir.chmod(0o1777)
    (etc / "nbgrader_config.py").write_text(
        f"c = get_config()  # noqa: F821\nc.Exchange.root = {str(exchange_dir)!r}\n"
        f"c.CourseDirectory.course_id = {COURSE_ID!r}\n", encoding="utf-8")
    course = base / "hold"
    teacher("course", "init", str(course), "--exchange", str(exchange_dir),
            "--course-id", COURSE_ID)
    teacher("release", ASSIGNMENT, "--course", str(course))
    return {"course": course, "etc": etc, "home": home, "exchange": exchange_dir}


@pytest.fixture
def participant(classroom, monkeypatch):
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(classroom["etc"]))
    monkeypatch.setenv("DIGILEDER_HANDIN_ROOT", str(classroom["home"]))
    # nbgrader caches a participant's submissions in their own Jupyter data folder.
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(classroom["home"] / ".local-jupyter"))
    # A kernel runs in its notebook's folder, not in the server's root.
    (classroom["home"] / "modules").mkdir(exist_ok=True)
    monkeypatch.chdir(classroom["home"] / "modules")
    return classroom


def only(assignments: list[model.Assignment]) -> model.Assignment:
    (found,) = [a for a in assignments if a.assignment_id == ASSIGNMENT]
    return found


def test_a_participant_fetches_checks_hands_in_and_reads_feedback(participant):
    home, course = participant["home"], participant["course"]
    row = only(exchange.list_assignments())
    assert (row.title, row.status) == ("A1 · Læs tallene", model.Status.RELEASED)

    folder = exchange.fetch(row)
    assert (folder / NOTEBOOK).is_file()
    row = only(exchange.list_assignments())
    assert row.status is model.Status.FETCHED
    # A second fetch never overwrites the participant's work.
    (folder / NOTEBOOK).write_text((folder / NOTEBOOK).read_text(encoding="utf-8") + " ",
                                   encoding="utf-8")
    before = (folder / NOTEBOOK).read_bytes()
    with pytest.raises(exchange.HandinError, match="bliver ikke overskrevet"):
        exchange.fetch(row)
    assert (folder / NOTEBOOK).read_bytes() == before

    # A Mac's hidden copy beside the notebook is neither checked nor handed in.
    mac_copy = folder / f"._{NOTEBOOK}"
    mac_copy.write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ")
    # Untouched: the check explains in Danish what is missing.
    explanations = [e for r in exchange.validate(row) for e in model.explain_validation(r)]
    assert explanations and all("Traceback" not in e for e in explanations)
    assert any("variablen svar findes ikke" in e or "svarene mangler" in e
               for e in explanations), explanations

    notebook = fill(json.loads((folder / NOTEBOOK).read_text(encoding="utf-8")),
                    {**solution_answers(), **written_answers()})
    (folder / NOTEBOOK).write_text(json.dumps(notebook), encoding="utf-8")
    results = exchange.validate(row)
    assert [model.explain_validation(r) for r in results] == [[]]

    submitted, notebooks = exchange.submit(row)
    assert notebooks == [NOTEBOOK]
    lines = model.receipt(row, submitted, notebooks).lines()
    assert lines[0].startswith("Kvittering: A1 · Læs tallene er afleveret ")
    assert only(exchange.list_assignments()).status is model.Status.SUBMITTED

    assert not list(Path(participant["exchange"]).rglob(mac_copy.name))
    teacher("collect", ASSIGNMENT, "--course", str(course))
    teacher("grade", ASSIGNMENT, "--course", str(course), "--workers", "1")
    teacher("feedback", ASSIGNMENT, "--course", str(course))
    # Grading ran the panel's cell: it printed nothing and the grade is the full score.
    (graded,) = (course / "autograded").glob(f"*/{ASSIGNMENT}/{NOTEBOOK}")
    first = json.loads(graded.read_text(encoding="utf-8"))["cells"][0]
    assert "handin.show()" in "".join(first["source"]) and first["outputs"] == []
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course}/gradebook.db", COURSE_ID) as gradebook:
        score = gradebook.find_submission(ASSIGNMENT, graded.parts[-3]).score
    assert score == points_for(sorted(solution_answers()))
    row = only(exchange.list_assignments())
    assert row.status is model.Status.FEEDBACK and row.submissions[-1].feedback_waiting
    exchange.fetch_feedback(row)
    latest = only(exchange.list_assignments()).submissions[-1]
    files = exchange.feedback_files(latest.feedback_path)
    assert files and all((home / f).is_file() for f in files)
    assert exchange.server_url(files[0]).startswith("/files/")


def test_no_exchange_is_a_friendly_message_not_an_error(tmp_path, monkeypatch):
    """Self-study without a hub: module 00's panel says where the assignments are."""
    import ipywidgets

    from digileder import handin

    etc = tmp_path / "etc"
    etc.mkdir()
    (etc / "nbgrader_config.py").write_text(
        f"c = get_config()  # noqa: F821\nc.Exchange.root = {str(tmp_path / 'none')!r}\n",
        encoding="utf-8")
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(etc))
    monkeypatch.setenv("DIGILEDER_HANDIN_ROOT", str(tmp_path))
    monkeypatch.setenv("JPY_SESSION_NAME", "modules/00-kom-godt-i-gang.ipynb")
    with pytest.raises(exchange.NoExchange, match="mappen assignments"):
        exchange.list_assignments()
    panel = handin.show()
    assert isinstance(panel, ipywidgets.VBox)
    assert "mappen assignments" in panel.message.value
    assert "error-color" not in panel.message.value and not panel.rows.children


def test_working_alone_the_panel_knows_without_importing_nbgrader(tmp_path):
    """No nbgrader config and no exchange at nbgrader's default place: the panel says so
    without importing nbgrader (1-2 s of module 00's start). A config file anywhere
    nbgrader looks, or the default exchange folder, means asking nbgrader itself."""
    code = (
        "import json, sys\n"
        "from digileder.handin import exchange\n"
        "exchange.DEFAULT_EXCHANGE = sys.argv[1]\n"
        "try:\n"
        "    exchange.list_assignments()\n"
        "    said = 'listed'\n"
        "except exchange.NoExchange as info:\n"
        "    said = str(info)\n"
        "print(json.dumps([said, 'nbgrader' in sys.modules]))\n")
    home, etc, default = tmp_path / "home", tmp_path / "etc", tmp_path / "standard"
    home.mkdir()
    etc.mkdir()
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "JUPYTER_CONFIG_PATH": str(etc),
           "JUPYTER_CONFIG_DIR": str(home / ".jupyter"), "DIGILEDER_HANDIN_ROOT": str(home)}

    def panel_says():
        done = subprocess.run([sys.executable, "-c", code, str(default)], env=env, cwd=home,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    assert panel_says() == [exchange.NO_EXCHANGE, False]
    default.mkdir()  # nbgrader's default exchange exists: nbgrader is asked
    assert panel_says()[1] is True
    default.rmdir()
    (etc / "nbgrader_config.py").write_text(
        f"c = get_config()  # noqa: F821\nc.Exchange.root = {str(tmp_path / 'none')!r}\n")
    assert panel_says() == [exchange.NO_EXCHANGE, True]


def test_an_exchange_set_in_jupyter_config_is_found(tmp_path, monkeypatch):
    """nbgrader, a Jupyter app, also reads jupyter_config.py/.json (the config every Jupyter
    app shares) on the config path: an exchange a hub sets there is not 'no exchange'."""
    etc, root = tmp_path / "etc", tmp_path / "exchange"
    etc.mkdir()
    root.mkdir()
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(etc))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "home"))
    monkeypatch.setenv("DIGILEDER_HANDIN_ROOT", str(tmp_path))
    monkeypatch.setattr(exchange, "DEFAULT_EXCHANGE", str(tmp_path / "standard"))
    for name, text in (("jupyter_config.py", f"c.Exchange.root = {str(root)!r}\n"),
                       ("jupyter_config.json", json.dumps({"Exchange": {"root": str(root)}}))):
        (etc / name).write_text(text, encoding="utf-8")
        assert exchange._nbgrader_config().Exchange.root == str(root)  # nbgrader reads it
        assert exchange.list_assignments() == []  # a hub with no assignments out yet
        (etc / name).unlink()


def test_the_default_exchange_is_nbgraders():
    from nbgrader.exchange.default.exchange import Exchange

    assert exchange.DEFAULT_EXCHANGE == Exchange.root.default_value


def test_nbgrader_prints_nothing_into_the_notebook(tmp_path, monkeypatch, capfd):
    """No config anywhere: nbgrader would warn on stderr, which Lab shows in red."""
    for variable in ("JUPYTER_CONFIG_DIR", "JUPYTER_CONFIG_PATH", "DIGILEDER_HANDIN_ROOT"):
        monkeypatch.setenv(variable, str(tmp_path))
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "0")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(exchange.HandinError):
        exchange.list_assignments()
    assert capfd.readouterr() == ("", "")


def test_receipts_say_whether_a_hand_in_was_late():
    deadline = datetime(2027, 3, 12, 23, 59)
    row = model.Assignment("a1-laes-tallene", "c", "A1 · Læs tallene", deadline=deadline)
    on_time = model.receipt(row, model.Submission(datetime(2027, 3, 12, 22, 0)), ["a1.ipynb"])
    late = model.receipt(row, model.Submission(datetime(2027, 3, 13, 0, 1)), ["a1.ipynb"])
    assert on_time.lines()[1:] == ["Afleveret: a1.ipynb.", "Afleveringen er kommet inden fristen."]
    assert "efter fristen" in late.lines()[2]
    assert on_time.lines()[0] == ("Kvittering: A1 · Læs tallene er afleveret "
                                  "12. marts 2027 kl. 22.00.")
    no_deadline = model.receipt(model.Assignment("a1", "c", "A1"),
                                model.Submission(datetime(2027, 1, 1)), [])
    assert no_deadline.late is None and "ingen frist" in no_deadline.lines()[2]


def test_deadlines_from_the_course_map_as_a_teacher_writes_them(tmp_path):
    course_map = tmp_path / "course_map.yml"
    course_map.write_text(
        "modules: []\nassignments:\n"
        "  - {id: a1, title: 'A1 · Læs tallene', deadline: 2027-03-12 23:59}\n"
        "  - {id: a2, title: A2, deadline: 2027-03-13}\n"
        "  - {id: a3, title: A3, deadline: 'på fredag'}\n"
        "  - just text\n", encoding="utf-8")
    titles, deadlines = exchange.titles_and_deadlines(course_map)
    assert titles == {"a1": "A1 · Læs tallene", "a2": "A2", "a3": "A3"}
    assert deadlines == {"a1": datetime(2027, 3, 12, 23, 59),
                         "a2": datetime(2027, 3, 13, 23, 59, 59)}
    course_map.write_text("assignments: [unclosed", encoding="utf-8")
    assert exchange.titles_and_deadlines(course_map) == ({}, {})


def test_a_hostile_assignment_id_cannot_inject_html():
    from digileder.handin.view import HandinPanel

    view = HandinPanel()
    view.say(["Fejl", 'Mappen <a href="javascript:alert(1)">x</a> findes'], problem=True)
    assert "<a href" not in view.message.value and "&lt;a href" in view.message.value
    row = view._row(model.Assignment("<b>a1</b>", "c", "<script>x</script>"))
    assert "<script>" not in row.children[0].value


def test_nbgraders_utc_timestamps_are_shown_in_danish_time():
    assert model.parse_timestamp("2026-11-30 14:20:05.123456 UTC") == \
        datetime(2026, 11, 30, 15, 20, 5, 123456)
    assert model.parse_timestamp("2026-07-01 10:00:00.000000 UTC").hour == 12  # summer time
    assert model.parse_timestamp("2026-11-30 15:20:05.000001 CET").hour == 15


def test_failing_visible_tests_are_explained_in_danish():
    failed = {"failed": [
        {"source": "# Test: tabellen svar har 600 rækker.\nassert len(svar) == 600",
         "raw_error": "\x1b[31mAssertionError\x1b[0m: svar skal have 600 rækker, men har 3."},
        {"source": "# Test: andelen er et tal.\nassert 0 <= x <= 1",
         "raw_error": "Traceback ...\nNameError: name 'andel' is not defined"},
        {"source": "", "raw_error": "You did not provide a response."},
        {"source": "x = 1", "raw_error": "ZeroDivisionError: division by zero"},
    ]}
    assert model.explain_validation(failed) == [
        "Testen »tabellen svar har 600 rækker« fejlede: svar skal have 600 rækker, men har 3.",
        "Testen »andelen er et tal« fejlede: variablen andel findes ikke. Har du skrevet "
        "navnet rigtigt og kørt cellen med dit svar?",
        "Et af svarene mangler stadig. Skriv dit svar i cellen, og gem notesbogen.",
        "En celle fejlede: Python melder »ZeroDivisionError: division by zero«.",
    ]
    assert "låst" in model.explain_validation({"changed": [{"source": "x"}]})[0]
    assert model.explain_validation({}) == []


def test_listing_rows_merge_nbgraders_records():
    listing = [
        {"course_id": "c", "assignment_id": "a2-business-case", "status": "released"},
        {"course_id": "c", "assignment_id": "a1-laes-tallene", "status": "fetched",
         "notebooks": [{"path": "a1-laes-tallene/a1-laes-tallene.ipynb"}]},
        {"course_id": "c", "assignment_id": "a1-laes-tallene", "status": "submitted",
         "submissions": [
             {"timestamp": "2026-11-30 10:00:00.000000 UTC", "has_local_feedback": True,
              "local_feedback_path": "a1-laes-tallene/feedback/x",
              "has_exchange_feedback": True},
             {"timestamp": "2026-11-30 12:00:00.000000 UTC", "has_local_feedback": False,
              "has_exchange_feedback": False}]},
        {"course_id": "c", "assignment_id": "zz-ny", "status": "released"},
    ]
    rows = model.assignments_from_listing(listing, {"a1-laes-tallene": "A1 · Læs tallene"})
    assert [(r.assignment_id, r.title, r.status) for r in rows] == [
        ("a1-laes-tallene", "A1 · Læs tallene", model.Status.SUBMITTED),  # newest: no feedback
        ("a2-business-case", "A2 · business case", model.Status.RELEASED),
        ("zz-ny", "ZZ · ny", model.Status.RELEASED),
    ]
    assert rows[0].submissions[0].feedback_path == "a1-laes-tallene/feedback/x"


def test_the_panel_keeps_still_outside_a_participants_lab(monkeypatch, capsys):
    """During nbgrader, nbval or nbconvert runs: no output, no exchange call."""
    from digileder import handin

    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.setattr(exchange, "list_assignments",
                        lambda *a: pytest.fail("the exchange was called"))
    assert handin.show() is None
    assert capsys.readouterr() == ("", "")


def test_every_released_assignment_starts_with_the_panel():
    for folder in ("solutions", "assignments"):
        for path in sorted((ROOT / folder).glob("*/*.ipynb")):
            first = json.loads(path.read_text(encoding="utf-8"))["cells"][0]
            assert "handin.show()" in "".join(first["source"]), path
            assert "nbgrader" not in first["metadata"], path  # never graded, never locked
            assert first["metadata"].get("jupyter", {}).get("source_hidden"), path


def test_feedback_link_uses_the_hub_prefix(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/user/anna/")
    assert exchange.server_url("a1/feedback/t/a1.html") == "/user/anna/files/a1/feedback/t/a1.html"
    assert Path(exchange.server_url("x")).name == "x"
