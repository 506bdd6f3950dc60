"""What a box says once its kernel is gone depends on where it is shown: Lab has menus to
restart and run cells, Voilà has none (reload the page there). Issue 15."""

from __future__ import annotations

import re

from digileder import reflection
from digileder.ui import connection


def _style(view) -> str:
    return view.children[-1].value


def _after_rules(style: str) -> dict[str, str]:
    """{message: the selectors whose ::after shows it}."""
    return {body: selectors for selectors, body in re.findall(r'([^{}]+)\{content:"([^"]*)"\}',
                                                               style)}


def test_a_box_in_voila_says_reload_the_page_not_a_lab_menu(answers_dir, monkeypatch):
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    style = _style(reflection.show("01-kerneopgave", "?"))
    assert "Ikke gemt" in style and "genindlæs siden" in style
    assert "Kør alle celler" not in style and "Kerne ›" not in style
    # A restarted (killed) kernel and a shut-down one both show it.
    selectors = _after_rules(style)[connection.VOILA_GONE]
    assert f"{connection.RESTARTED}::after" in selectors
    assert f"{connection.GONE}::after" in selectors


def test_a_box_in_lab_names_the_menus_for_a_restart_and_a_shut_down_kernel(answers_dir,
                                                                         monkeypatch):
    monkeypatch.delenv("VOILA_BASE_URL", raising=False)
    style = _style(reflection.show("01-kerneopgave", "?"))
    assert connection.LAB_RESTARTED in style and connection.LAB_GONE in style
    assert "data-status='unknown'" in style  # a shut-down kernel, not only a restarted one
