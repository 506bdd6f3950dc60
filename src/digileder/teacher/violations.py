"""Danish notes for the teacher when a submission ran into a grading limit.

Read from the executed notebook nbgrader wrote from what the kernel sent back over the
kernel protocol (never from files the participant's code could write): which cells hit the
memory limit, the process limit, the file size limit, the space of its temporary
folders, the output limit (sandbox_output.py) or the time limit of a cell.
"""

from __future__ import annotations

import json
from pathlib import Path

from digileder.teacher.sandbox_output import LATER_MARK, NOTE_MARK


def _kind(output: dict) -> str | None:
    name = output.get("ename", "")
    value = output.get("evalue", "")
    if name == "MemoryError":
        return "memory"
    if (name == "BlockingIOError" and "temporarily unavailable" in value) or \
            "can't start new thread" in value:
        return "processes"
    if "File too large" in value:
        return "file"
    if "No space left on device" in value:  # /tmp, /dev/shm or /aflevering is full
        return "space"
    if name == "KeyboardInterrupt":  # nbclient interrupts a cell at the time limit
        return "timeout"
    return None


def _cells(notebook: Path) -> dict[str, list[str]]:
    """kind of violation -> the cells (grade id or number) where it showed."""
    try:
        nb = json.loads(notebook.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    found: dict[str, list[str]] = {}
    for number, cell in enumerate(nb.get("cells", []), start=1):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            kind = _kind(output) if output.get("output_type") == "error" else None
            text = str(output.get("text")) if output.get("output_type") == "stream" else ""
            if NOTE_MARK in text:  # sandbox_output.py cut the rest of the cell's output
                kind = "output_later" if LATER_MARK in text else "output"
            if kind:
                name = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") \
                    or f"nr. {number}"
                found.setdefault(kind, []).append(name)
    return found


def notes(folder: Path, timeout: int, limits=None) -> str:
    """One Danish sentence per kind of limit the notebooks in FOLDER ran into ('' if none).

    LIMITS is the sandbox's Settings (None when graded without the sandbox)."""
    found: dict[str, list[str]] = {}
    for notebook in sorted(folder.glob("*.ipynb")):
        for kind, cells in _cells(notebook).items():
            found.setdefault(kind, []).extend(cells)
    texts = {
        "memory": "ramte hukommelsesgrænsen" + (f" ({limits.memory_mib} MiB, "
                                                "c.Sandbox.memory_mib)" if limits else ""),
        "processes": "prøvede at starte flere processer, end grænsen tillader" + (
            f" ({limits.max_processes}, c.Sandbox.max_processes)" if limits else ""),
        "file": "prøvede at skrive en fil, der er større end grænsen" + (
            f" ({limits.file_size_mib} MiB, c.Sandbox.file_size_mib)" if limits else ""),
        "space": "fyldte sin midlertidige plads (/tmp, /dev/shm eller afleveringens mappe) op"
                 + (f" ({limits.file_size_mib} MiB hver, c.Sandbox.file_size_mib)"
                    if limits else ""),
        "output": "skrev mere output ud, end grænsen tillader" + (
            f" ({limits.output_mib} MiB i alt, c.Sandbox.output_mib)" if limits
            else " (c.Sandbox.output_mib)") + ", så resten er fjernet",
        "output_later": "skrev ud, efter at en tidligere celle havde brugt grænsen for output "
                        "op, så det output er også fjernet",
        "timeout": f"kørte længere end tidsgrænsen ({timeout} s, c.Execute.timeout) og blev "
                   "stoppet",
    }
    out = []
    for kind, text in texts.items():
        if kind in found:
            cells = ", ".join(dict.fromkeys(found[kind]))
            out.append(f"Koden i celle {cells} {text}.")
    return " ".join(out)


def memory_stopped(limits) -> str:
    """The note when the memory watch (sandbox_memory.py) stopped a submission."""
    return (f"Koden ramte hukommelsesgrænsen ({limits.memory_mib} MiB, c.Sandbox.memory_mib): "
            "alt, hvad afleveringen kørte, brugte tilsammen mere hukommelse end det, så alle "
            "dens processer blev stoppet. Skal opgaven bruge mere, så hæv grænsen i "
            "nbgrader_config.py, og bedøm deltageren igen med --force.")
