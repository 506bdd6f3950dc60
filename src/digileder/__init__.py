"""digileder: kode bag kurset "Bliv skarp på rollen som digital leder".

Når en notesbog importerer pakken, slås den offline diagramvisning til, så alle
diagrammer tegnes uden internet i JupyterLab, Voilà og nbgrader-feedback.
"""

from digileder import charts as _charts

__version__ = "0.1.0"

_charts.enable_offline_rendering()
