"""The compass's saved state: choices and justification as a draft (mine-svar/vaerdikompas.json,
saved as the participant types) and the finished compass as reflection 04-vaerdier."""

from __future__ import annotations

from digileder import answers, notes
from digileder.values_compass.model import ValuesCompass

NOTE_KEY = "04-vaerdier"
PROMPT = "Tre værdier, der skal styre byudviklingen i min kommune – og hvorfor"
STATE_FILE = "vaerdikompas.json"


def save_draft(compass: ValuesCompass, seen: answers.Seen | None = None) -> answers.SaveResult:
    """Gem valg og begrundelse, som de står (også halvfærdige)."""
    return answers.write_json(STATE_FILE, {"ranking": list(compass.ranking),
                                           "justification": compass.justification}, seen)


def save(compass: ValuesCompass, seen: answers.Seen | None = None) -> answers.SaveResult:
    """Gem valgene og kompasset som tekst (notes, til modul 08). Giver ValueError, hvis noget
    mangler; valg og begrundelse gemmes alligevel."""
    return notes.save_finished(NOTE_KEY, PROMPT, save_draft(compass, seen), compass.problems(),
                               compass.as_text, seen)


def _is_state(state: dict) -> bool:
    ranking = state.get("ranking", [])
    return (answers.only_known_keys(state, ("ranking", "justification"))
            and isinstance(ranking, list) and all(isinstance(v, str) for v in ranking)
            and isinstance(state.get("justification", ""), str))


def read_saved_state(seen: answers.Seen | None = None) -> tuple[dict, str]:
    """(dine gemte valg, dansk besked). En ulæselig fil flyttes til side, og beskeden siger hvor."""
    result = answers.read_json(STATE_FILE, _is_state, seen)
    return result.data or {}, result.notice


def load_saved_state() -> dict:
    """Dine gemte valg ({"ranking": [...], "justification": "..."}) eller {}."""
    return read_saved_state()[0]
