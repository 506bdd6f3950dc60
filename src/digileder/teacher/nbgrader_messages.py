"""nbgrader's English error lines, said in Danish to the teacher.

nbgrader's API returns its log ("[ERROR] There was an error processing assignment ...") and
a traceback. The teacher reads a Danish sentence for the errors nbgrader is known to give;
nbgrader's own most telling line is kept only as a detail ("nbgraders besked: …"), so the
teacher can search for it or show it to whoever runs the hub.
"""

from __future__ import annotations

import re

# (text in nbgrader's log, what it means and what the teacher does), most specific first.
KNOWN = (
    ("the kernel became unresponsive",
     "Kernen svarede ikke og kunne ikke afbrydes, fx en uendelig løkke, der bruger meget "
     "hukommelse. Se deltagerens kode, og bedøm afleveringen alene med --force."),
    ("error accessing the nbgrader database",
     "Karakterbogen kunne ikke læses. Tag en kopi af gradebook.db, og kør så: "
     "nbgrader db upgrade"),
    ("use an old version",
     "Notesbogen har nbgrader-oplysninger i et gammelt format, eller en celles oplysninger "
     "er slettet. Bed om en ny aflevering, eller ret cellen i formgrader."),
    ("use an newer version",
     "Notesbogen er lavet med en nyere nbgrader end den, der er installeret her. Opdatér "
     "kursets miljø."),
    ("metadata may be corrupted",
     "nbgrader-oplysningerne i notesbogen er beskadigede, fx fordi en celle er ændret i hånden "
     "uden for JupyterLab. Bed om en ny aflevering."),
    ("No assignment with ID",
     "Opgaven findes ikke i karakterbogen endnu. Udlever den først med: digileder release "
     "OPGAVE"),
    ("No student with ID",
     "Deltageren findes ikke i karakterbogen. Tilføj deltageren med: digileder roster add ID"),
    ("No notebooks were matched",
     "Der er ingen notesbog med opgavens navn i mappen."),
    ("Destination already exists",
     "Opgaven ligger der allerede, og nbgrader skriver ikke oven i den."),
    ("CellTimeoutError",
     "En celle kørte længere end tidsgrænsen (c.Execute.timeout)."),
    ("Permission denied",
     "Der mangler adgang til en fil eller mappe. Tjek rettighederne på holdets mappe og "
     "exchange-mappen."),
)
UNKNOWN = "nbgrader kunne ikke gøre det færdigt, og fejlen er ikke en, jeg kender. Se loggen."
# nbgrader's summing-up lines say nothing about the cause.
GENERIC = ("There was an error processing assignment", "Please see the", "Traceback (most",
           "errors on the above failures", "Canceled")
PREFIX = re.compile(r"^\[[^\]]*\]\s*")  # "[ERROR] ", "[AutogradeApp | ERROR] "
EXCEPTION = re.compile(r"^[\w.]*(Error|Exception|Exit)\b")


def _detail(lines: list[str]) -> str:
    """nbgrader's most telling line: the exception a traceback ends with, else the last line
    that is not a summing-up one."""
    telling = [line for line in lines if not any(g in line for g in GENERIC)]
    exceptions = [line for line in telling if EXCEPTION.match(line)]
    chosen = (exceptions or telling or lines or [""])[-1]
    return chosen[:200]


def explain(error: str, log: str = "") -> tuple[str, str]:
    """(Danish sentence, 'nbgraders besked: …') for nbgrader's ERROR and LOG."""
    lines = [PREFIX.sub("", line).strip() for line in f"{error}\n{log}".splitlines()]
    lines = [line for line in lines if line]
    for needle, danish in KNOWN:
        found = [line for line in lines if needle in line]
        if found:
            return danish, f"nbgraders besked: {found[-1][:200]}"
    return UNKNOWN, f"nbgraders besked: {_detail(lines) or 'ingen'}"
