"""Digital maturity self-assessment: the pure model (module 03; module 08 reuses it).

Dimensions and items (Instrument), scoring per dimension, where a score stands among the
SIMULATED survey, and suggestions that point to a module. Reads no files itself: the
instrument comes from content.py, the history from store.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from digileder import danish
from digileder.errors import DataError

DIMENSION_IDS = ("strategi", "gevinster", "organisering", "ildsjaele", "data", "borgere")
MODULES = ("01", "03", "04", "05", "06", "07", "08")
SOURCES = ("KL 2012", "artiklen")
MIN_ITEMS, MAX_ITEMS = 3, 4
SCALE = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Item:
    """Et udsagn, man svarer på fra 1 (passer slet ikke) til 5 (passer helt)."""

    id: str
    text: str
    dimension: str


@dataclass(frozen=True)
class Dimension:
    """En dimension af digital modenhed med sine udsagn og et forslag til forbedring."""

    id: str
    name: str
    source: str  # "KL 2012" or "artiklen"
    theme: str
    items: tuple[Item, ...]
    suggestion: str
    module: str

    @property
    def column(self) -> str:
        """The matching column in the simulated survey."""
        return f"modenhed_{self.id}"


@dataclass(frozen=True)
class Instrument:
    """Hele selvevalueringen: skala, dimensioner, udsagn og forslag."""

    scale: dict[int, str]
    threshold: float
    dimensions: tuple[Dimension, ...]
    path: Path | None = field(default=None, compare=False)

    @property
    def items(self) -> list[Item]:
        return [item for dim in self.dimensions for item in dim.items]

    def dimension(self, dimension_id: str) -> Dimension:
        for dim in self.dimensions:
            if dim.id == dimension_id:
                return dim
        raise KeyError(dimension_id)

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)


def _valid_answers(answers: dict, instrument: Instrument) -> dict[str, int]:
    known = {item.id for item in instrument.items}
    clean = {}
    for item_id, value in answers.items():
        if item_id not in known:
            raise ValueError(f"Udsagnet '{item_id}' findes ikke i selvevalueringen.")
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
            raise ValueError(
                f"Svaret på '{item_id}' er {value!r}, men skal være et helt tal fra 1 til 5."
            )
        clean[item_id] = value
    return clean


def score(answers: dict[str, int], instrument: Instrument) -> dict[str, float]:
    """Gennemsnit (1-5) pr. dimension af de udsagn, du har svaret på.

    En dimension uden svar er ikke med. Ukendte udsagn eller svar uden for 1-5 giver
    en ValueError med en dansk besked.
    """
    clean = _valid_answers(answers, instrument)
    scores = {}
    for dim in instrument.dimensions:
        values = [clean[item.id] for item in dim.items if item.id in clean]
        if values:
            scores[dim.id] = round(sum(values) / len(values), 2)
    return scores


def known_scores(scores: dict, instrument: Instrument) -> tuple[dict[str, float], list[str]]:
    """The scores of a saved assessment that can be shown now, and what was skipped.

    A saved file may name dimensions the course no longer has (saved by an older version, or
    edited by hand) or hold a score outside 1-5. Those are skipped, and named in the second
    list (the dimension id as saved) so the view can say so in Danish.
    """
    known = {dim.id for dim in instrument.dimensions}
    usable, skipped = {}, []
    for key, value in scores.items():
        fine = isinstance(value, int | float) and not isinstance(value, bool) \
            and min(SCALE) <= value <= max(SCALE)  # also false for nan
        if key in known and fine:
            usable[key] = float(value)
        else:
            skipped.append(str(key))
    return usable, skipped


def skipped_text(scores: dict, instrument: Instrument) -> str:
    """What known_scores left out of a saved assessment, and why, in Danish ('' if nothing)."""
    known = {dim.id for dim in instrument.dimensions}
    skipped = known_scores(scores, instrument)[1]
    out_of_range = [key for key in skipped if key in known]
    unknown = [key for key in skipped if key not in known]
    parts = []
    if out_of_range:
        parts.append(f"Scoren for {_names(out_of_range)} er ikke et tal mellem "
                     f"{min(SCALE)} og {max(SCALE)}.")
    if unknown:
        parts.append(f"Kurset kender ikke dimensionen {_names(unknown)}.")
    if parts:
        parts.append("Måske er filen gemt af en ældre udgave af kurset eller rettet i hånden.")
    return " ".join(parts)


def _names(keys: list[str]) -> str:
    return ", ".join(f"'{key}'" for key in keys[:8]) + (" m.fl." if len(keys) > 8 else "")


def unanswered(answers: dict, instrument: Instrument) -> list[Item]:
    """The items without an answer (in the order of the file)."""
    return [item for item in instrument.items if answers.get(item.id) is None]


def format_date(iso: str) -> str:
    """'2025-03-12T14:05:00' -> '12.03.2025 kl. 14.05'."""
    try:
        return datetime.fromisoformat(iso).strftime("%d.%m.%Y kl. %H.%M")
    except ValueError:
        return iso


def peer_position(scores: dict[str, float], frame: pd.DataFrame | None,
                  instrument: Instrument) -> pd.DataFrame:
    """Din score pr. dimension ved siden af de SIMULEREDE svar i samme dimension.

    Kolonner: dimension, name, score, median, p25, p75, share_below (andel af de
    simulerede respondenter, der ligger under din score), share_equal (andel med præcis
    din score) og n (antal simulerede svar).
    """
    if frame is None:
        from digileder import data

        frame = data.survey()
    rows = []
    for dim in instrument.dimensions:
        if dim.id not in scores:
            continue
        values = pd.to_numeric(frame[dim.column], errors="coerce").dropna().astype(float)
        n = len(values)
        mine = float(scores[dim.id])
        rows.append({
            "dimension": dim.id, "name": dim.name, "score": mine,
            "median": float(values.median()) if n else float("nan"),
            "p25": float(values.quantile(0.25)) if n else float("nan"),
            "p75": float(values.quantile(0.75)) if n else float("nan"),
            "share_below": float((values < mine).mean()) if n else float("nan"),
            "share_equal": float((values == mine).mean()) if n else float("nan"),
            "n": n,
        })
    return pd.DataFrame(rows, columns=["dimension", "name", "score", "median", "p25", "p75",
                                       "share_below", "share_equal", "n"])


def peer_text(position: pd.DataFrame) -> str:
    """One Danish sentence per dimension: where you stand among the simulated respondents."""
    lines = []
    for row in position.itertuples():
        same = (f", og {danish.pct(row.share_equal)} har samme score som dig"
                if row.share_equal > 0 else "")
        lines.append(
            f"{row.name}: din score er {danish.number(row.score, 1)}. Du ligger over "
            f"{danish.pct(row.share_below)} af de simulerede respondenter{same} "
            f"(simuleret median {danish.number(row.median, 1)}, n = {danish.number(row.n)})."
        )
    return "\n".join(lines)


def _module_titles() -> dict[str, tuple[str, str]]:
    """Module number -> (title, file) from the course map; empty if it cannot be read."""
    from digileder import course

    try:
        return {e["file"][:2]: (e["title"], e["file"]) for e in course.course_map()}
    except (DataError, OSError, KeyError, TypeError):
        return {}


def suggestions(scores: dict[str, float], instrument: Instrument) -> list[dict]:
    """Forslag til dine svage dimensioner: alle under grænsen (3), og mindst de to laveste.

    Hver har dimension, name, score, text (forslaget), module ('07'), module_title og
    module_file; laveste score først.
    """
    order = {dim.id: index for index, dim in enumerate(instrument.dimensions)}
    scored = sorted((d for d in instrument.dimensions if d.id in scores),
                    key=lambda d: (scores[d.id], order[d.id]))
    weak = [d for d in scored if scores[d.id] < instrument.threshold]
    chosen = scored[:max(len(weak), 2)]
    titles = _module_titles()
    result = []
    for dim in chosen:
        title, file = titles.get(dim.module, (f"Modul {dim.module}", ""))
        result.append({
            "dimension": dim.id, "name": dim.name, "score": float(scores[dim.id]),
            "text": dim.suggestion, "module": dim.module, "module_title": title,
            "module_file": file,
        })
    return result
