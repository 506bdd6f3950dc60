"""The reflection box: a participant writes an answer and it is saved as they type.

    from digileder import reflection
    reflection.show("01-kerneopgave", "Hvordan ændrer kerneopgaven sig hos jer?")
"""

from __future__ import annotations

from datetime import datetime

import ipywidgets as widgets

from digileder import answers, notes
from digileder.ui import html
from digileder.ui.autosave import Debounced
from digileder.ui.connection import mark_saving


class ReflectionView(widgets.VBox):
    """A text box that saves itself (debounced while typing, at once on the button)."""

    def __init__(self, key: str, prompt: str, rows: int = 6,
                 placeholder: str = "Skriv dit svar her …"):
        self.key, self.prompt = key, prompt
        self.seen = answers.Seen()  # what this box read and wrote: another box's text is kept
        text, notice = notes.read(key, self.seen)
        self.box = widgets.Textarea(value=text, placeholder=placeholder, rows=rows,
                                    continuous_update=True, layout=widgets.Layout(width="95%"))
        self.button = widgets.Button(description="Gem svar", icon="save")
        self.status = widgets.HTML()
        self.autosave = Debounced(self.save, seen=self.seen)
        self.box.observe(self.autosave, names="value")
        self.button.on_click(lambda _: self.autosave.flush())
        self.show_status(notice)
        label = widgets.HTML(html.tag("p", html.tag("b", "✍️ ", prompt)))
        super().__init__([label, self.box, widgets.HBox([self.button, self.status])])
        mark_saving(self, self.status)

    def save(self) -> bool:
        result = notes.save(self.key, self.box.value, self.prompt, self.seen)
        self.show_status(result.message)
        return result.saved

    def show_status(self, notice: str = "") -> None:
        """The saved time, or the notice (a file set aside, a save that failed) in orange; a
        conflict copy of this answer stays named after every save, until it is deleted."""
        if notice:
            self.status.value = html.message(notice, html.Tone.ERROR)
            return
        path = notes.path(self.key)
        if not path.is_file():
            saved = html.tag("i", "Ikke gemt endnu.")
        else:
            when = datetime.fromtimestamp(path.stat().st_mtime).strftime("%d.%m.%Y kl. %H:%M")
            saved = html.tag("i", f"Gemt {when} i mine-svar.")
        copies = answers.store.copies_notice(notes.relative_path(self.key))
        self.status.value = html.join([saved, html.message(copies, html.Tone.ERROR)]
                                      if copies else [saved])

def show(key: str, prompt: str, rows: int = 6, placeholder: str = "Skriv dit svar her …"):
    """Et tekstfelt til din refleksion. Det bliver gemt automatisk, mens du skriver."""
    return ReflectionView(key, prompt, rows, placeholder)
