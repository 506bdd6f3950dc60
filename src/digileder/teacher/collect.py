"""`digileder collect`: fetch submissions and say what is new, resubmitted, late or unknown.

nbgrader's collect replaces submitted/<id>/<assignment> with a newer submission and deletes
the old copy. Before that happens, the old copy is moved aside whole to
tidligere-afleveringer/<id>/<assignment>/<time>/, so no version is ever lost; the exchange's
inbound folder (nbgrader never deletes there) is only read.

A participant can write their own hand-in folder in the inbound, and nbgrader's copy follows
symlinks, blocks on a fifo and recurses into any depth. So each new hand-in is first copied
with safe_tree (plain files and folders only, bounded) into a private staging exchange, and
nbgrader collects from there. A hand-in that holds anything else is refused whole: it was
not made by JupyterLab's Submit (which hands in plain copies), and grading only the part
that could be copied would grade something the participant never handed in.
"""

from __future__ import annotations

import copy
import os
import shutil
import socket
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from digileder.danish import count
from digileder.teacher import config as course_config
from digileder.teacher import private_files, safe_tree, stale_folders
from digileder.teacher.danish_time import format_danish, late_by, to_danish
from digileder.teacher.roster_store import fallback_note, roster_ids
from digileder.teacher.submissions import submitted_time
from digileder.teacher.workflow import check_result, not_released_note, require_assignment

HISTORY = "tidligere-afleveringer"


@dataclass
class Refusal:
    """A hand-in that was not collected: why (Danish) and where it still lies."""

    reason: str
    folder: Path


@dataclass
class CollectReport:
    """Hvem der er hentet, og hvordan."""

    assignment: str
    duedate: datetime | None = None
    new: list[str] = field(default_factory=list)
    resubmitted: list[str] = field(default_factory=list)
    late: dict[str, datetime] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    kept: dict[str, Path] = field(default_factory=dict)
    refused: dict[str, Refusal] = field(default_factory=dict)


def inbound_submissions(cfg, assignment: str) -> dict[str, tuple[datetime, Path]]:
    """The newest hand-in (naive UTC time, folder) per participant in the exchange's inbound."""
    from nbgrader.utils import parse_utc

    inbound = Path(cfg.Exchange.root) / cfg.CourseDirectory.course_id / "inbound"
    newest: dict[str, tuple[datetime, Path]] = {}
    for path in inbound.glob(f"*+{assignment}+*") if inbound.is_dir() else []:
        parts = path.name.split("+")
        if len(parts) < 3 or parts[1] != assignment:
            continue
        try:
            when = parse_utc(parts[2])
        except (ValueError, OverflowError):
            continue  # not a name nbgrader wrote; nbgrader skips it too
        if parts[0] not in newest or when > newest[parts[0]][0]:
            newest[parts[0]] = (when, path)
    return newest


def _stage(hand_in: Path, staging: Path) -> str | None:
    """Copy HAND_IN safely into the staging inbound; the Danish reason if it is refused."""
    try:
        safe_tree.copy_tree(hand_in, staging / hand_in.name)
    except safe_tree.UnsafeTree as err:
        safe_tree.remove_tree(staging / hand_in.name)
        return err.reason
    return None


def _collect_staged(cfg, staging_root: Path, assignment: str) -> None:
    """nbgrader's collect, reading the staging exchange instead of the real one."""
    staged = copy.deepcopy(cfg)
    staged.Exchange.root = str(staging_root)
    staged.ExchangeCollect.check_owner = False  # the staged copies are the teacher's own
    check_result(course_config.make_api(staged).collect(assignment), f"At hente {assignment}")


def keep_old_version(root: Path, student: str, assignment: str, when: datetime | None,
                     groupshared: bool = False) -> Path:
    """Copy submitted/<student>/<assignment> whole to the history folder (never overwrites),
    private like the rest of the course (not with the exchange's open modes).

    The folder is named after the submission time in Danish time with its UTC offset,
    e.g. 2026-06-01T12-00-00+0200, so a teacher reads it as the clock showed it."""
    stamp = to_danish(when).strftime("%Y-%m-%dT%H-%M-%S%z") if when else "uden-tidspunkt"
    dest = root / HISTORY / student / assignment / stamp
    if dest.exists():
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{stamp}.", dir=dest.parent))
    try:
        shutil.copytree(root / "submitted" / student / assignment, tmp / "copy", symlinks=True)
        private_files.make_tree_private(tmp / "copy", groupshared)
        os.rename(tmp / "copy", dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return dest


def _roster_and_due(root: Path, cfg, assignment: str) -> tuple[set[str], datetime | None]:
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(cfg.CourseDirectory.db_url) as gradebook:
        roster = roster_ids(root, gradebook)  # grading adds unknown submitters to the gradebook
        try:
            due = gradebook.find_assignment(assignment).duedate
        except MissingEntry:
            due = None
    return roster, due


def staging_prefix() -> str:
    """Staging folders in the course folder are named .hentes-<host>-<pid>-<random>. Host and
    pid let the next collect remove one a killed collect left, and never one of a collect
    still running, also on another machine sharing the course folder (teacher/stale_folders)."""
    return f".hentes-{socket.gethostname()}-"


def collect(root: Path, assignment: str, report=print) -> CollectReport:
    """Hent deltagernes afleveringer; tidligere udgaver gemmes, intet slettes."""
    require_assignment(root, assignment)
    cfg = course_config.load_course_config(root)
    roster, due = _roster_and_due(root, cfg, assignment)
    result = CollectReport(assignment, due)
    newest = inbound_submissions(cfg, assignment)
    before: dict[str, datetime | None] = {}
    todo = []
    for student, (when, _folder) in sorted(newest.items()):
        folder = root / "submitted" / student / assignment
        if folder.is_dir():
            before[student] = submitted_time(folder)
            if before[student] is not None and when <= before[student]:
                continue  # nothing newer than what is already collected
        todo.append(student)
    for left in stale_folders.clean(root, staging_prefix()):
        report(f"Fjernede {left.name} i {root}: en hentning, der blev afbrudt, efterlod den.")
    staging_root = Path(tempfile.mkdtemp(prefix=f"{staging_prefix()}{os.getpid()}-", dir=root))
    try:
        staging = staging_root / cfg.CourseDirectory.course_id / "inbound"
        staging.mkdir(parents=True)
        for student in todo:
            reason = _stage(newest[student][1], staging)
            if reason:
                result.refused[student] = Refusal(reason, newest[student][1])
            elif student in before:
                result.kept[student] = keep_old_version(
                    root, student, assignment, before[student],
                    bool(cfg.CourseDirectory.get("groupshared", False)))
        if any(staging.iterdir()):
            _collect_staged(cfg, staging_root, assignment)
    finally:
        safe_tree.remove_tree(staging_root)
    for student, (when, _folder) in sorted(newest.items()):
        if student in result.refused:
            continue
        if student not in before:
            result.new.append(student)
        elif student in result.kept:
            result.resubmitted.append(student)
        else:
            continue  # nothing newer than what is already collected
        if due is not None and when > due:
            result.late[student] = when
        if student not in roster:
            result.unknown.append(student)
    for line in describe(result, root):
        report(line)
    for note in (fallback_note(root), not_released_note(root, assignment)):
        if note:
            report(note)
    return result


def describe(result: CollectReport, root: Path) -> list[str]:
    """The Danish lines collect prints."""
    a = result.assignment
    refused = [refusal_line(result, root, s) for s in sorted(result.refused)]
    if not (result.new or result.resubmitted):
        return [f"Intet nyt at hente for {a}. Afleveringerne ligger i {root / 'submitted'}.",
                *refused]
    lines = []
    if result.new:
        lines.append(f"{count(len(result.new), 'ny aflevering', 'nye afleveringer')} af {a}: "
                     f"{', '.join(result.new)}")
    if result.resubmitted:
        lines.append(f"{len(result.resubmitted)} afleveret igen: "
                     f"{', '.join(result.resubmitted)}. Den tidligere udgave er gemt i "
                     f"{root / HISTORY}. Kør digileder grade {a}: de bedømmes igen.")
    if result.late:
        lines.append(f"{len(result.late)} for sent (fristen var "
                     f"{format_danish(result.duedate)}, dansk tid):")
        lines += [f"  {s}: afleveret {format_danish(t)}{late_by(t, result.duedate)}"
                  for s, t in result.late.items()]
    if result.unknown:
        them = "personen" if len(result.unknown) == 1 else "dem"
        lines.append(f"{len(result.unknown)} står ikke på holdlisten: "
                     f"{', '.join(result.unknown)}. Tjek navnet. Skal {them} være med, så "
                     f"tilføj {them}: digileder roster add ID --first-name FORNAVN "
                     f"--last-name EFTERNAVN --course {root}")
    return lines + refused


def refusal_line(result: CollectReport, root: Path, student: str) -> str:
    """The Danish line for a hand-in collect did not copy: who, which file, what to do."""
    a, refusal = result.assignment, result.refused[student]
    earlier = (root / "submitted" / student / a).is_dir()
    return (f"{student}s aflevering af {a} er ikke hentet: {refusal.reason}. En aflevering må "
            "kun indeholde almindelige filer og mapper, sådan som JupyterLab afleverer dem. "
            + (f"Den aflevering fra {student}, du hentede før, gælder stadig. " if earlier
               else f"{student} har derfor ingen aflevering, der kan bedømmes. ")
            + f"Bed {student} om at aflevere igen fra JupyterLab, og kør så digileder collect "
            f"{a} igen. Den afviste aflevering er ikke slettet; den ligger i {refusal.folder}")
