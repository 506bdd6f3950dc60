"""Per module: headless execution time (nbclient) and the kernel's peak memory (VmHWM).

The kernel draws charts as a participant's kernel in JupyterLab or Voila does (DIGILEDER_CHARTS=
browser: the spec goes to the page); `charts="svg"` measures the batch way (nbgrader, nbval).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import nbformat
import psutil
from measure import peak_mib, summarize
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]


def discover() -> list[Path]:
    """modules/*.ipynb, in course order."""
    return sorted((ROOT / "modules").glob("*.ipynb"))


def copy_course(target: Path) -> Path:
    """modules/ and datasets/ in a throwaway folder: the repo never gets outputs or answers."""
    if target.exists():
        shutil.rmtree(target)
    for name in ("modules", "datasets"):
        shutil.copytree(ROOT / name, target / name,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return target


def run_once(path: Path, timeout: int = 120) -> dict:
    """Execute one notebook in a fresh kernel; time it and read the kernel's peak RSS."""
    nb = nbformat.read(path, as_version=4)
    answers = tempfile.mkdtemp(prefix="answers-", dir="/tmp/bench")
    os.environ["DIGILEDER_ANSWERS_DIR"] = answers
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    cells = []
    error = None
    started = time.perf_counter()
    with client.setup_kernel(stderr=subprocess.DEVNULL):
        kernel_ready = time.perf_counter()
        pid = client.km.provisioner.process.pid
        try:
            for index, cell in enumerate(nb.cells):
                t0 = time.perf_counter()
                client.execute_cell(cell, index)
                if cell.cell_type == "code":
                    cells.append((index, time.perf_counter() - t0))
        except Exception as err:  # a failing module is reported, not fatal for the bench
            error = f"{type(err).__name__}: {str(err).strip().splitlines()[-1][:200]}"
        finished = time.perf_counter()
        peak = peak_mib(pid)
        times = psutil.Process(pid).cpu_times()
        cpu = times.user + times.system
    shutil.rmtree(answers, ignore_errors=True)
    slowest = max(cells, key=lambda c: c[1]) if cells else (None, 0.0)
    return {
        "kernel_start_s": kernel_ready - started,
        "execute_s": finished - kernel_ready,
        "total_s": finished - started,
        "kernel_peak_mib": peak,
        "kernel_cpu_s": cpu,
        "slowest_cell": {"index": slowest[0], "seconds": round(slowest[1], 3)},
        "error": error,
    }


def bench(repeat: int = 3, only: list[str] | None = None, charts: str = "browser") -> list[dict]:
    os.environ["DIGILEDER_CHARTS"] = charts  # the kernels inherit it
    course = copy_course(Path("/tmp/bench/course"))
    rows = []
    for original in discover():
        if only and not any(o in original.name for o in only):
            continue
        path = course / "modules" / original.name
        runs = [run_once(path) for _ in range(repeat)]
        rows.append({
            "module": original.stem,
            "charts": charts,
            "total_s": summarize([r["total_s"] for r in runs]),
            "execute_s": summarize([r["execute_s"] for r in runs]),
            "kernel_start_s": summarize([r["kernel_start_s"] for r in runs]),
            "kernel_peak_mib": summarize([r["kernel_peak_mib"] for r in runs]),
            "kernel_cpu_s": summarize([r["kernel_cpu_s"] for r in runs]),
            "slowest_cell": runs[-1]["slowest_cell"],
            "errors": sorted({r["error"] for r in runs if r["error"]}),
        })
        print(f"  {original.stem}: {rows[-1]['total_s']['median']:.1f} s, "
              f"{rows[-1]['kernel_peak_mib']['median']:.0f} MiB, "
              f"CPU {rows[-1]['kernel_cpu_s']['median']:.1f} s"
              + (f"  FEJL: {rows[-1]['errors']}" if rows[-1]["errors"] else ""), flush=True)
    return rows
