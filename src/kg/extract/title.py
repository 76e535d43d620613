"""The event's title and kind, read from a report's header.

The title is the first heading-like line of the header (a long first line too, with its
"【Event Report】" label and trailing dashes dropped), else a quoted event name in the
opening sentences.

Examples
--------
>>> from kg.extract.segment import segment
>>> doc = segment("【Event Report】Fictional River Dialogue – Water and Trust –\\n\\nIt met.")
>>> clean_title(find_title(doc)[0])
'Fictional River Dialogue – Water and Trust'
>>> event_kind("Fictional River Dialogue", doc)
'dialogue'
"""

from __future__ import annotations

import re

from . import rules
from .dates import find_dates
from .segment import Document

__all__ = ["find_title", "clean_title", "event_kind"]


def find_title(doc: Document) -> tuple[str, int]:
    """Title of the report and the index of its block (-1 when none)."""
    header = [b for b in doc.blocks[:10] if not doc.sessions or b.index < doc.sessions[0].first]
    cands = []
    for b in header:
        t = b.text.strip()
        long_head = rules.TITLE_PREFIX.match(t) or (len(t.split()) <= 40 and not re.search(r"[.!?。]$", t))
        if not (b.heading or long_head and b.index == header[0].index) or rules.SKIP_TITLE_LINES.match(t) \
                or find_dates(t) and len(t.split()) <= 6:
            continue
        if len(t.split()) < 2:
            continue
        cands.append(b)
    for b in cands:
        if re.fullmatch(r"\s*[“\"].+[”\"]\s*", b.text):
            return b.text.strip().strip("“”\""), b.index
    for b in cands:
        if rules.TITLE_PREFIX.match(b.text):
            return b.text, b.index
    if cands:
        return cands[0].text, cands[0].index
    for b in doc.blocks[:5]:   # a quoted event name in the opening sentences
        m = _QUOTED_EVENT.search(b.text)
        if m:
            return m.group(1), -1
    return "", -1


_QUOTED_EVENT = re.compile(r"[“\"]([^”\"]{5,150}\b(?i:" + "|".join(
    w for ws in rules.EVENT_KINDS_WORDS.values() for w in ws) + r")\b[^”\"]{0,80})[”\"]")


def clean_title(title: str) -> str:
    title = rules.TITLE_PREFIX.sub("", title).strip()
    title = re.sub(r"\s*[–—-]+\s*$", "", title).strip()
    title = re.sub(r"^[■□●◆◇▶▷#*\s]+", "", title)
    return title.strip("“”\"")


#: Each kind's words as whole-word patterns (looked for only in texts holding the word).
_KIND_WORDS = tuple((kind, tuple((w, re.compile(r"\b" + re.escape(w) + r"\b")) for w in words))
                    for kind, words in rules.EVENT_KINDS_WORDS.items())


def event_kind(title: str, doc: Document) -> str:
    def first_kind(t: str) -> str | None:
        low = t.lower()
        best = None
        for kind, words in _KIND_WORDS:
            for w, pat in words:
                m = pat.search(low) if w in low else None
                if m and (best is None or m.start() > best[0]):
                    best = (m.start(), kind)
        return best[1] if best else None

    k = first_kind(title)
    if k:
        return k
    for b in doc.blocks[:12]:
        if b.heading and (k := first_kind(b.text)):
            return k
    counts: dict[str, int] = {}
    sample = doc.text[:20000].lower()
    for kind, words in _KIND_WORDS:
        counts[kind] = sum(len(pat.findall(sample)) for w, pat in words if w in sample)
    best = max(counts, key=counts.get)
    return best if counts[best] else "other"
