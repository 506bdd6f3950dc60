"""Module 07's benefits-realisation plan: who owns which gain, and how and when it is measured.

Model: BenefitsPlan is a list of BenefitRow (gain, owner, measure, baseline, when) with
Danish validation. It is saved two ways: as Markdown via notes.save("07-gevinstplan", ...)
so module 08 finds it among the reflections, and as JSON (mine-svar/gevinstplan.json), saved
as the participant types, so the builder comes back with every row after a restart.
Package layout (the shape of every activity): model.py, store.py, view.py (PlanBuilder).
"""

from digileder import lazy
from digileder.benefits_plan.model import (
    COLUMNS,
    LABELS,
    MAX_ROWS,
    BenefitRow,
    BenefitsPlan,
    example_plan,
)
from digileder.benefits_plan.store import (
    NOTE_KEY,
    PROMPT,
    STATE_FILE,
    load_saved,
    read_saved,
    save,
    save_draft,
)


def show(plan: BenefitsPlan | None = None):
    """Gevinstplan-byggeren som widget. Henter din gemte plan, hvis du har en."""
    from digileder.benefits_plan.view import PlanBuilder

    return PlanBuilder(plan)


# The widgets (ipywidgets) are imported only when asked for.
__getattr__ = lazy.from_module(__name__, "view", ("PlanBuilder",))


__all__ = [
    "COLUMNS", "LABELS", "MAX_ROWS", "NOTE_KEY", "PROMPT", "STATE_FILE", "BenefitRow",
    "BenefitsPlan", "example_plan", "load_saved", "read_saved", "save", "save_draft", "show",
]
