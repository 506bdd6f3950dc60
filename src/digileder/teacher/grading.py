"""`digileder grade`: autograde every submission of an assignment, in parallel, safely.

Design (nbgrader has no parallel autograde, its issue #174, and SQLite is not safe for
several writers):

1. Snapshot (grade_snapshot.py): the course gradebook is copied once to a template that
   every worker copies.
2. Workers (grade_worker.py): N worker processes each take one participant at a time and
   run nbgrader's own autograde in a private course root with a private gradebook, so no
   two processes ever write the same database. Participant code runs in a sandbox
   (digileder.teacher.sandbox): each kernel sees only a copy of its own submission and the
   course data, and everything it started is killed before its grades are read. Without
   bubblewrap grading refuses, unless sandbox=False (`--uden-sandkasse`).
3. Merge (grade_merge.py): the main process alone writes to the course gradebook, one
   participant at a time, in the order results arrive.

What the teacher is told is in grade_report.py (Outcome, GradeReport, summary; imported
from here too).

A broken submission (invalid JSON, no notebook with the right name, a crashed worker)
gives a Danish error for that participant; the batch continues. A submission whose
autograded copy is of the same submission time is skipped unless --force is given; a
resubmission is graded again, and a manual grade whose answer changed is flagged for the
teacher (answers.py). A submitted folder is never changed.
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path

from digileder.danish import count
from digileder.teacher import config as course_config
from digileder.teacher import grade_failures, grade_leftovers
from digileder.teacher import sandbox as grading_sandbox
from digileder.teacher.errors import TeacherError
from digileder.teacher.grade_merge import merge
from digileder.teacher.grade_report import GradeReport, Outcome, summary
from digileder.teacher.grade_snapshot import check_assignment_known, make_template
from digileder.teacher.grade_stop import StopOnSignal, init_worker, stop_workers
from digileder.teacher.grade_worker import grade_one
from digileder.teacher.submissions import submitted_students, timestamp_text, up_to_date
from digileder.teacher.workflow import require_assignment

__all__ = ["GradeReport", "Outcome", "grade_assignment", "summary"]

MAX_ATTEMPTS = 2


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
    check_assignment_known(cfg, assignment)
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
    try:
        grade_leftovers.clean_stale()  # what a killed grader left behind
        with StopOnSignal() as stop, \
                grade_leftovers.work_folder() as tmp:
            _run_batch(cfg, root, assignment, todo, workers, box, tmp, result, report, stop)
    except KeyboardInterrupt:
        raise TeacherError(
            "Bedømmelsen blev afbrudt. De karakterer, der nåede at blive gemt, står i "
            "karakterbogen; de andre afleveringer er ikke ændret. Kør "
            f"digileder grade {assignment} igen for at bedømme resten.") from None
    result.outcomes.sort(key=lambda o: o.student)
    result.seconds = time.monotonic() - started
    return result


def _run_batch(cfg, root: Path, assignment: str, todo: list[str], workers: int, box,
               work: Path, result: GradeReport, report: Callable[[str], None],
               stop: StopOnSignal) -> None:
    """Grade TODO in worker processes and merge each result as it arrives."""
    template = make_template(cfg, root, assignment, work) if todo else None
    attempts = {s: 0 for s in todo}
    queue = list(todo)
    total, done_count = len(todo), 0
    while queue:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context(),
                                   initializer=init_worker, initargs=(os.getpid(),))
        running: dict[Future, str] = {}
        try:
            while queue or running:
                while queue and len(running) < workers * 2:
                    student = queue[0]
                    future = pool.submit(grade_one, str(root), assignment, student,
                                         str(template), str(work), box)
                    queue.pop(0)
                    attempts[student] += 1
                    running[future] = student
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    student = running.pop(future)
                    with stop.merging():
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
                with stop.merging():
                    outcome = _finish(future, cfg, root, assignment, student, work,
                                      attempts, queue)
                if outcome is not None:
                    result.outcomes.append(outcome)
                    done_count += 1
                    report(f"{done_count}/{total} bedømt")
        except KeyboardInterrupt:
            stop_workers(pool)  # each takes its fork server, kernels and sandbox along
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


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
        message = ("Bedømmelsen gik ned to gange (for meget hukommelse eller et nedbrud i "
                   "kernen?). Bedøm den alene.")
        grade_failures.record(root, assignment, student,
                              timestamp_text(root / "submitted" / student / assignment),
                              message, "")
        return Outcome(student, "fejl", message)
    except Exception as err:  # a bug in the worker itself: report it, keep going
        return Outcome(student, "fejl", f"Uventet fejl: {err!r}")
    if not out["success"]:
        # status, feedback and export read this record: the newest submission failed
        log = grade_failures.record(root, assignment, student, out["timestamp"],
                                    out["message"], out["log"])
        said, _, detail = out["message"].partition("\n")  # detail: nbgrader's own line
        return Outcome(student, "fejl", f"{said} (log: {log})" + (f"\n{detail}" if detail
                                                                   else ""), out["seconds"])
    grade_failures.clear(root, assignment, student)
    try:
        notes, problems = merge(cfg, root, assignment, student, work / student)
    except Exception as err:
        return Outcome(student, "fejl", f"Kunne ikke gemme karakteren: {err!r}", out["seconds"])
    grade_leftovers.discard(work / student)
    grade_failures.record_problems(root, assignment, student, out["timestamp"],
                                   out["problems"] + problems)  # status and export name them
    return Outcome(student, "bedømt", " ".join(out["notes"] + notes), out["seconds"],
                   out["problems"] + problems)
