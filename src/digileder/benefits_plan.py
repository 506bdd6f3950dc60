"""Module 07's benefits-realisation plan: who owns which gain, and how and when it is measured.

Model: BenefitsPlan is a list of BenefitRow (gain, owner, measure, baseline, when) with
Danish validation. It is saved two ways: as Markdown via notes.save("07-gevinstplan", ...)
so module 08 finds it among the reflections, and as JSON (mine-svar/gevinstplan.json), saved
as the participant types, so the builder comes back with every row after a restart.
The widget at the bottom is a thin view.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from html import escape

import ipywidgets as widgets

from digileder import answers, notes
from digileder.ui.autosave import Debounced

NOTE_KEY = "07-gevinstplan"
PROMPT = "Min gevinstplan: hvem ejer hvilken gevinst, og hvordan og hvornår måler vi den?"
STATE_FILE = "gevinstplan.json"
MAX_ROWS = 10

# Column name, Danish label, hint shown in the empty box.
COLUMNS = [
    ("gain", "Gevinst", "fx Mindre kørsel til materielgården"),
    ("owner", "Ejer", "fx Driftslederen"),
    ("measure", "Sådan måler vi", "fx Kørte km i kørebogen"),
    ("baseline", "Udgangspunkt (før)", "fx 1.200 km om måneden"),
    ("when", "Hvornår måler vi", "fx Hver måned; status efter et år"),
]
LABELS = {name: label for name, label, _ in COLUMNS}


@dataclass
class BenefitRow:
    """Én gevinst: hvad, hvem ejer den, hvordan måles den, udgangspunkt og hvornår."""

    gain: str = ""
    owner: str = ""
    measure: str = ""
    baseline: str = ""
    when: str = ""

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name).strip() for f in fields(self))

    def tidy(self) -> BenefitRow:
        return BenefitRow(**{f.name: " ".join(getattr(self, f.name).split())
                             for f in fields(self)})


@dataclass
class BenefitsPlan:
    """En gevinstplan: et projekt og en række gevinster med ejer og måling."""

    project: str = ""
    rows: list[BenefitRow] = field(default_factory=lambda: [BenefitRow()])

    def add_row(self, row: BenefitRow | None = None) -> None:
        """Tilføj en række (højst MAX_ROWS)."""
        if len(self.rows) >= MAX_ROWS:
            raise ValueError(f"Planen kan højst have {MAX_ROWS} gevinster. Saml nogle af dem.")
        self.rows.append(row or BenefitRow())

    def remove_row(self, index: int) -> None:
        """Fjern række nr. index (0 = den første). Der er altid mindst én række tilbage."""
        if not 0 <= index < len(self.rows):
            raise ValueError(f"Der er ingen række nr. {index + 1}.")
        del self.rows[index]
        if not self.rows:
            self.rows.append(BenefitRow())

    def filled_rows(self) -> list[BenefitRow]:
        return [row.tidy() for row in self.rows if not row.is_empty()]

    def problems(self) -> list[str]:
        """Det, der mangler, før planen kan bruges – som danske sætninger. Tom liste = i orden."""
        found = []
        if not self.filled_rows():
            return ["Skriv mindst én gevinst, og hvem der ejer den."]
        for number, row in enumerate(self.rows, start=1):
            if row.is_empty():
                continue
            row = row.tidy()
            name = f"Gevinsten '{row.gain}'" if row.gain else f"Række {number}"
            if not row.gain:
                found.append(f"Række {number}: skriv, hvilken gevinst rækken handler om.")
            if not row.owner:
                found.append(f"{name} har ingen ejer. Skriv, hvem der har ansvaret for at "
                             "hente den hjem – en person eller en rolle, ikke 'alle'.")
            elif row.owner.casefold() in {"alle", "os", "vi", "afdelingen", "ingen"}:
                found.append(f"{name}: '{row.owner}' er ikke en ejer. Skriv én person eller "
                             "rolle, fx driftslederen.")
            if not row.measure:
                found.append(f"{name}: skriv, hvordan I måler den.")
            if not row.baseline:
                found.append(f"{name}: skriv udgangspunktet – hvordan det ser ud i dag, før "
                             "forandringen. Uden det kan I ikke se, om noget er blevet bedre.")
            if not row.when:
                found.append(f"{name}: skriv, hvornår I måler.")
        return found

    def to_markdown(self) -> str:
        """Planen som Markdown-tabel (gemmes som svaret '07-gevinstplan')."""
        title = self.project.strip() or "Mit projekt"
        lines = [f"Gevinstplan: {title}", "",
                 "| " + " | ".join(LABELS.values()) + " |",
                 "|" + "---|" * len(COLUMNS)]
        for row in self.filled_rows():
            cells = [getattr(row, name).replace("|", "/") or "–" for name, _, _ in COLUMNS]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)

    def to_html(self) -> str:
        head = "".join(f"<th style='text-align:left'>{escape(label)}</th>"
                       for label in LABELS.values())
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(getattr(row, name)) or '–'}</td>"
                             for name, _, _ in COLUMNS) + "</tr>"
            for row in self.filled_rows()
        )
        return f"<table><tr>{head}</tr>{body}</table>"

    def to_dict(self) -> dict:
        return {"format": "digileder-gevinstplan", "version": 1, "project": self.project,
                "rows": [asdict(row) for row in self.rows]}

    @classmethod
    def from_dict(cls, content: dict) -> BenefitsPlan:
        rows = []
        for raw in content.get("rows") or []:
            if isinstance(raw, dict):
                rows.append(BenefitRow(**{name: str(raw.get(name) or "")
                                          for name, _, _ in COLUMNS}))
        return cls(project=str(content.get("project") or ""), rows=rows or [BenefitRow()])


def save_draft(plan: BenefitsPlan) -> answers.SaveResult:
    """Gem alle rækker som JSON, også en halvfærdig plan (så intet arbejde går tabt)."""
    return answers.write_json(STATE_FILE, plan.to_dict())


def save(plan: BenefitsPlan) -> answers.SaveResult:
    """Gem en færdig plan som svaret '07-gevinstplan' (Markdown) og som JSON.

    Giver ValueError med de danske fejl, hvis planen ikke er færdig; udkastet gemmes alligevel.
    """
    draft = save_draft(plan)
    problems = plan.problems()
    if problems:
        raise ValueError(" ".join(problems))
    return notes.save(NOTE_KEY, plan.to_markdown(), PROMPT) if draft.saved else draft


def _is_plan(content: dict) -> bool:
    rows = content.get("rows", [])
    return isinstance(content.get("project", ""), str) and isinstance(rows, list) and all(
        isinstance(row, dict) and all(isinstance(v, str) for v in row.values()) for row in rows)


def read_saved() -> tuple[BenefitsPlan, str]:
    """(din gemte plan, dansk besked). En ulæselig fil flyttes til side, og beskeden siger hvor."""
    result = answers.read_json(STATE_FILE, _is_plan)
    return (BenefitsPlan.from_dict(result.data) if result.data else BenefitsPlan()), result.notice


def load_saved() -> BenefitsPlan:
    """Din gemte gevinstplan, eller en tom plan (hvis der ingen er, eller filen er i stykker)."""
    return read_saved()[0]


def example_plan() -> BenefitsPlan:
    """Et opdigtet eksempel på en gevinstplan for iPads i Vej og Park."""
    return BenefitsPlan(project="iPads i Vej og Park (opdigtet eksempel)", rows=[
        BenefitRow("Vejskader registreres i marken, ikke på papir", "Driftslederen",
                   "Holdets samlede tid til indtastning (stikprøve over to uger)",
                   "Ca. 8 timer om ugen for hele holdet",
                   "Før start, efter 3 måneder og efter et år"),
        BenefitRow("Mindre kørsel til materielgården", "Formanden for vejholdet",
                   "Kørte km i kørebogen", "1.200 km om måneden", "Hver måned"),
        BenefitRow("Hurtigere svar til borgerne om huller i vejen", "Teamlederen for drift",
                   "Dage fra henvendelse til lukket sag i vejsystemet", "Median 9 dage",
                   "Hvert kvartal"),
    ])


# ----------------------------------------------------------------------------- widget

_ERROR = "color:#D55E00"
_OK = "color:#009E73"


class PlanBuilder(widgets.VBox):
    """Den tynde visning: én linje felter pr. gevinst, knapper til at tilføje, fjerne og gemme."""

    def __init__(self, plan: BenefitsPlan | None = None):
        notice = ""
        if plan is None:
            plan, notice = read_saved()
        self.plan = plan
        self.autosave = Debounced(self.save_draft)
        self.project = widgets.Text(value=self.plan.project, description="Projekt:",
                                    placeholder="fx iPads i Vej og Park",
                                    layout=widgets.Layout(width="60%"))
        self.project.observe(self._on_project, names="value")
        self.rows_box = widgets.VBox()
        self.add_button = widgets.Button(description="Tilføj gevinst", icon="plus")
        self.example_button = widgets.Button(description="Vis eksempel", icon="lightbulb-o",
                                             tooltip="Fylder et opdigtet eksempel i felterne")
        self.save_button = widgets.Button(description="Gem gevinstplan", icon="save",
                                          button_style="primary")
        self.status = widgets.HTML(f"<span style='{_ERROR}'>{escape(notice)}</span>"
                                   if notice else "")
        self.add_button.on_click(lambda _: self.add_row())
        self.example_button.on_click(lambda _: self.use_example())
        self.save_button.on_click(lambda _: self.save())
        header = widgets.HBox([widgets.HTML(f"<b>{escape(label)}</b>",
                                            layout=widgets.Layout(width="18%"))
                               for label in LABELS.values()])
        super().__init__([
            self.project, header, self.rows_box,
            widgets.HBox([self.add_button, self.example_button, self.save_button]), self.status,
        ])
        self._render_rows()

    # Rows are rebuilt from the model after add/remove, so view and model never disagree.
    def _render_rows(self) -> None:
        lines = []
        for index, row in enumerate(self.plan.rows):
            boxes = []
            for name, label, hint in COLUMNS:
                box = widgets.Text(value=getattr(row, name), placeholder=hint,
                                   continuous_update=True, tooltip=label,
                                   layout=widgets.Layout(width="18%"))
                box.observe(self._field_handler(index, name), names="value")
                boxes.append(box)
            remove = widgets.Button(icon="trash", tooltip=f"Fjern række {index + 1}",
                                    layout=widgets.Layout(width="40px"))
            remove.on_click(self._remove_handler(index))
            lines.append(widgets.HBox([*boxes, remove]))
        self.rows_box.children = lines

    def _field_handler(self, index: int, name: str):
        def handle(change):
            setattr(self.plan.rows[index], name, change["new"])
            self.autosave()
        return handle

    def _remove_handler(self, index: int):
        return lambda _: self.remove_row(index)

    def _on_project(self, change) -> None:
        self.plan.project = change["new"]
        self.autosave()

    def save_draft(self) -> answers.SaveResult:
        result = save_draft(self.plan)
        if not result.saved:
            self.status.value = f"<span style='{_ERROR}'>{escape(result.message)}</span>"
        return result

    def set_field(self, index: int, name: str, value: str) -> None:
        """Skriv i et felt (bruges af tests; svarer til at skrive i boksen)."""
        self.rows_box.children[index].children[[c[0] for c in COLUMNS].index(name)].value = value

    def add_row(self) -> None:
        try:
            self.plan.add_row()
        except ValueError as err:
            self.status.value = f"<span style='{_ERROR}'>{escape(str(err))}</span>"
            return
        self._render_rows()
        self.autosave.flush()

    def remove_row(self, index: int) -> None:
        self.plan.remove_row(index)
        self._render_rows()
        self.autosave.flush()

    def use_example(self) -> None:
        if self.plan.filled_rows():
            self.status.value = ("<span style='color:#555'>Du har allerede skrevet i planen. "
                                 "Eksemplet står i boksen under aktiviteten.</span>")
            return
        self.plan = example_plan()
        self.project.value = self.plan.project
        self._render_rows()
        self.status.value = ("<i>Et opdigtet eksempel er sat ind. Ret det til dit eget projekt, "
                             "før du gemmer.</i>")

    def save(self) -> bool:
        self.autosave.flush()
        try:
            result = save(self.plan)
        except ValueError as err:
            problems = "".join(f"<li>{escape(p)}</li>" for p in self.plan.problems()) or \
                f"<li>{escape(str(err))}</li>"
            self.status.value = (f"<div style='{_ERROR}'><b>Planen er ikke færdig endnu</b> "
                                 f"(dit udkast er gemt):<ul>{problems}</ul></div>")
            return False
        if not result.saved:
            self.status.value = f"<span style='{_ERROR}'>{escape(result.message)}</span>"
            return False
        count = len(self.plan.filled_rows())
        self.status.value = (f"<span style='{_OK}'>✔ Gevinstplanen med {count} gevinst"
                             f"{'er' if count != 1 else ''} er gemt i mine-svar. Du bruger den "
                             "igen i modul 08.</span>")
        return True


def show(plan: BenefitsPlan | None = None):
    """Gevinstplan-byggeren som widget. Henter din gemte plan, hvis du har en."""
    return PlanBuilder(plan)
