"""Danish number formatting for text, tables and chart labels (46 pct., 0,46, 1.264)."""

from __future__ import annotations

import math
import re


def number(value: float, decimals: int = 0) -> str:
    """Format a number the Danish way: thousands with '.', decimals with ','."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def pct(share: float, decimals: int = 0) -> str:
    """Format a share (0.46) as Danish percent text ('46 pct.')."""
    return f"{number(share * 100, decimals)} pct."


def kroner(value: float, decimals: int = 0) -> str:
    """Format an amount in Danish kroner ('1.250.000 kr.')."""
    return f"{number(value, decimals)} kr."


def parse_number(text: str) -> float:
    """Read a number typed the Danish or the English way ('1.250.000', '3,5', '3.5').

    Raises ValueError with a Danish message when the text is not a number.
    """
    cleaned = str(text).strip().replace(" ", "").replace("kr.", "").replace("pct.", "")
    cleaned = cleaned.replace("\u2212", "-")  # typographic minus
    cleaned = cleaned.rstrip("%")
    if cleaned.count(",") == 1:
        # Danish decimal comma: dots are thousand separators.
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+", cleaned):
        # Danish thousands ("250.000", "1.250.000"); "3.5" stays a decimal number.
        cleaned = cleaned.replace(".", "")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(
            f"'{text}' er ikke et tal. Skriv fx 250000 eller 3,5 (uden bogstaver)."
        ) from None
    if not math.isfinite(value):  # float() accepts "nan", "inf" and "1e999"
        raise ValueError(f"'{text}' er ikke et almindeligt tal. Skriv fx 250000 eller 3,5.")
    return value


def count(n: int, singular: str, plural: str) -> str:
    """'1 ny aflevering', '3 nye afleveringer': Danish agreement for a counted noun phrase."""
    return f"{n} {singular if n == 1 else plural}"
