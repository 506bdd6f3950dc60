"""A/B of the output limit (sandbox_output.py): `digileder grade` of A1 where one submission
prints MIB MiB, with the default limit ("grænse") and with the limit set out of reach
("uden"), each in a fresh process (docs/benchmarks.md).

Usage: python tools/bench/output_ab.py [MIB]

Prints, per run, the largest peak resident memory (VmHWM) of the grading processes (the
grader and its workers, not what runs in the sandbox), the autograded notebook's size and
the grades (the same solution with and without the printing: the same points).
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import time
from pathlib import Path

import grading as g


def _course(base: Path, mib: int) -> Path:
    """A1 with two copies of the solution, one of which also prints MIB MiB."""
    root = g.prepare(base, 0)
    solution = json.loads((root / "source" / g.ASSIGNMENT / g.NOTEBOOK).read_text("utf-8"))
    printing = copy.deepcopy(solution)
    cell = g._cell(printing, "a1-q1")
    cell["source"] = "".join(cell["source"]) + (
        f"\n_mib = 'x' * (1 << 20)\nfor _ in range({mib}):\n    print(_mib)")
    for student, nb in (("p98-loesning", solution), ("p99-output", printing)):
        folder = root / "submitted" / student / g.ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / g.NOTEBOOK).write_text(json.dumps(nb), encoding="utf-8")
    return root


def _grading_processes(top: int) -> list[int]:
    """TOP and its descendants, but not bwrap and what runs in the sandbox below it."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
        except (OSError, ValueError):
            continue
        if entry.name.isdigit():
            children.setdefault(int(stat[stat.rindex(")") + 2:].split()[1]), []).append(
                int(entry.name))
    found, todo = [], [top]
    while todo:
        pid = todo.pop()
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() == "bwrap":
                continue
        except OSError:
            continue
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _peak_kib(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    line = next((x for x in status.splitlines() if x.startswith("VmHWM:")), "VmHWM: 0 kB")
    return int(line.split()[1])


def _run(root: Path, extra_config: str) -> str:
    config = root / "nbgrader_config.py"
    config.write_text(config.read_text() + extra_config)
    proc = subprocess.Popen([*g.digileder_cmd(), "grade", g.ASSIGNMENT, "--course", str(root),
                             "--workers", "1"], env=g._env(), stdout=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:  # the peak of each grading process, read while it lives
        peak = max([peak, *(_peak_kib(pid) for pid in _grading_processes(proc.pid))])
        time.sleep(0.1)
    notebook = root / "autograded" / "p99-output" / g.ASSIGNMENT / g.NOTEBOOK
    total = {s: sum(v or 0 for v in scores.values())
             for s, scores in sorted(g.grades(root).items())}
    return (f"største bedømmer-proces {peak / 1024:.0f} MiB, notesbog "
            f"{notebook.stat().st_size / 2**20:.1f} MiB, point {total}, kode {proc.returncode}")


def main(mib: int = 200) -> None:
    for kind, extra in (("grænse", ""), ("uden", "c.Sandbox.output_mib = 1000000\n")):
        root = _course(Path(f"/tmp/bench/output-ab/{kind}"), mib)
        print(f"output_ab: {mib} MiB udskrevet, {kind}: {_run(root, extra)}", flush=True)


if __name__ == "__main__":
    main(*[int(a) for a in sys.argv[1:2]])
