"""Business case og gevinstrealisering (modul 07 og opgave A2). Brug i en notesbog:

    from digileder import business_case
    business_case.show("ipads-i-vej-og-park")     # lommeregneren
    business_case.summary(inputs)                 # nutidsværdi, tilbagebetaling, afkast

Package layout (the shape of every activity): model.py (pure calculations, no files or
charts), text.py (results as Danish text), content.py (cases from
datasets/business_cases/*.yml), chart.py (altair),
view.py (the ipywidgets calculator, imported only by show()).
"""

from digileder.business_case.chart import cashflow_chart, tornado_chart
from digileder.business_case.content import cases_dir, list_cases, load_case
from digileder.business_case.model import (
    DEFAULT_CASE,
    DEFAULT_RATE,
    FIELD_LABELS,
    HELP_TEXT,
    MAX_HORIZON,
    MAX_RATE,
    SCENARIO_LABELS,
    SCENARIOS,
    InputError,
    Inputs,
    ThreePoint,
    cash_flows,
    check,
    compare_presets,
    field_errors,
    field_values,
    npv,
    payback_years,
    roi,
    scenario_key,
    sensitivity,
    summary,
    validate,
)
from digileder.business_case.text import format_result, payback_text, verdict


def show(case: str = DEFAULT_CASE):
    """Lommeregneren til business casen som en widget (én linje i en notesbog). En fejl i
    casens fil vises som en dansk besked."""
    from digileder.business_case.view import show as show_view

    return show_view(case)


__all__ = [
    "DEFAULT_CASE", "DEFAULT_RATE", "FIELD_LABELS", "HELP_TEXT", "MAX_HORIZON", "MAX_RATE",
    "SCENARIOS", "SCENARIO_LABELS", "InputError", "Inputs", "ThreePoint", "cases_dir",
    "cash_flows", "cashflow_chart", "check", "compare_presets", "field_errors", "field_values",
    "format_result", "list_cases", "load_case", "npv", "payback_text", "payback_years", "roi",
    "scenario_key", "sensitivity", "show", "summary", "tornado_chart", "validate", "verdict",
]
