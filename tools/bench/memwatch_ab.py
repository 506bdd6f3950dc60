"""A/B of the sandbox's memory watch (sandbox_memory.py): `digileder grade` in the sandbox
with this tree's code ("vagt") and with the code of a commit before the watch ("før"), on
copies of the same course with N generated A1 submissions (docs/benchmarks.md).

Usage: python tools/bench/memwatch_ab.py BEFORE [SUBMISSIONS] [PAIRS] [WORKERS]

BEFORE is a checkout of a commit before the watch with its own environment, e.g.
`git worktree add --detach ../foer 376a951 && make -C ../foer env-test` (the sandbox binds
the package it is installed from, so the old code needs its own venv; not under /tmp: the
old code starts a new sandbox for every submission there). Pairs alternate their order
(ABBA). Wall and CPU time and the summary as in sandbox_ab.py (run_pairs).
"""

from __future__ import annotations

import sys
from pathlib import Path

import grading as g
from sandbox_ab import run_pairs


def main(before: str, count: int = 24, pairs: int = 2, workers: int = 2) -> None:
    args = ["grade", g.ASSIGNMENT]
    run_pairs("memwatch_ab", {"vagt": [*g.digileder_cmd(), *args],
                              "før": [str(Path(before) / ".venv" / "bin" / "digileder"), *args]},
              count, pairs, workers)


if __name__ == "__main__":
    main(sys.argv[1], *[int(a) for a in sys.argv[2:5]])
