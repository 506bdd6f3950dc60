"""Shares with honest uncertainty: n and a 95 pct. confidence interval for every proportion."""

from __future__ import annotations

import difflib
import math

import pandas as pd

from digileder import danish

Z95 = 1.959963984540054
MIN_GROUP = 10  # below this a share says too little to be drawn


def wilson_interval(count: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion; stays inside 0-1 also for small n."""
    if n <= 0:
        raise ValueError("Gruppen er tom: der er ingen svar at beregne en andel af.")
    if not 0 <= count <= n:
        raise ValueError(f"Antallet {count} skal ligge mellem 0 og {n}.")
    p = count / n
    denom = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


class ColumnError(ValueError):
    """A column name that is not in the table, said in Danish.

    IPython calls _render_traceback_ instead of printing a traceback, so a participant who
    misspells a column in an assignment sees one Danish sentence, not a pandas KeyError.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"Fejl: {self}"]


def require_columns(frame: pd.DataFrame, *columns: str | None) -> None:
    """Raise ColumnError naming the first column that is not in FRAME (None is skipped)."""
    names = [str(c) for c in frame.columns]
    for column in columns:
        if column is not None and column not in frame.columns:
            close = difflib.get_close_matches(str(column), names, n=1)
            hint = f" Mente du '{close[0]}'?" if close else ""
            raise ColumnError(
                f"Kolonnen '{column}' findes ikke i tabellen.{hint} Tjek stavemåden: Store og små "
                f"bogstaver og mellemrum skal passe. Tabellen har kolonnerne: {', '.join(names)}.")


def share_table(frame: pd.DataFrame, column: str, by: str | None = None) -> pd.DataFrame:
    """Share of rows where a yes/no column is true, overall or per group.

    Returns one row per group with n, count, share, lower and upper (95 pct. interval).
    Missing answers are left out of both count and n.
    """
    require_columns(frame, column, by)
    answered = frame[frame[column].notna()]
    groups = answered.groupby(by, observed=True, sort=False) if by else [("Alle", answered)]
    rows = []
    for key, part in groups:
        n, count = len(part), int(part[column].astype(bool).sum())
        lower, upper = wilson_interval(count, n)
        rows.append({by or "gruppe": key, "n": n, "count": count, "share": count / n,
                     "lower": lower, "upper": upper})
    return pd.DataFrame(rows)


def readable(table: pd.DataFrame) -> pd.DataFrame:
    """A share table to read: group, n, share and interval in Danish pct. with one decimal."""
    group = table.columns[0]
    return pd.DataFrame({
        group: table[group],
        "Antal svar (n)": table["n"],
        "Andel": table["share"].map(lambda v: danish.pct(v, 1)),
        "95 pct.-interval": [f"{danish.number(lo * 100, 1)} til {danish.pct(hi, 1)}"
                             for lo, hi in zip(table["lower"], table["upper"], strict=True)],
    })
