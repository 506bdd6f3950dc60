"""Digital maturity self-assessment (module 03; module 08 reuses the result).

Model: the items live in datasets/maturity.yml (checked against a small schema with
Danish errors); answers are scored per dimension, saved as a dated history in
mine-svar/modenhed.json, compared with the SIMULATED survey's modenhed_* columns and
turned into suggestions that point to a module. The widget at the bottom is a thin
view over these functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from pathlib import Path

import altair as alt
import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML, display

from digileder import answers, charts, danish, data
from digileder.data import DataError
from digileder.paths import datasets_dir

FILE_NAME = "maturity.yml"
HISTORY_FILE = "modenhed.json"
DIMENSION_IDS = ("strategi", "gevinster", "organisering", "ildsjaele", "data", "borgere")
MODULES = ("01", "03", "04", "05", "06", "07", "08")
SOURCES = ("KL 2012", "artiklen")
MIN_ITEMS, MAX_ITEMS = 3, 4
SCALE = (1, 2, 3, 4, 5)
_ITEM_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class MaturityFileError(DataError):
    """maturity.yml kan ikke bruges. `problems` er listen af alle fejl på dansk."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = Path(path)
        self.problems = list(problems)
        lines = "\n".join(f"- {problem}" for problem in self.problems)
        super().__init__(
            f"Filen {self.path.name} har {len(self.problems)} fejl:\n{lines}\n"
            "Ret filen, og kør cellen igen."
        )


# ----------------------------------------------------------------------------- items


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


def _text(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _check_items(raw_items, where: str, seen: set[str], problems: list[str]) -> list[dict]:
    if not isinstance(raw_items, list):
        problems.append(f"{where}: 'udsagn' skal være en liste med {MIN_ITEMS}-{MAX_ITEMS} udsagn.")
        return []
    if not MIN_ITEMS <= len(raw_items) <= MAX_ITEMS:
        problems.append(
            f"{where}: har {len(raw_items)} udsagn, men skal have {MIN_ITEMS}-{MAX_ITEMS}."
        )
    good = []
    for number, raw in enumerate(raw_items, start=1):
        place = f"{where}, udsagn nr. {number}"
        if not isinstance(raw, dict):
            problems.append(f"{place}: skal have felterne 'id' og 'tekst'.")
            continue
        item_id = raw.get("id")
        if isinstance(item_id, str):
            place = f"{where}, udsagn '{item_id}'"
        if not isinstance(item_id, str) or not _ITEM_ID.match(item_id):
            problems.append(
                f"{place}: 'id' mangler eller er ugyldigt. Brug små bogstaver, tal og "
                "bindestreg, fx strategi-1."
            )
        elif item_id in seen:
            problems.append(f"{place}: id'et '{item_id}' er brugt to gange. Et id skal være unikt.")
        else:
            seen.add(item_id)
        if not _text(raw.get("tekst")):
            problems.append(f"{place}: 'tekst' mangler. Skriv udsagnet, deltageren svarer på.")
        unknown = sorted(set(raw) - {"id", "tekst"})
        if unknown:
            problems.append(f"{place}: ukendt felt {', '.join(repr(k) for k in unknown)}.")
        good.append(raw)
    return good


def _check_dimension(raw, number: int, seen_dims: set[str], seen_items: set[str],
                     problems: list[str]) -> None:
    where = f"dimension nr. {number}"
    if not isinstance(raw, dict):
        problems.append(
            f"{where}: skal have felterne id, navn, inspiration, udsagn, forslag og modul."
        )
        return
    dim_id = raw.get("id")
    if isinstance(dim_id, str):
        where = f"dimension '{dim_id}'"
    if dim_id not in DIMENSION_IDS:
        problems.append(
            f"{where}: 'id' skal være et af {', '.join(DIMENSION_IDS)} "
            "(så dimensionen passer til en kolonne i de simulerede data)."
        )
    elif dim_id in seen_dims:
        problems.append(f"{where}: dimensionen findes to gange.")
    else:
        seen_dims.add(dim_id)
    if not _text(raw.get("navn")):
        problems.append(f"{where}: 'navn' mangler, fx 'Strategi og retning'.")
    inspiration = raw.get("inspiration")
    if not isinstance(inspiration, dict):
        problems.append(f"{where}: 'inspiration' mangler (med felterne 'kilde' og 'tema').")
    else:
        if inspiration.get("kilde") not in SOURCES:
            problems.append(
                f"{where}: 'inspiration: kilde' skal være 'KL 2012' eller 'artiklen'."
            )
        if not _text(inspiration.get("tema")):
            problems.append(f"{where}: 'inspiration: tema' mangler.")
    _check_items(raw.get("udsagn"), where, seen_items, problems)
    if not _text(raw.get("forslag")):
        problems.append(f"{where}: 'forslag' mangler. Skriv et konkret forslag til en lav score.")
    if str(raw.get("modul")) not in MODULES:
        problems.append(
            f"{where}: 'modul' er '{raw.get('modul')}', men skal være et af "
            f"{', '.join(MODULES)}. Skriv det i anførselstegn, fx \"07\"."
        )
    unknown = sorted(set(raw) - {"id", "navn", "inspiration", "udsagn", "forslag", "modul"})
    if unknown:
        problems.append(f"{where}: ukendt felt {', '.join(repr(k) for k in unknown)}.")


def check(content, path: Path) -> list[str]:
    """Every problem in the parsed YAML content, as Danish messages (empty = fine)."""
    if not isinstance(content, dict):
        return ["filen skal have felterne 'skala', 'svag_graense' og 'dimensioner'."]
    problems: list[str] = []
    scale = content.get("skala")
    if not isinstance(scale, dict) or set(scale) != set(SCALE) or not all(
        _text(v) for v in scale.values()
    ):
        problems.append("'skala' skal have en tekst for hvert af tallene 1, 2, 3, 4 og 5.")
    threshold = content.get("svag_graense")
    if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not (
        1 <= threshold <= 5
    ):
        problems.append("'svag_graense' skal være et tal mellem 1 og 5, fx 3.")
    dims = content.get("dimensioner")
    if not isinstance(dims, list) or not dims:
        problems.append("'dimensioner' skal være en liste med dimensioner.")
        return problems
    seen_dims: set[str] = set()
    seen_items: set[str] = set()
    for number, raw in enumerate(dims, start=1):
        _check_dimension(raw, number, seen_dims, seen_items, problems)
    missing = [d for d in DIMENSION_IDS if d not in seen_dims]
    if missing and len(seen_dims) + len(missing) == len(DIMENSION_IDS):
        problems.append(f"dimensionen {', '.join(missing)} mangler.")
    return problems


def load_items(path: Path | str | None = None) -> Instrument:
    """Læs selvevalueringens dimensioner og udsagn fra datasets/maturity.yml.

    En fejl i filen giver en dansk besked, der nævner filen og stedet (MaturityFileError).
    """
    import yaml

    path = Path(path) if path else datasets_dir() / FILE_NAME
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MaturityFileError(path, [f"filen {path} findes ikke."]) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f"linje {mark.line + 1}: " if mark else ""
        reason = getattr(err, "problem", None) or str(err)
        raise MaturityFileError(
            path, [f"{line}filen er ikke gyldig YAML ({reason}). Tjek indrykning og kolon."]
        ) from None
    problems = check(content, path)
    if problems:
        raise MaturityFileError(path, problems)
    dimensions = tuple(
        Dimension(
            id=raw["id"], name=raw["navn"].strip(), source=raw["inspiration"]["kilde"],
            theme=raw["inspiration"]["tema"].strip(),
            items=tuple(Item(i["id"], " ".join(i["tekst"].split()), raw["id"])
                        for i in raw["udsagn"]),
            suggestion=" ".join(raw["forslag"].split()), module=str(raw["modul"]),
        )
        for raw in content["dimensioner"]
    )
    scale = {int(k): str(v) for k, v in content["skala"].items()}
    return Instrument(scale, float(content["svag_graense"]), dimensions, path)


# ----------------------------------------------------------------------------- scoring


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


def score(answers: dict[str, int], instrument: Instrument | None = None) -> dict[str, float]:
    """Gennemsnit (1-5) pr. dimension af de udsagn, du har svaret på.

    En dimension uden svar er ikke med. Ukendte udsagn eller svar uden for 1-5 giver
    en ValueError med en dansk besked.
    """
    instrument = instrument or load_items()
    clean = _valid_answers(answers, instrument)
    scores = {}
    for dim in instrument.dimensions:
        values = [clean[item.id] for item in dim.items if item.id in clean]
        if values:
            scores[dim.id] = round(sum(values) / len(values), 2)
    return scores


def unanswered(answers: dict, instrument: Instrument | None = None) -> list[Item]:
    """The items without an answer (in the order of the file)."""
    instrument = instrument or load_items()
    return [item for item in instrument.items if answers.get(item.id) is None]


# ----------------------------------------------------------------------------- history


def history_path() -> Path:
    return answers.folder() / HISTORY_FILE


def _check_entry(entry) -> bool:
    return (
        isinstance(entry, dict) and isinstance(entry.get("date"), str)
        and isinstance(entry.get("answers"), dict) and isinstance(entry.get("scores"), dict)
        and all(isinstance(v, int | float) and not isinstance(v, bool)
                for v in entry["scores"].values())
    )


def _is_history(content: dict) -> bool:
    entries = content["assessments"]
    return isinstance(entries, list) and all(_check_entry(e) for e in entries)


def read_history() -> tuple[list[dict], answers.ReadResult]:
    """Dine gemte vurderinger, ældste først, og hvad læsningen gav (fx en fil flyttet til side).

    En fil, der ikke kan læses, flyttes til side med tidsstempel; result.notice siger hvor.
    """
    result = answers.read_json(HISTORY_FILE, _is_history)
    entries = result.data["assessments"] if result.data else []
    return sorted(entries, key=lambda e: e["date"]), result


def load_history() -> list[dict]:
    """Dine gemte vurderinger, ældste først: hver med 'date', 'answers' og 'scores'."""
    return read_history()[0]


def save_assessment(answers_given: dict[str, int], when: datetime | None = None,
                    instrument: Instrument | None = None) -> dict:
    """Gem en vurdering med dato i mine-svar/modenhed.json (tidligere vurderinger bevares).

    Returnerer den gemte vurdering. Var den gamle fil beskadiget, er den flyttet til side,
    og stien står under nøglen 'set_aside' i det returnerede (ikke i filen).
    Giver answers.NotSaved med en dansk besked, hvis der ikke kan gemmes.
    """
    instrument = instrument or load_items()
    clean = _valid_answers(answers_given, instrument)
    if not clean:
        raise ValueError("Du har ikke svaret på nogen udsagn endnu. Der er intet at gemme.")
    entry = {
        "date": (when or datetime.now()).isoformat(timespec="seconds"),
        "answers": clean,
        "scores": score(clean, instrument),
    }
    history, read = read_history()
    answers.write_json(HISTORY_FILE, {
        "format": "digileder-modenhed", "version": 1, "assessments": [*history, entry],
    }).check()
    return {**entry, "set_aside": str(read.set_aside)} if read.set_aside else dict(entry)


def latest_scores() -> dict | None:
    """Scorerne fra din seneste vurdering, eller None hvis du ikke har gemt nogen.

    En beskadiget fil giver også None (modul 08 skal kunne lave planen alligevel).
    """
    history = load_history()
    return dict(history[-1]["scores"]) if history else None


def format_date(iso: str) -> str:
    """'2025-03-12T14:05:00' -> '12.03.2025 kl. 14.05'."""
    try:
        return datetime.fromisoformat(iso).strftime("%d.%m.%Y kl. %H.%M")
    except ValueError:
        return iso


# ----------------------------------------------------------------------------- peers


def peer_position(scores: dict[str, float], frame: pd.DataFrame | None = None,
                  instrument: Instrument | None = None) -> pd.DataFrame:
    """Din score pr. dimension ved siden af de SIMULEREDE svar i samme dimension.

    Kolonner: dimension, navn, score, median, p25, p75, share_below (andel af de
    simulerede respondenter, der ligger under din score), share_equal (andel med præcis
    din score) og n (antal simulerede svar).
    """
    instrument = instrument or load_items()
    frame = data.survey() if frame is None else frame
    rows = []
    for dim in instrument.dimensions:
        if dim.id not in scores:
            continue
        values = pd.to_numeric(frame[dim.column], errors="coerce").dropna().astype(float)
        n = len(values)
        mine = float(scores[dim.id])
        rows.append({
            "dimension": dim.id, "navn": dim.name, "score": mine,
            "median": float(values.median()) if n else float("nan"),
            "p25": float(values.quantile(0.25)) if n else float("nan"),
            "p75": float(values.quantile(0.75)) if n else float("nan"),
            "share_below": float((values < mine).mean()) if n else float("nan"),
            "share_equal": float((values == mine).mean()) if n else float("nan"),
            "n": n,
        })
    return pd.DataFrame(rows, columns=["dimension", "navn", "score", "median", "p25", "p75",
                                       "share_below", "share_equal", "n"])


def peer_text(position: pd.DataFrame) -> str:
    """One Danish sentence per dimension: where you stand among the simulated respondents."""
    lines = []
    for row in position.itertuples():
        same = (f", og {danish.pct(row.share_equal)} har samme score som dig"
                if row.share_equal > 0 else "")
        lines.append(
            f"{row.navn}: din score er {danish.number(row.score, 1)}. Du ligger over "
            f"{danish.pct(row.share_below)} af de simulerede respondenter{same} "
            f"(simuleret median {danish.number(row.median, 1)}, n = {danish.number(row.n)})."
        )
    return "\n".join(lines)


# ----------------------------------------------------------------------------- suggestions


def _module_titles() -> dict[str, tuple[str, str]]:
    """Module number -> (title, file) from the course map; empty if it cannot be read."""
    from digileder import course

    try:
        return {e["file"][:2]: (e["title"], e["file"]) for e in course.course_map()}
    except (DataError, OSError, KeyError, TypeError):
        return {}


def suggestions(scores: dict[str, float], instrument: Instrument | None = None) -> list[dict]:
    """Forslag til dine svage dimensioner: alle under grænsen (3), og mindst de to laveste.

    Hver har dimension, navn, score, text (forslaget), module ('07'), module_title og
    module_file; laveste score først.
    """
    instrument = instrument or load_items()
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
            "dimension": dim.id, "navn": dim.name, "score": float(scores[dim.id]),
            "text": dim.suggestion, "module": dim.module, "module_title": title,
            "module_file": file,
        })
    return result


# ----------------------------------------------------------------------------- chart

NOW, BEFORE, PEERS = "Din vurdering nu", "Din forrige vurdering", "Simuleret median"


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
        position = peer_position(scores, frame, instrument)
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
                                           range=["circle", "diamond", "square"][:len(series)])),
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
    return alt.layer(*layers).properties(
        width=charts.WIDTH - 180, height=max(80, 36 * len(dims)),
        title=charts.title("Din digitale modenhed", subtitle, simulated=peers),
        description=description,
    )


# ----------------------------------------------------------------------------- widget

_GROUPS = {"Alle": None, "Ledere": "leder", "Medarbejdere": "medarbejder"}
_ERROR_STYLE = "color:#D55E00"


class SelfAssessment(widgets.VBox):
    """Selvevalueringen som widget: svar, se din profil, gem og sammenlign.

    Tests set `answers` through the toggle buttons in `toggles` and read `status`,
    `last_scores` and `last_suggestions`.
    """

    def __init__(self, instrument: Instrument, survey: pd.DataFrame):
        self.instrument = instrument
        self.survey = survey
        self.last_scores: dict[str, float] | None = None
        self.last_suggestions: list[dict] = []
        self.previous: dict | None = None
        self.last_position: pd.DataFrame | None = None
        scale_text = ", ".join(f"{k} = {v.lower()}" for k, v in instrument.scale.items())
        intro = widgets.HTML(
            f"<p>Vurder hvert udsagn om din egen arbejdsplads. Skalaen er: {scale_text}. "
            "Klik derefter på <b>Gem og vis min profil</b>.</p>"
        )
        self.toggles: dict[str, widgets.ToggleButtons] = {}
        rows: list[widgets.Widget] = [intro]
        tooltips = [instrument.scale[k] for k in SCALE]
        for dim in instrument.dimensions:
            rows.append(widgets.HTML(f"<h4 style='margin-bottom:0'>{escape(dim.name)}</h4>"))
            for item in dim.items:
                toggle = widgets.ToggleButtons(
                    options=[(str(k), k) for k in SCALE], value=None, tooltips=tooltips,
                    style={"button_width": "42px"},
                )
                toggle.observe(self._on_answer, names="value")
                self.toggles[item.id] = toggle
                rows.append(widgets.HBox(
                    [widgets.HTML(f"<div style='width:460px'>{escape(item.text)}</div>"), toggle],
                    layout=widgets.Layout(align_items="center"),
                ))
        self.progress = widgets.HTML()
        self.compare = widgets.ToggleButtons(options=list(_GROUPS), value="Alle",
                                             description="Sammenlign med:",
                                             style={"description_width": "initial"})
        self.save_button = widgets.Button(description="Gem og vis min profil",
                                          button_style="primary", icon="save",
                                          layout=widgets.Layout(width="220px"))
        self.reuse_button = widgets.Button(description="Start fra mine sidste svar", icon="undo",
                                           layout=widgets.Layout(width="240px"))
        self.status = widgets.HTML()
        self.output = widgets.Output()
        self.save_button.on_click(self.save)
        self.reuse_button.on_click(self.reuse_latest)
        self.compare.observe(lambda _: self.show(), names="value")
        rows += [self.progress, self.compare,
                 widgets.HBox([self.save_button, self.reuse_button]), self.status, self.output]
        super().__init__(rows)
        self._on_answer()
        self._greet()

    # -- state
    @property
    def answers(self) -> dict[str, int]:
        return {key: t.value for key, t in self.toggles.items() if t.value is not None}

    def _history(self) -> tuple[list[dict], str]:
        history, read = read_history()
        return history, escape(read.notice)

    def _on_answer(self, _change=None):
        total, done = len(self.toggles), len(self.answers)
        self.progress.value = f"<p>Du har svaret på {done} af {total} udsagn.</p>"

    def _greet(self):
        history, problem = self._history()
        self.reuse_button.disabled = not history
        if problem:
            self.status.value = f"<p style='{_ERROR_STYLE}'>{problem}</p>"
        elif history:
            last = history[-1]
            self.status.value = (
                f"<p>Du har gemt {len(history)} vurdering(er). Den seneste er fra "
                f"{format_date(last['date'])}. Svar igen for at se, om du har flyttet dig.</p>"
            )
            self.last_scores = dict(last["scores"])
            self.previous = history[-2] if len(history) > 1 else None
            self.show()

    # -- actions
    def reuse_latest(self, _button=None):
        history, problem = self._history()
        if not history:
            message = problem or "Du har ingen gemte svar endnu."
            self.status.value = f"<p style='{_ERROR_STYLE}'>{message}</p>"
            return
        known = {item.id for item in self.instrument.items}
        for item_id, value in history[-1]["answers"].items():
            if item_id in known and value in SCALE:
                self.toggles[item_id].value = value
        self.status.value = "<p>Dine sidste svar er sat ind. Ret dem, der har ændret sig.</p>"

    def save(self, _button=None):
        missing = unanswered(self.answers, self.instrument)
        if missing:
            names = sorted({self.instrument.dimension(i.dimension).name for i in missing},
                           key=[d.name for d in self.instrument.dimensions].index)
            self.status.value = (
                f"<p style='{_ERROR_STYLE}'>Du mangler at svare på {len(missing)} udsagn "
                f"(under {', '.join(names)}). Svar på alle, og klik igen. Intet er gemt endnu.</p>"
            )
            return
        previous_history, _ = self._history()
        try:
            entry = save_assessment(self.answers, instrument=self.instrument)
        except answers.NotSaved as err:
            self.status.value = (f"<p style='{_ERROR_STYLE}'>{escape(str(err))} Dine svar står "
                                 "stadig i knapperne.</p>")
            return
        text = f"<p>Gemt {format_date(entry['date'])} i mine-svar/{HISTORY_FILE}.</p>"
        if entry.get("set_aside"):
            text += (f"<p>Den gamle, beskadigede fil er flyttet til "
                     f"{Path(entry['set_aside']).name}, så intet er gået tabt.</p>")
        self.status.value = text
        self.last_scores = entry["scores"]
        self.previous = previous_history[-1] if previous_history else None
        self.show()

    def show(self):
        """Draw the current profile, the peer comparison and the suggestions."""
        if not self.last_scores:
            return
        previous = self.previous
        group = _GROUPS[self.compare.value]
        peers = self.survey if group is None else self.survey[self.survey["gruppe"] == group]
        self.last_suggestions = suggestions(self.last_scores, self.instrument)
        position = peer_position(self.last_scores, peers, self.instrument)
        self.last_position = position
        self.output.clear_output(wait=True)
        with self.output:
            display(profile_chart(
                self.last_scores, previous["scores"] if previous else None, frame=peers,
                instrument=self.instrument,
                previous_label=f"Forrige ({format_date(previous['date'])[:10]})"
                if previous else BEFORE,
            ))
            display(HTML(self._peer_html(position)))
            display(HTML(self._suggestion_html()))

    def _peer_html(self, position: pd.DataFrame) -> str:
        items = "".join(f"<li>{line}</li>" for line in peer_text(position).splitlines())
        who = self.compare.value.lower()
        return (
            f"<p><b>Sådan ligger du i forhold til de simulerede respondenter ({who})</b><br>"
            "<i>Simulerede data: opdigtede svar, der ligner en rigtig undersøgelse. De siger "
            "ikke noget om rigtige kommuner.</i></p>"
            f"<ul>{items}</ul>"
        )

    def _suggestion_html(self) -> str:
        parts = []
        for s in self.last_suggestions:
            link = (f"<a href='{s['module_file']}'>modul {s['module']} · {s['module_title']}</a>"
                    if s["module_file"] else f"modul {s['module']}")
            parts.append(
                f"<li><b>{s['navn']}</b> (score {danish.number(s['score'], 1)}): {s['text']} "
                f"<br>Læs mere i {link}.</li>"
            )
        return ("<p><b>Forslag til dine svageste områder</b></p>"
                f"<ol>{''.join(parts)}</ol>"
                "<p>Du kan bruge forslagene i din plan i modul 08.</p>")


def show() -> widgets.Widget:
    """Selvevalueringen af digital modenhed: svar, se din profil og få forslag (modul 03)."""
    try:
        instrument = load_items()
        survey = data.survey()
    except DataError as err:
        return widgets.HTML(f"<p style='{_ERROR_STYLE}'>{err}</p>".replace("\n", "<br>"))
    return SelfAssessment(instrument, survey)


# Old entry-point names, kept so notebooks written before the rename still run.
self_assessment = show
