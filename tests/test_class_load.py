"""The class load test's report (tools/bench/class_load.py): hangs and errors are never lost."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools" / "bench"))

import class_load  # noqa: E402


def test_percentiles_of_nothing_are_none_not_zero():
    assert class_load.percentile([], 0.95) is None
    assert class_load.percentile([3.0, 1.0, 2.0], 0.5) == 2.0


def test_table_shows_unfinished_pages_and_errors():
    row = class_load._summary(3, [10.0, 12.0], ["side 3: Executing 8 of 21"], [], 900.4)
    crashed = class_load._summary(2, [], [], ["kerne 1: DeadKernelError('Kernel died')"], 400)
    text = class_load.table({"module": "02-hvad-siger-tallene.ipynb", "timeout_s": 300,
                             "rows": [{"way": "voila", **row}, {"way": "lab", **crashed}]})
    voila, lab = text.splitlines()[2:4]
    assert voila.split()[:3] == ["voila", "3", "2"] and "Executing 8 of 21" in voila
    assert lab.split()[:3] == ["lab", "2", "0"] and "DeadKernelError" in lab
    assert row["peak_mib"] == 900 and crashed["p95_s"] is None
