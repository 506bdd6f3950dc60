"""The message builder's widget: a frame dropdown, four text boxes, live count, save button."""

from __future__ import annotations

import ipywidgets as widgets

from digileder import answers
from digileder.message_builder import store
from digileder.message_builder.model import FIELDS, FRAMES, MessageDraft, frame_questions
from digileder.ui import html as ui_html
from digileder.ui.autosave import Debounced
from digileder.ui.connection import mark_saving
from digileder.ui.save_message import show_save


class BuilderView(widgets.VBox):
    """The widget: a frame dropdown, four text boxes, live count, assemble-and-save button."""

    def __init__(self, draft: MessageDraft | None = None):
        notice = ""
        self.seen = answers.Seen()  # what this view read and wrote: another view's text is kept
        if draft is None:
            draft, notice = store.read_saved_draft(self.seen)
        self.autosave = Debounced(self.save_draft, seen=self.seen)
        self.frame = widgets.Dropdown(options=list(FRAMES), value="Ingen ramme",
                                      description="Ramme (valgfri)",
                                      style={"description_width": "initial"})
        self.hints: dict[str, widgets.HTML] = {}
        self.boxes: dict[str, widgets.Textarea] = {}
        rows = []
        for name, label, hint in FIELDS:
            self.hints[name] = widgets.HTML()
            self.boxes[name] = widgets.Textarea(value=getattr(draft, name), placeholder=hint,
                                                rows=3, layout=widgets.Layout(width="95%"))
            self.boxes[name].observe(lambda change: self.update_count(), names="value")
            self.boxes[name].observe(self.autosave, names="value")
            rows += [widgets.HTML(ui_html.tag("b", label)), self.hints[name],
                     self.boxes[name]]
        self.count = widgets.HTML()
        self.button = widgets.Button(description="Saml og gem budskab", button_style="primary",
                                     icon="save", layout=widgets.Layout(width="220px"))
        self.result = widgets.HTML(ui_html.message(notice, ui_html.Tone.ERROR) if notice else "")
        self.frame.observe(lambda change: self.show_frame(), names="value")
        self.button.on_click(self.submit)
        self.show_frame()
        self.update_count()
        super().__init__([self.frame, *rows, self.count, self.button, self.result])
        mark_saving(self, self.result)

    def draft(self) -> MessageDraft:
        return MessageDraft(**{name: box.value for name, box in self.boxes.items()})

    def show_frame(self) -> None:
        questions = frame_questions(self.frame.value)
        for name, hint in self.hints.items():
            text = questions.get(name, "")
            style = "color:#0072B2;font-size:90%"
            hint.value = (ui_html.tag("span", ui_html.tag("b", "Hjælp:"), " ", text, style=style)
                          if text else "")

    def update_count(self) -> None:
        draft = self.draft()
        self.count.value = ui_html.tag("p", ui_html.tag("b", draft.status_text()),
                                       ui_html.tag("br"), draft.length_advice())

    def save_draft(self) -> answers.SaveResult:
        result = store.save_draft(self.draft(), self.seen)
        show_save(self.result, result, lambda text: ui_html.message(text, ui_html.Tone.ERROR))
        return result

    def submit(self, _=None) -> None:
        self.autosave.flush()
        draft = self.draft()
        if draft.missing():
            self.result.value = ui_html.message(
                f"Udfyld også: {', '.join(draft.missing())}.", ui_html.Tone.ERROR,
                "Ikke gemt endnu.")
            return
        result = store.save(draft, self.seen)
        if not result.saved:
            self.result.value = ui_html.message(result.message, ui_html.Tone.ERROR)
            return
        tag = ui_html.tag
        self.result.value = ui_html.join([
            ui_html.message("Du bruger det igen i modul 08.", ui_html.Tone.OK,
                            "Gemt i mine-svar."),
            tag("div", tag("p", tag("b", "Dit budskab"), f" ({draft.status_text()})"),
                *(tag("p", part) for part in draft.assemble().split("\n\n")),
                style="border-left:4px solid #0072B2;padding:0.3em 1em;background:#f3f8fc")])
