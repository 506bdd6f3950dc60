"""The class load test's report (tools/bench/class_load.py): hangs and errors are never lost."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools" / "bench"))

import class_load  # noqa: E402
import measure  # noqa: E402


def test_percentiles_of_nothing_are_none_not_zero():
    assert measure.percentile([], 0.95) is None
    assert measure.percentile([3.0, 1.0, 2.0], 0.5) == 2.0


def test_table_shows_unfinished_pages_and_errors():
    row = class_load._summary(3, [10.0, 12.0], ["side 3: Executing 8 of 21"], [], 900.4)
    crashed = class_load._summary(2, [], [], ["kerne 1: DeadKernelError('Kernel died')"], 400)
    text = class_load.table({"module": "02-hvad-siger-tallene.ipynb", "timeout_s": 300,
                             "rows": [{"way": "voila", **row}, {"way": "lab", **crashed}]})
    voila, lab = text.splitlines()[2:4]
    assert voila.split()[:3] == ["voila", "3", "2"] and "Executing 8 of 21" in voila
    assert lab.split()[:3] == ["lab", "2", "0"] and "DeadKernelError" in lab
    assert row["peak_mib"] == 900 and crashed["p95_s"] is None


def test_cpu_of_a_process_tree_counts_children_that_already_ended():
    """Kernels that stopped during the run still count (their parent reaped them)."""
    before = class_load.tree_cpu_s(class_load.os.getpid())
    subprocess.run([sys.executable, "-c", "import time\nend = time.process_time() + 0.5\n"
                    "while time.process_time() < end: pass"], check=True)
    assert class_load.tree_cpu_s(class_load.os.getpid()) - before >= 0.4


class _Heartbeats(BaseHTTPRequestHandler):
    """A page that never finishes: Voila's heartbeat every 0.2 s, as when it hangs."""

    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        for _ in range(50):
            self.wfile.write(b"<script>window.voila_heartbeat()</script>\n")
            self.wfile.flush()
            time.sleep(0.2)

    def log_message(self, *args):
        pass


def test_a_page_kept_alive_by_heartbeats_counts_as_hung():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Heartbeats)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        start = time.monotonic()
        seconds, hangs, errors = class_load._fetch_pages(
            f"http://127.0.0.1:{server.server_port}/", 2, timeout_s=1.0)
        assert (seconds, errors, len(hangs)) == ([], [], 2)
        assert time.monotonic() - start < 5
    finally:
        server.shutdown()
