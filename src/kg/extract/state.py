"""Shared extraction state: the people found so far, the organisation registry, roles.

Used by :mod:`.core` (people and roles) and :mod:`.event` (dates and organisers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.record import person_key

from .orgs import OrgRegistry
from .segment import Document, Span

__all__ = ["LABEL", "Person", "State", "ev", "person", "resolve_single"]

#: A "Label: rest" line (programme labels, header fields).
LABEL = re.compile(r"^\s*(?:[-–•*·▪●◦]\s+)?(?P<label>[A-Za-z][A-Za-z &-]{1,30}?(?:\s+\d{1,2})?)\s*[:：]\s*(?P<rest>\S.*)$", re.S)


@dataclass
class Person:
    name: str
    evidence: dict
    participant: bool = False
    affiliations: list = field(default_factory=list)   # (org, title, evidence)
    last_seen: int = 0


@dataclass
class State:
    text: str
    doc: Document
    opts: object                                         # ExtractOptions
    orgs: OrgRegistry = field(default_factory=OrgRegistry)
    people: dict = field(default_factory=dict)          # person_key -> Person
    kept_orgs: dict = field(default_factory=dict)       # canonical -> evidence
    roles: dict = field(default_factory=dict)           # id(session) -> {role: {key: evidence}}
    proposals: list = field(default_factory=list)
    counter: int = 0
    block_orgs: list = field(default_factory=list)      # per block: OrgHit with offsets into text
    prose_sessions: list = field(default_factory=list)  # sessions opened in prose (no heading)
    by_word: dict = field(default_factory=dict)         # word of a name -> the people with it, in order


def ev(span: Span) -> dict:
    return {"text": span.text, "start": span.start, "end": span.end}


def person(st: State, name: str, span: Span) -> Person:
    key = person_key(name)
    p = st.people.get(key)
    if p is None:
        p = st.people[key] = Person(name, ev(span))
        for word in dict.fromkeys(name.split()):
            st.by_word.setdefault(word, []).append(p)
    st.counter += 1
    p.last_seen = st.counter
    return p


def resolve_single(st: State, word: str) -> Person | None:
    """A known person whose name has this word (the most recently seen one)."""
    cands = [p for p in st.by_word.get(word, ()) if p.participant]
    return max(cands, key=lambda p: p.last_seen) if cands else None

