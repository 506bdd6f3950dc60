"""A class at once: N participants open and run the same module at the same moment.

Two ways in, both on this one machine:
  voila  one Voila server (the course's flags); N browser pages (one headless chromium, one
         context each) open the module at once. "Fully drawn" = Voila's spinner is gone, the
         cells are shown and every chart has its <svg>. A page still waiting after --timeout
         seconds is a hang; its spinner text ("Executing 8 of 21") is recorded.
  lab    N kernels started at once, each running every cell of the module (what "Kør alle
         celler" asks of the kernel; the browser's own drawing is not included).

Per N: how many finished, p50/p95 seconds to fully drawn, peak memory of the server and its
kernels together (sum of RSS, sampled every 0.25 s), and the hangs. Not part of `make test`.

    .venv/bin/python tools/bench/class_load.py --sizes 10,20,30 --module 02
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(HERE))

import browser_servers as bs  # noqa: E402
import measure  # noqa: E402

# Runs in every page: note (epoch ms) when Voila's spinner is gone, the cells are shown and
# every chart has its <svg>. Recorded in the page, so pages are not timed one after another.
DRAWN_PROBE = """setInterval(() => {
  if (window.__drawnAt) return;
  const cells = document.querySelector('#rendered_cells');
  if (document.querySelector('#loading') || !cells || getComputedStyle(cells).display === 'none')
    return;
  if ([...cells.querySelectorAll('div.digileder-chart')].every(c => c.querySelector('svg')))
    window.__drawnAt = Date.now();
}, 200);"""


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _tree_pids(root_pid: int) -> list[int]:
    """root_pid and all its descendants (from /proc, no psutil needed)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


class PeakMemory:
    """Sample the summed RSS of a process tree in a thread; .peak_mib when stopped."""

    def __init__(self, root_pid: int, interval: float = 0.25, include_root: bool = True):
        self.root_pid, self.interval, self.peak_mib = root_pid, interval, 0.0
        self.include_root = include_root
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            pids = _tree_pids(self.root_pid)[0 if self.include_root else 1:]
            total = sum(measure.rss_mib(pid) or 0 for pid in pids)
            self.peak_mib = max(self.peak_mib, total)
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        return False


def _summary(n: int, seconds: list[float], hangs: list[str], errors: list[str],
             peak_mib: float) -> dict:
    return {"n": n, "finished": len(seconds), "p50_s": percentile(seconds, 0.5),
            "p95_s": percentile(seconds, 0.95), "max_s": max(seconds, default=None),
            "peak_mib": round(peak_mib), "hangs": hangs, "errors": errors[:5]}


# ---------------------------------------------------------------- Voila
def voila_class(module: str, n: int, timeout_s: float, preheat: int = 0) -> dict:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    base = Path(tempfile.mkdtemp(prefix="digileder-class-"))
    course = bs.copy_course(base / "course")
    extra = ["--preheat_kernel=True", f"--pool_size={preheat}"] if preheat else []
    seconds, hangs, errors = [], [], []
    with bs.voila_server(course, base / "voila", extra_args=extra) as voila, \
            bs.chromium() as browser, PeakMemory(voila.process.pid) as memory:
        if preheat:
            time.sleep(preheat * 8)  # let the pool fill before the class arrives
        pages = []
        for _ in range(n):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_init_script(DRAWN_PROBE)
            pages.append(context.new_page())
        start = time.time()
        for page in pages:  # start every navigation without waiting: the class arrives at once
            page.evaluate("url => { location.href = url; }", f"{voila.url}voila/render/{module}")
        for index, page in enumerate(pages):
            remaining = max(1.0, timeout_s - (time.time() - start))
            try:
                page.wait_for_function("() => window.__drawnAt", timeout=remaining * 1000)
                seconds.append(page.evaluate("window.__drawnAt") / 1000 - start)
            except PlaywrightTimeout:
                spinner = page.locator("#loading_text")
                text = spinner.inner_text() if spinner.count() else "(ingen spinner)"
                hangs.append(f"side {index + 1}: {text}")
            except Exception as err:  # a crashed page is a result, not a stop
                errors.append(f"side {index + 1}: {err!r}"[:300])
        for page in pages:
            page.context.close()
        voila.shutdown_kernels()
    return _summary(n, seconds, hangs, errors, memory.peak_mib)



# ---------------------------------------------------------------- JupyterLab kernels
async def _run_all(path: Path, cwd: Path, timeout_s: float, index: int) -> float:
    import nbformat
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    start = time.monotonic()
    notebook = nbformat.read(path, as_version=4)
    # Unix sockets in a folder per kernel: N kernels starting at once cannot race for ports.
    sockets = Path(tempfile.mkdtemp(prefix=f"k{index}-"))
    manager = AsyncKernelManager(kernel_name="python3", transport="ipc",
                                 ip=str(sockets / "kernel"))
    client = NotebookClient(notebook, km=manager, timeout=int(timeout_s),
                            resources={"metadata": {"path": str(cwd)}})
    await client.async_execute()
    return time.monotonic() - start


async def _lab_class_async(path: Path, cwd: Path, n: int, timeout_s: float) -> tuple:
    tasks = [asyncio.wait_for(_run_all(path, cwd, timeout_s, i), timeout_s) for i in range(n)]
    seconds, hangs, errors = [], [], []
    for index, result in enumerate(await asyncio.gather(*tasks, return_exceptions=True)):
        if isinstance(result, float):
            seconds.append(result)
        elif isinstance(result, (asyncio.TimeoutError, TimeoutError)):
            hangs.append(f"kerne {index + 1}: ikke færdig efter {timeout_s:.0f} s")
        else:
            errors.append(f"kerne {index + 1}: {result!r}"[:300])
    return seconds, hangs, errors


def lab_class(module: str, n: int, timeout_s: float) -> dict:
    base = Path(tempfile.mkdtemp(prefix="digileder-class-"))
    course = bs.copy_course(base / "course")
    env = bs.jupyter_env(base / "lab")
    os.environ.update({k: env[k] for k in ("JUPYTER_RUNTIME_DIR", "IPYTHONDIR",
                                           "DIGILEDER_ANSWERS_DIR")})
    with PeakMemory(os.getpid(), include_root=False) as memory:
        seconds, hangs, errors = asyncio.run(
            _lab_class_async(course / "modules" / module, course / "modules", n, timeout_s))
    return _summary(n, seconds, hangs, errors, memory.peak_mib)


def bench(sizes: list[int], module_key: str, timeout_s: float, ways: list[str],
          preheat: bool = False) -> dict:
    matches = sorted(p.name for p in (ROOT / "modules").glob(f"{module_key}*.ipynb"))
    if not matches:
        raise SystemExit(f"Intet modul begynder med {module_key!r} i modules/.")
    module = matches[0]
    rows = []
    for n in sizes:
        for way in ways:
            print(f"  {way}: {n} deltagere åbner {module} …", flush=True)
            if way == "voila":
                row = voila_class(module, n, timeout_s)
            elif way == "voila-preheat":
                row = voila_class(module, n, timeout_s, preheat=n)
            else:
                row = lab_class(module, n, timeout_s)
            rows.append({"way": way, **row})
    return {"module": module, "timeout_s": timeout_s, "rows": rows}


def table(result: dict) -> str:
    lines = [f"En klasse på én gang: {result['module']} (hængt = ikke færdig efter "
             f"{result['timeout_s']:.0f} s)",
             f"{'vej':14} {'N':>3} {'færdige':>8} {'p50 s':>7} {'p95 s':>7} {'maks s':>7} "
             f"{'top MiB':>8}  hængt"]
    for row in result["rows"]:
        def num(value):
            return "–" if value is None else f"{value:.1f}"
        lines.append(f"{row['way']:14} {row['n']:>3} {row['finished']:>8} {num(row['p50_s']):>7} "
                     f"{num(row['p95_s']):>7} {num(row['max_s']):>7} {row['peak_mib']:>8}  "
                     f"{len(row['hangs'])}" + (f" ({row['hangs'][0]})" if row["hangs"] else "")
                     + (f"  FEJL: {row['errors'][0]}" if row["errors"] else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,20,30", help="klassestørrelser (10,20,30)")
    parser.add_argument("--module", default="02", help="modulets nummer (02)")
    parser.add_argument("--ways", default="voila,lab",
                        help="voila, voila-preheat, lab (kommasepareret)")
    parser.add_argument("--timeout", type=float, default=300, help="sekunder før 'hængt'")
    parser.add_argument("--out", default=str(ROOT / "test-output" / "bench"))
    args = parser.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    ways = [w.strip() for w in args.ways.split(",") if w.strip()]
    result = {"machine": measure.machine(), "load_before": os.getloadavg(),
              **bench(sizes, args.module, args.timeout, ways)}
    result["load_after"] = os.getloadavg()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"class-{result['machine']['date']}.json"
    path.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    print(table(result))
    print(f"Gemt: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
