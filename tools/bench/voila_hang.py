"""Count Voila hangs: open one module many times in Voila with the CPU saturated.

One Voila server with the course's flags (plus --voila-arg ...), `--busy` processes that
spin on the CPU beside it, and `--opens` page opens of the module, `--parallel` at a time
(one headless chromium, a fresh context per page). A page whose spinner is still there after
`--timeout` seconds is a hang; its spinner text ("Executing 8 of 21") is recorded. With
--probe the server also logs why a reply is still awaited (voila_hang_probe.py, "PROBE"
lines in voila.log). Not part of `make test`.

    .venv/bin/python tools/bench/voila_hang.py --opens 40 --parallel 4 --busy 2 --probe
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(HERE))

import browser_servers as bs  # noqa: E402
import measure  # noqa: E402
from class_load import count_charts, drawn_probe  # noqa: E402


@contextlib.contextmanager
def busy_loops(count: int):
    """`count` processes that keep one core busy each, stopped (by pid) when done."""
    loops = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
             for _ in range(count)]
    try:
        yield
    finally:
        for loop in loops:
            loop.kill()
            loop.wait()


def open_batch(browser, url: str, count: int, timeout_s: float, probe: str) -> list[dict]:
    """Open `count` pages at once; each result has seconds or the spinner text of a hang."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    pages = []
    for _ in range(count):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(probe)
        pages.append(context.new_page())
    start = time.time()
    for page in pages:
        page.evaluate("url => { location.href = url; }", url)
    results = []
    for page in pages:
        remaining = max(1.0, timeout_s - (time.time() - start))
        try:
            page.wait_for_function("() => window.__drawnAt", timeout=remaining * 1000)
            results.append({"seconds": page.evaluate("window.__drawnAt") / 1000 - start})
        except PlaywrightTimeout:
            spinner = page.locator("#loading_text")
            results.append({"hang": spinner.inner_text() if spinner.count() else "(ingen)"})
        except Exception as err:  # a crashed page is a result, not a stop
            results.append({"error": repr(err)[:300]})
    for page in pages:
        # Closing with beforeunload lets Voila stop the page's kernel, as a closed tab does.
        with contextlib.suppress(Exception):
            page.close(run_before_unload=True)
    time.sleep(1)
    for page in pages:
        with contextlib.suppress(Exception):
            page.context.close()
    return results


def run(module: str, opens: int, parallel: int, busy: int, timeout_s: float,
        voila_args: list[str], probe: bool) -> dict:
    base = Path(tempfile.mkdtemp(prefix="digileder-hang-"))
    course = bs.copy_course(base / "course")
    if probe:
        (base / "voila" / "config").mkdir(parents=True, exist_ok=True)
        shutil.copy(HERE / "voila_hang_probe.py", base / "voila" / "config" / "voila.py")
    results: list[dict] = []
    with bs.voila_server(course, base / "voila", extra_args=voila_args) as voila, \
            bs.chromium() as browser, busy_loops(busy):
        url = f"{voila.url}voila/render/{module}"
        probe = drawn_probe(count_charts(browser, url))
        while len(results) < opens:
            batch = open_batch(browser, url, min(parallel, opens - len(results)), timeout_s,
                               probe)
            results += batch
            hangs = sum("hang" in r for r in batch)
            print(f"  {len(results)}/{opens} åbnet, {hangs} hængt i denne runde "
                  f"(load {os.getloadavg()[0]:.1f})", flush=True)
        log = voila.log.read_text(errors="replace")
    seconds = [r["seconds"] for r in results if "seconds" in r]
    return {"module": module, "opens": opens, "parallel": parallel, "busy": busy,
            "timeout_s": timeout_s, "voila_args": voila_args,
            "finished": len(seconds), "p50_s": measure.percentile(seconds, 0.5),
            "p95_s": measure.percentile(seconds, 0.95),
            "hangs": [r["hang"] for r in results if "hang" in r],
            "errors": [r["error"] for r in results if "error" in r],
            "probe_lines": [line for line in log.splitlines() if "PROBE" in line][-40:],
            "log": str(base / "voila" / "voila.log")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", default="02")
    parser.add_argument("--opens", type=int, default=40)
    parser.add_argument("--parallel", type=int, default=4)
    parser.add_argument("--busy", type=int, default=2, help="travle processer ved siden af")
    parser.add_argument("--timeout", type=float, default=90)
    parser.add_argument("--voila-arg", action="append", default=[],
                        help="ekstra flag til voila, fx --voila-arg=--VoilaExecutor.timeout=60")
    parser.add_argument("--probe", action="store_true", help="log hvorfor et svar udebliver")
    parser.add_argument("--out", default=str(ROOT / "test-output" / "bench"))
    args = parser.parse_args(argv)
    matches = sorted(p.name for p in (ROOT / "modules").glob(f"{args.module}*.ipynb"))
    if not matches:
        raise SystemExit(f"Intet modul begynder med {args.module!r} i modules/.")
    load_before, started = os.getloadavg(), time.strftime("%Y-%m-%dT%H:%M:%S")
    result = run(matches[0], args.opens, args.parallel, args.busy, args.timeout,
                 args.voila_arg, args.probe)
    result.update(started=started, ended=time.strftime("%Y-%m-%dT%H:%M:%S"),
                  load_before=load_before, load_after=os.getloadavg())
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"voila-hang-{started}.json"
    path.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    p95 = "–" if result["p95_s"] is None else f"{result['p95_s']:.1f} s"
    print(f"{result['module']}: {len(result['hangs'])} af {args.opens} hængt, "
          f"{result['finished']} færdige, p95 {p95}, fejl {len(result['errors'])}")
    for hang in result["hangs"]:
        print(f"  hængt: {hang}")
    for line in result["probe_lines"][-10:]:
        print(f"  {line}")
    print(f"Gemt: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
