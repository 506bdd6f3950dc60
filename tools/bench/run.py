"""`make bench`: what the course costs per participant and per class.

Measures (see docs/benchmarks.md for the results and what they mean):
  moduler     each modules/*.ipynb executed headless (nbclient): time and kernel peak RSS
  deltager    JupyterLab server + one module kernel (the heaviest module): peak RSS
  bedoemmelse N generated A1 submissions: serial `nbgrader autograde` vs `digileder grade`
              with 1 and nproc workers (sandboxed), and nproc workers --uden-sandkasse
              right after; wall and CPU time; grades must be identical
  bundle      `digileder bundle DIR`: size and file count
  klon        clean `git clone` + `make lab` until JupyterLab answers, with and without pip cache
  klasse      N participants open module 02 at once: Voila without and with a browser on the
              same cores, and as Lab kernels (class_load.py)
  websocket   a scenario choice's kernel messages: straight from the kernel, through the
              server's own kernel websocket and through the course's (kernel_socket.py)

Prints one table and writes test-output/bench/bench-<date>.json. Peak memory is VmHWM from
/proc/<pid>/status (the kernel's exact peak). Temporary files live under /tmp/bench/.

Usage: python tools/bench/run.py [--only moduler,deltager,...] [--repeat 3]
                                 [--submissions 100] [--workers N] [--grading-repeat 1]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import measure  # noqa: E402

ROOT = HERE.parents[1]
PARTS = ["moduler", "deltager", "bedoemmelse", "bundle", "klon", "websocket", "klasse"]
# Issue 18 (2026-11-30): a chart kernel <= 160 MiB, a participant <= 300 MiB.
GOALS = {"kernel_mib": 160, "participant_mib": 300, "module_s": 10, "grading_speedup": 3.0}


def _fmt(summary: dict | None, digits: int = 1) -> str:
    if not summary or summary.get("median") is None:
        return "–"
    med, lo, hi = summary["median"], summary["min"], summary["max"]
    if summary["n"] > 1:
        return f"{med:.{digits}f} ({lo:.{digits}f}–{hi:.{digits}f})"
    return f"{med:.{digits}f}"


def _ok(value, limit, higher_is_better=False) -> str:
    if value is None:
        return "?"
    good = value >= limit if higher_is_better else value <= limit
    return "ok" if good else "OVER" if not higher_is_better else "UNDER"


def table(result: dict) -> str:
    m = result["machine"]
    lines = [f"digileder benchmark {m['time']} · {m['nproc']} kerner · {m['memory_gib']} GiB · "
             f"{m['cpu_model']} · Python {m['python']}",
             f"belastning (load average 1 min) før/efter: {result['load_before'][0]:.1f} / "
             f"{result['load_after'][0]:.1f}",
             "Tal: median (min–max) over gentagelser."]
    if "moduler" in result:
        lines += ["", f"Moduler, diagrammer tegnet: {result['args'].get('charts', 'browser')}",
                  f"{'Modul':48} {'tid i alt s':>16} {'kerne-CPU s':>14} "
                      f"{'kerne MiB':>18}  mål"]
        for row in result["moduler"]:
            ok = "ok" if (row["total_s"]["median"] or 99) <= GOALS["module_s"] and \
                (row["kernel_peak_mib"]["median"] or 999) <= GOALS["kernel_mib"] else "OVER"
            if row["errors"]:
                ok += " FEJL"
            lines.append(f"{row['module'][:48]:48} {_fmt(row['total_s']):>16} "
                         f"{_fmt(row['kernel_cpu_s']):>14} "
                         f"{_fmt(row['kernel_peak_mib'], 0):>18}  {ok}")
    if "deltager" in result:
        d = result["deltager"]
        if "error" in d:
            lines += ["", f"Deltager: FEJL {d['error']}"]
        else:
            lines += ["", f"Deltager ({d['module']}): server {_fmt(d['server_peak_mib'], 0)} MiB"
                          f" + kerne {_fmt(d['kernel_peak_mib'], 0)} MiB = "
                          f"{_fmt(d['participant_mib'], 0)} MiB  "
                          f"{_ok(d['participant_mib']['median'], GOALS['participant_mib'])}"
                          f"  (server klar på {_fmt(d['ready_s'])} s)"]
    if "bedoemmelse" in result:
        g = result["bedoemmelse"]
        if "error" in g:
            lines += ["", f"Bedømmelse: FEJL {g['error']}"]
        else:
            lines += ["", f"Bedømmelse af {g['submissions']} afleveringer af A1 {g['kinds']}:",
                      f"{'':34} {'væg s':>16} {'s/afl.':>8} {'CPU s/afl.':>10} {'faktor':>7}"
                      "  ens karakterer"]
            for row in g["rows"]:
                lines.append(f"{row['grader'][:34]:34} {_fmt(row['wall_s'], 0):>16} "
                             f"{row['per_submission_s']['median']:>8.2f} "
                             f"{row['cpu_per_submission_s']['median']:>10.2f} "
                             f"{row['speedup_vs_nbgrader']:>6.2f}×  "
                             f"{'ja' if row['identical_to_nbgrader'] else 'NEJ'}")
            cost = g.get("sandbox_cost")
            if cost:
                lines.append(f"Sandkassen koster {cost['wall_pct']:+.1f} % vægtid mod "
                             f"--uden-sandkasse (mål: højst +10 %); ens karakterer: "
                             f"{'ja' if cost['identical'] else 'NEJ'}. CPU-kolonnen mangler "
                             f"kernerne i sandkassen (bwrap's PID-navnerum).")
    if "bundle" in result:
        b = result["bundle"]
        lines += ["", "Deltagerudgave (digileder bundle): " + (
            f"FEJL {b['error'][-200:]}" if "error" in b else
            f"{b['mib']} MiB, {b['files']} filer, {_fmt(b['wall_s'])} s")]
    if "klon" in result:
        k = result["klon"]
        if "error" in k:
            lines += ["", f"Klon → JupyterLab: FEJL {k['error']}"]
        else:
            lines += ["", f"Klon → JupyterLab svarer: uden pip-cache "
                          f"{k['without_cache']['total_s']:.0f} s, med pip-cache "
                          f"{k['with_cache']['total_s']:.0f} s (venv "
                          f"{k['with_cache']['venv_mib']} MiB; pakker fra: {k['pip_sources']})"]
    if "websocket" in result:
        import kernel_socket

        w = result["websocket"]
        lines += [""] + ([f"Websocket: FEJL {w['error']}"] if "error" in w
                         else kernel_socket.table(w).splitlines())
    if "klasse" in result:
        import class_load

        k = result["klasse"]
        lines += [""] + ([f"Klasse: FEJL {k['error']}"] if "error" in k
                         else class_load.table(k).splitlines())
    return "\n".join(lines)


def heaviest(rows: list[dict]) -> str | None:
    ok = [r for r in rows if r["kernel_peak_mib"]["median"] is not None]
    return max(ok, key=lambda r: r["kernel_peak_mib"]["median"])["module"] if ok else None


def _or_error(measure_part) -> dict | list:
    """The part's result, or its error, so one failing part does not lose the others."""
    try:
        return measure_part()
    except Exception as err:
        return {"error": repr(err)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mål kursets omkostninger (tid og hukommelse).")
    parser.add_argument("--only", default=",".join(PARTS),
                        help=f"dele, kommasepareret: {','.join(PARTS)}")
    parser.add_argument("--repeat", type=int, default=3, help="gentagelser (standard 3)")
    parser.add_argument("--submissions", type=int, default=100)
    parser.add_argument("--workers", default="",
                        help="antal processer til digileder grade, fx 1,2,4 "
                             "(standard: 1 og nproc)")
    parser.add_argument("--grading-repeat", type=int, default=1,
                        help="gentagelser af bedømmelsen (standard 1: den tager længst)")
    parser.add_argument("--what-if", action="store_true",
                        help="bedøm også med forslaget: rfc3987_syntax blokeret i kernerne")
    parser.add_argument("--modules", default="", help="kun moduler hvis navn indeholder …")
    parser.add_argument("--charts", choices=["browser", "svg"], default="browser",
                        help="moduler: diagrammer tegnet i browseren (som i Lab og Voilà, "
                             "standard) eller som SVG i kernen (som ved bedømmelse)")
    parser.add_argument("--class-sizes", default="10,20,30",
                        help="klassestørrelser til 'klasse' (standard 10,20,30)")
    parser.add_argument("--out", default=str(ROOT / "test-output" / "bench"))
    args = parser.parse_args(argv)
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"ukendte dele: {', '.join(sorted(unknown))}")
    Path("/tmp/bench").mkdir(exist_ok=True)
    result: dict = {"machine": measure.machine(), "load_before": os.getloadavg(),
                    "versions": measure.package_versions(
                        ["jupyterlab", "jupyter_server", "ipykernel", "nbgrader", "nbclient",
                         "altair", "vl-convert-python", "pandas", "ipywidgets"]),
                    "args": vars(args), "goals": GOALS}
    if result["load_before"][0] > result["machine"]["nproc"] * 0.5:
        print(f"ADVARSEL: maskinen er allerede belastet (load {result['load_before'][0]:.1f} "
              f"på {result['machine']['nproc']} kerner). Vægtider bliver for høje; se CPU-tiderne.",
              flush=True)
    started = time.perf_counter()
    only_modules = [m for m in args.modules.split(",") if m] or None
    if "moduler" in parts:
        import modules

        print("Moduler (nbclient) …", flush=True)
        result["moduler"] = modules.bench(args.repeat, only_modules, args.charts)
    if "deltager" in parts:
        import participant

        import modules

        print("Deltager (JupyterLab + kerne) …", flush=True)
        name = heaviest(result.get("moduler", [])) or "03-digital-modenhed-paa-teknik-og-miljoe"
        course = modules.copy_course(Path("/tmp/bench/course"))
        result["deltager"] = _or_error(lambda: participant.bench(
            ROOT / "modules" / f"{name}.ipynb", course, args.repeat))
    if "bedoemmelse" in parts:
        import grading

        print(f"Bedømmelse ({args.submissions} afleveringer) …", flush=True)
        result["bedoemmelse"] = _or_error(lambda: grading.bench(
            args.submissions,
            [int(w) for w in args.workers.split(",") if w.strip()] or None,
            args.grading_repeat, what_if=args.what_if))
    if "bundle" in parts:
        import bundle

        print("Deltagerudgave …", flush=True)
        result["bundle"] = bundle.bench(args.repeat)
    if "klon" in parts:
        import clone

        print("Klon → JupyterLab …", flush=True)
        result["klon"] = _or_error(clone.bench)
    if "websocket" in parts:
        import kernel_socket

        print("Kernens beskeder gennem serveren …", flush=True)
        result["websocket"] = _or_error(kernel_socket.bench)
    if "klasse" in parts:
        import class_load

        print("Klasse på én gang …", flush=True)
        sizes = [int(x) for x in args.class_sizes.split(",") if x.strip()]
        result["klasse"] = _or_error(lambda: class_load.bench(
            sizes, "02", 300, ["voila-server", "voila", "lab"]))
    result["load_after"] = os.getloadavg()
    result["bench_s"] = time.perf_counter() - started
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"bench-{result['machine']['date']}.json"
    path.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    print()
    print(table(result))
    print(f"\nGemt: {path} ({result['bench_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
