"""Værdikompasset i modul 04: vælg og rangér tre værdier for din kommunes byudvikling.

Værdierne står i datasets/smart_city_values.yml, så en underviser kan rette dem uden
Python. Brug i en notesbog:

    from digileder import values_compass
    values_compass.show()

Package layout (the shape of every activity): model.py (ValuesCompass), content.py (the
values' YAML), store.py (choices and justification saved as the participant types, so a
kernel restart loses nothing; the finished compass as reflection "04-vaerdier"), view.py.
"""

from digileder import lazy
from digileder.values_compass.content import VALUE_RECORD, load_values, values_path
from digileder.values_compass.model import MIN_WORDS, PICKS, THEMES, Value, ValuesCompass
from digileder.values_compass.store import (
    NOTE_KEY,
    PROMPT,
    STATE_FILE,
    load_saved_state,
    read_saved_state,
    save,
    save_draft,
)


def show():
    """Værdikompasset: vælg og rangér tre værdier, begrund dem, og gem (modul 04)."""
    from digileder.values_compass.view import show as show_view

    return show_view()


# The widgets (ipywidgets) are imported only when asked for.
__getattr__ = lazy.from_module(__name__, "view", ("CompassView", "feedback_html"))


__all__ = [
    "MIN_WORDS", "NOTE_KEY", "PICKS", "PROMPT", "STATE_FILE", "THEMES", "VALUE_RECORD", "Value",
    "ValuesCompass", "load_saved_state", "load_values", "read_saved_state", "save",
    "save_draft", "show", "values_path",
]
