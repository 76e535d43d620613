"""Entities across records: which names in which report are one person, organisation or idea.

The mapping asks an :class:`EntityIndex` for the IRI of every name it meets,
with the report it meets it in, because a name only means something in its
report ("API" is the Asia Pacific Initiative in one report, something else in
another).  :func:`index_records` builds the exact-name index (same normalised
name or alias, same entity); :mod:`kg.resolve` builds a richer one.

>>> rec = {"source": {"file": "a.txt"}, "people": [{"name": "Ken Jimbo"}],
...        "organizations": [{"name": "Asia Pacific Initiative", "aliases": ["API"]}],
...        "proposals": []}
>>> idx = index_records([rec])
>>> idx.org("a.txt", "API").iri
'https://example.org/kg/org/asia-pacific-initiative'
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from kg.namespaces import DEFAULT_BASE
from kg.record import name_key, person_key

__all__ = ["Entity", "EntityIndex", "index_records", "slug", "KINDS"]

#: entity kind -> IRI path segment
KINDS = {"person": "person", "org": "org", "proposal": "proposal"}


def slug(text: str, limit: int = 80) -> str:
    """A readable, IRI-safe path segment.

    >>> slug("Japan–Korea Real-Time Information Sharing Network (SIREN)")
    'japan-korea-real-time-information-sharing-network-siren'
    >>> slug("Kōnan Policy Forum")
    'konan-policy-forum'
    """
    s = unicodedata.normalize("NFKD", str(text)).casefold()
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[^\w]+", "-", s).strip("-_")
    if len(s) > limit:
        cut = s[:limit]
        s = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return s or "x"


@dataclass
class Entity:
    """One person, organisation or proposal, with every name seen for it."""

    kind: str
    iri: str
    label: str
    names: list[str] = field(default_factory=list)
    #: the entry of ``data/authorities.yaml`` this entity is anchored to, if any
    authority: object | None = None


class EntityIndex:
    """Names in reports -> entities.

    ``lookup[(kind, report file, key)]`` gives the entity, where ``key`` is the
    normalised name (order-insensitive for people).
    """

    def __init__(self, base: str = DEFAULT_BASE):
        self.base = base
        self.entities: list[Entity] = []
        self.lookup: dict[tuple[str, str, object], Entity] = {}

    @staticmethod
    def key(kind: str, name: str):
        return person_key(name) if kind == "person" else _entity_key(name)

    def get(self, kind: str, file: str, name: str) -> Entity:
        try:
            return self.lookup[(kind, file, self.key(kind, name))]
        except KeyError:
            raise KeyError(f"{file}: no {kind} named {name!r} in the index") from None

    def person(self, file: str, name: str) -> Entity:
        return self.get("person", file, name)

    def org(self, file: str, name: str) -> Entity:
        return self.get("org", file, name)

    def proposal(self, file: str, name: str) -> Entity:
        return self.get("proposal", file, name)

    def add_group(self, kind: str, mentions: list[tuple[str, str]], label: str | None = None,
                  iri: str | None = None, authority: object | None = None) -> Entity:
        """Make one entity of ``(file, name)`` mentions; IRIs stay unique and deterministic."""
        names = _ordered_names(name for _f, name in mentions)
        label = label or names[0]
        if iri is None:
            iri = f"{self.base}{KINDS[kind]}/{slug(label)}"
        ent = Entity(kind, iri, label, names if label in names else [label, *names], authority)
        self.entities.append(ent)
        for file, name in mentions:
            self.lookup[(kind, file, self.key(kind, name))] = ent
        return ent

    def finish(self) -> EntityIndex:
        """Make IRIs unique: a second entity with the same slug gets ``-2``, and so on."""
        taken: Counter = Counter()
        for ent in sorted(self.entities, key=lambda e: (e.kind, e.iri, e.label, e.names)):
            taken[ent.iri] += 1
            if taken[ent.iri] > 1:
                ent.iri = f"{ent.iri}-{taken[ent.iri]}"
        return self


def _entity_key(name: str) -> str:
    k = name_key(name)
    return k[4:] if k.startswith("the ") else k


def _ordered_names(names) -> list[str]:
    """Distinct names, most frequent first, then alphabetically (deterministic)."""
    counts = Counter(n.strip() for n in names if n and n.strip())
    return [n for n, _c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


class _Groups:
    """Union-find over keys, remembering the mentions of each key."""

    def __init__(self):
        self.parent: dict = {}
        self.mentions: dict = {}
        self.preferred: dict = {}

    def find(self, k):
        self.parent.setdefault(k, k)
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted([ra, rb], key=repr)
            self.parent[hi] = lo

    def add(self, keys: list, mentions: list[tuple[str, str]], preferred: str):
        for k in keys:
            self.find(k)
            self.union(keys[0], k)
            self.mentions.setdefault(k, []).extend(mentions)
        self.preferred.setdefault(keys[0], []).append(preferred)

    def groups(self):
        out: dict = {}
        for k in sorted(self.parent, key=repr):
            r = self.find(k)
            g = out.setdefault(r, {"mentions": [], "preferred": []})
            g["mentions"].extend(self.mentions.get(k, []))
            g["preferred"].extend(self.preferred.get(k, []))
        return list(out.values())


def index_records(records: list[dict], base: str = DEFAULT_BASE) -> EntityIndex:
    """The exact-name index: entities that share a normalised name or alias are one.

    A person is keyed by the multiset of their name parts ("Chung Mong-Joon"
    == "Mong-Joon Chung"); an organisation or proposal by any of its names or
    aliases, within a report and across reports.
    """
    index = EntityIndex(base)
    for kind in ("person", "org", "proposal"):
        groups = _Groups()
        for rec in records:
            file = rec["source"]["file"]
            for name, aliases, extra in _mentions(rec, kind):
                keys = [("k", index.key(kind, n)) for n in [name, *aliases, *extra]]
                mentions = [(file, n) for n in [name, *aliases, *extra]]
                groups.add(keys, mentions, name)
        for g in groups.groups():
            label = _ordered_names(g["preferred"])[0] if g["preferred"] else None
            index.add_group(kind, g["mentions"], label=label)
    return index.finish()


def _mentions(rec: dict, kind: str):
    """(name, aliases, other spellings) of every entity of a kind named in a record."""
    if kind == "person":
        seen = []
        for p in rec.get("people", []):
            seen.append((p["name"], [], []))
        return seen
    if kind == "org":
        out = [(o["name"], list(o.get("aliases") or []), []) for o in rec.get("organizations", [])]
        return out
    return [(p["name"], list(p.get("aliases") or []), []) for p in rec.get("proposals", [])]
