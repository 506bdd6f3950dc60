"""Participants' answers shown in formgrader cannot run script in the teacher's browser.

Formgrader renders each submission with nbconvert's HTMLExporter and nbgrader's 'formgrade'
template, which passes markdown answers through markdown2html without cleaning (nbconvert's
sanitize_html is not used there), and the classic template writes application/javascript
outputs as <script>. An answer holding <img src=x onerror=...> therefore ran in the
teacher's Jupyter session, where it could read names and change grades through the API.

This preprocessor is set as c.HTMLExporter.preprocessors in the course's nbgrader_config.py,
so it runs for every HTML page nbgrader makes from a notebook, formgrader's included. It
cleans markdown and raw cells and HTML, SVG and markdown outputs with html_safety (which
keeps the course's inline SVG charts) and drops script outputs; an image from the internet,
as HTML or as Markdown, becomes a Danish note, so opening an answer fetches nothing.
"""

from __future__ import annotations

import re

from nbconvert.preprocessors import Preprocessor

from digileder.teacher.html_safety import REMOVED_IMAGE, sanitize

# A Markdown image from the internet (![alt](https://…)): html_safety sees only HTML, and
# the teacher's browser would fetch it when opening the answer (the participant learns when).
REMOTE_MARKDOWN_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?(?:https?:)?//[^)]*\)", re.IGNORECASE)
SCRIPT_OUTPUTS = ("application/javascript", "text/javascript", "application/x-javascript")
MARKUP_OUTPUTS = ("text/html", "image/svg+xml", "text/markdown")


def _clean(text) -> str:
    joined = "".join(text) if isinstance(text, list) else str(text)
    return sanitize(joined)[0]


class SanitizeAnswers(Preprocessor):
    """Fjerner script og event handlers fra deltagernes svar og output, før de vises."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type in ("markdown", "raw"):
            cell.source = REMOTE_MARKDOWN_IMAGE.sub(f"*{REMOVED_IMAGE}*", _clean(cell.source))
        for output in cell.get("outputs", []):
            data = output.get("data")
            if not data:
                continue
            for mime in SCRIPT_OUTPUTS:
                data.pop(mime, None)
            for mime in MARKUP_OUTPUTS:
                if mime in data:
                    data[mime] = _clean(data[mime])
        return cell, resources
