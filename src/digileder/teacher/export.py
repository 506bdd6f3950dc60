"""`digileder export`: grades to CSV and an anonymous class overview (HTML) for the teacher.

Files (in COURSE/export/, outside the repository: they hold names and grades):
- karakterer.csv: one row per participant and assignment (id, name, score, max).
- spoergsmaal.csv: one row per participant, assignment and graded cell.
- holdoversigt.html: per question, how many got full, partial or no points, and from the
  scenario assignment how the class chose. No names or ids; made to show in class.
"""

from __future__ import annotations

import csv
import html
from collections import Counter
from pathlib import Path

import altair as alt
import pandas as pd

from digileder import charts
from digileder.teacher import config as course_config
from digileder.teacher.scenario_choices import class_choices


def _rows(cfg) -> tuple[list[dict], list[dict]]:
    from nbgrader.api import Gradebook

    totals, questions = [], []
    with Gradebook(cfg.CourseDirectory.db_url) as gradebook:
        for assignment in gradebook.assignments:
            for sub in gradebook.assignment_submissions(assignment.name):
                student = sub.student
                totals.append({
                    "id": student.id, "fornavn": student.first_name or "",
                    "efternavn": student.last_name or "", "opgave": assignment.name,
                    "point": sub.score, "max_point": sub.max_score,
                    "mangler_manuel_bedoemmelse": sub.needs_manual_grade,
                })
                for notebook in sub.notebooks:
                    for grade in notebook.grades:
                        questions.append({
                            "id": student.id, "opgave": assignment.name,
                            "notesbog": notebook.name, "spoergsmaal": grade.name,
                            "auto_point": grade.auto_score, "manuelle_point": grade.manual_score,
                            "point": grade.score, "max_point": grade.max_score,
                            "mangler_manuel_bedoemmelse": grade.needs_manual_grade,
                        })
    return totals, questions


def _write_csv(path: Path, rows: list[dict], columns: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def _level(row) -> str:
    if row.get("mangler_manuel_bedoemmelse"):
        return "ikke bedømt endnu"  # a text answer waiting for the teacher is not "0 point"
    if row["max_point"] == 0:
        return "ingen point"
    if row["point"] >= row["max_point"]:
        return "alle point"
    return "delvis" if row["point"] > 0 else "ingen point"


def score_chart(questions: pd.DataFrame, assignment: str) -> alt.Chart:
    """Stacked bars: per question, how many got all, some or no points."""
    part = questions[questions["opgave"] == assignment].copy()
    part["niveau"] = part.apply(_level, axis=1)
    counts = part.groupby(["spoergsmaal", "niveau"]).size().reset_index(name="antal")
    order = ["alle point", "delvis", "ingen point", "ikke bedømt endnu"]
    return alt.Chart(counts).mark_bar().encode(
        y=alt.Y("spoergsmaal:N", title="", sort=sorted(part["spoergsmaal"].unique())),
        x=alt.X("antal:Q", title="Antal deltagere", stack="zero"),
        color=alt.Color("niveau:N", title="Point", scale=alt.Scale(
            domain=order, range=[charts.GOOD, charts.ACCENT, charts.MUTED, "#dedede"]),
            sort=order),
        order=alt.Order("niveau:N"),
        tooltip=[alt.Tooltip("spoergsmaal:N", title="Spørgsmål"),
                 alt.Tooltip("niveau:N", title="Point"),
                 alt.Tooltip("antal:Q", title="Antal")],
    ).properties(width=charts.WIDTH - 120, height=max(60, 26 * part["spoergsmaal"].nunique()),
                 title=charts.title(f"{assignment}: point pr. spørgsmål",
                                    f"{part['id'].nunique()} deltagere"),
                 description=f"Stablede søjler for {assignment}: for hvert spørgsmål antallet af "
                             "deltagere med alle point, delvise point, ingen point og "
                             "svar, der ikke er bedømt endnu.")


def choice_chart(choices: Counter, scenario_title: str) -> alt.Chart:
    frame = pd.DataFrame([{"valg": k, "antal": v} for k, v in choices.most_common()])
    return alt.Chart(frame).mark_bar(color=charts.MAIN).encode(
        y=alt.Y("valg:N", title="", sort=list(frame["valg"])),
        x=alt.X("antal:Q", title="Antal deltagere"),
        tooltip=[alt.Tooltip("valg:N", title="Valg"), alt.Tooltip("antal:Q", title="Antal")],
    ).properties(width=charts.WIDTH - 120, height=max(60, 26 * len(frame)),
                 title=charts.title(f"Holdets valg: {scenario_title}", "Første valg i scenariet"),
                 description=f"Søjler med hvor mange på holdet der valgte hver mulighed i "
                             f"scenariet {scenario_title}.")


def overview_html(questions: list[dict], choices: dict[str, Counter]) -> str:
    parts = ["<!DOCTYPE html><html lang='da'><head><meta charset='utf-8'>",
             "<title>Holdoversigt</title><style>body{font-family:sans-serif;max-width:60em;"
             "margin:2em auto;padding:0 1em}</style></head><body>",
             "<h1>Holdoversigt</h1><p>Anonym oversigt til brug på holdet: ingen navne, kun "
             "antal.</p>"]
    frame = pd.DataFrame(questions)
    if frame.empty:
        parts.append("<p>Der er ingen bedømte afleveringer endnu.</p>")
    else:
        frame["point"] = frame["point"].fillna(0)
        for assignment in sorted(frame["opgave"].unique()):
            parts.append(f"<h2>{html.escape(assignment)}</h2>")
            parts.append(charts.to_svg(score_chart(frame, assignment)))
    for title, counter in choices.items():
        if counter:
            parts.append(f"<h2>Scenariet: {html.escape(title)}</h2>")
            parts.append(charts.to_svg(choice_chart(counter, title)))
    parts.append("</body></html>")
    return "\n".join(parts)


def export(root: Path, out: Path | None = None, report=print) -> Path:
    """Skriv karakterer (CSV) og en anonym holdoversigt (HTML) til COURSE/export/."""
    cfg = course_config.load_course_config(root)
    out = out or root / "export"
    out.mkdir(parents=True, exist_ok=True)
    totals, questions = _rows(cfg)
    _write_csv(out / "karakterer.csv", totals,
               ["id", "fornavn", "efternavn", "opgave", "point", "max_point",
                "mangler_manuel_bedoemmelse"])
    _write_csv(out / "spoergsmaal.csv", questions,
               ["id", "opgave", "notesbog", "spoergsmaal", "auto_point", "manuelle_point",
                "point", "max_point", "mangler_manuel_bedoemmelse"])
    (out / "holdoversigt.html").write_text(
        overview_html(questions, class_choices(root)), encoding="utf-8")
    report(f"Eksporteret til {out}: karakterer.csv, spoergsmaal.csv, holdoversigt.html")
    return out
