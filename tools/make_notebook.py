"""Build a clean course notebook from a percent-format text file (a drafting aid).

Cells start with a marker line:
  # %% [markdown]     a markdown cell
  # %%                a code cell, hidden from the participant (source_hidden)
  # %% visible        a code cell the participant sees (assignments, examples)
Usage: python tools/make_notebook.py draft.py modules/NN-slug.ipynb
The .ipynb is what is committed; edit it directly afterwards if you like.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat


def build(text: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                       "name": "python3"},
        "language_info": {"name": "python"},
    }
    blocks: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.startswith("# %%"):
            blocks.append((line[4:].strip(), []))
        elif blocks:
            blocks[-1][1].append(line)
    for marker, lines in blocks:
        body = "\n".join(lines).strip("\n")
        if marker == "[markdown]":
            body = "\n".join(ln[2:] if ln.startswith("# ") else ln.lstrip("#") for ln in
                             body.splitlines())
            nb.cells.append(nbformat.v4.new_markdown_cell(body))
        else:
            cell = nbformat.v4.new_code_cell(body)
            if marker != "visible":
                cell.metadata["jupyter"] = {"source_hidden": True}
                cell.metadata["tags"] = ["hide-input"]
            nb.cells.append(cell)
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index:02d}"
    return nb


if __name__ == "__main__":
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    nbformat.write(build(source.read_text(encoding="utf-8")), target)
    print(f"Skrev {target}")
