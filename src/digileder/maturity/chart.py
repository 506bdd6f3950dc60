"""The maturity profile chart: your scores, your previous assessment and the simulated peers."""

from __future__ import annotations

import altair as alt
import pandas as pd

from digileder import charts, danish
from digileder.maturity.content import load_items
from digileder.maturity.model import SCALE, Instrument, peer_position
from digileder.ui import chart_table

NOW, BEFORE, PEERS = "Din vurdering nu", "Din forrige vurdering", "Simuleret median"
# Shapes as the description says them (the previous assessment may have a dated label).
_SHAPES = {NOW: "circle", PEERS: "square"}


def profile_chart(scores: dict[str, float], previous: dict[str, float] | None = None,
                  peers: bool = True, frame: pd.DataFrame | None = None,
                  instrument: Instrument | None = None,
                  previous_label: str = BEFORE) -> alt.LayerChart:
    """Din profil: score 1-5 pr. dimension, evt. med din forrige vurdering og de simulerede svar.

    Den grå streg er den midterste halvdel af de simulerede svar, den grå prik deres median.
    """
    instrument = instrument or load_items()
    dims = [d for d in instrument.dimensions if d.id in scores]
    names = [d.name for d in dims]
    points = [{"navn": d.name, "serie": NOW, "score": float(scores[d.id])} for d in dims]
    if previous:
        points += [{"navn": d.name, "serie": previous_label, "score": float(previous[d.id])}
                   for d in dims if d.id in previous]
    series = [NOW] + ([previous_label] if previous else [])
    colours = [charts.MAIN] + ([charts.ACCENT] if previous else [])
    layers = []
    y = alt.Y("navn:N", sort=names, title="")
    x_scale = alt.Scale(domain=[1, 5])
    subtitle = ["1 = passer slet ikke, 5 = passer helt."]
    if peers:
        # The y axis is "navn" in every layer (with "name" the grey lines had no row).
        position = peer_position(scores, frame, instrument).rename(columns={"name": "navn"})
        layers.append(alt.Chart(position).mark_rule(color=charts.MUTED, strokeWidth=6,
                                                     opacity=0.6).encode(
            x=alt.X("p25:Q", scale=x_scale), x2="p75:Q", y=y,
            tooltip=[alt.Tooltip("navn:N", title="Dimension"),
                     alt.Tooltip("p25:Q", title="25 pct. af de simulerede under", format=".1f"),
                     alt.Tooltip("p75:Q", title="75 pct. af de simulerede under", format=".1f")],
        ))
        points += [{"navn": row.navn, "serie": PEERS, "score": row.median}
                   for row in position.itertuples()]
        series.append(PEERS)
        colours.append(charts.MUTED)
        subtitle.append("Grå streg: den midterste halvdel af de simulerede respondenters svar.")
    frame_points = pd.DataFrame(points)
    frame_points["label"] = frame_points["score"].map(lambda v: danish.number(v, 1))
    encoding = {
        "x": alt.X("score:Q", scale=x_scale, title="Score (1-5)",
                   axis=alt.Axis(values=list(SCALE), format="d")),
        "y": y,
        "color": alt.Color("serie:N", title="", sort=series,
                           scale=alt.Scale(domain=series, range=colours),
                           legend=alt.Legend(labelLimit=300)),
        "shape": alt.Shape("serie:N", title="", sort=series,
                           scale=alt.Scale(domain=series,
                                           range=[_SHAPES.get(s, "diamond") for s in series])),
        "tooltip": [alt.Tooltip("navn:N", title="Dimension"), alt.Tooltip("serie:N", title=""),
                    alt.Tooltip("label:N", title="Score")],
    }
    # Peers first, then the previous and the current score on top, so yours is never hidden.
    for serie, size in ((PEERS, 110), (previous_label, 150), (NOW, 170)):
        part = frame_points[frame_points["serie"] == serie]
        if not part.empty:
            layers.append(alt.Chart(part).mark_point(filled=True, size=size, opacity=0.95)
                          .encode(**encoding))
    described = "; ".join(f"{d.name} {danish.number(scores[d.id], 1)}" for d in dims)
    description = f"Prikdiagram over din digitale modenhed fra 1 til 5 pr. dimension: {described}."
    if previous:
        description += " Din forrige vurdering er vist med orange ruder."
    if peers:
        description += " Grå firkanter og streger viser de simulerede respondenters svar."
    chart = alt.layer(*layers).properties(
        width=charts.WIDTH - 180, height=max(80, 36 * len(dims)),
        title=charts.title("Din digitale modenhed", subtitle, simulated=peers),
        description=description,
    )
    return _with_table(chart, frame_points, position if peers else None, series)


def _with_table(chart: alt.LayerChart, points: pd.DataFrame, position: pd.DataFrame | None,
                series: list[str]) -> alt.LayerChart:
    """One row per dimension: each series' score, and the simulated middle half."""
    wide = points.pivot(index="navn", columns="serie", values="label")
    columns = {"navn": "Dimension", **{serie: serie for serie in series}}
    rows = [{"navn": name, **wide.loc[name].to_dict()} for name in points["navn"].unique()]
    if position is not None:
        middle = {row.navn: f"{danish.number(row.p25, 1)}-{danish.number(row.p75, 1)}"
                  for row in position.itertuples()}
        columns["midt"] = "Midterste halvdel af de simulerede"
        for row in rows:
            row["midt"] = middle.get(row["navn"])
    return chart_table.attach(chart, rows, columns)
