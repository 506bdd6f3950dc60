"""Command-line check of scenario files: `digileder scenarie tjek FIL ...`."""

from __future__ import annotations

import argparse
from pathlib import Path

from digileder.scenarios.validate import list_ids, parse_text, validate_file, yaml_files


def _files(path: Path) -> list[Path]:
    """A folder stands for every .yml/.yaml file in it (`digileder scenarie tjek datasets/…`)."""
    try:
        if not path.is_dir():
            return [path]
        files = yaml_files(path)
    except OSError:
        return [path]  # validate_file says in Danish why it cannot be read
    print(f"{path} er en mappe. Hver .yml-fil i den bliver tjekket ({len(files)} filer).")
    return files


def check_main(argv: list[str] | None = None) -> int:
    """Tjek scenariefiler. Skriver 'i orden' eller alle fejl. Returnerer 0 (i orden) eller 1."""
    parser = argparse.ArgumentParser(
        prog="digileder scenarie tjek",
        description="Tjek at scenariefiler (YAML) kan bruges i kurset. Uden filnavne tjekkes "
                    "alle filer i datasets/scenarios/.",
    )
    parser.add_argument("filer", nargs="*", metavar="FIL", help="en eller flere .yml-filer")
    args = parser.parse_args(argv)
    paths = [found for name in args.filer for found in _files(Path(name))] if args.filer \
        else [path for _, path in list_ids()]
    if not paths:
        print("Der er ingen scenariefiler at tjekke.")
        return 1
    failed = 0
    for path in paths:
        problems = validate_file(path)
        if problems:
            failed += 1
            print(f"{path.name}: {len(problems)} fejl")
            for problem in problems:
                print(f"  - {problem}")
        else:
            scenario, _ = parse_text(path.read_text(encoding="utf-8"), path.name, path.stem)
            print(f"{path.name}: i orden ({len(scenario.situations)} situationer, "
                  f"{len(scenario.endings)} slutninger)")
    return 1 if failed else 0
