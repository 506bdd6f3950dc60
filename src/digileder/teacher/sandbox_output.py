"""The output limit: how much one notebook's code may print, counted in the grader.

nbclient keeps every output the kernel sends in the grader's memory, and nbgrader writes it
all into the autograded notebook: a submission that printed 200 MB gave a 200 MB notebook
and a grader of 960 MB. `LimitedExecute` (nbgrader's Execute) counts the bytes of a
notebook's outputs as they arrive. Past the limit (c.Sandbox.output_mib) it keeps only error
outputs, shortened (a failed test must still count as failed), and puts one Danish note in
each cell instead of the rest. The grade does not change: nbgrader grades a test cell by
whether it ended in an error.
"""

from __future__ import annotations

import copy

from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute
from traitlets import Integer

# In the note a cell gets; violations.py finds cells that hit the limit by it.
NOTE_MARK = "c.Sandbox.output_mib"
_ERROR_CHARS = 2000  # what an error keeps of its message and of each traceback line
_ERROR_LINES = 20


def _size(value) -> int:
    """About the bytes VALUE takes in a notebook: the length of every string in it."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return sum(_size(v) for v in value.values())
    if isinstance(value, list):
        return sum(_size(v) for v in value)
    return 8


def _shortened(msg: dict) -> dict:
    """An error message with its text cut to a bounded size."""
    content = dict(msg["content"])
    content["evalue"] = str(content.get("evalue", ""))[:_ERROR_CHARS]
    content["traceback"] = [str(line)[:_ERROR_CHARS]
                            for line in list(content.get("traceback") or [])[-_ERROR_LINES:]]
    short = copy.copy(msg)
    short["content"] = content
    return short


def note(limit_mib: int) -> str:
    return (f"Resten af det, koden skrev ud, er fjernet: afleveringen skrev mere end "
            f"{limit_mib} MiB output i alt (grænsen ved bedømmelse, {NOTE_MARK}). "
            "Pointene er ikke påvirket.\n")


class LimitedExecute(Execute):
    """nbgrader's Execute with a limit on the total output of one notebook."""

    output_mib = Integer(10, help="Største samlede output (MiB) fra én notesbog.")

    def preprocess(self, nb, resources=None, km=None):
        self._printed, self._noted = 0, set()
        return super().preprocess(nb, resources, km)

    def _over(self, msg: dict) -> bool:
        self._printed += _size(msg.get("content"))
        return self._printed > self.output_mib * 1024 * 1024

    def output(self, outs, msg, display_id, cell_index):
        if not self._over(msg):
            return super().output(outs, msg, display_id, cell_index)
        if msg["msg_type"] == "error":
            return super().output(outs, _shortened(msg), display_id, cell_index)
        if cell_index not in self._noted:
            self._noted.add(cell_index)
            outs.append(new_output("stream", name="stderr", text=note(self.output_mib)))
        return None

    def _update_display_id(self, display_id, msg):
        # An update replaces an output already shown; it counts, and past the limit is dropped.
        if msg["msg_type"] == "update_display_data" and self._over(msg):
            return None
        return super()._update_display_id(display_id, msg)


def limit_output(cfg) -> None:
    """Let autograde with the config CFG run notebooks through LimitedExecute, with the
    course's output limit (c.Sandbox.output_mib)."""
    from nbgrader.converters import Autograde

    from digileder.teacher.sandbox import Sandbox

    steps = Autograde.class_traits()["autograde_preprocessors"].default()
    cfg.Autograde.autograde_preprocessors = [
        LimitedExecute if step in (Execute, "nbgrader.preprocessors.Execute") else step
        for step in steps]
    cfg.LimitedExecute.output_mib = Sandbox(config=cfg).output_mib
