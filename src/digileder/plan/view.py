"""Module 08's widgets: what was found and what is missing, the profile, and the plan builder."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import ipywidgets as widgets

from digileder import answers, danish, notes
from digileder.palette import ERROR_TEXT, OK_TEXT
from digileder.plan.chart import chart_html, export
from digileder.plan.model import (
    FOCUS_KEY,
    Action,
    LeadershipPlan,
    Material,
    _module_files,
    _run_line,
    missing,
)
from digileder.plan.store import UNUSABLE, gather, read_draft, save_draft
from digileder.ui import html as ui_html
from digileder.ui.autosave import Debounced
from digileder.ui.connection import mark_saving
from digileder.ui.save_message import show_save

_ERROR = f"color:{ERROR_TEXT}"
_OK = f"color:{OK_TEXT}"


def material_html(material: Material) -> str:
    """A checklist of what was found and what is missing, with links to the modules."""
    found = []
    if material.scores:
        found.append("Din profil for digital modenhed (modul 03)")
    if material.reflections:
        found.append(danish.count(len(material.reflections), "refleksion", "refleksioner"))
    if material.message:
        found.append("Dit budskab (modul 06)")
    if material.benefits:
        found.append("Din gevinstplan (modul 07)")
    found += [_run_line(i, r) for i, r in material.runs.items()]
    tag, gaps = ui_html.tag, missing(material)
    notices = [ui_html.message(notice, ui_html.Tone.ERROR) for notice in material.notices]
    parts = [tag("p", tag("b", "Det har du med fra kurset:")),
             tag("ul", *(tag("li", f"✔ {item}") for item in found))] if found else [
        tag("p", tag("b", "Planen kan ikke bruge noget af det, du har gemt, endnu." if notices
                     else "Du har ikke gemt noget fra de andre moduler endnu."), " Det gør ikke "
            "noget: Du kan lave planen alligevel. Den bliver bare rigere, hvis du først laver "
            "nogle af aktiviteterne nedenfor.")]
    parts = [*notices, *parts]
    if gaps:
        parts += [tag("p", tag("b", "Det mangler:")), tag("ul", *(
            tag("li", f"{gap['what']} – {gap['todo']} (", _module_link(gap["module"], gap["file"]),
                ")") for gap in gaps))]
    return ui_html.join(parts)


def _module_link(number: str, file: str) -> ui_html.Markup | str:
    """'modul 03' as a link to the notebook when its file is known."""
    return ui_html.tag("a", f"modul {number}", href=file) if file else f"modul {number}"


def show_material():
    """Viser, hvad du har gemt i kurset, og hvad der mangler – med en knap til at opdatere."""
    view = widgets.HTML(material_html(gather()))
    button = widgets.Button(description="Opdatér", icon="refresh")
    button.on_click(lambda _: setattr(view, "value", material_html(gather())))
    return widgets.VBox([view, button])


def suggestions_html(material: Material) -> str:
    """Your weakest areas from module 03, each with a suggestion and the module that helps."""
    if not material.suggestions:
        return ""
    tag, files = ui_html.tag, _module_files()
    items = [tag("li", tag("b", s["name"]), f": {s['text']} (",
                 _module_link(s["module"], files.get(s["module"], "")), ")")
             for s in material.suggestions]
    return ui_html.join([tag("p", tag("b", "Dine svageste områder og et forslag til hvert:")),
                         tag("ul", *items)])


def show_profile():
    """Din modenhedsprofil fra modul 03 med forslag, eller en besked om, hvad du skal gøre."""
    material = gather()
    unusable = [notice for notice in material.notices if notice.startswith(UNUSABLE)]
    if not material.scores and unusable:  # saved, but no score can be drawn: say why
        return widgets.HTML(ui_html.message(unusable[0], ui_html.Tone.ERROR))
    if not material.scores:
        return widgets.HTML(ui_html.tag("p", ui_html.tag(
            "i", "Du har ikke gemt en vurdering af digital modenhed endnu. Lav den i ",
            _module_link("03", "03-digital-modenhed-paa-teknik-og-miljoe.ipynb"), ", og vælg så ",
            ui_html.tag("b", "Kør → Kør alle celler"),
            " her igen. Du kan godt lave planen uden.")))
    chart = ui_html.raw(chart_html(material))  # drawn by the course's own chart code
    return widgets.VBox([widgets.HTML(chart),
                         widgets.HTML(suggestions_html(material))])


def _relative(path: Path) -> str:
    try:
        return Path(os.path.relpath(path, Path.cwd())).as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()


class PlanBuilder(widgets.VBox):
    """Planbyggeren: fokus, tre handlinger med ansvarlig og dato, og en knap, der eksporterer."""

    def __init__(self, plan: LeadershipPlan | None = None):
        notice = ""
        self.seen = answers.Seen()  # what this view read and wrote: another view's text is kept
        if plan is None:
            plan, notice = read_draft(self.seen)
        self.plan = plan
        self.autosave = Debounced(self.save_draft, seen=self.seen)
        wide = widgets.Layout(width="95%")
        self.name_box = widgets.Text(value=self.plan.name, description="Navn og rolle:",
                                 placeholder="Valgfrit, fx Afdelingsleder, Vej og Park",
                                 style={"description_width": "initial"}, layout=wide)
        self.focus_box = widgets.Textarea(
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
        for box in [self.name_box, self.focus_box, *(b for row in self.rows for b in row)]:
            box.observe(self.autosave, names="value")
        self.button = widgets.Button(description="Lav min plan", icon="file-text-o",
                                     button_style="primary")
        self.button.on_click(lambda _: self.export())
        self.status = widgets.HTML(ui_html.tag("p", notice, style=_ERROR) if notice else "")
        super().__init__([
            self.name_box, widgets.HTML(ui_html.tag("b", "Mit vigtigste fokus")), self.focus_box,
            widgets.HTML("<b>Tre handlinger</b> – hvad, hvem har ansvaret, og hvornår "
                         "(dato som dd.mm.åååå)"),
            *lines, self.button, self.status,
        ])
        mark_saving(self, self.status)

    def _read(self) -> None:
        if not self.focus_box.value.strip() and notes.load(FOCUS_KEY).strip():
            self.focus_box.value = notes.load(FOCUS_KEY)  # the reflection written above the builder
        self.plan.name, self.plan.focus = self.name_box.value, self.focus_box.value
        self.plan.actions = [Action(w.value, o.value, d.value) for w, o, d in self.rows]

    def save_draft(self) -> answers.SaveResult:
        self._read()
        result = save_draft(self.plan, self.seen)
        show_save(self.status, result, lambda text: ui_html.tag("p", text, style=_ERROR))
        return result

    def export(self, today: date | None = None) -> tuple[Path, Path] | None:
        self.autosave.flush()
        problems = self.plan.problems(today)
        if problems:
            self.status.value = ui_html.tag(
                "div", ui_html.tag("b", "Ret dette, så laver vi planen:"),
                ui_html.tag("ul", *(ui_html.tag("li", p) for p in problems)), style=_ERROR)
            return None
        self.plan.material = gather()
        self.plan.created = today or date.today()
        try:
            html_path, md_path = export(self.plan)
        except answers.NotSaved as err:
            self.status.value = ui_html.tag("p", str(err), style=_ERROR)
            return None
        tag = ui_html.tag
        self.status.value = ui_html.join([
            tag("p", tag("b", "✔ Din plan er gemt"), f" {datetime.now():%d.%m.%Y kl. %H.%M}.",
                style=_OK),
            tag("ul", tag("li", tag("a", html_path.name, href=_relative(html_path),
                                    target="_blank"),
                          " – én side, du kan åbne i en browser, udskrive eller sende."),
                tag("li", tag("a", md_path.name, href=_relative(md_path), target="_blank"),
                    " – samme plan som ren tekst.")),
            tag("p", "Begge filer ligger i mappen ", tag("code", "mine-svar"), ".")])
        return html_path, md_path
