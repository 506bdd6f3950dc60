"""Digital maturity self-assessment (module 03; module 08 reuses the result). In a notebook:

    from digileder import maturity
    maturity.show()

Package layout (the shape of every activity): model.py (dimensions, scoring, peers,
suggestions; no files or widgets), content.py (datasets/maturity.yml), store.py (the dated
history in mine-svar/modenhed.json), chart.py (the profile), view.py (the widget, imported
only by show()).
"""

from digileder import lazy
from digileder.maturity.chart import BEFORE, NOW, PEERS, profile_chart
from digileder.maturity.content import FILE_NAME, MaturityFileError, check, load_items
from digileder.maturity.model import (
    DIMENSION_IDS,
    MODULES,
    SCALE,
    SOURCES,
    Dimension,
    Instrument,
    Item,
    format_date,
    known_scores,
    peer_position,
    peer_text,
    score,
    skipped_text,
    suggestions,
    unanswered,
)
from digileder.maturity.store import (
    HISTORY_FILE,
    history_path,
    latest_scores,
    load_history,
    read_history,
    save_assessment,
)


def show():
    """Selvevalueringen af digital modenhed: svar, se din profil og få forslag (modul 03)."""
    from digileder.maturity.view import show as show_view

    return show_view()


# The widgets (ipywidgets) are imported only when asked for.
__getattr__ = lazy.from_module(__name__, "view", ("SelfAssessment",))


__all__ = [
    "BEFORE", "DIMENSION_IDS", "FILE_NAME", "HISTORY_FILE", "MODULES", "NOW", "PEERS", "SCALE",
    "SOURCES", "Dimension", "Instrument", "Item", "MaturityFileError", "check", "format_date",
    "history_path", "known_scores", "latest_scores", "load_history", "load_items", "peer_position",
    "peer_text", "profile_chart", "read_history", "save_assessment", "score", "show",
    "skipped_text", "suggestions", "unanswered",
]
