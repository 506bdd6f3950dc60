"""The benefits plan's model (module 07): rows of gain, owner, measure, baseline and when,
with Danish validation, as Markdown and as an HTML table. Pure: no files, no widgets."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

from digileder.ui import html as ui_html

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
        tag = ui_html.tag
        head = tag("tr", *(tag("th", label, style="text-align:left") for label in LABELS.values()))
        body = (tag("tr", *(tag("td", getattr(row, name) or "–") for name, _, _ in COLUMNS))
                for row in self.filled_rows())
        return tag("table", head, *body)

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
