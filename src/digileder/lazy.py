"""Names an activity package hands out without importing its view first.

An activity's __init__ re-exports its model, content and store, which load no ipywidgets or
altair (the teacher CLI imports them). Its widget classes come from view.py, which does. One
line in the package makes them importable by name all the same, loaded on first use:

    __getattr__ = lazy.from_module(__name__, "view", ("SelfAssessment",))
"""

from __future__ import annotations

import importlib
from collections.abc import Callable


def from_module(package: str, module: str, names: tuple[str, ...]) -> Callable[[str], object]:
    """A module-level __getattr__ for PACKAGE that imports NAMES from PACKAGE.MODULE when one
    is first asked for (PEP 562); any other name is an AttributeError as usual."""

    def __getattr__(name: str) -> object:
        if name in names:
            return getattr(importlib.import_module(f"{package}.{module}"), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
