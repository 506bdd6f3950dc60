"""The message builder's widget: a frame dropdown, four text boxes, live count, save button."""

from __future__ import annotations

import ipywidgets as widgets

from digileder import answers
from digileder.message_builder import store
from digileder.message_builder.model import FIELDS, FRAMES, MessageDraft, frame_questions
from digileder.ui import html as ui_html
from digileder.ui.autosave import Debounced


class BuilderView(widgets.VBox):
    """The widget: a frame dropdown, four text boxes, live count, assemble-and-save button."""

    def __init__(self, draft: MessageDraft | None = None):
        notice = ""
        if draft is None:
            draft, notice = store.read_saved_draft()
        self.autosave = Debounced(self.save_draft)
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
            rows += [widgets.HTML(f"<b>{ui_html.text(label)}</b>"), self.hints[name],
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

    def draft(self) -> MessageDraft:
        return MessageDraft(**{name: box.value for name, box in self.boxes.items()})

    def show_frame(self) -> None:
        questions = frame_questions(self.frame.value)
        for name, hint in self.hints.items():
            text = questions.get(name, "")
            style = "color:#0072B2;font-size:90%"
            hint.value = (f"<span style='{style}'><b>Hjælp:</b> {ui_html.text(text)}</span>"
                          if text else "")

    def update_count(self) -> None:
        draft = self.draft()
        self.count.value = (f"<p><b>{ui_html.text(draft.status_text())}</b><br>"
                            f"{ui_html.text(draft.length_advice())}</p>")

    def save_draft(self) -> answers.SaveResult:
        result = store.save_draft(self.draft())
        if not result.saved:
            self.result.value = ui_html.message(result.message, ui_html.Tone.ERROR)
        return result

    def submit(self, _=None) -> None:
        self.autosave.flush()
        draft = self.draft()
        if draft.missing():
            self.result.value = ("<p style='color:#D55E00'><b>Ikke gemt endnu.</b> Udfyld også: "
                                 f"{ui_html.text(', '.join(draft.missing()))}.</p>")
            return
        result = store.save(draft)
        if not result.saved:
            self.result.value = ui_html.message(result.message, ui_html.Tone.ERROR)
            return
        paragraphs = "".join(f"<p>{ui_html.text(p)}</p>" for p in draft.assemble().split("\n\n"))
        self.result.value = (
            "<p style='color:#009E73'><b>Gemt i mine-svar.</b> Du bruger det igen i modul 08."
            "</p><div style='border-left:4px solid #0072B2;padding:0.3em 1em;"
            f"background:#f3f8fc'><p><b>Dit budskab</b> ({ui_html.text(draft.status_text())})"
            f"</p>{paragraphs}</div>")
