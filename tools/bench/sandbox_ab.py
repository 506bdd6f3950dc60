"""A/B of the grading sandbox: `digileder grade` in the sandbox and with --uden-sandkasse,
alternating on copies of the same course with N generated A1 submissions (docs/benchmarks.md).

Usage: python tools/bench/sandbox_ab.py [SUBMISSIONS] [PAIRS] [WORKERS]
Wall time only: CPU time inside bwrap's PID namespace does not reach RUSAGE_CHILDREN.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import grading as g


def main(count: int = 100, pairs: int = 2, workers: int = 2) -> None:
    base = Path("/tmp/bench/sandbox-ab")
    template = g.prepare(base / "template", count)
    command = [*g.digileder_cmd(), "grade", g.ASSIGNMENT, "--workers", str(workers)]
    reference = None
    for pair in range(pairs):
        for kind in (("sandkasse", "uden") if pair % 2 == 0 else ("uden", "sandkasse")):
            root = base / f"run-{pair}-{kind}" / "hold"
            if root.parent.exists():
                g._rmtree(root.parent)
            shutil.copytree(template, root, symlinks=True)
            extra = ["--uden-sandkasse"] if kind == "uden" else []
            run = g.run_grader(kind, [*command, "--course", str(root), *extra], root,
                               root.parent / "log.txt")
            got = g.grades(root)
            reference = reference or got
            print(f"{kind:9} {run['wall_s']:7.1f} s væg, {len(got)} bedømt, ens karakterer: "
                  f"{got == reference}, kode {run['exit_code']}", flush=True)


if __name__ == "__main__":
    main(*[int(a) for a in sys.argv[1:4]])
