"""Dates and date ranges as reports write them.

Examples
--------
>>> [(h.start_date.isoformat(), h.end_date and h.end_date.isoformat()) for h in find_dates("On October 15, 2025, ...")]
[('2025-10-15', None)]
>>> [str(h.end_date) for h in find_dates("held 15-16 November 2024")]
['2024-11-16']
>>> [str(h.end_date) for h in find_dates("2024.03.08.(Fri) - 03.09.(Sat)")]
['2024-03-09']
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import rules
from .cues import CuePattern

__all__ = ["DateHit", "find_dates"]

#: Every date pattern has a day (``\d``): text with no digit has no date.
_DIGIT = re.compile(r"\d")
_PATTERNS = tuple(CuePattern(p) for p in rules.DATE_PATTERNS)
_YEARLESS_PATTERNS = tuple(CuePattern(p) for p in rules.YEARLESS_DATE_PATTERNS)


@dataclass
class DateHit:
    """A date (or range) found at ``start:end`` of the searched text."""

    start: int
    end: int
    start_date: dt.date
    end_date: dt.date | None
    yearless: bool = False


def _month(value: str | None) -> int | None:
    if value is None:
        return None
    if value.isdigit():
        return int(value)
    return rules.MONTHS.get(value.lower().rstrip("."), rules.MONTHS.get(value.lower()[:3]))


def _date(y, m, d) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except (TypeError, ValueError):
        return None


def find_dates(text: str, year: int | None = None) -> list[DateHit]:
    """Every date or date range in ``text``, in order, without overlaps.

    With ``year`` (the report's year), dates written without one ("on 12 October") are read too,
    in that year, and marked ``yearless``.

    >>> [(str(h.start_date), h.yearless) for h in find_dates("last Friday, May 17, and on 2 June 2023", 2024)]
    [('2024-05-17', True), ('2023-06-02', False)]
    """
    hits: list[DateHit] = []
    if not _DIGIT.search(text):
        return hits
    taken: list[tuple[int, int]] = []
    patterns = [(p, False) for p in _PATTERNS]
    if year is not None:
        patterns += [(p, True) for p in _YEARLESS_PATTERNS]
    anchors: dict = {}      # where dates may start in text, found once for all the patterns
    for pat, yearless in patterns:
        for m in pat.finditer(text, 0, anchors):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            g = dict(m.groupdict())
            if yearless:
                g["y"] = year
            month = _month(g.get("m"))
            start = _date(g["y"], month, g["d"])
            if start is None:
                continue
            end = None
            if g.get("d2"):
                y2 = g.get("y2") or g["y"]
                m2 = _month(g.get("m2")) or month
                end = _date(y2, m2, g["d2"])
                if end is not None and end <= start:
                    end = None
            taken.append((m.start(), m.end()))
            hits.append(DateHit(m.start(), m.end(), start, end, yearless))
    hits.sort(key=lambda h: h.start)
    return hits
