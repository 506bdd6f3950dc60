"""Budskabsbyggeren i modul 06: skriv et budskab på to minutter til dine medarbejdere.

Du udfylder fire felter (situationen, hvordan kerneopgaven ændrer sig, hvad det betyder for
fagligheden, næste skridt). Byggeren tæller ord, anslår taletiden og samler budskabet.
Brug i en notesbog:

    from digileder import message_builder
    message_builder.show()

Package layout (the shape of every activity): model.py (MessageDraft, word count, speaking
time, frames), store.py (the draft is saved as the participant types, so a kernel restart
loses nothing; the finished message as reflection "06-budskab"), view.py (BuilderView).
"""

from digileder import lazy
from digileder.message_builder.model import (
    FIELDS,
    FRAMES,
    TARGET_SECONDS,
    WORDS_PER_MINUTE,
    MessageDraft,
    format_duration,
    frame_questions,
    speaking_seconds,
    word_count,
)
from digileder.message_builder.store import (
    NOTE_KEY,
    PROMPT,
    STATE_FILE,
    load_saved_draft,
    read_saved_draft,
    save,
    save_draft,
)


def show():
    """Budskabsbyggeren: fire felter, ordtal, taletid og en valgfri ramme (modul 06)."""
    from digileder.message_builder.view import BuilderView

    return BuilderView()


# The widgets (ipywidgets) are imported only when asked for.
__getattr__ = lazy.from_module(__name__, "view", ("BuilderView",))


__all__ = [
    "FIELDS", "FRAMES", "NOTE_KEY", "PROMPT", "STATE_FILE", "TARGET_SECONDS",
    "WORDS_PER_MINUTE", "MessageDraft", "format_duration", "frame_questions",
    "load_saved_draft", "read_saved_draft", "save", "save_draft", "show", "speaking_seconds",
    "word_count",
]
