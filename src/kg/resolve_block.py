"""Which pairs of mentions entity resolution must look at, without looking at every pair.

At scale names recur: an institute is named in hundreds of reports, a speaker
in dozens.  Scoring every pair of mentions that share a blocking key is then
quadratic.  :class:`PairIndex` gives :mod:`kg.resolve` the same answers from
far fewer pairs:

* **names**: mentions named alike (the same names and aliases; for people the
  same readings of the name) are compared once, and only names that share a
  blocking key (:func:`block_keys`) and can match at all (same family name,
  same type of body, a shared name or acronym...) are compared;
* **groups**: mentions named alike whose context also agrees (affiliations,
  countries) score the same against any mention of another group, except a
  mention of the same event or report, so a pair of groups is a *block* with
  one score; pairs within one event are scored one by one
  (:attr:`PairIndex.explicit`);
* **few pairs per block for union-find**: in a block of mergeable pairs, a
  mention keeps its pairs with the first mentions of two other events of the
  other group (:func:`_spanning`); every other pair would only join mentions
  that earlier pairs have joined, so union-find ends the same and reports the
  same merges.  Where a group is one entity already when a block's score
  comes, fewer still are kept (:meth:`PairIndex._kept`).  Where the analyst's
  ``different`` or the authorities forbid merges, the argument does not hold,
  and every pair of the mentions concerned is kept;
* **one pair per two entities for candidates**: of the pairs of a block that
  only make candidates, the first between each two entities is kept (a later
  one has the same score and would not be listed).

The tests (``tests/test_resolve_block.py``) check all of this against the
exhaustive algorithm on random fictional records.  Pairs are ``(Match, i, j)``
with mention ids ``i < j``, the Match scored in that order, as :func:`score`
gives it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations, islice

from kg import resolve_rules as R
from kg.entities import EntityIndex
from kg.resolve_match import (NO_MATCH, Match, acronym_key, family_group, is_acronym, name_parts, org_match,
                              org_order_may_matter, org_words, person_match, person_order_may_matter,
                              proposal_match, proposal_words, ratio_may_reach, romanised, with_context)

__all__ = ["PairIndex", "UnionFind", "block_keys", "name_match", "score"]


# --------------------------------------------------------------------------- one pair


def block_keys(kind: str, m) -> set:
    """The blocking keys of a mention: two mentions are compared only when they share one."""
    if kind == "person":
        return {family_group(f) for f, _g, _i in m.parsed.readings}
    keys = set()
    for n in m.names:
        keys.add(EntityIndex.key(kind, n))
        if is_acronym(n):
            keys.add("".join(c for c in n.casefold() if c.isalnum()))
            continue
        keys |= {"".join(c for c in w.casefold() if c.isalnum()) for w in n.split() if is_acronym(w)}
        if kind == "org":
            distinctive, _c, head, initials = org_words(n)
            keys |= set(distinctive) | set(initials) | ({head} if not distinctive and head else set())
        else:
            keys |= set(proposal_words(n)[0])
    return keys


def name_match(kind: str, a, b) -> Match:
    """How alike the names of two mentions are, before context."""
    if kind == "person":
        return person_match(a.parsed, b.parsed)
    if kind == "org":
        return org_match(a.names, b.names)
    return proposal_match(a.names, b.names)


def order_may_matter(kind: str, a, b) -> bool:
    """Can the names of ``a`` and ``b`` match one way round and not the other?"""
    if kind == "person":
        return person_order_may_matter(a.parsed, b.parsed)
    if kind == "org":
        return org_order_may_matter(a.names, b.names)
    return False


def score(kind: str, a, b, names: Match | None = None) -> Match:
    """The score of two mentions: their names (``names`` when already known), then their context."""
    m = with_context(names or name_match(kind, a, b), a.context, b.context)
    if (a.file is not None and a.file == b.file and not a.partial and not b.partial
            and m.score >= R.MERGE_THRESHOLD):
        m = Match(R.MERGE_THRESHOLD - 0.01, (*m.reasons, "but one report lists them apart"), m.kind)
    return m


# --------------------------------------------------------------------------- groups and blocks


@dataclass(slots=True)
class Group:
    """Mentions named alike, with the same context apart from their event."""

    index: int
    name: int            # index of the distinct name (signature)
    context: dict        # the affiliations and countries all members share
    partial: bool
    authority: bool
    members: list[int]   # mention ids, ascending


@dataclass(slots=True)
class Block:
    """Every pair of a mention of ``a`` and one of ``b`` (two of ``a`` when ``a is b``) not of one event.

    ``ab`` is the score of such a pair when its lower id is in ``a``, ``ba`` when it is in ``b``.
    """

    a: Group
    b: Group
    ab: Match
    ba: Match

    @property
    def score(self) -> float:
        """The score of every pair of the block (blocks whose two orders disagree are not kept as blocks)."""
        return self.ab.score

    def match(self, i: int, group_of: list[int]) -> Match:
        """The score of a pair of the block whose lower id is ``i``."""
        return self.ab if group_of[i] == self.a.index else self.ba


def _signature(kind: str, m) -> tuple:
    """What the name comparison of a mention depends on."""
    return (m.parsed.readings if kind == "person" else tuple(m.names), m.partial)


def _class(m) -> tuple:
    """What the context score of a mention depends on, apart from its event."""
    ctx = m.context
    return frozenset(ctx.get("affiliations", ())), frozenset(ctx.get("countries", ()))


def _parts(mentions: list) -> list:
    """The *part* of each mention: its event, together with any other event of its report file.

    Context scores two mentions of one part differently (same event, or one
    report that lists them apart); any two mentions of different parts score
    as their groups do.  A record has one event and one file (the file is
    unique unless records are passed twice); an authority is a part of its own.
    """
    parent: dict = {}

    def find(k):
        while parent.setdefault(k, k) != k:
            k = parent[k]
        return k

    for m in mentions:
        if m.file is not None:
            (event,) = m.context["events"]
            a, b = find(("event", event)), find(("file", m.file))
            if a != b:
                parent[a] = b
    return [find(("file", m.file)) if m.file is not None else ("authority", m.id) for m in mentions]


def _name_pairs(kind: str, reps: list) -> dict[tuple[int, int], tuple[Match, Match]]:
    """``(s, t) -> (match s~t, match t~s)`` for the distinct names ``s <= t`` that share a
    blocking key and whose names match at all.

    Names are compared in both orders where a score can depend on it.
    """
    keys = [frozenset(block_keys(kind, m)) for m in reps]
    finder = {"person": _person_candidates, "org": _org_candidates}.get(kind, _shared_key_pairs)
    rank = [0] * len(reps)   # pairs of alike names one after the other: the caches of resolve_match hit
    for r, s in enumerate(sorted(range(len(reps)), key=lambda s: reps[s].names)):
        rank[s] = r
    out = {}
    for s, t in sorted(finder(reps, keys), key=lambda st: (rank[st[0]], rank[st[1]])):
        if keys[s] & keys[t]:
            st = name_match(kind, reps[s], reps[t])
            if s == t:
                ts = st
            elif st.score > 0 or order_may_matter(kind, reps[s], reps[t]):
                ts = name_match(kind, reps[t], reps[s])
            else:
                ts = NO_MATCH
            if st.score > 0 or ts.score > 0:
                out[(s, t)] = (st, ts)
    return out


def _pairs_of(lists) -> set[tuple[int, int]]:
    """Every ``(s, t)``, ``s <= t``, of two members of one list (a member with itself too)."""
    out = set()
    for names in lists:
        names = sorted(set(names))
        for i, s in enumerate(names):
            out.update((s, t) for t in names[i:])
    return out


def _shared_key_pairs(reps, keys) -> set[tuple[int, int]]:
    """Names that share a blocking key."""
    by_key: dict = defaultdict(list)
    for s, ks in enumerate(keys):
        for k in ks:
            by_key[k].append(s)
    return _pairs_of(by_key.values())


def _person_candidates(reps, keys) -> set[tuple[int, int]]:
    """Names that can match: the same family name with a partial name on one side or close given
    names, or family names of one group (Lee / Rhee) with given names alike after romanisation.

    These are all the cases in which :func:`~kg.resolve_match.person_match` is above zero.
    """
    by_family: dict[str, list[tuple[int, str]]] = defaultdict(list)
    by_romanised: dict[tuple[str, str], list[int]] = defaultdict(list)
    for s, m in enumerate(reps):
        for family, given, _initials in m.parsed.readings:
            by_family[family].append((s, given))
            if given:
                by_romanised[(family_group(family), romanised(given))].append(s)
    out = _pairs_of(by_romanised.values())
    close: dict[tuple[str, str], bool] = {}   # given names recur under many family names
    for entries in by_family.values():
        out |= _close_given(entries, close)
    return out


def _close_given(entries: list[tuple[int, str]], close: dict) -> set[tuple[int, int]]:
    """Pairs of readings of one family name that are partial or whose given names may be close.

    ``close`` remembers, for two given names, whether they may be close.
    """
    out = set()
    for p in [s for s, g in entries if not g]:
        out.update((min(p, s), max(p, s)) for s, _g in entries)
    names: dict[str, list[int]] = defaultdict(list)
    for s, g in entries:
        if g:
            names[g].append(s)
    given = sorted(names, key=lambda g: (len(g), g))
    for i, g in enumerate(given):
        out |= _pairs_of([names[g]])
        for h in given[i + 1:]:
            if 2.0 * len(g) / (len(g) + len(h)) < R.FUZZY_RATIO:
                break   # longer ones are further off
            if (g, h) not in close:
                close[(g, h)] = ratio_may_reach(g, h, R.FUZZY_RATIO)
            if close[(g, h)]:
                out.update((min(s, t), max(s, t)) for s in names[g] for t in names[h])
    return out


def _org_candidates(reps, keys) -> set[tuple[int, int]]:
    """Organisations that can match: a name or an acronym in common, a bare acronym that is a
    word, an initialism or an acronym of the other, or full names of one type (same head word)
    that share a blocking key.  These are all the cases in which
    :func:`~kg.resolve_match.org_match` is above zero.
    """
    shared: dict = defaultdict(list)
    bare: dict[str, list[int]] = defaultdict(list)
    spelt: dict[str, list[int]] = defaultdict(list)
    for s, m in enumerate(reps):
        full, full_keys, acronyms = name_parts(tuple(m.names))
        for k in full_keys:
            shared[("name", k)].append(s)
        for k in acronyms:
            shared[("acronym", k)].append(s)
            (spelt if full else bare)[k].append(s)
        for n in full:
            _distinctive, _countries, head, initials = org_words(n)
            for k in keys[s]:
                shared[("type", head, k)].append(s)
            for k in {*initials, *(acronym_key(w) for w in n.split())}:
                spelt[k].append(s)
    out = _pairs_of(shared.values())
    for k, acronyms in bare.items():
        out.update((min(s, t), max(s, t)) for s in acronyms for t in spelt.get(k, ()))
    return out


class PairIndex:
    """The pairs of mentions of one kind worth scoring, held as blocks and explicit pairs."""

    def __init__(self, kind: str, mentions: list):
        self.kind = kind
        self.mentions = mentions
        self.part = _parts(mentions)
        self.group_of: list[int] = []
        reps = self._make_groups()
        names = _name_pairs(kind, reps)
        self.blocks: list[Block] = []
        #: pairs scored one by one (one part, or a block whose score depends on the order)
        self.explicit: list[tuple[Match, int, int]] = []
        self._make_blocks(names)
        self._same_part_pairs(names)
        #: group -> the score of two of its members (when it may merge them)
        self._own_score = {b.a.index: b.score for b in self.blocks
                           if b.a is b.b and b.score >= R.MERGE_THRESHOLD}

    # ------------------------------------------------------------------ building

    def _make_groups(self) -> list:
        """Group the mentions; return one mention of each distinct name (signature)."""
        sig_of: dict[tuple, int] = {}
        reps = []
        groups: dict[tuple, Group] = {}
        for m in self.mentions:
            sig = sig_of.setdefault(_signature(self.kind, m), len(sig_of))
            if sig == len(reps):
                reps.append(m)
            key = (sig, _class(m), m.id if m.authority else None)
            if key not in groups:
                aff, countries = key[1]
                groups[key] = Group(len(groups), sig, {"affiliations": aff, "countries": countries},
                                    m.partial, m.authority is not None, [])
            groups[key].members.append(m.id)
            self.group_of.append(groups[key].index)
        self.groups = list(groups.values())
        return reps

    def _make_blocks(self, names) -> None:
        """A block for each two groups whose names match; scored both ways round."""
        by_name: dict[int, list[Group]] = defaultdict(list)
        for g in self.groups:
            by_name[g.name].append(g)
        for (s, t), (st, ts) in names.items():
            for ga in by_name[s]:
                for gb in by_name[t]:
                    if (s == t and gb.index < ga.index) or (ga.authority and gb.authority):
                        continue
                    ab = with_context(st, ga.context, gb.context)
                    ba = ab if ga is gb else with_context(ts, gb.context, ga.context)
                    if max(ab.score, ba.score) < R.REVIEW_THRESHOLD:
                        continue
                    block = Block(ga, gb, ab, ba)
                    if ab.score == ba.score:
                        self.blocks.append(block)
                    else:
                        self.explicit.extend(self._all_pairs(block, ga.members, gb.members))

    def _same_part_pairs(self, names) -> None:
        """Score the pairs of mentions of one part (one event or report: blocks leave them out)."""
        by_part: dict = defaultdict(list)
        for m in self.mentions:
            if m.authority is None:
                by_part[self.part[m.id]].append(m)
        group_name = [g.name for g in self.groups]
        for ms in by_part.values():
            for a, b in combinations(ms, 2):
                s, t = group_name[self.group_of[a.id]], group_name[self.group_of[b.id]]
                pair = names.get((min(s, t), max(s, t)))
                if pair is None:
                    continue
                m = score(self.kind, a, b, pair[0] if s <= t else pair[1])
                if m.score >= R.REVIEW_THRESHOLD:
                    self.explicit.append((m, a.id, b.id))

    def _all_pairs(self, block: Block, xs, ys):
        """Every pair of the block between mentions ``xs`` of ``a`` and ``ys`` of ``b``, scored."""
        part = self.part
        if block.a is block.b:
            pairs = [(x, y) for x, y in combinations(sorted(set(xs) | set(ys)), 2) if part[x] != part[y]]
        else:
            pairs = [(min(x, y), max(x, y)) for x in xs for y in ys if part[x] != part[y]]
        out = []
        for i, j in pairs:
            m = block.match(i, self.group_of)
            if m.score >= R.REVIEW_THRESHOLD:
                out.append((m, i, j))
        return out

    # ------------------------------------------------------------------ what resolve asks

    def _partial_groups(self, block: Block) -> int:
        """How many of the block's two groups are partial names (0, 1 or 2)."""
        return block.a.partial + block.b.partial

    def _partial_mentions(self, i: int, j: int) -> int:
        """How many of two mentions are partial names (0, 1 or 2)."""
        return self.mentions[i].partial + self.mentions[j].partial

    def strong(self, partials: int, clusters) -> list[tuple[Match, int, int]]:
        """The pairs at or above the merge threshold with ``partials`` partial names (0 or 2), sorted.

        A pair left out joins nothing the pairs kept have not joined already
        (unless forbidden merges are involved: there every pair is kept).
        """
        edges = {(i, j): m for m, i, j in self.explicit
                 if m.score >= R.MERGE_THRESHOLD and self._partial_mentions(i, j) == partials}
        blocks = [b for b in self.blocks if b.score >= R.MERGE_THRESHOLD and self._partial_groups(b) == partials]
        for b in blocks:
            for i, j in self._kept(b, partials):
                edges.setdefault((i, j), b.match(i, self.group_of))
        forbidden = self._forbidden_components(edges, clusters)
        if forbidden:
            for b in blocks:
                for m, i, j in self._pairs_within(b, forbidden):
                    edges.setdefault((i, j), m)
        return [(m, i, j) for _s, i, j, m in sorted((-m.score, i, j, m) for (i, j), m in edges.items())]

    def _kept(self, b: Block, partials: int):
        """The pairs of a block union-find needs (see :func:`_spanning`).

        When the members of one group are already one entity before pairs of
        this score come (full names, joined by their own higher-scored pairs),
        a mention of the other group only needs its first pair with it; when
        both are, the first pair of the block decides.
        """
        if partials == 0 and b.a is not b.b:
            settled = [g for g in (b.a, b.b) if self._settled(g, b.score)]
            if len(settled) == 2:
                pair = _first_pair(b.a.members, b.b.members, self.part)
                return [pair] if pair else []
            if settled:
                other = b.b if settled[0] is b.a else b.a
                firsts = _firsts(settled[0].members, self.part, 2)
                pairs = ((x, _partner(x, firsts, self.part)) for x in other.members)
                return [(min(x, y), max(x, y)) for x, y in pairs if y is not None]
        return _spanning(b, self.part)

    def _settled(self, g: Group, score: float) -> bool:
        """Do the pairs within group ``g`` join all its members before pairs scored ``score``?"""
        if len(g.members) == 1:
            return True
        own = self._own_score.get(g.index)
        return own is not None and own > score and len(_firsts(g.members, self.part, 2)) == 2

    def _forbidden_components(self, edges, clusters) -> dict[int, int]:
        """Mention id -> component, for the mentions of components that hold a forbidden pair.

        Components are those of the entities as they are, joined by the pairs
        that may join them (``edges``); only within one can a merge be refused.
        """
        if not any(clusters.cannot.values()):
            return {}
        comp = UnionFind(len(self.mentions))
        for i, j in edges:
            comp.union(clusters.find(i), clusters.find(j))

        def component(x: int) -> int:
            return comp.find(clusters.find(x))

        bad = {component(root) for root, others in clusters.cannot.items()
               if any(component(x) == component(root) for x in others)}
        if not bad:
            return {}
        return {m.id: c for m in self.mentions if (c := component(m.id)) in bad}

    def _pairs_within(self, block: Block, component: dict[int, int]):
        """Every pair of the block whose mentions are in one of the given components."""
        xs = [x for x in block.a.members if x in component]
        ys = [y for y in block.b.members if y in component]
        for m, i, j in self._all_pairs(block, xs, ys):
            if component[i] == component[j]:
                yield m, i, j

    def options(self, clusters) -> dict[int, list[tuple[Match, object]]]:
        """For each partial mention, the mergeable full mentions it fits, best first.

        Of the options in one current entity only the first is kept: the rest
        would not change which entities the partial name fits, nor be listed.
        """
        out: dict[int, list] = defaultdict(list)
        for m, i, j in self.explicit:
            if m.score >= R.MERGE_THRESHOLD and self._partial_mentions(i, j) == 1:
                p, o = (i, j) if self.mentions[i].partial else (j, i)
                out[p].append((m, i, j, o))
        members = _Members(self, clusters)
        for b in self.blocks:
            if b.score < R.MERGE_THRESHOLD or self._partial_groups(b) != 1:
                continue
            partial, full = (b.a, b.b) if b.a.partial else (b.b, b.a)
            for firsts in members.firsts(full):
                for p in partial.members:
                    o = _partner(p, firsts, self.part)
                    if o is not None:
                        i, j = min(p, o), max(p, o)
                        out[p].append((b.match(i, self.group_of), i, j, o))
        mentions = self.mentions
        return {p: [(m, mentions[o]) for m, _i, _j, o in sorted(opts, key=lambda e: (-e[0].score, e[1], e[2]))]
                for p, opts in out.items()}

    def unsure(self, clusters, strong_partials: bool = False) -> list[tuple[Match, int, int]]:
        """The first pair between each two entities, per block, sorted.

        Pairs below the merge threshold, or (``strong_partials``) pairs of two
        partial names at or above it.
        """
        def wanted(score: float, partials: int) -> bool:
            if strong_partials:
                return score >= R.MERGE_THRESHOLD and partials == 2
            return score < R.MERGE_THRESHOLD

        out = [(m, i, j) for m, i, j in self.explicit if wanted(m.score, self._partial_mentions(i, j))]
        members = _Members(self, clusters)
        for b in self.blocks:
            if not wanted(b.score, self._partial_groups(b)):
                continue
            for xs, ys in members.entity_pairs(b):
                pair = _first_pair(xs, ys, self.part)
                if pair:
                    out.append((b.match(pair[0], self.group_of), *pair))
        out.sort(key=lambda e: (-e[0].score, e[1], e[2]))
        return out


# --------------------------------------------------------------------------- helpers


class UnionFind:
    """Union-find over 0..n-1 (path halving; the smaller root becomes the parent)."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


class _Members:
    """The members of each group split by the entity (cluster) they are in now."""

    def __init__(self, index: PairIndex, clusters):
        self.index = index
        self.clusters = clusters
        self._split: dict[int, list[list[int]]] = {}

    def split(self, g: Group) -> list[list[int]]:
        if g.index not in self._split:
            by_root: dict[int, list[int]] = defaultdict(list)
            for x in g.members:
                by_root[self.clusters.find(x)].append(x)
            self._split[g.index] = list(by_root.values())
        return self._split[g.index]

    def firsts(self, g: Group) -> list[list[int]]:
        """Per entity, its first members of the first two events."""
        return [_firsts(xs, self.index.part, 2) for xs in self.split(g)]

    def entity_pairs(self, b: Block):
        """(members in one entity, members in another) for every two entities of a block."""
        if b.a is b.b:
            return combinations(self.split(b.a), 2)
        return ((xs, ys) for xs in self.split(b.a) for ys in self.split(b.b)
                if self.clusters.find(xs[0]) != self.clusters.find(ys[0]))


def _firsts(members: list[int], part: list, n: int) -> list[int]:
    """The first member of each of the first ``n`` events among ``members`` (ascending)."""
    out, seen = [], set()
    for x in members:
        if part[x] not in seen:
            seen.add(part[x])
            out.append(x)
            if len(out) == n:
                break
    return out


def _partner(x: int, firsts: list[int], part: list) -> int | None:
    """The first of ``firsts`` (see :func:`_firsts`) not of the event of ``x``: its first pair with them."""
    return next((y for y in firsts if part[y] != part[x]), None)


def _spanning(b: Block, part: list) -> set[tuple[int, int]]:
    """Pairs of a block enough for union-find: each mention with the first mentions of two
    other events of the other group (of one other event, within one group).

    Why the other pairs are not needed: take a pair ``(i, j)`` left out, ``i``
    in ``a`` and ``j`` in ``b``.  Both have kept pairs with earlier mentions
    ``b' < j`` of ``b`` and ``a' < i`` of ``a``, and among the two events each
    offers there is a choice with ``a'``, ``b'`` of different events.  Then
    ``i-b'``, ``b'-a'`` and ``a'-j`` are pairs of the block, each sorted before
    ``(i, j)`` (same score, lower ids), so ``i`` and ``j`` are joined before
    ``(i, j)`` comes: by induction over the pairs in order, through kept pairs.
    Within one group, ``b'`` and ``a'`` can be its first mention and the
    first of another event, so one event is enough.
    """
    out: set[tuple[int, int]] = set()
    if b.a is b.b:
        sides, partners = [(b.a.members, b.a.members)], 1
    else:
        sides, partners = [(b.a.members, b.b.members), (b.b.members, b.a.members)], 2
    for xs, ys in sides:
        firsts = _firsts(ys, part, partners + 1)
        for x in xs:
            for y in [y for y in firsts if part[y] != part[x]][:partners]:
                out.add((min(x, y), max(x, y)))
    return out


def _first_pair(xs: list[int], ys: list[int], part: list) -> tuple[int, int] | None:
    """The first pair ``(i, j)``, ``i < j``, of one of ``xs`` and one of ``ys`` (both ascending) in two events."""
    i = j = 0
    while i < len(xs) or j < len(ys):
        if j == len(ys) or (i < len(xs) and xs[i] < ys[j]):
            low, others, start = xs[i], ys, j
            i += 1
        else:
            low, others, start = ys[j], xs, i
            j += 1
        for high in islice(others, start, None):
            if part[high] != part[low]:
                return low, high
    return None
