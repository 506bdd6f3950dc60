"""The plain scenario model: a graph of situations and endings, and one run through it.

No widgets and no files here, so a test, a notebook or an assignment can play a
scenario with plain Python and save the run as plain data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Choice:
    """Et valg i en situation: teksten på knappen, hvor det fører hen, og konsekvensen."""

    text: str
    target: str
    feedback: str
    effects: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Situation:
    """En beslutning: en situation med 2-4 valg."""

    id: str
    text: str
    choices: tuple[Choice, ...]
    title: str = ""

    @property
    def label(self) -> str:
        """The title, or the first words of the text: how the path names this decision."""
        return self.title or _first_words(self.text)


@dataclass(frozen=True)
class Ending:
    """En slutning: en opsummering og et spørgsmål til refleksion."""

    id: str
    title: str
    summary: str
    reflection: str


@dataclass(frozen=True)
class Scenario:
    """Et helt scenarie, læst fra en YAML-fil i datasets/scenarios/."""

    id: str
    title: str
    intro: str
    dimensions: dict[str, str]
    start: str
    situations: dict[str, Situation]
    endings: dict[str, Ending]
    source: Path | None = None

    def node(self, node_id: str) -> Situation | Ending:
        if node_id in self.situations:
            return self.situations[node_id]
        if node_id in self.endings:
            return self.endings[node_id]
        raise KeyError(f"Scenariet '{self.id}' har ingen situation eller slutning '{node_id}'.")

    def dimension_label(self, key: str) -> str:
        return self.dimensions.get(key, key)


def _step(node: Situation, index: int, choice: Choice) -> dict:
    return {
        "node": node.id,
        "situation": node.label,
        "choice_index": index,
        "choice": choice.text,
        "feedback": choice.feedback,
        "effects": dict(choice.effects),
        "to": choice.target,
    }


def _first_words(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rsplit(" ", 1)[0] + " …"


class Run:
    """Én gennemspilning af et scenarie: hvor du er, dine valg og summen af konsekvenserne.

    run = Run(scenario); run.choose(0); run.node; run.is_finished; run.scores; run.path
    """

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.node_id = scenario.start
        self.scores: dict[str, int] = {key: 0 for key in scenario.dimensions}
        self.path: list[dict] = []

    @property
    def node(self) -> Situation | Ending:
        return self.scenario.node(self.node_id)

    @property
    def is_finished(self) -> bool:
        return self.node_id in self.scenario.endings

    @property
    def ending(self) -> Ending | None:
        return self.scenario.endings.get(self.node_id)

    def choose(self, index: int) -> dict:
        """Vælg valg nummer `index` (0 er det første). Giver trinnet, der kom på vejen."""
        if self.is_finished:
            raise ValueError("Scenariet er slut. Start forfra for at vælge igen.")
        node = self.node
        if isinstance(index, bool) or not isinstance(index, int) or not (
            0 <= index < len(node.choices)
        ):
            raise ValueError(
                f"Valg nummer {index} findes ikke i situationen '{node.id}'. "
                f"Vælg et tal fra 0 til {len(node.choices) - 1}."
            )
        choice = node.choices[index]
        for key, change in choice.effects.items():
            self.scores[key] = self.scores.get(key, 0) + change
        step = _step(node, index, choice)
        self.path.append(step)
        self.node_id = choice.target
        return step

    def to_dict(self) -> dict:
        """Vejen og sluttilstanden som almindelige data (kan gemmes som JSON)."""
        ending = self.ending
        return {
            "scenario": self.scenario.id,
            "title": self.scenario.title,
            "node": self.node_id,
            "finished": self.is_finished,
            "ending": (
                {"id": ending.id, "title": ending.title, "reflection": ending.reflection}
                if ending else None
            ),
            "scores": dict(self.scores),
            "dimensions": dict(self.scenario.dimensions),
            "path": [dict(step, effects=dict(step["effects"])) for step in self.path],
        }

    @classmethod
    def from_dict(cls, scenario: Scenario, saved: dict) -> Run:
        """Genskab en gemt gennemspilning ved at spille de gemte valg igen.

        Giver ValueError på dansk, hvis de gemte valg ikke passer til scenariet (fx fordi
        scenariet er blevet ændret siden).
        """
        if not isinstance(saved, dict) or not isinstance(saved.get("path"), list):
            raise ValueError("De gemte data er ikke en gennemspilning (feltet 'path' mangler).")
        if saved.get("scenario") not in (None, scenario.id):
            raise ValueError(
                f"De gemte data hører til scenariet '{saved.get('scenario')}', "
                f"ikke '{scenario.id}'."
            )
        run = cls(scenario)
        for number, step in enumerate(saved["path"], start=1):
            if not isinstance(step, dict) or step.get("node") != run.node_id:
                raise ValueError(
                    f"Trin {number} i de gemte data passer ikke til scenariet '{scenario.id}'. "
                    "Scenariet er måske ændret, siden vejen blev gemt. Start forfra."
                )
            run.choose(step.get("choice_index"))
        return run
