"""Executed modules reference no http(s) script or stylesheet: charts work with no internet."""

from __future__ import annotations

import re

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT

EXTERNAL = re.compile(
    r"""<script[^>]+src=["']?(https?:)?//|<link[^>]+href=["']?(https?:)?//|@import\s+url\(["']?https?:""",
    re.IGNORECASE,
)
NOTEBOOKS = sorted((ROOT / "modules").glob("*.ipynb"))


def _texts(output):
    for value in output.get("data", {}).values():
        yield value if isinstance(value, str) else str(value)
    if "text" in output:
        yield output["text"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_executed_module_has_no_external_scripts_or_errors(path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", f"cell {index}: {output.get('ename')}"
            assert not any(m.startswith("application/vnd.vegalite") for m in output.get("data", {}))
            for text in _texts(output):
                assert not EXTERNAL.search(text), f"cell {index} loads from the internet"
