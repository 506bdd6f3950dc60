"""Shares with honest uncertainty: n and a 95 pct. confidence interval for every proportion."""

from __future__ import annotations

import math

import pandas as pd

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


def share_table(frame: pd.DataFrame, column: str, by: str | None = None) -> pd.DataFrame:
    """Share of rows where a yes/no column is true, overall or per group.

    Returns one row per group with n, count, share, lower and upper (95 pct. interval).
    Missing answers are left out of both count and n.
    """
    answered = frame[frame[column].notna()]
    groups = answered.groupby(by, observed=True, sort=False) if by else [("Alle", answered)]
    rows = []
    for key, part in groups:
        n, count = len(part), int(part[column].astype(bool).sum())
        lower, upper = wilson_interval(count, n)
        rows.append({by or "gruppe": key, "n": n, "count": count, "share": count / n,
                     "lower": lower, "upper": upper})
    return pd.DataFrame(rows)
