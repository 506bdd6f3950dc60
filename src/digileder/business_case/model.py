"""Business case og gevinstrealisering: nutidsværdi, tilbagebetalingstid og afkast.

Regnemodellen bag modul 07 og opgave A2. Alle beløb er kroner, renten er en
decimalbrøk (3,5 pct. = 0.035), og gevinsterne er et trepunktsestimat
(pessimistisk / sandsynlig / optimistisk) pr. år.

Formler:
- Nutidsværdi = summen over år 1..T af (gevinst − driftsudgifter) / (1 + r)^t − investering.
- Simpel tilbagebetalingstid = investering / årlig nettogevinst (ikke tilbagediskonteret).
- Afkast (ROI) = (samlede gevinster − samlede omkostninger) / samlede omkostninger over hele
  perioden; omkostninger = investering + driftsudgifter. Ikke tilbagediskonteret.

Developer notes: the pure model. Everything here is a function over the frozen `Inputs`
dataclass; it reads no files and draws nothing (content.py loads the cases, chart.py draws,
view.py is the widget).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from numbers import Real

import pandas as pd

from digileder import danish

DEFAULT_CASE = "ipads-i-vej-og-park"
# Finansministeriets samfundsøkonomiske kalkulationsrente fra 7. januar 2021 (år 0-35).
DEFAULT_RATE = 0.035
MAX_HORIZON = 30
MAX_RATE = 0.5  # also the lowest rate allowed (−50 pct.): the sensitivity varies it by ±20 pct.
MAX_AMOUNT = 1e12  # 1.000 mia. kr.: beyond any municipal IT project, and far from overflow
SENSITIVITY_SHARE = 0.2

SCENARIOS = ("pessimistic", "likely", "optimistic")
SCENARIO_LABELS = {
    "pessimistic": "Pessimistisk",
    "likely": "Sandsynlig",
    "optimistic": "Optimistisk",
}
_SCENARIO_ALIASES = {
    **{key: key for key in SCENARIOS},
    "pessimistisk": "pessimistic",
    "sandsynlig": "likely",
    "optimistisk": "optimistic",
}
SCENARIO_COLOURS = {"pessimistic": "#D55E00", "likely": "#0072B2", "optimistic": "#009E73"}

# Danish names of the input fields, used in messages and as widget labels.
FIELD_LABELS = {
    "investment": "Investering (kr.)",
    "running_cost": "Driftsudgifter pr. år (kr.)",
    "gain_pessimistic": "Gevinst pr. år – pessimistisk (kr.)",
    "gain_likely": "Gevinst pr. år – sandsynlig (kr.)",
    "gain_optimistic": "Gevinst pr. år – optimistisk (kr.)",
    "horizon_years": "Tidshorisont (år)",
    "discount_rate": "Kalkulationsrente (pct.)",
}
_SHORT_NAMES = {
    "investment": "Investeringen",
    "running_cost": "Driftsudgifterne",
    "gain_pessimistic": "Den pessimistiske gevinst",
    "gain_likely": "Den sandsynlige gevinst",
    "gain_optimistic": "Den optimistiske gevinst",
    "horizon_years": "Tidshorisonten",
    "discount_rate": "Kalkulationsrenten",
}
# Adjectives agree with the noun: "Investeringen er urealistisk stor", "Driftsudgifterne er
# urealistisk store" (plural). Only the amounts are described with adjectives.
_PLURAL = {"running_cost"}

HELP_TEXT = (
    "Nutidsværdi: Hvad alle årenes gevinster minus udgifter er værd i dag, når et beløb om "
    "et år regnes for mindre værd end et beløb nu (kalkulationsrenten). Investeringen er "
    "trukket fra. Er nutidsværdien over 0, tjener projektet sig hjem. "
    "Tilbagebetalingstid: investeringen delt med den årlige nettogevinst (gevinst minus "
    "driftsudgifter), uden tilbagediskontering. "
    "Afkast (ROI): samlede gevinster minus samlede omkostninger (investering plus "
    "driftsudgifter), delt med de samlede omkostninger over hele perioden. Afkastet er "
    "IKKE tilbagediskonteret."
)


class InputError(ValueError):
    """Forkerte tal i en business case (beskeden er på dansk og siger, hvad du skal rette)."""


@dataclass(frozen=True)
class ThreePoint:
    """Et trepunktsestimat: pessimistisk, sandsynlig og optimistisk værdi."""

    pessimistic: float
    likely: float
    optimistic: float

    def get(self, scenario: str) -> float:
        return getattr(self, scenario_key(scenario))


@dataclass(frozen=True)
class Inputs:
    """Tallene i en business case.

    investment: engangsinvestering i år 0 (kr.); running_cost: driftsudgifter pr. år (kr.);
    gains: gevinst pr. år som ThreePoint (kr.); horizon_years: antal år (1-30);
    discount_rate: kalkulationsrente som decimalbrøk (0.035 = 3,5 pct.).
    """

    investment: float
    running_cost: float
    gains: ThreePoint
    horizon_years: int
    discount_rate: float = DEFAULT_RATE


def scenario_key(scenario: str) -> str:
    """'likely' or 'sandsynlig' -> 'likely'; a Danish error for anything else."""
    key = _SCENARIO_ALIASES.get(str(scenario).strip().lower())
    if key is None:
        raise InputError(
            f"Scenariet '{scenario}' findes ikke. Vælg pessimistisk, sandsynlig eller optimistisk."
        )
    return key


# --- validation -----------------------------------------------------------------------


def _is_number(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def field_values(inputs: Inputs) -> dict[str, object]:
    """The inputs as a flat dict keyed like FIELD_LABELS (rate as a fraction)."""
    gains = inputs.gains
    return {
        "investment": inputs.investment,
        "running_cost": inputs.running_cost,
        "gain_pessimistic": getattr(gains, "pessimistic", None),
        "gain_likely": getattr(gains, "likely", None),
        "gain_optimistic": getattr(gains, "optimistic", None),
        "horizon_years": inputs.horizon_years,
        "discount_rate": inputs.discount_rate,
    }


def field_errors(inputs: Inputs) -> dict[str, list[str]]:
    """Danish messages per field (empty dict when every number is usable)."""
    values = field_values(inputs)
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for field, value in values.items():
        name = _SHORT_NAMES[field]
        if not _is_number(value):
            add(field, f"{name} skal være et tal, fx 250000 eller 3,5. Nu står der '{value}'.")
        elif not math.isfinite(value):
            add(field, f"{name} skal være et almindeligt tal, ikke '{value}'.")
    if errors:
        return errors

    for field in ("investment", "running_cost", "gain_pessimistic", "gain_likely",
                  "gain_optimistic"):
        big, negative = ("store", "negative") if field in _PLURAL else ("stor", "negativ")
        if abs(values[field]) > MAX_AMOUNT:
            add(field, f"{_SHORT_NAMES[field]} er urealistisk {big} (over "
                       f"{danish.kroner(MAX_AMOUNT)}). Skriv beløbet i kroner, fx 250000.")
        elif values[field] < 0:
            add(field, f"{_SHORT_NAMES[field]} kan ikke være {negative}. Skriv 0 eller et beløb "
                       "over 0. Er noget en udgift, så læg det til driftsudgifterne.")

    horizon = values["horizon_years"]
    if horizon != int(horizon):
        add("horizon_years", "Tidshorisonten skal være et helt antal år, fx 5.")
    elif horizon < 1:
        add("horizon_years", "Tidshorisonten skal være mindst 1 år. Skriv fx 5.")
    elif horizon > MAX_HORIZON:
        add("horizon_years", f"Tidshorisonten kan højst være {MAX_HORIZON} år. Så langt frem kan "
                             "ingen skønne gevinster ved it. Vælg fx 5 eller 10 år.")

    rate = values["discount_rate"]
    if rate <= -1:
        add("discount_rate", "Kalkulationsrenten skal være større end −100 pct. Statens rente er "
                             "3,5 pct.")
    elif rate < -MAX_RATE:
        add("discount_rate", f"Kalkulationsrenten på {danish.pct(rate, 4)} er urealistisk lav "
                             f"(mindst −{danish.pct(MAX_RATE)}). Statens rente er 3,5 pct.")
    elif rate > MAX_RATE:
        add("discount_rate", f"Kalkulationsrenten på {danish.pct(rate, 1)} er urealistisk høj "
                             f"(højst {danish.pct(MAX_RATE)}). Statens rente er 3,5 pct.")

    gains = inputs.gains
    if "gain_likely" not in errors and "gain_pessimistic" not in errors:
        if gains.pessimistic > gains.likely:
            add("gain_pessimistic", "Den pessimistiske gevinst er større end den sandsynlige. "
                                    "Den skal være mindre eller lige så stor.")
    if "gain_likely" not in errors and "gain_optimistic" not in errors:
        if gains.optimistic < gains.likely:
            add("gain_optimistic", "Den optimistiske gevinst er mindre end den sandsynlige. "
                                   "Den skal være større eller lige så stor.")
    if not errors and inputs.investment == 0 and inputs.running_cost == 0:
        add("investment", "Både investering og driftsudgifter er 0. Så er der ingen udgifter at "
                          "regne afkast på. Skriv mindst én udgift.")
    return errors


def validate(inputs: Inputs) -> list[str]:
    """Alle fejl i tallene som danske beskeder. En tom liste betyder, at tallene kan bruges."""
    return [message for messages in field_errors(inputs).values() for message in messages]


def check(inputs: Inputs) -> Inputs:
    """Returner tallene, hvis de kan bruges; ellers InputError med alle beskeder på dansk."""
    problems = validate(inputs)
    if problems:
        raise InputError(" ".join(problems))
    return inputs


# --- formulas -------------------------------------------------------------------------


def npv(investment: float, net_flows: list[float], rate: float) -> float:
    """Nutidsværdi: Σ nettobeløb_t / (1 + rente)^t for t = 1, 2, … minus investeringen."""
    if rate <= -1:
        raise InputError("Kalkulationsrenten skal være større end −100 pct.")
    return sum(flow / (1 + rate) ** year for year, flow in enumerate(net_flows, start=1)) - (
        investment
    )


def payback_years(investment: float, annual_net: float) -> float | None:
    """Simpel tilbagebetalingstid i år: investering / årlig nettogevinst.

    None, når nettogevinsten ikke er over 0 – så tjener investeringen sig aldrig hjem.
    """
    if annual_net <= 0:
        return None
    return investment / annual_net


def roi(total_gains: float, total_costs: float) -> float:
    """Afkast (ROI) = (gevinster − omkostninger) / omkostninger, fx 0.25 = 25 pct."""
    if total_costs <= 0:
        raise InputError("Afkastet kan ikke beregnes, når omkostningerne er 0 eller derunder.")
    return (total_gains - total_costs) / total_costs


def cash_flows(inputs: Inputs, scenario: str = "likely") -> pd.DataFrame:
    """Pengestrømme år for år for ét scenarie.

    Kolonner: year (0 = investeringsåret), net (gevinst − udgifter, kr.), discounted
    (nutidsværdien af net), cumulative (akkumuleret nutidsværdi; sidste år = nutidsværdien).
    """
    check(inputs)
    key = scenario_key(scenario)
    annual = inputs.gains.get(key) - inputs.running_cost
    years = range(int(inputs.horizon_years) + 1)
    net = [-float(inputs.investment)] + [annual] * int(inputs.horizon_years)
    discounted = [flow / (1 + inputs.discount_rate) ** year for year, flow in enumerate(net)]
    frame = pd.DataFrame({"year": list(years), "net": net, "discounted": discounted})
    frame["cumulative"] = frame["discounted"].cumsum()
    frame["scenario"] = key
    return frame


def _scenario_row(inputs: Inputs, key: str) -> dict:
    horizon = int(inputs.horizon_years)
    gain = inputs.gains.get(key)
    annual_net = gain - inputs.running_cost
    total_gains = gain * horizon
    total_costs = inputs.investment + inputs.running_cost * horizon
    return {
        "scenario": key,
        "label": SCENARIO_LABELS[key],
        "annual_gain": gain,
        "annual_net": annual_net,
        "npv": npv(inputs.investment, [annual_net] * horizon, inputs.discount_rate),
        "payback_years": payback_years(inputs.investment, annual_net),
        "roi": roi(total_gains, total_costs),
        "total_gains": total_gains,
        "total_costs": total_costs,
        "horizon_years": horizon,
    }


def summary(inputs: Inputs) -> pd.DataFrame:
    """Én række pr. scenarie: nutidsværdi (npv), tilbagebetalingstid (payback_years), afkast (roi).

    Tilbagebetalingstiden er None, når gevinsten ikke overstiger driftsudgifterne.
    """
    check(inputs)
    rows = [_scenario_row(inputs, key) for key in SCENARIOS]
    frame = pd.DataFrame(rows)
    # Keep None (never pays back) as None, not NaN, so callers can test `is None`.
    frame["payback_years"] = pd.Series([r["payback_years"] for r in rows], dtype=object)
    return frame


def _likely_npv(inputs: Inputs) -> float:
    return _scenario_row(inputs, "likely")["npv"]


def _vary(inputs: Inputs) -> list[tuple[str, str, str, Inputs, Inputs]]:
    """(assumption, low setting text, high setting text, low inputs, high inputs)."""
    low, high = 1 - SENSITIVITY_SHARE, 1 + SENSITIVITY_SHARE
    share = danish.pct(SENSITIVITY_SHARE)
    gains = inputs.gains
    horizon = int(inputs.horizon_years)
    short, long_ = max(1, round(horizon * low)), min(MAX_HORIZON, max(horizon + 1,
                                                                      round(horizon * high)))
    rate = inputs.discount_rate
    return [
        ("Gevinst pr. år", "pessimistisk: " + danish.kroner(gains.pessimistic),
         "optimistisk: " + danish.kroner(gains.optimistic),
         replace(inputs, gains=ThreePoint(gains.pessimistic, gains.pessimistic, gains.optimistic)),
         replace(inputs, gains=ThreePoint(gains.pessimistic, gains.optimistic, gains.optimistic))),
        ("Investering", f"−{share}: " + danish.kroner(inputs.investment * low),
         f"+{share}: " + danish.kroner(inputs.investment * high),
         replace(inputs, investment=inputs.investment * low),
         replace(inputs, investment=inputs.investment * high)),
        ("Driftsudgifter pr. år", f"−{share}: " + danish.kroner(inputs.running_cost * low),
         f"+{share}: " + danish.kroner(inputs.running_cost * high),
         replace(inputs, running_cost=inputs.running_cost * low),
         replace(inputs, running_cost=inputs.running_cost * high)),
        ("Tidshorisont", f"{short} år", f"{long_} år",
         replace(inputs, horizon_years=short), replace(inputs, horizon_years=long_)),
        ("Kalkulationsrente", f"−{share}: " + danish.pct(rate * low, 1),
         f"+{share}: " + danish.pct(rate * high, 1),
         replace(inputs, discount_rate=rate * low), replace(inputs, discount_rate=rate * high)),
    ]


def sensitivity(inputs: Inputs) -> pd.DataFrame:
    """Hvilken antagelse flytter nutidsværdien mest? (grundlag for tornadodiagrammet)

    Hver antagelse sættes lavt og højt (gevinst: pessimistisk/optimistisk, de andre ±20 pct.),
    mens resten holdes på det sandsynlige. Kolonner: assumption, low_setting, high_setting,
    low_npv (nutidsværdi med den lave værdi), high_npv (med den høje værdi), base_npv, swing
    (forskellen mellem de to). Sorteret med den største swing først.
    """
    check(inputs)
    base = _likely_npv(inputs)
    rows = []
    for assumption, low_text, high_text, low_inputs, high_inputs in _vary(inputs):
        low_npv, high_npv = _likely_npv(low_inputs), _likely_npv(high_inputs)
        rows.append({
            "assumption": assumption, "low_setting": low_text, "high_setting": high_text,
            "low_npv": low_npv, "high_npv": high_npv, "base_npv": base,
            "swing": abs(high_npv - low_npv),
        })
    frame = pd.DataFrame(rows)
    return frame.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)


def compare_presets(metadata: dict) -> pd.DataFrame:
    """Nutidsværdien i hver af casens indstillinger (fx med og uden ny arbejdsgang).

    Kolonner: preset, label, pessimistic, likely, optimistic (nutidsværdier i kr.).
    """
    rows = []
    for key, preset in metadata["presets"].items():
        npvs = summary(preset["inputs"]).set_index("scenario")["npv"]
        rows.append({"preset": key, "label": preset["label"], **npvs.to_dict()})
    return pd.DataFrame(rows, columns=["preset", "label", *SCENARIOS])


