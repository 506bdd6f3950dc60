"""run_all_in_lab waits for Run All itself, not for any busy/idle of the kernel.

A small page in chromium plays JupyterLab's part (no server, a stand-in for Lab's cell
models): its kernel indicator goes busy and idle once on its own right after the click, as a
fresh kernel does under load, and only later do the cells run. The old wait (kernel busy,
then idle) returned on that first idle, before any cell had run: the Lab test then saw
"execution counts [None, ...]".
"""

from __future__ import annotations

import pytest
from browser_pages import code_cell_counts, run_all_in_lab

pytestmark = pytest.mark.browser

# fail_at: the code cell (1-based) that raises; the cells after it are not run (no count).
FAKE_LAB = """<!doctype html><html><body>
<div id="jp-MainMenu"><div class="lm-MenuBar-itemLabel">Kør</div></div>
<div class="lm-Menu-item" data-command="runmenu:run-all" style="display:none">Kør alle celler</div>
<div class="jp-NotebookPanel">
  <div class="jp-Notebook-ExecutionIndicator" data-status="idle"></div>
  <div class="jp-Notebook"></div>
</div>
<script>
  const failAt = %(fail_at)d;
  // saved: the notebook was saved with counts 1, 2, 3 (Run All gives the same ones again).
  const saved = %(saved)d;
  // Lab's cell models tell their listeners when the count or state changes, not otherwise.
  const models = ['code', 'markdown', 'code', 'code'].map((type, i) => {
    const listeners = [];
    return {type, executionCount: saved && type === 'code' ? [1, 0, 2, 3][i] : null,
            executionState: 'idle', stateChanged: {connect: f => listeners.push(f)},
            listeners};
  });
  const set = (m, name, value) => {
    const oldValue = m[name];
    m[name] = value;
    if (oldValue !== value) m.listeners.forEach(f => f(m, {name, oldValue, newValue: value}));
  };
  const code = models.filter(m => m.type === 'code');
  const widgets = models.map(model => ({model}));
  // kernel_after: ms before the session has its kernel; until then Lab drops a Run All.
  const session = {kernel: null};
  setTimeout(() => session.kernel = {status: 'idle', connectionStatus: 'connected'},
             %(kernel_after)d);
  window.jupyterapp = {shell: {currentWidget: {content: {widgets}, sessionContext: {session}}}};
  const item = document.querySelector('.lm-Menu-item');
  const status = s => document.querySelector('.jp-Notebook-ExecutionIndicator').dataset.status = s;
  const later = (ms, f) => setTimeout(f, ms);
  document.querySelector('.lm-MenuBar-itemLabel').onclick = () => item.style.display = '';
  // drop: how many clicks with a settled kernel Lab ignores (seen once under heavy load).
  let drop = %(drop)d;
  item.onclick = () => {
    item.style.display = 'none';
    if (!session.kernel) return;
    if (drop > 0) { drop -= 1; return; }
    status('busy'); later(100, () => status('idle'));       // the kernel's own start-up
    later(600, () => { status('busy'); code.forEach(m => set(m, 'executionState', 'running')); });
    code.forEach((m, i) => later(900 + 300 * i, () => {
      set(m, 'executionState', 'idle');
      set(m, 'executionCount', failAt && i + 1 > failAt ? null : i + 1);
    }));
    later(900 + 300 * code.length, () => status('idle'));
  };
</script></body></html>"""


def test_run_all_waits_past_the_kernels_own_busy_and_idle(page):
    page.set_content(FAKE_LAB % {"fail_at": 0, "kernel_after": 0, "drop": 0, "saved": 0})
    run_all_in_lab(page, timeout=10_000)
    assert code_cell_counts(page) == [1, 2, 3]


def test_run_all_returns_when_a_cell_fails_and_the_rest_are_not_run(page):
    page.set_content(FAKE_LAB % {"fail_at": 2, "kernel_after": 0, "drop": 0, "saved": 0})
    run_all_in_lab(page, timeout=10_000)
    assert code_cell_counts(page) == [1, 2, None]


def test_a_lab_without_the_app_object_is_a_clear_error(page):
    page.set_content("<html><body><div id='jp-MainMenu'></div></body></html>")
    with pytest.raises(RuntimeError, match="expose_app_in_browser"):
        run_all_in_lab(page, timeout=1_000)


def test_run_all_waits_until_the_session_has_its_kernel(page):
    """Lab ignores Run All while the session has no kernel (seen once under load: nothing
    ran, and the old wait returned on the kernel's own idle)."""
    page.set_content(FAKE_LAB % {"fail_at": 0, "kernel_after": 1500, "drop": 0, "saved": 0})
    run_all_in_lab(page, timeout=10_000)
    assert code_cell_counts(page) == [1, 2, 3]


def test_run_all_is_seen_when_it_gives_the_counts_the_notebook_was_saved_with(page):
    """Another test saved the module with counts 1, 2, 3 and Run All in a fresh kernel gives
    the same: the wait timed out, "before [1, 2, 3, 4], now ['1/idle', ...]" (two test
    processes run the files in another order than one)."""
    page.set_content(FAKE_LAB % {"fail_at": 0, "kernel_after": 0, "drop": 0, "saved": 1})
    assert code_cell_counts(page) == [1, 2, 3]
    run_all_in_lab(page, timeout=10_000, started_within=5_000)
    assert page.evaluate("window.__digilederRuns") > 0


def test_run_all_is_chosen_again_when_lab_dropped_it(page):
    """A fresh clone under double load: Lab ignored Run All with a settled kernel, and the
    test failed with the counts unchanged ("before [1, 2, 3, 4], now ['1/idle', ...]")."""
    page.set_content(FAKE_LAB % {"fail_at": 0, "kernel_after": 0, "drop": 1, "saved": 0})
    run_all_in_lab(page, timeout=10_000, started_within=2_000)
    assert code_cell_counts(page) == [1, 2, 3]


def test_run_all_is_not_chosen_a_third_time(page):
    """Twice dropped is a real fault, not load: the wait fails with the cells' state."""
    page.set_content(FAKE_LAB % {"fail_at": 0, "kernel_after": 0, "drop": 2, "saved": 0})
    with pytest.raises(AssertionError, match="Run All did not finish"):
        run_all_in_lab(page, timeout=3_000, started_within=1_000)
