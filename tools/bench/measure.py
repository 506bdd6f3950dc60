"""Small measuring helpers for the benchmark: peak memory, repeats, machine facts."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import time
from pathlib import Path

MIB = 1024 * 1024


def proc_status_kib(pid: int, field: str) -> int | None:
    """A kB field of /proc/<pid>/status (VmHWM = peak RSS, VmRSS = current RSS)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    return None


def peak_mib(pid: int) -> float | None:
    """The exact peak resident memory of a running process (VmHWM), in MiB."""
    kib = proc_status_kib(pid, "VmHWM")
    return None if kib is None else kib / 1024


def rss_mib(pid: int) -> float | None:
    kib = proc_status_kib(pid, "VmRSS")
    return None if kib is None else kib / 1024


def summarize(values: list[float]) -> dict:
    """Median and spread (min, max) of repeated measurements."""
    values = [v for v in values if v is not None]
    if not values:
        return {"n": 0, "median": None, "min": None, "max": None, "values": []}
    return {"n": len(values), "median": statistics.median(values), "min": min(values),
            "max": max(values), "values": [round(v, 3) for v in values]}


def percentile(values: list[float], q: float) -> float | None:
    """The value at quantile q (0.95: the 95th percentile) of the measurements, no
    interpolation; None for none."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


class Stopwatch:
    """with Stopwatch() as sw: ...; sw.seconds"""

    def __enter__(self):
        self._start = time.perf_counter()
        self.seconds = 0.0
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self._start
        return False


def machine() -> dict:
    """Facts that the numbers depend on: cores, memory, CPU model, Python, date."""
    cpu = "ukendt"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_kib = proc_meminfo("MemTotal")
    try:
        nproc = int(subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip())
    except (OSError, ValueError):
        nproc = os.cpu_count()
    return {
        "date": time.strftime("%Y-%m-%d"),
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "nproc": nproc,
        "memory_gib": round(mem_kib / 1024 / 1024, 1) if mem_kib else None,
        "cpu_model": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def proc_meminfo(field: str) -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def package_versions(names: list[str]) -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in names:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "mangler"
    return out
