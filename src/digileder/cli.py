"""The `digileder` command for teachers and maintainers (help text in Danish)."""

from __future__ import annotations

import argparse
import sys

from digileder import cli_danish, data, start
from digileder.teacher import cli as teacher_cli
from digileder.teacher.errors import os_error_message


def _check_data(_args: argparse.Namespace) -> int:
    for name in data.resource_names():
        table = data.read_table(name)
        print(f"{name}: {len(table)} rækker – i orden")
    return 0


def _check_scenarios(args: argparse.Namespace) -> int:
    from digileder.scenarios.check import check_main

    return check_main(args.filer)


def build_parser() -> argparse.ArgumentParser:
    cli_danish.install()
    parser = argparse.ArgumentParser(
        prog="digileder",
        description="Værktøjer til kurset Bliv skarp på rollen som digital leder.",
    )
    commands = parser.add_subparsers(title="kommandoer", metavar="KOMMANDO")
    start.register(commands)
    check = commands.add_parser(
        "data", help="Tjek at kursets datafiler passer til deres beskrivelse"
    )
    check.set_defaults(run=_check_data)

    scenario = commands.add_parser("scenarie", help="Værktøjer til forgreningsscenarier")
    scenario_commands = scenario.add_subparsers(title="kommandoer", metavar="KOMMANDO")
    scenario_check = scenario_commands.add_parser(
        "tjek", help="Tjek scenariefiler (alle i datasets/scenarios, hvis du ikke angiver filer)"
    )
    scenario_check.add_argument("filer", nargs="*", metavar="FIL")
    scenario_check.set_defaults(run=_check_scenarios)

    teacher_cli.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 1
    try:
        code = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, not as 'Exception ignored' at exit
        return code
    except (data.DataError, ValueError) as err:
        print(f"Fejl: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `digileder status A | head`: the reader has gone
        return teacher_cli.closed_pipe()
    except OSError as err:  # wrong path, no access, full disk: a sentence, not a traceback
        print(f"Fejl: {os_error_message(err)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
