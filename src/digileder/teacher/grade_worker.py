"""Step 2 of `digileder grade`: one worker grades one participant (grading.py runs several).

A worker builds a private course root in a temporary folder (source/ linked, the
participant's submitted/ folder copied, its own copy of the template gradebook) and runs
nbgrader's own autograde there through NbGraderAPI. So every grade is computed by exactly
the code serial `nbgrader autograde` runs, and no two processes ever write the same database.

Participant code runs in a sandbox (digileder.teacher.sandbox) around the worker's
pre-warmed fork server (forkserver.py): everything a submission started is killed before
its results are read. Without a sandbox (box None, `--uden-sandkasse`) kernels still come
from the fork server.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import warnings
from pathlib import Path

from digileder.teacher import config as course_config
from digileder.teacher import nbgrader_messages, sandbox_output
from digileder.teacher import sandbox as grading_sandbox
from digileder.teacher.answers import duplicate_notes, read_notebooks
from digileder.teacher.submissions import notebook_names, timestamp_text


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
    danish, detail = nbgrader_messages.explain(error, log)
    return f"{danish}\n{detail}"  # the detail on its own line in grade's summary


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
    """Once per worker: kernels come from a pre-warmed fork server (forkserver_client.py),
    which runs in the sandbox BOX unless grading is unsandboxed (box None).

    Without a sandbox, DIGILEDER_FORK_KERNELS=0 turns it off (every kernel starts anew).
    """
    global _FORKING
    if _FORKING or (box is None and os.environ.get("DIGILEDER_FORK_KERNELS") == "0"):
        return
    from digileder.teacher.forkserver_client import use_fork_server

    use_fork_server(Path(tempfile.mkdtemp(prefix="kernels-", dir=work)), box)
    _FORKING = True


def grade_one(root: str, assignment: str, student: str, template: str, work: str,
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
    sandbox_output.limit_output(cfg)
    try:
        result = course_config.make_api(cfg).autograde(assignment, student, force=True,
                                                         create=True)
    except Exception as err:  # nbgrader raised instead of reporting
        result = {"success": False, "error": repr(err), "log": ""}
    stopped_at_memory_limit = ""  # what the memory watch measured when it stopped it
    if box is not None:  # nothing the submission started may outlive it: before any result
        from digileder.teacher.forkserver_client import end_submission

        stopped_at_memory_limit = end_submission()
    out = {"student": student, "success": bool(result.get("success")),
           "seconds": time.monotonic() - started,
           "timestamp": timestamp_text(private / "submitted" / student / assignment),
           "notes": duplicate_notes(read_notebooks(submitted))}
    if stopped_at_memory_limit:  # whatever nbgrader made of the killed kernel
        from digileder.teacher.violations import memory_stopped

        out["success"] = False
        out["message"] = memory_stopped(box)
        out["log"] = (f"{stopped_at_memory_limit}\n{result.get('error') or ''}\n"
                      f"{result.get('log') or ''}")
    elif out["success"]:
        from digileder.teacher.violations import notes

        limits = notes(private / "autograded" / student / assignment,
                       cfg.Execute.get("timeout", 30), box)
        out["problems"] = [limits] if limits else []
    else:
        out["message"] = _explain(result.get("log") or "", result.get("error") or "",
                                  submitted, assignment)
        out["log"] = f"{result.get('error') or ''}\n{result.get('log') or ''}"
    return out
