"""The event's dates, organisers, venue and location, read from a segmented report."""

from __future__ import annotations

import re

from . import rules
from .cues import CuePattern
from .dates import find_dates
from .names import find_mentions
from .orgs import find_orgs
from .segment import Span
from .state import LABEL as _LABEL
from .state import State as _State
from .state import ev as _ev

__all__ = ["MEMBER_CUE", "event_dates", "event_organizers"]

# ---------------------------------------------------------------------------
# event: title, kind, dates, location, organisers
# ---------------------------------------------------------------------------


def event_dates(st: _State, title_index: int):
    """(published, start, end, evidence span) of the report."""
    doc = st.doc
    published = start = end = None
    ev = None
    for b in doc.blocks[:12]:
        hits = find_dates(b.text)
        if not hits:
            continue
        h = hits[0]
        alone = len(b.text) - (h.end - h.start) < 12
        before = b.text[:h.start]
        if rules.PUBLISHED_CUES.search(before) or (alone and not h.end_date and
                                                   (title_index < 0 or b.index < title_index)
                                                   and published is None):
            published = published or h.start_date
            continue
        if alone and start is None:
            start, end, ev = h.start_date, h.end_date, b.sentences[0]
    year = _report_year(st, published)
    for b in doc.blocks:
        if doc.sessions and b.index >= doc.sessions[0].first and start is not None:
            break
        for s in b.sentences:
            for h in _dates(s.text, year, published):
                if rules.PUBLISHED_CUES.search(s.text[:h.start]) or h.start_date == published:
                    continue
                if rules.EVENT_DATE_CUES.search(s.text[:h.start]):
                    return published, h.start_date, h.end_date, s
    if start is None:
        for b in doc.blocks:
            for s in b.sentences:
                hits = [h for h in _dates(s.text, year, published)
                        if not rules.PUBLISHED_CUES.search(s.text[:h.start])]
                if hits and hits[0].start_date != published:
                    return published, hits[0].start_date, hits[0].end_date, s
    return published, start, end, ev


def _report_year(st: _State, published) -> int | None:
    """The year that dates written without one belong to: the publication year, else the year of
    the first full date in the report."""
    if published is not None:
        return published.year
    hit = next(iter(find_dates(st.text[:20000])), None)
    return hit.start_date.year if hit else None


def _dates(text: str, year: int | None, published):
    """Dates of a sentence; a yearless date after the publication date is of the year before."""
    out = []
    for h in find_dates(text, year):
        if h.yearless and published is not None and h.start_date > published:
            try:
                h.start_date = h.start_date.replace(year=h.start_date.year - 1)
                h.end_date = h.end_date and h.end_date.replace(year=h.end_date.year - 1)
            except ValueError:
                continue
        out.append(h)
    return out


_EVENT_WORD = re.compile(r"\b(?:event|meeting|programme|program|" + "|".join(
    w for ws in rules.EVENT_KINDS_WORDS.values() for w in ws) + r")s?\b", re.I)
_ORG_CUE = CuePattern.phrases(rules.ORGANIZER_CUES)
MEMBER_CUE = CuePattern.phrases(rules.MEMBER_FROM_CUES)
_BY = CuePattern(re.compile(r"\b(?:organi[sz]ed|hosted)\s+by\b"))


def _organizer_sentence(text: str, in_header: bool) -> bool:
    """A sentence that may name organisers: one with an organiser cue, and after the header (from the
    first session on) "organized/hosted by" and an event word too (looked for first: they are rarer)."""
    if not in_header and not (_BY.search(text) and _EVENT_WORD.search(text)):
        return False
    return _ORG_CUE.search(text) is not None


def event_organizers(st: _State, event_ev: Span | None):
    """Organisers (with evidence), the venue, and the location of the event."""
    doc = st.doc
    organizers: dict[str, dict] = {}
    venue = location = None
    limit = doc.sessions[0].first if doc.sessions else len(doc.blocks)
    for b in doc.blocks:
        for s in b.sentences:
            if not _organizer_sentence(s.text, b.index < limit):
                continue
            mentions = find_mentions(s.text, frozenset())
            in_person = [(m.end, m.context_end) for m in mentions]
            for hit in find_orgs(s.text, st.orgs):
                before = s.text[:hit.start]
                if any(a <= hit.start < z for a, z in in_person):
                    continue
                if re.search(r"\bat\s+(?:the\s+)?$", before):
                    venue = venue or hit.name
                    after = s.text[hit.end:]
                    cm = re.match(r"\s+in\s+([A-Z][\w-]+(?:,?\s+[A-Z][\w-]+)?)", after)
                    location = location or (f"{hit.name}, {cm.group(1)}" if cm else hit.name)
                    st.kept_orgs.setdefault(hit.name, _ev(s))
                    continue
                if re.search(r"\b(?:experts?|researchers?|journalists?|from)\s+$", before):
                    continue
                organizers.setdefault(hit.name, _ev(s))
                st.kept_orgs.setdefault(hit.name, _ev(s))
    for b in doc.blocks[:limit]:   # header lines: "Organisers: X and Y", "Venue: Hall, City"
        lm = _LABEL.match(b.text)
        label = lm.group("label").strip().lower() if lm else ""
        if label in rules.ORGANIZER_LABELS:
            for hit in find_orgs(lm.group("rest"), st.orgs):
                organizers.setdefault(hit.name, _ev(b))
                st.kept_orgs.setdefault(hit.name, _ev(b))
        elif label in rules.VENUE_LABELS:
            rest = lm.group("rest").strip()
            hits = find_orgs(rest, st.orgs)
            first = re.match(r"[^,(;]*", rest).group().strip()  # "" when the venue opens with "(" or ","
            if hits and hits[0].start == 0:
                venue = venue or hits[0].name
            elif len(first.split()) >= 2 and all(w[:1].isupper() for w in first.split()):
                venue = venue or st.orgs.add(first)
            if venue:
                st.kept_orgs.setdefault(venue, _ev(b))
            location = location or rest
    if location is None:
        for b in doc.blocks[:10]:
            m = re.fullmatch(r"\s*([A-Z][\w-]+(?:\s[A-Z][\w-]+)?),\s*([A-Z][\w. ]+?)\s*", b.text)
            if m and m.group(2).lower() in rules.COUNTRIES:
                location = m.group(1)
                break
    return organizers, venue, location


