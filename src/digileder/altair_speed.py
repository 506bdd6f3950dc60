"""One fix for altair's speed where a participant waits for a redrawn chart (issue 18).

altair 6 builds a table of the hashes of all ~570 Vega-Lite schema classes on every
`from_dict()`, that is for every channel given as a string or a value (x="lo:Q",
alt.value(...)): ~6 ms each, 25-30 ms of the 40 ms it takes to build the explorer's chart.
The classes do not change while a kernel runs, so the table is built once per set of classes.
If altair's internals change, nothing is patched and altair works as it ships.
"""

from __future__ import annotations

from altair.utils import schemapi

_TABLES: dict[tuple, dict] = {}


def build_class_table_once() -> bool:
    """Make altair reuse its schema-hash table; True if it is (now) patched."""
    converter = getattr(schemapi, "_FromDict", None)
    build = getattr(converter, "__init__", None)
    if build is None or not hasattr(converter, "hash_schema"):
        return False
    if getattr(build, "_digileder_once", False):
        return True

    def __init__(self, wrapper_classes, /) -> None:
        classes = tuple(wrapper_classes)
        if classes not in _TABLES:
            build(self, classes)
            _TABLES[classes] = self.class_dict
        self.class_dict = _TABLES[classes]  # from_dict() only looks classes up

    __init__._digileder_once = True
    converter.__init__ = __init__
    return True
