"""Hand-in in Danish inside the notebook: the "Dine opgaver" panel over nbgrader's exchange.

model.py (pure: rows, statuses, receipts, explanations), exchange.py (nbgrader's own
exchange classes, run in the participant's kernel), view.py (the ipywidgets panel).
Module 00 and the first hidden cell of every released assignment call `show()`.
"""

from __future__ import annotations

import os


def in_a_participants_lab() -> bool:
    """True in a kernel JupyterLab started for an open notebook (jupyter_server sets
    JPY_SESSION_NAME); false when nbgrader, nbval or nbconvert runs the notebook."""
    return bool(os.environ.get("JPY_SESSION_NAME"))


def show(course_id: str | None = None):
    """The panel, filled in. During grading and other batch runs: None (nothing is shown,
    nothing printed, the exchange is not touched)."""
    if not in_a_participants_lab():
        return None
    from digileder.handin.view import HandinPanel

    panel = HandinPanel(course_id)
    panel.refresh()
    return panel
