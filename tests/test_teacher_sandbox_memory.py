"""The memory limit counts everything one submission holds, not one process's data.

One worker grades the memory attacks of issue 14 in a row with c.Sandbox.memory_mib = 1024,
then an honest participant. Each attack keeps 1.5 GiB for two seconds in a way the old
per-process limit (RLIMIT_DATA) did not count, and prints "LÆST" if it still had it then:
shared anonymous memory, in-memory files (memfd), SysV shared memory, memory hidden behind a
one-page mapping, three processes under the limit each, a private tmpfs in a mount
namespace of its own, and deleted files kept open in the socket folder on the teacher's
disk. Each must be stopped (the kernel killed, a Danish note naming the memory limit) or
refused outright ("BLOKERET"); the honest participant after them keeps its grade.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from digileder.teacher import course_init, grade_failures, grading, workflow
from tests.fixtures.submissions.hostile import (
    ASSIGNMENT,
    CORRECT,
    EXPECTED_AUTO,
    NOTEBOOK,
    _answer,
    auto_scores,
)

pytestmark = pytest.mark.slow
LIMIT_MIB = 1024  # a kernel that draws A1's chart reserves about 750 MiB of data

HOLD = '''
import ctypes, mmap, os, time
MiB = 1024 * 1024
_libc = ctypes.CDLL(None, use_errno=True)
_blok = b"x" * (64 * MiB)
def _fyld(m, start, slut):
    for i in range(start, slut, len(_blok)):
        m[i:i + len(_blok)] = _blok
def _behold(hvad):
    time.sleep(2)
    print(f"LÆST {hvad}")
def _proev(hvad, handling):
    try:
        handling()
    except Exception as fejl:
        print(f"BLOKERET {hvad}: {type(fejl).__name__}: {fejl}")
        return
    _behold(hvad)
'''

ATTACKS = {
    "m01-delt-mmap": '''
def _delt():
    global _m
    _m = mmap.mmap(-1, 1536 * MiB, flags=mmap.MAP_SHARED | mmap.MAP_ANONYMOUS)
    _fyld(_m, 0, len(_m))
_proev("1,5 GiB delt anonym hukommelse", _delt)
''',
    "m02-memfd": '''
def _memfd():  # files only in memory, each under the file size limit, held only by an fd
    global _fds
    _fds = []
    for _ in range(16):
        fd = os.memfd_create("svar")
        for _ in range(3):
            os.write(fd, _blok[:32 * MiB])
        _fds.append(fd)
_proev("1,5 GiB i memfd-filer", _memfd)
''',
    "m03-processer": '''
def _processer():  # each process stays under the per-process limit (RLIMIT_DATA)
    for _ in range(3):
        if os.fork() == 0:
            stor = _blok * 10
            time.sleep(30)
            os._exit(0)
    time.sleep(1)
_proev("3 x 640 MiB i hver sin proces", _processer)
''',
    "m04-sysv": '''
def _sysv():
    _libc.shmat.restype = ctypes.c_void_p
    shm = _libc.shmget(0, 1536 * MiB, 0o1000 | 0o600)
    if shm < 0:
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
    adresse = _libc.shmat(shm, None, 0)
    for i in range(24):
        ctypes.memmove(adresse + i * 64 * MiB, _blok, 64 * MiB)
    _libc.shmdt(ctypes.c_void_p(adresse))  # kept by the IPC namespace, mapped by nobody
_proev("1,5 GiB SysV delt hukommelse", _sysv)
''',
    "m05-en-side": '''
def _en_side():
    global _m
    _libc.mmap.restype = ctypes.c_void_p
    _libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                           ctypes.c_int, ctypes.c_long]
    _libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    adresse = _libc.mmap(None, 1536 * MiB, 3, mmap.MAP_SHARED | mmap.MAP_ANONYMOUS, -1, 0)
    for i in range(24):
        ctypes.memmove(adresse + i * 64 * MiB, _blok, 64 * MiB)
    # Only the first page stays mapped; the shared object keeps all its pages.
    _libc.munmap(ctypes.c_void_p(adresse + 4096), 1536 * MiB - 4096)
_proev("1,5 GiB bag en afbildning på én side", _en_side)
''',
    "m06-egen-tmpfs": '''
def _egen_tmpfs():  # in a child: a process with threads (the kernel) may not unshare
    laes, skriv = os.pipe()
    uid, gid = os.getuid(), os.getgid()
    if os.fork() == 0:
        try:
            if _libc.unshare(0x10000000 | 0x00020000) != 0:  # CLONE_NEWUSER | CLONE_NEWNS
                raise OSError(ctypes.get_errno(), "unshare: " + os.strerror(ctypes.get_errno()))
            for navn, tekst in (("setgroups", "deny"), ("uid_map", f"0 {uid} 1"),
                                ("gid_map", f"0 {gid} 1")):
                with open(f"/proc/self/{navn}", "w") as fil:
                    fil.write(tekst)
            os.makedirs("/tmp/egen", exist_ok=True)
            if _libc.mount(b"none", b"/tmp/egen", b"tmpfs", 0, b"size=3g") != 0:
                raise OSError(ctypes.get_errno(), "mount: " + os.strerror(ctypes.get_errno()))
            for nr in range(16):
                with open(f"/tmp/egen/fil-{nr}", "wb") as fil:
                    for _ in range(3):
                        fil.write(_blok[:32 * MiB])
            os.write(skriv, b"ok")
        except Exception as fejl:
            os.write(skriv, repr(fejl).encode())
        time.sleep(30)
        os._exit(0)
    svar = os.read(laes, 200).decode()
    if svar != "ok":
        raise OSError(svar)
_proev("1,5 GiB i en tmpfs i sit eget navnerum", _egen_tmpfs)
''',
    # The one writable folder on the teacher's disk: files deleted there but kept open have
    # no name to count, and each stays under the file size limit.
    "m07-slettet-sokkelfil": '''
def _slettede_filer():
    from ipykernel.connect import get_connection_file
    global _filer
    _filer = []
    for nr in range(24):
        fil = open(os.path.join(os.path.dirname(get_connection_file()), f"slettet-{nr}"), "wb")
        os.unlink(fil.name)
        fil.write(_blok)
        fil.flush()
        _filer.append(fil)
_proev("1,5 GiB i slettede filer i mappen med sokler", _slettede_filer)
''',
    # An fd sent over a unix socket and not yet received is held by the socket, by no
    # process: the memfd files in it are in no process's fd table.
    "m08-memfd-i-sokkel": '''
import array, socket
def _i_sokkel():
    global _sokler
    _sokler = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
    for _ in range(16):
        fd = os.memfd_create("svar")
        for _ in range(3):
            os.write(fd, _blok[:32 * MiB])
        _sokler[0].sendmsg([b"x"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
                                     array.array("i", [fd]))])
        os.close(fd)
_proev("1,5 GiB i memfd-filer sendt i en sokkel", _i_sokkel)
''',
}
HONEST = "p01-loesning"


def _printed(root: Path, student: str) -> str:
    """What the participant's code printed ('' when no graded notebook was written)."""
    path = root / "autograded" / student / ASSIGNMENT / NOTEBOOK
    if not path.exists():
        return ""
    nb = json.loads(path.read_text("utf-8"))
    return "\n".join(o.get("text", "") if isinstance(o.get("text", ""), str)
                     else "".join(o["text"])
                     for cell in nb["cells"] for o in cell.get("outputs", []))


@pytest.fixture(scope="module")
def memory_batch(tmp_path_factory):
    base = tmp_path_factory.mktemp("hukommelse")
    root = course_init.init_course(base / "hold", timeout=60, report=lambda _m: None)
    config = root / "nbgrader_config.py"
    config.write_text(config.read_text() + f"c.Sandbox.memory_mib = {LIMIT_MIB}\n")
    workflow.generate(root, ASSIGNMENT)
    release = json.loads((root / "release" / ASSIGNMENT / NOTEBOOK).read_text("utf-8"))
    cells = {student: CORRECT["a1-q1"] + "\n" + HOLD + code
             for student, code in ATTACKS.items()}
    cells[HONEST] = CORRECT["a1-q1"]
    for student, code in cells.items():
        folder = root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nb = _answer(release, dict(CORRECT, **{"a1-q1": code}))
        (folder / NOTEBOOK).write_text(json.dumps(nb), encoding="utf-8")
    # One worker: the honest participant is graded after every attack, in the same sandbox.
    report = grading.grade_assignment(root, ASSIGNMENT, workers=1, students=list(cells),
                                      report=lambda _m: None)
    return {"root": root, "report": report,
            "outcomes": {o.student: o for o in report.outcomes}}


@pytest.mark.parametrize("student", list(ATTACKS))
def test_memory_beyond_the_limit_is_stopped_however_it_is_held(memory_batch, student):
    outcome = memory_batch["outcomes"][student]
    printed = _printed(memory_batch["root"], student)
    assert "LÆST" not in printed, printed
    if outcome.status == "fejl":  # killed: the note names the limit and where to change it
        assert "hukommelse" in outcome.message and "c.Sandbox.memory_mib" in outcome.message, \
            outcome.message
        assert f"{LIMIT_MIB} MiB" in outcome.message, outcome.message
    else:  # refused by the kernel before it got the memory: the cell says so
        assert outcome.status == "bedømt" and "BLOKERET" in printed, (outcome, printed)


def test_a_stopped_submission_is_named_in_the_summary(memory_batch):
    text = grading.summary(memory_batch["report"])
    stopped = [s for s, o in memory_batch["outcomes"].items() if o.status == "fejl"]
    assert "m01-delt-mmap" in stopped and "m03-processer" in stopped, stopped
    for student in stopped:
        assert student in text
    assert "hukommelsesgrænsen" in text
    # The teacher's log says what the watch measured: 256 MiB of shared memory here.
    log = grade_failures.log_path(memory_batch["root"], ASSIGNMENT, "m01-delt-mmap").read_text()
    shared = re.search(r"Hukommelsesvagten målte: .* delt hukommelse (\d+) MiB", log)
    assert shared and int(shared.group(1)) >= 256, log[:2000]


def test_honest_participant_after_the_attacks_keeps_exactly_its_grade(memory_batch):
    outcome = memory_batch["outcomes"][HONEST]
    assert outcome.status == "bedømt" and not outcome.message, outcome
    assert auto_scores(memory_batch["root"])[HONEST] == EXPECTED_AUTO[HONEST]


# --- a teacher who is not root -----------------------------------------------------------

INSIDE = '''
import ctypes, mmap, os, sys, time
MiB = 1 << 20
if os.fork() == 0:
    if sys.argv[1] == "kortvarigt":
        # Like a kernel the fork server has just forked: not dumpable for a moment, often.
        while True:
            ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)
            time.sleep(0.08)
            ctypes.CDLL(None).prctl(4, 1, 0, 0, 0)
            time.sleep(0.3)
    m = mmap.mmap(-1, 256 * MiB, flags=mmap.MAP_SHARED | mmap.MAP_ANONYMOUS)
    for i in range(0, 256 * MiB, 64 * MiB):
        m[i:i + 64 * MiB] = b"x" * (64 * MiB)
    fd = os.memfd_create("svar")
    os.write(fd, b"y" * (50 * MiB))
    open("/dev/shm/fil", "wb").write(b"z" * (20 * MiB))
    if sys.argv[1] == "skjult":
        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE 0: hides its fds
    time.sleep(60)
    os._exit(0)
time.sleep(60)
'''
OUTSIDE = '''
import json, os, subprocess, sys, time
sys.path.insert(0, os.path.dirname(sys.argv[0]))
import sandbox_memory as sm
folder, how = os.path.dirname(sys.argv[0]), sys.argv[1]
cmd = ["bwrap", "--unshare-all", "--cap-drop", "ALL", "--die-with-parent", "--ro-bind", "/", "/",
       "--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--size", str(100 << 20),
       "--tmpfs", "/dev/shm", "--tmpfs", "/tmp", "--ro-bind", folder, folder,
       "--", sys.executable, f"{folder}/inside.py", how]
bwrap = subprocess.Popen(cmd)
def children(pid):
    return [int(c) for t in os.listdir(f"/proc/{pid}/task")
            for c in open(f"/proc/{pid}/task/{t}/children").read().split()]
server = None
for _ in range(100):
    time.sleep(0.1)
    inits = children(bwrap.pid)
    servers = children(inits[0]) if inits else []
    if servers and children(servers[0]):
        server = servers[0]
        break
time.sleep(2)  # the child fills its memory
measure = sm.Measure(f"/proc/{server}/root", {"1", sm._ns_pid(server)}, None)
if how == "kortvarigt":  # measured just as the child hides its files
    watch = sm.MemoryWatch(server, 200)  # a watch of its own, from the outside
    fds = f"/proc/{server}/root/proc/{measure.pids()[0]}/fd"
    for _ in range(1000):
        try:
            os.listdir(fds)
        except PermissionError:
            break
        time.sleep(0.002)
    found = {"over_1000_while_hidden": measure.exceeds(1000 << 20)}
    time.sleep(2)
else:
    found = {"total_mib": measure.total() / (1 << 20), "over_200": measure.exceeds(200 << 20),
             "over_1000": measure.exceeds(1000 << 20)}
    watch = sm.MemoryWatch(server, 200)
    time.sleep(1)
found["stopped"] = watch.take_verdict()
found["left"] = [open(f"/proc/{server}/root/proc/{p}/stat").read().split()[2]
                 for p in measure.pids()]
watch.stop()
bwrap.kill()
print(json.dumps(found))
'''


@pytest.mark.parametrize("how", ["synlig", "skjult", "kortvarigt"])
def test_the_watch_works_for_a_teacher_who_is_not_root(how):
    """As an ordinary user (bwrap makes a user namespace) the watch still sees shared memory,
    memfd and /dev/shm and kills; a process that hides its files counts as over the limit,
    but not one that is hidden only for a moment, as a kernel just forked by the fork server
    is (it inherits the server's 'not dumpable' until it resets it)."""
    if os.geteuid() != 0:
        pytest.skip("needs root to act as another user")  # an ordinary user runs the batch
    folder = Path(tempfile.mkdtemp(prefix="digileder-vagt-"))
    try:
        folder.chmod(0o755)
        from digileder.teacher import sandbox_memory

        shutil.copy(sandbox_memory.__file__, folder / "sandbox_memory.py")
        (folder / "inside.py").write_text(INSIDE)
        (folder / "outside.py").write_text(OUTSIDE)
        python = shutil.which("python3", path="/usr/bin")
        done = subprocess.run(["setpriv", "--reuid", "65534", "--regid", "65534",
                               "--clear-groups", python, str(folder / "outside.py"), how],
                              capture_output=True, text=True, timeout=60, cwd=folder)
    finally:
        shutil.rmtree(folder)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    if how == "kortvarigt":  # a small process, hidden 80 ms at a time: never stopped
        assert found == {"over_1000_while_hidden": False, "stopped": "",
                         "left": [found["left"][0]]} and found["left"][0] in "SR", found
        return
    if how == "synlig":  # 256 MiB shared + 50 MiB memfd + 20 MiB in /dev/shm + the process
        assert 320 <= found["total_mib"] <= 420, found
        assert not found["over_1000"], found
    else:  # about 330 MiB, but what it holds through its files cannot be seen: over any limit
        assert found["over_1000"], found
        assert "skjulte sine filer" in found["stopped"], found
    assert found["over_200"] and found["stopped"], found
    assert found["left"] in ([], ["Z"]), found  # killed (the test's parent does not reap)


def test_the_log_line_is_danish_for_one_and_for_several_hidden_processes():
    from digileder.teacher import sandbox_memory as sm

    measure = object.__new__(sm.Measure)
    measure.parts = {"own": 300 << 20, "shared": sm.HIDDEN, "tmpfs": 0, "sockets": 0}
    measure.hidden = ["12"]
    one = measure.describe()
    assert "delt hukommelse ukendt" in one and "Proces 12 skjulte sine filer, så den " in one
    measure.hidden = ["12", "14", "15"]
    several = measure.describe()
    assert "Processerne 12, 14 og 15 skjulte deres filer, så de talte som over grænsen." \
        in several, several
