"""The burnout check widget: one checkbox per sign, a check button and feedback."""

from __future__ import annotations

import ipywidgets as widgets

from digileder.burnout_check import content
from digileder.burnout_check.model import Sign, SignCheck
from digileder.errors import DataError
from digileder.ui import html as ui_html


class CheckView(widgets.VBox):
    """The widget: one checkbox per sign, a check button and feedback."""

    def __init__(self, signs: list[Sign]):
        self.model = SignCheck(signs)
        self.boxes = {
            s.id: widgets.Checkbox(value=False, description=s.text, indent=False,
                                   layout=widgets.Layout(width="95%"))
            for s in signs
        }
        self.button = widgets.Button(description="Tjek mine svar", button_style="primary",
                                     icon="check")
        self.feedback = widgets.HTML()
        self.button.on_click(self.check)
        # Old feedback would describe answers that are no longer ticked.
        for box in self.boxes.values():
            box.observe(lambda change: setattr(self.feedback, "value", ""), names="value")
        super().__init__([
            widgets.HTML("<p><b>Sæt flueben ved de tegn, der er advarselstegn.</b></p>"),
            *self.boxes.values(), self.button, self.feedback,
        ])

    def selected(self) -> set[str]:
        return {sign_id for sign_id, box in self.boxes.items() if box.value}

    def check(self, _=None) -> None:
        self.feedback.value = self.model.feedback_html(self.selected())


def show() -> widgets.Widget:
    """Tjekket: advarselstegn eller trivsel hos en ildsjæl? (modul 05)."""
    try:
        signs = content.load_signs()
    except DataError as err:
        return widgets.HTML(ui_html.message(f"{err} Sig det til din underviser.",
                                            ui_html.Tone.ERROR, "Tjekket kan ikke vises."))
    return CheckView(signs)
