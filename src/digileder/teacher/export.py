"""`digileder export`: grades to CSV and an anonymous class overview (HTML) for the teacher.

Files (in COURSE/export/, outside the repository: they hold names and grades):
- karakterer.csv: one row per participant and assignment (id, name, status, score, max),
  also for those who are missing or whose grading failed; Danish Excel format.
- spoergsmaal.csv: one row per participant, assignment and graded cell (and one row for
  each participant without a grade).
- moodle.csv, canvas.csv, brightspace.csv: grade import files (see grade_files.py).
- holdoversigt.html: per question, how many got full, partial or no points, and from the
  scenario assignment how the class chose. No names or ids; made to show in class.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import altair as alt
import pandas as pd

from digileder import charts
from digileder.teacher import atomic, grade_files, grade_rows, roster_store, standing
from digileder.teacher import config as course_config
from digileder.teacher.errors import TeacherError
from digileder.teacher.html_safety import sanitize
from digileder.teacher.locations import is_inside, repo_root
from digileder.teacher.scenario_choices import class_choices

OVERVIEW = "holdoversigt.html"
OVERVIEW_MARK = "<title>Holdoversigt</title>"


def _ours(path: Path, marks: tuple[str, ...]) -> bool:
    """Did an earlier export write PATH? (Its first bytes carry our header or title.)"""
    with path.open("rb") as handle:
        head = handle.read(4096).decode("utf-8", errors="replace")
    return any(mark in head for mark in marks)


def _check_target(out: Path, marks: dict[str, tuple[str, ...]]) -> None:
    if is_inside(out, repo_root()):
        raise TeacherError(f"{out} ligger i kursets repository. Karakterer må ikke komme i git; "
                           "vælg en mappe uden for kursets repository (standard: export/ i holdets "
                           "mappe).")
    if out.exists() and not out.is_dir():
        raise TeacherError(f"--out {out} er en fil, ikke en mappe.")
    foreign = [name for name, own in marks.items()
               if (out / name).exists() and not _ours(out / name, own)]
    if foreign:
        them = "dem" if len(foreign) > 1 else "den"
        raise TeacherError(f"I {out} findes allerede {', '.join(foreign)}, som ikke er lavet af "
                           f"digileder export. Jeg overskriver {them} ikke; vælg en anden mappe "
                           "med --out.")


def _level(row) -> str:
    if row.get("mangler_manuel_bedoemmelse"):
        return "ikke bedømt endnu"  # a text answer waiting for the teacher is not "0 point"
    if row["max_point"] == 0:
        return "ingen point"
    if row["point"] >= row["max_point"]:
        return "alle point"
    return "delvis" if row["point"] > 0 else "ingen point"


QUESTION_ID = re.compile(r"-q(\d+)(?:-(test|hidden))?$")
KIND = {None: "", "test": " (test)", "hidden": " (skjult test)"}


def question_label(grade_id: str) -> str:
    """'a1-q3-hidden' -> 'Spørgsmål 3 (skjult test)'; other ids are shown as they are."""
    found = QUESTION_ID.search(grade_id)
    return f"Spørgsmål {found[1]}{KIND[found[2]]}" if found else grade_id


def _question_order(grade_id: str) -> tuple:
    found = QUESTION_ID.search(grade_id)
    return (int(found[1]), found[2] or "") if found else (10**6, grade_id)


# Counts of people: whole-number ticks only (a class of 3 drew 0,2 … 2,8).
WHOLE_PEOPLE = alt.Axis(tickMinStep=1, format="d")


def danish_chart(chart: alt.Chart) -> alt.Chart:
    """No English screen-reader text from Vega ("X-axis titled ..."): the chart's own Danish
    description and each bar's Danish description say it instead. Vega writes an English
    label for a title whatever its aria setting, so titles are HTML in the page instead."""
    return chart.configure_axis(aria=False).configure_legend(aria=False)


def score_chart(questions: pd.DataFrame, assignment: str) -> alt.Chart:
    """Stacked bars: per question, how many got all, some or no points."""
    part = questions[questions["opgave"] == assignment].copy()
    part["niveau"] = part.apply(_level, axis=1)
    counts = part.groupby(["spoergsmaal", "niveau"]).size().reset_index(name="antal")
    order = ["alle point", "delvis", "ingen point", "ikke bedømt endnu"]
    ids = sorted(part["spoergsmaal"].unique(), key=_question_order)
    counts["spoergsmaal"] = counts["spoergsmaal"].map(question_label)
    counts["beskrivelse"] = counts["spoergsmaal"] + ": " + counts["antal"].astype(str) + \
        " deltagere med " + counts["niveau"]
    return danish_chart(alt.Chart(counts).mark_bar().encode(
        y=alt.Y("spoergsmaal:N", title="", sort=[question_label(i) for i in ids]),
        x=alt.X("antal:Q", title="Antal deltagere", stack="zero", axis=WHOLE_PEOPLE),
        color=alt.Color("niveau:N", title="Point", scale=alt.Scale(
            domain=order, range=[charts.GOOD, charts.ACCENT, charts.MUTED, "#dedede"]),
            sort=order),
        order=alt.Order("niveau:N"),
        tooltip=[alt.Tooltip("spoergsmaal:N", title="Spørgsmål"),
                 alt.Tooltip("niveau:N", title="Point"),
                 alt.Tooltip("antal:Q", title="Antal")],
        description="beskrivelse:N",
    ).properties(width=charts.WIDTH - 120, height=max(60, 26 * part["spoergsmaal"].nunique()),
                 description=f"Stablede søjler for {assignment}: for hvert spørgsmål antallet af "
                             "deltagere med alle point, delvise point, ingen point og "
                             "svar, der ikke er bedømt endnu."))


def choice_chart(choices: Counter, scenario_title: str) -> alt.Chart:
    frame = pd.DataFrame([{"valg": k, "antal": v, "beskrivelse": f"{k}: {v} deltagere"}
                          for k, v in choices.most_common()])
    return danish_chart(alt.Chart(frame).mark_bar(color=charts.MAIN).encode(
        y=alt.Y("valg:N", title="", sort=list(frame["valg"])),
        x=alt.X("antal:Q", title="Antal deltagere", axis=WHOLE_PEOPLE),
        tooltip=[alt.Tooltip("valg:N", title="Valg"), alt.Tooltip("antal:Q", title="Antal")],
        description="beskrivelse:N",
    ).properties(width=charts.WIDTH - 120, height=max(60, 26 * len(frame)),
                 description=f"Søjler med hvor mange på holdet der valgte hver mulighed i "
                             f"scenariet {scenario_title}."))


def overview_html(questions: list[dict], choices: dict[str, Counter]) -> str:
    parts = ["<!DOCTYPE html><html lang='da'><head><meta charset='utf-8'>",
             OVERVIEW_MARK + "<style>body{font-family:sans-serif;max-width:60em;"
             "margin:2em auto;padding:0 1em}</style></head><body>",
             "<h1>Holdoversigt</h1><p>Anonym oversigt til brug på holdet: ingen navne, kun "
             "antal.</p>"]
    frame = pd.DataFrame(questions)
    if frame.empty:
        parts.append("<p>Der er ingen bedømte afleveringer endnu.</p>")
    else:
        frame["point"] = frame["point"].fillna(0)
        for assignment in sorted(frame["opgave"].unique()):
            people = frame[frame["opgave"] == assignment]["id"].nunique()
            parts.append(f"<h2>{html.escape(assignment)}: point pr. spørgsmål</h2>"
                         f"<p>{people} deltagere</p>")
            parts.append(charts.to_svg(score_chart(frame, assignment)))
    for title, counter in choices.items():
        parts.append(f"<h2>Holdets valg: {html.escape(title)}</h2>")
        if counter:
            parts.append("<p>Første valg i scenariet</p>")
            parts.append(charts.to_svg(choice_chart(counter, title)))
        else:
            parts.append("<p>Der er ingen valg at vise.</p>")
    parts.append("</body></html>")
    return sanitize("\n".join(parts))[0]  # scenario choices are participants' text


def export(root: Path, out: Path | None = None, report=print) -> Path:
    """Skriv karakterer (Excel og LMS) og en anonym holdoversigt (HTML) til COURSE/export/."""
    cfg = course_config.load_course_config(root)
    out = (out or root / "export").expanduser().resolve()
    totals, questions = grade_rows.read_rows(root, cfg.CourseDirectory.db_url)
    marks = {name: own for name, (own, _write) in grade_files.FILES.items()}
    marks.update({"spoergsmaal.csv": grade_files.QUESTION_MARKS, OVERVIEW: (OVERVIEW_MARK,)})
    _check_target(out, marks)
    contents = {name: write(totals) for name, (_own, write) in grade_files.FILES.items()}
    contents["spoergsmaal.csv"] = grade_files.questions_csv(questions, totals)
    contents[OVERVIEW] = overview_html(questions, class_choices(root)).encode("utf-8")
    for name, data in contents.items():
        atomic.write_bytes(out / name, data)
    report(f"Eksporteret til {out}: {', '.join(contents)}")
    for line in _without_points(totals, root):
        report(line)
    if note := roster_store.fallback_note(root):
        report(note)
    return out


def _without_points(totals: list[grade_rows.GradeRow], root: Path) -> list[str]:
    """Who has no points in the files and why (the note column says what to do)."""
    lines = []
    missing = sum(r.status == standing.MISSING for r in totals)
    others = [r for r in totals if r.score is None and r.status != standing.MISSING]
    if missing or others:
        lines.append(f"Uden point i filerne: {missing} mangler at aflevere"
                     + "".join(f"; {r.id} ({r.assignment}): {r.status}" for r in others)
                     + ". Kolonnerne status og bemaerkning i karakterer.csv siger, hvad du "
                       "gør.")
    waiting = [r for r in totals if r.on_roster and r.score is not None
               and r.needs_manual_grade]
    if waiting:
        shown = ", ".join(f"{r.id} ({r.assignment})" for r in waiting[:12])
        lines.append(f"Tomme i LMS-filerne, fordi de venter på din bedømmelse i hånden: "
                     f"{len(waiting)} ({shown}{' …' if len(waiting) > 12 else ''}). Bedøm dem "
                     "i Formgrader, og eksportér igen. Deres delpoint står i karakterer.csv.")
    unknown = sorted({r.id for r in totals if not r.on_roster})
    if unknown:
        lines.append(f"Står ikke på holdlisten og er derfor ikke med i LMS-filerne: "
                     f"{', '.join(unknown)}. Tjek navnet. Skal de være med: digileder roster "
                     f"add ID --course {root}, og eksportér igen.")
    return lines
