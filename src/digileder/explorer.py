"""Survey explorer (module 02): shares with n and 95 pct. intervals over the SIMULATED survey.

Model: group_shares() filters the survey, splits it into groups and returns n, share
and a Wilson interval per group, with a `drawable` flag for groups of at least
stats.MIN_GROUP answers; explain_small_groups() says in Danish why a group is not
drawn. The widget loads the survey once and only recomputes one small table per change.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from digileder import chart_mode, charts, danish, data, stats
from digileder.data import DataError
from digileder.palette import ERROR_TEXT
from digileder.ui import html as ui_html
from digileder.ui.live_chart import LiveChartBox

AGREE = 4  # praksis_* answers of 4 or 5 count as "enig"
GROUPINGS = {
    "gruppe": "Ledere og medarbejdere",
    "niveau": "Ledelsesniveau",
    "omraade": "Fagområde",
    "kommunestoerrelse": "Kommunens størrelse",
    "region": "Region",
}
# A meaningful order for groups; values not listed come last in the data's order.
ORDER = {
    "gruppe": ["leder", "medarbejder"],
    "niveau": ["chef", "afdelingsleder", "teamleder", "medarbejder"],
    "kommunestoerrelse": ["under 30.000", "30.000-59.999", "60.000 og derover"],
    "region": ["Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland"],
    "omraade": ["byg", "miljø", "vej og park", "plan", "natur"],
}
ALL = "alle"


def items(frame: pd.DataFrame) -> list[str]:
    """The questions one can explore: challenges (udfordring_*) and practice (praksis_*)."""
    return [c for c in frame.columns if c.startswith(("udfordring_", "praksis_"))]


def _answer_column(frame: pd.DataFrame, item: str) -> pd.Series:
    """True/False per respondent for the item; blank (ved ikke) stays missing."""
    if item.startswith("praksis_"):
        values = pd.to_numeric(frame[item], errors="coerce")
        return (values >= AGREE).astype("boolean").mask(values.isna())
    return frame[item].astype("boolean")


def apply_filters(frame: pd.DataFrame, filters: dict | None) -> pd.DataFrame:
    """Keep the rows matching every filter; a value of None or 'alle' means no filter.

    A filter value may be one value or a list of values.
    """
    for column, wanted in (filters or {}).items():
        if wanted is None or wanted == ALL:
            continue
        if column not in frame.columns:
            raise ValueError(f"Kolonnen '{column}' findes ikke i undersøgelsen.")
        values = list(wanted) if isinstance(wanted, list | tuple | set) else [wanted]
        frame = frame[frame[column].isin(values)]
    return frame


def group_shares(frame: pd.DataFrame, item: str, by: str | None = None,
                 filters: dict | None = None) -> pd.DataFrame:
    """Andel pr. gruppe med n og 95 pct. sikkerhedsinterval.

    For udfordring_* er andelen dem, der har sat kryds; for praksis_* dem, der svarer
    4 eller 5 (enig). Blanke svar (ved ikke) tæller ikke med i n. Kolonnen `drawable`
    er True, når gruppen har mindst 10 svar (stats.MIN_GROUP).
    Returnerer kolonnerne: gruppe, n, count, share, lower, upper, drawable.
    """
    if item not in frame.columns:
        raise ValueError(f"Spørgsmålet '{item}' findes ikke i undersøgelsen.")
    if by is not None and by not in frame.columns:
        raise ValueError(f"Der kan ikke opdeles efter '{by}': kolonnen findes ikke.")
    chosen = apply_filters(frame, filters)
    work = pd.DataFrame({"svar": _answer_column(chosen, item)})
    work["gruppe"] = chosen[by].astype(str) if by else "Alle"
    work = work[work["svar"].notna()]
    columns = ["gruppe", "n", "count", "share", "lower", "upper", "drawable"]
    if work.empty:
        return pd.DataFrame(columns=columns)
    table = stats.share_table(work, "svar", by="gruppe")
    order = ORDER.get(by, [])
    rank = {value: index for index, value in enumerate(order)}
    table = table.sort_values("gruppe", key=lambda s: s.map(lambda v: rank.get(v, len(order))),
                              kind="stable").reset_index(drop=True)
    table["drawable"] = table["n"] >= stats.MIN_GROUP
    return table[columns]


def explain_small_groups(table: pd.DataFrame) -> str:
    """Dansk forklaring på, hvorfor grupper med under 10 svar ikke bliver tegnet ('' hvis ingen)."""
    if table.empty:
        return ("Ingen svar passer til dine valg. Vælg færre filtre, så der er nogen at "
                "regne på.")
    small = table[~table["drawable"]]
    if small.empty:
        return ""
    names = [f"{row.gruppe} (n = {danish.number(row.n)})" for row in small.itertuples()]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]
    subject = "Gruppen" if len(names) == 1 else "Grupperne"
    return (
        f"{subject} {listed} har færre end {stats.MIN_GROUP} svar og bliver ikke tegnet. "
        "Med så få svar kan et enkelt svar flytte andelen mange procentpoint, og "
        "sikkerhedsintervallet bliver så bredt, at tallet næsten intet siger. Vælg færre "
        "filtre, eller opdel efter noget andet."
    )


def interval_sentence(row) -> str:
    """What one share does and does not say, e.g. for 46 pct. of 250 leaders."""
    return (
        f"I gruppen »{row.gruppe}« er andelen {danish.pct(row.share)} "
        f"(n = {danish.number(row.n)}). Andelen blandt alle i gruppen ligger sandsynligvis "
        f"mellem {danish.pct(row.lower)} og {danish.pct(row.upper)} (95 pct. "
        "sikkerhedsinterval) – hvis de, der svarede, ligner dem, der ikke svarede. Tallet "
        "siger ikke, hvorfor de svarede sådan."
    )


def _label(item: str, titles: dict[str, str]) -> str:
    kind = "Udfordring" if item.startswith("udfordring_") else "Praksis (enig)"
    return f"{kind}: {titles.get(item, item)}"


class SurveyExplorer(widgets.VBox):
    """Undersøgelsesudforskeren: vælg spørgsmål, opdeling og filtre, og se andele med n.

    Tests set the dropdowns and read `table`, `chart`, `message`.
    """

    def __init__(self, frame: pd.DataFrame, titles: dict[str, str]):
        self.frame = frame  # loaded once; every change only recomputes one small table
        self.titles = titles
        self.table = pd.DataFrame()
        self._shown: tuple[pd.DataFrame, dict] | None = None  # the chart's rows and options
        self._specs = charts.ShareBarsSpecs()
        style = {"description_width": "initial"}
        wide = widgets.Layout(width="640px")
        self.item = widgets.Dropdown(
            options=[(_label(c, titles), c) for c in items(frame)],
            value="udfordring_gevinster" if "udfordring_gevinster" in frame else None,
            description="Spørgsmål:", style=style, layout=wide)
        self.by = widgets.Dropdown(
            options=[("Ingen opdeling", None)]
            + [(label, c) for c, label in GROUPINGS.items() if c in frame],
            value="gruppe" if "gruppe" in frame else None,
            description="Opdel efter:", style=style)
        self.group = widgets.ToggleButtons(
            options=[("Alle", ALL), ("Ledere", "leder"), ("Medarbejdere", "medarbejder")],
            value=ALL, description="Hvem:", style=style)
        self.filters = {
            column: widgets.Dropdown(
                options=[("Alle", ALL)] + [(str(v), v) for v in self._values(column)],
                value=ALL, description=f"{label}:", style=style)
            for column, label in GROUPINGS.items() if column != "gruppe" and column in frame
        }
        self.message = widgets.HTML()
        self.output = LiveChartBox()
        for control in [self.item, self.by, self.group, *self.filters.values()]:
            control.observe(lambda _change: self.update(), names="value")
        filter_box = widgets.HBox(list(self.filters.values()),
                                  layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([
            self.item, widgets.HBox([self.by, self.group]),
            widgets.HTML("<b>Filtre</b> (vælg fx én region):"), filter_box,
            self.message, self.output,
        ])
        self.update()

    def _values(self, column: str) -> list:
        present = [v for v in self.frame[column].dropna().unique()]
        order = ORDER.get(column, [])
        return [v for v in order if v in present] + [v for v in present if v not in order]

    def current_filters(self) -> dict:
        chosen = {"gruppe": self.group.value}
        chosen.update({column: box.value for column, box in self.filters.items()})
        return chosen

    def update(self) -> None:
        """Recompute the table and redraw the chart for the current choices."""
        item, by = self.item.value, self.by.value
        self.table = group_shares(self.frame, item, by, self.current_filters())
        drawable = self.table[self.table["drawable"]] if not self.table.empty else self.table
        notes = []
        small = explain_small_groups(self.table)
        if small:
            notes.append(ui_html.tag("p", small, style=f"color:{ERROR_TEXT}"))
        if not drawable.empty:
            notes.append(ui_html.tag("p", ui_html.tag("i", "Sådan læser du tallet:"), " ",
                                     interval_sentence(drawable.iloc[0])))
        total = int(self.table["n"].sum()) if not self.table.empty else 0
        notes.append(ui_html.tag(
            "p", f"I alt {danish.number(total)} svar med i beregningen (blanke svar – ved ikke – "
            "er ikke med). ", ui_html.tag("b", "Simulerede data"),
            ": opdigtede svar til at øve sig på."))
        self.message.value = "".join(notes)
        self._shown = None if drawable.empty else (
            drawable, self._chart_options(drawable, item, by))
        if self._shown is None:
            self.output.clear()
        elif chart_mode.current() == "browser":  # altair only when the chart's shape changes
            self.output.show_spec(self._specs.spec(self._shown[0], "gruppe", **self._shown[1]))
        else:
            self.output.show(self.chart)

    @property
    def chart(self):
        """The altair chart shown now, or None."""
        if self._shown is None:
            return None
        table, options = self._shown
        return charts.share_bars(table, "gruppe", **options)

    def _chart_options(self, table: pd.DataFrame, item: str, by: str | None) -> dict:
        question = self.titles.get(item, item)
        what = ("Andel der svarer 4 eller 5 (enig)" if item.startswith("praksis_")
                else "Andel der nævner det som en stor udfordring")
        split = GROUPINGS.get(by, "alle") if by else "alle"
        names = {**GROUPINGS, "gruppe": "Hvem"}
        chosen = [f"{names[k]}: {v}" for k, v in self.current_filters().items() if v != ALL]
        subtitle = [f"{what}. Opdelt efter {split.lower()}." + (
            f" Filtre: {', '.join(chosen)}." if chosen else "")]
        hidden = self.table[~self.table["drawable"]]
        if not hidden.empty:
            subtitle.append(f"Ikke vist (under {stats.MIN_GROUP} svar): "
                            f"{', '.join(str(g) for g in hidden['gruppe'])}.")
        groups = "; ".join(
            f"{row.gruppe} {danish.pct(row.share)} (n = {danish.number(row.n)})"
            for row in table.itertuples())
        return dict(
            n="n", lower="lower", upper="upper",
            chart_title=question, subtitle=subtitle,
            description=(f"Vandrette søjler med 95 pct. sikkerhedsinterval i simulerede data for "
                         f"'{question}': {groups}."),
            # No axis title: the subtitle says what the bars are split by, and a title that
            # changes with the split would make the page embed a new chart (issue 18).
            simulated=True,
        )


def show() -> widgets.Widget:
    """Udforsk den simulerede undersøgelse: andele med n og 95 pct. sikkerhedsinterval."""
    try:
        frame = data.survey()
        titles = data.field_titles("survey_simulated")
    except DataError as err:
        return widgets.HTML(ui_html.tag("p", str(err), style=f"color:{ERROR_TEXT}"))
    return SurveyExplorer(frame, titles)
