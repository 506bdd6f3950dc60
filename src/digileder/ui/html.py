"""All HTML shown to a participant is built here, and every piece of text is escaped.

Views pass plain text (which may come from a participant or a YAML file) and get HTML back:

    tag("p", tag("b", "Gemt"), " i mine-svar.", cls="status")   # -> Markup
    join(tag("li", line) for line in lines)

A plain `str` child or attribute value is always escaped; only `Markup` (what these helpers
return) goes in as it is. So a `<script>` typed into a box is shown, never run.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from html import escape

from digileder.palette import ERROR_TEXT, OK_TEXT


class Markup(str):
    """HTML built by this module (safe to insert as it is). Plain `str` is text."""

    __slots__ = ()


class Tone(Enum):
    """How a message looks: colour-blind safe colours from the course palette."""

    OK = OK_TEXT
    ERROR = ERROR_TEXT
    INFO = "#0072B2"
    MUTED = "#555555"


Child = str | int | float | Markup | None


def text(value: object) -> Markup:
    """Plain text as safe HTML (quotes escaped too, so it may go into attributes)."""
    return value if isinstance(value, Markup) else Markup(escape(str(value), quote=True))


def join(parts: Iterable[Child], separator: Child = "") -> Markup:
    """PARTS (text is escaped, Markup kept) as one piece of HTML; None and "" are left out."""
    return Markup(text(separator).join(text(p) for p in parts if p is not None and p != ""))


def _attribute(key: str, value: object) -> str:
    name = "class" if key in ("cls", "class_") else key.rstrip("_").replace("_", "-")
    return f" {name}" if value is True else f' {name}="{text(value)}"'


VOID = {"br", "hr", "img", "input", "meta", "link", "col", "wbr"}


def tag(name: str, /, *children: Child, **attributes: object) -> Markup:
    """<name attr="…">children</name>. Text children and every attribute value are escaped;
    Markup children go in as they are. `cls=` is the class; `aria_label=` is aria-label; an
    attribute that is None or False is left out, True is written bare (`open`)."""
    attrs = "".join(_attribute(k, v) for k, v in attributes.items()
                    if v is not None and v is not False)
    if name in VOID:
        return Markup(f"<{name}{attrs}>")
    return Markup(f"<{name}{attrs}>{join(children)}</{name}>")


def raw(trusted: str) -> Markup:
    """HTML that the course's own code made (an SVG chart, a constant snippet) – never text
    from a participant or a course file."""
    return Markup(trusted)


def message(body: str, tone: Tone = Tone.INFO, title: str = "") -> Markup:
    """A short paragraph in the tone's colour: optional bold title, then the text (escaped)."""
    lead = (tag("b", title), " ") if title else ()
    return tag("p", *lead, body, style=f"color:{tone.value}")


def bullet_list(items: Iterable[Child], tone: Tone = Tone.ERROR, title: str = "") -> Markup:
    """A titled list of items (text, or Markup such as a link), e.g. what is missing."""
    return tag("div", tag("b", title) if title else None,
               tag("ul", *(tag("li", item) for item in items)), style=f"color:{tone.value}")


def course_file_problem(err: Exception, title: str) -> Markup:
    """A course file the teacher must fix (a ContentError lists every problem): what cannot
    be shown, each problem on its own line, and whom to tell."""
    problems = getattr(err, "problems", None) or [str(err)]
    return bullet_list(problems, Tone.ERROR, f"{title} Sig det til din underviser:")


def paragraphs(body: str) -> Markup:
    """Text with blank lines between paragraphs as <p> elements."""
    return join(tag("p", part) for part in body.split("\n\n") if part.strip())
