"""digileder: kode bag kurset "Bliv skarp på rollen som digital leder".

Importing the package does nothing but define names: no renderer is switched on and no
module is patched, so the teacher CLI stays light. Each notebook's first hidden cell calls
`digileder.setup()`, which makes every chart render offline (see charts.py).
"""

__version__ = "0.1.0"


def setup(charts: str | None = None) -> None:
    """Prepare a notebook kernel for the course: charts are drawn with no network, in the
    browser or as inline SVG (`charts="browser"` or `"svg"`; default: see charts.py).

    Safe to call more than once. Called in the first hidden cell of every notebook.
    """
    from digileder import charts as chart_rendering

    chart_rendering.enable_offline_rendering(charts)
