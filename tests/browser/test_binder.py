"""Binder as repo2docker would build it (repo2docker itself cannot run here).

The same steps: install binder/environment.yml's packages into a fresh environment (pip, as
conda is absent), copy the repository, run binder/postBuild in it as an ordinary user, start
JupyterLab and open the path from README's "Åbn kurset i browseren" link. Module 00 must open
in Danish with its charts drawn; README's "Åbn som app" path must render module 00 in Voila.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from browser_pages import (
    KERNEL_IDLE,
    NOTEBOOK,
    accept_kernel_dialog,
    problems_on_page,
    run_all_in_lab,
)

from tests.conftest import ROOT
from tests.fresh_venv import SOURCE, copy_source
from tests.serving import fetch, port_and_token, serving

pytestmark = pytest.mark.browser


def _scroll_until_shown(page, locator, rounds: int = 3) -> None:
    """Lab renders only the cells near the view: scroll down (then up) until LOCATOR is there."""
    for round_ in range(rounds * 2):
        for _ in range(25):
            if locator.count():
                locator.first.scroll_into_view_if_needed()
                return
            page.locator(NOTEBOOK).hover()
            page.mouse.wheel(0, -500 if round_ % 2 else 500)
            page.wait_for_timeout(400)
    raise AssertionError(f"not shown after scrolling the notebook: {locator}")


def binder_links() -> dict[str, str]:
    """README's Binder links by their text, as the urlpath Binder opens."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = dict(re.findall(r"\[([^\]]+)\]\((https://mybinder\.org/[^)]+)\)", readme))
    return {text: parse_qs(urlparse(url).query)["urlpath"][0] for text, url in links.items()}


@pytest.fixture(scope="module")
def binder_repo(fresh_venv):
    repo = fresh_venv.give(copy_source(ROOT, fresh_venv.home / "repo", (*SOURCE, "binder")))
    fresh_venv.run(["bash", "binder/postBuild"], cwd=repo)
    return repo


def test_binder_opens_module_00_in_danish_with_charts(fresh_venv, binder_repo, page,
                                                     screenshot):
    links = binder_links()
    lab_path = links["Åbn kurset i browseren"]
    app_path = links["Åbn som app"]
    assert lab_path == "lab/tree/modules/00-kom-godt-i-gang.ipynb"
    port, token = port_and_token()
    url = f"http://127.0.0.1:{port}/"
    cmd = [str(fresh_venv.bin / "jupyter"), "lab", "--no-browser", f"--ServerApp.port={port}",
           "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
           "--ServerApp.ip=127.0.0.1", "--LabApp.expose_app_in_browser=True"]
    with serving(cmd, f"{url}api/status?token={token}", binder_repo, fresh_venv.env(),
                 fresh_venv.home / "binder-lab.log", user=fresh_venv.owner):
        page.goto(f"{url}{lab_path}?reset&token={token}")
        page.wait_for_selector(KERNEL_IDLE, timeout=120_000)
        accept_kernel_dialog(page)
        labels = page.locator("#jp-MainMenu .lm-MenuBar-itemLabel").all_inner_texts()
        assert {"Fil", "Kør", "Hjælp"} <= set(labels), f"menu bar is not Danish: {labels}"
        run_all_in_lab(page)
        # Module 00's chart is drawn when the learner reveals the answer to the warm-up.
        reveal = page.locator(f"{NOTEBOOK} button", has_text="Se svaret")
        _scroll_until_shown(page, reveal)
        reveal.click()
        charts = page.locator(f"{NOTEBOOK} .jp-RenderedVegaCommon5 svg")  # drawn by Lab
        charts.first.wait_for(timeout=60_000)
        charts.first.scroll_into_view_if_needed()
        box = charts.first.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 50, f"chart not drawn: {box}"
        screenshot(page, "lab")
        problems = problems_on_page(page, NOTEBOOK)
        assert not problems, "\n".join(problems)

        status, body = fetch(f"{url}{app_path}?token={token}", timeout=180)
        assert status == 200 and "Kom godt i gang" in body, body[-2000:]
