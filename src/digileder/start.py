"""`digileder start`: the self-study learner's way in on Windows, macOS and Linux.

Creates or updates the learner's own course folder (default ~/digileder-kursus) from the
participant edition the package carries, then opens JupyterLab on module 00 (or Voila with
--app). An update goes through digileder.owned_copy with keep_edited=True: a module the
learner changed, mine-svar/ and the learner's own files are never overwritten. Pure pathlib and
`python -m` (no make, bash or symlinks), so it runs wherever Python and pip do.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from importlib import resources
from pathlib import Path

from digileder import owned_copy, participant_edition

WHAT = "kurset"
FOLDER_NAME = "digileder-kursus"
CHECKOUT = Path(__file__).resolve().parents[2]


class StartError(ValueError):
    """Printed as "Fejl: ..." by digileder.cli (message in Danish)."""


def default_folder() -> Path:
    return Path.home() / FOLDER_NAME


def _packaged_edition() -> Path | None:
    """digileder/edition in an installed wheel (setup.py puts it there)."""
    edition = resources.files("digileder").joinpath("edition")
    return Path(str(edition)) if edition.is_dir() else None


def update_folder(folder: Path, report=print) -> owned_copy.CopyReport:
    """Create or update the learner's course folder; the learner's changes always stay."""
    with tempfile.TemporaryDirectory(prefix="digileder-udgave-") as staging:
        source = _packaged_edition()
        if source is None:  # an editable install: build the edition from the checkout
            if not (CHECKOUT / "modules").is_dir():
                raise StartError("Kurset mangler i den installerede pakke. Installér den igen "
                                 "med: python -m pip install --force-reinstall digileder")
            source = participant_edition.assemble(CHECKOUT, Path(staging) / "udgave",
                                                  with_package=False, selfstudy=True)
            leaks = participant_edition.find_leaks(source, CHECKOUT / "solutions")
            if leaks:
                raise StartError("Kursets udgave indeholder løsninger:\n- " + "\n- ".join(leaks))
        try:
            changes = owned_copy.copy_owned(source, folder, WHAT, keep_edited=True)
        except owned_copy.OwnedCopyError as err:
            raise StartError(f"{err} Brug fx: digileder start --mappe "
                             f"{folder.parent / (FOLDER_NAME + '-2')}") from None
    report(f"Kurset ligger i {folder}")
    for line in changes.lines():
        report(f"  {line}")
    if changes.kept:
        report("  Dine egne ændringer er beholdt. Vil du se kursets nye udgave af en fil, du "
               "har ændret, så omdøb din fil og kør digileder start igen.")
    return changes


def _apply_lab_settings(report) -> None:
    """The course's Danish Lab settings in this Python environment (labconfig)."""
    from digileder import labconfig

    try:
        labconfig.configure()
    except OSError as err:
        report(f"Bemærk: Jeg kunne ikke gemme kursets JupyterLab-indstillinger ({err}). "
               "Kurset virker, men menuerne kan være på engelsk.")
    except labconfig.LabConfigError as err:
        report(f"Bemærk: {err} Kurset virker, men menuerne kan være på engelsk.")


def server_command(folder: Path, app: bool, browser: bool, port: int | None) -> list[str]:
    start = participant_edition.START_PAGE
    if app:
        cmd = [sys.executable, "-m", "voila", "--Voila.ip=127.0.0.1", "modules"]
        cmd += [f"--Voila.port={port}", "--Voila.port_retries=0"] if port else []
        return cmd + ([] if browser else ["--no-browser"])
    cmd = [sys.executable, "-m", "jupyterlab", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.root_dir={folder}", start]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers; Lab refuses root without it
    cmd += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"] if port else []
    return cmd + ([] if browser else ["--no-browser"])


def run(args: argparse.Namespace) -> int:
    folder = Path(args.mappe).expanduser().absolute() if args.mappe else default_folder()
    update_folder(folder)
    if args.kun_opdater:
        return 0
    _apply_lab_settings(print)
    print("Kurset åbner i din browser. Luk det ved at trykke Ctrl+C her i vinduet."
          if not args.ingen_browser else "Åbn adressen herunder i din browser.")
    try:
        return subprocess.call(server_command(folder, args.app, not args.ingen_browser,
                                              args.port), cwd=folder)
    except KeyboardInterrupt:
        return 0


def register(commands: argparse._SubParsersAction) -> None:
    start = commands.add_parser(
        "start", help="Åbn kurset på din egen computer (selvstudium)",
        description="Lægger kurset i din egen mappe (første gang) eller henter den nye udgave "
                    "fra den installerede pakke, og åbner modul 00 i JupyterLab. Dine egne "
                    "ændringer og mappen mine-svar bliver aldrig overskrevet.")
    start.add_argument("--app", action="store_true",
                       help="åbn kurset som en app uden kode (Voilà) i stedet for JupyterLab")
    start.add_argument("--mappe", metavar="MAPPE",
                       help=f"din kursusmappe (standard: {FOLDER_NAME} i din hjemmemappe)")
    start.add_argument("--kun-opdater", action="store_true",
                       help="opret eller opdatér kursusmappen uden at åbne kurset")
    start.add_argument("--ingen-browser", action="store_true",
                       help="åbn ikke browseren (adressen står i vinduet)")
    start.add_argument("--port", type=int, help="portnummer (standard: en ledig port)")
    start.set_defaults(run=run)
