"""Lommeregneren til business casen: felter, resultat og diagrammer i en notesbog.

Developer notes: a thin ipywidgets view over model.py, content.py and chart.py. Number fields
are Text widgets (so "1.250.000" and "3,5" work) parsed with danish.parse_number; every error
is shown in Danish next to its field. Outputs update when a field is left or Enter is pressed
(continuous_update=False) so each change costs one recalculation and two charts.
"""

from __future__ import annotations

import ipywidgets as widgets

from digileder import danish
from digileder.business_case import chart, content, text
from digileder.business_case import model as bc
from digileder.errors import DataError
from digileder.ui import html as ui_html
from digileder.ui.live_chart import LiveChartBox

FIELDS = tuple(bc.FIELD_LABELS)
_ERROR_STYLE = "color:#b00020;font-size:0.9em"
# "250.000" is Danish for 250000; danish.parse_number reads a single dot as a decimal point.


def to_texts(inputs: bc.Inputs) -> dict[str, str]:
    """The inputs as the Danish text shown in the fields (rate in pct.)."""
    values = bc.field_values(inputs)
    texts = {field: danish.number(values[field]) for field in FIELDS}
    texts["horizon_years"] = str(int(inputs.horizon_years))
    texts["discount_rate"] = danish.number(inputs.discount_rate * 100, 1).removesuffix(",0")
    return texts


def parse_texts(texts: dict[str, str]) -> tuple[bc.Inputs | None, dict[str, str]]:
    """Read the fields' text into Inputs; errors per field in Danish (Inputs is None then)."""
    numbers: dict[str, float] = {}
    errors: dict[str, str] = {}
    for field in FIELDS:
        text = str(texts.get(field, "")).strip()
        if not text:
            errors[field] = "Feltet er tomt. Skriv et tal."
            continue
        try:
            numbers[field] = danish.parse_number(text)
        except ValueError as err:
            errors[field] = str(err)
    if errors:
        return None, errors
    horizon = numbers["horizon_years"]
    inputs = bc.Inputs(
        investment=numbers["investment"],
        running_cost=numbers["running_cost"],
        gains=bc.ThreePoint(numbers["gain_pessimistic"], numbers["gain_likely"],
                            numbers["gain_optimistic"]),
        horizon_years=int(horizon) if horizon == int(horizon) else horizon,
        discount_rate=numbers["discount_rate"] / 100,
    )
    problems = bc.field_errors(inputs)
    if problems:
        return None, {field: " ".join(messages) for field, messages in problems.items()}
    return inputs, {}


def _items_html(items: dict) -> str:
    """'Sådan er tallene fundet': every line of the preset with its explanation."""
    tag, parts = ui_html.tag, []

    def line(item: dict, amount: str) -> ui_html.Markup:
        return tag("li", tag("b", item["label"]), f": {amount}. {item.get('explanation', '')}")

    sections = (("investment", "Investering (år 0)"), ("running_cost", "Driftsudgifter pr. år"))
    for section, heading in sections:
        parts += [tag("h4", heading), tag("ul", *(line(item, danish.kroner(item["amount"]))
                                                  for item in items[section]))]
    parts += [tag("h4", "Gevinst pr. år (pessimistisk / sandsynlig / optimistisk)"),
              tag("ul", *(line(item, " / ".join(danish.kroner(item[point]) for point in (
                  "pessimistic", "likely", "optimistic"))) for item in items["gains"]))]
    return ui_html.join(parts)


def _cell(content: str, align: str = "left", kind: str = "td") -> ui_html.Markup:
    return ui_html.tag(kind, content, style=f"padding:0.25em 0.8em;text-align:{align}")


def _comparison_html(meta: dict) -> str:
    """One line per preset: the case's own numbers side by side (likely NPV and range)."""
    table = bc.compare_presets(meta)
    tag = ui_html.tag
    rows = (tag("tr", _cell(row.label), *(_cell(text._rounded_kroner(getattr(row, key)), "right")
                                          for key in bc.SCENARIOS))
            for row in table.itertuples(index=False))
    head = tag("tr", _cell("Eksemplets tal", kind="th"), *(
        _cell(f"Nutidsværdi, {bc.SCENARIO_LABELS[key].lower()}", "right", "th")
        for key in bc.SCENARIOS))
    return ui_html.join([
        tag("p", tag("b", "Eksemplets indstillinger side om side"),
            " (eksemplets egne tal, ikke dine ændringer)"),
        tag("table", head, *rows, style="border-collapse:collapse")])


def _result_html(result) -> str:
    tag = ui_html.tag
    rows = (tag("tr", _cell(tag("b", row.label)), _cell(text._rounded_kroner(row.npv), "right"),
                _cell(text.payback_text(row.payback_years, row.horizon_years)),
                _cell(danish.pct(row.roi), "right"))
            for row in result.itertuples(index=False))
    head = tag("tr", _cell("Scenarie", kind="th"), _cell("Nutidsværdi", "right", "th"),
               _cell("Tilbagebetalingstid", kind="th"),
               _cell("Afkast (ROI) over hele perioden, ikke tilbagediskonteret", "right", "th"))
    return ui_html.join([
        tag("p", tag("b", text.verdict(result))),
        tag("table", head, *rows, cls="digileder-business-case",
            style="border-collapse:collapse"),
        tag("details", tag("summary", "Sådan regnes det"), tag("p", bc.HELP_TEXT))])


class Calculator(widgets.VBox):
    """Business case-lommeregner: skriv dine tal, og se nutidsværdi, tilbagebetalingstid og afkast.

    Felterne tager tal skrevet på dansk (1.250.000 eller 3,5). Er et tal forkert, står der
    en besked ved feltet, og resultatet venter, til tallet er rettet.
    """

    def __init__(self, case: str = bc.DEFAULT_CASE):
        self.case_inputs, self.metadata = content.load_case(case)
        self.inputs: bc.Inputs | None = None
        self.summary = None
        self.summary_text = ""
        self._loading = False

        meta = self.metadata
        badge = None
        if meta["fictional"]:
            note = meta["note"] or "Tallene er fundet på til kurset."
            # The note may itself begin with the label; show the label once, in bold.
            if note.lower().startswith("opdigtet eksempel."):
                note = note[len("opdigtet eksempel."):].strip()
            badge = ui_html.tag("p", ui_html.tag("b", "Opdigtet eksempel."), f" {note}",
                                style="background:#fff4e0;border-left:4px solid #E69F00;"
                                      "padding:0.4em 0.8em")
        header = widgets.HTML(ui_html.join([ui_html.tag("h3", meta["title"]), badge,
                                            ui_html.tag("p", meta["story"])]))

        presets = meta["presets"]
        self.preset = widgets.ToggleButtons(
            options=[(p["label"], key) for key, p in presets.items()],
            value=meta["default_preset"], description=meta["preset_question"],
            style={"description_width": "initial", "button_width": "auto"},
        )
        self.preset_summary = widgets.HTML()
        self.reset = widgets.Button(description="Brug eksemplets tal igen", icon="undo",
                                    layout=widgets.Layout(width="auto"))
        self.comparison = widgets.HTML(_comparison_html(meta) if len(presets) > 1 else "")

        style = {"description_width": "260px"}
        self.fields = {
            field: widgets.Text(description=label, continuous_update=False, style=style,
                                layout=widgets.Layout(width="430px"))
            for field, label in bc.FIELD_LABELS.items()
        }
        self.errors = {field: widgets.HTML() for field in FIELDS}
        rows = [widgets.HBox([self.fields[f], self.errors[f]]) for f in FIELDS]

        self.result = widgets.HTML()
        self.chart_box = LiveChartBox()
        self.explanation = widgets.HTML()

        self.preset.observe(self._on_preset, names="value")
        self.reset.on_click(lambda _button: self.load_preset(self.preset.value))
        for box in self.fields.values():
            box.observe(self._on_field, names="value")

        preset_row = [self.preset, self.preset_summary] if len(presets) > 1 else []
        super().__init__([header, *preset_row, *rows, widgets.HBox([self.reset]), self.result,
                          self.comparison, self.chart_box, self.explanation])
        self.load_preset(self.preset.value)

    # --- events ---------------------------------------------------------------------

    def _on_preset(self, change) -> None:
        self.load_preset(change["new"])

    def _on_field(self, _change) -> None:
        if not self._loading:
            self.update()

    def load_preset(self, preset_id: str) -> None:
        """Fill the fields with one of the case's presets and recalculate once."""
        preset = self.metadata["presets"][preset_id]
        self._loading = True
        try:
            for field, text in to_texts(preset["inputs"]).items():
                self.fields[field].value = text
        finally:
            self._loading = False
        self.preset_summary.value = ui_html.tag("p", ui_html.tag("i", preset["summary"]))
        self.explanation.value = ui_html.tag(
            "details", ui_html.tag("summary", "Sådan er tallene fundet"),
            _items_html(preset["items"]),
            ui_html.tag("p", self.metadata.get("hourly_cost_note", "")))
        self.update()

    def _chart_note(self) -> str | None:
        if not self.metadata["fictional"]:
            return None
        preset = self.metadata["presets"][self.preset.value]
        if self.inputs == preset["inputs"]:
            return f"Opdigtet eksempel: {self.metadata['title']} ({preset['label']})"
        return f"Dine egne tal med udgangspunkt i et opdigtet eksempel: {self.metadata['title']}"

    def update(self) -> None:
        """Parse the fields, show errors next to them, and recalculate when all are valid."""
        inputs, errors = parse_texts({f: w.value for f, w in self.fields.items()})
        for field, box in self.errors.items():
            message = errors.get(field)
            box.value = ui_html.tag("span", f"⚠ {message}", style=_ERROR_STYLE) if message else ""
        self.inputs = inputs
        # Old results go: a failure below must never leave them on screen as if valid. The
        # charts are replaced in place (ui/live_chart.py), or cleared where nothing replaces them.
        self.summary, self.summary_text = None, ""
        if inputs is None:
            self.chart_box.clear()
            self.result.value = ui_html.tag("p", ui_html.tag(
                "b", "Ret tallene markeret med ⚠. Så regner lommeregneren igen."),
                style=_ERROR_STYLE)
            return
        try:
            summary = bc.summary(inputs)
            note = self._chart_note()
            figures = (chart.cashflow_chart(inputs, note), chart.tornado_chart(inputs, note))
            self.chart_box.show(*figures)
        except (ArithmeticError, ValueError) as err:  # InputError is a ValueError
            self.chart_box.clear()
            self.result.value = ui_html.tag(
                "p", ui_html.tag("b", "Tallene kan ikke regnes igennem:"),
                f" {err} Ret tallene, og prøv igen.", style=_ERROR_STYLE)
            return
        self.summary, self.summary_text = summary, text.format_result(summary)
        self.result.value = _result_html(summary)


def show(case: str = bc.DEFAULT_CASE) -> widgets.Widget:
    """The calculator, or a Danish message naming every problem in the case's file."""
    try:
        return Calculator(case)
    except DataError as err:
        return widgets.HTML(ui_html.course_file_problem(err, "Lommeregneren kan ikke vises."))
