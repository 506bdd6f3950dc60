"""A module kernel loads pandas and altair while JupyterLab's page is still loading (issue 18).

digileder.prestart starts a notebook's kernel as soon as the server serves the Lab page; Lab
connects 2-3 s later. A module that draws charts spends about 0.6 s of its first cell
importing pandas and altair. This IPython extension (labconfig turns it on for the
environment's kernels) starts that import in a thread when the kernel starts, if the
notebook the kernel belongs to (JPY_SESSION_NAME, set by jupyter_server) imports a course
module that needs them. The first cell then finds them loaded, or waits for the rest of the
import (Python's import lock). Other kernels (nbgrader, nbval, Voila, modules without
charts) load nothing extra: no time, no memory.
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import threading
from collections.abc import Callable
from pathlib import Path

# Course modules that import pandas and altair (tests/test_kernel_preload.py checks this
# list against what each module's first cell really imports).
NEED_CHARTS = frozenset({"benefits_plan", "business_case", "charts", "data", "explorer",
                         "maturity", "sampling", "stats"})
PRELOAD = ("pandas", "altair", "digileder.charts")
THREAD_NAME = "digileder-kernel-preload"
MAX_NOTEBOOK_BYTES = 10 * 1024 * 1024  # a course module is far smaller; a bigger file is not read


def course_modules(source: str) -> set[str]:
    """The names in `from digileder import a, b` lines of SOURCE (empty if it is no Python)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return set()
    return {alias.name for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "digileder"
            for alias in node.names}


def first_code_cell(notebook: Path) -> str:
    """The source of the notebook's first code cell ('' if it cannot be read, is not a
    regular file, e.g. a pipe that would never end, or is over MAX_NOTEBOOK_BYTES)."""
    try:
        if not notebook.is_file() or notebook.stat().st_size > MAX_NOTEBOOK_BYTES:
            return ""
        data = json.loads(notebook.read_bytes().decode("utf-8"))
        cell = next(c for c in data["cells"] if c.get("cell_type") == "code")
        source = cell.get("source", "")
        return "".join(source) if isinstance(source, list) else str(source)
    except (OSError, ValueError, TypeError, KeyError, AttributeError, StopIteration):
        return ""


def needs_charts(session_name: str | None, cwd: Path) -> bool:
    """Does the notebook this kernel was started for (its API path SESSION_NAME; the kernel
    runs in the notebook's folder, CWD) import a course module that needs pandas and altair?"""
    if not session_name or not session_name.endswith(".ipynb"):
        return False
    notebook = cwd / Path(session_name).name
    return bool(course_modules(first_code_cell(notebook)) & NEED_CHARTS)


def import_in_background(names: tuple[str, ...], thread_name: str,
                         wanted: Callable[[], bool] = lambda: True) -> None:
    """Import NAMES in a daemon thread if WANTED() (asked in the thread too). Code that
    imports one of them meanwhile waits for it (Python's import lock); a failure is left to
    that code, which imports again and reports it."""
    def load():
        if not wanted():
            return
        for name in names:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - reported by the code that needs it
                return

    threading.Thread(target=load, name=thread_name, daemon=True).start()


def load_ipython_extension(_shell) -> None:
    """Called by IPython when the kernel starts (c.InteractiveShellApp.extra_extensions).
    Even reading the notebook happens in the thread: the kernel starts as without it."""
    session, cwd = os.environ.get("JPY_SESSION_NAME"), Path.cwd()
    import_in_background(PRELOAD, THREAD_NAME, lambda: needs_charts(session, cwd))
