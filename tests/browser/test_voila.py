"""Every module in Voila as a no-code app: renders, no code visible, charts drawn (each with
a text alternative and "Vis som tabel"), widgets working, no serious or critical WCAG 2.1 A/AA
violation (axe-core, see accessibility.py),
nothing fetched from the internet, no errors in the browser console.

The server runs with the flags README's `make voila` should use (browser_servers.VOILA_FLAGS).
"""

from __future__ import annotations

import time

import accessibility
import pytest
from browser_pages import interact_until_change, problems_on_page, settle_voila
from conftest import module_params
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.browser

# Voila 0.5.13 bundles JupyterLab 4.2 and logs these version notes for 4.6 labextensions;
# they are warnings about shared modules, not failures of the page.
IGNORED_CONSOLE = ("Unsatisfied version", "No satisfying version")
VOILA_DONE = """() => {
  const cells = document.querySelector('#rendered_cells');
  return !document.querySelector('#loading') && cells && getComputedStyle(cells).display !== 'none';
}"""
# The page itself, and any element of the app that has to scroll sideways (its content is
# wider than its box), e.g. a chart that does not shrink. A data table may scroll: WCAG 1.4.10
# exempts content that needs two dimensions, and a table squeezed to 640 px is unreadable.
WIDER_THAN_VIEWPORT = """() => {
  const found = [];
  const root = document.scrollingElement;
  if (root.scrollWidth > root.clientWidth + 1)
    found.push(`page ${root.scrollWidth} px in ${root.clientWidth} px`);
  for (const el of document.querySelectorAll('#rendered_cells *')) {
    const style = getComputedStyle(el);
    const table = [...el.querySelectorAll('table')].some(t => t.scrollWidth > el.clientWidth);
    if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && !table
        && ['auto', 'scroll'].includes(style.overflowX))
      found.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} `
                 + `${el.scrollWidth} px in ${el.clientWidth} px`);
  }
  return found.slice(0, 5);
}"""


def open_in_voila(page, voila, module: str, external: list[str]) -> None:
    # blob: URLs of the page's own origin are in memory (anywidget loads the course's live
    # chart module from one), not requests to the network.
    local = (voila.url, "data:", f"blob:{voila.url.rstrip('/')}/")
    page.on("request", lambda r: r.url.startswith(local) or external.append(r.url))
    # Voila streams the page while cells run: do not wait for the load event.
    page.goto(f"{voila.url}voila/render/{module}", wait_until="commit", timeout=60_000)
    try:
        # Voila removes its spinner (#loading) and shows the cells when every cell has run.
        # (Waiting for '#loading' to detach alone passes at once if the streamed page has
        # not reached the spinner yet.) No reload: a page that stops at "Executing 8 of 21"
        # is a failure (the course's kernel client fixed that hang, digileder/kernel_client.py).
        page.wait_for_function(VOILA_DONE, timeout=90_000, polling=250)
    except PlaywrightTimeout:
        spinner = page.locator("#loading").all_inner_texts()
        raise AssertionError(
            f"Voila hangs: {module} not drawn after 90 s, spinner {spinner}") from None
    page.wait_for_timeout(500)  # widget views render just after


@pytest.mark.parametrize("module", module_params())
def test_module_in_voila(module, voila, page, screenshot):
    external: list[str] = []
    try:
        open_in_voila(page, voila, module, external)
        screenshot(page, "1-top")
        problems = problems_on_page(page, "#rendered_cells")
        problems += accessibility.problems_in_content(page, module, ["#rendered_cells"])
        problems += accessibility.problems_chart_alternatives(page, "#rendered_cells")[1]
        code = page.locator("#rendered_cells .jp-CodeCell .jp-InputArea, "
                            "#rendered_cells .jp-InputArea-editor, #rendered_cells .cm-editor")
        visible_code = [code.nth(i).inner_text()[:80] for i in range(code.count())
                        if code.nth(i).is_visible()]
        problems += [f"code is visible: {text!r}" for text in visible_code]
        assert not problems, "\n".join(problems)

        changed = interact_until_change(page, "#rendered_cells", settle_voila)
        assert changed, "no button, slider or dropdown changed what the app shows"
        changed.locator.evaluate("e => e.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(300)
        screenshot(page, "2-interaction")
        problems = problems_on_page(page, "#rendered_cells")
        problems += accessibility.problems_chart_alternatives(page, "#rendered_cells")[1]
        assert not problems, f"after {changed.label}:\n" + "\n".join(problems)
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_timeout(300)
        screenshot(page, "3-bottom")

        # WCAG 1.4.10: at 200 % zoom (1280 px shown as 640 CSS px) nothing scrolls sideways.
        page.set_viewport_size({"width": 640, "height": 450})
        page.wait_for_timeout(500)
        screenshot(page, "4-zoom-200")
        wide = page.evaluate(WIDER_THAN_VIEWPORT)
        assert not wide, f"at 200 % zoom these need horizontal scrolling: {wide}"

        # Offline first: a locked-down municipal network has no CDN.
        assert not external, f"the app fetched from the internet: {sorted(set(external))}"
        errors = [e for e in page.console.errors
                  if not any(text in e for text in IGNORED_CONSOLE)]
        assert not errors, "browser console errors:\n" + "\n".join(errors)
    except Exception:
        screenshot(page, "failed")
        print(f"--- voila.log (last lines) ---\n{voila.log_tail(80)}")  # shown on failure
        raise
    finally:
        # Voila has no sessions API (voila.shutdown_kernels() finds nothing). Its page asks
        # to stop the kernel on 'beforeunload', as when a participant closes the tab; Voila
        # refuses that without an _xsrf cookie (voila#1458), so the course's config culls
        # kernels no page is connected to (labconfig.VOILA_CONFIG).
        page.close(run_before_unload=True)
        time.sleep(0.5)  # the shutdown request leaves asynchronously
