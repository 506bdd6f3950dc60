"""What one redrawn chart costs the kernel: CPU ms per redraw, SVG (vl-convert) vs browser (spec).

The survey explorer's chart for every combination of question and group, as its toggles and
dropdowns redraw it. CPU time of this process (time.process_time), so other load on the
machine changes the figures little; wall time is printed too. The SVG cache is emptied before
each draw, as for a chart not drawn before. Peak memory (VmHWM) per mode in a fresh process.

    .venv/bin/python tools/bench/chart_cost.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

CHILD = r"""
import json, sys, time
import digileder
from digileder import charts, data, explorer
digileder.setup(charts=sys.argv[1])
frame = data.survey()
view = explorer.SurveyExplorer(frame, data.field_titles("survey_simulated"))
items = [value for _label, value in view.item.options][:6]
cpu, wall = [], []
for _round in range(int(sys.argv[2])):
    for item in items:
        for group in ("leder", "medarbejder", explorer.ALL):
            table = explorer.group_shares(frame, item, "omraade", {"gruppe": group})
            charts._SVG_CACHE.clear()
            c0, w0 = time.process_time(), time.perf_counter()
            charts.bundle(view._chart(table[table["drawable"]], item, "omraade"))
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
peak = next(int(l.split()[1]) / 1024 for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(json.dumps({"cpu_ms": cpu, "wall_ms": wall, "peak_mib": peak}))
"""


def measure(mode: str, rounds: int) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, mode, str(rounds)], capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def p95(values: list[float]) -> float:
    return sorted(values)[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    with open("/proc/loadavg") as f:
        print(f"load average: {f.read().split()[0]}  ({time.strftime('%H:%M:%S')})")
    print(f"{'tegnet':8} {'CPU median ms':>14} {'CPU p95 ms':>11} {'væg median ms':>14} "
          f"{'væg p95 ms':>11} {'kerne MiB':>10}")
    for mode in ("svg", "browser"):
        r = measure(mode, args.rounds)
        print(f"{mode:8} {statistics.median(r['cpu_ms']):14.1f} {p95(r['cpu_ms']):11.1f} "
              f"{statistics.median(r['wall_ms']):14.1f} {p95(r['wall_ms']):11.1f} "
              f"{r['peak_mib']:10.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
