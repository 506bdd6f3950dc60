"""Make an HTML page that shows participants' work safe to open: no scripts, no event
handlers, nothing loaded from the internet.

nbconvert does not sanitise by default, and its own sanitiser (HTMLExporter.sanitize_html,
the SanitizeHTML preprocessor, both bleach allow-lists) would strip the course's inline SVG
charts, and the course's feedback template renders answer cells without it. So the finished
page is rewritten here with a real HTML parser instead: every element and text is kept
except <script>, frames, objects and forms; every on...= attribute and javascript: address
is dropped; an image or style sheet from the internet is replaced by a Danish note.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

DROP_WITH_CONTENT = {"script", "iframe", "object", "embed", "frame", "frameset", "applet",
                     "noscript", "template"}
DROP_TAG_ONLY = {"form", "base", "meta-refresh"}
URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "data", "poster",
                  "srcset", "background", "lowsrc", "dynsrc"}
REMOTE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
SCRIPT_URL = re.compile(r"^\s*(?:javascript|vbscript|data:text/html)", re.IGNORECASE)
REMOVED_IMAGE = "[Et billede fra internettet er fjernet: feedback virker uden internet.]"
VOID = {"area", "br", "col", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr"}


class _Cleaner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.removed: list[str] = []
        self.skipping: str | None = None

    def _attrs(self, tag: str, attrs) -> str | None:
        kept = []
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.removed.append(f"{name}= på <{tag}>")
                continue
            if name in URL_ATTRIBUTES and SCRIPT_URL.match(value):
                self.removed.append(f"{name}=\"{value[:30]}\" på <{tag}>")
                continue
            if name in URL_ATTRIBUTES and REMOTE.match(value):
                return None  # the element would load from the internet
            kept.append(f' {name}="{html.escape(value, quote=True)}"')
        return "".join(kept)

    def handle_starttag(self, tag, attrs, self_closing=False):
        if self.skipping:
            return
        if tag in DROP_WITH_CONTENT:
            self.removed.append(f"<{tag}>")
            if tag not in VOID and not self_closing:
                self.skipping = tag
            return
        if tag in DROP_TAG_ONLY or (tag == "meta" and any(
                n == "http-equiv" for n, _ in attrs)):
            self.removed.append(f"<{tag}>")
            return
        kept = self._attrs(tag, attrs)
        if kept is None:
            self.removed.append(f"<{tag}> fra internettet")
            if tag == "img":
                self.out.append(f"<em>{REMOVED_IMAGE}</em>")
            return
        self.out.append(f"<{tag}{kept}{' /' if self_closing else ''}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs, self_closing=True)

    def handle_endtag(self, tag):
        if self.skipping:
            if tag == self.skipping:
                self.skipping = None
            return
        if tag in DROP_WITH_CONTENT or tag in DROP_TAG_ONLY:
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.skipping:
            self.out.append(data)

    def handle_entityref(self, name):
        if not self.skipping:
            self.out.append(f"&{name};")

    def handle_charref(self, name):
        if not self.skipping:
            self.out.append(f"&#{name};")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def handle_comment(self, data):
        if not self.skipping:
            self.out.append(f"<!--{data}-->")  # inert; the export marks its files with one

    def unknown_decl(self, data):
        pass


def sanitize(text: str) -> tuple[str, list[str]]:
    """TEXT without scripts, event handlers and remote loads; and what was removed."""
    cleaner = _Cleaner()
    cleaner.feed(text)
    cleaner.close()
    return "".join(cleaner.out), cleaner.removed
