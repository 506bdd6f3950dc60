"""The business case's two charts: when the project pays back, and which assumption matters."""

from __future__ import annotations

import altair as alt
import pandas as pd

from digileder import charts, danish
from digileder.business_case.model import (
    SCENARIO_COLOURS,
    SCENARIO_LABELS,
    SCENARIOS,
    Inputs,
    cash_flows,
    sensitivity,
    summary,
)
from digileder.business_case.text import _rounded_kroner, _tidy


def _rate(rate: float) -> str:
    """The rate as typed: 3,5 pct., and 7,25 pct. (not 7,2) when it has two decimals."""
    decimals = 1 if round(rate * 100, 1) == round(rate * 100, 2) else 2
    return danish.pct(rate, decimals)


def _subtitle(inputs: Inputs, note: str | None) -> list[str]:
    lines = [f"Kalkulationsrente {_rate(inputs.discount_rate)}, "
             f"{int(inputs.horizon_years)} år. Beløbene er tilbagediskonteret."]
    if note:
        lines.append(note)
    return lines


def _one_line(rule: alt.Chart) -> alt.Chart:
    """A rule at a fixed value drawn once, not once per row of the chart's data."""
    return rule.transform_aggregate(rows="count()")


def cashflow_chart(inputs: Inputs, note: str | None = None) -> alt.LayerChart:
    """Linjediagram: akkumuleret nutidsværdi år for år i de tre scenarier.

    note: en ekstra undertitel, fx "Opdigtet eksempel".
    """
    frame = pd.concat([cash_flows(inputs, key) for key in SCENARIOS], ignore_index=True)
    frame["Scenarie"] = frame["scenario"].map(SCENARIO_LABELS)
    frame["År"] = frame["year"]
    frame["Akkumuleret"] = frame["cumulative"].map(_rounded_kroner)
    table = summary(inputs).set_index("scenario")
    ends = "; ".join(
        f"{SCENARIO_LABELS[key].lower()} {_rounded_kroner(table.loc[key, 'npv'])}"
        for key in SCENARIOS
    )
    description = (
        "Linjediagram med tre linjer, en for hvert scenarie: pessimistisk, sandsynlig og "
        f"optimistisk. Hver linje starter i minus investeringen i år 0 og viser den "
        f"akkumulerede nutidsværdi frem til år {int(inputs.horizon_years)}. Nutidsværdien efter "
        f"sidste år er: {ends}. Hvor en linje krydser 0, har projektet tjent sig hjem."
    )
    description = _tidy(description)
    colour = alt.Color(
        "Scenarie:N", sort=[SCENARIO_LABELS[k] for k in SCENARIOS], title="Scenarie",
        scale=alt.Scale(domain=[SCENARIO_LABELS[k] for k in SCENARIOS],
                        range=[SCENARIO_COLOURS[k] for k in SCENARIOS]),
    )
    tooltip = [alt.Tooltip("Scenarie:N"), alt.Tooltip("År:O"),
               alt.Tooltip("Akkumuleret:N", title="Akkumuleret nutidsværdi")]
    # One data for every layer, given to the layer chart: altair compares (hashes) the data of
    # layers that have their own at every redraw. The 0-line is one row made from it.
    base = alt.Chart().encode(
        x=alt.X("År:O", title="År", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("cumulative:Q", title="Akkumuleret nutidsværdi (kr.)",
                axis=alt.Axis(format=",.0f")),
        color=colour, tooltip=tooltip,
        strokeDash=alt.StrokeDash("Scenarie:N", sort=[SCENARIO_LABELS[k] for k in SCENARIOS],
                                  legend=None),
    )
    zero = _one_line(alt.Chart().mark_rule(color="#444").encode(y=alt.datum(0)))
    lines = base.mark_line(strokeWidth=2.5)
    return alt.layer(zero, lines, base.mark_point(filled=True), data=frame).properties(
        width=charts.WIDTH, height=300, description=description,
        title=charts.title("Hvornår tjener projektet sig hjem?", _subtitle(inputs, note)),
    )


def tornado_chart(inputs: Inputs, note: str | None = None) -> alt.LayerChart:
    """Tornadodiagram: hvor meget nutidsværdien flytter sig, når én antagelse ændres ad gangen."""
    table = sensitivity(inputs)
    base_npv = float(table["base_npv"].iloc[0])
    rows = []
    for row in table.itertuples(index=False):
        for end, setting, value in (("Lav værdi", row.low_setting, row.low_npv),
                                    ("Høj værdi", row.high_setting, row.high_npv)):
            rows.append({"Antagelse": row.assumption, "Ende": end, "Indstilling": setting,
                         "npv": value, "base": base_npv,
                         "Nutidsværdi": _rounded_kroner(value)})
    frame = pd.DataFrame(rows)
    order, in_order = charts.fixed_order(table["assumption"])
    top = table.iloc[0]
    description = (
        "Tornadodiagram med en vandret søjle for hver antagelse, sorteret efter hvor meget den "
        f"flytter nutidsværdien. Den lodrette streg er den sandsynlige nutidsværdi på "
        f"{_rounded_kroner(base_npv)}. Størst betydning har {top['assumption'].lower()}: "
        f"nutidsværdien spænder fra {_rounded_kroner(min(top['low_npv'], top['high_npv']))} til "
        f"{_rounded_kroner(max(top['low_npv'], top['high_npv']))}."
    )
    description = _tidy(description)
    bars = alt.Chart().mark_bar(height={"band": 0.6}).encode(
        y=alt.Y("Antagelse:N", sort=None, title="", scale=in_order),
        x=alt.X("npv:Q", title="Nutidsværdi (kr.)", axis=alt.Axis(format=",.0f")),
        x2="base:Q",
        color=alt.Color("Ende:N", title="Antagelsen sat til",
                        scale=alt.Scale(domain=["Lav værdi", "Høj værdi"],
                                        range=[charts.ACCENT, charts.MAIN])),
        # "Ende" in words too, not by colour alone (and in the "Vis som tabel" table).
        tooltip=[alt.Tooltip("Antagelse:N"), alt.Tooltip("Ende:N", title="Antagelsen sat til"),
                 alt.Tooltip("Indstilling:N"), alt.Tooltip("Nutidsværdi:N")],
    )
    # The lines come from the bars' data (see cashflow_chart): the likely NPV is in every row.
    rule = alt.Chart().transform_aggregate(x="max(base)").mark_rule(color="#222").encode(
        x="x:Q")
    zero = _one_line(alt.Chart().mark_rule(color=charts.MUTED, strokeDash=[4, 3]).encode(
        x=alt.datum(0)))
    subtitle = ["Én antagelse ad gangen sat lavt og højt; resten holdes på det sandsynlige.",
                f"Den sorte streg er den sandsynlige nutidsværdi ({_rounded_kroner(base_npv)}), "
                "den stiplede er 0 kr."]
    if note:
        subtitle.append(note)
    return alt.layer(zero, bars, rule, data=frame, params=[order.param]).properties(
        width=charts.WIDTH - 140, height=40 * len(table), description=description,
        title=charts.title("Hvilken antagelse betyder mest?", subtitle),
    )
