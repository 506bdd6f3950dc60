"""Module 08's digital leadership plan: gather what the participant saved, add three
actions with owner and date, and export a one-page plan as self-contained HTML and Markdown.

Model: gather() reads mine-svar (maturity, reflections, the message, the benefits plan,
scenario runs); missing() says what is not there and which module makes it; parse_due()
and check_actions() validate the actions in Danish; to_html()/to_markdown()/export() write
the plan. The HTML has no external scripts, fonts or stylesheets: the profile chart is
inline SVG (charts.to_svg), so the file works offline and can be mailed or printed.
The widget at the bottom is a thin view over these functions.
"""

from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from html import escape
from pathlib import Path

from digileder import answers, notes

MESSAGE_KEY = "06-budskab"
BENEFITS_KEY = "07-gevinstplan"
FOCUS_KEY = "08-mit-fokus"  # module 08's reflection; fills an empty focus field
EXPORT_NAME = "min-digitale-ledelsesplan"
STATE_FILE = "ledelsesplan.json"
ACTION_COUNT = 3
MIN_ACTION_WORDS = 3
_HTML_EXCERPT = 400


# ----------------------------------------------------------------------------- gathering


@dataclass
class Material:
    """Det, du har gemt undervejs i kurset (tomt, hvis du ikke har gemt noget)."""

    scores: dict[str, float] | None = None
    dimension_names: dict[str, str] = field(default_factory=dict)
    suggestions: list[dict] = field(default_factory=list)
    reflections: dict[str, dict] = field(default_factory=dict)
    message: str = ""
    benefits: str = ""
    benefits_html: str = ""
    runs: dict[str, dict] = field(default_factory=dict)


def _maturity_parts() -> tuple[dict | None, dict[str, str], list[dict]]:
    """Latest scores, dimension names and suggestions; (None, {}, []) if unavailable."""
    try:
        from digileder import maturity

        scores = maturity.latest_scores()
        if not scores:
            return None, {}, []
        instrument = maturity.load_items()
        names = {d.id: d.name for d in instrument.dimensions}
        return scores, names, maturity.suggestions(scores, instrument)
    except (ImportError, ValueError, OSError, KeyError):
        # ValueError covers DataError/MaturityFileError: a broken file must not stop the plan.
        return None, {}, []


def _benefits_html() -> str:
    """The benefits plan as a table, if the saved rows are complete; '' otherwise."""
    try:
        from digileder import benefits_plan
    except ImportError:
        return ""
    saved = benefits_plan.load_saved()
    return saved.to_html() if not saved.problems() else ""


def gather() -> Material:
    """Saml alt, hvad du har gemt i mine-svar, til planen."""
    scores, names, suggestions = _maturity_parts()
    reflections = notes.load_all()
    message = reflections.pop(MESSAGE_KEY, {}).get("text", "")
    benefits_entry = reflections.pop(BENEFITS_KEY, {})
    reflections.pop(FOCUS_KEY, None)  # shown as the plan's focus, not again as a reflection
    runs = {}
    from digileder.scenarios.runs import load_saved_run

    for answer, path in answers.saved_files():
        if answer.kind is answers.AnswerKind.RUN:
            run = load_saved_run(path.stem)
            if run:
                runs[path.stem] = run
    return Material(
        scores=scores, dimension_names=names, suggestions=suggestions, reflections=reflections,
        message=message, benefits=benefits_entry.get("text", ""),
        benefits_html=_benefits_html() if benefits_entry else "", runs=runs,
    )


def _module_files() -> dict[str, str]:
    from digileder import course
    from digileder.data import DataError

    try:
        return {e["file"][:2]: e["file"] for e in course.course_map()}
    except DataError:
        return {}


def missing(material: Material) -> list[dict]:
    """Det, der mangler i planen: hvad, hvilket modul der laver det, og hvad du skal gøre."""
    files = _module_files()
    gaps = []

    def gap(what: str, module: str, todo: str) -> None:
        gaps.append({"what": what, "module": module, "file": files.get(module, ""),
                     "todo": todo})

    if not material.scores:
        gap("Din profil for digital modenhed", "03",
            "Lav selvevalueringen i modul 03, og klik på Gem og vis min profil.")
    if not material.reflections:
        gap("Dine refleksioner", "01",
            "Skriv i felterne mærket ✍️ i modulerne 01-07. De bliver gemt automatisk.")
    if not material.message:
        gap("Dit budskab til medarbejderne", "06",
            "Byg dit budskab i modul 06, og klik på Saml og gem budskab.")
    if not material.benefits:
        gap("Din gevinstplan", "07", "Udfyld gevinstplanen i modul 07, og klik på Gem gevinstplan.")
    if not material.runs:
        gap("Et gennemspillet scenarie", "05",
            "Spil et af scenarierne i modul 04, 05 eller 07 til ende.")
    return gaps


# ----------------------------------------------------------------------------- actions

_DATE = re.compile(r"^(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{2,4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_due(text: str, today: date | None = None) -> date:
    """Læs en dato som dd.mm.åååå (fx 15.03.2027) og tjek, at den ligger efter i dag.

    Giver ValueError med en dansk besked, hvis datoen ikke kan læses eller er overstået.
    """
    today = today or date.today()
    example = f"{today + timedelta(days=30):%d.%m.%Y}"
    cleaned = str(text).strip()
    if not cleaned:
        raise ValueError(f"Skriv en dato som dd.mm.åååå, fx {example}.")
    match, iso = _DATE.match(cleaned), _ISO.match(cleaned)
    if match:
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) != 4:
            raise ValueError(f"Skriv året med fire cifre: '{cleaned}' → fx "
                             f"{day:02d}.{month:02d}.20{match.group(3)[-2:]}.")
    elif iso:
        year, month, day = (int(part) for part in iso.groups())
    else:
        raise ValueError(f"'{cleaned}' er ikke en dato. Skriv den som dd.mm.åååå, fx {example}.")
    try:
        due = date(year, month, day)
    except ValueError:
        raise ValueError(f"Datoen '{cleaned}' findes ikke i kalenderen. Tjek dag og måned.") \
            from None
    if due <= today:
        raise ValueError(f"Datoen {due:%d.%m.%Y} er ikke i fremtiden. Vælg en dato efter i dag "
                         f"({today:%d.%m.%Y}).")
    return due


@dataclass
class Action:
    """En handling i planen: hvad, hvem der har ansvaret, og hvornår den skal være gjort."""

    what: str = ""
    owner: str = ""
    due: str = ""  # as typed; parse_due() checks it

    def is_empty(self) -> bool:
        return not (self.what.strip() or self.owner.strip() or self.due.strip())


def check_actions(actions: list[Action], today: date | None = None) -> list[str]:
    """Fejl i handlingerne som danske sætninger; tom liste = alle tre er i orden."""
    problems = []
    for number, action in enumerate(actions[:ACTION_COUNT], start=1):
        if action.is_empty():
            problems.append(f"Handling {number}: mangler. Skriv hvad, hvem og hvornår.")
            continue
        what = " ".join(action.what.split())
        if not what:
            problems.append(f"Handling {number}: skriv, hvad du vil gøre.")
        elif len(what.split()) < MIN_ACTION_WORDS:
            problems.append(f"Handling {number}: '{what}' er for kort til at være konkret. "
                            "Skriv, hvad du gør, og med hvem – fx 'Holde et møde med "
                            "formændene om gevinsterne ved iPads'.")
        if not action.owner.strip():
            problems.append(f"Handling {number}: skriv, hvem der har ansvaret (gerne dig selv).")
        try:
            parse_due(action.due, today)
        except ValueError as err:
            problems.append(f"Handling {number}: {err}")
    for number in range(len(actions) + 1, ACTION_COUNT + 1):
        problems.append(f"Handling {number}: mangler. Planen skal have {ACTION_COUNT} handlinger.")
    return problems


# ----------------------------------------------------------------------------- the plan


@dataclass
class LeadershipPlan:
    """Din digitale ledelsesplan: hvem du er, dit fokus, tre handlinger og dit materiale."""

    name: str = ""
    focus: str = ""
    actions: list[Action] = field(default_factory=lambda: [Action() for _ in
                                                           range(ACTION_COUNT)])
    material: Material = field(default_factory=Material)
    created: date = field(default_factory=date.today)

    def problems(self, today: date | None = None) -> list[str]:
        found = check_actions(self.actions, today)
        if not self.focus.strip():
            found.insert(0, "Skriv dit vigtigste fokus som digital leder (én eller to sætninger).")
        return found


def _dimension_lines(material: Material) -> list[tuple[str, str]]:
    from digileder import danish

    names = material.dimension_names
    return [(names.get(key, key), danish.number(value, 1))
            for key, value in (material.scores or {}).items()]


def _run_line(scenario_id: str, run: dict) -> str:
    title = run.get("title") or scenario_id
    ending = run.get("ending") if isinstance(run.get("ending"), dict) else None
    steps = len(run.get("path") or [])
    if ending and ending.get("title"):
        return f"{title}: du traf {steps} valg og endte i «{ending['title']}»."
    return f"{title}: ikke spillet færdig ({steps} valg)."


def _reflection_items(material: Material) -> list[tuple[str, str]]:
    return [(str(entry.get("prompt") or key), str(entry.get("text") or ""))
            for key, entry in sorted(material.reflections.items())]


def to_markdown(plan: LeadershipPlan) -> str:
    """Planen som Markdown (gemmes ved siden af HTML-filen)."""
    m = plan.material
    lines = ["# Min digitale ledelsesplan", ""]
    if plan.name.strip():
        lines += [f"**{plan.name.strip()}** · {plan.created:%d.%m.%Y}", ""]
    else:
        lines += [f"Lavet {plan.created:%d.%m.%Y}", ""]
    lines += ["## Mit fokus", "", plan.focus.strip() or "–", "",
              "## Tre handlinger", "", "| # | Handling | Ansvarlig | Dato |", "|---|---|---|---|"]
    for number, action in enumerate(plan.actions, start=1):
        cells = [" ".join(v.split()).replace("|", "/") for v in
                 (action.what, action.owner, action.due)]
        lines.append(f"| {number} | {cells[0]} | {cells[1]} | {cells[2]} |")
    lines += ["", "## Min digitale modenhed (modul 03)", ""]
    if m.scores:
        lines += [f"- {name}: {value}" for name, value in _dimension_lines(m)]
        lines += [f"- Forslag: {s['navn']} – {s['text']} (modul {s['module']})"
                  for s in m.suggestions]
    else:
        lines.append("Ikke udfyldt.")
    lines += ["", "## Mit budskab til medarbejderne (modul 06)", "", m.message or "Ikke udfyldt.",
              "", "## Min gevinstplan (modul 07)", "", m.benefits or "Ikke udfyldt.", "",
              "## Mine scenarier", ""]
    lines += [f"- {_run_line(i, r)}" for i, r in m.runs.items()] or ["Ingen spillet."]
    lines += ["", "## Det har jeg skrevet undervejs", ""]
    for prompt, text in _reflection_items(m):
        lines += [f"**{prompt}**", "", text, ""]
    if not m.reflections:
        lines.append("Ingen refleksioner gemt.")
    return "\n".join(lines).rstrip() + "\n"


_CSS = """
body{font-family:sans-serif;max-width:780px;margin:1.5em auto;padding:0 1em;color:#222;
line-height:1.4;font-size:14px}
h1{font-size:22px;margin-bottom:0}h2{font-size:16px;border-bottom:2px solid #0072B2;
padding-bottom:2px;margin-top:1.2em}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px 6px;
text-align:left;vertical-align:top}th{background:#f3f8fc}
.muted{color:#666}.chart svg{max-width:100%;height:auto}
@media print{body{margin:0;font-size:12px}h2{margin-top:0.8em}}
"""


def _paragraphs(text: str) -> str:
    parts = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in parts)


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _HTML_EXCERPT else text[:_HTML_EXCERPT].rsplit(" ", 1)[0] + " …"


def _chart_svg(material: Material) -> str:
    """The maturity profile as inline SVG, or '' if it cannot be drawn."""
    if not material.scores:
        return ""
    try:
        from digileder import charts, maturity

        return charts.to_svg(maturity.profile_chart(material.scores, peers=False))
    except Exception:  # noqa: BLE001 - a chart problem must never stop the export
        return ""


def to_html(plan: LeadershipPlan) -> str:
    """Planen som én selvstændig HTML-side (ingen eksterne scripts, skrifter eller CSS)."""
    m = plan.material
    who = f"<b>{escape(plan.name.strip())}</b> · " if plan.name.strip() else ""
    rows = "".join(
        f"<tr><td>{n}</td><td>{escape(a.what.strip())}</td><td>{escape(a.owner.strip())}</td>"
        f"<td>{escape(a.due.strip())}</td></tr>" for n, a in enumerate(plan.actions, start=1)
    )
    parts = [
        f"<h1>Min digitale ledelsesplan</h1><p class='muted'>{who}{plan.created:%d.%m.%Y}</p>",
        f"<h2>Mit fokus</h2>{_paragraphs(plan.focus) or '<p>–</p>'}",
        "<h2>Tre handlinger</h2><table><tr><th>#</th><th>Handling</th><th>Ansvarlig</th>"
        f"<th>Dato</th></tr>{rows}</table>",
        "<h2>Min digitale modenhed (modul 03)</h2>",
    ]
    svg = _chart_svg(m)
    if svg:
        parts.append(f"<div class='chart'>{svg}</div>")
    elif m.scores:
        parts.append("<ul>" + "".join(f"<li>{escape(n)}: {v}</li>"
                                      for n, v in _dimension_lines(m)) + "</ul>")
    else:
        parts.append("<p class='muted'>Ikke udfyldt.</p>")
    if m.suggestions:
        parts.append("<ul>" + "".join(
            f"<li><b>{escape(s['navn'])}</b>: {escape(s['text'])} (modul {escape(s['module'])})"
            "</li>" for s in m.suggestions) + "</ul>")
    parts.append("<h2>Mit budskab til medarbejderne (modul 06)</h2>"
                 + (_paragraphs(m.message) or "<p class='muted'>Ikke udfyldt.</p>"))
    parts.append("<h2>Min gevinstplan (modul 07)</h2>" + (
        m.benefits_html or (f"<pre>{escape(m.benefits)}</pre>" if m.benefits
                            else "<p class='muted'>Ikke udfyldt.</p>")))
    if m.runs:
        parts.append("<h2>Mine scenarier</h2><ul>" + "".join(
            f"<li>{escape(_run_line(i, r))}</li>" for i, r in m.runs.items()) + "</ul>")
    if m.reflections:
        parts.append("<h2>Det har jeg skrevet undervejs</h2>" + "".join(
            f"<p><b>{escape(prompt)}</b><br>{escape(_excerpt(text))}</p>"
            for prompt, text in _reflection_items(m)))
    parts.append("<p class='muted'><small>Lavet med kurset <i>Bliv skarp på rollen som digital "
                 "leder</i>. Hele teksten står i Markdown-filen ved siden af denne fil."
                 "</small></p>")
    return ("<!DOCTYPE html>\n<html lang='da'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>Min digitale ledelsesplan</title><style>{_CSS}</style></head>"
            f"<body>{''.join(parts)}</body></html>\n")


def export(plan: LeadershipPlan) -> tuple[Path, Path]:
    """Skriv planen som HTML og Markdown i mine-svar. Returnerer de to stier.

    Giver answers.NotSaved med en dansk besked, hvis den ikke kan gemmes (fx skrivebeskyttet).
    """
    html_path = answers.write_text(f"{EXPORT_NAME}.html", to_html(plan)).check().path
    md_path = answers.write_text(f"{EXPORT_NAME}.md", to_markdown(plan)).check().path
    return html_path, md_path


def save_draft(plan: LeadershipPlan) -> answers.SaveResult:
    """Gem navn, fokus og handlinger (også halvfærdige), så intet går tabt ved genstart."""
    return answers.write_json(STATE_FILE, {"name": plan.name, "focus": plan.focus,
                                           "actions": [asdict(a) for a in plan.actions]})


def _is_draft(state: dict) -> bool:
    actions = state.get("actions", [])
    return (isinstance(state.get("name", ""), str) and isinstance(state.get("focus", ""), str)
            and isinstance(actions, list)
            and all(isinstance(a, dict) and all(isinstance(v, str) for v in a.values())
                    for a in actions))


def read_draft() -> tuple[LeadershipPlan, str]:
    """(dit gemte udkast uden materialet, dansk besked om en fil, der er flyttet til side)."""
    result = answers.read_json(STATE_FILE, _is_draft)
    state = result.data or {}
    actions = [Action(**{k: raw.get(k, "") for k in ("what", "owner", "due")})
               for raw in state.get("actions", [])]
    actions = (actions + [Action() for _ in range(ACTION_COUNT)])[:ACTION_COUNT]
    plan = LeadershipPlan(name=state.get("name", ""), focus=state.get("focus", ""),
                          actions=actions)
    return plan, result.notice


def load_draft() -> LeadershipPlan:
    """Dit gemte udkast (uden materialet), eller en tom plan."""
    return read_draft()[0]


# ----------------------------------------------------------------------------- widgets

_ERROR = "color:#D55E00"
_OK = "color:#009E73"


def material_html(material: Material) -> str:
    """A checklist of what was found and what is missing, with links to the modules."""
    found = []
    if material.scores:
        found.append("Din profil for digital modenhed (modul 03)")
    if material.reflections:
        found.append(f"{len(material.reflections)} refleksioner")
    if material.message:
        found.append("Dit budskab (modul 06)")
    if material.benefits:
        found.append("Din gevinstplan (modul 07)")
    found += [_run_line(i, r) for i, r in material.runs.items()]
    gaps = missing(material)
    html = ""
    if found:
        html += "<p><b>Det har du med fra kurset:</b></p><ul>" + "".join(
            f"<li>✔ {escape(item)}</li>" for item in found) + "</ul>"
    else:
        html += ("<p><b>Du har ikke gemt noget fra de andre moduler endnu.</b> Det gør ikke "
                 "noget: Du kan lave planen alligevel. Den bliver bare rigere, hvis du først "
                 "laver nogle af aktiviteterne nedenfor.</p>")
    if gaps:
        items = []
        for gap in gaps:
            link = (f"<a href='{escape(gap['file'])}'>modul {gap['module']}</a>"
                    if gap["file"] else f"modul {gap['module']}")
            items.append(f"<li>{escape(gap['what'])} – {escape(gap['todo'])} ({link})</li>")
        html += "<p><b>Det mangler:</b></p><ul>" + "".join(items) + "</ul>"
    return html


def show_material():
    """Viser, hvad du har gemt i kurset, og hvad der mangler – med en knap til at opdatere."""
    import ipywidgets as widgets

    view = widgets.HTML(material_html(gather()))
    button = widgets.Button(description="Opdatér", icon="refresh")
    button.on_click(lambda _: setattr(view, "value", material_html(gather())))
    return widgets.VBox([view, button])


def suggestions_html(material: Material) -> str:
    """Your weakest areas from module 03, each with a suggestion and the module that helps."""
    if not material.suggestions:
        return ""
    files = _module_files()
    items = []
    for s in material.suggestions:
        file = files.get(s["module"], "")
        link = (f"<a href='{escape(file)}'>modul {escape(s['module'])}</a>" if file
                else f"modul {escape(s['module'])}")
        items.append(f"<li><b>{escape(s['navn'])}</b>: {escape(s['text'])} ({link})</li>")
    return ("<p><b>Dine svageste områder og et forslag til hvert:</b></p><ul>"
            + "".join(items) + "</ul>")


def show_profile():
    """Din modenhedsprofil fra modul 03 med forslag, eller en besked om, hvad du skal gøre."""
    import ipywidgets as widgets

    material = gather()
    if not material.scores:
        return widgets.HTML(
            "<p><i>Du har ikke gemt en vurdering af digital modenhed endnu. Lav den i "
            "<a href='03-digital-modenhed-paa-teknik-og-miljoe.ipynb'>modul 03</a>, og vælg så "
            "<b>Kør → Kør alle celler</b> her igen. Du kan godt lave planen uden.</i></p>")
    svg = _chart_svg(material)
    return widgets.VBox([widgets.HTML(f"<div style='max-width:100%;overflow-x:auto'>{svg}</div>"),
                         widgets.HTML(suggestions_html(material))])


def _relative(path: Path) -> str:
    try:
        return Path(os.path.relpath(path, Path.cwd())).as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()


class PlanBuilder:
    """Planbyggeren: fokus, tre handlinger med ansvarlig og dato, og en knap, der eksporterer."""

    def __init__(self, plan: LeadershipPlan | None = None):
        import ipywidgets as widgets

        from digileder.ui.autosave import Debounced

        notice = ""
        if plan is None:
            plan, notice = read_draft()
        self.plan = plan
        self.autosave = Debounced(self.save_draft)
        wide = widgets.Layout(width="95%")
        self.name = widgets.Text(value=self.plan.name, description="Navn og rolle:",
                                 placeholder="Valgfrit, fx Afdelingsleder, Vej og Park",
                                 style={"description_width": "initial"}, layout=wide)
        self.focus = widgets.Textarea(
            value=self.plan.focus, rows=3, layout=wide,
            placeholder="Mit vigtigste fokus som digital leder det næste halve år er …")
        self.rows = []
        lines = []
        for number, action in enumerate(self.plan.actions, start=1):
            what = widgets.Text(value=action.what, placeholder="Hvad gør du konkret?",
                                description=f"{number}.", layout=widgets.Layout(width="55%"))
            owner = widgets.Text(value=action.owner, placeholder="Ansvarlig",
                                 layout=widgets.Layout(width="20%"))
            due = widgets.Text(value=action.due, placeholder="dd.mm.åååå",
                               layout=widgets.Layout(width="18%"))
            self.rows.append((what, owner, due))
            lines.append(widgets.HBox([what, owner, due]))
        for box in [self.name, self.focus, *(b for row in self.rows for b in row)]:
            box.observe(self.autosave, names="value")
        self.button = widgets.Button(description="Lav min plan", icon="file-text-o",
                                     button_style="primary")
        self.button.on_click(lambda _: self.export())
        self.status = widgets.HTML(f"<p style='{_ERROR}'>{escape(notice)}</p>" if notice else "")
        self.view = widgets.VBox([
            self.name, widgets.HTML("<b>Mit vigtigste fokus</b>"), self.focus,
            widgets.HTML("<b>Tre handlinger</b> – hvad, hvem har ansvaret, og hvornår "
                         "(dato som dd.mm.åååå)"),
            *lines, self.button, self.status,
        ])
        self.view.builder = self  # tests and teachers can reach the model behind the view

    def _read(self) -> None:
        if not self.focus.value.strip() and notes.load(FOCUS_KEY).strip():
            self.focus.value = notes.load(FOCUS_KEY)  # the reflection written above the builder
        self.plan.name, self.plan.focus = self.name.value, self.focus.value
        self.plan.actions = [Action(w.value, o.value, d.value) for w, o, d in self.rows]

    def save_draft(self) -> answers.SaveResult:
        self._read()
        result = save_draft(self.plan)
        if not result.saved:
            self.status.value = f"<p style='{_ERROR}'>{escape(result.message)}</p>"
        return result

    def export(self, today: date | None = None) -> tuple[Path, Path] | None:
        self.autosave.flush()
        problems = self.plan.problems(today)
        if problems:
            items = "".join(f"<li>{escape(p)}</li>" for p in problems)
            self.status.value = (f"<div style='{_ERROR}'><b>Ret dette, så laver vi planen:</b>"
                                 f"<ul>{items}</ul></div>")
            return None
        self.plan.material = gather()
        self.plan.created = today or date.today()
        try:
            html_path, md_path = export(self.plan)
        except answers.NotSaved as err:
            self.status.value = f"<p style='{_ERROR}'>{escape(str(err))}</p>"
            return None
        self.status.value = (
            f"<p style='{_OK}'><b>✔ Din plan er gemt</b> "
            f"{datetime.now():%d.%m.%Y kl. %H.%M}.</p><ul>"
            f"<li><a href='{escape(_relative(html_path))}' target='_blank'>"
            f"{escape(html_path.name)}</a> – én side, du kan åbne i en browser, udskrive "
            "eller sende.</li>"
            f"<li><a href='{escape(_relative(md_path))}' target='_blank'>"
            f"{escape(md_path.name)}</a> – samme plan som ren tekst.</li></ul>"
            "<p>Begge filer ligger i mappen <code>mine-svar</code>.</p>"
        )
        return html_path, md_path


def show(plan: LeadershipPlan | None = None):
    """Planbyggeren som widget. Henter dit udkast, hvis du har skrevet før."""
    return PlanBuilder(plan).view


# Old entry-point names, kept so notebooks written before the rename still run.
material_overview = show_material
profile = show_profile
plan_builder = show
