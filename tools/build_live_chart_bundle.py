"""Build the live chart's JavaScript bundle (src/digileder/ui/live_chart_js/bundle.js).

vl-convert bundles vega-embed, vega-lite and vega with a one-line snippet (vega_embed.js),
so the live chart (widget.js) needs no network. Run this after changing vega_embed.js or the
pinned versions, and commit the result; tests/test_live_chart.py checks that the bundle holds
the snippet.
vl-convert starts V8 (~130 MiB): only this tool calls it, never a participant's kernel.

    .venv/bin/python tools/build_live_chart_bundle.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

JS = Path(__file__).resolve().parent.parent / "src" / "digileder" / "ui" / "live_chart_js"
SNIPPET = JS / "vega_embed.js"
BUNDLE = JS / "bundle.js"
# The oldest Vega-Lite vl-convert has; the course's charts stay within Vega-Lite 5 (charts.py).
VL_VERSION = "5.8"


def header() -> str:
    import vl_convert

    return (f"// Built by tools/build_live_chart_bundle.py from vega_embed.js with vl-convert "
            f"{vl_convert.__version__}, Vega-Lite {VL_VERSION}.\n"
            "// Contains vega, vega-lite and vega-embed (BSD-3-Clause, (c) University of "
            "Washington Interactive Data Lab), see LICENSE-vega.txt.\n")


def build() -> str:
    import vl_convert

    snippet = SNIPPET.read_text(encoding="utf-8")
    return header() + vl_convert.javascript_bundle(snippet=snippet, vl_version=VL_VERSION)


def main() -> int:
    text = build()
    fd, temp = tempfile.mkstemp(dir=JS, prefix=".bundle-", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temp, BUNDLE)
    print(f"{BUNDLE}: {len(text) // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
