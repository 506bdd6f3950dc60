"""Course content in datasets/: one safe YAML reader and declared schemas.

    from digileder.content import Field, Record, load_records
    signs = load_records(path, "signs", SIGN)   # -> list[dict]; ContentError lists every problem

Every problem is reported at once, in Danish, with the file and the line. Imports nothing
heavy (no pandas, ipywidgets or altair).
"""

from digileder.content.reader import ContentError, Document, read_yaml
from digileder.content.schema import Field, Record, load_document, load_records, read_mapping

__all__ = ["ContentError", "Document", "Field", "Record", "load_document", "load_records",
           "read_mapping", "read_yaml"]
