"""Fill the gaps in JupyterLab's Danish language pack with the course's own translations.

The published pack (jupyterlab-language-pack-da-DK) translates only about 60 strings,
so menus such as Run and "Run All Cells" stay English. Module 00 tells participants to
use "Kør > Kør alle celler", so we add Danish text for the menus, dialogs and status
bar a participant meets. Strings the pack already translates are left as they are.

The browser reads the pack's jupyterlab.json; the server translates settings schemas
from jupyterlab.mo, with the context "menu" for main-menu titles, "toolbar" for toolbar
labels and "schema" for the rest. We update both files for all these contexts.
"""

from __future__ import annotations

import importlib.util
import json
from importlib import resources
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo

PACK_MODULE = "jupyterlab_language_pack_da_DK"
CONTEXTS = (None, "schema", "menu", "toolbar")


def course_translations() -> dict[str, str]:
    text = resources.files("digileder").joinpath("locale/jupyterlab-da.json").read_text("utf-8")
    return json.loads(text)


def _pack_messages_dir() -> Path | None:
    spec = importlib.util.find_spec(PACK_MODULE)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "locale" / "da_DK" / "LC_MESSAGES"


def _merge_json(path: Path, translations: dict[str, str]) -> int:
    data = json.loads(path.read_text(encoding="utf-8"))
    added = 0
    for msgid, text in translations.items():
        for key in (f"{c}\x04{msgid}" if c else msgid for c in CONTEXTS):
            if key not in data:
                data[key] = [text]
                added += 1
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return added


def _merge_mo(path: Path, translations: dict[str, str]) -> None:
    with path.open("rb") as handle:
        catalog = read_mo(handle)
    merged = Catalog(locale="da_DK", domain="jupyterlab")
    merged.mime_headers = catalog.mime_headers
    for message in catalog:
        if message.id:
            merged.add(message.id, message.string, context=message.context)
    for msgid, text in translations.items():
        for context in CONTEXTS:
            if merged.get(msgid, context=context) is None:
                merged.add(msgid, text, context=context)
    with path.open("wb") as handle:
        write_mo(handle, merged)


def install() -> Path | None:
    """Add the course's Danish strings to the installed language pack (idempotent)."""
    folder = _pack_messages_dir()
    if folder is None or not (folder / "jupyterlab.json").is_file():
        return None
    translations = course_translations()
    _merge_json(folder / "jupyterlab.json", translations)
    if (folder / "jupyterlab.mo").is_file():
        _merge_mo(folder / "jupyterlab.mo", translations)
    return folder
