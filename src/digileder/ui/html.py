"""All HTML shown to a participant is built here, and every piece of text is escaped.

Views pass plain text (which may come from a participant or a YAML file) and get HTML back;
only these helpers write tags, so a `<script>` typed into a box is shown, never run.
"""

from __future__ import annotations

from enum import Enum
from html import escape


class Tone(Enum):
    """How a message looks: colour-blind safe colours from the course palette."""

    OK = "#009E73"
    ERROR = "#D55E00"
    INFO = "#0072B2"
    MUTED = "#555555"


def text(value: object) -> str:
    """Plain text as safe HTML (quotes escaped too, so it may go into attributes)."""
    return escape(str(value), quote=True)


def tag(name: str, content: str = "", **attributes: str) -> str:
    """<name attr="...">content</name>; CONTENT must already be HTML (use text() for text)."""
    attrs = "".join(f' {key.rstrip("_")}="{text(value)}"' for key, value in attributes.items())
    return f"<{name}{attrs}>{content}</{name}>"


def message(body: str, tone: Tone = Tone.INFO, title: str = "") -> str:
    """A short paragraph in the tone's colour: optional bold title, then the text (escaped)."""
    lead = tag("b", text(title)) + " " if title else ""
    return tag("p", lead + text(body), style=f"color:{tone.value}")


def bullet_list(items: list[str], tone: Tone = Tone.ERROR, title: str = "") -> str:
    """A titled list of plain-text items (e.g. what is missing before a save)."""
    lead = tag("b", text(title)) if title else ""
    rows = "".join(tag("li", text(item)) for item in items)
    return tag("div", lead + tag("ul", rows), style=f"color:{tone.value}")


def paragraphs(body: str) -> str:
    """Text with blank lines between paragraphs as <p> elements."""
    return "".join(tag("p", text(part)) for part in body.split("\n\n") if part.strip())
