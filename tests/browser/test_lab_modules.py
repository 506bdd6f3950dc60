"""Every module in JupyterLab, as a leader sees it in a real browser (Debian's chromium).

Per module: Run All finishes, no error is shown, every chart is drawn, every widget renders,
the notebook's content has no serious or critical WCAG 2.1 A/AA violation (axe-core; Lab's own
UI is only reported, with module 00), the course's widgets show a visible focus ring when
reached with Tab, one interaction changes what the page shows, hidden code stays hidden.
Screenshots of the top, after the interaction and the bottom go to test-output/screenshots/.
"""

from __future__ import annotations

import accessibility
import keyboard
import pytest
from browser_pages import (
    NOTEBOOK,
    dialog_text,
    interact_until_change,
    menu,
    notebook_code_cells,
    open_in_lab,
    problems_hidden_code,
    problems_on_page,
    run_all_in_lab,
    save_in_lab,
    scroll_notebook,
    settle_lab,
    wait_saved_with_counts,
)
from conftest import module_params

pytestmark = pytest.mark.browser

START = "00-kom-godt-i-gang.ipynb"


def test_lab_uses_course_settings(lab, page, screenshot):
    """The course env's Lab settings take effect: Danish menus, no news toast, no teacher
    tools for participants."""
    translations = []
    page.on("request", lambda r: "/lab/api/translations/" in r.url and translations.append(r.url))
    open_in_lab(page, lab, f"modules/{START}", "settings")
    assert any("/translations/da_DK" in url for url in translations), (
        "JupyterLab loaded no Danish translations (overrides.json locale da_DK not applied)"
    )
    labels = page.locator("#jp-MainMenu .lm-MenuBar-itemLabel").all_inner_texts()
    assert {"Fil", "Kør", "Kerne", "Hjælp"} <= set(labels), f"menu bar is not Danish: {labels}"
    # Module 00 tells the participant: menu Kør, then Kør alle celler.
    menu(page, r"^Kør$").first.click()
    run_all = page.locator(".lm-Menu-item[data-command='runmenu:run-all']")
    assert run_all.inner_text().strip() == "Kør alle celler"
    page.keyboard.press("Escape")
    page.wait_for_timeout(1500)  # the news question would pop up as a toast by now
    toasts = page.locator(".Toastify__toast").all_inner_texts()
    assert not toasts, f"toast covers the page: {toasts}"
    assert page.get_by_text("Create Assignment").count() == 0, "teacher sidebar is shown"
    screenshot(page, "start")
    lab.shutdown_kernels()

SCENARIO_LIVE_REGIONS = """() => [
  ...document.querySelectorAll('.digileder-scenario .digileder-live')]
  .map(e => [e.getAttribute('role'), e.getAttribute('aria-live')])"""


@pytest.mark.parametrize("module", module_params())
def test_module_in_lab(module, lab, course_copy, page, screenshot):
    path = course_copy / "modules" / module
    code_cells = notebook_code_cells(path)
    lab.shutdown_kernels()  # one kernel at a time on a 2-core machine
    try:
        open_in_lab(page, lab, f"modules/{module}", workspace=path.stem[:2] + "-lab")
        run_all_in_lab(page)
        save_in_lab(page)
        counts = wait_saved_with_counts(path)
        scroll_notebook(page, "top")
        screenshot(page, "1-top")
        problems = problems_on_page(page, NOTEBOOK)
        problems += problems_hidden_code(page, code_cells)
        problems += accessibility.problems_in_content(page, module, accessibility.LAB_CONTENT)
        problems += keyboard.widget_focus_problems(page, NOTEBOOK)
        if module == START:  # Lab's own UI is the same for every module; only reported
            accessibility.report_lab_chrome(page, module)
        # A scenario player's consequence and ending are polite live regions in Lab too
        # (the player sets them itself; Lab has no course template).
        regions = page.evaluate(SCENARIO_LIVE_REGIONS)
        if len(regions) != 2 * page.locator(".digileder-scenario").count() or any(
                region != ["status", "polite"] for region in regions):
            problems.append(f"scenario player without its two live regions: {regions}")
        if not (counts and all(isinstance(n, int) for n in counts)):
            problems.insert(0, f"Run All did not run every code cell: execution counts {counts}")
        assert not problems, "\n".join(problems)

        changed = interact_until_change(page, NOTEBOOK, settle_lab)
        assert changed, "no button, slider or dropdown changed what the page shows"
        # Put the component at the top, so the picture shows what it changed below it.
        changed.locator.evaluate("e => e.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(300)
        screenshot(page, "2-interaction")
        # The interaction may draw new charts and widgets: check them as well.
        problems = problems_on_page(page, NOTEBOOK)
        assert not problems, f"after {changed.label}:\n" + "\n".join(problems)

        scroll_notebook(page, "bottom")
        screenshot(page, "3-bottom")
    except Exception as error:
        screenshot(page, "failed")
        dialog = dialog_text(page)
        if dialog:
            raise AssertionError(f"JupyterLab shows a dialog: {dialog}") from error
        raise
    finally:
        lab.shutdown_kernels()
