"""digileder: kode bag kurset "Bliv skarp på rollen som digital leder".

Når en notesbog importerer pakken, slås den offline diagramvisning til, så alle
diagrammer tegnes uden internet i JupyterLab, Voilà og nbgrader-feedback.
"""

import sys

# jsonschema imports rfc3987_syntax only to check the "iri" format, which altair never uses;
# the import builds a grammar that costs ~1 s CPU and ~16 MiB in every kernel (docs/benchmarks.md).
sys.modules.setdefault("rfc3987_syntax", None)

from digileder import charts as _charts  # noqa: E402

__version__ = "0.1.0"

_charts.enable_offline_rendering()
