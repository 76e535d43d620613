"""Blocking gives the same resolution as comparing every pair (kg.resolve_block).

Small random sets of FICTIONAL records (given names and bodies made from
syllables; family names include romanisation variants such as Lee / Rhee) with
the hard cases: names that recur with and without context, partial names and bare
acronyms, two reports of one event, two spellings in one report, countries,
authorities and the analyst's decisions.  On each, the pairs :class:`PairIndex`
holds are exactly the pairs worth scoring, and :func:`kg.resolve.resolve`
gives the same entities, merges and candidates as the exhaustive algorithm it
replaced (kept below as the reference).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

import pytest

import kg.resolve as resolve_module
from kg.resolve import Candidate, resolve
from kg.resolve_authorities import Authority
from kg.resolve_block import Block, Group, PairIndex, _first_pair, _spanning, block_keys, score
from kg.resolve_decisions import Decision
from kg.resolve_match import Match
from kg.resolve_rules import MERGE_THRESHOLD, REVIEW_THRESHOLD

SEEDS = range(12)
SYLLABLES = ["vel", "kor", "tam", "ris", "ondo", "mar", "zen", "thal", "bri", "quo", "nar", "lis", "dov", "sen"]
FAMILIES = ["Lee", "Rhee", "Pak", "Park", "Vorn", "Taskel", "Mirow", "Ondrak", "Sato", "Satoh"]
TYPES = ["Institute", "Centre", "Foundation", "Forum", "University"]
TOPICS = ["Sea Lanes", "Urban Water", "Cable Security", "Public Health", "Port Resilience"]
PLACES = ["Velkor", "Thalbri", "Quonar", "Risdov", "Japan", "Korea"]


def _word(rng: random.Random, n: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()


def _typo(rng: random.Random, text: str) -> str:
    i = rng.randrange(1, len(text) - 1)
    return text[:i] + text[i + 1:]


def _person_spellings(family: str, given: str) -> list[str]:
    hyphened = f"{given[:3]}-{given[3:].lower()}" if len(given) > 4 else given
    return [f"{given} {family}", f"{family.upper()} {given}", f"{family}, {given}", f"{family} {hyphened}",
            f"Dr. {family}", f"{given[0]}. {family}", f"{family} {given}"]


def synthetic_records(seed: int, count: int = 24) -> list[dict]:
    """Fictional records that recur, vary and collide the way reports do."""
    rng = random.Random(seed)
    orgs = []
    for _ in range(8):
        name = f"{rng.choice(PLACES)} {rng.choice(TYPES)} for {rng.choice(TOPICS)}"
        acronym = "".join(w[0] for w in name.split() if w != "for").upper()
        orgs.append((name, acronym, rng.choice([None, "JP", "KR", "US"]), rng.choice(["think_tank", "government"])))
    people = [(rng.choice(FAMILIES), _word(rng), rng.randrange(len(orgs)), rng.choice([None, "JP", "KR"]))
              for _ in range(14)]
    proposals = [f"{rng.choice(TOPICS)} {rng.choice(['Network', 'Dialogue', 'Compact'])}" for _ in range(5)]
    events = [(f"{_word(rng)} Dialogue", dt.date(2030, 1 + i % 12, 1 + i % 28)) for i in range(count * 2 // 3)]
    records = [_record(rng, f"r{n:03d}.txt", rng.choice(events), orgs, people, proposals) for n in range(count)]
    records[-1]["source"]["file"] = records[0]["source"]["file"]   # one report passed twice, as two events
    return records


def _record(rng, file, event, orgs, people, proposals) -> dict:
    rec = {"schema": "kg-record/1", "source": {"file": file, "published": None},
           "event": {"title": event[0], "kind": "dialogue", "start": event[1], "end": None, "location": None,
                     "organizers": []},
           "sessions": [], "people": [], "organizations": [], "proposals": [], "topics": []}
    named = set()
    for k in rng.sample(range(len(orgs)), 3):
        name, acronym, country, kind = orgs[k]
        shown = rng.choice([name, name, _typo(rng, name), name.replace(" for ", " of ")])
        if shown.casefold() not in named:
            named.add(shown.casefold())
            rec["organizations"].append({"name": shown, "aliases": rng.choice([[acronym], []]),
                                         "kind": kind, "country": rng.choice([country, None])})
    for family, given, org, country in rng.sample(people, 5):
        spellings = _person_spellings(family, given)
        person = {"name": rng.choice(spellings), "affiliations": [], "country": rng.choice([country, None])}
        if rng.random() < 0.7:
            person["affiliations"].append({"org": rng.choice([orgs[org][0], orgs[org][1]]), "title": None})
        rec["people"].append(person)
        if rng.random() < 0.15:  # two spellings in one report
            rec["people"].append({"name": rng.choice(spellings), "affiliations": []})
    speakers = [p["name"] for p in rec["people"]]
    rec["sessions"].append({"number": 1, "title": "One", "speakers": speakers[:2],
                            "chairs": [rng.choice(_person_spellings(*rng.choice(people)[:2]))]})
    for name in rng.sample(proposals, 2):
        acronym = "".join(w[0] for w in name.split()).upper()
        rec["proposals"].append({"name": rng.choice([name, acronym, f"{name} Plan"]),
                                 "aliases": rng.choice([[acronym], []]), "proposed_by": speakers[:1]})
    return rec


def authorities_and_decisions(records: list[dict], seed: int) -> tuple[list[Authority], list[Decision]]:
    """Two fictional authorities per kind of name and a few decisions on names the records use."""
    rng = random.Random(seed)
    org_names = sorted({o["name"] for r in records for o in r["organizations"]})
    person_names = sorted({p["name"] for r in records for p in r["people"]})
    auths = [Authority(n, "org", (), rng.choice(["JP", "KR"])) for n in rng.sample(org_names, 2)]
    auths += [Authority(n, "person") for n in rng.sample(person_names, 2)]
    a, b, c, d = rng.sample(person_names, 4)
    decisions = [Decision("same", "person", a, b, "d.tsv", 1), Decision("different", "person", c, d, "d.tsv", 2)]
    e, f = rng.sample(org_names, 2)
    decisions.append(Decision("different", "org", e, f, "d.tsv", 3))
    return auths, decisions


# --------------------------------------------------------------------------- the reference


def exhaustive_resolve_kind(kind, mentions, decisions, result):
    """The algorithm before kg.resolve_block: every pair that shares a blocking key, scored."""
    clusters = resolve_module._Clusters(len(mentions))
    for x in mentions:
        for y in mentions:
            if x.authority and y.authority and x.id < y.id:
                clusters.forbid(x.id, y.id)
    resolve_module._apply_decisions(kind, mentions, decisions, clusters)
    blocks = defaultdict(list)
    for m in mentions:
        for k in block_keys(kind, m):
            blocks[k].append(m.id)
    pairs = {(i, j) for ids in blocks.values() for i in ids for j in ids if i < j}
    scored = []
    for i, j in sorted(pairs):
        a, b = mentions[i], mentions[j]
        if not (a.authority and b.authority):
            m = score(kind, a, b)
            if m.score >= REVIEW_THRESHOLD:
                scored.append((m, a, b))
    scored.sort(key=lambda t: (-t[0].score, t[1].id, t[2].id))
    unsure, partial_pairs = [], []
    for m, a, b in scored:
        if m.score < MERGE_THRESHOLD:
            unsure.append((m, a, b))
        elif a.partial or b.partial:
            partial_pairs.append((m, a, b))
        elif clusters.find(a.id) != clusters.find(b.id) and clusters.join(a.id, b.id):
            result.merges.append(Candidate(kind, a, b, m.score, m.reasons))
    fits = defaultdict(list)
    for m, a, b in partial_pairs:
        if a.partial and not b.partial:
            fits[a.id].append((m, b))
        elif b.partial and not a.partial:
            fits[b.id].append((m, a))
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
    complete_roots = {clusters.find(m.id) for m in mentions if not m.partial}
    for m, a, b in partial_pairs:
        if a.partial and b.partial:
            ra, rb = clusters.find(a.id), clusters.find(b.id)
            if ra != rb and (ra in complete_roots) + (rb in complete_roots) <= 1 and clusters.join(a.id, b.id):
                result.merges.append(Candidate(kind, a, b, m.score, m.reasons))
                complete_roots = {clusters.find(x) for x in complete_roots}
            elif ra != rb:
                unsure.append((m, a, b))
    best = {}
    for m, a, b in unsure:
        ra, rb = clusters.find(a.id), clusters.find(b.id)
        if ra == rb or not clusters.can_join(a.id, b.id):
            continue
        key = (min(ra, rb), max(ra, rb))
        if key not in best or m.score > best[key].score:
            best[key] = Candidate(kind, a, b, m.score, m.reasons)
    result.candidates.extend(sorted(best.values(), key=lambda c: (-c.score, c.a.name, c.b.name)))
    return clusters


def _summary(res) -> dict:
    ents = sorted((e.kind, e.iri, e.label, tuple(e.names)) for e in res.index.entities)
    lookup = sorted((k, v.iri) for k, v in res.index.lookup.items())
    pairs = [[(c.kind, c.a.id, c.b.id, c.score, c.reasons) for c in cs] for cs in (res.merges, res.candidates)]
    return {"entities": ents, "lookup": lookup, "merges": pairs[0], "candidates": pairs[1]}


# --------------------------------------------------------------------------- the tests


def _expanded(index: PairIndex) -> set:
    out = {(i, j, m) for m, i, j in index.explicit}
    for b in index.blocks:
        out |= {(i, j, m) for m, i, j in index._all_pairs(b, b.a.members, b.b.members)}
    return out


def _random_block(rng: random.Random) -> tuple[Block, list[int], set[tuple[int, int]]]:
    """A block of up to 12 mentions in at most 3 events, and all its pairs (mentions of two events)."""
    n = rng.randrange(2, 13)
    part = [rng.randrange(3) for _ in range(n)]
    ids = rng.sample(range(n), n)
    cut = rng.randrange(1, n)
    a = Group(0, 0, {}, False, False, sorted(ids[:cut]))
    b = a if rng.random() < 0.3 else Group(1, 1, {}, False, False, sorted(ids[cut:]))
    pairs = {(min(x, y), max(x, y)) for x in a.members for y in b.members if x != y and part[x] != part[y]}
    match = Match(0.9, ("test",))
    return Block(a, b, match, match), part, pairs


def test_spanning_pairs_join_like_all_pairs():
    """The lemma behind _spanning: in order, the pairs kept join what all the pairs join, as they do."""
    rng = random.Random(7)
    for _ in range(3000):
        block, part, pairs = _random_block(rng)
        kept = _spanning(block, part)
        assert kept <= pairs
        earlier = rng.sample(range(len(part)), 2)
        joins = []
        for chosen in (kept, pairs):
            clusters = resolve_module._Clusters(len(part))
            clusters.join(*earlier)
            joins.append([(i, j) for i, j in sorted(chosen)
                          if clusters.find(i) != clusters.find(j) and clusters.join(i, j)])
        assert joins[0] == joins[1]


def test_first_pair_is_the_lowest_pair_of_two_events():
    """_first_pair finds the first pair of a block in order without listing the pairs."""
    rng = random.Random(3)
    for _ in range(3000):
        block, part, pairs = _random_block(rng)
        if block.a is block.b:
            continue
        assert _first_pair(block.a.members, block.b.members, part) == min(pairs, default=None)


@pytest.mark.parametrize("seed", SEEDS)
def test_blocks_hold_every_pair_the_exhaustive_comparison_scores(seed):
    """Blocks and explicit pairs, expanded, are exactly the pairs that comparing every two mentions
    with a blocking key in common scores at the review threshold or above (with their scores)."""
    records = synthetic_records(seed)
    auths, _decisions = authorities_and_decisions(records, seed)
    res = resolve(records, authorities=auths, decisions=[])
    for kind, mentions in res.mentions.items():
        exhaustive = set()
        for a in mentions:
            for b in mentions[a.id + 1:]:
                if (block_keys(kind, a) & block_keys(kind, b)) and not (a.authority and b.authority):
                    m = score(kind, a, b)
                    if m.score >= REVIEW_THRESHOLD:
                        exhaustive.add((a.id, b.id, m))
        assert exhaustive, kind
        assert _expanded(PairIndex(kind, mentions)) == exhaustive, kind


@pytest.mark.parametrize("seed", SEEDS)
def test_same_resolution_as_comparing_every_pair(seed, monkeypatch):
    """The same entities, IRIs, merges (with reasons, in order) and candidates as before."""
    records = synthetic_records(seed)
    auths, decisions = authorities_and_decisions(records, seed)
    fast = _summary(resolve(records, authorities=auths, decisions=decisions))
    monkeypatch.setattr(resolve_module, "_resolve_kind", exhaustive_resolve_kind)
    slow = _summary(resolve(records, authorities=auths, decisions=decisions))
    assert fast == slow
    assert fast["merges"] and fast["candidates"]


#: names that difflib finds close one way round and not the other (fictional)
ORDER_DEPENDENT = [("org", "Thalbri Institute for Urban Water", "Tuhalbri Institute o frban Water"),
                   ("person", "VORN Ondokor", "VORN Ondorkr")]


@pytest.mark.parametrize("kind, first, second", ORDER_DEPENDENT)
def test_names_that_match_one_way_round_only(kind, first, second, monkeypatch):
    """Whether such a pair is a candidate depends on which report comes first; as before."""
    found = []
    for a, b in ((first, second), (second, first)):
        records = []
        for file, name in (("a.txt", a), ("b.txt", b), ("c.txt", a)):
            rec = {"schema": "kg-record/1", "source": {"file": file}, "event": {"title": f"Event {file}"},
                   "sessions": [], "people": [], "organizations": [], "proposals": []}
            rec["people" if kind == "person" else "organizations"].append({"name": name})
            records.append(rec)
        with monkeypatch.context() as patch:
            patch.setattr(resolve_module, "_resolve_kind", exhaustive_resolve_kind)
            slow = _summary(resolve(records, authorities=[], decisions=[]))
        fast = _summary(resolve(records, authorities=[], decisions=[]))
        assert fast == slow
        found.append([c[1:3] for c in fast["candidates"]])
    assert found[0] != found[1]


def _random_clusters(n: int, seed: int, forbid: bool) -> resolve_module._Clusters:
    """Entities as earlier steps might leave them: some mentions joined, some pairs forbidden."""
    rng = random.Random(seed)
    clusters = resolve_module._Clusters(n)
    for _ in range(n // 5):
        clusters.join(rng.randrange(n), rng.randrange(n))
    for _ in range(n // 5 if forbid else 0):
        a, b = rng.randrange(n), rng.randrange(n)
        if clusters.find(a) != clusters.find(b):
            clusters.forbid(a, b)
    return clusters


def _join_full(pairs, clusters) -> list:
    return [(i, j) for _m, i, j in pairs if clusters.find(i) != clusters.find(j) and clusters.join(i, j)]


def _join_partial(kind, mentions, pairs, clusters) -> list:
    result = resolve_module.Resolution(resolve_module.EntityIndex())
    resolve_module._join_partial_pairs(kind, mentions, pairs, clusters, result)
    return [(c.a.id, c.b.id) for c in result.merges]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("forbid", [False, True])
def test_kept_pairs_join_like_all_pairs(seed, forbid):
    """Union-find over the pairs PairIndex keeps makes the same merges as over all pairs."""
    res = resolve(synthetic_records(seed), authorities=[], decisions=[])
    for kind, mentions in res.mentions.items():
        index = PairIndex(kind, mentions)
        every = sorted(((m, i, j) for i, j, m in _expanded(index) if m.score >= MERGE_THRESHOLD),
                       key=lambda e: (-e[0].score, e[1], e[2]))
        for partials, join in ((0, _join_full), (2, lambda p, c: _join_partial(kind, mentions, p, c))):
            fast = index.strong(partials, _random_clusters(len(mentions), seed, forbid))
            assert len(fast) <= len(every)
            slow = [e for e in every if mentions[e[1]].partial + mentions[e[2]].partial == partials]
            assert join(fast, _random_clusters(len(mentions), seed, forbid)) == \
                join(slow, _random_clusters(len(mentions), seed, forbid)), (kind, partials)


@pytest.mark.parametrize("seed", SEEDS)
def test_kept_options_fit_like_all_options(seed):
    """Per partial name: the same best option, and the same first option in each entity."""
    res = resolve(synthetic_records(seed), authorities=[], decisions=[])
    for kind, mentions in res.mentions.items():
        index = PairIndex(kind, mentions)
        clusters = _random_clusters(len(mentions), seed, forbid=False)
        every = defaultdict(list)
        for i, j, m in sorted(_expanded(index), key=lambda e: (-e[2].score, e[0], e[1])):
            if m.score >= MERGE_THRESHOLD and mentions[i].partial != mentions[j].partial:
                p, o = (i, j) if mentions[i].partial else (j, i)
                every[p].append((m, o))
        kept = index.options(clusters)
        assert set(kept) == set(every)
        for p, options in every.items():
            first_per_entity, kept_per_entity = {}, {}
            for m, o in options:
                first_per_entity.setdefault(clusters.find(o), (m, o))
            for m, o in kept[p]:
                kept_per_entity.setdefault(clusters.find(o.id), (m, o.id))
            assert (kept[p][0][0], kept[p][0][1].id) == options[0]
            assert kept_per_entity == first_per_entity


def test_work_grows_with_the_mentions_not_with_the_pairs():
    """Four times the records: the pairs worth scoring grow about sixteen times, what
    PairIndex holds (blocks and pairs of one event) and keeps for union-find about four."""
    sizes = []
    for count in (60, 240):
        mentions = resolve(synthetic_records(0, count=count), authorities=[], decisions=[]).mentions["org"]
        index = PairIndex("org", mentions)
        kept = index.strong(0, resolve_module._Clusters(len(mentions)))
        sizes.append((len(_expanded(index)), len(index.blocks) + len(index.explicit), len(kept)))
    pairs, held, kept = (large / small for small, large in zip(*sizes))
    assert pairs > 10 and held < 6 and kept < 8, sizes
