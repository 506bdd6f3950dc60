"""From a clean clone to JupyterLab answering: `make lab` in a fresh `git clone`.

Two runs: first with an empty pip cache (PIP_CACHE_DIR = a new folder: every wheel is
fetched from the package index), then with that same cache now filled. The clock stops
when the server answers /api/status. The clone holds what is committed (HEAD), not the
work tree. The server's process group is stopped afterwards.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

from participant import free_port, stop_process_group, wait_http

ROOT = Path(__file__).resolve().parents[2]


def pip_sources() -> str:
    """Where pip gets packages on this machine (pip config), for the report."""
    proc = subprocess.run([sys.executable, "-m", "pip", "config", "list"], capture_output=True,
                          text=True)
    lines = [line for line in proc.stdout.splitlines()
             if any(k in line for k in ("index-url", "find-links"))]
    return "; ".join(lines) or "PyPI (standard)"


def python_for_venv() -> str:
    """The Python the Makefile would use (python3 on PATH), as an absolute path."""
    return shutil.which("python3") or sys.executable


def run_once(base: Path, cache: Path, label: str, timeout: float = 600) -> dict:
    clone = base / f"clone-{label}"
    if clone.exists():
        shutil.rmtree(clone)
    port, token = free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("VIRTUAL_ENV", "JUPYTER", "DIGILEDER"))}
    env.update({"PIP_CACHE_DIR": str(cache), "JUPYTER_PORT": str(port),
                "JUPYTER_TOKEN": token, "BROWSER": "true",
                "JUPYTER_CONFIG_DIR": str(base / f"jcfg-{label}"),
                "JUPYTER_RUNTIME_DIR": str(base / f"jrun-{label}"),
                "JUPYTERLAB_WORKSPACES_DIR": str(base / f"jws-{label}")})
    env.pop("PIP_NO_CACHE_DIR", None)
    log = open(base / f"{label}.log", "w")
    started = time.perf_counter()
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    cloned = time.perf_counter() - started
    proc = subprocess.Popen(["make", "lab", f"PYTHON={python_for_venv()}"], cwd=clone, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_http(f"http://127.0.0.1:{port}/api/status?token={token}", timeout, proc)
        total = time.perf_counter() - started
        venv_mib = sum(p.stat().st_size for p in (clone / ".venv").rglob("*")
                       if p.is_file() and not p.is_symlink()) / 1024 / 1024
    finally:
        stop_process_group(proc)
        log.close()
    print(f"  klon → JupyterLab svarer ({label}): {total:.0f} s", flush=True)
    return {"label": label, "total_s": total, "clone_s": cloned, "venv_mib": round(venv_mib)}


def bench(base: Path = Path("/tmp/bench/clone")) -> dict:
    if base.exists():
        shutil.rmtree(base)
    base.mkdir(parents=True)
    cache = base / "pip-cache"
    cold = run_once(base, cache, "uden-cache")
    warm = run_once(base, cache, "med-cache")
    cache_mib = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file()) / 1024 / 1024 \
        if cache.exists() else 0.0
    result = {"without_cache": cold, "with_cache": warm, "pip_sources": pip_sources(),
              "pip_cache_mib": round(cache_mib, 1),
              "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                       capture_output=True, text=True).stdout.strip()}
    for label in ("uden-cache", "med-cache"):
        shutil.rmtree(base / f"clone-{label}", ignore_errors=True)
    return result
