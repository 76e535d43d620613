"""Match a predicted record against its gold record, relation by relation.

The rules are the reference scorer's (``tests/fixtures/reference_score.py``):

- persons match when their name parts are the same multiset;
- organisations and proposals match when any name or alias matches; two
  proposal names also match when their content words overlap by half or more
  (Jaccard), or all content words (at least two) of the shorter are in the
  longer;
- entity-valued tuples are matched one to one (maximum bipartite matching);
- sessions are identified by number, else by title, else (unless strict) by
  pairing an unmatched session with the unmatched gold session sharing most
  people, where one of the two has no number.

Examples
--------
>>> max_matching([1, 2], [2, 3], lambda p, g: p == g)
1
>>> proposal_overlap(frozenset({"japan korea alliance"}), frozenset({"korea japan alliance"}))
True
"""

from __future__ import annotations

import sys

from kg.evaluate_read import ScoredRecord

__all__ = ["RELATIONS", "max_matching", "proposal_overlap", "similar_names", "session_ids",
           "score_pair"]

#: The relations scored, in report order.
RELATIONS = [
    "person",
    "organization",
    "affiliation",
    "organizer",
    "session_role",
    "proposal",
    "proposed_by",
    "event_date",
]

_STOP = {"a", "an", "the", "of", "for", "and", "to", "on", "in", "with", "between", "new", "concept"}


def max_matching(preds, golds, compatible) -> int:
    """Size of a maximum one-to-one matching between two lists (Kuhn's algorithm)."""
    adj = [[j for j, g in enumerate(golds) if compatible(p, g)] for p in preds]
    match_g = [-1] * len(golds)

    def try_assign(i, seen):
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if match_g[j] == -1 or try_assign(match_g[j], seen):
                match_g[j] = i
                return True
        return False

    needed = 4 * (len(preds) + len(golds)) + 100
    if sys.getrecursionlimit() < needed:
        sys.setrecursionlimit(needed)
    return sum(1 for i in range(len(preds)) if try_assign(i, set()))


def _overlap(a, b) -> bool:
    return not a.isdisjoint(b)


def _words(key):
    return {w for w in key.split() if w not in _STOP}


def similar_names(a: str, b: str) -> bool:
    """Whether two normalised proposal names mostly share their content words.

    >>> similar_names("icebreaking lng carriers", "co building icebreaking lng carriers for alaska")
    True
    """
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return a == b
    small, large = sorted((wa, wb), key=len)
    if len(small) >= 2 and small <= large:
        return True
    return len(wa & wb) / len(wa | wb) >= 0.5


def proposal_overlap(a, b) -> bool:
    """Whether two proposals (sets of name keys) match."""
    return _overlap(a, b) or any(similar_names(x, y) for x in a for y in b)


def session_ids(gold: ScoredRecord, pred: ScoredRecord, loose: bool = True):
    """Identify each session: gold ones by index, predicted ones by a gold index or ``("pred", i)``.

    1. by number, where both have one;
    2. by normalised title, where the gold session or the predicted one has
       no number;
    3. (``loose`` only) a predicted session still unmatched is paired, one to
       one, with the unmatched gold session sharing most people with it, only
       where one of the two has no number.
    """
    gold_ids = list(range(len(gold.sessions)))
    pred_ids = []
    for i, (num, tkey, _roles) in enumerate(pred.sessions):
        found = None
        if num is not None:
            for g, (gnum, _gt, _gr) in enumerate(gold.sessions):
                if gnum is not None and gnum == num:
                    found = g
                    break
        if found is None and tkey:
            for g, (gnum, gt, _gr) in enumerate(gold.sessions):
                if gt == tkey and (gnum is None or num is None):
                    found = g
                    break
        pred_ids.append(found if found is not None else ("pred", i))
    if loose:
        _pair_by_people(gold, pred, pred_ids)
    return gold_ids, pred_ids


def _pair_by_people(gold: ScoredRecord, pred: ScoredRecord, pred_ids: list) -> None:
    used = {sid for sid in pred_ids if isinstance(sid, int)}
    candidates = []
    for i, sid in enumerate(pred_ids):
        if isinstance(sid, int):
            continue
        pnum, _pt, proles = pred.sessions[i]
        ppl = {pk for pk, _r in proles}
        for g, (gnum, _gt, groles) in enumerate(gold.sessions):
            if g in used or (gnum is not None and pnum is not None):
                continue
            overlap = len(ppl & {pk for pk, _r in groles})
            if overlap:
                candidates.append((-overlap, i, g))
    taken_p, taken_g = set(), set()
    for _neg, i, g in sorted(candidates):
        if i in taken_p or g in taken_g:
            continue
        pred_ids[i] = g
        taken_p.add(i)
        taken_g.add(g)


def _session_tuples(rec: ScoredRecord, ids):
    out = set()
    for sid, (_num, _t, roles) in zip(ids, rec.sessions):
        for pk, role in roles:
            out.add((sid, pk, role))
    return out


def score_pair(gold: ScoredRecord, pred: ScoredRecord | None, strict_sessions: bool = False):
    """``{relation: [tp, fp, fn]}`` for one gold record and its prediction (``None``: missing)."""
    p = pred if pred is not None else ScoredRecord(path="", readable=False)
    res = {}

    def counts(tp, n_pred, n_gold):
        return [tp, n_pred - tp, n_gold - tp]

    tp = len(gold.persons & p.persons)
    res["person"] = counts(tp, len(p.persons), len(gold.persons))

    tp = max_matching(p.orgs, gold.orgs, _overlap)
    res["organization"] = counts(tp, len(p.orgs), len(gold.orgs))

    pa, ga = list(p.affiliations), list(gold.affiliations)
    tp = max_matching(pa, ga, lambda x, y: x[0] == y[0] and _overlap(x[1], y[1]))
    res["affiliation"] = counts(tp, len(pa), len(ga))

    po, go = list(p.organizers), list(gold.organizers)
    tp = max_matching(po, go, _overlap)
    res["organizer"] = counts(tp, len(po), len(go))

    gids, pids = session_ids(gold, p, loose=not strict_sessions)
    gs, ps = _session_tuples(gold, gids), _session_tuples(p, pids)
    res["session_role"] = counts(len(gs & ps), len(ps), len(gs))

    tp = max_matching(p.proposals, gold.proposals, proposal_overlap)
    res["proposal"] = counts(tp, len(p.proposals), len(gold.proposals))

    pp, gp = list(p.proposed_by), list(gold.proposed_by)
    tp = max_matching(pp, gp, lambda x, y: x[1] == y[1] and proposal_overlap(x[0], y[0]))
    res["proposed_by"] = counts(tp, len(pp), len(gp))

    gd = {gold.start} if gold.start else set()
    pd = {p.start} if p.start else set()
    res["event_date"] = counts(len(gd & pd), len(pd), len(gd))
    return res
