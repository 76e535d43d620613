"""Entity resolution: one person, organisation or idea, one node, across reports.

:func:`resolve` groups the people, organisations and proposals of all records
into entities and says which groupings it was unsure of:

1. every entry of every record is a *mention* (a name with its aliases, its
   report, event, affiliations and country); every entry of
   ``data/authorities.yaml`` is one more mention that anchors its entity;
2. the analyst's decisions (``data/resolution/decisions.tsv``) are applied
   first: ``same`` joins, ``different`` forbids; contradictions are errors;
3. pairs of mentions are scored by :mod:`kg.resolve_match` (name, then
   context; :mod:`kg.resolve_block` finds the pairs worth scoring, each
   distinct name compared once) and joined, best first, when the score reaches
   :data:`~kg.resolve_rules.MERGE_THRESHOLD`.  A mention that gives only part
   of a name ("Amb. Park", a bare acronym) joins only when it fits exactly
   one entity;
4. pairs at or above :data:`~kg.resolve_rules.REVIEW_THRESHOLD` that were
   not joined are the *candidates* ``kg resolve`` lists.

Organisations are resolved first, so that people can use shared
affiliations as evidence, and people before proposals (shared proposers).
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from kg.entities import EntityIndex
from kg.namespaces import DEFAULT_BASE
from kg.record import ROLE_KEYS, paused_gc, person_key
from kg.resolve_authorities import (AUTHORITIES_PATH, Authority, authority_quads,
                                    read_authorities)
from kg.resolve_decisions import Decision, DecisionError, decisions_path, read_decisions
from kg.resolve_block import PairIndex, UnionFind
from kg.resolve_match import Match, countries_in, is_acronym, org_words, parse_person

__all__ = ["resolve_records", "resolve", "record_decision", "data_records", "Resolution", "Candidate",
           "Mention", "DecisionError",
           "authority_quads", "KINDS"]

KINDS = ("org", "person", "proposal")


@dataclass(slots=True)
class Mention:
    """One entry of one record (or of the authorities file): a name and what surrounds it."""

    id: int
    kind: str
    file: str | None
    names: list[str]
    context: dict = field(default_factory=dict)
    authority: Authority | None = None
    partial: bool = False
    parsed: object = None

    @property
    def name(self) -> str:
        return self.names[0]

    @property
    def source(self) -> str:
        return self.file or "authorities"


@dataclass(slots=True)
class Candidate:
    """Two mentions the rules were unsure of (or that fit more than one entity)."""

    kind: str
    a: Mention
    b: Mention
    score: float
    reasons: tuple[str, ...]

    def text(self) -> str:
        return (f"{self.score:.2f}  {self.kind:<8} {self.a.name!r} ({self.a.source})  ~  "
                f"{self.b.name!r} ({self.b.source})\n          " + "; ".join(self.reasons))


@dataclass
class Resolution:
    """The entities, the merges the rules made and the candidates they left to an analyst."""

    index: EntityIndex
    candidates: list[Candidate] = field(default_factory=list)
    merges: list[Candidate] = field(default_factory=list)
    mentions: dict[str, list[Mention]] = field(default_factory=dict)


def resolve_records(records: list[dict], base: str = DEFAULT_BASE, data_dir=None) -> EntityIndex:
    """Group the people, organisations and proposals of all records into entities.

    Reads ``<data_dir>/authorities.yaml`` and ``<data_dir>/resolution/decisions.tsv``
    when ``data_dir`` is given.  Raises :class:`DecisionError` for a bad or
    contradictory decision file.
    """
    return resolve(records, base, data_dir).index


def resolve(records: list[dict], base: str = DEFAULT_BASE, data_dir: str | os.PathLike | None = None,
            decisions: list[Decision] | None = None, authorities: list[Authority] | None = None) -> Resolution:
    """Resolve the entities of ``records``; see the module docstring."""
    if data_dir is not None:
        if authorities is None:
            authorities = read_authorities(Path(data_dir) / AUTHORITIES_PATH)
        if decisions is None:
            decisions = read_decisions(decisions_path(data_dir))
    authorities, decisions = authorities or [], decisions or []
    records = sorted(records, key=lambda r: r["source"]["file"])
    index = EntityIndex(base)
    result = Resolution(index)
    roots: dict[str, dict[int, int]] = {}
    with paused_gc():
        events = [_event_key(rec) for rec in records]
        for kind in KINDS:
            mentions = _mentions(records, events, kind, authorities, roots)
            clusters = _resolve_kind(kind, mentions, [d for d in decisions if d.kind == kind], result)
            result.mentions[kind] = mentions
            roots[f"{kind}_names"], gov = _emit(index, kind, mentions, clusters)
            roots.setdefault("org_gov", gov)
        index.finish()
    return result


# --------------------------------------------------------------------------- mentions


def _event_key(rec: dict) -> str:
    from kg.mapping import event_id

    return event_id(rec)


def _country(value) -> set[str]:
    if not value:
        return set()
    v = str(value).strip()
    if len(v) == 2 and v.isalpha():
        return {v.upper()}
    return countries_in(v.casefold().split()) or {v}


def _mentions(records, events, kind, authorities, roots) -> list[Mention]:
    out: list[Mention] = []

    def add(file, names, context, authority=None, partial=False, parsed=None):
        m = Mention(len(out), kind, file, list(dict.fromkeys(n.strip() for n in names if n and n.strip())),
                    context, authority, partial, parsed)
        out.append(m)
        return m

    for auth in authorities:
        if auth.kind == kind:
            m = add(None, auth.names, {"countries": _country(auth.country)}, auth)
            if kind == "person":
                m.parsed = parse_person(m.name)
    for rec, event in zip(records, events):
        file = rec["source"]["file"]
        base_ctx = {"events": {event}, "files": {file}}
        if kind == "org":
            seen: dict[str, Mention] = {}
            for o in rec.get("organizations") or []:
                m = add(file, [o["name"], *(o.get("aliases") or [])],
                        {**base_ctx, "countries": _country(o.get("country")), "org_kind": o.get("kind")})
                m.partial = all(is_acronym(n) for n in m.names)
                for n in m.names:
                    seen[EntityIndex.key("org", n)] = m
            refs = [a["org"] for p in rec.get("people") or [] for a in p.get("affiliations") or []]
            refs += list((rec.get("event") or {}).get("organizers") or [])
            refs += [rec["source"]["publisher"]] if rec["source"].get("publisher") else []
            for n in refs:
                if EntityIndex.key("org", n) not in seen:
                    seen[EntityIndex.key("org", n)] = add(file, [n], dict(base_ctx), partial=is_acronym(n))
        elif kind == "person":
            org_of = roots.get("org_names", {}).get(file, {})
            names = [(p["name"], p) for p in rec.get("people") or []]
            named = {person_key(n) for n, _p in names}
            extra = [n for s in rec.get("sessions") or [] for key, _r in ROLE_KEYS for n in s.get(key) or []]
            extra += [n for p in rec.get("proposals") or [] for n in p.get("proposed_by") or []]
            for n in extra:
                if person_key(n) not in named:
                    named.add(person_key(n))
                    names.append((n, {"name": n}))
            for n, p in names:
                affs = {org_of[k] for a in p.get("affiliations") or []
                        if (k := EntityIndex.key("org", a["org"])) in org_of}
                countries = _country(p.get("country"))
                for a in p.get("affiliations") or []:
                    k = EntityIndex.key("org", a["org"])
                    if k in org_of and org_of[k] in roots.get("org_gov", {}):
                        countries |= roots["org_gov"][org_of[k]]
                parsed = parse_person(n)
                add(file, [n], {**base_ctx, "affiliations": affs, "countries": countries},
                    partial=not parsed.complete, parsed=parsed)
        else:
            people = roots.get("person_names", {}).get(file, {})
            for p in rec.get("proposals") or []:
                proposers = {people[person_key(n)] for n in p.get("proposed_by") or [] if person_key(n) in people}
                m = add(file, [p["name"], *(p.get("aliases") or [])], {**base_ctx, "people": proposers})
                m.partial = all(is_acronym(n) for n in m.names)
    return out


# --------------------------------------------------------------------------- clustering


class _Clusters(UnionFind):
    """Union-find with cannot-link constraints (the analyst's ``different``)."""

    def __init__(self, n: int):
        super().__init__(n)
        self.cannot: dict[int, set[int]] = defaultdict(set)

    def can_join(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        return not any(self.find(x) == rb for x in self.cannot.get(ra, ())) and not any(
            self.find(x) == ra for x in self.cannot.get(rb, ()))

    def join(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if not self.can_join(a, b):
            return False
        lo, hi = min(ra, rb), max(ra, rb)
        self.parent[hi] = lo
        self.cannot[lo] |= self.cannot.pop(hi, set())
        return True

    def forbid(self, a: int, b: int) -> None:
        self.cannot[self.find(a)].add(b)
        self.cannot[self.find(b)].add(a)


def _name_keys(kind: str, name: str) -> set:
    if kind == "person":
        p = parse_person(name)
        return {person_key(name)} | {("reading", f, g, i) for f, g, i in p.readings}
    return {EntityIndex.key(kind, name)}


def _apply_decisions(kind, mentions, decisions, clusters) -> None:
    if not decisions:
        return
    by_key: dict = defaultdict(set)
    for m in mentions:
        for n in m.names:
            for k in _name_keys(kind, n):
                by_key[k].add(m.id)

    def ids(d: Decision, name: str) -> list[int]:
        found = set().union(*(by_key.get(k, set()) for k in _name_keys(kind, name)))
        if not found:
            raise DecisionError(f"{d.where}: no {kind} named {name!r} in the records or authorities")
        return sorted(found)

    resolved = [(d, ids(d, d.a), ids(d, d.b)) for d in decisions]
    for d, a, b in resolved:
        if d.verdict == "same":
            for x in a + b:
                clusters.join(a[0], x)
    problems = []
    for d, a, b in resolved:
        if d.verdict == "different":
            shared = sorted(set(a) & set(b))
            if shared:
                raise DecisionError(f"{d.where}: {d.a!r} and {d.b!r} are names of one entry of "
                                    f"{mentions[shared[0]].source}; a decision cannot split it")
            if any(clusters.find(x) == clusters.find(y) for x in a for y in b):
                root = clusters.find(a[0])
                chain = [s.where for s, sa, _sb in resolved if s.verdict == "same" and clusters.find(sa[0]) == root]
                problems.append(f"{d.where}: 'different {d.a} / {d.b}' contradicts 'same' at {', '.join(chain)}")
            for x in a:
                for y in b:
                    clusters.forbid(x, y)
    if problems:
        raise DecisionError("contradictory decisions:\n  " + "\n  ".join(problems))


def _resolve_kind(kind, mentions, decisions, result: Resolution) -> _Clusters:
    """Group the mentions of one kind; add the merges and the candidates to ``result``.

    Full names join first, best pair first; then each partial name joins the
    one entity it fits; then partial names join each other.  The candidates
    are the best unsure pair between two entities: below the merge threshold,
    a partial name that fits several entities, partial names not joined.
    """
    clusters = _Clusters(len(mentions))
    for x, y in combinations([m for m in mentions if m.authority], 2):
        clusters.forbid(x.id, y.id)
    _apply_decisions(kind, mentions, decisions, clusters)
    pairs = PairIndex(kind, mentions)
    for m, i, j in pairs.strong(0, clusters):
        if clusters.find(i) != clusters.find(j) and clusters.join(i, j):
            result.merges.append(Candidate(kind, mentions[i], mentions[j], m.score, m.reasons))
    fits = _join_partials(kind, mentions, pairs.options(clusters), clusters, result)
    _join_partial_pairs(kind, mentions, pairs.strong(2, clusters), clusters, result)
    unsure = [(m, mentions[i], mentions[j]) for m, i, j in pairs.unsure(clusters)]
    unsure += fits
    unsure += [(m, mentions[i], mentions[j]) for m, i, j in pairs.unsure(clusters, strong_partials=True)]
    result.candidates.extend(_candidates(kind, unsure, clusters))
    return clusters


def _join_partials(kind, mentions, fits: dict, clusters: _Clusters, result: Resolution) -> list:
    """A partial name joins the one entity it fits; return the options of those that fit several."""
    unsure = []
    for pid, options in sorted(fits.items()):
        p = mentions[pid]
        targets = {clusters.find(o.id) for _m, o in options}
        if targets == {clusters.find(pid)}:
            continue
        if len(targets) == 1 and clusters.join(pid, options[0][1].id):
            result.merges.append(Candidate(kind, p, options[0][1], options[0][0].score, options[0][0].reasons))
        else:
            for m, o in options:
                unsure.append((Match(m.score, (*m.reasons, f"fits {len(targets)} entities"), m.kind), p, o))
    return unsure


def _join_partial_pairs(kind, mentions, pairs, clusters: _Clusters, result: Resolution) -> None:
    """Two partial names join unless both are already in entities with a full name."""
    complete_roots = {clusters.find(m.id) for m in mentions if not m.partial}
    for m, i, j in pairs:
        ra, rb = clusters.find(i), clusters.find(j)
        complete = (ra in complete_roots) + (rb in complete_roots)
        if ra != rb and complete <= 1 and clusters.join(i, j):
            result.merges.append(Candidate(kind, mentions[i], mentions[j], m.score, m.reasons))
            if complete:
                complete_roots -= {ra, rb}
                complete_roots.add(clusters.find(i))


def _candidates(kind, unsure, clusters: _Clusters) -> list[Candidate]:
    """The best unsure pair between each two entities that may still be joined, best first."""
    best: dict[tuple[int, int], Candidate] = {}
    for m, a, b in unsure:
        ra, rb = clusters.find(a.id), clusters.find(b.id)
        if ra == rb or not clusters.can_join(a.id, b.id):
            continue
        key = (min(ra, rb), max(ra, rb))
        if key not in best or m.score > best[key].score:
            best[key] = Candidate(kind, a, b, m.score, m.reasons)
    return sorted(best.values(), key=lambda c: (-c.score, c.a.name, c.b.name))


# --------------------------------------------------------------------------- entities


def _preferred(kind: str, members: list[Mention]) -> str:
    auth = next((m.authority for m in members if m.authority), None)
    if auth:
        return auth.name
    pool = [m for m in members if m.file is not None and not m.partial] or [m for m in members if m.file]
    counts = Counter(m.name for m in pool)

    def rank(name):
        shouty = any(t.isupper() and len(t) > 1 for t in name.split()) if kind == "person" else False
        return (-counts[name], shouty, name)

    return sorted(counts, key=rank)[0]


def _emit(index: EntityIndex, kind: str, mentions: list[Mention], clusters: _Clusters):
    """Add one entity per group; return (report -> name key -> group, government group -> countries)."""
    groups: dict[int, list[Mention]] = defaultdict(list)
    for m in mentions:
        groups[clusters.find(m.id)].append(m)
    names_by_file: dict[str, dict] = defaultdict(dict)
    gov: dict[int, set] = {}
    for root, members in sorted(groups.items()):
        if not any(m.file for m in members):
            continue
        label = _preferred(kind, members)
        auth = next((m.authority for m in members if m.authority), None)
        pairs = [(m.file, n) for m in members if m.file for n in m.names]
        index.add_group(kind, pairs, label=label, authority=auth)
        for m in members:
            if m.file:
                for n in m.names:
                    names_by_file[m.file][EntityIndex.key(kind, n)] = root
        if kind == "org":
            countries = set().union(*(m.context.get("countries", set()) for m in members))
            if any(m.context.get("org_kind") in ("government", "legislature") for m in members):
                for m in members:
                    for n in m.names:
                        countries |= org_words(n)[1]
                gov[root] = countries
    return names_by_file, gov


# --------------------------------------------------------------------------- the analyst's side


def data_records(data_dir: str | os.PathLike) -> list[dict]:
    """The records of a data folder (``<data_dir>/records/*.yaml``)."""
    from kg.record import load_records

    folder = Path(data_dir) / "records"
    if not folder.is_dir():
        raise DecisionError(f"no records folder at {folder}")
    return [rec for _path, rec in load_records(folder)]


def _known(res: Resolution, kind: str, name: str) -> bool:
    keys = _name_keys(kind, name)
    return any(keys & _name_keys(kind, n) for m in res.mentions.get(kind, []) for n in m.names)


def record_decision(data_dir: str | os.PathLike, verdict: str, a: str, b: str, kind: str | None = None,
                    note: str = "", records: list[dict] | None = None) -> Decision:
    """Append a ``same`` / ``different`` decision to ``<data_dir>/resolution/decisions.tsv``.

    Both names must be names of entities of the records (or authorities); the
    kind is inferred when only one kind has both.  A decision that would
    contradict the others is not written (:class:`DecisionError`).
    """
    from kg.resolve_decisions import DECISION_KINDS, append_decision

    records = data_records(data_dir) if records is None else records
    res = resolve(records, data_dir=data_dir)
    kinds = [k for k in KINDS if _known(res, k, a) and _known(res, k, b)]
    if kind is not None:
        kind = DECISION_KINDS.get(kind, kind)
        if kind not in kinds:
            missing = a if not _known(res, kind, a) else b
            raise DecisionError(f"no {kind} named {missing!r} in the records or authorities")
    elif len(kinds) != 1:
        what = "no kind of entity has" if not kinds else f"{' and '.join(kinds)} both have"
        raise DecisionError(f"{what} names {a!r} and {b!r}; say which with --kind")
    else:
        kind = kinds[0]
    path = decisions_path(data_dir)
    before = path.read_text(encoding="utf-8") if path.is_file() else None
    decision = append_decision(path, verdict, kind, a, b, note)
    try:
        resolve(records, data_dir=data_dir)
    except DecisionError:
        if before is None:
            path.unlink()
        else:
            path.write_text(before, encoding="utf-8")
        raise
    return decision
