"""Entity resolution across records (placeholder: exact names; see issue 4)."""

from __future__ import annotations

from kg.entities import EntityIndex, index_records
from kg.namespaces import DEFAULT_BASE

__all__ = ["resolve_records"]


def resolve_records(records: list[dict], base: str = DEFAULT_BASE, data_dir=None) -> EntityIndex:
    """Group the people, organisations and proposals of all records into entities."""
    return index_records(records, base)
