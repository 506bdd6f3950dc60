"""`digileder grade` runs participant code in a sandbox it cannot escape.

One batch (two workers) with honest participants and one hostile A1 submission per attack
of issue 14. Each test fails when grading runs without the sandbox (today's main).
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from digileder.teacher import course_init, grading, sandbox, workflow
from digileder.teacher.errors import TeacherError
from digileder.teacher.locations import repo_root
from tests.fixtures.processes import processes_with
from tests.fixtures.submissions import escape
from tests.fixtures.submissions.hostile import (
    ASSIGNMENT,
    EXPECTED_AUTO,
    FULL,
    NOTEBOOK,
    auto_scores,
    build_all,
)

pytestmark = pytest.mark.slow
TIMEOUT = 30  # as in test_teacher_grading: a loaded CI machine needs it for the first import
# No infinite loop here (it costs the whole cell time limit): a timeout in the sandbox is
# graded and named in test_teacher_semester.py.
HONEST = ("p01-loesning", "p02-anden-vej", "p03-forkert")


def _printed(root: Path, student: str) -> str:
    """Everything the participant's code printed, from the grader's executed notebook."""
    nb = json.loads((root / "autograded" / student / ASSIGNMENT / NOTEBOOK).read_text("utf-8"))
    return "\n".join(o.get("text", "") if isinstance(o.get("text", ""), str)
                     else "".join(o["text"])
                     for cell in nb["cells"] for o in cell.get("outputs", []))


class _Listener:
    """A TCP server on 127.0.0.1 that counts who connects (nobody should)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.5)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.running = True
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while self.running:
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except OSError:
                continue

    def close(self):
        self.running = False
        self.sock.close()


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    base = tmp_path_factory.mktemp("sandkasse")
    root = course_init.init_course(base / "hold", timeout=TIMEOUT, report=lambda _m: None)
    workflow.generate(root, ASSIGNMENT)
    release = root / "release" / ASSIGNMENT / NOTEBOOK
    marker = f"digileder-angreb-{uuid.uuid4().hex[:8]}"
    listener = _Listener()
    honest = build_all(root / "source" / ASSIGNMENT / NOTEBOOK, release)
    files = {s: honest[s] for s in HONEST}
    files.update(escape.build_attacks(release, root, repo_root(), listener.port, marker))
    for student, contents in files.items():
        folder = root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        for name, data in contents.items():
            (folder / name).write_bytes(data)
    os.environ[escape.SECRET_NAME] = escape.SECRET_VALUE  # the workers inherit it
    try:
        report = grading.grade_assignment(root, ASSIGNMENT, workers=2, report=lambda _m: None)
    finally:
        del os.environ[escape.SECRET_NAME]
    right_after = auto_scores(root)
    time.sleep(3)  # time for anything left behind to act
    yield {"root": root, "report": report, "marker": marker, "listener": listener,
           "right_after": right_after}
    listener.close()
    for pid in processes_with(marker):  # only if the sandbox failed
        os.kill(pid, 9)


ATTACKS = ["x01-loesning", "x02-skjulte-test", "x03-karakterbog", "x04-anden-deltager",
           "x05-miljoe", "x06-skriv-udenfor", "x07-netvaerk"]


@pytest.mark.parametrize("student", ATTACKS)
def test_each_attack_is_blocked(batch, student):
    printed = _printed(batch["root"], student)
    assert "BLOKERET" in printed, printed
    assert "LÆST" not in printed, printed


def test_no_secret_reaches_an_output(batch):
    from digileder.teacher.leaks import secrets

    hidden = secrets(batch["root"] / "source" / ASSIGNMENT)  # solution and hidden test lines
    assert len(hidden) > 5
    for student in ATTACKS:
        printed = _printed(batch["root"], student)
        for secret in (escape.SECRET_VALUE, "BEGIN HIDDEN", "BEGIN SOLUTION", "p01-loesning",
                       *hidden):
            assert secret not in printed, (student, secret)


def test_nothing_is_written_outside_the_submission(batch):
    marker = batch["marker"]
    assert not list(batch["root"].rglob(f"hacket-{marker}.txt"))
    assert not Path(f"/tmp/hacket-{marker}.txt").exists()
    assert not (repo_root() / f"hacket-{marker}.txt").exists()
    assert not list(batch["root"].parent.glob(f"*{marker}*"))


def test_no_network_connection_gets_out(batch):
    assert batch["listener"].connections == 0


def test_no_process_outlives_its_grading(batch):
    assert "STARTET" in _printed(batch["root"], "x08-efterladt-proces")
    assert processes_with(batch["marker"]) == []


def test_nothing_rewrites_the_gradebook_after_grading(batch):
    assert "STARTET" in _printed(batch["root"], "x09-ret-karakterbog")
    now = auto_scores(batch["root"])
    assert now == batch["right_after"]
    assert now["p01-loesning"] == batch["right_after"]["p01-loesning"] == FULL


def test_honest_participants_keep_exactly_their_grades(batch):
    scores = auto_scores(batch["root"])
    for student in HONEST:
        assert scores[student] == EXPECTED_AUTO[student], student
    for student in [*ATTACKS, "x08-efterladt-proces", "x09-ret-karakterbog",
                    "x10-hukommelse", "x11-processer"]:
        assert scores[student] == FULL, student  # blocked attacks neither cost nor gain


def test_limits_are_named_in_danish_in_the_summary(batch):
    outcomes = {o.student: o for o in batch["report"].outcomes}
    assert all(o.status == "bedømt" for o in outcomes.values()), outcomes
    assert "LÆST" not in _printed(batch["root"], "x10-hukommelse")
    assert "LÆST" not in _printed(batch["root"], "x11-processer")
    text = grading.summary(batch["report"])
    assert "x10-hukommelse: Koden i celle" in text and "hukommelsesgrænsen" in text
    assert "x11-processer: Koden i celle" in text and "flere processer" in text
    for student in ("p01-loesning", *ATTACKS):
        assert not outcomes[student].message, (student, outcomes[student].message)


# --- refusing without a sandbox --------------------------------------------------------------

@pytest.fixture(scope="module")
def small_course(tmp_path_factory):
    base = tmp_path_factory.mktemp("lille")
    root = course_init.init_course(base / "hold", timeout=TIMEOUT, report=lambda _m: None)
    workflow.generate(root, ASSIGNMENT)
    folder = root / "submitted" / "p14-uroert" / ASSIGNMENT
    folder.mkdir(parents=True)
    (folder / NOTEBOOK).write_bytes((root / "release" / ASSIGNMENT / NOTEBOOK).read_bytes())
    return root


def test_grade_refuses_in_danish_without_bubblewrap(small_course, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "tom"))
    with pytest.raises(TeacherError) as err:
        grading.grade_assignment(small_course, ASSIGNMENT, workers=1, force=True,
                                 students=["p14-uroert"], report=lambda _m: None)
    assert "bubblewrap" in str(err.value) and "--uden-sandkasse" in str(err.value)


def test_grade_refuses_when_namespaces_are_not_allowed(small_course, monkeypatch, tmp_path):
    fake = tmp_path / "bin" / "bwrap"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'bwrap: No permissions to creating new namespace, likely "
                    "because the kernel does not allow non-privileged user namespaces.' >&2\n"
                    "exit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(TeacherError) as err:
        grading.grade_assignment(small_course, ASSIGNMENT, workers=1, force=True,
                                 students=["p14-uroert"], report=lambda _m: None)
    assert "navnerum" in str(err.value) and "--uden-sandkasse" in str(err.value)


def test_without_sandbox_grading_warns_and_still_works(small_course, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", f"{tmp_path / 'tom'}{os.pathsep}{os.environ['PATH']}")
    lines: list[str] = []
    report = grading.grade_assignment(small_course, ASSIGNMENT, workers=1, sandbox=False,
                                      force=True, students=["p14-uroert"], report=lines.append)
    assert [o.status for o in report.outcomes] == ["bedømt"]
    assert any("UDEN sandkasse" in line for line in lines)


def test_limits_come_from_nbgrader_config(small_course, tmp_path):
    from digileder.teacher.config import load_course_config

    config = (small_course / "nbgrader_config.py").read_text()
    (tmp_path / "nbgrader_config.py").write_text(config + "c.Sandbox.memory_mib = 2048\n"
                                                          "c.Sandbox.max_processes = 40\n")
    box = sandbox.settings(load_course_config(tmp_path))
    assert (box.memory_mib, box.max_processes, box.cpu_seconds) == (2048, 40, 600)
    assert not any("solutions" in path for path in box.read_only)
    assert str(repo_root()) not in box.read_only


def test_a_kernel_over_its_cpu_time_is_stopped_with_a_danish_error(small_course):
    config = small_course / "nbgrader_config.py"
    before = config.read_text()
    release = json.loads((small_course / "release" / ASSIGNMENT / NOTEBOOK).read_text("utf-8"))
    from tests.fixtures.submissions.hostile import CORRECT, _answer

    loop = "svar = data.survey()\nwhile True:\n    pass"
    busy = _answer(release, dict(CORRECT, **{"a1-q1": loop}))
    folder = small_course / "submitted" / "p20-cpu" / ASSIGNMENT
    folder.mkdir(parents=True)
    (folder / NOTEBOOK).write_text(json.dumps(busy), encoding="utf-8")
    config.write_text(before + "c.Sandbox.cpu_seconds = 3\n")
    try:
        report = grading.grade_assignment(small_course, ASSIGNMENT, workers=1,
                                          students=["p20-cpu"], report=lambda _m: None)
    finally:
        config.write_text(before)
    [outcome] = report.outcomes
    assert outcome.status == "fejl" and "CPU-tid" in outcome.message, outcome


# --- nothing one submission leaves in shared memory reaches the next -------------------------

IPC_KEY = 0x4C0DE14
SYSV = f'''
import ctypes
_libc = ctypes.CDLL(None, use_errno=True)
_libc.shmat.restype = ctypes.c_void_p
KEY, IPC_CREAT = {IPC_KEY}, 0o1000
'''
LEAVE = SYSV + '''
shm = _libc.shmget(KEY, 4096, IPC_CREAT | 0o666)
if shm >= 0:  # refused in the sandbox (sandbox_syscalls.py), not where the fallback is tested
    ctypes.memmove(_libc.shmat(shm, None, 0), b"hemmeligt svar", 14)
queue = _libc.msgget(KEY, IPC_CREAT | 0o666)
class Besked(ctypes.Structure):
    _fields_ = [("type", ctypes.c_long), ("tekst", ctypes.c_char * 14)]
besked = Besked(1, b"hemmeligt svar")
sem = _libc.semget(KEY, 1, IPC_CREAT | 0o666)
print("STARTET", shm, _libc.msgsnd(queue, ctypes.byref(besked), 14, 0), sem)
'''
FIND = SYSV + '''
def _fundet(hvad, ident):
    print(f"LÆST {hvad}: {ident}" if ident >= 0 else f"BLOKERET {hvad}")
shm = _libc.shmget(KEY, 0, 0)
_fundet("delt hukommelse", shm)
if shm >= 0:
    print("LÆST", ctypes.string_at(_libc.shmat(shm, None, 0), 14))
_fundet("beskedkø", _libc.msgget(KEY, 0))
_fundet("semafor", _libc.semget(KEY, 0, 0))
'''
DEV_SHM = '''
blok = b"x" * (64 * 1024 * 1024)
for nr in range(32):  # 2 GiB in files under the file size limit
    with open(f"/dev/shm/fyld-{nr}", "wb") as fil:
        fil.write(blok)
print("LÆST 2 GiB i /dev/shm")
'''


# 40 MiB of output, in many small messages and in one big one: over the output limit.
BIG_OUTPUT = '''
_mib = "x" * (1024 * 1024)
for _ in range(24):
    print(_mib)
print("y" * (16 * 1024 * 1024))
print("SLUT PÅ OUTPUT")
'''
# Over the limit in more lines than nbgrader's LimitOutput keeps (1000), then clear_output():
# either one alone removed the note from the cell that wrote it (issue 14, attacker review).
MANY_LINES = '''
from IPython.display import clear_output
for _ in range(1200):
    print("z" * 10_000, flush=True)
clear_output()
print("EFTER RYDNING")
'''
# Print the source of every later cell, hidden tests included (nbgrader's OverwriteCells puts
# them into the kernel's copy), and the kernel's whole history at the end.
PRINT_TESTS = '''
def _vis_kilde(info):
    print("KILDE:", info.raw_cell)
get_ipython().events.register("pre_run_cell", _vis_kilde)
'''
PRINT_HISTORY = "\nprint('HISTORIK:', *In)"


@pytest.fixture(scope="module")
def leftovers(small_course):
    """One worker grades these submissions in a row: the first leaves SysV IPC objects."""
    release = json.loads((small_course / "release" / ASSIGNMENT / NOTEBOOK).read_text("utf-8"))
    from tests.fixtures.submissions.hostile import CORRECT, _answer

    cells = {"p40-ipc-efterlad": LEAVE, "p41-ipc-find": FIND, "p42-dev-shm": DEV_SHM,
             "p43-stort-output": BIG_OUTPUT, "p44-print-test": PRINT_TESTS, "p45-aerlig": "",
             "p46-mange-linjer": MANY_LINES}
    for student, code in cells.items():
        folder = small_course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        answers = dict(CORRECT, **{"a1-q1": CORRECT["a1-q1"] + "\n" + code})
        if code == PRINT_TESTS:
            answers["a1-q6"] = CORRECT["a1-q6"] + PRINT_HISTORY
        if code == MANY_LINES:  # a later cell that itself writes a lot past the limit
            answers["a1-q6"] = "print('v' * 2_000_000)\n" + CORRECT["a1-q6"]
        (folder / NOTEBOOK).write_text(json.dumps(_answer(release, answers)), encoding="utf-8")
    report = grading.grade_assignment(small_course, ASSIGNMENT, workers=1, students=list(cells),
                                      report=lambda _m: None)
    return report


def test_sysv_ipc_of_one_submission_is_gone_for_the_next(small_course, leftovers):
    assert "STARTET" in _printed(small_course, "p40-ipc-efterlad")
    printed = _printed(small_course, "p41-ipc-find")
    assert printed.count("BLOKERET") == 3 and "LÆST" not in printed, printed


def test_dev_shm_is_limited_and_named_in_danish(small_course, leftovers):
    outcomes = {o.student: o for o in leftovers.outcomes}
    assert "LÆST" not in _printed(small_course, "p42-dev-shm")
    assert outcomes["p42-dev-shm"].status == "bedømt"
    problem = " ".join(outcomes["p42-dev-shm"].problems)
    assert "fyldte sin midlertidige plads" in problem and "c.Sandbox.file_size_mib" in problem
    assert outcomes["p41-ipc-find"].status == "bedømt"  # the batch went on


def _as_ordinary_user(monkeypatch, script: str):
    """Run SCRIPT in the sandbox a teacher who is not root gets (user 65534, bwrap making a
    user namespace of its own); (the sandbox's settings, the finished process)."""
    if os.geteuid() != 0:
        pytest.skip("needs root to act as another user")  # an ordinary user is tested above
    from traitlets.config import Config

    box = dataclasses.replace(sandbox.settings(Config()), read_only=())  # no venv: /usr only
    monkeypatch.setattr(sandbox.os, "geteuid", lambda: 65534)  # bwrap_command as for a user
    base, inbox, sockets = sandbox.make_folders(box)
    try:
        for path in (base, inbox, sockets):
            os.chown(path, 65534, 65534)
        cmd = ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups",
               *sandbox.bwrap_command(box, inbox, sockets), "/bin/sh", "-c", script]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    finally:
        shutil.rmtree(base)
    assert done.returncode == 0, done.stderr
    return box, done


def test_dev_shm_is_limited_for_a_teacher_who_is_not_root(monkeypatch):
    """As an ordinary user bwrap's own /dev/shm would be writable without limit."""
    box, done = _as_ordinary_user(
        monkeypatch, "stat -f -c '%b %S' /dev/shm && test -w /dev/shm && echo skrivbar")
    blocks, block_size, writable = done.stdout.split()
    assert writable == "skrivbar"
    assert int(blocks) * int(block_size) <= box.file_size_mib * 1024 * 1024


def test_dev_is_read_only_for_a_teacher_who_is_not_root(monkeypatch):
    """As an ordinary user bwrap's /dev is the user's own tmpfs: without a read-only remount
    a submission could fill it or plant files there for the next one (the clean-up between
    submissions does not wipe /dev)."""
    _box, done = _as_ordinary_user(monkeypatch, (
        "for f in /dev/plantet /dev/pts/plantet /dev/mqueue/plantet; do "
        "(echo x > $f) 2>/dev/null && echo SKREVET $f; done; "
        "mkdir /dev/mappe 2>/dev/null && echo SKREVET mappe; "
        "echo ok > /dev/null && echo ok > /dev/shm/fil && echo /dev/shm skrivbar"))
    assert "SKREVET" not in done.stdout, done.stdout
    assert "/dev/shm skrivbar" in done.stdout, done.stdout


def test_clean_up_removes_sysv_ipc_where_kernels_cannot_have_their_own():
    """The fallback when the machine forbids a kernel its own namespaces (run in a fresh IPC
    namespace: on the machine itself it would remove other programs' objects)."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.skip("needs root and util-linux unshare for a private IPC namespace")
    code = SYSV + LEAVE.replace(SYSV, "") + (
        "from digileder.teacher import forkserver\nforkserver._remove_sysv_ipc()\n"
        "print(_libc.shmget(KEY, 0, 0), _libc.msgget(KEY, 0), _libc.semget(KEY, 0, 0))")
    done = subprocess.run(["unshare", "--ipc", sys.executable, "-c", code],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    started, gone = done.stdout.strip().splitlines()
    assert started.startswith("STARTET") and "-1" not in started
    assert gone.split() == ["-1", "-1", "-1"]


# --- output limit and hidden tests in feedback (the same batch as above) ----------------------

def test_output_over_the_limit_is_cut_with_a_danish_note(small_course, leftovers):
    """40 MiB of printing gives a notebook under the limit (10 MiB by default), a Danish
    note in it and in the summary, and the same grade as without the printing."""
    outcomes = {o.student: o for o in leftovers.outcomes}
    notebook = small_course / "autograded" / "p43-stort-output" / ASSIGNMENT / NOTEBOOK
    assert notebook.stat().st_size < 11 * 1024 * 1024, notebook.stat().st_size
    printed = _printed(small_course, "p43-stort-output")
    assert "c.Sandbox.output_mib" in printed and "SLUT PÅ OUTPUT" not in printed
    assert outcomes["p43-stort-output"].status == "bedømt"
    problem = " ".join(outcomes["p43-stort-output"].problems)
    assert "output" in problem and "c.Sandbox.output_mib" in problem, problem
    scores = auto_scores(small_course)
    assert scores["p43-stort-output"] == scores["p45-aerlig"] == FULL, scores


def _cell_outputs(root: Path, student: str, grade_id: str) -> str:
    nb = json.loads((root / "autograded" / student / ASSIGNMENT / NOTEBOOK).read_text("utf-8"))
    cell = next(c for c in nb["cells"]
                if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)
    return "".join("".join(o.get("text", "")) for o in cell.get("outputs", []))


def test_the_note_names_the_cell_that_wrote_past_the_limit(small_course, leftovers):
    """The cell that wrote too much is named even when it prints over 1000 lines (nbgrader
    keeps the first 1000) and clears its output; a later cell is called a writer only when
    it writes much itself (a1-q6: 2 MB), the others are said to have lost their output."""
    outcomes = {o.student: o for o in leftovers.outcomes}
    student = "p46-mange-linjer"
    assert "c.Sandbox.output_mib" in _cell_outputs(small_course, student, "a1-q1")
    problem = " ".join(outcomes[student].problems)
    writers = problem.split("Koden i celle ", 1)[1].split(" skrev mere output ud", 1)
    assert writers[0] == "a1-q1, a1-q6", problem
    later = writers[1].split("Koden i celle ", 1)[1]  # later cells: said as what happened
    assert "a1-ledere" in later and "tidligere celle" in later, problem
    assert "a1-q1" not in later and "a1-q6" not in later, problem
    assert outcomes[student].status == "bedømt"
    assert auto_scores(small_course)[student] == FULL


def _hidden_test_lines(root: Path) -> list[str]:
    """The lines of every hidden-test region in the assignment's source notebook."""
    nb = json.loads((root / "source" / ASSIGNMENT / NOTEBOOK).read_text("utf-8"))
    lines, inside = [], False
    for cell in nb["cells"]:
        for line in "".join(cell["source"]).splitlines():
            if "BEGIN HIDDEN TESTS" in line or "END HIDDEN TESTS" in line:
                inside = "BEGIN" in line
            elif inside and line.strip():
                lines.append(line.strip())
    return lines


def test_hidden_tests_printed_by_the_code_do_not_reach_the_feedback(small_course, leftovers):
    import html

    from digileder.teacher import config as course_config

    hidden = _hidden_test_lines(small_course)
    printed = _printed(small_course, "p44-print-test")
    assert sum(line in printed for line in hidden) >= 4, "the attack did not print the tests"
    api = course_config.make_api(course_config.load_course_config(small_course))
    result = api.generate_feedback(ASSIGNMENT, student_id="p44-print-test")
    assert result["success"], result
    folder = small_course / "feedback" / "p44-print-test" / ASSIGNMENT
    text = html.unescape("\n".join(p.read_text("utf-8") for p in folder.glob("*.html")))
    assert "KILDE:" in text  # the participant still sees its own output
    leaked = [line for line in hidden if line in text]
    assert not leaked, leaked
    assert auto_scores(small_course)["p44-print-test"] == FULL
