"""The "not saved" message of a draft: shown when a save fails, gone once a later save works.

A view shows a failed save in one of its HTML lines (which also shows other things: a
finished plan, a notice about a conflict copy). Only the failure message it showed itself is
taken away again, never something else shown there since.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

import ipywidgets as widgets

from digileder.answers import SaveResult

_FAILURE_SHOWN: weakref.WeakKeyDictionary[widgets.HTML, str] = weakref.WeakKeyDictionary()


def show_save(line: widgets.HTML, result: SaveResult, render: Callable[[str], object]) -> None:
    """After a draft save: RENDER(result.message) in LINE if it failed; if it worked, clear
    LINE when it still shows the failure message of an earlier save."""
    if not result.saved:
        line.value = _FAILURE_SHOWN[line] = str(render(result.message))
    elif _FAILURE_SHOWN.pop(line, None) == line.value:
        line.value = ""
