"""Text the course writes in colour reaches 4.5:1 against white and the course's light boxes
(WCAG 2.1 AA, 1.4.3). The Okabe-Ito vermillion, green and ochre of the charts are 3.4-3.9:1:
right for bars and lines (1.4.11 asks 3:1), too light for a message such as "Ikke gemt"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from digileder import palette
from digileder.ui.html import Tone

SRC = Path(__file__).resolve().parents[1] / "src" / "digileder"
# White and the course's light boxes (consequence, situation, ending, the "Ikke gemt" box).
BACKGROUNDS = ["#ffffff", "#f3f8fc", "#fafafa", "#fff7e6", "#fbe6dc"]
# A CSS text colour (not background-color, border-color, ...) written into a view.
TEXT_COLOUR = re.compile(r"(?<![-\w])color\s*[:=]\s*[\"']?\s*(#[0-9a-fA-F]{6})")


def contrast(foreground: str, background: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
                   for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_check_can_fail():
    assert contrast("#D55E00", "#ffffff") < 4.5 < contrast("#000000", "#ffffff")


@pytest.mark.parametrize("colour", [palette.ERROR_TEXT, palette.OK_TEXT, palette.WARN_TEXT])
def test_message_colours_reach_4_5_to_1(colour):
    assert min(contrast(colour, bg) for bg in BACKGROUNDS) >= 4.5, colour


@pytest.mark.parametrize("tone", list(Tone))
def test_every_tone_of_a_message_reaches_4_5_to_1_on_white(tone):
    assert contrast(tone.value, "#ffffff") >= 4.5, tone


def test_no_view_writes_text_in_a_colour_below_4_5_to_1():
    light = []
    for path in sorted(SRC.rglob("*")):
        if path.suffix not in (".py", ".js", ".css", ".j2") or "bundle" in path.name:
            continue
        text = path.read_text(encoding="utf-8")
        for match in TEXT_COLOUR.finditer(text):
            if contrast(match.group(1), "#ffffff") < 4.5:
                line = text.count("\n", 0, match.start()) + 1
                light.append(f"{path.relative_to(SRC)}:{line}: {match.group(0)}")
    assert not light, "\n".join(light)
