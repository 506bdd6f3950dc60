"""Seeded generator of the SIMULATED Teknik og Miljø survey (datasets/survey_simulated.csv).

No respondent-level data from the real surveys is public. This generator makes a
plausible stand-in, calibrated to one published figure only: 46 pct. of leaders
name gains realisation (gevinstrealisering) as one of the big challenges
(COK in Teknik & Miljø, 2016). Everything else is invented structure, chosen so
that modules have differences to discuss: leaders rate their own practice higher
than employees do, byg and miljø are further along with data than vej og park and
natur, and gains are followed up least of all.

Pure Python `random` keeps the output byte-identical across numpy/pandas versions.
Run `python -m digileder.simulate` to rewrite the file.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from pathlib import Path

SEED = 2016
LEADER_COUNTS = {"chef": 40, "afdelingsleder": 90, "teamleder": 120}
EMPLOYEE_COUNT = 350
LEADERS_NAMING_GAINS = 0.46  # the article's figure

AREAS = {"byg": 0.25, "miljø": 0.20, "vej og park": 0.25, "plan": 0.15, "natur": 0.15}
AREA_CLIMATE = {"byg": 0.4, "miljø": 0.3, "plan": 0.1, "vej og park": -0.3, "natur": -0.4}
SIZES = {"under 30.000": 0.30, "30.000-59.999": 0.35, "60.000 og derover": 0.35}
SIZE_CLIMATE = {"under 30.000": -0.2, "30.000-59.999": 0.0, "60.000 og derover": 0.3}
REGIONS = {
    "Hovedstaden": 0.28,
    "Sjælland": 0.14,
    "Syddanmark": 0.21,
    "Midtjylland": 0.23,
    "Nordjylland": 0.10,
}

# Likert 1-5 item means before climate and leader self-rating are added.
PRACTICE_MEANS = {
    "praksis_retning": 3.0,
    "praksis_kerneopgave": 2.7,
    "praksis_ildsjaele": 3.1,
    "praksis_gevinster": 2.3,
    "praksis_kompetencer": 2.8,
    "praksis_borgere": 2.6,
}
MATURITY_MEANS = {
    "modenhed_strategi": 2.9,
    "modenhed_gevinster": 2.4,
    "modenhed_organisering": 2.8,
    "modenhed_ildsjaele": 3.1,
    "modenhed_data": 3.4,
    "modenhed_borgere": 2.7,
}
DATA_AREAS = {"byg": 0.4, "miljø": 0.4}  # digital case flows and shared geodata

# Share naming each big challenge: (leaders, employees). Gains for leaders is exact.
CHALLENGES = {
    "udfordring_tid": (0.55, 0.60),
    "udfordring_kompetencer": (0.36, 0.40),
    "udfordring_systemer": (0.34, 0.38),
    "udfordring_modstand": (0.27, 0.18),
    "udfordring_retning": (0.20, 0.41),
    "udfordring_oekonomi": (0.31, 0.22),
}
EMPLOYEES_NAMING_GAINS = 0.27

COMMENTS = {
    "leder": [
        "Vi har mange gode løsninger, men ingen følger op på, hvad de giver.",
        "Jeg mangler tid til at sætte mig ind i de nye systemer.",
        "Business cases bliver lavet, men ingen kigger på dem bagefter.",
        "Mine medarbejdere er bedre til det digitale end jeg er, og det er fint.",
        "Det er svært at få direktionen til at prioritere det.",
        "Vi er gode til byggesager, men driften halter efter.",
        "Det kræver et andet sprog end det, vi bruger til daglig.",
        "Vi har fået tablets ud i marken, men arbejdsgangene er de samme.",
        "Samarbejdet med nabokommunerne om geodata har hjulpet os meget.",
        "Jeg ved ikke, hvem der ejer gevinsterne, når projektet er slut.",
        "Ildsjælene løber stærkt, men de løber hver sin vej.",
        "Vi mangler nogen, der kan oversætte mellem it og fag.",
    ],
    "medarbejder": [
        "Ledelsen siger, det er vigtigt, men vi får ikke tid til at lære det.",
        "Systemerne taler ikke sammen, så vi taster det samme to gange.",
        "Selvbetjeningen har gjort hverdagen nemmere i byggesagerne.",
        "Jeg har selv lavet et regneark, som hele afdelingen nu bruger.",
        "Vi bliver ikke spurgt, før der bliver købt nyt udstyr.",
        "Det er uklart, hvad vi skal bruge de nye data til.",
        "Borgerne kan finde gamle sager selv nu, og det sparer mange opkald.",
        "Jeg savner, at nogen fortæller, hvor vi skal hen med det digitale.",
        "Kortløsningen i marken er god, når nettet virker.",
        "Der er for mange projekter på én gang.",
    ],
}
COMMENT_SHARE = 0.35

FIELDS = [
    "respondent",
    "gruppe",
    "niveau",
    "omraade",
    "kommunestoerrelse",
    "region",
    "aar_i_rollen",
    *PRACTICE_MEANS,
    "udfordring_gevinster",
    *CHALLENGES,
    *MATURITY_MEANS,
    "kommentar",
]


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _likert(rng: random.Random, mean: float) -> int:
    return max(1, min(5, round(rng.gauss(mean, 0.8))))


def _respondent(rng: random.Random, level: str) -> dict:
    group = "medarbejder" if level == "medarbejder" else "leder"
    area, size = _pick(rng, AREAS), _pick(rng, SIZES)
    climate = AREA_CLIMATE[area] + SIZE_CLIMATE[size] + rng.gauss(0, 0.5)
    # Leaders rate their own practice higher than employees experience it.
    self_rating = {"chef": 0.6, "afdelingsleder": 0.45, "teamleder": 0.3}.get(level, 0.0)
    years_mean = {"chef": 9, "afdelingsleder": 7, "teamleder": 5}.get(level, 10)
    row = {
        "gruppe": group,
        "niveau": level,
        "omraade": area,
        "kommunestoerrelse": size,
        "region": _pick(rng, REGIONS),
        "aar_i_rollen": min(35, int(rng.expovariate(1 / years_mean))),
    }
    for item, mean in PRACTICE_MEANS.items():
        dont_know = 0.05 if group == "medarbejder" and item == "praksis_gevinster" else 0.02
        value = _likert(rng, mean + 0.7 * climate + self_rating)
        row[item] = None if rng.random() < dont_know else value
    for item, (leader_share, employee_share) in CHALLENGES.items():
        share = leader_share if group == "leder" else employee_share
        if item == "udfordring_kompetencer" and area in ("vej og park", "natur"):
            share += 0.12
        row[item] = rng.random() < share
    for item, mean in MATURITY_MEANS.items():
        bonus = DATA_AREAS.get(area, 0.0) if item == "modenhed_data" else 0.0
        row[item] = _likert(rng, mean + 0.6 * climate + bonus)
    comment = rng.random() < COMMENT_SHARE
    row["kommentar"] = rng.choice(COMMENTS[group]) if comment else None
    return row


def _gains_weight(row: dict) -> float:
    """How likely a leader is to name gains realisation: lower ranks and weak follow-up."""
    weight = {"chef": 0.7, "afdelingsleder": 1.1, "teamleder": 1.2}[row["niveau"]]
    weight *= {"vej og park": 1.4, "natur": 1.2, "plan": 1.0, "miljø": 0.9, "byg": 0.75}[
        row["omraade"]
    ]
    follow_up = row["praksis_gevinster"] or 3
    return weight * (1.5 if follow_up <= 2 else 1.0)


def _mark_gains_challenge(rng: random.Random, leaders: list[dict]) -> None:
    """Give exactly 46 pct. of leaders the gains challenge, by weighted draws without
    replacement (Efraimidis-Spirakis keys), so the published figure holds exactly."""
    target = round(LEADERS_NAMING_GAINS * len(leaders))
    keyed = sorted(leaders, key=lambda r: rng.random() ** (1 / _gains_weight(r)), reverse=True)
    chosen = {id(r) for r in keyed[:target]}
    for row in leaders:
        row["udfordring_gevinster"] = id(row) in chosen


def generate(seed: int = SEED) -> list[dict]:
    """All respondents as dicts in FIELDS order: leaders first, then employees."""
    rng = random.Random(seed)
    levels = [lvl for lvl, n in LEADER_COUNTS.items() for _ in range(n)]
    leaders = [_respondent(rng, level) for level in levels]
    employees = [_respondent(rng, "medarbejder") for _ in range(EMPLOYEE_COUNT)]
    _mark_gains_challenge(rng, leaders)
    for row in employees:
        row["udfordring_gevinster"] = rng.random() < EMPLOYEES_NAMING_GAINS
    rows = leaders + employees
    for number, row in enumerate(rows, start=1):
        row["respondent"] = number
    return [{field: row[field] for field in FIELDS} for row in rows]


def to_csv(rows: list[dict]) -> str:
    def cell(value) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "ja" if value else "nej"
        return str(value)

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for row in rows:
        writer.writerow([cell(row[f]) for f in FIELDS])
    return out.getvalue()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Skriv den simulerede spørgeskemaundersøgelse.")
    parser.add_argument("--out", type=Path, default=Path("datasets/survey_simulated.csv"))
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    args.out.write_text(to_csv(generate(args.seed)), encoding="utf-8")
    print(f"Skrev {args.out}")


if __name__ == "__main__":
    main()
