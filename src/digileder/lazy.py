"""Loading on first use: names of a package, and set-up that waits for a module's import.

An activity's __init__ re-exports its model, content and store, which load no ipywidgets or
altair (the teacher CLI imports them). Its widget classes come from view.py, which does. One
line in the package makes them importable by name all the same, loaded on first use:

    __getattr__ = lazy.from_module(__name__, "view", ("SelfAssessment",))

after_import() lets digileder.setup() switch the course's chart renderer on without importing
altair itself (0.5-1 s of a module's first cell): right after altair is imported, by the course
or by a participant's own cell.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
from collections.abc import Callable


def from_module(package: str, module: str, names: tuple[str, ...]) -> Callable[[str], object]:
    """A module-level __getattr__ for PACKAGE that imports NAMES from PACKAGE.MODULE when one
    is first asked for (PEP 562); any other name is an AttributeError as usual."""

    def __getattr__(name: str) -> object:
        if name in names:
            return getattr(importlib.import_module(f"{package}.{module}"), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__


def after_import(name: str, callback: Callable[[], None]) -> None:
    """Call callback() now if top-level module NAME is imported, else once right after its
    import has finished (before the importing statement goes on). Once per name and
    callback, however often this is called before the import."""
    if name in sys.modules:
        callback()
        return
    if not any(isinstance(f, _AfterImport) and (f.name, f.callback) == (name, callback)
               for f in sys.meta_path):
        sys.meta_path.insert(0, _AfterImport(name, callback))


class _AfterImport(importlib.abc.MetaPathFinder):
    """Finds NAME with the other finders, and runs the callback after the module's code."""

    def __init__(self, name: str, callback: Callable[[], None]):
        self.name, self.callback = name, callback

    def find_spec(self, fullname, path=None, target=None):
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)  # once; and the real finders find the module below
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        run_module = spec.loader.exec_module

        def exec_module(module) -> None:
            run_module(module)
            self.callback()

        spec.loader.exec_module = exec_module  # this spec's own loader object
        return spec
