"""Extraction: report text -> ``kg-record/1`` event record.

The public names are imported lazily so that ``import kg.extract`` does no work.

>>> from kg.extract import extract_text
>>> extract_text("", "empty.txt")["schema"]
'kg-record/1'
"""

from __future__ import annotations

__all__ = ["ExtractOptions", "ExtractionError", "extract_text", "extract_report", "extract_folder",
           "load_report"]

_WHERE = {"ExtractOptions": "core", "extract_text": "core", "extract_report": "core",
          "ExtractionError": "load", "load_report": "load", "extract_folder": "folder"}


def __getattr__(name):
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(name)
