"""A class at once: N participants open and run the same module at the same moment.

Ways in, all on this one machine:
  voila          one Voila server (the course's settings); N browser pages (one headless
                 chromium, a context each) open the module at once. "Fully drawn" = Voila's
                 spinner is gone, the cells are shown and every chart has its <svg>. A page
                 still waiting after --timeout seconds is a hang (its spinner text is kept).
  voila-server   the same N opens as plain HTTP requests read to the end: the server's part
                 (every cell run and sent) without a browser drawing on the same cores; in a
                 class each participant's own computer draws.
  voila-preheat  as voila, with Voila's pool of N pre-run kernels for this module, filled
                 before the class arrives and refilled only after it (fill_delay);
                 voila-server-preheat: the same pool, opened as plain HTTP requests.
  lab            N kernels started at once, each running every cell of the module (what
                 "Kør alle celler" asks of the kernel; the browser's own drawing is not in it).

Per N: how many finished, p50/p95 seconds to fully drawn, peak memory of the server and its
kernels together (sum of RSS, sampled every 0.25 s), CPU seconds per open (Voila's own
process + its kernels [+ the browser]), and the hangs. Not part of `make test`.

    .venv/bin/python tools/bench/class_load.py --sizes 10,20,30 --ways voila-server,voila,lab
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import tempfile
import threading
import time
import urllib.request
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
  const charts = [...cells.querySelectorAll('div.digileder-chart, .jp-RenderedVegaCommon5')];
  // Charts inside widgets appear after the page itself: wait for as many as the module has.
  if (charts.length >= (window.__expectedCharts || 0) && charts.every(c => c.querySelector('svg')))
    window.__drawnAt = Date.now();
}, 200);"""


def drawn_probe(expected_charts: int) -> str:
    """DRAWN_PROBE for a module that shows `expected_charts` charts when fully drawn."""
    return f"window.__expectedCharts = {int(expected_charts)};\n{DRAWN_PROBE}"


def expected_charts(module: str) -> int:
    """How many charts the module shows when fully drawn: one page alone in a Voila server
    of its own (its kernel would otherwise count in the class's memory and CPU)."""
    base = Path(tempfile.mkdtemp(prefix="digileder-class-"))
    course = bs.copy_course(base / "course")
    with bs.voila_server(course, base / "voila") as voila, bs.chromium() as browser:
        return count_charts(browser, f"{voila.url}voila/render/{module}")


def count_charts(browser, url: str, timeout_s: float = 120) -> int:
    """How many charts one page of the module shows once nothing changes for 3 s."""
    page = browser.new_page()
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_function("() => !document.querySelector('#loading')",
                               timeout=timeout_s * 1000)
        count, stable_since = -1, time.monotonic()
        while time.monotonic() - stable_since < 3:
            now = page.evaluate("""() => [...document.querySelectorAll(
                '#rendered_cells div.digileder-chart, #rendered_cells .jp-RenderedVegaCommon5')]
                .filter(c => c.querySelector('svg')).length""")
            if now != count:
                count, stable_since = now, time.monotonic()
            page.wait_for_timeout(250)
        return count
    finally:
        page.close(run_before_unload=True)


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


def _cpu_s(pid: int, children: bool = True) -> float:
    """CPU seconds (user + system) of one process, with its reaped children if asked."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = [int(f) for f in fields[11:15 if children else 13]]
    return sum(ticks) / os.sysconf("SC_CLK_TCK")


def tree_cpu_s(root_pid: int) -> float:
    """CPU seconds of a process tree: the live processes and the children they reaped."""
    return sum(_cpu_s(pid) for pid in _tree_pids(root_pid))


def _summary(n: int, seconds: list[float], hangs: list[str], errors: list[str],
             peak_mib: float, cpu: dict | None = None) -> dict:
    return {"n": n, "finished": len(seconds), "p50_s": measure.percentile(seconds, 0.5),
            "p95_s": measure.percentile(seconds, 0.95), "max_s": max(seconds, default=None),
            "peak_mib": round(peak_mib), "hangs": hangs, "errors": errors[:5],
            **({"cpu_per_open_s": {k: round(max(0.0, v) / n, 2) for k, v in cpu.items()}}
               if cpu else {})}


# ---------------------------------------------------------------- Voila
PREHEAT_FILL_DELAY_S = 120


def _preheat_config(config_dir: Path, module: str, pool: int) -> None:
    """Voila's own pool of pre-run kernels, for this module only (its default_pool_size would
    start a pool for every notebook in the folder)."""
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "voila.json").write_text(json.dumps({
        "VoilaConfiguration": {"preheat_kernel": True},
        "VoilaKernelManager": {"kernel_pools_config": {"default": {"pool_size": 0},
                                                       module: {"pool_size": pool}},
                               # Refill after the class has arrived, not during it (the
                               # default, 1 s, runs the module again for every page taken).
                               "fill_delay": PREHEAT_FILL_DELAY_S},
    }), encoding="utf-8")


def _wait_pool_filled(server_pid: int, kernels: int, timeout_s: float) -> None:
    """Until `kernels` kernels run under the server and the tree has been quiet for 2 s
    (every pre-run notebook has finished)."""
    deadline = time.monotonic() + timeout_s
    last = tree_cpu_s(server_pid)
    while time.monotonic() < deadline:
        time.sleep(2)
        now = tree_cpu_s(server_pid)
        if len(_tree_pids(server_pid)) - 1 >= kernels and now - last < 0.3:
            return
        last = now
    print(f"  (puljen var ikke fyldt efter {timeout_s:.0f} s; klassen kommer alligevel)")


def _open_pages(browser, url: str, n: int, timeout_s: float,
                probe: str) -> tuple[list, list, list]:
    """n pages navigate at once; seconds to fully drawn, measured in each page."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    seconds, hangs, errors, pages = [], [], [], []
    for _ in range(n):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(probe)
        pages.append(context.new_page())
    start = time.time()
    for page in pages:  # start every navigation without waiting: the class arrives at once
        page.evaluate("url => { location.href = url; }", url)
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
    return seconds, hangs, errors


def _fetch_pages(url: str, n: int, timeout_s: float) -> tuple[list, list, list]:
    """n plain HTTP requests at once, each read to the end: the server's part of an open
    (every cell run and sent), without any browser drawing on this machine."""
    from concurrent.futures import ThreadPoolExecutor

    def fetch(_index: int) -> float:
        start = time.monotonic()
        chunks = []
        # Voila sends a heartbeat every 10 s while it waits: a hung page never times out
        # by itself, so the deadline is checked here.
        with urllib.request.urlopen(url, timeout=timeout_s) as response:
            while chunk := response.read1(65536):
                chunks.append(chunk)
                if time.monotonic() - start > timeout_s:
                    raise TimeoutError
        body = b"".join(chunks).decode("utf-8", errors="replace")
        if "window.voila_finish()" not in body:
            raise RuntimeError("siden sluttede før sidste celle")
        return time.monotonic() - start

    seconds, hangs, errors = [], [], []
    with ThreadPoolExecutor(max_workers=n) as pool:
        futures = [pool.submit(fetch, i) for i in range(n)]
        for index, future in enumerate(futures):
            try:
                seconds.append(future.result())
            except TimeoutError:
                hangs.append(f"side {index + 1}: ikke sendt færdig efter {timeout_s:.0f} s")
            except Exception as err:
                errors.append(f"side {index + 1}: {err!r}"[:300])
    return seconds, hangs, errors


def voila_class(module: str, n: int, timeout_s: float, preheat: bool = False,
                browser_pages: bool = True, charts: int = 0) -> dict:
    """N participants open the module in one Voila server at once. CPU per open is split
    into the server with its kernels, and the browser (which in a class runs on each
    participant's own computer, here on the same cores)."""
    base = Path(tempfile.mkdtemp(prefix="digileder-class-"))
    course = bs.copy_course(base / "course")
    if preheat:
        _preheat_config(base / "voila" / "config", module, n)
    url_path = f"voila/render/{module}"
    with bs.voila_server(course, base / "voila") as voila:
        server = voila.process.pid
        if preheat:
            _wait_pool_filled(server, n, timeout_s=30 * n)
        with contextlib.ExitStack() as stack:
            browser = stack.enter_context(bs.chromium()) if browser_pages else None
            memory = stack.enter_context(PeakMemory(server))
            own, tree, everything = (_cpu_s(server, children=False), tree_cpu_s(server),
                                     tree_cpu_s(os.getpid()))
            if browser_pages:
                seconds, hangs, errors = _open_pages(browser, voila.url + url_path, n,
                                                     timeout_s, drawn_probe(charts))
            else:
                seconds, hangs, errors = _fetch_pages(voila.url + url_path, n, timeout_s)
            voila_s = _cpu_s(server, children=False) - own
            server_s = tree_cpu_s(server) - tree
            browser_s = tree_cpu_s(os.getpid()) - everything - server_s
        cpu = {"voila": voila_s, "kernels": server_s - voila_s,
               **({"browser": browser_s} if browser_pages else {})}
    return _summary(n, seconds, hangs, errors, memory.peak_mib, cpu)


# ---------------------------------------------------------------- JupyterLab kernels
RECHECKING_CLIENT = "digileder.kernel_client.RecheckingKernelClient"

async def _run_all(path: Path, cwd: Path, timeout_s: float, index: int,
                   managers: list) -> float:
    import nbformat
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    start = time.monotonic()
    notebook = nbformat.read(path, as_version=4)
    # Unix sockets in a folder per kernel: N kernels starting at once cannot race for ports.
    sockets = Path(tempfile.mkdtemp(prefix=f"k{index}-"))
    # The course's kernel client: jupyter_client's own lost a reply's wake-up here as in
    # Voila (a kernel idle with its reply unread, 1 of 6 on 2026-11-30), which measured the
    # stand-in for Lab's browser, not the kernels.
    manager = AsyncKernelManager(kernel_name="python3", transport="ipc",
                                 ip=str(sockets / "kernel"), client_class=RECHECKING_CLIENT)
    client = NotebookClient(notebook, km=manager, timeout=int(timeout_s),
                            resources={"metadata": {"path": str(cwd)}})
    managers.append(manager)
    await client.async_execute()
    return time.monotonic() - start


async def _lab_class_async(path: Path, cwd: Path, n: int, timeout_s: float) -> tuple:
    managers: list = []

    async def one(index: int):
        start = time.monotonic()
        try:
            return await asyncio.wait_for(
                _run_all(path, cwd, timeout_s, index, managers), timeout_s)
        except Exception as error:
            # nbclient turns the cancelled wait into DeadKernelError('Kernel died').
            return TimeoutError() if time.monotonic() - start >= timeout_s - 1 else error

    seconds, hangs, errors = [], [], []
    results = await asyncio.gather(*(one(i) for i in range(n)))
    # The whole class keeps its kernels until everyone is done (peak memory); then they stop,
    # or the next class size would inherit them (nbclient leaves a kernel it did not start).
    await asyncio.gather(*(m.shutdown_kernel(now=True) for m in managers if m.has_kernel),
                         return_exceptions=True)
    for index, result in enumerate(results):
        if isinstance(result, float):
            seconds.append(result)
        elif isinstance(result, TimeoutError):
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
    cpu_before = tree_cpu_s(os.getpid())
    with PeakMemory(os.getpid(), include_root=False) as memory:
        seconds, hangs, errors = asyncio.run(
            _lab_class_async(course / "modules" / module, course / "modules", n, timeout_s))
    # This process plays the server; the kernels are its children.
    cpu = {"kernels": tree_cpu_s(os.getpid()) - cpu_before}
    return _summary(n, seconds, hangs, errors, memory.peak_mib, cpu)


def bench(sizes: list[int], module_key: str, timeout_s: float, ways: list[str],
          preheat: bool = False) -> dict:
    matches = sorted(p.name for p in (ROOT / "modules").glob(f"{module_key}*.ipynb"))
    if not matches:
        raise SystemExit(f"Intet modul begynder med {module_key!r} i modules/.")
    module = matches[0]
    rows, charts = [], None
    for n in sizes:
        for way in ways:
            print(f"  {way}: {n} deltagere åbner {module} …", flush=True)
            if way in ("voila", "voila-preheat"):
                charts = charts if charts is not None else expected_charts(module)
                row = {**voila_class(module, n, timeout_s, preheat=way == "voila-preheat",
                                     charts=charts), "charts": charts}
            elif way in ("voila-server", "voila-server-preheat"):
                row = voila_class(module, n, timeout_s, preheat=way.endswith("preheat"),
                                  browser_pages=False)
            else:
                row = lab_class(module, n, timeout_s)
            rows.append({"way": way, **row})
    return {"module": module, "timeout_s": timeout_s, "rows": rows}


def table(result: dict) -> str:
    lines = [f"En klasse på én gang: {result['module']} (hængt = ikke færdig efter "
             f"{result['timeout_s']:.0f} s)",
             f"{'vej':20} {'N':>3} {'færdige':>8} {'p50 s':>7} {'p95 s':>7} {'maks s':>7} "
             f"{'top MiB':>8} {'CPU-s/åbning':>18}  hængt"]
    for row in result["rows"]:
        def num(value):
            return "–" if value is None else f"{value:.2f}" if value < 1 else f"{value:.1f}"
        cpu = row.get("cpu_per_open_s") or {}
        cpu_text = " + ".join(num(v) for v in cpu.values()) or "–"
        lines.append(f"{row['way']:20} {row['n']:>3} {row['finished']:>8} {num(row['p50_s']):>7} "
                     f"{num(row['p95_s']):>7} {num(row['max_s']):>7} {row['peak_mib']:>8} "
                     f"{cpu_text:>18}  "
                     f"{len(row['hangs'])}" + (f" ({row['hangs'][0]})" if row["hangs"] else "")
                     + (f"  FEJL: {row['errors'][0]}" if row["errors"] else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,20,30", help="klassestørrelser (10,20,30)")
    parser.add_argument("--module", default="02", help="modulets nummer (02)")
    parser.add_argument("--ways", default="voila,lab",
                        help="voila, voila-server, voila-preheat, voila-server-preheat, lab "
                             "(kommasepareret)")
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
