"""A box that saves as the participant types must not look alive once its kernel is gone.

When the kernel restarts (the Kernel menu, or the server restarting a kernel that died),
JupyterLab's widget manager marks every widget of the old kernel: ipywidgets 8's
`disconnect()` sets `comm_live = false`, and each widget's element gets the class
`jupyter-widgets-disconnected`. Typing there reaches no Python, so nothing is saved, while
the old "Gemt …" status would still be shown. This style, carried by the view itself (no
labextension, nothing to install), greys such a box out, hides its save status and says in
Danish what happened and what to do. Checked in Lab by tests/browser/test_lab_restart.py.
"""

from __future__ import annotations

import ipywidgets as widgets

from digileder.ui import html as ui_html

VIEW_CLASS = "digileder-saves"
STATUS_CLASS = "digileder-save-status"
DEAD = ".digileder-saves.jupyter-widgets-disconnected"
MESSAGE = ("⚠ Forbindelsen til Python er afbrudt (kernen er genstartet), så det, du skriver "
           "her, bliver ikke gemt. Kopiér det, du har skrevet siden, og kør cellerne igen "
           "(menuen Kør › Kør alle celler). Så kommer dit gemte svar frem igen.")
_CSS = (
    f"{DEAD} textarea, {DEAD} input {{background:#ececec !important;color:#555 !important;"
    "border-style:dashed !important}"
    f"{DEAD} .{STATUS_CLASS} {{display:none !important}}"
    f'{DEAD}::after {{content:"{MESSAGE}";display:block;order:99;margin:0.4em 0;'
    "padding:0.4em 0.8em;border-left:4px solid #D55E00;background:#fbe6dc;color:#222;"
    "font-size:var(--jp-content-font-size1, 14px);white-space:normal}"
)


def mark_saving(view: widgets.Box, *statuses: widgets.Widget) -> None:
    """Let VIEW look dead, with a Danish message, once its kernel is gone; STATUSES (its
    "Gemt …" lines) are hidden then. The style travels in a hidden child of the view."""
    view.add_class(VIEW_CLASS)
    for status in statuses:
        status.add_class(STATUS_CLASS)
    style = widgets.HTML(ui_html.tag("style", ui_html.raw(_CSS)),
                         layout=widgets.Layout(display="none"))
    view.children = (*view.children, style)
