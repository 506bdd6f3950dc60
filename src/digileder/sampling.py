"""Module 02's data-literacy exercise: how sure is "46 pct." with n answers?

Plain model: the 95 pct. interval around a share for a sample size n, a table of
intervals for several n, and a seeded simulated sample. The widget is a number field for
n that redraws a chart and a Danish sentence.
"""

from __future__ import annotations

import random

import altair as alt
import ipywidgets as widgets
import pandas as pd

from digileder import charts, danish, stats
from digileder.ui import html as ui_html
from digileder.ui.live_chart import LiveChartBox

MIN_N, MAX_N = 10, 2000
REFERENCE_SIZES = (25, 50, 100, 250, 500, 1000)


def check_inputs(share: float, n: int) -> None:
    """Raise ValueError in Danish when a share or a sample size cannot be used."""
    if not 0 <= share <= 1:
        raise ValueError(f"Andelen skal ligge mellem 0 og 1 (fx 0,46), men er {share}.")
    if int(n) != n or n < 1:
        raise ValueError(f"Antallet af svar skal være et helt tal på mindst 1, men er {n}.")


def interval(share: float, n: int) -> dict:
    """95 pct.-intervallet for en andel målt blandt n svar (fx 0,46 og n = 250).

    Returns n, count (rounded number of yes answers), share, lower, upper and the
    margin (half the width) in percentage points.
    """
    check_inputs(share, n)
    count = round(share * n)
    lower, upper = stats.wilson_interval(count, n)
    return {"n": int(n), "count": count, "share": share, "lower": lower, "upper": upper,
            "margin_points": (upper - lower) / 2 * 100}


def interval_table(share: float, sizes=REFERENCE_SIZES, chosen: int | None = None) -> pd.DataFrame:
    """Intervaller for flere stikprøvestørrelser; den valgte n markeres og lægges til."""
    all_sizes = sorted(set(sizes) | ({chosen} if chosen else set()))
    table = pd.DataFrame([interval(share, n) for n in all_sizes])
    table["label"] = table["n"].map(lambda n: f"n = {danish.number(n)}")
    table["chosen"] = table["n"] == chosen
    return table


def sentence(share: float, n: int) -> str:
    """En sætning på dansk om, hvad intervallet betyder for n svar."""
    row = interval(share, n)
    return (f"Hvis {danish.pct(share)} af {danish.number(n)} tilfældigt udvalgte ledere svarer ja, "
            f"ligger den rigtige andel sandsynligvis mellem {danish.pct(row['lower'])} og "
            f"{danish.pct(row['upper'])} – det er omkring ± "
            f"{danish.number(row['margin_points'])} procentpoint.")


def simulated_sample(true_share: float, n: int, seed: int) -> dict:
    """Træk en simuleret stikprøve: n opdigtede ledere, der hver svarer ja med sandsynligheden
    true_share. Samme seed giver altid samme stikprøve."""
    check_inputs(true_share, n)
    rng = random.Random(seed)
    count = sum(rng.random() < true_share for _ in range(int(n)))
    lower, upper = stats.wilson_interval(count, int(n))
    return {"n": int(n), "count": count, "share": count / n, "lower": lower, "upper": upper,
            "covers": lower <= true_share <= upper}


def chart(share: float, n: int) -> alt.Chart:
    """Intervallerne for flere n som vandrette streger; den valgte n fremhævet."""
    table = interval_table(share, chosen=n)
    table["lo"], table["hi"], table["pct"] = (table["lower"] * 100, table["upper"] * 100,
                                              table["share"] * 100)
    table["interval"] = [f"{danish.pct(lo)} – {danish.pct(hi)}"
                         for lo, hi in zip(table["lower"], table["upper"], strict=True)]
    # Said in words too, not by the orange colour alone (WCAG 1.4.1).
    table["yours"] = table["chosen"].map({True: "ja", False: ""})
    table["shown"] = table["interval"] + table["chosen"].map({True: "  ← din stikprøve",
                                                              False: ""})
    order = list(table["label"])
    y = alt.Y("label:N", sort=order, title="Antal svar")
    colour = alt.condition(alt.datum.chosen, alt.value(charts.ACCENT), alt.value(charts.MAIN))
    tooltip = [alt.Tooltip("label:N", title="Antal svar"),
               alt.Tooltip("interval:N", title="95 pct. sikkerhedsinterval"),
               alt.Tooltip("yours:N", title="Din valgte stikprøve")]
    base = alt.Chart(table)
    rules = base.mark_rule(strokeWidth=6).encode(
        x=alt.X("lo:Q", title="Andel (pct.)", scale=alt.Scale(domain=[0, 100])), x2="hi:Q",
        y=y, color=colour, tooltip=tooltip)
    dots = base.mark_tick(color="#222", thickness=2, size=18).encode(x="pct:Q", y=y,
                                                                     tooltip=tooltip)
    labels = base.mark_text(align="left", dx=6, fontSize=11).encode(x="hi:Q", y=y,
                                                                     text="shown:N")
    return alt.layer(rules, dots, labels).properties(
        width=charts.WIDTH - 80, height=34 * len(table),
        title=charts.title(
            f"95 pct. sikkerhedsinterval omkring {danish.pct(share)}",
            [f"Jo flere svar, jo kortere streg. Din valgte stikprøve (n = {danish.number(n)}) "
             "er orange og mærket ← din stikprøve.",
             f"Den sorte lodrette streg er {danish.pct(share)} Beregnet, ikke målt."]),
        description=(f"Vandrette streger for stikprøver med {', '.join(order)}. Stregerne er "
                     f"95 pct. sikkerhedsintervaller omkring {danish.pct(share)} De bliver "
                     "kortere, jo flere svar der er."),
    )


def show_sample_size(share: float = 0.46, start: int = 100) -> widgets.VBox:
    """Et felt for antallet af svar (n), der viser, hvordan intervallet bliver smallere."""
    # A number field, not a slider: ipywidgets' slider handle has no accessible name.
    # The field keeps a number outside the range at the nearest end without a word: the label
    # says the range, so 1 becoming 10 is no surprise.
    field = widgets.BoundedIntText(value=start, min=MIN_N, max=MAX_N, step=10,
                                    description=f"Antal svar (n, {danish.number(MIN_N)}–"
                                                f"{danish.number(MAX_N)})",
                                    style={"description_width": "initial"},
                                    layout=widgets.Layout(width="300px"))
    text = widgets.HTML()
    out = LiveChartBox()

    def redraw(_=None):
        text.value = ui_html.tag("p", ui_html.tag("b", sentence(share, field.value)))
        out.show(chart(share, field.value))

    field.observe(redraw, names="value")
    redraw()
    box = widgets.VBox([field, text, out])
    box.field, box.text = field, text  # handles for tests
    return box


def show_draw(true_share: float = 0.46, n: int = 50) -> widgets.VBox:
    """En knap, der trækker en ny simuleret stikprøve og viser dens andel og interval."""
    button = widgets.Button(description="Træk en simuleret stikprøve", icon="random",
                            layout=widgets.Layout(width="260px"))
    text = widgets.HTML("<p><i>Klik på knappen for at trække din første stikprøve.</i></p>")
    draws: list[dict] = []

    def draw(_=None):
        result = simulated_sample(true_share, n, seed=len(draws) + 1)
        draws.append(result)
        hits = sum(d["covers"] for d in draws)
        verdict = ("ligger inden for" if result["covers"]
                   else ui_html.join(["ligger ", ui_html.tag("b", "uden for")]))
        text.value = ui_html.join([
            ui_html.tag(
                "p", f"Stikprøve nr. {len(draws)}: {result['count']} af {n} opdigtede ledere "
                "svarer ja = ", ui_html.tag("b", danish.pct(result["share"])),
                f" (interval {danish.pct(result['lower'])} – {danish.pct(result['upper'])}). "
                f"Den sande andel på {danish.pct(true_share)} ", verdict, " intervallet."),
            ui_html.tag("p", f"Indtil nu: {hits} af {len(draws)} intervaller rammer den sande "
                             "andel.")])

    button.on_click(draw)
    box = widgets.VBox([button, text])
    box.button, box.text, box.draws = button, text, draws
    return box
