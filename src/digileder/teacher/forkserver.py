"""Start grading kernels by forking a pre-warmed process instead of starting Python anew.

Every submission still runs in its own fresh kernel process, as nbgrader intends: the fork
server only imports libraries (ipykernel, pandas, altair, digileder) and never runs a
participant's code, so one submission cannot affect another. What it saves is the start-up
work every kernel would repeat (about 0.6 s CPU per submission, docs/benchmarks.md).

Pieces:
- `serve()` (run as `python -m digileder.teacher.forkserver SOCKET`): imports the libraries,
  then forks one kernel per request on a unix socket. It exits when its parent closes stdin,
  dies or is stopped (Ctrl-C, SIGTERM), and then kills every kernel it forked and what they
  started (it is their subreaper); a kernel whose server died is killed by the kernel itself
  (PR_SET_PDEATHSIG). So a grader killed mid-batch leaves nothing running.
- `ForkServerProvisioner`: a jupyter_client kernel provisioner that asks the server for a
  kernel instead of calling Popen, and manages the forked process by its pid. If the server
  cannot be reached it falls back to a normal launch.
- `use_fork_server(folder, sandbox)`: makes the "python3" kernel in this process use the
  provisioner (a kernelspec in FOLDER, found first through JUPYTER_PATH).

With sandbox settings (digileder.teacher.sandbox) the server runs inside bubblewrap: kernels
talk to the grader over unix sockets (ipc transport), get the submission's files through a
read-only inbox, and `end_submission()` has the server kill every other process in the
sandbox and wipe what is writable before the next submission. Then there is no fallback:
a kernel that cannot start in the sandbox is an error.
"""

from __future__ import annotations

import atexit
import ctypes
import json
import os
import resource
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import uuid
from pathlib import Path

from jupyter_client.provisioning import LocalProvisioner

PROVISIONER = "digileder-forkserver"
PRELOAD = ("ipykernel.kernelapp", "IPython", "pandas", "altair", "ipywidgets", "digileder")
INBOX = "/indlevering"  # the same as digileder.teacher.sandbox.INSIDE_INBOX
_PARENT = "DIGILEDER_FORKSERVER_PARENT"  # the grading worker's pid, for the server


# --- the server ------------------------------------------------------------------------------

def _run_kernel(request: dict, conn: socket.socket, server: int) -> None:
    """In the forked child: become the kernel `python -m ipykernel_launcher ARGS` would be."""
    os.setsid()  # its own process group, like jupyter_client's launcher (interrupts, kill)
    for signum in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # as in any new Python
    _die_with_parent(signal.SIGKILL, server)
    _set_dumpable(True)
    if request.get("inbox"):  # the sandbox: a private, writable copy of the submission
        _wipe(Path(request["cwd"]))
        for item in Path(request["inbox"]).iterdir():
            target = Path(request["cwd"]) / item.name
            if item.is_dir() and not item.is_symlink():
                shutil.copytree(item, target, symlinks=True)
            else:
                shutil.copy2(item, target, follow_symlinks=False)
        _own_ipc_namespace()
    for limit, value in (request.get("rlimits") or {}).items():
        resource.setrlimit(int(limit), (value, value))
    # Sent by the kernel itself: the grader reads its pid, as seen from outside the sandbox's
    # PID namespace, from the socket's credentials.
    conn.sendall(b"klar\n")
    conn.close()
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.path[0] = request["cwd"]  # as `python -m` sets it
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


_PR_SET_PDEATHSIG = 1
_CLONE_NEWUSER, _CLONE_NEWIPC = 0x10000000, 0x08000000
_PR_SET_CHILD_SUBREAPER = 36


def _prctl(option: int, value: int) -> None:
    ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)


def _die_with_parent(signum: int, parent: int) -> None:
    """Get SIGNUM when the parent (pid PARENT) ends; exit now if it already has."""
    _prctl(_PR_SET_PDEATHSIG, signum)
    if parent and os.getppid() != parent:
        os._exit(1)


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


def _set_dumpable(on: bool) -> None:
    """A non-dumpable server cannot be ptraced (or its memory read) by a kernel it forked."""
    PR_SET_DUMPABLE = 4
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, int(on), 0, 0, 0)


def _wipe(folder: Path, keep: tuple[Path, ...] = ()) -> None:
    """Empty FOLDER, except the paths in KEEP (and the folders leading to them)."""
    if not folder.is_dir():
        return
    for item in folder.iterdir():
        if any(item == k for k in keep):
            continue
        if any(item in k.parents for k in keep):
            _wipe(item, keep)
        elif item.is_dir() and not item.is_symlink():
            shutil.rmtree(item, ignore_errors=True)
        else:
            item.unlink(missing_ok=True)


def _end_submission(listener_path: str, inside: str) -> None:
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
    _remove_sysv_ipc()
    sockets = Path(listener_path).parent
    for folder in (Path("/tmp"), Path(inside), Path("/dev/shm")):
        _wipe(folder, keep=(sockets,))
    _wipe(sockets, keep=(Path(listener_path),))


def serve(path: str, inside: str = "") -> None:
    # Whatever stops the server (its grading worker dying, Ctrl-C, SIGTERM) takes its kernels.
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, _kill_everything_and_exit)
    _prctl(_PR_SET_CHILD_SUBREAPER, 1)
    _die_with_parent(signal.SIGTERM, int(os.environ.pop(_PARENT, "0")))
    for module in PRELOAD:
        __import__(module)
    if inside:
        _set_dumpable(False)
    # Reap finished kernels as they exit (not SIG_IGN: waiting adds their CPU time to ours,
    # and so to the grading worker's, so `time` and the benchmark still see it).
    signal.signal(signal.SIGCHLD, _reap)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
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
            request = json.loads(conn.makefile("r", encoding="utf-8").readline())
            if request.get("op") == "ryd":
                if not inside:
                    continue
                try:
                    _end_submission(path, inside)
                    conn.sendall(b"ryddet\n")
                except OSError:
                    return  # the grader sees no answer and kills the whole sandbox
                continue
            server = os.getpid()
            pid = os.fork()
            if pid == 0:
                listener.close()
                _run_kernel(request, conn, server)


# --- the client side -------------------------------------------------------------------------

class _Server:
    """One fork server per grading worker, started on first use (in a sandbox if asked)."""

    process: subprocess.Popen | None = None
    path: str = ""
    sandbox = None  # digileder.teacher.sandbox.Settings, or None
    home: Path | None = None  # where the sandbox's folders go (the kernelspec's folder)
    folders: tuple[Path, Path, Path] | None = None  # the sandbox's base, inbox and sockets

    @classmethod
    def request(cls, args: list[str], cwd: str, env: dict[str, str]) -> int:
        """Fork a kernel; its pid as this process sees it (from the socket's credentials)."""
        if cls.process is None or cls.process.poll() is not None:
            cls._start()
        message = {"args": args, "cwd": cwd, "env": env}
        if cls.sandbox is not None:
            message.update(inbox=INBOX, rlimits=cls.sandbox.rlimits())
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
            conn.connect(cls.path)
            conn.sendall((json.dumps(message) + "\n").encode())
            conn.settimeout(60)
            data, ancillary, _flags, _addr = conn.recvmsg(64, socket.CMSG_SPACE(12))
        for level, kind, payload in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS \
                    and data.startswith(b"klar"):
                return struct.unpack("3i", payload[:12])[0]
        raise OSError("the forked kernel did not report")

    @classmethod
    def end_submission(cls) -> None:
        """Sandbox: kill everything the last submission started and wipe what it wrote.

        If the server does not confirm, the whole sandbox is killed (a new one starts)."""
        if cls.sandbox is None or cls.process is None or cls.process.poll() is not None:
            return
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
                conn.settimeout(30)
                conn.connect(cls.path)
                conn.sendall(b'{"op": "ryd"}\n')
                if conn.makefile("r").readline().strip() == "ryddet":
                    return
        except OSError:
            pass
        cls.process.kill()  # bwrap; --die-with-parent takes the whole PID namespace along
        cls.process.wait()

    @classmethod
    def hand_in(cls, folder: Path) -> None:
        """Put a copy of FOLDER (the submission) in the sandbox's read-only inbox."""
        from digileder.teacher.sandbox import give_to_sandbox

        inbox = cls.folders[1]
        _wipe(inbox)
        shutil.copytree(folder, inbox, symlinks=True, dirs_exist_ok=True)
        for item in [inbox, *inbox.rglob("*")]:
            if not item.is_symlink():
                item.chmod(0o755 if item.is_dir() else 0o644)
        give_to_sandbox(cls.sandbox, inbox)

    @classmethod
    def sandbox_folders(cls) -> tuple[Path, Path, Path]:
        if cls.folders is None:
            from digileder.teacher.sandbox import make_folders

            cls.folders = make_folders(cls.sandbox, cls.home)
        return cls.folders

    @classmethod
    def _start(cls) -> None:
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1")  # no threads in a process that forks
        env[_PARENT] = str(os.getpid())
        cmd = [sys.executable, "-m", "digileder.teacher.forkserver"]
        if cls.sandbox is None:
            cls.path = f"/tmp/digileder-forkserver-{os.getpid()}-{time.monotonic_ns()}.sock"
            cmd.append(cls.path)
        else:
            from digileder.teacher.sandbox import INSIDE_SUBMISSION, bwrap_command

            _base, inbox, sockets = cls.sandbox_folders()
            cls.path = str(sockets / "server.sock")
            Path(cls.path).unlink(missing_ok=True)  # left by a sandbox that was killed
            cmd = [*bwrap_command(cls.sandbox, inbox, sockets), *cmd, cls.path,
                   INSIDE_SUBMISSION]
        cls.process = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       env=env, text=True)
        if cls.process.stdout.readline().strip() != "klar":
            raise OSError("the fork server did not start")
        atexit.register(cls.stop)

    @classmethod
    def stop_now(cls) -> None:
        """The worker is being stopped: end the server at once, and with it its kernels."""
        if cls.process is not None and cls.process.poll() is None:
            if cls.sandbox is None:
                cls.process.terminate()  # the server kills what it forked, then exits
            else:
                cls.process.kill()  # bwrap; the sandbox's whole PID namespace goes with it
            try:
                cls.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                cls.process.kill()

    @classmethod
    def stop(cls) -> None:
        if cls.process is not None and cls.process.poll() is None:
            cls.process.stdin.close()
            try:
                cls.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                cls.process.kill()
        if cls.sandbox is None and cls.path and os.path.exists(cls.path):
            os.unlink(cls.path)
        if cls.folders is not None:
            shutil.rmtree(cls.folders[0], ignore_errors=True)
            cls.folders = None


class _Forked:
    """The little of Popen's interface LocalProvisioner uses, for a process we did not start."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0  # reaped by the server; its exit code is not ours to see
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        while self.poll() is None:
            time.sleep(0.05)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkServerProvisioner(LocalProvisioner):
    """Launch the kernel as a fork of the pre-warmed server; manage it like LocalProvisioner."""

    async def pre_launch(self, **kwargs):
        if _Server.sandbox is not None:
            _Server.end_submission()  # a clean sandbox, whatever ran in it before
            # Unix sockets in the folder the sandbox shares: it has no network to use tcp.
            km = self.parent
            stem = _Server.sandbox_folders()[2] / f"k-{uuid.uuid4().hex[:12]}"
            km.transport, km.cache_ports = "ipc", False
            km.ip, km.connection_file = str(stem), f"{stem}.json"
        kwargs = await super().pre_launch(**kwargs)
        if _Server.sandbox is not None:
            from digileder.teacher.sandbox import give_to_sandbox

            give_to_sandbox(_Server.sandbox, Path(self.parent.connection_file))
        return kwargs

    async def launch_kernel(self, cmd: list[str], **kwargs):
        module_at = cmd.index("-m") if "-m" in cmd else -1
        sandboxed = _Server.sandbox is not None
        if module_at < 0 or cmd[module_at + 1] != "ipykernel_launcher":
            if sandboxed:
                raise RuntimeError("only ipykernel kernels can run in the grading sandbox")
            return await super().launch_kernel(cmd, **kwargs)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        env = {k: str(v) for k, v in (kwargs.get("env") or os.environ).items()}
        if sandboxed:
            from digileder.teacher.sandbox import INSIDE_SUBMISSION, kernel_env

            _Server.hand_in(Path(cwd))
            cwd, env = INSIDE_SUBMISSION, kernel_env(env)
        try:
            pid = _Server.request(cmd[module_at + 2:], cwd, env)
        except OSError:
            if sandboxed:  # never a silent fallback to running unprotected
                raise RuntimeError("the grading sandbox could not start a kernel") from None
            return await super().launch_kernel(cmd, **kwargs)
        self.process = _Forked(pid)
        self.pid = self.pgid = pid
        self.cwd = cwd
        return self.connection_info


def use_fork_server(folder: Path, sandbox=None) -> None:
    """Let this process's "python3" kernels come from the fork server (in SANDBOX, if given:
    digileder.teacher.sandbox.Settings)."""
    _Server.sandbox, _Server.home = sandbox, folder
    spec = folder / "kernels" / "python3"
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (ipykernel)", "language": "python",
        "metadata": {"kernel_provisioner": {"provisioner_name": PROVISIONER}},
    }), encoding="utf-8")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(folder), *filter(None, [os.environ.get("JUPYTER_PATH")])])


def end_submission() -> None:
    """Called by the grader after each submission, before it reads any result."""
    _Server.end_submission()


if __name__ == "__main__":
    serve(*sys.argv[1:3])
