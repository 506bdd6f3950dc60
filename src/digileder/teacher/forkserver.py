"""Start grading kernels by forking a pre-warmed process instead of starting Python anew.

Every submission still runs in its own fresh kernel process, as nbgrader intends: the fork
server only imports libraries (ipykernel, pandas, altair, digileder) and never runs a
participant's code, so one submission cannot affect another. What it saves is the start-up
work every kernel would repeat (about 0.6 s CPU per submission, docs/benchmarks.md).

Pieces:
- `serve()` (run as `python -m digileder.teacher.forkserver SOCKET`): imports the libraries,
  then forks one kernel per request on a unix socket. It exits when its parent closes stdin.
- `ForkServerProvisioner`: a jupyter_client kernel provisioner that asks the server for a
  kernel instead of calling Popen, and manages the forked process by its pid. If the server
  cannot be reached it falls back to a normal launch.
- `use_fork_server(folder)`: makes the "python3" kernel in this process use the provisioner
  (a kernelspec in FOLDER, found first through JUPYTER_PATH).
"""

from __future__ import annotations

import atexit
import json
import os
import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from jupyter_client.provisioning import LocalProvisioner

PROVISIONER = "digileder-forkserver"
PRELOAD = ("ipykernel.kernelapp", "IPython", "pandas", "altair", "ipywidgets", "digileder")


# --- the server ------------------------------------------------------------------------------

def _run_kernel(request: dict) -> None:
    """In the forked child: become the kernel `python -m ipykernel_launcher ARGS` would be."""
    os.setsid()  # its own process group, like jupyter_client's launcher (interrupts, kill)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
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


def _reap(_signum=None, _frame=None) -> None:
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def serve(path: str) -> None:
    for module in PRELOAD:
        __import__(module)
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
            return  # the grading worker is gone
        if listener not in ready:
            continue
        conn, _ = listener.accept()
        with conn:
            request = json.loads(conn.makefile("r", encoding="utf-8").readline())
            pid = os.fork()
            if pid == 0:
                listener.close()
                conn.close()
                _run_kernel(request)
            conn.sendall(f"{pid}\n".encode())


# --- the client side -------------------------------------------------------------------------

class _Server:
    """One fork server per grading worker, started on first use."""

    process: subprocess.Popen | None = None
    path: str = ""

    @classmethod
    def request(cls, args: list[str], cwd: str, env: dict[str, str]) -> int:
        if cls.process is None or cls.process.poll() is not None:
            cls._start()
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(cls.path)
            conn.sendall((json.dumps({"args": args, "cwd": cwd, "env": env}) + "\n").encode())
            return int(conn.makefile("r").readline())

    @classmethod
    def _start(cls) -> None:
        cls.path = f"/tmp/digileder-forkserver-{os.getpid()}-{time.monotonic_ns()}.sock"
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1")  # no threads in a process that forks
        cls.process = subprocess.Popen(
            [sys.executable, "-m", "digileder.teacher.forkserver", cls.path],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True)
        if cls.process.stdout.readline().strip() != "klar":
            raise OSError("the fork server did not start")
        atexit.register(cls.stop)

    @classmethod
    def stop(cls) -> None:
        if cls.process is not None and cls.process.poll() is None:
            cls.process.stdin.close()
            cls.process.wait(timeout=10)
        if cls.path and os.path.exists(cls.path):
            os.unlink(cls.path)


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

    async def launch_kernel(self, cmd: list[str], **kwargs):
        module_at = cmd.index("-m") if "-m" in cmd else -1
        if module_at < 0 or cmd[module_at + 1] != "ipykernel_launcher":
            return await super().launch_kernel(cmd, **kwargs)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        env = {k: str(v) for k, v in (kwargs.get("env") or os.environ).items()}
        try:
            pid = _Server.request(cmd[module_at + 2:], cwd, env)
        except OSError:
            return await super().launch_kernel(cmd, **kwargs)
        self.process = _Forked(pid)
        self.pid = self.pgid = pid
        self.cwd = cwd
        return self.connection_info


def use_fork_server(folder: Path) -> None:
    """Let this process's "python3" kernels come from the fork server."""
    spec = folder / "kernels" / "python3"
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (ipykernel)", "language": "python",
        "metadata": {"kernel_provisioner": {"provisioner_name": PROVISIONER}},
    }), encoding="utf-8")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(folder), *filter(None, [os.environ.get("JUPYTER_PATH")])])


if __name__ == "__main__":
    serve(sys.argv[1])
