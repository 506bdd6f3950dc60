"""How this kernel draws charts: in the browser or as SVG (see charts.py for why).

Kept apart from charts.py so that digileder.setup() can choose the mode without importing
altair and pandas (about 0.5-1 s of a module's first cell, issue 18): charts.py reads the
mode when the first chart module is imported.
"""

from __future__ import annotations

import os

SETTING = "DIGILEDER_CHARTS"
MODES = ("browser", "svg")
# A kernel that draws in the browser notes its pid here. A kernel started from one of its cells
# (a teacher's `!nbgrader autograde` or `!digileder grade`) inherits JPY_SESSION_NAME, but no
# page shows its outputs: it sees another pid and draws SVG, so the feedback stands alone.
# The JPY_ prefix: the grading sandbox keeps only JPY_* of the grader's environment.
PAGE_KERNEL = "JPY_DIGILEDER_PAGE_KERNEL"

_chosen: str | None = None  # set by choose(); None until digileder.setup() runs


def default_mode() -> str:
    """'browser' when a JupyterLab or Voilà page shows this kernel's outputs (jupyter_server
    sets JPY_SESSION_NAME, Voilà VOILA_SERVER_URL); 'svg' in batch runs, whose HTML must
    stand alone. DIGILEDER_CHARTS=svg or =browser overrides."""
    chosen = os.environ.get(SETTING, "").strip().lower()
    if chosen in MODES:
        return chosen
    page = os.environ.get("JPY_SESSION_NAME") or os.environ.get("VOILA_SERVER_URL")
    inherited = os.environ.get(PAGE_KERNEL, str(os.getpid())) != str(os.getpid())
    return "browser" if page and not inherited else "svg"


def choose(how: str | None = None) -> str:
    """Draw charts `how` ('browser' or 'svg'), or else as default_mode() says."""
    global _chosen
    _chosen = how if how in MODES else default_mode()
    if _chosen == "browser":
        os.environ[PAGE_KERNEL] = str(os.getpid())
    return _chosen


def chosen() -> str | None:
    """The mode setup() chose, or None when it has not run (nothing to switch on)."""
    return _chosen


def current() -> str:
    return _chosen or "svg"
