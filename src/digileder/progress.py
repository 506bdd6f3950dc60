"""Self-study progress: which modules a learner has worked through, read from mine-svar/.

Nothing is tracked separately; progress is what the learner has saved:
  refleksioner/NN-*.json     -> module NN (incl. 06-budskab and 07-gevinstplan)
  modenhed.json              -> module 03
  scenarier/<id>.json        -> the module that plays the scenario (SCENARIO_MODULES)
  budskab.json, gevinstplan.json -> 06, 07 (drafts of the builders)
  min-digitale-ledelsesplan.html/.md -> 08
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import Path

from digileder.data import DataError
from digileder.paths import answers_dir

SCENARIO_MODULES = {"sensorer-i-byen": "04", "ildsjaelen-i-byggesag": "05",
                    "ipads-i-vej-og-park": "07"}
FILE_MODULES = {
    "modenhed.json": ("03", "Din vurdering af digital modenhed"),
    "budskab.json": ("06", "Udkast til dit budskab"),
    "gevinstplan.json": ("07", "Udkast til din gevinstplan"),
    "min-digitale-ledelsesplan.html": ("08", "Din digitale ledelsesplan (HTML)"),
    "min-digitale-ledelsesplan.md": ("08", "Din digitale ledelsesplan (Markdown)"),
}
# Drafts are only worth listing when the finished answer is not there too.
_DRAFT_OF = {"budskab.json": "06-budskab", "gevinstplan.json": "07-gevinstplan"}
_LABEL_CHARS = 70


@dataclass(frozen=True)
class SavedItem:
    """Én ting, du har gemt: hvilket modul, hvad det er, og hvornår."""

    module: str
    label: str
    path: Path
    saved: datetime


def _read_json(path: Path) -> dict | None:
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError):
        return None
    return content if isinstance(content, dict) else None


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


def _when(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime)


def saved_items(folder: Path | None = None) -> list[SavedItem]:
    """Alt, hvad du har gemt i mine-svar, med det modul det hører til (sorteret efter modul)."""
    folder = folder or answers_dir()
    items: list[SavedItem] = []
    reflections = folder / "refleksioner"
    keys = set()
    for path in sorted(reflections.glob("*.json")) if reflections.is_dir() else []:
        entry = _read_json(path)
        if not entry or not str(entry.get("text") or "").strip():
            continue
        module = path.stem[:2]
        if not module.isdigit():
            continue
        keys.add(path.stem)
        label = _short(str(entry.get("prompt") or "") or path.stem)
        items.append(SavedItem(module, f"Svar: {label}", path, _when(path)))
    runs = folder / "scenarier"
    for path in sorted(runs.glob("*.json")) if runs.is_dir() else []:
        run = _read_json(path)
        if run is None:
            continue
        title = str(run.get("title") or path.stem)
        ending = run.get("ending") or {}
        done = f" – slutning: {ending.get('title')}" if isinstance(ending, dict) and \
            ending.get("title") else " (ikke spillet færdig)"
        module = SCENARIO_MODULES.get(path.stem, "")
        items.append(SavedItem(module, f"Scenarie: {title}{done}", path, _when(path)))
    for name, (module, label) in FILE_MODULES.items():
        path = folder / name
        if not path.is_file() or _DRAFT_OF.get(name) in keys:
            continue
        if path.suffix == ".json" and not _has_text(_read_json(path)):
            continue  # an empty draft (a click on Gem with nothing written) is not progress
        items.append(SavedItem(module, label, path, _when(path)))
    return sorted(items, key=lambda item: (item.module or "99", item.label))


def _course_modules() -> list[tuple[str, str, str]]:
    """(number, title, file) for each module in the course map; [] if it cannot be read."""
    from digileder import course

    try:
        return [(e["file"][:2], e["title"], e["file"]) for e in course.course_map()]
    except DataError:
        return []


def status(folder: Path | None = None) -> list[dict]:
    """Én række pr. modul: nummer, titel, fil, og de ting du har gemt fra modulet."""
    items = saved_items(folder)
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
    if not started:
        return ("Du har ikke gemt noget endnu. Når du skriver i felterne mærket ✍️ eller "
                "gemmer en vurdering, et scenarie eller en plan, kan du se det her.")
    return f"Du har gemt svar fra {len(started)} af kursets {total} moduler."


def as_html(folder: Path | None = None) -> str:
    """Oversigten som HTML-tabel: modul, status og det, du har gemt."""
    rows = status(folder)
    lines = []
    for row in rows:
        name = f"{row['module']} {escape(row['title'])}".strip()
        link = f"<a href='{escape(row['file'])}'>{name}</a>" if row["file"] else name
        if row["items"]:
            state = "<span style='color:#009E73'>✔ Arbejdet med</span>"
            saved = "<br>".join(
                f"{escape(item.label)} <small style='color:#555'>"
                f"({item.saved.strftime('%d.%m.%Y')})</small>" for item in row["items"]
            )
        else:
            state, saved = "<span style='color:#777'>Intet gemt endnu</span>", ""
        lines.append(f"<tr><td>{link}</td><td>{state}</td><td>{saved}</td></tr>")
    head = "<tr><th>Modul</th><th>Status</th><th>Det har du gemt</th></tr>"
    return (f"<p><b>{escape(summary_text(rows))}</b></p>"
            f"<table class='digileder-progress'>{head}{''.join(lines)}</table>"
            "<p><small>Dine svar ligger i mappen <code>mine-svar</code>. Et modul står som "
            "»Intet gemt endnu«, indtil du har skrevet eller valgt noget i det.</small></p>")


def overview(folder: Path | None = None):
    """Din fremgang i kurset: hvilke moduler du har arbejdet med, og hvad du har gemt."""
    import ipywidgets as widgets

    view = widgets.HTML(as_html(folder))
    refresh = widgets.Button(description="Opdatér oversigten", icon="refresh",
                             layout=widgets.Layout(width="auto"))

    def update(_=None):
        view.value = as_html(folder)

    refresh.on_click(update)
    return widgets.VBox([view, refresh])
