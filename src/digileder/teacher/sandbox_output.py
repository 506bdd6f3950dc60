"""The output limit: how much one notebook's code may print, counted in the grader.

nbclient keeps every output the kernel sends in the grader's memory, and nbgrader writes it
all into the autograded notebook: a submission that printed 200 MB gave a 200 MB notebook
and a grader of 960 MB. `LimitedExecute` (nbgrader's Execute) counts the bytes of a
notebook's outputs as they arrive. Past the limit (c.Sandbox.output_mib) it keeps only error
outputs, shortened (a failed test must still count as failed), and puts one Danish note
first in each cell instead of the rest, on stdout (nbgrader gives a test cell with any stderr
output 0 points). The note is added when the cell has run: first, so nbgrader's LimitOutput
(the first 1000 lines) keeps it, and after the cell, so clear_output() cannot remove it. It
names the cell that went over the limit (and a later cell that itself wrote a lot) apart
from later cells that only lost their ordinary output. The grade does not change: nbgrader
grades a test cell by whether it ended in an error, and the kernel's reply says so even
when its output was lost.
"""

from __future__ import annotations

import asyncio
import copy
import time

import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute
from traitlets import Bool, Integer

# In the note a cell gets; violations.py finds cells that hit the limit by it, and by
# LATER_MARK the cells that only lost their output because an earlier cell used the limit up.
NOTE_MARK = "c.Sandbox.output_mib"
LATER_MARK = "allerede brugt"
_MUCH = 1024 * 1024  # a later cell that writes this much past the limit is a writer too
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
    return (f"Denne celle skrev mere ud, end grænsen for output tillader ({limit_mib} MiB i "
            f"alt for hele afleveringen ved bedømmelse, {NOTE_MARK}). Resten af cellens "
            "output er fjernet. Pointene er ikke påvirket.\n")


def later_note(limit_mib: int) -> str:
    return (f"Det, denne celle skrev ud, er fjernet, fordi en tidligere celle havde "
            f"{LATER_MARK} grænsen for output ({limit_mib} MiB i alt, {NOTE_MARK}). "
            "Pointene er ikke påvirket.\n")


LOST = ("Noget af det, koden skrev ud, nåede ikke frem til bedømmelsen, fx én besked over "
        f"grænsen for output ({NOTE_MARK}). Pointene kommer fra kernens svar og er ikke "
        "påvirket.\n")


class LimitedClient(AsyncKernelClient):
    """The grader's side of the kernel's channels; its output channel (iopub) refuses any
    one message over `max_message_mib`. The kernel sends what is printed quickly as one
    message, and 200 MB in one message cost the grader 770 MB to receive. ZeroMQ drops the
    connection on such a message, with what is still on its way; LimitedExecute connects
    anew."""

    max_message_mib = Integer(11).tag(config=True)

    def connect_iopub(self, identity=None):
        # A context's socket options apply to the sockets it makes from then on.
        self.context.setsockopt(zmq.MAXMSGSIZE, self.max_message_mib * 1024 * 1024)
        try:
            return super().connect_iopub(identity)
        finally:
            self.context.setsockopt(zmq.MAXMSGSIZE, -1)

    def reconnect_iopub(self) -> None:
        if self._iopub_channel is not None:
            self._iopub_channel.close()
            self._iopub_channel = None
        self.iopub_channel  # noqa: B018 - the property connects a new channel
        time.sleep(0.2)  # let the subscription reach the kernel before the next cell


class LimitedExecute(Execute):
    """nbgrader's Execute with a limit on the total output of one notebook."""

    output_mib = Integer(10, help="Største samlede output (MiB) fra én notesbog.").tag(
        config=True)
    # A message over LimitedClient's size is lost, and with it maybe the kernel's "idle":
    # the cell then ends after iopub_timeout with a note, graded from the kernel's reply.
    raise_on_iopub_timeout = Bool(False).tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        self._printed, self._first_over = 0, None
        self._cut, self._lost = set(), set()  # indexes of cells that lost output
        return super().preprocess(nb, resources, km)

    def _over(self, msg: dict) -> bool:
        self._printed += _size(msg.get("content"))
        return self._printed > self.output_mib * 1024 * 1024

    def preprocess_cell(self, cell, resources, index):
        self._cell_dropped = 0
        try:
            return super().preprocess_cell(cell, resources, index)
        finally:
            text = self._note_for(index)
            if text:
                cell.setdefault("outputs", []).insert(
                    0, new_output("stream", name="stdout", text=text))

    def _note_for(self, index: int) -> str | None:
        if index in self._cut:
            writer = index == self._first_over or self._cell_dropped > _MUCH
            return note(self.output_mib) if writer else later_note(self.output_mib)
        return LOST if index in self._lost else None

    def output(self, outs, msg, display_id, cell_index):
        before = self._printed
        if not self._over(msg):
            return super().output(outs, msg, display_id, cell_index)
        self._cell_dropped += self._printed - before
        if self._first_over is None:
            self._first_over = cell_index
        if msg["msg_type"] == "error":
            return super().output(outs, _shortened(msg), display_id, cell_index)
        self._cut.add(cell_index)
        return None

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        try:
            return await super()._async_poll_output_msg(parent_msg_id, cell, cell_index)
        except asyncio.CancelledError:  # no "idle" within iopub_timeout of the reply
            self._lost.add(cell_index)
            if isinstance(self.kc, LimitedClient):
                self.kc.reconnect_iopub()
            raise

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
    limit = Sandbox(config=cfg).output_mib
    cfg.LimitedExecute.output_mib = limit
    cfg.AsyncKernelManager.client_factory = LimitedClient
    cfg.LimitedClient.max_message_mib = limit + 1  # a message over it is over the limit anyway
