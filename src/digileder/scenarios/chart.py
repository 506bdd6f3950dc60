"""The end-of-scenario chart: where the choices left each dimension.

altair and pandas are imported when a chart is built, so the player can show its first
step without them (issue 18)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd


def signed(value: int) -> str:
    return f"+{value}" if value > 0 else ("0" if value == 0 else f"−{abs(value)}")


def dimension_frame(scores: dict[str, int], labels: dict[str, str]) -> pd.DataFrame:
    import pandas as pd

    rows = [{"dimension": labels.get(key, key), "score": int(value), "label": signed(int(value))}
            for key, value in scores.items()]
    frame = pd.DataFrame(rows, columns=["dimension", "score", "label"])
    frame["retning"] = [
        "steget" if v > 0 else ("faldet" if v < 0 else "uændret") for v in frame["score"]
    ]
    return frame


def dimension_chart(scores: dict[str, int], labels: dict[str, str]) -> alt.Chart:
    """Vandrette søjler: hvordan dine valg endte for hver dimension (0 er udgangspunktet)."""
    import altair as alt
    import pandas as pd

    from digileder import charts

    frame = dimension_frame(scores, labels)
    reach = max([3, *[abs(v) for v in frame["score"]]])
    order = list(frame["dimension"])
    described = ", ".join(f"{d} {lbl}" for d, lbl in zip(frame["dimension"], frame["label"],
                                                               strict=True))
    y = alt.Y("dimension:N", sort=order, title="")
    base = alt.Chart(frame)
    bars = base.mark_bar(height={"band": 0.6}).encode(
        x=alt.X("score:Q", title="Ændring fra start", scale=alt.Scale(domain=[-reach, reach]),
                axis=alt.Axis(tickMinStep=1, format="d")),
        y=y,
        color=alt.Color("retning:N", legend=None, scale=alt.Scale(
            domain=["steget", "uændret", "faldet"],
            range=[charts.GOOD, charts.MUTED, charts.PALETTE[5]])),
        tooltip=[alt.Tooltip("dimension:N", title="Dimension"),
                 alt.Tooltip("label:N", title="Ændring")],
    )
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#222").encode(x="x:Q")
    text = base.mark_text(fontSize=12, fontWeight="bold", dx=0).encode(
        x=alt.value(charts.WIDTH - 150 + 8), y=y, text="label:N")
    return alt.layer(bars, zero, text).properties(
        width=charts.WIDTH - 150, height=max(80, 38 * len(frame)),
        title=charts.title("Sådan endte dine valg",
                           "Summen af konsekvenserne for hver dimension. 0 er udgangspunktet."),
        description=f"Vandrette søjler, én for hver dimension i scenariet: {described}. "
                    "Grøn søjle: steget siden start, orange-rød: faldet, grå: uændret.",
    )
