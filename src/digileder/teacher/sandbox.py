"""The grading sandbox: participant code runs in bubblewrap, seeing only its own submission.

One sandbox per grading worker wraps the pre-warmed fork server (forkserver.py), so kernels
keep their fast start. Inside it the participant's kernel sees, read-only, the system's
/usr, the Python environment, the course package and its data (datasets/); read-write only a
private copy of the one submission being graded (/aflevering), /tmp and /dev/shm (each a
size-limited tmpfs; the rest of /dev is read-only) and the socket folder it talks to the
grader through (jupyter_client's ipc transport). It has no network, no capabilities, a clean
environment (ENV_ALLOWED), SysV IPC of its own (forkserver.py) and the limits in `Sandbox`.
Between two submissions the fork server kills every other process in the sandbox's PID
namespace and wipes everything writable, so nothing one submission leaves behind reaches the
next. When bubblewrap or user namespaces are missing, `check()` refuses in Danish: grading
never falls back to running participant code unprotected without --uden-sandkasse.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from traitlets import Int
from traitlets.config import Configurable

from digileder.teacher.errors import TeacherError

INSIDE_SUBMISSION = "/aflevering"  # the private, writable copy of the submission
INSIDE_INBOX = "/indlevering"  # read-only: what the grader hands over for one submission
# A root grader runs each sandbox as an otherwise unused user id of its own: rlimits do not
# bind root, and root could read any file. Counted per user id, the process limit is then
# per sandbox.
SANDBOX_UID_BASE = 0x70000000
# The only variables a kernel gets (plus JPY_* from jupyter_client); no secrets of the grader.
ENV_ALLOWED = ("LANG", "LC_ALL", "LC_CTYPE", "TZ", "PYTHONHASHSEED",
               "PYDEVD_DISABLE_FILE_VALIDATION", "MPLBACKEND")
NO_SANDBOX_FLAG = "--uden-sandkasse"


class Sandbox(Configurable):
    """Grænser for hver aflevering, når `digileder grade` bedømmer i sandkassen.

    Ret dem i nbgrader_config.py, fx `c.Sandbox.memory_mib = 2048`.
    """

    memory_mib = Int(1536, help=(
        "Hukommelse (MiB), som én aflevering højst må bruge i alt: kernen og alle de "
        "processer, den starter, delt hukommelse og filer i hukommelsen (/tmp, /dev/shm). "
        "Kommer den over, stoppes alle dens processer. Hver proces må desuden højst "
        "reservere så meget til data. En kerne, der kører løsningen til A1, bruger ca. "
        "180 MiB, men reserverer ca. 750 MiB.")).tag(config=True)
    max_processes = Int(64, help=(
        "Antal processer og tråde, én aflevering højst må have kørende. En kerne bruger "
        "selv ca. 15.")).tag(config=True)
    cpu_seconds = Int(600, help=(
        "CPU-tid (sekunder), som kernen for én aflevering højst må bruge i alt. Hver celle "
        "har desuden sin egen tidsgrænse: c.Execute.timeout.")).tag(config=True)
    file_size_mib = Int(100, help=(
        "Største fil (MiB), en aflevering må skrive, og største samlede plads i hver af dens "
        "midlertidige mapper.")).tag(config=True)
    output_mib = Int(10, help=(
        "Output (MiB), som én notesbog højst må skrive ud i alt (print, tabeller, figurer). "
        "Resten fjernes med en dansk besked i cellen; pointene påvirkes ikke. Gælder også "
        "uden sandkasse.")).tag(config=True)


@dataclass(frozen=True)
class Settings:
    """What a grading worker needs to build its sandbox (picklable: sent to each worker)."""

    bwrap: str
    memory_mib: int
    max_processes: int
    cpu_seconds: int
    file_size_mib: int
    output_mib: int
    read_only: tuple[str, ...] = field(default_factory=tuple)

    @property
    def run_as(self) -> int | None:
        """The sandbox's own user id when the grader is root (one per worker process)."""
        return SANDBOX_UID_BASE + os.getpid() % 65536 if os.geteuid() == 0 else None

    def rlimits(self) -> dict[int, int]:
        mib = 1024 * 1024
        return {resource.RLIMIT_DATA: self.memory_mib * mib,
                resource.RLIMIT_NPROC: self.max_processes,
                resource.RLIMIT_CPU: self.cpu_seconds,
                resource.RLIMIT_FSIZE: self.file_size_mib * mib}


def read_only_paths() -> tuple[str, ...]:
    """The Python environment, the course package and its data: nothing else of the disk.

    Never the repository as a whole (solutions/ is there) nor the teacher's home.
    """
    import digileder
    from digileder import paths

    wanted = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(),
              Path(digileder.__file__).resolve().parents[1],
              (paths._PACKAGE_ROOT / "datasets").resolve()}
    return tuple(sorted(str(p) for p in wanted
                        if p.is_dir() and p != Path("/usr") and Path("/usr") not in p.parents))


def settings(cfg) -> Settings:
    """The sandbox settings from the course's nbgrader_config.py (or the defaults)."""
    limits = Sandbox(config=cfg)
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise TeacherError(
            "Bedømmelsen kører hver deltagers kode i en sandkasse, men programmet bubblewrap "
            "(bwrap) er ikke installeret. Installér det, fx: sudo apt-get install bubblewrap. "
            f"Stoler du på alle afleveringer, kan du bedømme uden sandkasse med "
            f"{NO_SANDBOX_FLAG} (læs først afsnittet om sandkassen i underviservejledningen).")
    return Settings(bwrap, limits.memory_mib, limits.max_processes, limits.cpu_seconds,
                    limits.file_size_mib, limits.output_mib, read_only_paths())


def bwrap_command(s: Settings, inbox: Path, sockets: Path) -> list[str]:
    """The bwrap command line that runs what follows it in a sandbox for one worker."""
    size = str(s.file_size_mib * 1024 * 1024)
    if s.run_as is None:  # an ordinary user: bwrap makes a user namespace, no capabilities
        cmd = [s.bwrap, "--unshare-all", "--cap-drop", "ALL"]
    else:  # root: no user namespace; setpriv (below) drops to the sandbox's own user id
        cmd = [s.bwrap, "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
               "--unshare-cgroup-try"]
    cmd += ["--die-with-parent", "--new-session", "--clearenv",
            "--setenv", "HOME", "/tmp", "--setenv", "LANG", "C.UTF-8",
            "--setenv", "PATH", f"{Path(sys.executable).parent}:/usr/bin:/bin",
            "--setenv", "OPENBLAS_NUM_THREADS", "1",
            # First the fresh, size-limited folders, then what is bound into them.
            "--proc", "/proc", "--dev", "/dev",
            # /dev/shm is memory: a small tmpfs of its own, not the unlimited one under /dev.
            "--perms", "1777", "--size", size, "--tmpfs", "/dev/shm",
            "--perms", "1777", "--size", size, "--tmpfs", "/tmp",
            "--perms", "0777", "--size", size, "--tmpfs", INSIDE_SUBMISSION,
            "--ro-bind", "/usr", "/usr"]
    for name in ("/bin", "/sbin", "/lib", "/lib32", "/lib64"):
        if os.path.islink(name):
            cmd += ["--symlink", os.readlink(name), name]
        elif os.path.isdir(name):
            cmd += ["--ro-bind", name, name]
    for name in ("/etc/ld.so.cache", "/etc/localtime", "/etc/fonts", "/etc/alternatives"):
        cmd += ["--ro-bind-try", name, name]
    made = {"/", "/tmp", "/usr"}
    for path in (*s.read_only, str(sockets)):
        for parent in reversed(Path(path).parents):  # bwrap would make them 0700
            if str(parent) not in made:
                cmd += ["--perms", "0755", "--dir", str(parent)]
                made.add(str(parent))
    for path in s.read_only:
        cmd += ["--ro-bind", path, path]
    cmd += ["--ro-bind", str(inbox), INSIDE_INBOX,
            "--bind", str(sockets), str(sockets),
            # /dev read-only once /dev/shm is mounted in it: for an ordinary user bwrap's
            # /dev is the user's own tmpfs, which the clean-up does not wipe.
            "--remount-ro", "/dev", "--remount-ro", "/", "--chdir", INSIDE_SUBMISSION, "--"]
    if s.run_as is not None:
        uid = str(s.run_as)
        cmd += [shutil.which("setpriv") or "/usr/bin/setpriv", "--reuid", uid, "--regid", uid,
                "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs",
                "--"]
    return cmd


def make_folders(s: Settings, parent: Path | None = None) -> tuple[Path, Path, Path]:
    """A private base folder for one worker's sandbox (in PARENT: the grading run's own
    temporary folder, removed with it), with its inbox and socket folder."""
    base = Path(tempfile.mkdtemp(prefix="digileder-sandkasse-", dir=parent))
    inbox, sockets = base / "ind", base / "s"
    for folder in (inbox, sockets):
        folder.mkdir(mode=0o700)
    give_to_sandbox(s, base, sockets)
    return base, inbox, sockets


def give_to_sandbox(s: Settings, *paths: Path) -> None:
    """Let the sandbox's own user (for a root grader) use PATHS."""
    if s.run_as is not None:
        for path in paths:
            os.chown(path, s.run_as, s.run_as)


def kernel_env(env: dict[str, str]) -> dict[str, str]:
    """The grader's environment cut down to the allow-list."""
    kept = {k: v for k, v in env.items() if k in ENV_ALLOWED or k.startswith("JPY_")}
    kept.update(HOME="/tmp", PATH=f"{Path(sys.executable).parent}:/usr/bin:/bin",
                OPENBLAS_NUM_THREADS="1")
    return kept


def check(s: Settings) -> None:
    """Start the sandbox once with the course package; refuse in Danish if that fails."""
    base, inbox, sockets = make_folders(s)
    try:
        probe = subprocess.run(
            [*bwrap_command(s, inbox, sockets), sys.executable, "-c", "import digileder"],
            capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    if probe.returncode == 0:
        return
    said = (probe.stderr.strip().splitlines() or ["(ingen besked)"])[-1]
    if "namespace" in said.lower() or "uid map" in said.lower() or "permission" in said.lower():
        why = ("Maskinen tillader ikke de navnerum (user namespaces), sandkassen bygger på. Det "
               "ses fx i en container uden rettigheder til det. Bed den, der driver maskinen, "
               "om at tillade dem (se deploy/README.md), eller bedøm på en anden maskine.")
    else:
        why = "Sandkassen kunne ikke starte kursets Python-miljø."
    raise TeacherError(
        f"{why} bubblewrap sagde: {said}. Stoler du på alle afleveringer, kan du bedømme "
        f"uden sandkasse med {NO_SANDBOX_FLAG} (læs først underviservejledningen).")
