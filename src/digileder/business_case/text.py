"""The business case's results as Danish text: amounts in whole thousands, the payback time,
a verdict on the likely scenario, one line per scenario. Pure: no files, no widgets."""

from __future__ import annotations

import math

import pandas as pd

from digileder import danish


def _rounded_kroner(value: float) -> str:
    # Estimates are rough: show whole thousands, and never "-0 kr.".
    rounded = round(value / 1000) * 1000
    return danish.kroner(rounded + 0.0) if rounded else "0 kr."


def _tidy(text: str) -> str:
    # An amount ending in "kr." followed by a full stop reads badly: keep one dot.
    return text.replace("kr..", "kr.")


def payback_text(years: float | None, horizon: int) -> str:
    """Tilbagebetalingstiden som dansk tekst."""
    if years is None or (isinstance(years, float) and math.isnan(years)):
        return "tjener sig ikke hjem (gevinsten er ikke større end driftsudgifterne)"
    text = f"{danish.number(years, 1)} år"
    if years > horizon:
        text += f" – længere end tidshorisonten på {horizon} år"
    return text


def verdict(result: pd.DataFrame) -> str:
    """En dansk sætning om det sandsynlige scenarie og usikkerheden omkring det."""
    rows = result.set_index("scenario")
    likely, low, high = rows.loc["likely"], rows.loc["pessimistic"], rows.loc["optimistic"]
    horizon = int(likely["horizon_years"])
    if likely["npv"] > 0:
        text = (f"I det sandsynlige scenarie tjener projektet sig hjem: nutidsværdien er "
                f"{_rounded_kroner(likely['npv'])} over {horizon} år.")
    else:
        text = (f"I det sandsynlige scenarie tjener projektet sig ikke hjem inden for "
                f"{horizon} år: nutidsværdien er {_rounded_kroner(likely['npv'])}.")
    if low["npv"] < 0 < high["npv"]:
        text += " Men usikkerheden er stor: i det pessimistiske scenarie taber projektet penge."
    elif high["npv"] <= 0:
        text += " Selv i det optimistiske scenarie er nutidsværdien ikke over 0."
    elif low["npv"] > 0:
        text += " Selv i det pessimistiske scenarie er nutidsværdien over 0."
    return _tidy(text)


def format_result(result: pd.DataFrame) -> str:
    """Resultatet af summary() som dansk tekst, én linje pr. scenarie (beløb i hele tusinder)."""
    lines = []
    for row in result.itertuples(index=False):
        lines.append(
            f"{row.label}: Nutidsværdi: {_rounded_kroner(row.npv)} · "
            f"Tilbagebetalingstid: {payback_text(row.payback_years, row.horizon_years)} · "
            f"Afkast (ROI): {danish.pct(row.roi)} over {row.horizon_years} år."
        )
    return "\n".join(lines)
