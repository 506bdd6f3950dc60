"""Module 08's digital leadership plan: gather what the participant saved, add three
actions with owner and date, and export a one-page plan as self-contained HTML and Markdown.

    from digileder import plan
    plan.show_material()   # what was found in mine-svar and what is missing
    plan.show_profile()    # the maturity profile from module 03
    plan.show()            # the plan builder

Package layout (the shape of every activity): model.py (Material, actions, Markdown; no
files), store.py (gathers through the answers registry, keeps the draft), chart.py
(the self-contained HTML page, and export() to mine-svar), view.py (the widgets,
imported by show*()).
"""

from digileder import lazy
from digileder.plan.chart import export, to_html
from digileder.plan.model import (
    ACTION_COUNT,
    BENEFITS_KEY,
    EXPORT_NAME,
    FOCUS_KEY,
    MESSAGE_KEY,
    STATE_FILE,
    Action,
    LeadershipPlan,
    Material,
    check_actions,
    missing,
    parse_due,
    to_markdown,
)
from digileder.plan.store import gather, load_draft, read_draft, save_draft


def show(plan: LeadershipPlan | None = None):
    """Planbyggeren som widget. Henter dit udkast, hvis du har skrevet før."""
    from digileder.plan.view import PlanBuilder

    return PlanBuilder(plan)


def show_material():
    """Viser, hvad du har gemt i kurset, og hvad der mangler – med en knap til at opdatere."""
    from digileder.plan.view import show_material as view

    return view()


def show_profile():
    """Din modenhedsprofil fra modul 03 med forslag, eller en besked om, hvad du skal gøre."""
    from digileder.plan.view import show_profile as view

    return view()


# The widgets (ipywidgets) are imported only when asked for.
__getattr__ = lazy.from_module(__name__, "view",
                               ("PlanBuilder", "material_html", "suggestions_html"))


__all__ = [
    "ACTION_COUNT", "BENEFITS_KEY", "EXPORT_NAME", "FOCUS_KEY", "MESSAGE_KEY", "STATE_FILE",
    "Action", "LeadershipPlan", "Material", "check_actions", "export", "gather", "load_draft",
    "missing", "parse_due", "read_draft", "save_draft", "show", "show_material", "show_profile",
    "to_html", "to_markdown",
]
