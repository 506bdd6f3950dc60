"""The participant bundle (`digileder bundle DIR`): time, size and file count."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from measure import summarize

BIN = Path(sys.executable).parent


def tree_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) of every regular file under FOLDER."""
    total = files = 0
    for dirpath, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                total += path.stat().st_size
                files += 1
    return total, files


def largest(folder: Path, top: int = 5) -> list[dict]:
    sizes = [(p.stat().st_size, p) for p in folder.rglob("*") if p.is_file()]
    return [{"file": str(p.relative_to(folder)), "kib": round(s / 1024, 1)}
            for s, p in sorted(sizes, reverse=True)[:top]]


def bench(repeat: int = 3, base: Path = Path("/tmp/bench/bundle")) -> dict:
    exe = BIN / "digileder"
    cmd = [str(exe)] if subprocess.run([str(exe), "bundle", "--help"],
                                       capture_output=True).returncode == 0 \
        else [str(BIN / "python"), "-m", "digileder.teacher.cli"]
    walls, result = [], None
    for _ in range(repeat):
        if base.exists():
            shutil.rmtree(base)
        started = time.perf_counter()
        proc = subprocess.run([*cmd, "bundle", str(base)], capture_output=True, text=True)
        walls.append(time.perf_counter() - started)
        if proc.returncode != 0:
            return {"error": (proc.stderr or proc.stdout).strip()[-400:]}
    size, files = tree_size(base)
    result = {"wall_s": summarize(walls), "bytes": size, "mib": round(size / 1024 / 1024, 2),
              "files": files, "largest": largest(base),
              "by_folder": {p.name: round(tree_size(p)[0] / 1024 / 1024, 2)
                            for p in sorted(base.iterdir()) if p.is_dir()}}
    print(f"  bundle: {result['mib']} MiB, {files} filer, "
          f"{result['wall_s']['median']:.1f} s", flush=True)
    return result
