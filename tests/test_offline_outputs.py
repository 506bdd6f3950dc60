"""Executed modules reference no http(s) script or stylesheet: charts work with no internet,
drawn as SVG by the kernel (batch runs) or by Lab's and Voila's own vega (a participant's page)."""

from __future__ import annotations

import re

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import RECHECKING_CLIENT, ROOT

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


def _execute(path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", config=RECHECKING_CLIENT,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def _outputs(nb):
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", f"cell {index}: {output.get('ename')}"
            for text in _texts(output):
                assert not EXTERNAL.search(text), f"cell {index} loads from the internet"
            yield output


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_executed_module_has_no_external_scripts_or_errors(path):
    for output in _outputs(_execute(path)):
        assert not any(m.startswith("application/vnd.vegalite") for m in output.get("data", {}))


def test_module_drawn_in_the_browser_is_valid_small_and_offline(monkeypatch):
    """Module 02 as a Lab kernel runs it: Vega-Lite 5 outputs that nbformat accepts (the
    mimetype renderer's did not), no script from the internet, no widget state bloat."""
    monkeypatch.setenv("DIGILEDER_CHARTS", "browser")
    nb = _execute(ROOT / "modules" / "02-hvad-siger-tallene.ipynb")
    nbformat.validate(nb)
    datas = [o.get("data", {}) for o in _outputs(nb)]
    assert any("application/vnd.vegalite.v5+json" in d for d in datas)
    assert not any("<svg" in d.get("text/html", "") for d in datas)  # no chart drawn as SVG
    assert len(nbformat.writes(nb)) < 300_000
