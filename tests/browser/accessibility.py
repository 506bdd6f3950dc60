"""axe-core (WCAG 2.1 A and AA rules) on what a participant sees, in Voila and JupyterLab.

axe-playwright-python bundles axe-core and injects it into the page: nothing is fetched from
the internet. Course content must have no serious or critical violation; moderate and minor
ones are printed in the test log (the issue's note lists them). JupyterLab's own chrome
(menus, toolbars, side bars) is not the course's: it is checked and printed, never failed on.
"""

from __future__ import annotations

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")
# The notebook's own content in JupyterLab: rendered Markdown and the outputs of code cells.
LAB_CONTENT = [
    ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownOutput",
    ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea",
]

# Blocking violations that are known and still open, as {(module number, axe rule)}. The
# check is strict both ways: a new violation fails, and so does one on this list that no
# longer occurs, so the list can only shrink. Empty since the unnamed sliders of modules 00
# and 02 became named number fields (issue 18).
KNOWN_OPEN: set[tuple[str, str]] = set()

_axe = None


def _engine():
    global _axe
    if _axe is None:
        from axe_playwright_python.sync_playwright import Axe

        _axe = Axe()
    return _axe


def violations(page, include: list[str] | None = None, exclude: list[str] | None = None
               ) -> list[dict]:
    """axe's WCAG 2.1 A/AA violations inside `include` (CSS selectors; whole page if None)."""
    context: dict | str = {}
    if include:
        context["include"] = [[selector] for selector in include]
    if exclude:
        context["exclude"] = [[selector] for selector in exclude]
    results = _engine().run(page, context=context or None,
                            options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return results.response["violations"]


def describe(found: list[dict], nodes_shown: int = 3) -> list[str]:
    """One readable line per violation: impact, rule, what it means, where."""
    lines = []
    for violation in found:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        where = "; ".join(targets[:nodes_shown]) + (" …" if len(targets) > nodes_shown else "")
        lines.append(f"{violation['impact']} {violation['id']} ({len(targets)}×): "
                     f"{violation['help']} – {where}")
    return lines


def blocking(found: list[dict]) -> list[dict]:
    return [v for v in found if v["impact"] in BLOCKING]


def report(label: str, found: list[dict]) -> None:
    """Print the non-blocking violations (pytest shows them with -rA or on failure)."""
    rest = [v for v in found if v["impact"] not in BLOCKING]
    if rest:
        print(f"axe {label}: {len(rest)} moderate/minor:\n  " + "\n  ".join(describe(rest)))


def problems_in_content(page, module: str, include: list[str]) -> list[str]:
    """Blocking violations in a module's content, minus KNOWN_OPEN (for the test's assertion),
    plus a known one that is gone (remove it from the list); prints everything else."""
    found = violations(page, include=include)
    report(module, found)
    number = module[:2]
    known = [v for v in blocking(found) if (number, v["id"]) in KNOWN_OPEN]
    if known:
        print(f"axe {module}: known and still open (issue 18):\n  "
              + "\n  ".join(describe(known)))
    problems = [f"axe: {line}" for line in describe(
        [v for v in blocking(found) if v not in known])]
    gone = {rule for key, rule in KNOWN_OPEN if key == number} - {v["id"] for v in known}
    problems += [f"axe: {rule} no longer occurs in {module}: remove it from "
                 f"accessibility.KNOWN_OPEN" for rule in sorted(gone)]
    return problems


def report_lab_chrome(page, label: str) -> None:
    """JupyterLab's own UI: printed for the issue's note, never failed on."""
    found = violations(page, exclude=LAB_CONTENT)
    if found:
        print(f"axe {label} (JupyterLab's own UI, not failed on):\n  "
              + "\n  ".join(describe(found)))


# Every chart: kernel-drawn SVG (div.digileder-chart, the table inside it) or Vega-Lite drawn
# by the page's vega (the table is the next output, see charts.table_bundle). Its accessible
# name says more than the title, and "Vis som tabel" has as many rows as the chart's biggest
# mark layer has marks (its data as drawn).
_CHART_ALTERNATIVES = """scope => [...document.querySelectorAll(
    `${scope} div.digileder-chart, ${scope} .jp-RenderedVegaCommon5`)].map((chart, i) => {
    const svg = chart.querySelector('svg');
    const named = chart.querySelector('.vega-embed[aria-label]') || svg;
    const titleText = svg && svg.querySelector('.role-title-text text');
    const layers = [...chart.querySelectorAll('g.role-mark')].map(
      g => g.querySelectorAll(':scope > [role="graphics-symbol"]').length);
    const next = (chart.closest('.jp-OutputArea-child') || {}).nextElementSibling;
    const details = chart.querySelector('details.digileder-chart-table')
      || (next && next.querySelector('details.digileder-chart-table'));
    const table = details && details.querySelector('table');
    return {i, title: titleText ? titleText.textContent.trim() : '',
            role: named && named.getAttribute('role'),
            name: named && (named.getAttribute('aria-label') || ''),
            summary: details ? details.querySelector('summary').textContent : '',
            caption: table && table.caption ? table.caption.textContent : '',
            headers: table ? [...table.querySelectorAll('th')].map(th => th.scope) : [],
            rows: table ? table.tBodies[0].rows.length : 0,
            marks: Math.max(0, ...layers)};
  })"""


def problems_chart_alternatives(page, scope: str) -> tuple[int, list[str]]:
    """(number of charts, problems): text alternative and "Vis som tabel" of every chart."""
    found = page.evaluate(_CHART_ALTERNATIVES, scope)
    problems = []
    for chart in found:
        where = f"chart {chart['i']} '{chart['title']}'"
        if chart["role"] not in ("img", "graphics-document") \
                or len(chart["name"]) <= len(chart["title"]) + 20 \
                or chart["title"] not in chart["name"]:
            problems.append(f"{where}: accessible name does not say more than the title: "
                            f"{chart['name']!r}")
        if chart["summary"].strip() != "Vis som tabel" or not chart["caption"]:
            problems.append(f"{where}: no 'Vis som tabel' table with a caption")
        elif not chart["headers"] or set(chart["headers"]) - {"col", "row"}:
            problems.append(f"{where}: table headers without scope: {chart['headers']}")
        elif chart["rows"] != chart["marks"]:
            problems.append(f"{where}: table has {chart['rows']} rows, the chart draws "
                            f"{chart['marks']} marks")
    return len(found), problems
