"""`digileder feedback`: feedback HTML that works offline and hides the hidden tests.

nbgrader's generate_feedback runs with the course config (HideHiddenTests preprocessor,
nbconvert's CDN URLs emptied, see config.py). Afterwards every HTML file is cleaned of
empty or external <script>/<link> tags and checked: a file that still loads anything from
the internet or contains a hidden-test marker is reported as an error, not released.
"""

from __future__ import annotations

import re
from pathlib import Path

from digileder.teacher import config as course_config
from digileder.teacher.errors import TeacherError

_EXTERNAL = re.compile(
    r"<script\b[^>]*\bsrc\s*=\s*[\"'](?:https?:)?//[^\"']*[\"'][^>]*>\s*</script>"
    r"|<script\b[^>]*\bsrc\s*=\s*[\"']\s*[\"'][^>]*>\s*</script>"
    r"|<link\b[^>]*\bhref\s*=\s*[\"'](?:https?:)?//[^\"']*[\"'][^>]*/?>",
    re.IGNORECASE,
)
_REMOTE_LOAD = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"'](?:https?:)?//", re.IGNORECASE)
HIDDEN_MARKERS = tuple(f"{edge} HIDDEN" + " TESTS" for edge in ("BEGIN", "END"))


def clean_html(text: str) -> str:
    """Remove <script>/<link> tags that load from the internet or have an empty address."""
    return _EXTERNAL.sub("", text)


def problems(text: str) -> list[str]:
    """What is still wrong with a feedback HTML text (Danish), empty if it is fine."""
    found = []
    if _REMOTE_LOAD.search(text):
        found.append("henter noget fra internettet")
    if any(marker in text for marker in HIDDEN_MARKERS):
        found.append("viser skjulte test")
    return found


def generate_feedback(root: Path, assignment: str, force: bool = False,
                      release: bool = True, report=print) -> list[Path]:
    """Lav feedback (HTML) til alle bedømte afleveringer og læg den ud til deltagerne."""
    cfg = course_config.load_course_config(root)
    api = course_config.make_api(cfg)
    existing = set((root / "feedback").glob(f"*/{assignment}"))
    if existing and not force:
        report(f"{len(existing)} deltagere har allerede feedback; den beholdes. "
               "Brug --force for at lave den om.")
    result = api.generate_feedback(assignment, force=force)
    if not result.get("success"):
        raise TeacherError(f"Feedback mislykkedes:\n{result.get('error') or result.get('log')}")
    files = sorted((root / "feedback").glob(f"*/{assignment}/*.html"))
    bad = []
    for path in files:
        path.chmod(0o644)
        text = clean_html(path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")
        if problems(text):
            bad.append(f"{path.relative_to(root)}: {', '.join(problems(text))}")
    if bad:
        raise TeacherError("Feedback er ikke sikker at udlevere:\n- " + "\n- ".join(bad))
    report(f"Feedback til {len(files)} notesbøger i {root / 'feedback'}")
    if release:
        outcome = api.release_feedback(assignment)
        if outcome.get("success"):
            report("Feedback er lagt ud; deltagerne henter den under fanen Assignments.")
        else:
            reason = (outcome.get("error") or outcome.get("log") or "").strip().splitlines()
            report("Feedback er ikke lagt ud i exchange-mappen"
                   + (f" (nbgrader: {reason[-1][:200]})" if reason else "")
                   + ". HTML-filerne ligger i feedback/; del dem på anden vis, eller se "
                   "vejledningen.")
    return files
