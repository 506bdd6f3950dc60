"""The sandbox's memory limit: all memory one submission holds, watched from the grader's side.

A per-process limit (RLIMIT_DATA) misses shared memory, in-memory files and memory spread
over several processes, and cgroups are not ours to use (host-managed, often no systemd).
So a thread in the grading worker, outside the sandbox where no kernel can stop, renice or
reach it, sums about every 0.2 s what the processes in the sandbox's PID namespace hold
(all but the fork server and bwrap's init):

- each process's own memory: the proportional share of its resident pages (PSS, shared pages
  counted once overall) and of its swapped-out pages, from /proc/PID/smaps_rollup;
- every shared-memory object (memfd, shared anonymous memory, an attached SysV segment) a
  process holds through a file descriptor or a mapping, once, at its full size: a one-page
  mapping cannot hide the rest of the object. As root the grader can see the size of an object
  that is only mapped; otherwise the mapped part counts, through the processes' PSS;
- what is stored in the sandbox's own tmpfs folders (/tmp, /dev/shm, /dev, the submission's
  copy), also files already deleted but still open, and the files in the socket folder it
  shares with the grader (on the teacher's disk), there also files deleted but held open.

Over the limit, every process of the submission is killed at once (a pidfd for each, through
the sandbox's own /proc) and the grader is told, so the participant gets a Danish note. SysV
memory that no process has mapped cannot be seen from outside its IPC namespace; the kernel
caps it in forkserver.py (SYSV_SHM_MIB).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

INTERVAL = 0.2  # seconds between two measurements
TMPFS = ("/tmp", "/dev/shm", "/dev", "/aflevering")  # the sandbox's own memory-backed folders
_SOCKET_FOLDER_ENTRIES = 2000  # more than a kernel ever makes there: counted as over the limit
HIDDEN = 1 << 62  # what cannot be seen counts as more than any limit
# A kernel the fork server has just forked inherits its "not dumpable" for a moment (until
# forkserver._run_kernel resets it), and so hides its files: a hidden process counts only
# when it is still hidden after these pauses.
HIDDEN_RECHECKS, HIDDEN_PAUSE = 4, 0.05


def _shm_device() -> int:
    """The device of the kernel's internal shared-memory mount (memfd, shared anonymous
    memory and SysV segments all live there)."""
    fd = os.memfd_create("digileder-probe")
    try:
        return os.fstat(fd).st_dev
    finally:
        os.close(fd)


def _rollup(proc: str) -> tuple[int, int]:
    """(private bytes, of which shared memory): PSS plus swapped PSS, and Pss_Shmem."""
    values = {}
    try:
        for line in Path(proc, "smaps_rollup").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in ("Pss", "SwapPss", "Pss_Shmem"):
                values[name] = int(rest.split()[0]) * 1024
    except PermissionError:  # never so for the grader; fail safe: all resident pages count
        pages = int(Path(proc, "statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE"), 0
    return values.get("Pss", 0) + values.get("SwapPss", 0), values.get("Pss_Shmem", 0)


class Measure:
    """One measurement of everything the submission in a sandbox holds, in bytes."""

    def __init__(self, root: str, exclude: set[str], sockets: Path | None):
        self.root, self.exclude, self.sockets = root, exclude, sockets
        self.parts: dict[str, int] = {}  # the last total() by kind, for the teacher's log
        self.hidden: list[str] = []  # processes whose files the last total() could not see
        self.shm_dev = _shm_device()
        self.full_objects = os.geteuid() == 0  # may stat what /proc/PID/map_files points to
        self.sockets_dev = os.stat(sockets).st_dev if sockets is not None else None

    def pids(self) -> list[str]:
        return [p for p in os.listdir(f"{self.root}/proc")
                if p.isdigit() and p not in self.exclude]

    def exceeds(self, limit: int) -> bool:
        """Is the submission over LIMIT bytes? First a cheap upper bound (resident pages,
        shared ones counted in full): reading PSS costs about 3 ms for a kernel with pandas
        loaded, so it is read only when the bound is over the limit."""
        bound, objects = 0, {}
        for pid in self.pids():
            proc = f"{self.root}/proc/{pid}"
            try:
                status = dict(line.split(":", 1) for line in
                              Path(proc, "status").read_text().splitlines() if ":" in line)
                kib = [int(status.get(name, "0 kB").split()[0])
                       for name in ("VmRSS", "VmSwap", "RssShmem")]
                self._open_files(proc, objects)
                if kib[2]:
                    self._mapped(proc, objects)
            except (FileNotFoundError, ProcessLookupError):
                continue  # gone meanwhile
            bound += (kib[0] + kib[1]) * 1024
        if bound + sum(objects.values()) + self._tmpfs() + self._socket_folder() <= limit:
            return False
        over = self.total() > limit
        for _ in range(HIDDEN_RECHECKS):
            if not (over and self.hidden):
                break
            time.sleep(HIDDEN_PAUSE)
            over = self.total() > limit
        return over

    def total(self) -> int:
        """Everything the submission holds, in bytes, each shared page counted once."""
        own = shmem_pss = 0
        objects: dict[tuple[int, int], int] = {}  # shared-memory objects, each once
        mapped: set[int] = set()
        self.hidden = []
        for pid in self.pids():
            proc = f"{self.root}/proc/{pid}"
            try:
                pss, shmem = _rollup(proc)
                if self._open_files(proc, objects):
                    self.hidden.append(pid)
                if shmem:
                    mapped |= self._mapped(proc, objects)
            except (FileNotFoundError, ProcessLookupError):
                continue  # gone meanwhile
            own += pss - shmem
            shmem_pss += shmem
        if self.full_objects:  # every object at its full size, the mapped part in it
            held = sum(objects.values())
        else:  # the mapped part by PSS, objects only held open in full
            held = shmem_pss + sum(size for (_dev, ino), size in objects.items()
                                   if ino not in mapped)
        self.parts = {"own": own, "shared": held, "tmpfs": self._tmpfs(),
                      "sockets": self._socket_folder()}
        return sum(self.parts.values())

    def describe(self) -> str:
        """The last total() in Danish, for the teacher's log: what held the memory."""
        mib = {kind: f"{size / (1 << 20):.0f} MiB" if size < HIDDEN else "ukendt"
               for kind, size in self.parts.items()}
        text = (f"Hukommelsesvagten målte: processernes egen hukommelse {mib['own']}, delt "
                f"hukommelse {mib['shared']}, midlertidige mapper {mib['tmpfs']}, filer delt med "
                f"bedømmeren {mib['sockets']}.")
        if len(self.hidden) == 1:
            text += f" Proces {self.hidden[0]} skjulte sine filer, så den talte som over grænsen."
        elif self.hidden:
            names = f"{', '.join(self.hidden[:-1])} og {self.hidden[-1]}"
            text += f" Processerne {names} skjulte deres filer, så de talte som over grænsen."
        return text

    def _open_files(self, proc: str, objects: dict) -> bool:
        """Add the shared-memory objects PROC holds open; True if it hides its files."""
        try:
            fds = os.listdir(f"{proc}/fd")
        except PermissionError:
            # Only a process that made itself non-dumpable hides its files from a grader
            # that is not root (kernels are dumpable): what it holds cannot be seen, so it
            # counts as over any limit.
            objects[(-1, -1)] = HIDDEN
            return True
        for fd in fds:
            try:
                if not os.readlink(f"{proc}/fd/{fd}").startswith("/"):
                    continue  # a socket, pipe or other kernel object, not a file
                st = os.stat(f"{proc}/fd/{fd}")
            except OSError:
                continue
            if st.st_dev == self.shm_dev or (st.st_dev == self.sockets_dev and
                                             st.st_nlink == 0):
                # a deleted file on the teacher's disk has no name _socket_folder could count
                objects[(st.st_dev, st.st_ino)] = st.st_blocks * 512
        return False

    def _mapped(self, proc: str, objects: dict) -> set[int]:
        """Inodes of the shared-memory objects PROC maps; their full size where visible."""
        major, minor = os.major(self.shm_dev), os.minor(self.shm_dev)
        device = f"{major:02x}:{minor:02x}"
        inodes = set()
        for line in Path(proc, "maps").read_text().splitlines():
            fields = line.split(maxsplit=5)
            if len(fields) < 5 or fields[3] != device or fields[4] == "0":
                continue
            inode = int(fields[4])
            inodes.add(inode)
            if self.full_objects and (self.shm_dev, inode) not in objects:
                try:
                    st = os.stat(f"{proc}/map_files/{fields[0]}")
                except OSError:
                    continue
                objects[(st.st_dev, st.st_ino)] = st.st_blocks * 512
        return inodes

    def _tmpfs(self) -> int:
        used = 0
        for folder in TMPFS:
            try:
                fs = os.statvfs(f"{self.root}{folder}")
            except OSError:
                continue
            used += (fs.f_blocks - fs.f_bfree) * fs.f_frsize
        return used

    def _socket_folder(self) -> int:
        """Files in the folder shared with the grader (on the host's disk or tmpfs)."""
        if self.sockets is None:
            return 0
        size, seen, todo = 0, 0, [self.sockets]
        while todo:
            try:
                entries = list(os.scandir(todo.pop()))
            except OSError:
                continue
            for entry in entries:
                seen += 1
                if seen > _SOCKET_FOLDER_ENTRIES:
                    return HIDDEN
                try:
                    if entry.is_dir(follow_symlinks=False):
                        todo.append(entry.path)
                    else:
                        size += entry.stat(follow_symlinks=False).st_blocks * 512
                except OSError:
                    continue
        return size


def _ns_pid(pid: int) -> str:
    """PID's number inside its own (the sandbox's) PID namespace."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("NSpid:"):
            return line.split()[-1]
    raise OSError("no NSpid")


class MemoryWatch:
    """Watches one sandbox (its fork server's pid as the grader sees it) in a thread."""

    def __init__(self, server_pid: int, limit_mib: int, sockets: Path | None = None):
        self.server_pid = server_pid
        self.limit = limit_mib * 1024 * 1024
        self.measure = Measure(f"/proc/{server_pid}/root", {"1", _ns_pid(server_pid)},
                               sockets)
        self.measure.pids()  # raises now (no kernel starts) if the sandbox cannot be seen
        self.exceeded = ""  # what the watch measured when it stopped a submission
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="digileder-memwatch",
                                        daemon=True)
        self._thread.start()

    def _run(self) -> None:
        failures = 0
        while not self._stop.wait(INTERVAL):
            try:
                if self.measure.exceeds(self.limit):
                    self.exceeded = self.measure.describe()
                    self.kill_submission()
                failures = 0
            except Exception:  # noqa: BLE001 - the watch must outlive any odd /proc entry
                if not Path(f"/proc/{self.server_pid}").exists():
                    return  # the sandbox is gone
                failures += 1
                if failures >= 5:  # a submission the watch cannot measure does not go on
                    try:
                        self.kill_submission()
                    except OSError:
                        pass

    def kill_submission(self) -> None:
        """SIGKILL every process in the sandbox but the fork server and bwrap's init, until
        none is left (a process may fork while the others are killed)."""
        for _ in range(100):
            pids = [pid for pid in self.measure.pids() if not self._zombie(pid)]
            if not pids:
                return
            for pid in pids:
                try:
                    fd = os.open(f"{self.measure.root}/proc/{pid}", os.O_RDONLY | os.O_DIRECTORY)
                except OSError:
                    continue
                try:
                    signal.pidfd_send_signal(fd, signal.SIGKILL)
                except OSError:
                    pass
                finally:
                    os.close(fd)
            self._stop.wait(0.01)

    def _zombie(self, pid: str) -> bool:
        """Dead, only waiting for the fork server to reap it."""
        try:
            stat = Path(f"{self.measure.root}/proc/{pid}/stat").read_text()
        except OSError:
            return True
        return stat[stat.rindex(")") + 2] in "ZX"

    def take_verdict(self) -> str:
        """What the watch measured if it stopped a submission since it was last asked, else
        ''."""
        exceeded, self.exceeded = self.exceeded, ""
        return exceeded

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=2)
