"""Find solution text and hidden tests from solutions/ in a folder meant for participants."""

from __future__ import annotations

import json
from pathlib import Path

# Spelled in two parts so this file does not itself contain the markers it looks for.
SOLUTION, HIDDEN = "SOLUTION", "HIDDEN TESTS"
MARKERS = tuple(f"{edge} {kind}" for kind in (SOLUTION, HIDDEN) for edge in ("BEGIN", "END"))
MIN_LINE = 12  # shorter hidden-test lines ("assert x") are too generic to be a leak


def _regions(source: str, begin: str, end: str) -> list[str]:
    blocks, current = [], None
    for line in source.splitlines():
        if begin in line:
            current = []
        elif end in line and current is not None:
            blocks.append("\n".join(current).strip())
            current = None
        elif current is not None:
            current.append(line)
    return [b for b in blocks if b]


def secrets(solutions: Path) -> list[str]:
    """Texts that must never reach participants: solution blocks, hidden test lines and
    model answers (markdown answer cells of the source notebooks)."""
    found: list[str] = []
    for path in sorted(solutions.rglob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            source = "".join(cell["source"]) if isinstance(cell["source"], list) \
                else cell["source"]
            meta = cell.get("metadata", {}).get("nbgrader", {})
            found += _regions(source, MARKERS[0], MARKERS[1])
            for block in _regions(source, MARKERS[2], MARKERS[3]):
                found += [ln.strip() for ln in block.splitlines() if len(ln.strip()) >= MIN_LINE]
            if cell["cell_type"] == "markdown" and meta.get("solution"):
                found.append(source.strip().splitlines()[0][:80])
    return sorted(set(found))


def _text_files(folder: Path):
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in {".ipynb", ".py", ".md", ".txt", ".html", ".json",
                                              ".yml", ".yaml", ".csv", ".toml", ".cfg"}:
            yield path


def find_leaks(folder: Path, solutions: Path) -> list[str]:
    """Danish descriptions of every leak in FOLDER; an empty list means the folder is clean."""
    wanted = secrets(solutions)
    leaks = []
    for path in _text_files(folder):
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".ipynb":  # compare the cell text, not the JSON-escaped text
            try:
                nb = json.loads(text)
                text = "\n".join("".join(c["source"]) if isinstance(c["source"], list)
                                 else c["source"] for c in nb.get("cells", []))
            except (json.JSONDecodeError, KeyError, TypeError):
                pass
        name = path.relative_to(folder)
        for marker in MARKERS:
            if marker in text:
                leaks.append(f"{name}: indeholder markøren '{marker}'")
        for secret in wanted:
            if secret in text:
                leaks.append(f"{name}: indeholder løsningstekst: {secret[:60]!r}")
    return leaks
