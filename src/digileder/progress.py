"""Self-study progress: which modules a learner has worked through, read from mine-svar/.

Nothing is tracked separately: progress is what the learner has saved, and what can be
saved is listed once, in the answers registry (digileder.answers.registry). This module only
describes each saved file: a reflection by its prompt, a scenario by its ending.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from digileder import answers
from digileder.answers import AnswerKind, SavedAnswer
from digileder.errors import DataError
from digileder.palette import OK_TEXT
from digileder.paths import ANSWERS_FOLDER
from digileder.ui import html as ui_html

_LABEL_CHARS = 70


@dataclass(frozen=True)
class SavedItem:
    """Én ting, du har gemt: hvilket modul, hvad det er, og hvornår."""

    module: str
    label: str
    path: Path
    saved: datetime


def _has_text(content, skip=("format", "version", "saved")) -> bool:
    """True if a saved JSON structure holds anything the learner wrote or chose."""
    if isinstance(content, dict):
        return any(_has_text(v) for k, v in content.items() if k not in skip)
    if isinstance(content, list):
        return any(_has_text(v) for v in content)
    if isinstance(content, str):
        return bool(content.strip())
    return content is not None


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _LABEL_CHARS else text[: _LABEL_CHARS - 1].rstrip() + "…"


def _describe(answer: SavedAnswer, path: Path, relative: str,
              notices: list[str]) -> str | None:
    """The label progress shows for one saved file; None if it holds nothing worth listing.
    A broken file is set aside by the read; its notice goes to NOTICES, so the participant
    hears where it went here, where it was first read."""
    if answer.kind is AnswerKind.EXPORT:
        return answer.label
    read = answers.read_json(relative)
    if read.notice:
        notices.append(read.notice)
    content = read.data
    if not _has_text(content):
        return None  # an empty draft (a click on Gem with nothing written) is not progress
    if answer.kind is AnswerKind.REFLECTION:
        text = content.get("text")
        if not isinstance(text, str) or not text.strip():
            return None
        return f"Svar: {_short(str(content.get('prompt') or '') or path.stem)}"
    if answer.kind is AnswerKind.RUN:
        title = str(content.get("title") or path.stem)
        ending = content.get("ending")
        done = (f" – slutning: {ending.get('title')}" if isinstance(ending, dict)
                and ending.get("title") else " (ikke spillet færdig)")
        return f"Scenarie: {title}{done}"
    return answer.label


def saved_items(notices: list[str] | None = None) -> list[SavedItem]:
    """Alt, hvad du har gemt i mine-svar, med det modul det hører til (sorteret efter modul).
    Beskeder om beskadigede filer, der er lagt til side, kommer i NOTICES."""
    found: list[tuple[SavedAnswer, SavedItem]] = []
    notices = [] if notices is None else notices
    for answer, path in answers.saved_files():
        relative = path.relative_to(answers.folder()).as_posix()
        label = _describe(answer, path, relative, notices)
        if label is not None:
            when = datetime.fromtimestamp(path.stat().st_mtime)
            found.append((answer, SavedItem(answer.module_of(path), label, path, when)))
    # A draft is only worth listing when the finished answer is not there too.
    finished = {item.path.stem for answer, item in found if answer.kind is AnswerKind.REFLECTION}
    items = [item for answer, item in found if answer.draft_of not in finished]
    return sorted(items, key=lambda item: (item.module or "99", item.label))


def _course_modules() -> list[tuple[str, str, str]]:
    """(number, title, file) for each module in the course map; [] if it cannot be read."""
    from digileder import course

    try:
        return [(e["file"][:2], e["title"], e["file"]) for e in course.course_map()]
    except DataError:
        return []


def status(notices: list[str] | None = None) -> list[dict]:
    """Én række pr. modul: nummer, titel, fil, og de ting du har gemt fra modulet."""
    items = saved_items(notices)
    rows = []
    for number, title, file in _course_modules():
        mine = [item for item in items if item.module == number]
        rows.append({"module": number, "title": title, "file": file, "items": mine})
    known = {row["module"] for row in rows}
    other = [item for item in items if item.module not in known]
    if other:
        rows.append({"module": "", "title": "Andet", "file": "", "items": other})
    return rows


def summary_text(rows: list[dict]) -> str:
    started = [r for r in rows if r["items"] and r["module"]]
    total = len([r for r in rows if r["module"]])
    other = sum(len(r["items"]) for r in rows if not r["module"])
    if not started and other:
        return (f"Du har gemt {other} ting, som ikke hører til "
                "et bestemt modul (se »Andet« nederst i tabellen), men endnu intet fra "
                "kursets moduler.")
    if not started:
        return ("Du har ikke gemt noget endnu. Når du skriver i felterne mærket ✍️ eller "
                "gemmer en vurdering, et scenarie eller en plan, kan du se det her.")
    return f"Du har gemt svar fra {len(started)} af kursets {total} moduler."


def copies_html() -> str:
    """The conflict copies in mine-svar, listed where the participant looks, with what to do
    ('' if there are none)."""
    copies = answers.store.all_copies()
    if not copies:
        return ""
    tag, root = ui_html.tag, answers.folder()
    return ui_html.join([
        tag("p", tag("b", "⚠ Kopier af dine svar"), tag("br"),
            "Et svar blev ændret i to vinduer på én gang (to faner, eller en kopi af en "
            "celle). Intet er overskrevet: teksten fra det ene vindue ligger i en kopi. Åbn "
            "kopien, flyt det, du vil beholde, over i dit svar, og slet så kopien.",
            cls="digileder-warning"),
        tag("ul", *(tag("li", tag("code", f"{ANSWERS_FOLDER}/{p.relative_to(root).as_posix()}"))
                    for p in copies))])


def as_html() -> str:
    """Oversigten som HTML-tabel: modul, status og det, du har gemt."""
    notices: list[str] = []
    rows = status(notices)
    tag, lines = ui_html.tag, []
    for row in rows:
        name = f"{row['module']} {row['title']}".strip()
        link = tag("a", name, href=row["file"]) if row["file"] else name
        if row["items"]:
            state = tag("span", "✔ Arbejdet med", style=f"color:{OK_TEXT}")
            saved = ui_html.join((ui_html.join([item.label, " ", tag(
                "small", f"({item.saved.strftime('%d.%m.%Y')})", style="color:#555")])
                for item in row["items"]), tag("br"))
        else:
            state, saved = tag("span", "Intet gemt endnu", style="color:#777"), ""
        lines.append(tag("tr", tag("td", link), tag("td", state), tag("td", saved)))
    head = tag("tr", tag("th", "Modul"), tag("th", "Status"), tag("th", "Det har du gemt"))
    warnings = [tag("p", "⚠ ", notice, cls="digileder-warning") for notice in notices]
    return ui_html.join([
        *warnings,
        copies_html(),
        tag("p", tag("b", summary_text(rows))),
        tag("table", head, *lines, cls="digileder-progress"),
        tag("p", tag("small", "Dine svar ligger i mappen ", tag("code", ANSWERS_FOLDER),
                     ". Et modul står som »Intet gemt endnu«, indtil du har skrevet eller "
                     "valgt noget i det."))])


def show():
    """Din fremgang i kurset: hvilke moduler du har arbejdet med, og hvad du har gemt."""
    import ipywidgets as widgets

    view = widgets.HTML(as_html())
    refresh = widgets.Button(description="Opdatér oversigten", icon="refresh",
                             layout=widgets.Layout(width="auto"))

    def update(_=None):
        view.value = as_html()

    refresh.on_click(update)
    return widgets.VBox([view, refresh])
