"""digileder: kode bag kurset "Bliv skarp på rollen som digital leder".

Importing the package does nothing but define names: no renderer is switched on and no
module is patched, so the teacher CLI stays light. Each notebook's first hidden cell calls
`digileder.setup()`, which makes every chart render offline (see charts.py).
"""

import sys

__version__ = "0.1.0"


def setup(charts: str | None = None) -> None:
    """Prepare a notebook kernel for the course: charts are drawn with no network, in the
    browser or as inline SVG (`charts="browser"` or `"svg"`; default: see chart_mode.py).

    Safe to call more than once. Called in the first hidden cell of every notebook. It does
    not import altair: that happens with the first chart module, and the course's renderer is
    switched on then, also when a participant imports altair on their own (issue 18).
    """
    from digileder import chart_mode, lazy

    chart_mode.choose(charts)
    # jsonschema imports rfc3987_syntax only to check the "iri" format, which altair never
    # uses; the import builds a grammar that costs ~1 s CPU and ~16 MiB in every kernel
    # (docs/benchmarks.md). It must be blocked before altair is imported.
    sys.modules.setdefault("rfc3987_syntax", None)
    lazy.after_import("altair", _switch_on_charts)


def _switch_on_charts() -> None:
    module = sys.modules.get("digileder.charts")
    if module is None:
        import digileder.charts  # noqa: F401 - its import ends by switching the renderer on
    elif hasattr(module, "switch_on"):  # not while charts.py is itself importing altair
        module.switch_on()
