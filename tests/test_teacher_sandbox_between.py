"""Nothing one submission does in a worker's sandbox reaches the next one it grades.

One worker grades seven A1 submissions in a row: a00 tries to take over the fork server's
socket (the attack a reviewer found on 2026-11-30: it answered the clean-up request itself
and made every later kernel run its startup file), a01 plants files where a later kernel
would load them and makes them hard to delete, c01, c02 and c03 lower the fork server's
limits, priority and I/O priority; b01 and d01 are honest and print what they can still
find. Each attack prints what it managed, so the test cannot pass because an attack failed
silently, and each kernel prints which fork server forked it, so a restarted sandbox cannot
hide a clean-up that did not work.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

from digileder.teacher import course_init, grading, workflow
from tests.fixtures.processes import processes_with
from tests.fixtures.submissions.hostile import (
    ASSIGNMENT,
    CORRECT,
    FULL,
    NOTEBOOK,
    _answer,
    auto_scores,
)

pytestmark = pytest.mark.slow

# Cut the course data to 10 rows in any kernel that runs this: an honest answer then fails.
CUT = ("import digileder.data as _dd\n_o = _dd.survey\n"
       "_dd.survey = lambda *a, **k: _o(*a, **k).head(10)\n")

TAKE_OVER = '''
import json, os, socket, stat, subprocess, sys
from ipykernel.connect import get_connection_file
_egen = os.path.basename(get_connection_file())[:-len(".json")]
_mapper = [os.path.dirname(get_connection_file())]
_mapper += [linje.split()[4] for linje in open("/proc/self/mountinfo")]
_fundne = []
for _mappe in dict.fromkeys(_mapper):
    try:
        _navne = os.listdir(_mappe)
    except OSError:
        continue
    for _navn in _navne:
        _sti = os.path.join(_mappe, _navn)
        try:
            if stat.S_ISSOCK(os.lstat(_sti).st_mode) and not _navn.startswith(_egen):
                _fundne.append(_sti)
        except OSError:
            pass
_proxy = r"""
import json, os, socket, sys, time
sti, rigtig, ipy = sys.argv[1:4]
L = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); L.bind(sti); L.listen(8)
while True:
    c, _ = L.accept()
    m = json.loads(c.makefile("rb").readline())
    if m.get("op") == "ryd":
        c.sendall(b"ryddet\\n"); c.close(); continue
    if os.fork() == 0:
        m.setdefault("env", {})["IPYTHONDIR"] = ipy
        r = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        r.connect(rigtig); r.sendall((json.dumps(m) + "\\n").encode())
        c.sendall(r.recv(64)); c.close()
        time.sleep(100000)
    c.close()
"""
_installeret = False
for _sti in _fundne:
    _ipy = os.path.join(os.path.dirname(_sti), "ipy")
    try:
        os.rename(_sti, _sti + ".rigtig")
        os.makedirs(_ipy + "/profile_default/startup", exist_ok=True)
        open(_ipy + "/profile_default/startup/00-x.py", "w").write(CUT)
    except OSError as fejl:
        print("ANGREB BLOKERET", _sti, type(fejl).__name__)
        continue
    subprocess.Popen([sys.executable, "-c", _proxy, _sti, _sti + ".rigtig", _ipy, MARKER],
                     start_new_session=True, stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _installeret = True
    print("ANGREB INSTALLERET", _sti)
if not _installeret:
    print("ANGREB FANDT INGEN SOCKET, DET KUNNE OVERTAGE", _fundne)
'''

PLANT = '''
import os
from ipykernel.connect import get_connection_file
_hjem = os.path.expanduser("~")
_steder = {
    "ipython-start": _hjem + "/.ipython/profile_default/startup/00-plantet.py",
    "matplotlib": _hjem + "/.config/matplotlib/matplotlibrc",
    "brugerens-site": _hjem + "/.local/lib/python3.11/site-packages/usercustomize.py",
    "tmp": "/tmp/plantet-" + MARKER,
    "dev-shm": "/dev/shm/plantet-" + MARKER,
    "sokler": os.path.dirname(get_connection_file()) + "/plantet-" + MARKER,
    "aflevering": os.getcwd() + "/sqlite3.py",
}
for _hvad, _sti in _steder.items():
    try:
        os.makedirs(os.path.dirname(_sti), exist_ok=True)
        with open(_sti, "w") as _fil:
            _fil.write(CUT if _sti.endswith(".py") else "backend: agg\\n")
        print("PLANTET", _hvad)
    except OSError as fejl:
        print("IKKE PLANTET", _hvad, type(fejl).__name__)
# A folder that cannot be listed: a plain recursive delete leaves it and what is below it.
for _mappe in (_hjem + "/.ipython", _hjem + "/.local"):
    os.chmod(_mappe, 0o311)
'''

# The fork server runs as the same user: lower its limits and priority, which every later
# kernel would inherit (2 GiB of addresses: too few for the chart engine's reservation; the
# lowest priority: cells run into their time limit on a busy machine).
LOWER = '''
import os, resource
try:
    {}
    print("SÆNKET")
except OSError as fejl:
    print("IKKE SÆNKET", type(fejl).__name__)
'''
LOWER_LIMIT = LOWER.format("resource.prlimit(os.getppid(), resource.RLIMIT_AS, (2 << 30,) * 2)")
LOWER_PRIORITY = LOWER.format("os.setpriority(os.PRIO_PROCESS, os.getppid(), 19)")
# The idle I/O class (ionice -c3): ioprio_set(IOPRIO_WHO_PROCESS, pid, 3 << 13).
LOWER_IO = "import ctypes\n" + LOWER.format(
    "assert ctypes.CDLL(None).syscall(251, 1, os.getppid(), 3 << 13) == 0, 'ioprio_set'"
).replace("except OSError", "except (OSError, AssertionError)")

# Every submission says which fork server forked its kernel (its start time): a clean-up
# that failed would start a new sandbox, and a fresh sandbox would hide a weak wipe.
WHICH_SERVER = '''
import os
print("SERVER", open(f"/proc/{os.getppid()}/stat").read().rsplit(")", 1)[1].split()[19])
'''

FIND = '''
import os
_hjem = os.path.expanduser("~")
from ipykernel.connect import get_connection_file
for _sti in (_hjem + "/.ipython/profile_default/startup/00-plantet.py",
             _hjem + "/.config/matplotlib/matplotlibrc",
             _hjem + "/.local/lib/python3.11/site-packages/usercustomize.py",
             "/tmp/plantet-" + MARKER, "/dev/shm/plantet-" + MARKER,
             os.path.dirname(get_connection_file()) + "/plantet-" + MARKER,
             os.getcwd() + "/sqlite3.py"):
    print(("LÆST " if os.path.exists(_sti) else "BLOKERET ") + _sti)
import resource
if resource.getrlimit(resource.RLIMIT_AS) != (resource.RLIM_INFINITY,) * 2:
    print("LÆST grænse", resource.getrlimit(resource.RLIMIT_AS))
print("NICE", os.getpriority(os.PRIO_PROCESS, 0))
import ctypes
print("IONICE", ctypes.CDLL(None).syscall(252, 1, 0))
print("RÆKKER", len(data.survey()))
'''

ORDER = ("a00-overtag-sokkel", "a01-plant-filer", "b01-aerlig-finder", "c01-saenk-graense",
         "c02-saenk-prioritet", "c03-saenk-io", "d01-aerlig-finder")


def _printed(root: Path, student: str) -> str:
    nb = json.loads((root / "autograded" / student / ASSIGNMENT / NOTEBOOK).read_text("utf-8"))
    return "".join(o["text"] if isinstance(o["text"], str) else "".join(o["text"])
                   for cell in nb["cells"] for o in cell.get("outputs", []) if "text" in o)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = course_init.init_course(tmp_path_factory.mktemp("efter") / "hold", timeout=60,
                                   report=lambda _m: None)
    workflow.generate(root, ASSIGNMENT)
    release = json.loads((root / "release" / ASSIGNMENT / NOTEBOOK).read_text("utf-8"))
    marker = f"digileder-efterlad-{uuid.uuid4().hex[:8]}"
    prelude = f"MARKER = {marker!r}\nCUT = {CUT!r}\n{WHICH_SERVER}"
    codes = (TAKE_OVER, PLANT, FIND, LOWER_LIMIT, LOWER_PRIORITY, LOWER_IO, FIND)
    extra = dict(zip(ORDER, codes, strict=True))
    for student, code in extra.items():
        folder = root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        answers = dict(CORRECT, **{"a1-q1": f"{CORRECT['a1-q1']}\n{prelude}{code}"})
        (folder / NOTEBOOK).write_text(json.dumps(_answer(release, answers)), encoding="utf-8")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = Path(tempfile.gettempdir()) / f"digileder-grade-{dead.pid}-efterladt{marker[-8:]}"
    stale.mkdir()  # as a grader killed with SIGKILL leaves it
    report = grading.grade_assignment(root, ASSIGNMENT, workers=1, report=lambda _m: None)
    assert not stale.exists(), "grade did not remove a killed grader's folder"
    yield root, report, marker
    for pid in processes_with(marker):  # only if the sandbox failed
        os.kill(pid, signal.SIGKILL)


def test_the_attacks_ran(batch):
    """The test means something only if both attacks got as far as they could."""
    root, report, _marker = batch
    assert [o.student for o in report.outcomes] == list(ORDER)
    assert "ANGREB" in _printed(root, "a00-overtag-sokkel")
    planted = _printed(root, "a01-plant-filer")
    for place in ("ipython-start", "matplotlib", "tmp", "dev-shm", "sokler", "aflevering"):
        assert f"PLANTET {place}\n" in planted, planted


def test_a_submission_cannot_take_over_the_fork_server(batch):
    root, report, marker = batch
    printed = _printed(root, "a00-overtag-sokkel")
    assert "ANGREB INSTALLERET" not in printed, printed
    assert processes_with(marker) == []


def _server(root: Path, student: str) -> str:
    return next(line for line in _printed(root, student).splitlines()
                if line.startswith("SERVER"))


def test_nothing_planted_reaches_the_next_submission(batch):
    """In the same sandbox: the clean-ups after a00 and a01 were confirmed."""
    root, _report, _marker = batch
    printed = _printed(root, "b01-aerlig-finder")
    assert "LÆST" not in printed and "RÆKKER 600" in printed, printed
    assert _server(root, "a00-overtag-sokkel") == _server(root, "a01-plant-filer") \
        == _server(root, "b01-aerlig-finder")


def test_limits_lowered_on_the_fork_server_do_not_reach_the_next_kernel(batch):
    root, _report, _marker = batch
    for student in ("c01-saenk-graense", "c02-saenk-prioritet", "c03-saenk-io"):
        assert "\nSÆNKET" in _printed(root, student), student
    printed = _printed(root, "d01-aerlig-finder")
    assert "LÆST" not in printed and "RÆKKER 600" in printed, printed
    for kind in ("NICE", "IONICE"):
        seen = [line for student in ("b01-aerlig-finder", "d01-aerlig-finder")
                for line in _printed(root, student).splitlines() if line.startswith(kind + " ")]
        assert len(seen) == 2 and seen[0] == seen[1], seen


def test_honest_participants_after_the_attacks_keep_full_grades(batch):
    root, report, _marker = batch
    scores = auto_scores(root)
    assert scores["b01-aerlig-finder"] == scores["d01-aerlig-finder"] == FULL, scores
    assert all(o.status == "bedømt" for o in report.outcomes), report.outcomes
