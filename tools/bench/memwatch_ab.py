"""A/B of the sandbox's memory watch (sandbox_memory.py): `digileder grade` in the sandbox
with this tree's code ("vagt") and with the code of a commit before the watch ("før"), on
copies of the same course with N generated A1 submissions (docs/benchmarks.md).

Usage: python tools/bench/memwatch_ab.py BEFORE [SUBMISSIONS] [PAIRS] [WORKERS]

BEFORE is a checkout of a commit before the watch with its own environment, e.g.
`git worktree add --detach /tmp/foer 376a951 && make -C /tmp/foer env-test` (the sandbox
binds the package it is installed from, so the old code needs its own venv). Pairs alternate
their order (ABBA). Wall and CPU time as in sandbox_ab.py.
"""

from __future__ import annotations

import shutil
import statistics
import sys
from pathlib import Path

import grading as g
from sandbox_ab import _pct, _run


def main(before: str, count: int = 24, pairs: int = 2, workers: int = 2) -> None:
    base = Path("/tmp/bench/memwatch-ab")
    template = g.prepare(base / "template", count)
    args = ["grade", g.ASSIGNMENT, "--workers", str(workers)]
    commands = {"vagt": [*g.digileder_cmd(), *args],
                "før": [str(Path(before) / ".venv" / "bin" / "digileder"), *args]}
    reference, same, runs = None, True, []
    for pair in range(pairs):
        for kind in (("vagt", "før") if pair % 2 == 0 else ("før", "vagt")):
            root = base / f"run-{pair}-{kind}" / "hold"
            if root.parent.exists():
                g._rmtree(root.parent)
            shutil.copytree(template, root, symlinks=True)
            run = _run(kind, [*commands[kind], "--course", str(root)], root)
            got = g.grades(root)
            reference = reference or got
            same = same and got == reference and len(got) == count
            runs.append(run)
            cpu = f"{run['cpu_s']:7.1f} s CPU" if run["cpu_s"] is not None else "CPU ukendt"
            print(f"{kind:5} {run['wall_s']:7.1f} s væg, {cpu}, {len(got)} bedømt, ens "
                  f"karakterer: {got == reference}, kode {run['exit_code']}, load "
                  f"{run['load'][0]:.1f}→{run['load'][1]:.1f}", flush=True)
    side = {k: [r for r in runs if r["kind"] == k] for k in ("vagt", "før")}
    walls = {k: [r["wall_s"] for r in rs] for k, rs in side.items()}
    loads = [x for r in runs for x in r["load"]]
    summary = (f"memwatch_ab: {count} afleveringer, {workers} processer, {pairs} par (ABBA): "
               f"med vagt {statistics.median(walls['vagt']):.1f} s, før "
               f"{statistics.median(walls['før']):.1f} s (median væg), "
               f"{_pct(walls['vagt'], walls['før']):+.1f} % væg")
    if all(r["cpu_s"] is not None for r in runs):
        cpus = {k: [r["cpu_s"] for r in rs] for k, rs in side.items()}
        summary += (f", CPU {statistics.median(cpus['vagt']):.1f} s mod "
                    f"{statistics.median(cpus['før']):.1f} s "
                    f"({_pct(cpus['vagt'], cpus['før']):+.1f} %)")
    summary += (f"; ens karakterer: {'ja' if same else 'NEJ'}; load "
                f"{min(loads):.1f}–{max(loads):.1f}")
    print(summary, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], *[int(a) for a in sys.argv[2:5]])
