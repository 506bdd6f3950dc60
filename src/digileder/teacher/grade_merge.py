"""Step 3 of `digileder grade`: merge one participant's private results into the course.

Only the main process merges, one participant at a time, in the order results arrive: it
copies the submission's timestamp, late penalty, auto scores, needs-manual-grade flags and
auto comments from the worker's private gradebook, and moves the autograded folder into
place. A grade the teacher set by hand is kept only while its answer is unchanged.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from digileder.teacher import regrade_marks, roster_store
from digileder.teacher.answers import changed_answers, read_notebooks

NO_RESPONSE = {"No response.": "Intet svar."}


def merge(cfg, root: Path, assignment: str, student: str,
           private: Path) -> tuple[list[str], list[str]]:
    """Copy one participant's results into the course gradebook; return (notes, problems).

    A grade the teacher set by hand is kept only while the answer it was given for is the
    same; if the answer changed, the grade is flagged to be looked at again.
    """
    from nbgrader.api import Gradebook

    dest = root / "autograded" / student / assignment
    new_answers = read_notebooks(private / "autograded" / student / assignment)
    changed = changed_answers(read_notebooks(dest), new_answers)
    recheck, flagged = [], {}
    with Gradebook(f"sqlite:///{private / 'gradebook.db'}") as done, \
            Gradebook(cfg.CourseDirectory.db_url) as main:
        graded = done.find_submission(assignment, student)
        if not roster_store.roster_path(root).is_file() and \
                student not in {s.id for s in main.students}:
            roster_store.remember_added_by_grading(root, student)  # before nbgrader adds it
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
                    flagged[regrade_marks.key(notebook.name, grade.name)] = \
                        main_grade.manual_score
                main_grade.auto_score = grade.auto_score
            for comment in notebook.comments:
                main.find_comment(comment.name, notebook.name, assignment, student) \
                    .auto_comment = NO_RESPONSE.get(comment.auto_comment, comment.auto_comment)
        main.db.commit()
        regrade_marks.record(root, assignment, student, flagged)
        missing = sorted(grade.name for notebook in graded.notebooks for grade in notebook.grades
                         if grade.auto_score is None and grade.cell.cell_type == "code")
    if dest.exists():
        remove_tree(dest)
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


def remove_tree(path: Path) -> None:
    """Remove an autograded folder; nbgrader makes its files read-only (mode 444)."""
    for item in path.rglob("*"):
        item.chmod(0o755 if item.is_dir() else 0o644)
    shutil.rmtree(path)
