"""What `digileder grade` tells the teacher: one outcome per participant and a Danish summary."""

from __future__ import annotations

from dataclasses import dataclass, field


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


def summary(report: GradeReport) -> str:
    """A Danish summary of a grading run, one line per problem.

    A participant graded with a problem (a cell stopped at the time limit, a missing cell) is
    counted apart from the clean ones and named with PROBLEM: both that and a failure need the
    teacher, and the counts add up to the number of submissions.
    """
    graded = report.by_status("bedømt")
    with_problem = [o for o in graded if o.problems]
    # every participant counted once: graded fine, graded with a problem, skipped, failed
    lines = [
        f"{report.assignment}: {len(graded) - len(with_problem)} bedømt, "
        f"{len(with_problem)} bedømt med problemer, "
        f"{len(report.by_status('sprunget over'))} sprunget over, "
        f"{len(report.by_status('fejl'))} kunne ikke bedømmes ({report.seconds:.0f} s)."
    ]
    for outcome in report.by_status("fejl"):
        said, *details = outcome.message.splitlines() or [""]
        lines.append(f"  FEJL {outcome.student}: {said}")
        lines += [f"    {detail}" for detail in details]  # e.g. "nbgraders besked: …"
    for outcome in report.outcomes:
        lines += [f"  PROBLEM {outcome.student}: {problem}" for problem in outcome.problems]
    for outcome in report.by_status("bedømt"):
        if outcome.message:
            lines.append(f"  BEMÆRK {outcome.student}: {outcome.message}")
    return "\n".join(lines)
