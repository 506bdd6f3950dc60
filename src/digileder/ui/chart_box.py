"""A widget that shows altair charts the way this kernel draws them (see charts.py).

In the browser mode the box holds the Vega-Lite spec and JupyterLab or Voilà draws it; in the
svg mode it holds inline SVG. Views use it instead of pasting `charts.to_svg()` into an HTML
widget, which would start vl-convert's JavaScript engine (+66 MiB) in every participant's kernel.
"""

from __future__ import annotations

import json

import ipywidgets as widgets


class ChartBox(widgets.Output):
    """Its outputs are set from the kernel in one update. Capturing with `with output:` makes
    the page add outputs one at a time and then, when the kernel echoes them back, draw them
    all again: that closed a "Vis som tabel" the participant had just opened (issue 18)."""

    def show(self, *parts) -> None:
        """Show these charts, and HTML (trusted, built by the view) where a part is a str,
        instead of what the box showed. An unchanged box is not drawn again. Raises (and
        leaves the box empty) if a chart cannot be built, so the view can say so in Danish."""
        from digileder import charts  # here: a box that only waits needs no altair (0.3 s)

        shown = []
        try:
            for part in parts:
                if isinstance(part, str):
                    shown.append(_html(part))
                    continue
                spec = charts.spec(part)  # once: building it is most of a redraw's time
                data, metadata = charts.bundle(part, spec)
                shown.append({"output_type": "display_data", "data": data, "metadata": metadata})
                table = charts.table_bundle(part, spec)  # "Vis som tabel" under a browser chart
                if table:
                    shown.append({"output_type": "display_data", "data": table, "metadata": {}})
        except Exception:
            self.outputs = ()
            raise
        self.outputs = tuple(shown)

    def show_html(self, html: str) -> None:
        """Show a message (trusted HTML built by the view) instead of charts."""
        self.outputs = (_html(html),) if html else ()

    def clear(self) -> None:
        self.outputs = ()

    @property
    def value(self) -> str:
        """What the box shows, as text (HTML, or the charts' specs): for tests and checks."""
        from digileder.charts import VEGALITE_MIME

        parts = []
        for output in self.outputs:
            data = output["data"]
            parts.append(data.get("text/html") or json.dumps(data.get(VEGALITE_MIME),
                                                             ensure_ascii=False))
        return "".join(parts)


def _html(html: str) -> dict:
    return {"output_type": "display_data", "data": {"text/html": html}, "metadata": {}}
