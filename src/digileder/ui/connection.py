"""A box that saves as the participant types must not look alive once its kernel is gone.

Typing in such a box reaches no Python, so nothing is saved, while the old "Gemt …" status
would still be shown. Two things tell the page, and both are read by CSS carried by the view
itself (no labextension, nothing to install):
- a restarted kernel (the Kernel menu, or the server restarting a kernel that died): ipywidgets
  8's `disconnect()` gives each widget of the old kernel the class
  `jupyter-widgets-disconnected` (in JupyterLab and in Voilà);
- a kernel that was shut down, or a server that stopped: JupyterLab's execution indicator in
  the notebook's toolbar says `unknown`, `dead` or `connecting` (CSS `:has()`, which Chrome,
  Edge, Safari and Firefox from version 121 read).
Such a box is greyed out, its save status hidden, and a Danish message says that the text is
not saved and what to do: in Lab the Kernel and Run menus, in Voilà (no menus) reload the page.
Checked in Lab by tests/browser/test_lab_restart.py.
"""

from __future__ import annotations

import os

import ipywidgets as widgets

from digileder.ui import html as ui_html

VIEW_CLASS = "digileder-saves"
STATUS_CLASS = "digileder-save-status"
RESTARTED = f".{VIEW_CLASS}.jupyter-widgets-disconnected"
# The notebook's kernel is shut down (unknown, dead) or the server cannot be reached.
GONE = (".jp-NotebookPanel:has(.jp-Notebook-ExecutionIndicator:is([data-status='unknown'],"
        "[data-status='dead'],[data-status='connecting'])) " f".{VIEW_CLASS}")
# The same on a Voilà page: its template marks the body while the kernel's socket is closed.
VOILA_CLOSED = f"body.digileder-kernel-gone .{VIEW_CLASS}"
LAB_RESTARTED = ("⚠ Ikke gemt: Forbindelsen til Python er afbrudt (kernen er genstartet), så "
                 "det, du skriver her, bliver ikke gemt. Kopiér det, du har skrevet siden, og "
                 "kør cellerne igen (menuen Kør › Kør alle celler). Så kommer dit gemte svar "
                 "frem igen.")
LAB_GONE = ("⚠ Ikke gemt: Der er ingen forbindelse til Python (kernen er lukket, eller "
            "serveren er stoppet), så det, du skriver her, bliver ikke gemt. Kopiér din tekst "
            "til et andet sted, og genstart kernen (menuen Kerne › Genstart kerne). Kør så "
            "cellerne igen (menuen Kør › Kør alle celler). Hvis siden ikke svarer, så genindlæs "
            "den.")
VOILA_GONE = ("⚠ Ikke gemt: Forbindelsen til Python er afbrudt, så det, du skriver her, bliver "
              "ikke gemt. Kopiér din tekst til et andet sted, og genindlæs siden (tryk F5). "
              "Så kommer dit gemte svar frem igen.")


def in_voila() -> bool:
    """Does this kernel serve a Voilà page (no menus, no cells to run)? Voilà sets this for
    every kernel it starts, also for preheated ones."""
    return "VOILA_BASE_URL" in os.environ


def _each(selectors: tuple[str, ...], suffix: str) -> str:
    return ", ".join(f"{selector}{suffix}" for selector in selectors)


def _css() -> str:
    dead = (RESTARTED, GONE, VOILA_CLOSED)
    looks_dead = (
        f"{_each(dead, ' textarea')}, {_each(dead, ' input')} "
        "{background:#ececec !important;color:#555 !important;border-style:dashed !important}"
        f"{_each(dead, f' .{STATUS_CLASS}')} {{display:none !important}}"
        f"{_each(dead, '::after')} {{display:block;order:99;margin:0.4em 0;"
        "padding:0.4em 0.8em;border-left:4px solid #D55E00;background:#fbe6dc;color:#222;"
        "font-size:var(--jp-content-font-size1, 14px);white-space:normal}")
    if in_voila():
        return looks_dead + f'{_each(dead, "::after")} {{content:"{VOILA_GONE}"}}'
    return (looks_dead + f'{RESTARTED}::after {{content:"{LAB_RESTARTED}"}}'
            f'{GONE}::after {{content:"{LAB_GONE}"}}')


def mark_saving(view: widgets.Box, *statuses: widgets.Widget) -> None:
    """Let VIEW look dead, with a Danish message, once its kernel is gone; STATUSES (its
    "Gemt …" lines) are hidden then. The style travels in a hidden child of the view."""
    view.add_class(VIEW_CLASS)
    for status in statuses:
        status.add_class(STATUS_CLASS)
    style = widgets.HTML(ui_html.tag("style", ui_html.raw(_css())),
                         layout=widgets.Layout(display="none"))
    view.children = (*view.children, style)
