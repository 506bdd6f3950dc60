"""The browser's own work per interaction: main-thread CPU (Chrome's TaskDuration) per change.

Wall-clock latency (tools/bench_browser.py) is mostly waiting when other programs share the
CPU. Chrome's Performance.getMetrics counts the time the page's main thread actually worked
(scripts, style, layout, paint), so charts drawn by vega in the page can be compared with SVG
drawn by the kernel on a busy machine. Per module and component: ms of main-thread work per
change, median over the changes. Kernel CPU per chart: tools/bench/chart_cost.py.

    DIGILEDER_CHARTS=browser .venv/bin/python tools/bench/browser_cpu.py -k 02
    DIGILEDER_CHARTS=svg     .venv/bin/python tools/bench/browser_cpu.py -k 02
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import browser_pages as bp  # noqa: E402
import browser_servers as bs  # noqa: E402

WORK = ("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration")


def metrics(cdp) -> dict[str, float]:
    found = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {name: found.get(name, 0.0) * 1000 for name in WORK}  # seconds -> ms


def bench_module(browser, lab, path: Path, changes: int, max_components: int) -> list:
    rows = []
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    try:
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        bp.open_in_lab(page, lab, f"modules/{path.name}", f"cpu-{path.stem[:2]}")
        bp.run_all_in_lab(page)
        bp.wait_quiet(page, bp.NOTEBOOK, quiet_ms=1000)
        found = bp.interactions(page, bp.NOTEBOOK)
        if not found:  # Run All returned before the cells ran (busy machine): once more
            bp.run_all_in_lab(page)
            bp.wait_quiet(page, bp.NOTEBOOK, quiet_ms=1000)
            found = bp.interactions(page, bp.NOTEBOOK)
        for interaction in found[:max_components]:
            if not interaction.locator.count():
                continue
            per_change = {name: [] for name in WORK}
            for step in range(changes):
                bp.watch_kernel(page)
                before = metrics(cdp)
                interaction.perform(page, step)
                with contextlib.suppress(Exception):  # a change that never reaches the kernel
                    bp.wait_kernel_done(page, timeout=5_000)
                bp.wait_quiet(page, bp.NOTEBOOK, quiet_ms=500)
                after = metrics(cdp)
                for name in WORK:
                    per_change[name].append(after[name] - before[name])
            rows.append((path.stem, interaction.label,
                         {name: statistics.median(v) for name, v in per_change.items()}))
    finally:
        page.context.close()
        lab.shutdown_kernels()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", default="02", help="modules whose file name contains this")
    parser.add_argument("-n", type=int, default=10, help="changes per component (10)")
    parser.add_argument("--max-components", type=int, default=6)
    args = parser.parse_args(argv)
    modules = [p for p in sorted((ROOT / "modules").glob("*.ipynb")) if args.k in p.name]
    base = Path(tempfile.mkdtemp(prefix="digileder-cpu-"))
    course = bs.copy_course(base / "course")
    rows = []
    with bs.chromium() as browser, bs.lab_server(course, base / "lab") as lab:
        for path in modules:
            rows += bench_module(browser, lab, path, args.n, args.max_components)
    print(f"diagrammer: {os.environ.get('DIGILEDER_CHARTS', '(standard)')}; "
          f"ms arbejde i sidens hovedtråd pr. ændring (median)")
    print(f"{'modul':<24} {'komponent':<44} " + " ".join(f"{n[:-8]:>11}" for n in WORK))
    for module, label, work in rows:
        print(f"{module[:24]:<24} {label[:44]:<44} "
              + " ".join(f"{work[n]:11.1f}" for n in WORK))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
