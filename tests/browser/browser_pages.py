"""What a participant sees: helpers that drive a module in JupyterLab or Voila and list problems.

Every `problems_*` function returns a list of Danish-free developer messages (empty = fine), so
a test can report all problems of a module at once. Shared by the tests and the benchmark.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

# The visible notebook in JupyterLab (hidden tabs keep their DOM).
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
INDICATOR = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator"
KERNEL_IDLE = f"{INDICATOR}[data-status='idle']"
STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
WIDGET_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.widget-view+json"]'
ERROR_TEXTS = ("Error displaying widget", "Error loading script", "Traceback (most recent call",
               "There was an error when executing")
# First line of a Python error as the kernel prints it: "ValueError: ...", "KeyError ...".
ENAME = re.compile(r"^\s*\w*(Error|Exception)\b", re.MULTILINE)
PROBE = "data-digileder-probe"


def notebook_code_cells(path: Path) -> list[dict]:
    return [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
            if c["cell_type"] == "code"]


# ---------------------------------------------------------------- JupyterLab
def write_notebook(path: Path, sources: tuple[str, ...] | list[str]) -> None:
    """A notebook of code cells with the course's Python kernel named, so Lab opens it
    without asking which kernel to use."""
    cells = [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
              "source": source} for source in sources]
    notebook = {"cells": cells, "metadata": {"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(notebook), encoding="utf-8")


def open_in_lab(page, server, relpath: str, workspace: str, timeout: float = 90_000) -> None:
    """Open a notebook in a fresh workspace (no other tabs restored) and wait for the kernel."""
    page.goto(f"{server.url}lab/workspaces/{workspace}/tree/{relpath}?reset&token={server.token}")
    page.wait_for_selector(KERNEL_IDLE, timeout=timeout)
    accept_kernel_dialog(page)
    page.wait_for_selector(KERNEL_IDLE, timeout=timeout)


def accept_kernel_dialog(page, wait_ms: int = 1000) -> bool:
    """Accept a 'Vælg kerne' dialog (the notebook's own kernel is preselected).

    Lab shows it when its list of kernels arrives after the notebook opened, which happens on
    a busy 2-core machine; it is not a fault of the module."""
    dialog = page.locator(".jp-Dialog").filter(has=page.locator("select"))
    try:
        dialog.wait_for(timeout=wait_ms)
    except Exception:
        return False
    dialog.locator(".jp-Dialog-button.jp-mod-accept").click()
    dialog.wait_for(state="detached")
    return True


def menu(page, names: str):
    """A top-level menu by its Danish or English label, e.g. '^(Kør|Run)$'."""
    return page.locator("#jp-MainMenu .lm-MenuBar-itemLabel").filter(
        has_text=re.compile(names))


def watch_kernel(page) -> None:
    """Start noting whether the kernel goes busy (call before the action). Observes the whole
    document: Lab may re-create the indicator element when the status changes."""
    page.evaluate(
        """sel => { window.__digilederBusy = false;
             if (window.__digilederObs) window.__digilederObs.disconnect();
             const check = records => {
               for (const r of records || [])
                 if (r.attributeName === 'data-status' && r.oldValue === 'busy')
                   window.__digilederBusy = true;
               const el = document.querySelector(sel);
               if (el && el.dataset.status === 'busy') window.__digilederBusy = true; };
             window.__digilederObs = new MutationObserver(check);
             window.__digilederObs.observe(document.body, {subtree: true, childList: true,
               attributes: true, attributeOldValue: true, attributeFilter: ['data-status']}); }""",
        INDICATOR,
    )


def wait_kernel_done(page, timeout: float = 180_000) -> None:
    """Wait until the kernel has been busy since watch_kernel() and is idle again."""
    page.wait_for_function(
        """sel => window.__digilederBusy &&
             document.querySelector(sel).dataset.status === 'idle'""",
        arg=INDICATOR, timeout=timeout,
    )


# The visible notebook's code cells as Lab's own model sees them (the page shows no prompt
# for a cell whose code is hidden). Needs window.jupyterapp: lab_server() exposes it.
CODE_CELLS = """() => { const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const cells = panel && panel.content && panel.content.widgets;
  return cells ? cells.filter(c => c.model.type === 'code').map(c => c.model) : null; }"""


def code_cell_counts(page) -> list[int | None]:
    """Execution counts of the visible notebook's code cells (None = not run)."""
    counts = page.evaluate(f"() => ({CODE_CELLS})()?.map(m => m.executionCount) ?? null")
    if counts is None:
        raise RuntimeError("window.jupyterapp is missing: start JupyterLab with "
                           "--LabApp.expose_app_in_browser=True (lab_server() does)")
    return counts


# The visible notebook's kernel has been connected and idle for half a second. Lab drops a
# Run All silently (the cells are not run, nothing says so) while its session has no kernel,
# which happens for a moment after the first idle while a fresh kernel settles under load.
KERNEL_SETTLED = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = panel && panel.sessionContext && panel.sessionContext.session
    && panel.sessionContext.session.kernel;
  const ready = kernel && kernel.status === 'idle' && kernel.connectionStatus === 'connected';
  if (!ready) { window.__digilederReadySince = null; return false; }
  window.__digilederReadySince = window.__digilederReadySince || Date.now();
  return Date.now() - window.__digilederReadySince >= 500; }"""


# Counts every change of a code cell's execution count or state from now on (Lab's cell
# models say so by stateChanged). A module saved with counts 1, 2, 3 ... by another test gets
# the same counts again from Run All in a fresh kernel, so comparing counts cannot see that
# it ran; the changes (running, the count cleared and set) can.
WATCH_RUNS = f"""() => {{ window.__digilederRuns = 0;
  for (const model of ({CODE_CELLS})() || []) {{
    if (!model.stateChanged || model.__digilederWatched) continue;
    model.__digilederWatched = true;
    model.stateChanged.connect((_, change) => {{
      if (change.name === 'executionCount' || change.name === 'executionState')
        window.__digilederRuns += 1; }});
  }} }}"""


def run_all_in_lab(page, timeout: float = 180_000, started_within: float = 20_000) -> None:
    """Kør > Kør alle celler, then wait until Run All itself has finished.

    The kernel's busy/idle alone is not enough: a fresh kernel goes busy and idle on its own
    (start-up, the widget manager's requests), and a wait for that returned before the cells
    ran ("execution counts [None, ...]" under load). Only Run All changes the code cells:
    every cell is queued (running) and then gets a new count, or none again when an earlier
    cell failed. If no cell has started within `started_within` ms (Lab drops a Run All while
    its session has no kernel), the menu is used once more."""
    before = code_cell_counts(page)
    page.wait_for_function(KERNEL_SETTLED, timeout=60_000, polling=100)
    page.evaluate(WATCH_RUNS)
    _choose_run_all(page)
    if not before:
        return
    try:
        page.wait_for_function("() => window.__digilederRuns > 0", timeout=started_within,
                               polling=100)
    except PlaywrightTimeout:
        _choose_run_all(page)
    try:
        page.wait_for_function(
            f"""([indicator, before]) => {{
                 const cells = ({CODE_CELLS})();
                 const kernel = document.querySelector(indicator);
                 return cells && cells.length === before.length
                   && window.__digilederRuns > 0
                   && !cells.some(m => m.executionState === 'running')
                   && kernel && kernel.dataset.status === 'idle';
               }}""",
            arg=[INDICATOR, before], timeout=timeout,
        )
    except Exception as error:
        state = page.evaluate(f"""(indicator) => [({CODE_CELLS})()?.map(
            m => `${{m.executionCount}}/${{m.executionState}}`),
            document.querySelector(indicator)?.dataset.status]""", INDICATOR)
        raise AssertionError(f"Run All did not finish: cells (count/state) before {before}, "
                             f"now {state[0]}, kernel {state[1]}") from error


def _choose_run_all(page) -> None:
    menu(page, r"^(Kør|Run)$").first.click()
    item = page.locator(".lm-Menu-item[data-command='runmenu:run-all']")
    item.click()
    item.wait_for(state="hidden")  # the menu closed: the command ran


def settle_lab(page, scope: str) -> None:
    """After an interaction in Lab: the kernel finished its reply, and the page is drawn."""
    try:
        wait_kernel_done(page, timeout=30_000)
    except Exception:  # a purely front-end change never makes the kernel busy
        pass
    wait_quiet(page, scope, quiet_ms=500)


def settle_voila(page, scope: str) -> None:
    """Voila shows no kernel status: wait until nothing has changed for 3 s (the first chart
    in a fresh kernel takes seconds, see tools/bench_browser.py)."""
    wait_quiet(page, scope, quiet_ms=3000)


def save_in_lab(page) -> None:
    """Fil > Gem notesbog, then wait until the tab is no longer marked unsaved."""
    menu(page, r"^(Fil|File)$").first.click()
    page.locator(".lm-Menu-item[data-command='docmanager:save']").click()
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden)", state="attached")
    page.wait_for_function(
        """() => !document.querySelector('.lm-TabBar-tab.lm-mod-current.jp-mod-dirty')""",
        timeout=20_000,
    )


def dialog_text(page) -> str:
    """The text of an open JupyterLab dialog (kernel died, file changed, ...), or ''."""
    dialogs = page.locator(".jp-Dialog")
    return " | ".join(dialogs.all_inner_texts()) if dialogs.count() else ""


def wait_saved_with_counts(path: Path, timeout: float = 20) -> list[int | None]:
    """Execution counts of every code cell in the saved file, once all are set (or timeout)."""
    deadline = time.monotonic() + timeout
    counts: list[int | None] = []
    while time.monotonic() < deadline:
        try:
            counts = [c.get("execution_count") for c in notebook_code_cells(path)]
        except (json.JSONDecodeError, OSError):
            counts = []
        if counts and all(isinstance(n, int) for n in counts):
            return counts
        time.sleep(0.25)
    return counts


def scroll_notebook(page, where: str) -> None:
    """Scroll the notebook to 'top' or 'bottom' (Lab scrolls an inner panel, not the page)."""
    page.evaluate(
        """([sel, where]) => { const cells = document.querySelectorAll(sel);
             if (!cells.length) return;
             const cell = where === 'top' ? cells[0] : cells[cells.length - 1];
             cell.scrollIntoView({block: where === 'top' ? 'start' : 'end'}); }""",
        [f"{NOTEBOOK} .jp-Cell", where],
    )
    page.wait_for_timeout(500)  # cells off screen are drawn lazily (content-visibility)


def problems_hidden_code(page, code_cells: list[dict]) -> list[str]:
    """Cells marked source_hidden must not show their editor."""
    dom_cells = page.locator(f"{NOTEBOOK} .jp-CodeCell")
    if dom_cells.count() != len(code_cells):
        return [f"notebook has {len(code_cells)} code cells, page shows {dom_cells.count()}"]
    problems = []
    for index, cell in enumerate(code_cells):
        if not cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"):
            continue
        editors = dom_cells.nth(index).locator(".jp-InputArea-editor")
        if any(editors.nth(i).is_visible() for i in range(editors.count())):
            first = "".join(cell["source"]).splitlines()[:1]
            problems.append(f"hidden code cell {index} shows its code: {first}")
        # The collapsed placeholder would show the first line of code; the course's
        # custom.css (digileder.labconfig) shrinks it to nothing and shows a Danish label.
        for size in dom_cells.nth(index).locator(".jp-PlaceholderText").evaluate_all(
                "els => els.map(e => getComputedStyle(e).fontSize)"):
            if size != "0px":
                problems.append(f"hidden code cell {index} shows its first line in the "
                                f"placeholder (font-size {size}): is custom.css loaded?")
    return problems


# ---------------------------------------------------------------- both Lab and Voila
def problems_on_page(page, scope: str = "body") -> list[str]:
    """Error outputs, error texts, undrawn charts and unrendered widgets inside `scope`."""
    problems = []
    for text in page.locator(f"{scope} {STDERR}").all_inner_texts():
        if "Traceback" in text or ENAME.search(text):
            problems.append(f"error output: {text.strip()[:400]}")
        else:
            problems.append(f"stderr output (warning?) shown to the participant: {text[:300]}")
    body = page.locator(scope).first.inner_text()
    problems += [f"page shows '{t}'" for t in ERROR_TEXTS if t in body]
    problems += problems_charts(page, scope)
    problems += problems_widgets(page, scope)
    return problems


# Kernel-drawn SVG charts, and Vega-Lite outputs that Lab's and Voila's own vega draws.
CHARTS = "div.digileder-chart, .jp-RenderedVegaCommon5"


def problems_charts(page, scope: str = "body") -> list[str]:
    problems = []
    charts = page.locator(", ".join(f"{scope} {kind}" for kind in CHARTS.split(", ")))
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        svg = chart.locator("svg").first
        if "digileder-live-chart" in (chart.get_attribute("class") or ""):
            # A live chart (ui/live_chart.py) embeds vega after its view is attached.
            with contextlib.suppress(PlaywrightTimeout):
                svg.wait_for(state="attached", timeout=10_000)
        if chart.locator("svg").count() == 0:
            problems.append(f"chart {i} has no <svg>")
            continue
        box = svg.bounding_box()
        if not box or box["width"] < 10 or box["height"] < 10:
            problems.append(f"chart {i} is not drawn (size {box})")
        elif not (svg.get_attribute("aria-label")  # vega-embed labels its container
                  or chart.locator(".vega-embed[role='graphics-document'][aria-label]").count()):
            problems.append(f"chart {i} has no text for screen readers (aria-label)")
    return problems


def problems_widgets(page, scope: str = "body") -> list[str]:
    """Every widget output must contain a visible, non-empty widget view."""
    problems = []
    outputs = page.locator(f"{scope} {WIDGET_OUTPUT}")
    for i in range(outputs.count()):
        output = outputs.nth(i)
        output.scroll_into_view_if_needed()
        views = output.locator(".jupyter-widgets")
        box = views.first.bounding_box() if views.count() else None
        if not box or box["width"] < 1 or box["height"] < 1:
            problems.append(f"widget output {i} is not rendered: {output.inner_text()[:200]!r}")
    return problems


def outputs_html(page, scope: str) -> str:
    """The HTML of what the page shows, minus the widget being manipulated (its own readout
    changes trivially; we want the change it causes elsewhere)."""
    return page.evaluate(
        """([scope, probe]) => { const root = document.querySelector(scope);
             if (!root) return '';
             const copy = root.cloneNode(true);
             copy.querySelectorAll('[' + probe + ']').forEach(e => e.remove());
             return copy.innerHTML.replace(/ (class|style|tabindex)="[^"]*"/g, ''); }""",
        [scope, PROBE],
    )


@dataclass
class Interaction:
    kind: str  # button, toggle, slider, number, dropdown, radio, checkbox, text
    label: str
    locator: object  # the element the participant touches

    def perform(self, page, step: int = 0) -> None:
        """Change the component once; `step` alternates direction so values stay in range."""
        if self.kind in ("button", "toggle"):
            self.locator.click()
        elif self.kind == "slider":
            self.locator.focus()
            page.keyboard.press("ArrowRight" if step % 2 == 0 else "ArrowLeft")
        elif self.kind == "number":  # one step up or down, then Enter sends it
            self.locator.focus()
            page.keyboard.press("ArrowUp" if step % 2 == 0 else "ArrowDown")
            page.keyboard.press("Enter")
        elif self.kind == "dropdown":
            values = self.locator.locator("option").evaluate_all("os => os.map(o => o.value)")
            current = self.locator.input_value()
            others = [v for v in values if v != current]
            self.locator.select_option(others[step % len(others)])
        elif self.kind in ("radio", "checkbox"):
            self.locator.click()
        elif self.kind == "text":
            self.locator.fill(["g", "ge", "gev"][step % 3])


# Probe element = the smallest widget view containing the control.
_CANDIDATES = [
    # :visible: the locator is looked up again at each click, so the n-th button must be one
    # on show. A scenario player's buttons come and go with its steps: see _scenario_players.
    ("button", "button.widget-button:not([disabled]):visible", "button"),
    ("toggle", ".widget-toggle-buttons button:not(.mod-active):not([disabled])",
     ".widget-toggle-buttons"),
    ("slider", ".widget-slider .noUi-handle", ".widget-slider"),
    ("dropdown", ".widget-dropdown select:not([disabled])", ".widget-dropdown"),
    ("radio", ".widget-radio-box input:not(:checked):not([disabled])", ".widget-radio"),
    ("checkbox", ".widget-checkbox input:not([disabled])", ".widget-checkbox"),
    ("number", ".widget-text input[type=number]:not([disabled])", ".widget-text"),
    ("text", ".widget-text input:not([disabled]):not([type=number])", ".widget-text"),
]


def _scenario_players(page, scope: str) -> list[Interaction]:
    """One component per scenario player: its first choice, or "Start forfra" at an ending
    (the page makes new buttons at each step, so the n-th button on the page is a choice in
    one step and another activity's button in the next)."""
    players = page.locator(f"{scope} .digileder-scenario")
    return [Interaction("button", f"button 'Scenariets første valg' #{i}", players.nth(i).locator(
                "button.digileder-choice:visible, button.digileder-restart.mod-primary").first)
            for i in range(players.count())]


def interactions(page, scope: str) -> list[Interaction]:
    """Every interactive component inside scope, in a fixed order (scenario players, then
    buttons)."""
    found = _scenario_players(page, scope)
    for kind, selector, probe in _CANDIDATES:
        items = page.locator(f"{scope} {selector}")
        for i in range(items.count()):
            item = items.nth(i)
            if not item.is_visible() and kind not in ("radio", "checkbox"):
                continue
            if item.evaluate("e => !!e.closest('.digileder-scenario')"):
                continue
            label = (item.get_attribute("title") or item.inner_text() or "").strip()
            if not label and kind != "button":
                holder = item.locator(f"xpath=ancestor-or-self::*[contains(@class, "
                                      f"'{probe.strip('.').split()[0]}')][1]")
                label = (holder.locator(".widget-label").first.text_content()
                         if holder.locator(".widget-label").count() else "")
            found.append(Interaction(kind, f"{kind} '{label.strip()}' #{i}", item))
    return found


def mark_probe(interaction: Interaction) -> None:
    """Mark the widget view around the control so outputs_html ignores it."""
    # A button is its own view (ipywidgets) or the page's own control inside a larger view
    # (the scenario player): the button, not that view, is the probe.
    interaction.locator.evaluate(
        """(el, probe) => {
             const v = el.closest('.widget-button, .jupyter-widgets:not(.widget-box)') || el;
             v.setAttribute(probe, '1'); }""", PROBE)


def clear_probe(page) -> None:
    page.evaluate("probe => document.querySelectorAll('[' + probe + ']')"
                  ".forEach(e => e.removeAttribute(probe))", PROBE)


def wait_quiet(page, scope: str, quiet_ms: int = 1000, timeout_ms: int = 20_000) -> None:
    """Wait until what the page shows has not changed for quiet_ms (the kernel's reply, e.g.
    a chart rendered after a text, may come in several messages)."""
    last, last_change = outputs_html(page, scope), time.monotonic()
    deadline = last_change + timeout_ms / 1000
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)
        now = outputs_html(page, scope)
        if now != last:
            last, last_change = now, time.monotonic()
        elif time.monotonic() - last_change >= quiet_ms / 1000:
            return


def interact_until_change(page, scope: str, settle, timeout_ms: int = 10_000
                          ) -> Interaction | None:
    """Try the components in order; return the first whose change alters what the page shows
    outside the component itself (the kernel answered), or None. settle(page, scope) waits
    for the whole reply."""
    lab = scope == NOTEBOOK
    for interaction in interactions(page, scope):
        mark_probe(interaction)
        before = outputs_html(page, scope)
        if lab:
            watch_kernel(page)
        interaction.perform(page)
        deadline = time.monotonic() + timeout_ms / 1000
        while time.monotonic() < deadline:
            page.wait_for_timeout(100)
            if outputs_html(page, scope) != before:
                settle(page, scope)
                clear_probe(page)
                return interaction
        clear_probe(page)
    return None
