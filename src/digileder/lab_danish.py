"""Fill the gaps in JupyterLab's Danish language pack with the course's own translations.

The published pack (jupyterlab-language-pack-da-DK) translates only about 60 strings,
so menus such as Run and "Run All Cells" stay English. Module 00 tells participants to
use "Kør > Kør alle celler", so we add Danish text for the menus, dialogs and status
bar a participant meets. Strings the pack already translates are left as they are.

The browser reads the pack's jupyterlab.json; the server translates settings schemas
from jupyterlab.mo, with the context "menu" for main-menu titles, "toolbar" for toolbar
labels and "schema" for the rest. We update both files for all these contexts.

A label Lab builds with a count (`_n("Run Selected Cell", "Run Selected Cells", n)`) is
only translated when its entry has both forms, so the course file gives those as a list
[singular, plural]; such an entry replaces a one-form entry (which Lab would skip).
One file per translation domain: locale/<domain>-da.json.
"""

from __future__ import annotations

import importlib.util
import io
import json
from importlib import resources
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo

from digileder.teacher.atomic import write_bytes

PACK_MODULE = "jupyterlab_language_pack_da_DK"
CONTEXTS = (None, "schema", "menu", "toolbar")
# jupyterlab: Lab itself; jupyterlab_widgets: the ipywidgets manager (its Settings item).
DOMAINS = ("jupyterlab", "jupyterlab_widgets")


def course_translations(domain: str = "jupyterlab") -> dict[str, str | list[str]]:
    text = resources.files("digileder").joinpath(f"locale/{domain}-da.json").read_text("utf-8")
    return json.loads(text)


def _pack_messages_dir() -> Path | None:
    spec = importlib.util.find_spec(PACK_MODULE)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "locale" / "da_DK" / "LC_MESSAGES"


def _merge_json(path: Path, translations: dict[str, str | list[str]]) -> int:
    data = json.loads(path.read_text(encoding="utf-8"))
    added = 0
    for msgid, text in translations.items():
        forms = text if isinstance(text, list) else [text]
        for key in (f"{c}\x04{msgid}" if c else msgid for c in CONTEXTS):
            plural_missing = len(forms) > 1 and len(data.get(key, [])) < 2
            if key not in data or plural_missing:
                data[key] = forms
                added += 1
    _write_atomic(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    return added


def _write_atomic(path: Path, content: bytes) -> None:
    """A failed write leaves the old file and no temporary file; readable by all, like the
    rest of the installed language pack."""
    write_bytes(path, content, mode=0o644)


def _merge_mo(path: Path, translations: dict[str, str | list[str]]) -> None:
    with path.open("rb") as handle:
        catalog = read_mo(handle)
    merged = Catalog(locale="da_DK", domain="jupyterlab")
    merged.mime_headers = catalog.mime_headers
    for message in catalog:
        if message.id:
            merged.add(message.id, message.string, context=message.context)
    for msgid, text in translations.items():
        if isinstance(text, list):  # counted labels are built in the browser only
            continue
        for context in CONTEXTS:
            if merged.get(msgid, context=context) is None:
                merged.add(msgid, text, context=context)
    buffer = io.BytesIO()
    write_mo(buffer, merged)
    _write_atomic(path, buffer.getvalue())


def install() -> Path | None:
    """Add the course's Danish strings to the installed language pack (idempotent)."""
    folder = _pack_messages_dir()
    if folder is None or not (folder / "jupyterlab.json").is_file():
        return None
    for domain in DOMAINS:
        translations = course_translations(domain)
        if (folder / f"{domain}.json").is_file():
            _merge_json(folder / f"{domain}.json", translations)
        if (folder / f"{domain}.mo").is_file():
            _merge_mo(folder / f"{domain}.mo", translations)
    return folder
