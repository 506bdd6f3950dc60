"""The pre-warmed fork server: starts grading kernels by forking instead of starting Python.

Every submission still runs in its own fresh kernel process, as nbgrader intends: the server
only imports libraries (ipykernel, pandas, altair, digileder) and never runs a participant's
code. What it saves is the start-up work every kernel would repeat (about 0.6 s CPU per
submission, docs/benchmarks.md). The grader's side (the kernel provisioner that asks for
kernels) is forkserver_client.py.

`serve()` (run as `python -m digileder.teacher.forkserver FD [SOCKETS]`) gets its listening
socket as an inherited file descriptor, bound by the grader in a folder of its own that no
kernel can see: a kernel can neither replace the server nor talk to it. Every connection
must come from the grading worker (SO_PEERCRED: from outside the sandbox's PID namespace, or
the parent pid without a sandbox). The server forks one kernel per request. It exits when
its parent closes stdin, dies or is stopped (Ctrl-C, SIGTERM), and then kills every kernel
it forked and what they started (it is their subreaper); a kernel whose server died is
killed by the kernel itself (PR_SET_PDEATHSIG). So a grader killed mid-batch leaves nothing.

With SOCKETS (the folder the kernels' ipc sockets go to) the server runs inside bubblewrap
(digileder.teacher.sandbox): a request's environment is cut to the sandbox's allow-list
again, and the clean-up request ("ryd") kills every other process in the sandbox and wipes
everything writable, even folders a submission made unreadable, before the next submission.
"""

from __future__ import annotations

import atexit
import ctypes
import json
import os
import re
import resource
import select
import shutil
import signal
import socket
import struct
import sys
import time
from pathlib import Path

from digileder.teacher import safe_tree, sandbox_syscalls
from digileder.teacher.sandbox import kernel_env  # here: imported once, not in every kernel

PRELOAD = ("ipykernel.kernelapp", "IPython", "pandas", "altair", "ipywidgets", "digileder")
INBOX = "/indlevering"  # the same as digileder.teacher.sandbox.INSIDE_INBOX
INSIDE = "/aflevering"  # the same as digileder.teacher.sandbox.INSIDE_SUBMISSION
PARENT = "DIGILEDER_FORKSERVER_PARENT"  # the grading worker's pid, for an unsandboxed server

_PR_SET_PDEATHSIG = 1
_PR_SET_DUMPABLE = 4
_PR_SET_CHILD_SUBREAPER = 36
_CLONE_NEWUSER, _CLONE_NEWIPC = 0x10000000, 0x08000000
_SYS_IOPRIO_GET = {"x86_64": 252, "aarch64": 31}.get(os.uname().machine)
_IOPRIO_WHO_PROCESS = 1


def _run_kernel(request: dict, conn: socket.socket, server: int, sandboxed: bool) -> None:
    """In the forked child: become the kernel `python -m ipykernel_launcher ARGS` would be."""
    os.setsid()  # its own process group, like jupyter_client's launcher (interrupts, kill)
    for signum in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # as in any new Python
    _die_with_parent(signal.SIGKILL, server)
    cwd, env = request["cwd"], request["env"]
    if sandboxed:  # a private, writable copy of the submission; only allowed variables
        cwd, env = INSIDE, kernel_env(env)
        wipe(Path(cwd))
        for item in Path(INBOX).iterdir():
            target = Path(cwd) / item.name
            if item.is_dir() and not item.is_symlink():
                shutil.copytree(item, target, symlinks=True)
            else:
                shutil.copy2(item, target, follow_symlinks=False)
        _own_ipc_namespace()
        sandbox_syscalls.install()  # no SysV memory or namespaces the memory watch cannot see
    for limit, value in (request.get("rlimits") or {}).items():
        resource.setrlimit(int(limit), (value, value))
    # Sent by the kernel itself: the grader reads its pid, as seen from outside the sandbox's
    # PID namespace, from the socket's credentials.
    conn.sendall(b"klar\n")
    conn.close()
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    sys.path[0] = cwd  # as `python -m` sets it
    sys.argv = ["ipykernel_launcher", *request["args"]]
    code = 0
    try:
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    except BaseException:  # noqa: BLE001 - a kernel crash must not return into the server loop
        code = 1
    finally:
        atexit._run_exitfuncs()  # the kernel's own clean-up, as at a normal exit
        os._exit(code)


def _own_ipc_namespace() -> None:
    """Give this kernel SysV IPC (shared memory, message queues, semaphores) of its own, gone
    with it: a user namespace of its own makes that allowed without any capability outside.

    Where the machine forbids it, the clean-up between submissions removes the objects."""
    uid, gid = os.getuid(), os.getgid()
    if ctypes.CDLL(None, use_errno=True).unshare(_CLONE_NEWUSER | _CLONE_NEWIPC) != 0:
        return
    try:  # keep its own ids; without a map they only show as 65534, rights are the same
        for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"),
                           ("gid_map", f"{gid} {gid} 1")):
            Path(f"/proc/self/{name}").write_text(text)
    except OSError:
        pass


def _remove_sysv_ipc() -> None:
    """Remove every SysV IPC object this process may (the fallback of _own_ipc_namespace)."""
    libc = ctypes.CDLL(None, use_errno=True)
    ipc_rmid = 0
    removers = {"shm": lambda key: libc.shmctl(key, ipc_rmid, None),
                "msg": lambda key: libc.msgctl(key, ipc_rmid, None),
                "sem": lambda key: libc.semctl(key, 0, ipc_rmid)}
    for kind, remove in removers.items():
        try:
            lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            remove(int(line.split()[1]))


def _reap(_signum=None, _frame=None) -> None:
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


_LIBC = ctypes.CDLL(None, use_errno=True)  # loaded once: a forked child calls it at once


def _prctl(option: int, value: int) -> None:
    _LIBC.prctl(option, value, 0, 0, 0)


def _die_with_parent(signum: int, parent: int) -> None:
    """Get SIGNUM when the parent (pid PARENT) ends; exit now if it already has."""
    _prctl(_PR_SET_PDEATHSIG, signum)
    if parent and os.getppid() != parent:
        os._exit(1)


def _set_dumpable(on: bool) -> None:
    """A non-dumpable server cannot be ptraced (or its memory read) by a kernel it forked."""
    _prctl(_PR_SET_DUMPABLE, int(on))


def _children() -> list[int]:
    me, found = str(os.getpid()), []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        if stat[stat.rindex(")") + 2:].split()[1] == me:  # field 4: the parent pid
            found.append(int(pid))
    return found


def _kill_everything_and_exit(_signum=None, _frame=None) -> None:
    """The server is going away: kill its kernels and all they started, then exit.

    As subreaper the server inherits every orphan of its kernels, so killing its children
    until none are left reaches them all."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    for _ in range(200):
        children = _children()
        if not children:
            break
        for pid in children:
            for kill in (os.killpg, os.kill):  # a kernel leads its own process group
                try:
                    kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        _reap()
        time.sleep(0.01)
    os._exit(0)


def remove(path: Path) -> None:
    """Remove PATH, also a folder whose maker took away the rights to list or enter it
    (shutil.rmtree would quietly leave that behind) or made thousands of levels deep
    (a recursive removal dies with RecursionError); never follows a symlink."""
    safe_tree.remove_tree(path)


def wipe(folder: Path, keep: Path | frozenset[Path] = frozenset()) -> None:
    """Empty FOLDER, but for KEEP (one path or several) and the folders leading to them
    (raises OSError if something cannot be removed)."""
    keep = frozenset([keep]) if isinstance(keep, Path) else keep
    if folder.is_dir():
        for item in folder.iterdir():
            if item in keep:
                continue
            if any(item in kept.parents for kept in keep):
                wipe(item, keep)
            else:
                remove(item)


def _mount_points() -> frozenset[Path]:
    """Where something is mounted in this (the sandbox's) mount namespace: the read-only
    course and Python environment, the socket folder. Under /tmp when the teacher's course
    or venv is there; a wipe must leave them and only empty the folders around them."""
    points = set()
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        field = line.split()[4]
        points.add(Path(re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), field)))
    return frozenset(points)


def _inherited() -> dict:
    """What every kernel inherits from the server and another process of the same user may
    change (prlimit, renice, ionice, scheduling policy, CPU affinity) but not change back."""
    state: dict = {name: resource.getrlimit(getattr(resource, name))
                   for name in dir(resource) if name.startswith("RLIMIT_")}
    state.update(nice=os.getpriority(os.PRIO_PROCESS, 0), policy=os.sched_getscheduler(0),
                 cpus=os.sched_getaffinity(0), io=_io_priority())
    return state


def _io_priority() -> int:
    """This process's I/O priority (what ionice sets), as the kernel stores it."""
    if _SYS_IOPRIO_GET is None:
        return 0
    return ctypes.CDLL(None, use_errno=True).syscall(_SYS_IOPRIO_GET, _IOPRIO_WHO_PROCESS, 0)


def _end_submission(sockets: str, inherited: dict) -> None:
    """Kill every process in the sandbox but this server, then wipe everything writable."""
    me = os.getpid()
    for _ in range(100):
        try:
            os.kill(-1, signal.SIGKILL)  # all we may signal, in our PID namespace only
        except ProcessLookupError:
            pass
        _reap()
        others = [p for p in os.listdir("/proc") if p.isdigit() and int(p) not in (1, me)]
        if not others:
            break
        time.sleep(0.01)
    else:
        raise OSError("processes survived")
    # A kernel runs as the server's user, so it may lower the server's limits or priority,
    # and every later kernel would inherit them; they cannot be raised again: start anew.
    if _inherited() != inherited:
        raise OSError("the server's limits or priority were changed")
    _remove_sysv_ipc()
    mounts = _mount_points() | {Path(sockets)}
    for folder in ("/tmp", INSIDE, "/dev/shm"):
        wipe(Path(folder), keep=mounts)  # the socket folder is mounted below /tmp
    wipe(Path(sockets))


def _from_grader(conn: socket.socket, parent: int) -> bool:
    """Is the peer the grading worker? In the sandbox it is outside our PID namespace, so its
    pid shows as 0; every process in the sandbox has a pid of its own."""
    pid, _uid, _gid = struct.unpack("3i", conn.getsockopt(
        socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))
    return pid == parent


def serve(fd: int, sockets: str = "") -> None:
    # Whatever stops the server (its grading worker dying, Ctrl-C, SIGTERM) takes its kernels.
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, _kill_everything_and_exit)
    _prctl(_PR_SET_CHILD_SUBREAPER, 1)
    parent = 0 if sockets else int(os.environ.pop(PARENT, "-1"))
    _die_with_parent(signal.SIGTERM, max(parent, 0))
    for module in PRELOAD:
        __import__(module)
    if sockets:
        _set_dumpable(False)
    inherited = _inherited()
    # Reap finished kernels as they exit (not SIG_IGN: waiting adds their CPU time to ours,
    # and so to the grading worker's, so `time` and the benchmark still see it).
    signal.signal(signal.SIGCHLD, _reap)
    # Bound by the grader; listening here makes this process the one its clients see.
    listener = socket.socket(fileno=fd)
    listener.listen(8)
    print("klar", flush=True)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # nobody reads the pipe after "klar"; a kernel must not fill it
    os.close(devnull)
    while True:
        ready, _, _ = select.select([listener, sys.stdin], [], [])
        if sys.stdin in ready and not sys.stdin.readline():
            _kill_everything_and_exit()  # the grading worker is gone
        if listener not in ready:
            continue
        conn, _ = listener.accept()
        with conn:
            if not _from_grader(conn, parent):
                continue
            request = json.loads(conn.makefile("r", encoding="utf-8").readline())
            if request.get("op") == "ryd":
                if not sockets:
                    continue
                try:
                    _end_submission(sockets, inherited)
                except Exception:  # noqa: BLE001 - e.g. a folder 10,000 levels deep
                    return  # the grader sees no answer and kills the whole sandbox
                conn.sendall(b"ryddet\n")
                continue
            server = os.getpid()
            pid = os.fork()
            if pid == 0:
                try:  # the child never returns into this loop, whatever fails
                    # Not dumpable like the server, it hides its files from the memory
                    # watch (sandbox_memory.py), which waits a moment before it counts that.
                    _set_dumpable(True)
                    listener.close()
                    _run_kernel(request, conn, server, bool(sockets))
                finally:
                    os._exit(1)


if __name__ == "__main__":
    serve(int(sys.argv[1]), *sys.argv[2:3])
