"""`digileder grade`: autograde every submission of an assignment, in parallel, safely.

Design (nbgrader has no parallel autograde, its issue #174, and SQLite is not safe for
several writers):

1. Snapshot. The course gradebook is copied once to a template SQLite file (SQLite's
   backup API). For another database (e.g. PostgreSQL) the template is built by
   nbgrader's generate_assignment from source/ instead, and the due date is copied.
2. Workers. N worker processes each take one participant at a time. A worker builds a
   private course root in a temporary folder (source/ linked, the participant's
   submitted/ folder copied, its own copy of the template gradebook) and runs nbgrader's
   own autograde there through NbGraderAPI. So every grade is computed by exactly the code
   serial `nbgrader autograde` runs, and no two processes ever write the same database.
3. Merge. The main process alone writes to the course gradebook: for each finished
   participant it copies the submission's timestamp, late penalty, auto scores,
   needs-manual-grade flags and auto comments from the private gradebook, and moves the
   autograded folder into place. Merging is serial, in the order results arrive.

Participant code runs in a sandbox (digileder.teacher.sandbox): each kernel sees only a
copy of its own submission and the course data, and everything it started is killed before
its grades are read. Without bubblewrap grading refuses, unless sandbox=False
(`--uden-sandkasse`).

A broken submission (invalid JSON, no notebook with the right name, a crashed worker)
gives a Danish error for that participant; the batch continues. A submission whose
autograded copy is of the same submission time is skipped unless --force is given; a
resubmission is graded again, and a manual grade whose answer changed is flagged for the
teacher (answers.py). A submitted folder is never changed.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
import warnings
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from digileder.danish import count
from digileder.teacher import config as course_config
from digileder.teacher import sandbox as grading_sandbox
from digileder.teacher.answers import changed_answers, duplicate_notes, read_notebooks
from digileder.teacher.errors import TeacherError
from digileder.teacher.submissions import notebook_names, submitted_students, up_to_date
from digileder.teacher.workflow import require_assignment

MAX_ATTEMPTS = 2


@dataclass
class Outcome:
    """Resultatet for én deltager: bedømt, sprunget over eller fejl (med forklaring)."""

    student: str
    status: str  # "bedømt", "sprunget over", "fejl"
    message: str = ""
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)  # graded, but e.g. a cell timed out


@dataclass
class GradeReport:
    """Samlet resultat af en bedømmelse."""

    assignment: str
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    def by_status(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    def with_problems(self) -> list[Outcome]:
        """Failed, or graded with a problem the teacher must look at."""
        return [o for o in self.outcomes if o.status == "fejl" or o.problems]


# --- step 1: the template gradebook --------------------------------------------------------

def _sqlite_path(db_url: str) -> Path | None:
    prefix = "sqlite:///"
    return Path(db_url[len(prefix):]) if db_url.startswith(prefix) else None


def _make_template(cfg, root: Path, assignment: str, work: Path) -> Path:
    template = work / "template.db"
    db_path = _sqlite_path(cfg.CourseDirectory.db_url)
    if db_path is not None:
        if not db_path.is_file():
            raise TeacherError(f"Karakterbogen {db_path} findes ikke. Kør først: "
                               f"digileder release {assignment}")
        with sqlite3.connect(db_path) as source, sqlite3.connect(template) as copy:
            source.backup(copy)
        return template
    from nbgrader.api import Gradebook

    scratch = work / "template-course"
    shutil.copytree(root / "source" / assignment, scratch / "source" / assignment)
    tcfg = course_config.load_course_config(root)
    tcfg.CourseDirectory.root = str(scratch)
    tcfg.CourseDirectory.db_url = f"sqlite:///{template}"
    result = course_config.make_api(tcfg).generate_assignment(assignment, force=True)
    if not result["success"]:
        raise TeacherError(f"Kunne ikke forberede bedømmelsen:\n{result['log']}")
    with Gradebook(cfg.CourseDirectory.db_url) as main, Gradebook(f"sqlite:///{template}") as tb:
        tb.update_or_create_assignment(assignment, duedate=main.find_assignment(assignment).duedate)
    return template


def _check_assignment_known(cfg, assignment: str) -> None:
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(cfg.CourseDirectory.db_url) as gradebook:
        try:
            gradebook.find_assignment(assignment)
        except MissingEntry:
            raise TeacherError(
                f"Opgaven '{assignment}' er ikke i karakterbogen endnu. Kør først: "
                f"digileder release {assignment}"
            ) from None


# --- step 2: the worker ----------------------------------------------------------------------

def _explain(log: str, error: str, submitted: Path, assignment: str) -> str:
    """Turn nbgrader's English log into one Danish sentence for the teacher."""
    text = f"{error}\n{log}"
    names = notebook_names(submitted)
    if "No notebooks found" in text:
        found = ", ".join(names) or "ingen .ipynb-filer"
        return (f"Ingen notesbog med det rigtige navn (fandt: {found}). Omdøb filen til "
                f"{assignment}.ipynb i submitted-mappen, og kør igen med --force.")
    if "NotJSONError" in text or "Notebook does not appear to be JSON" in text or \
            "JSONDecodeError" in text:
        return ("Notesbogen er ikke gyldig (ikke JSON) – filen er beskadiget. "
                "Bed om en ny aflevering.")
    if "duplicate" in text.lower() and "grade_id" in text:
        return "Notesbogen har to celler med samme id (en celle er kopieret). Se loggen."
    if "grading sandbox could not start a kernel" in text:
        return ("Sandkassen kunne ikke starte en kerne til afleveringen, fx fordi dens filer "
                "fylder mere end c.Sandbox.file_size_mib. Se loggen.")
    if "DeadKernelError" in text or "Kernel died" in text or "kernel died" in text:
        return ("Kernen stoppede under bedømmelsen, fx fordi koden brugte al sin CPU-tid "
                "(c.Sandbox.cpu_seconds) eller gik ned. Se loggen, og bedøm den evt. alene "
                "med --force.")
    last = [line for line in text.strip().splitlines() if line.strip()][-3:]
    return "nbgrader fejlede: " + " | ".join(last)


def _quiet_worker() -> None:
    """Keep nbgrader's log and the kernels' stderr (English warnings) out of the teacher's
    terminal; the API still captures nbgrader's log, and results travel back by return."""
    import logging

    warnings.filterwarnings("ignore")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)  # kernels inherit fd 2
    os.close(devnull)
    for name in ("traitlets", "NbGraderAPI"):
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.propagate = False


_FORKING = False  # per worker process: has _fork_kernels run here?


def _fork_kernels(work: str, box: grading_sandbox.Settings | None) -> None:
    """Once per worker: kernels come from a pre-warmed fork server (digileder.teacher.forkserver),
    which runs in the sandbox BOX unless grading is unsandboxed (box None).

    Without a sandbox, DIGILEDER_FORK_KERNELS=0 turns it off (every kernel starts anew).
    """
    global _FORKING
    if _FORKING or (box is None and os.environ.get("DIGILEDER_FORK_KERNELS") == "0"):
        return
    from digileder.teacher.forkserver import use_fork_server

    use_fork_server(Path(tempfile.mkdtemp(prefix="kernels-", dir=work)), box)
    _FORKING = True


def _grade_one(root: str, assignment: str, student: str, template: str, work: str,
               box: grading_sandbox.Settings | None = None) -> dict:
    """Run nbgrader's autograde for one participant in a private course root."""
    started = time.monotonic()
    _quiet_worker()
    _fork_kernels(work, box)
    private = Path(work) / student
    if private.exists():
        shutil.rmtree(private)
    (private / "submitted" / student).mkdir(parents=True)
    os.symlink(Path(root) / "source", private / "source")
    submitted = Path(root) / "submitted" / student / assignment
    shutil.copytree(submitted, private / "submitted" / student / assignment, symlinks=True)
    shutil.copy(template, private / "gradebook.db")
    cfg = course_config.load_course_config(Path(root))
    cfg.CourseDirectory.root = str(private)
    cfg.CourseDirectory.db_url = f"sqlite:///{private / 'gradebook.db'}"
    try:
        result = course_config.make_api(cfg).autograde(assignment, student, force=True,
                                                         create=True)
    except Exception as err:  # nbgrader raised instead of reporting
        result = {"success": False, "error": repr(err), "log": ""}
    if box is not None:  # nothing the submission started may outlive it: before any result
        from digileder.teacher.forkserver import end_submission

        end_submission()
    out = {"student": student, "success": bool(result.get("success")),
           "seconds": time.monotonic() - started,
           "notes": duplicate_notes(read_notebooks(submitted))}
    if out["success"]:
        from digileder.teacher.violations import notes

        limits = notes(private / "autograded" / student / assignment,
                       cfg.Execute.get("timeout", 30), box)
        out["problems"] = [limits] if limits else []
    else:
        out["message"] = _explain(result.get("log") or "", result.get("error") or "",
                                  submitted, assignment)
        out["log"] = f"{result.get('error') or ''}\n{result.get('log') or ''}"
    return out


# --- step 3: the serial merge ----------------------------------------------------------------

NO_RESPONSE = {"No response.": "Intet svar."}


def _merge(cfg, root: Path, assignment: str, student: str,
           private: Path) -> tuple[list[str], list[str]]:
    """Copy one participant's results into the course gradebook; return (notes, problems).

    A grade the teacher set by hand is kept only while the answer it was given for is the
    same; if the answer changed, the grade is flagged to be looked at again.
    """
    from nbgrader.api import Gradebook

    dest = root / "autograded" / student / assignment
    new_answers = read_notebooks(private / "autograded" / student / assignment)
    changed = changed_answers(read_notebooks(dest), new_answers)
    recheck = []
    with Gradebook(f"sqlite:///{private / 'gradebook.db'}") as done, \
            Gradebook(cfg.CourseDirectory.db_url) as main:
        graded = done.find_submission(assignment, student)
        main.update_or_create_student(student)
        target = main.update_or_create_submission(assignment, student)
        target.timestamp = graded.timestamp
        for notebook in graded.notebooks:
            main_nb = main.find_submission_notebook(notebook.name, assignment, student)
            main_nb.late_submission_penalty = notebook.late_submission_penalty
            for grade in notebook.grades:
                main_grade = main.find_grade(grade.name, notebook.name, assignment, student)
                if main_grade.manual_score is None:
                    main_grade.needs_manual_grade = grade.needs_manual_grade
                elif grade.name in changed or grade.auto_score != main_grade.auto_score:
                    main_grade.needs_manual_grade = True
                    recheck.append(grade.name)
                main_grade.auto_score = grade.auto_score
            for comment in notebook.comments:
                main.find_comment(comment.name, notebook.name, assignment, student) \
                    .auto_comment = NO_RESPONSE.get(comment.auto_comment, comment.auto_comment)
        main.db.commit()
        missing = sorted(grade.name for notebook in graded.notebooks for grade in notebook.grades
                         if grade.auto_score is None and grade.cell.cell_type == "code")
    if dest.exists():
        _remove_tree(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(private / "autograded" / student / assignment, dest)
    notes, problems = [], []
    if recheck:
        notes.append(f"Svaret er ændret, siden du bedømte det i hånden: {', '.join(recheck)}. "
                     "Dine point står der stadig, men se svaret igen i formgrader.")
    if missing:
        problems.append(f"{len(missing)} bedømt(e) celle(r) mangler i afleveringen og giver "
                        f"0 point: {', '.join(missing)}. Se efter i formgrader.")
    return notes, problems


def _remove_tree(path: Path) -> None:
    """Remove an autograded folder; nbgrader makes its files read-only (mode 444)."""
    for item in path.rglob("*"):
        item.chmod(0o755 if item.is_dir() else 0o644)
    shutil.rmtree(path)


# --- the batch -------------------------------------------------------------------------------

def grade_assignment(root: Path, assignment: str, workers: int | None = None,
                     force: bool = False, students: list[str] | None = None,
                     report: Callable[[str], None] = print,
                     sandbox: bool = True) -> GradeReport:
    """Bedøm alle afleveringer af ASSIGNMENT med WORKERS processer ad gangen.

    Allerede bedømte afleveringer springes over uden force=True. Fejl i én aflevering
    stopper ikke de andre; de står i rapporten med en forklaring. Deltagernes kode kører i
    en sandkasse; sandbox=False (--uden-sandkasse) kører den med dine rettigheder.
    """
    started = time.monotonic()
    warnings.filterwarnings("ignore", module="sqlalchemy")
    warnings.filterwarnings("ignore", message=".*not in session.*")
    root = root.resolve()
    require_assignment(root, assignment)
    cfg = course_config.load_course_config(root)
    _check_assignment_known(cfg, assignment)
    everyone = students or submitted_students(root, assignment)
    result = GradeReport(assignment)
    todo = []
    for student in everyone:
        if not (root / "submitted" / student / assignment).is_dir():
            result.outcomes.append(Outcome(student, "fejl", "Ingen aflevering i submitted/."))
        elif up_to_date(root, student, assignment) and not force:
            result.outcomes.append(Outcome(student, "sprunget over",
                                           "Allerede bedømt (brug --force for at bedømme igen)."))
        else:
            todo.append(student)
    if not everyone:
        report(f"Ingen afleveringer af {assignment} i {root / 'submitted'}. "
               f"Hent dem først: digileder collect {assignment}")
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))
    total = len(todo)
    box = None
    if total and sandbox:
        box = grading_sandbox.settings(cfg)
        grading_sandbox.check(box)  # refuses in Danish; never runs unprotected by itself
    elif total:
        report("Advarsel: bedømmer UDEN sandkasse. Deltagernes kode kører med dine "
               "rettigheder og kan læse og ændre alt, hvad du kan.")
    if total:
        report(f"Bedømmer {count(total, 'aflevering', 'afleveringer')} af {assignment} med "
               f"{count(workers, 'proces', 'processer')}"
               f"{' i sandkasse' if box else ''} …")
    with tempfile.TemporaryDirectory(prefix="digileder-grade-") as tmp:
        work = Path(tmp)
        template = _make_template(cfg, root, assignment, work) if todo else None
        attempts = {s: 0 for s in todo}
        queue = list(todo)
        done_count = 0
        while queue:
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context())
            running: dict[Future, str] = {}
            try:
                while queue or running:
                    while queue and len(running) < workers * 2:
                        student = queue[0]
                        future = pool.submit(_grade_one, str(root), assignment, student,
                                             str(template), str(work), box)
                        queue.pop(0)
                        attempts[student] += 1
                        running[future] = student
                    finished, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in finished:
                        student = running.pop(future)
                        outcome = _finish(future, cfg, root, assignment, student, work,
                                          attempts, queue)
                        if outcome is None:
                            continue  # will be retried in a fresh pool
                        result.outcomes.append(outcome)
                        done_count += 1
                        said = " ".join([outcome.message, *outcome.problems]).strip()
                        extra = f" – {student}: {said}" if said else ""
                        report(f"{done_count}/{total} bedømt{extra}")
            except BrokenProcessPool:
                # A worker died (e.g. killed for memory); retry its participants in a new pool.
                for future, student in running.items():
                    outcome = _finish(future, cfg, root, assignment, student, work,
                                      attempts, queue)
                    if outcome is not None:
                        result.outcomes.append(outcome)
                        done_count += 1
                        report(f"{done_count}/{total} bedømt")
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
    result.outcomes.sort(key=lambda o: o.student)
    result.seconds = time.monotonic() - started
    return result


def _context():
    """spawn: fresh worker processes. fork copies the parent's zmq state and breaks kernels.

    A script that calls grade_assignment must guard its top level with
    `if __name__ == "__main__":` (the digileder command and pytest do).
    """
    return get_context("spawn")


def _finish(future: Future, cfg, root: Path, assignment: str, student: str, work: Path,
            attempts: dict[str, int], queue: list[str]) -> Outcome | None:
    try:
        out = future.result()
    except BrokenProcessPool:
        if attempts[student] < MAX_ATTEMPTS:
            queue.append(student)
            return None
        return Outcome(student, "fejl", "Bedømmelsen gik ned to gange (for meget hukommelse "
                                        "eller et nedbrud i kernen?). Bedøm den alene.")
    except Exception as err:  # a bug in the worker itself: report it, keep going
        return Outcome(student, "fejl", f"Uventet fejl: {err!r}")
    if not out["success"]:
        log = root / "logs" / f"grade-{assignment}-{student}.log"
        log.parent.mkdir(exist_ok=True)
        log.write_text(out["log"], encoding="utf-8")
        return Outcome(student, "fejl", f"{out['message']} (log: {log})", out["seconds"])
    (root / "logs" / f"grade-{assignment}-{student}.log").unlink(missing_ok=True)
    try:
        notes, problems = _merge(cfg, root, assignment, student, work / student)
    except Exception as err:
        return Outcome(student, "fejl", f"Kunne ikke gemme karakteren: {err!r}", out["seconds"])
    shutil.rmtree(work / student, ignore_errors=True)
    return Outcome(student, "bedømt", " ".join(out["notes"] + notes), out["seconds"],
                   out["problems"] + problems)


def summary(report: GradeReport) -> str:
    """A Danish summary of a grading run, one line per problem.

    "med fejl" counts failed participants and graded ones with a problem (a cell stopped at
    the time limit, a missing cell): both need the teacher.
    """
    lines = [
        f"{report.assignment}: {len(report.by_status('bedømt'))} bedømt, "
        f"{len(report.by_status('sprunget over'))} sprunget over, "
        f"{len(report.with_problems())} med fejl ({report.seconds:.0f} s)."
    ]
    for outcome in report.by_status("fejl"):
        lines.append(f"  FEJL {outcome.student}: {outcome.message}")
    for outcome in report.outcomes:
        lines += [f"  PROBLEM {outcome.student}: {problem}" for problem in outcome.problems]
    for outcome in report.by_status("bedømt"):
        if outcome.message:
            lines.append(f"  BEMÆRK {outcome.student}: {outcome.message}")
    return "\n".join(lines)
