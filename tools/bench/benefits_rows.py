"""Removing gains from module 07's benefits plan in Lab, the worst case (issue 18).

Fills the plan with 10 rows and clicks "Fjern række 1" 9 times, in 3 rounds, timed with
tools/bench_browser.py's own measure (the browser's input event to the painted last change).
Prints median and p95 in ms. tools/bench_browser.py cannot time it: there the plan has one
empty row, and removing it shows a new empty row, which is no change.

    .venv/bin/python tools/bench/benefits_rows.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser_pages as bp  # noqa: E402
import browser_servers as bs  # noqa: E402
from bench_browser import measure_component  # noqa: E402
from measure import percentile  # noqa: E402

from digileder.benefits_plan.view import DOUBLE_CLICK  # noqa: E402

ROWS = 10
ROUNDS = 3


class _Paced(bp.Interaction):
    """A click on the same trash button sooner than DOUBLE_CLICK after the last removal is
    taken as a double click and removes nothing: wait that long first (the felt time is
    counted from the click's input event, so the wait is not in it)."""

    def perform(self, page, step: int = 0) -> None:
        page.wait_for_timeout(DOUBLE_CLICK * 1000 + 100)
        super().perform(page, step)


def main() -> None:
    base = Path(tempfile.mkdtemp(prefix="digileder-rows-"))
    course = bs.copy_course(base / "course")
    module = next(p.name for p in sorted((ROOT / "modules").glob("07-*.ipynb")))
    felt: list[float] = []
    with bs.chromium() as browser, bs.lab_server(course, base / "lab") as lab:
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        bp.open_in_lab(page, lab, f"modules/{module}", "rows")
        bp.run_all_in_lab(page)
        bp.wait_quiet(page, bp.NOTEBOOK, quiet_ms=1000)
        buttons = f"{bp.NOTEBOOK} button.widget-button:visible"
        for _ in range(ROUNDS):
            add = page.locator(buttons, has_text="Tilføj gevinst").first
            for _ in range(ROWS - 1):
                add.click()
                page.wait_for_timeout(150)
            bp.wait_quiet(page, bp.NOTEBOOK, quiet_ms=500)
            remove = page.locator(f"{buttons}[title='Fjern række 1']").first
            measured = measure_component(page, _Paced("button", "Fjern række 1", remove),
                                         ROWS - 1, bp.NOTEBOOK)
            felt += measured[0] if measured else []
    print(f"Fjern række 1, {ROWS} -> 1 rækker, {ROUNDS} runder: n={len(felt)}, median "
          f"{statistics.median(felt):.0f} ms, p95 {percentile(felt, 0.95):.0f} ms")


if __name__ == "__main__":
    main()
