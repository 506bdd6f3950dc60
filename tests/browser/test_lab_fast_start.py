"""Issue 18: the plugins the course turns off for a faster Lab start (labconfig.SPEED_PLUGINS)
are off in a real Lab, nothing else fails to load because of it, and what participants and
teachers use is still there (Danish menus, terminal, table of contents, Run All)."""

from __future__ import annotations

import pytest
from browser_pages import menu, open_in_lab, run_all_in_lab

pytestmark = pytest.mark.browser

MODULE = "modules/06-opgoer-med-noerderiet.ipynb"
HAS = "id => window.jupyterapp.commands.hasCommand(id)"
ACTIVE = "id => window.jupyterapp.isPluginActivated(id)"


def test_lab_starts_without_the_unused_plugins_and_keeps_what_the_course_uses(lab, page,
                                                                             screenshot):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    open_in_lab(page, lab, MODULE, "fast-start")
    assert not [url for url in requests if "/lsp/" in url], "the language-server plugin ran"
    for plugin in ("@jupyterlab/debugger-extension:main",
                   "@jupyterlab/lsp-extension:plugin",
                   "@jupyterlab/extensionmanager-extension:plugin",
                   "@jupyterlab/pluginmanager-extension:plugin"):
        assert page.evaluate(ACTIVE, plugin) is False, plugin
    for command in ("terminal:create-new", "toc:show-panel", "runmenu:run-all",
                    "notebook:restart-kernel"):
        assert page.evaluate(HAS, command), command
    labels = page.locator("#jp-MainMenu .lm-MenuBar-itemLabel").all_inner_texts()
    assert {"Fil", "Kør", "Kerne", "Hjælp"} <= set(labels), f"menu bar is not Danish: {labels}"
    run_all_in_lab(page)
    failed = [e for e in page.console.errors if "activat" in e or "No provider" in e]
    assert not failed, f"plugins failed to load: {failed}"
    menu(page, r"^Fil$").first.click()
    screenshot(page, "file-menu")
    page.keyboard.press("Escape")
    lab.shutdown_kernels()
