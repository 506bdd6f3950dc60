"""Underviserens kommandoer til `digileder` (hjælpetekst på dansk).

The lead wires `register(commands)` into digileder/cli.py; `main(argv)` runs the same
commands on their own (used in tests and during development).
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from pathlib import Path

from digileder.teacher.errors import TeacherError, os_error_message
from digileder.teacher.roster import ID_RULE


def _course(args: argparse.Namespace) -> Path:
    from digileder.teacher.locations import check_course_root, find_course_root

    if getattr(args, "course", None):
        return check_course_root(Path(args.course).expanduser().resolve())
    return find_course_root()


def _course_init(args) -> int:
    from digileder.teacher.course_init import init_course

    init_course(Path(args.dir), roster=Path(args.roster) if args.roster else None,
                course_id=args.course_id, db_url=args.db,
                exchange=Path(args.exchange) if args.exchange else None, timeout=args.timeout)
    return 0


def _roster_add(args) -> int:
    from digileder.teacher import roster_store
    from digileder.teacher.roster import lowercase_note, make_student

    student = make_student(args.id, args.first_name, args.last_name, args.email)
    changes = roster_store.add_students(_course(args), [student])
    if student.id != args.id.strip():
        print(lowercase_note([f"{args.id.strip()} → {student.id}"]))
    print(roster_store.describe(changes))
    return 0


def _roster_import(args) -> int:
    from digileder.teacher import roster_store
    from digileder.teacher.roster import read_roster

    root = _course(args)
    changes = roster_store.add_students(root, read_roster(Path(args.file)))
    print(roster_store.describe(changes))
    print(f"Holdlisten ligger i {roster_store.roster_path(root)}. Ingen deltagere er fjernet.")
    return 0


def _at_least_one(meaning_of_zero: str):
    """An argparse type: a whole number of at least 1, refused in Danish with what 0 means."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = 0
        if value < 1:
            raise argparse.ArgumentTypeError(
                f"'{text}' er ikke et helt tal på mindst 1 ({meaning_of_zero})")
        return value
    return parse


def _generate(_args) -> int:
    from digileder.teacher.generate import regenerate

    regenerate()
    return 0


def _release(args) -> int:
    from digileder.teacher.danish_time import parse_danish
    from digileder.teacher.workflow import release

    due = parse_danish(args.due) if args.due else None
    release(_course(args), args.assignment, force=args.force, due=due)
    return 0


def _collect(args) -> int:
    from digileder.teacher.collect import collect

    collect(_course(args), args.assignment)
    return 0


def _add_submission(args) -> int:
    from digileder.teacher.danish_time import parse_danish
    from digileder.teacher.file_submission import add_submission

    add_submission(_course(args), args.assignment, args.id, Path(args.file),
                   when=parse_danish(args.tid) if args.tid else None)
    return 0


def _status(args) -> int:
    from digileder.teacher.status import show_status

    show_status(_course(args), args.assignment, csv_path=Path(args.csv) if args.csv else None)
    return 0


def _grade(args) -> int:
    from digileder.teacher.grading import grade_assignment, summary

    result = grade_assignment(_course(args), args.assignment, workers=args.workers,
                              force=args.force, sandbox=not args.uden_sandkasse)
    print(summary(result))
    return 1 if result.with_problems() else 0


def _feedback(args) -> int:
    from digileder.teacher.feedback import generate_feedback

    result = generate_feedback(_course(args), args.assignment, force=args.force,
                               release=not args.no_release)
    return 1 if result.problems else 0


def _export(args) -> int:
    from digileder.teacher.export import export

    export(_course(args), Path(args.out) if args.out else None)
    return 0


def _bundle(args) -> int:
    from digileder.teacher.bundle import make_bundle

    make_bundle(Path(args.dir), force=args.force, selfstudy=args.selvstudie)
    return 0


def _explain_errors(parser: argparse.ArgumentParser, explanation: str) -> None:
    """Add EXPLANATION to every error PARSER reports (e.g. `roster add -rf`, which argparse
    takes for an unknown option and answers only with 'du mangler at angive: ID')."""
    report = parser.error
    parser.error = lambda message: report(f"{message}\n{explanation}")


def register(commands: argparse._SubParsersAction) -> None:
    """Tilføj underviserens kommandoer til `digileder`."""
    course_help = "holdets mappe (standard: mappen du står i, eller $DIGILEDER_TEACHER_COURSE)"

    course = commands.add_parser("course", help="Opret et hold (en mappe til nbgrader)")
    course_cmds = course.add_subparsers(title="kommandoer", metavar="KOMMANDO")
    init = course_cmds.add_parser(
        "init", help="Opret holdets mappe uden for kursets repository",
        description="Opretter holdets mappe med nbgrader-opsætning, opgaverne fra solutions/ "
                    "og (valgfrit) holdlisten. Mappen må ikke ligge i kursets repository.")
    init.add_argument("dir", metavar="MAPPE", help="holdets nye mappe, fx ~/digileder-hold")
    init.add_argument("--roster", metavar="CSV",
                      help="holdliste med kolonnerne id,first_name,last_name,email")
    init.add_argument("--course-id", default="digileder", help="holdets id (standard: digileder)")
    init.add_argument("--db", metavar="URL",
                      help="karakterbog som SQLAlchemy-adresse, fx postgresql://… "
                           "(standard: SQLite i holdets mappe)")
    init.add_argument("--exchange", metavar="MAPPE",
                      help="delt mappe til udlevering og aflevering (standard: MAPPE/exchange)")
    init.add_argument("--timeout", type=_at_least_one("0 ville betyde: ingen tidsgrænse"),
                      default=120, metavar="SEKUNDER",
                      help="sekunder en celle må køre ved bedømmelse (standard: 120)")
    init.set_defaults(run=_course_init)

    def with_course(parser):
        parser.add_argument("--course", metavar="MAPPE", help=course_help)
        return parser

    roster = commands.add_parser("roster", help="Tilføj deltagere til et hold, der er i gang")
    roster_cmds = roster.add_subparsers(title="kommandoer", metavar="KOMMANDO")
    add = with_course(roster_cmds.add_parser(
        "add", help="Tilføj én deltager (eller ret navn og e-mail)",
        description="Lægger deltageren i karakterbogen og i holdets holdliste.csv. Kører du "
                    "den igen, sker der intet nyt."))
    add.add_argument("id", metavar="ID", help="brugernavnet på JupyterHub, fx anna-holm")
    add.add_argument("--first-name", default="", metavar="FORNAVN")
    add.add_argument("--last-name", default="", metavar="EFTERNAVN")
    add.add_argument("--email", default="", metavar="E-MAIL")
    add.set_defaults(run=_roster_add)
    _explain_errors(add, "Et id er deltagerens brugernavn på JupyterHub, fx anna-holm: "
                         f"{ID_RULE}. Det kan derfor aldrig starte med '-' (fx -rf).")
    imp = with_course(roster_cmds.add_parser(
        "import", help="Tilføj deltagerne fra en holdliste (CSV), fx midt i forløbet",
        description="Nye deltagere tilføjes, navne og e-mails opdateres, og ingen fjernes. "
                    "Filen må være gemt fra Excel (semikolon, UTF-8 eller Windows-tegnsæt)."))
    imp.add_argument("file", metavar="CSV", help="holdliste med kolonnerne "
                                                 "id,first_name,last_name,email")
    imp.set_defaults(run=_roster_import)

    assignments = commands.add_parser("assignments", help="Opgaverne i repository")
    assignment_cmds = assignments.add_subparsers(title="kommandoer", metavar="KOMMANDO")
    generate = assignment_cmds.add_parser(
        "generate", help="Lav assignments/ forfra ud fra solutions/ (ret aldrig i assignments/)")
    generate.set_defaults(run=_generate)

    release = with_course(commands.add_parser(
        "release", help="Lav en opgave og udlever den til deltagerne"))
    release.add_argument("assignment", metavar="OPGAVE", help="fx a1-laes-tallene")
    release.add_argument("--force", action="store_true",
                         help="lav deltagerudgaven om og udlever den igen (efter en rettelse)")
    release.add_argument("--due", metavar="TID",
                         help="afleveringsfrist i dansk tid, fx '2026-12-01 12:00'. Er opgaven "
                              "allerede udleveret, ændres kun fristen")
    release.set_defaults(run=_release)

    collect = with_course(commands.add_parser(
        "collect", help="Hent afleveringerne; viser nye, afleveret igen, for sent og ukendte",
        description="Henter afleveringerne til submitted/. En tidligere udgave gemmes i "
                    "tidligere-afleveringer/, før den nye lægges ind. Intet slettes."))
    collect.add_argument("assignment", metavar="OPGAVE", help="fx a1-laes-tallene")
    collect.set_defaults(run=_collect)

    add_sub = with_course(commands.add_parser(
        "add-submission", help="Læg en aflevering, du har fået som fil (fx på e-mail), ind",
        description="For deltagere, der ikke er på hubben: Filen lægges i exchange-mappen, "
                    "som var den afleveret i panelet Dine opgaver. Hent den bagefter med "
                    "digileder collect OPGAVE."))
    add_sub.add_argument("assignment", metavar="OPGAVE", help="fx a1-laes-tallene")
    add_sub.add_argument("id", metavar="ID", help="deltagerens id på holdlisten, fx anna-holm")
    add_sub.add_argument("file", metavar="FIL", help="notesbogen, fx a1-laes-tallene.ipynb")
    add_sub.add_argument("--tid", metavar="TID",
                         help="hvornår deltageren afleverede, i dansk tid, fx '2026-12-01 "
                              "21:30' (standard: nu)")
    add_sub.set_defaults(run=_add_submission)

    grade = with_course(commands.add_parser(
        "grade", help="Bedøm alle afleveringer af en opgave automatisk, flere ad gangen",
        description="Bedømmer hver aflevering med nbgrader, flere parallelt, og viser "
                    "fremdrift. Deltagernes kode kører i en sandkasse (bubblewrap), som kun ser "
                    "afleveringen selv og kursets data. En aflevering med fejl stopper ikke de "
                    "andre."))
    grade.add_argument("assignment", metavar="OPGAVE", help="fx a1-laes-tallene")
    grade.add_argument("--workers", type=_at_least_one(
                           "antal samtidige bedømmelser; udelad --workers for én pr. kerne"),
                       default=None, metavar="ANTAL",
                       help=f"antal samtidige bedømmelser (standard: {os.cpu_count()})")
    grade.add_argument("--force", action="store_true",
                       help="bedøm alle igen, også uændrede afleveringer")
    grade.add_argument("--uden-sandkasse", action="store_true",
                       help="kør deltagernes kode uden sandkasse, med dine rettigheder (kun hvis "
                            "du stoler på alle afleveringer, eller bubblewrap mangler)")
    grade.set_defaults(run=_grade)

    status = with_course(commands.add_parser(
        "status", help="Én række pr. deltager: afleveret, mangler, for sent, bedømt …"))
    status.add_argument("assignment", metavar="OPGAVE", help="fx a1-laes-tallene")
    status.add_argument("--csv", metavar="FIL", help="gem også oversigten som CSV til Excel")
    status.set_defaults(run=_status)

    feedback = with_course(commands.add_parser(
        "feedback", help="Lav feedback (HTML) uden skjulte test og udlever den"))
    feedback.add_argument("assignment", metavar="OPGAVE", help="fx a1-laes-tallene")
    feedback.add_argument("--force", action="store_true", help="lav eksisterende feedback om")
    feedback.add_argument("--no-release", action="store_true",
                          help="lav kun HTML-filerne, udlever dem ikke")
    feedback.set_defaults(run=_feedback)

    export = with_course(commands.add_parser(
        "export", help="Karakterer til CSV og en anonym holdoversigt (HTML)"))
    export.add_argument("--out", metavar="MAPPE", help="hvor filerne lægges (standard: export/)")
    export.set_defaults(run=_export)

    bundle = commands.add_parser(
        "bundle", help="Lav deltagerudgaven af kurset (uden løsninger og skjulte test)")
    bundle.add_argument("dir", metavar="MAPPE",
                        help="en ny eller tom mappe eller en tidligere deltagerudgave, "
                             "fx ~/digileder-deltager")
    bundle.add_argument("--force", action="store_true",
                        help="opdatér en tidligere deltagerudgave (kun dens egne filer)")
    bundle.add_argument("--selvstudie", action="store_true",
                        help="udgave til selvstudium: bedømmelseskriterier, eksempler på gode "
                             "svar (vises først, når deltageren har skrevet sit eget) og "
                             "forklaring af opgavernes test")
    bundle.set_defaults(run=_bundle)


def closed_pipe() -> int:
    """The reader of our output has gone (`digileder status A | head`): stop quietly, as Unix
    tools do, instead of 'Broken pipe'. Output still buffered would fail again when Python
    exits, so stdout now goes nowhere."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 141  # 128 + SIGPIPE: the status a shell shows for a tool stopped by a closed pipe


def main(argv: list[str] | None = None) -> int:
    """Kør underviserens kommandoer alene (samme kommandoer som i `digileder`)."""
    from digileder import cli_danish

    cli_danish.install()
    parser = argparse.ArgumentParser(prog="digileder", description="Underviserens værktøjer.")
    register(parser.add_subparsers(title="kommandoer", metavar="KOMMANDO"))
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 1
    warnings.filterwarnings("ignore", module="sqlalchemy")
    try:
        code = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, not as 'Exception ignored' at exit
        return code
    except TeacherError as err:
        print(f"Fejl: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return closed_pipe()
    except OSError as err:
        print(f"Fejl: {os_error_message(err)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
