"""The participant edition of the course: modules, data and released assignments, no solutions.

Assembled for the teacher's bundle (`digileder bundle`) and, at build time, for the wheel
(setup.py), which is why this file uses the standard library only and loads the leak scan by
its path: the build runs before the package's dependencies are installed.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

# selvstudie/ is copied as it is when the source is itself a self-study bundle.
TREE = ("modules", "datasets", "assignments", "selvstudie", "LICENSE", "LICENSE-CONTENT.md")
PACKAGE_FILES = ("src", "pyproject.toml", "setup.py", "MANIFEST.in", "environment.yml")


def _load(relative: str):
    """A stdlib-only module of this package, loaded by path (the build has no package yet)."""
    path = Path(__file__).parent / relative
    spec = importlib.util.spec_from_file_location(f"_digileder_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The folder name is written once, in folders.py (digileder.paths.ANSWERS_FOLDER too).
ANSWERS_FOLDER = _load("folders.py").ANSWERS_FOLDER
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", ANSWERS_FOLDER,
                                "*.egg-info", ".DS_Store")
START_PAGE = "modules/00-kom-godt-i-gang.ipynb"


def readme(with_package: bool, selfstudy: bool = False) -> str:
    """README for participants: only commands and links that work in this edition."""
    own_machine = (
        "## På din egen computer\n\n"
        "Du skal bruge Python 3.11 eller nyere. Åbn en terminal i denne mappe, og skriv:\n\n"
        "```\npython -m pip install .\npython -m digileder start\n```\n\n"
        "`digileder start` lægger en kopi af kurset i mappen `digileder-kursus` i din "
        "hjemmemappe og åbner modul 00 i JupyterLab. `digileder start --app` åbner kurset som "
        "en app uden kode.\n"
        if with_package else
        "## Sådan åbner du kurset igen\n\n"
        "Skriv `digileder start` i en terminal. Kommandoen henter en ny version af kurset, hvis "
        "der er en, og åbner modul 00. Dine egne ændringer og mappen "
        f"`{ANSWERS_FOLDER}/` bliver ikke overskrevet. `digileder start --app` åbner kurset "
        "som en app uden kode.\n"
    )
    return (
        "# Bliv skarp på rollen som digital leder\n\n"
        "Et interaktivt kursus for ledere i Teknik og Miljø. Du arbejder i notesbøger med "
        "tekst, diagrammer, knapper og felter. Du skal ikke kunne programmere.\n\n"
        f"Begynd med [modul 00: Kom godt i gang]({START_PAGE}). Her står kursusoversigten "
        "med alle moduler.\n\n"
        "## På holdets JupyterHub\n\n"
        "Din underviser giver dig et link. Når du klikker på det, åbner kurset i din browser. "
        "Opgaverne A1–A5 udleverer og indsamler underviseren.\n\n"
        f"{own_machine}\n"
        + ("## Arbejder du alene?\n\n"
           "Så åbn [selvstudie/selvstudie.ipynb](selvstudie/selvstudie.ipynb). Her er "
           "bedømmelseskriterierne til opgaverne, eksempler på gode svar (når du har skrevet "
           "dit eget) og en forklaring af opgavernes test.\n\n" if selfstudy else "")
        + "## Dine svar\n\n"
        f"Dine egne svar gemmes i mappen `{ANSWERS_FOLDER}/`. Den er din egen og bliver aldrig "
        "overskrevet, når du henter en ny version af kurset.\n\n"
        "## Data og licens\n\n"
        "Hvad data er, og hvad du må konkludere ud fra dem, står i "
        "[datasets/README.md](datasets/README.md). Koden er under MIT-licensen "
        "([LICENSE](LICENSE)); tekster og data under CC BY 4.0 "
        "([LICENSE-CONTENT.md](LICENSE-CONTENT.md)).\n"
    )


def assemble(repo: Path, target: Path, with_package: bool, selfstudy: bool = False) -> Path:
    """Copy the participant edition from REPO into the new folder TARGET; with SELFSTUDY
    also selvstudie/ (rubrics, example answers, the checks explained)."""
    target.mkdir(parents=True)
    for name in TREE + (PACKAGE_FILES if with_package else ()):
        source = repo / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=IGNORE)
        elif source.is_file():
            shutil.copy2(source, target / name)
    if selfstudy and (repo / "solutions").is_dir():
        _load("selfstudy/guide.py").write(repo, target)
    (target / "README.md").write_text(readme(with_package, selfstudy), encoding="utf-8")
    return target


def find_leaks(folder: Path, solutions: Path) -> list[str]:
    """digileder.teacher.leaks.find_leaks, loaded by path (works before the build too)."""
    return _load("teacher/leaks.py").find_leaks(folder, solutions)
