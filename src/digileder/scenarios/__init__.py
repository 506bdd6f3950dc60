"""Forgreningsscenarier: ledelsesdilemmaer, du spiller med knapper.

Et scenarie er en YAML-fil i datasets/scenarios/ (se README.md dér). Brug:

    from digileder import scenarios
    scenarios.show("ipads-i-vej-og-park")        # afspilleren i en notesbog
    scenarios.load("ipads-i-vej-og-park")        # modellen (giver ScenarioError ved fejl)
    scenarios.validate_file("min-fil.yml")       # alle fejl på dansk, tom liste = i orden
    scenarios.load_saved_run("ipads-i-vej-og-park")  # din gemte vej som data

Package layout: model.py (Scenario, Run), validate.py (read + check YAML), runs.py
(save/load a run), chart.py (end chart), player.py (widget), check.py (CLI).
"""

from __future__ import annotations

from digileder import lazy
from digileder.scenarios.check import check_main
from digileder.scenarios.model import Choice, Ending, Run, Scenario, Situation
from digileder.scenarios.runs import load_saved_run, save_run, saved_run_path
from digileder.scenarios.validate import (
    ScenarioError,
    list_ids,
    load,
    scenarios_dir,
    validate_file,
)

# The player (ipywidgets, altair) is imported only when a notebook asks for it, so the
# teacher CLI (`digileder scenarie tjek`) stays light.
__getattr__ = lazy.from_module(__name__, "player", ("ScenarioPlayer", "show"))


def list_scenarios() -> list[tuple[str, str]]:
    """Kursets scenarier som (id, titel). Et scenarie med fejl vises med en advarsel i titlen."""
    result = []
    for scenario_id, _path in list_ids():
        try:
            result.append((scenario_id, load(scenario_id).title))
        except ScenarioError:
            result.append((scenario_id, "⚠ Fejl i filen – kør: digileder scenarie tjek"))
    return result


__all__ = [
    "Choice", "Ending", "Run", "Scenario", "ScenarioError", "ScenarioPlayer", "Situation",
    "check_main", "list_scenarios", "load", "load_saved_run", "save_run",
    "saved_run_path", "scenarios_dir", "show", "validate_file",
]
