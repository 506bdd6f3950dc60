"""A/B of the grading sandbox: `digileder grade` in the sandbox and with --uden-sandkasse on
copies of the same course with N generated A1 submissions (docs/benchmarks.md).

Usage: python tools/bench/sandbox_ab.py [SUBMISSIONS] [PAIRS] [WORKERS]

Pairs alternate their order (ABBA: sandbox first, then the other way round), so neither
side always gets the cold file cache. Every run prints its wall time, its CPU time and the
machine's load average; the last line is a one-line summary to paste. CPU time is the whole
process tree's, kernels in the sandbox included, from a cgroup (v1 cpuacct) of its own when
the script runs as root; otherwise only wall time is comparable (CPU time inside bwrap's PID
namespace does not reach RUSAGE_CHILDREN).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import grading as g

CPUACCT = Path("/sys/fs/cgroup/cpuacct")


def _cgroup() -> Path | None:
    """A fresh cpuacct cgroup for one run, or None where there is none to make."""
    if os.geteuid() != 0 or not (CPUACCT / "cgroup.procs").exists():
        return None
    group = CPUACCT / f"digileder-ab-{uuid.uuid4().hex[:8]}"
    try:
        group.mkdir()
    except OSError:
        return None
    return group


def _run(kind: str, command: list[str], root: Path) -> dict:
    group = _cgroup()
    if group is not None:  # the shell joins the cgroup, then becomes the grader
        command = ["sh", "-c", f'echo $$ > {group}/cgroup.procs && exec "$@"', "-", *command]
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    with open(root.parent / "log.txt", "w") as log:
        proc = subprocess.run(command, cwd=root, env=g._env(), stdout=log,
                              stderr=subprocess.STDOUT)
    wall = time.perf_counter() - started
    cpu = None
    if group is not None:
        for _ in range(300):  # the sandbox's last processes may still be on their way out
            if not (group / "cgroup.procs").read_text().strip():
                break
            time.sleep(0.1)
        cpu = int((group / "cpuacct.usage").read_text()) / 1e9
        left = (group / "cgroup.procs").read_text().split()
        if left:
            print(f"  ADVARSEL: {len(left)} processer lever efter kørslen: {left}", flush=True)
        else:
            group.rmdir()
    return {"kind": kind, "wall_s": wall, "cpu_s": cpu, "exit_code": proc.returncode,
            "load": (load_before, os.getloadavg()[0])}


def _pct(boxed: list[float], plain: list[float]) -> float:
    return 100 * (statistics.median(boxed) / statistics.median(plain) - 1)


def run_pairs(name: str, commands: dict[str, list[str]], count: int, pairs: int,
              workers: int) -> None:
    """ABBA pairs of the two COMMANDS (kind -> `digileder grade` command line without
    --course and --workers) on copies of one course with COUNT generated A1 submissions;
    prints every run and, last, a one-line summary to paste into docs/benchmarks.md."""
    base = Path("/tmp/bench") / name
    template = g.prepare(base / "template", count)
    first, second = commands
    reference, same, runs = None, True, []
    for pair in range(pairs):
        for kind in ((first, second) if pair % 2 == 0 else (second, first)):
            root = base / f"run-{pair}-{kind}" / "hold"
            if root.parent.exists():
                g._rmtree(root.parent)
            shutil.copytree(template, root, symlinks=True)
            run = _run(kind, [*commands[kind], "--course", str(root), "--workers",
                              str(workers)], root)
            got = g.grades(root)
            reference = reference or got
            same = same and got == reference and len(got) == count
            runs.append(run)
            cpu = f"{run['cpu_s']:7.1f} s CPU" if run["cpu_s"] is not None else "CPU ukendt"
            print(f"{kind:9} {run['wall_s']:7.1f} s væg, {cpu}, {len(got)} bedømt, ens "
                  f"karakterer: {got == reference}, kode {run['exit_code']}, load "
                  f"{run['load'][0]:.1f}→{run['load'][1]:.1f}", flush=True)
    side = {k: [r for r in runs if r["kind"] == k] for k in commands}
    walls = {k: [r["wall_s"] for r in rs] for k, rs in side.items()}
    loads = [x for r in runs for x in r["load"]]
    summary = (f"{name}: {count} afleveringer, {workers} processer, {pairs} par (ABBA): "
               f"{first} {statistics.median(walls[first]):.1f} s, {second} "
               f"{statistics.median(walls[second]):.1f} s (median væg), "
               f"{_pct(walls[first], walls[second]):+.1f} % væg")
    if all(r["cpu_s"] is not None for r in runs):
        cpus = {k: [r["cpu_s"] for r in rs] for k, rs in side.items()}
        summary += (f", CPU {statistics.median(cpus[first]):.1f} s mod "
                    f"{statistics.median(cpus[second]):.1f} s "
                    f"({_pct(cpus[first], cpus[second]):+.1f} %)")
    summary += (f"; ens karakterer: {'ja' if same else 'NEJ'}; load "
                f"{min(loads):.1f}–{max(loads):.1f}")
    print(summary, flush=True)


def main(count: int = 100, pairs: int = 2, workers: int = 2) -> None:
    command = [*g.digileder_cmd(), "grade", g.ASSIGNMENT]
    run_pairs("sandbox_ab", {"sandkasse": command, "uden": [*command, "--uden-sandkasse"]},
              count, pairs, workers)


if __name__ == "__main__":
    main(*[int(a) for a in sys.argv[1:4]])
