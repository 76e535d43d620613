"""Network analysis of the graph: networkx projections, centrality, communities, brokers.

Each projection is built from a few SPARQL queries over the store (using the
derived shortcut edges, and reading names and titles inside each report graph
so that a name repeated in many reports is read once per report, not joined
many times over).  Every node has ``type`` (person, organization, event,
session, proposal) and ``label``; people also ``titles``, ``affiliations`` and
``evidence`` (one sentence a report says about them), all plain strings.
Every edge has ``relation`` and ``weight``.  So the graphs export to GraphML
and GEXF as they are.

Kinds (:data:`KINDS`):

``person-person``
    co-participation: weight = shared sessions, ``events`` = shared events.
``person-org``
    affiliations: weight = events at which the affiliation is stated.
``org-org``
    co-hosting and shared people: weight = co-hosted events + shared people,
    ``reasons`` says which.
``person-proposal``
    who proposed what: weight = events at which the person proposed it.
``overview``
    people, organisations, events, sessions and proposals with typed edges.

Examples
--------
>>> import pyoxigraph as ox
>>> g = projection(ox.Store(), "person-person")
>>> g.number_of_nodes()
0
"""

from __future__ import annotations

import re
from collections import defaultdict

__all__ = ["KINDS", "METRICS", "COUNTRY_RULES", "projection", "degree_table", "betweenness_table",
           "communities", "communities_table", "brokers", "org_country", "metric_table",
           "write_graphml", "write_gexf"]

KINDS = ("person-person", "person-org", "org-org", "person-proposal", "overview")
METRICS = ("degree", "betweenness", "communities", "brokers")

#: Heuristic: words in an organisation's name that place it in Japan or Korea.
#: Checked in order; the first rule whose pattern matches the name wins.  It is
#: a rule of thumb for bilateral dialogues (an "Institute for Japanese Studies"
#: in Seoul counts as Japanese here), to be read with care.
COUNTRY_RULES: tuple[tuple[str, str], ...] = (
    (r"\bgovernment of (the )?republic of korea\b|\bgovernment of (south )?korea\b", "KR"),
    (r"\bgovernment of japan\b", "JP"),
    (r"\b(japan|japanese|tokyo|osaka|kyoto|keio|waseda|hitotsubashi|nippon|jiia|sasakawa|kanda)\b", "JP"),
    (r"\b(korea|korean|seoul|busan|asan|sejong|kookmin|yonsei|kaist|ewha|rok)\b", "KR"),
)

_SAMPLE_ABOVE = 500  # nodes: above this, betweenness is sampled
_SEED = 42


def org_country(name: str) -> str | None:
    """``"JP"``, ``"KR"`` or None for an organisation name, by :data:`COUNTRY_RULES`.

    >>> org_country("Tokyo Lantern Institute"), org_country("Seoul Maple Forum"), org_country("Lakeside")
    ('JP', 'KR', None)
    """
    low = name.lower()
    for pattern, country in COUNTRY_RULES:
        if re.search(pattern, low):
            return country
    return None


# --------------------------------------------------------------------------- queries

_PREFIXES = """PREFIX kg: <https://w3id.org/kg-track2/ns#>
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX conf: <https://w3id.org/scholarlydata/ontology/conference-ontology.owl#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

_Q = {
    "names": "SELECT ?x (MIN(STR(?n)) AS ?label) WHERE { ?x schema:name|skos:prefLabel ?n } GROUP BY ?x",
    "people": "SELECT DISTINCT ?x WHERE { ?x kg:participatedIn|kg:affiliatedWith ?y }",
    "orgs": "SELECT DISTINCT ?x WHERE { { ?x kg:organized ?y } UNION { ?y kg:affiliatedWith ?x } }",
    "titles": """SELECT ?p ?o ?title ?e WHERE {
        ?m org:member ?p ; org:organization ?o . OPTIONAL { ?m conf:during ?e }
        OPTIONAL { ?m org:role ?r . ?r rdfs:label ?title } }""",
    "evidence": """SELECT ?p (MIN(STR(?s)) AS ?sentence) WHERE {
        ?p a schema:Person ; prov:wasDerivedFrom ?ev . ?ev oa:hasSelector ?q . ?q oa:exact ?s }
        GROUP BY ?p""",
    "sessions": """SELECT ?p ?s ?e WHERE {
        { ?s kg:chairedBy ?p } UNION { ?p kg:spokeAt ?s } UNION { ?p kg:discussantAt ?s }
        ?s schema:superEvent ?e }""",
    "session-roles": """SELECT ?p ?s ?role WHERE {
        { ?s kg:chairedBy ?p BIND("chaired" AS ?role) } UNION { ?p kg:spokeAt ?s BIND("spoke at" AS ?role) }
        UNION { ?p kg:discussantAt ?s BIND("discussant at" AS ?role) } }""",
    "participated": "SELECT ?p ?e WHERE { ?p kg:participatedIn ?e }",
    "organized": "SELECT ?o ?e WHERE { ?o kg:organized ?e }",
    "proposed": """SELECT ?p ?x ?e WHERE {
        ?r conf:withRole kg:proposer ; conf:isHeldBy ?p ; dcterms:subject ?x ; conf:during ?w .
        OPTIONAL { ?w schema:superEvent ?parent } BIND(COALESCE(?parent, ?w) AS ?e) }""",
    "proposals": "SELECT ?x ?w WHERE { ?x kg:proposedIn|kg:proposedAt ?w }",
    "events": """SELECT ?e ?date WHERE { ?e a schema:Event . FILTER NOT EXISTS { ?e schema:superEvent ?p }
        OPTIONAL { ?e schema:startDate ?date } }""",
    "session-events": "SELECT ?s ?e WHERE { ?s a conf:Session ; schema:superEvent ?e }",
}


def _select(store, name: str) -> list[tuple]:
    """Rows of one of the queries above, as tuples of strings (None when unbound)."""
    res = store.query(_PREFIXES + _Q[name], use_default_graph_as_union=True)
    variables = [v.value for v in res.variables]
    return [tuple(None if row[v] is None else row[v].value for v in variables) for row in res]


class _Reader:
    """Caches the shared lookups (names, people's attributes) of one projection."""

    def __init__(self, store):
        self.store = store
        self._cache: dict[str, list[tuple]] = {}

    def rows(self, name: str) -> list[tuple]:
        if name not in self._cache:
            self._cache[name] = _select(self.store, name)
        return self._cache[name]

    def labels(self) -> dict[str, str]:
        return dict(self.rows("names"))

    def person_attrs(self) -> dict[str, dict[str, str]]:
        labels = self.labels()
        titles: dict[str, set] = defaultdict(set)
        affs: dict[str, set] = defaultdict(set)
        for p, o, title, _e in self.rows("titles"):
            affs[p].add(labels.get(o, o))
            if title:
                titles[p].add(title)
        evidence = dict(self.rows("evidence"))
        people = {p for (p,) in self.rows("people")}
        return {p: {"type": "person", "label": labels.get(p, p),
                    "titles": "; ".join(sorted(titles[p])), "affiliations": "; ".join(sorted(affs[p])),
                    "evidence": evidence.get(p) or ""} for p in people}

    def node(self, iri: str, kind: str) -> dict[str, str]:
        return {"type": kind, "label": self.labels().get(iri, iri)}


def _graph():
    import networkx as nx

    return nx.Graph()


def _add_people(g, reader: _Reader, only: set | None = None) -> None:
    for p, attrs in reader.person_attrs().items():
        if only is None or p in only:
            g.add_node(p, **attrs)


def _person_person(reader: _Reader):
    g = _graph()
    _add_people(g, reader)
    by_session: dict[str, set] = defaultdict(set)
    for p, s, _e in reader.rows("sessions"):
        by_session[s].add(p)
    events_of: dict[str, set] = defaultdict(set)
    for p, e in reader.rows("participated"):
        events_of[p].add(e)
    shared: dict[tuple, int] = defaultdict(int)
    for people in by_session.values():
        ordered = sorted(people)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                shared[(a, b)] += 1
    for (a, b), n in shared.items():
        g.add_edge(a, b, relation="co-participated", weight=n, events=len(events_of[a] & events_of[b]))
    return g


def _person_org(reader: _Reader):
    g = _graph()
    _add_people(g, reader)
    events: dict[tuple, set] = defaultdict(set)
    for p, o, _title, e in reader.rows("titles"):
        events[(p, o)].add(e)
    for (p, o), evs in events.items():
        if o not in g:
            g.add_node(o, **_org_node(reader, o))
        g.add_edge(p, o, relation="affiliated with", weight=len(evs - {None}) or 1)
    return g


def _org_node(reader: _Reader, o: str) -> dict[str, str]:
    node = reader.node(o, "organization")
    node["country"] = org_country(node["label"]) or ""
    return node


def _org_org(reader: _Reader):
    g = _graph()
    for (o,) in reader.rows("orgs"):
        g.add_node(o, **_org_node(reader, o))
    hosts: dict[str, set] = defaultdict(set)
    for o, e in reader.rows("organized"):
        hosts[e].add(o)
    members: dict[str, set] = defaultdict(set)
    for p, o, _t, _e in reader.rows("titles"):
        members[p].add(o)
    cohost: dict[tuple, int] = defaultdict(int)
    people: dict[tuple, int] = defaultdict(int)
    for group, counter in ((hosts, cohost), (members, people)):
        for orgs in group.values():
            ordered = sorted(orgs)
            for i, a in enumerate(ordered):
                for b in ordered[i + 1:]:
                    counter[(a, b)] += 1
    for pair in sorted(set(cohost) | set(people)):
        reasons = []
        if cohost[pair]:
            reasons.append(f"co-hosted {cohost[pair]} event{'s' if cohost[pair] > 1 else ''}")
        if people[pair]:
            reasons.append(f"shared {people[pair]} {'people' if people[pair] > 1 else 'person'}")
        g.add_edge(*pair, relation="co-hosted" if cohost[pair] else "shared people",
                   weight=cohost[pair] + people[pair], cohosted=cohost[pair], shared_people=people[pair],
                   reasons="; ".join(reasons))
    return g


def _person_proposal(reader: _Reader):
    g = _graph()
    events: dict[tuple, set] = defaultdict(set)
    for p, x, e in reader.rows("proposed"):
        events[(p, x)].add(e)
    people = {p for p, _x in events}
    _add_people(g, reader, people)
    for (p, x), evs in events.items():
        if x not in g:
            g.add_node(x, **reader.node(x, "proposal"))
        g.add_edge(p, x, relation="proposed", weight=len(evs))
    return g


def _overview(reader: _Reader):
    g = _graph()
    _add_people(g, reader)
    dates = {e: d for e, d in reader.rows("events")}
    for e, d in dates.items():
        g.add_node(e, **reader.node(e, "event"), date=d or "")
    for s, e in reader.rows("session-events"):
        g.add_node(s, **reader.node(s, "session"))
        g.add_edge(s, e, relation="part of", weight=1)
    for o, e in reader.rows("organized"):
        if o not in g:
            g.add_node(o, **_org_node(reader, o))
        g.add_edge(o, e, relation="organised", weight=1)
    for p, s, role in reader.rows("session-roles"):
        if p in g and s in g:
            g.add_edge(p, s, relation=role, weight=1)
    for p, o, _t, _e in reader.rows("titles"):
        if o not in g:
            g.add_node(o, **_org_node(reader, o))
        if p in g and not g.has_edge(p, o):
            g.add_edge(p, o, relation="affiliated with", weight=1)
    for x, w in reader.rows("proposals"):
        if x not in g:
            g.add_node(x, **reader.node(x, "proposal"))
        if w in g and not g.has_edge(x, w):
            g.add_edge(x, w, relation="discussed at", weight=1)
    for p, x, _e in reader.rows("proposed"):
        if p in g and x in g:
            g.add_edge(p, x, relation="proposed", weight=1)
    return g


_BUILDERS = {"person-person": _person_person, "person-org": _person_org, "org-org": _org_org,
             "person-proposal": _person_proposal, "overview": _overview}


def projection(store, kind: str = "person-person"):
    """The networkx graph of one kind (see :data:`KINDS`) built from a pyoxigraph store.

    Parameters
    ----------
    store : pyoxigraph.Store
        The built graph (``kg.store.open_store``) or an in-memory store.
    kind : str
        One of :data:`KINDS`.

    Returns
    -------
    networkx.Graph
        Nodes keyed by IRI, with plain-string attributes; weighted edges.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> projection(ox.Store(), "org-org").number_of_edges()
    0
    """
    if kind not in _BUILDERS:
        raise ValueError(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
    return _BUILDERS[kind](_Reader(store))


# --------------------------------------------------------------------------- metrics


def _rows_with_labels(g, scores: dict, column: str) -> list[dict]:
    rows = [{"node": n, "label": g.nodes[n].get("label", n), "type": g.nodes[n].get("type", ""),
             column: round(float(v), 6)} for n, v in scores.items()]
    return sorted(rows, key=lambda r: (-r[column], r["label"], r["node"]))


def degree_table(g) -> list[dict]:
    """Nodes by degree centrality, with their weighted degree (``strength``), highest first."""
    import networkx as nx

    rows = _rows_with_labels(g, nx.degree_centrality(g) if len(g) > 1 else dict.fromkeys(g, 0.0), "degree")
    for r in rows:
        r["strength"] = g.degree(r["node"], weight="weight")
    return rows


def betweenness_table(g, seed: int = _SEED) -> list[dict]:
    """Nodes by betweenness centrality, highest first; sampled (``k=min(n, 200)``) above 500 nodes."""
    import networkx as nx

    k = min(len(g), 200) if len(g) > _SAMPLE_ABOVE else None
    return _rows_with_labels(g, nx.betweenness_centrality(g, k=k, seed=seed), "betweenness")


def communities(g, seed: int = _SEED) -> list[set]:
    """Louvain communities (weighted, fixed seed), largest first, then by smallest member."""
    import networkx as nx

    if g.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(g, weight="weight", seed=seed)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(c)))


def communities_table(g, seed: int = _SEED) -> list[dict]:
    """One row per node: its community number (0 = largest) and the community's size."""
    rows = []
    for i, members in enumerate(communities(g, seed)):
        for n in sorted(members, key=lambda n: (g.nodes[n].get("label", n), n)):
            rows.append({"community": i, "size": len(members), "node": n,
                         "label": g.nodes[n].get("label", n), "type": g.nodes[n].get("type", "")})
    return rows


def brokers(store) -> list[dict]:
    """People who link Japanese and Korean institutions (a heuristic; see :data:`COUNTRY_RULES`).

    A person is a broker when they are affiliated with both a Japanese and a
    Korean institution (``direct``), or when they shared sessions with people
    of both (``via co-participants``).  Rows are sorted direct first, then by
    the smaller of the two numbers of co-participants (JP, KR), highest first.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> brokers(ox.Store())
    []
    """
    reader = _Reader(store)
    labels = reader.labels()
    countries: dict[str, set] = defaultdict(set)
    for p, o, _t, _e in reader.rows("titles"):
        c = org_country(labels.get(o, ""))
        if c:
            countries[p].add(c)
    pp = _person_person(reader)
    rows = []
    for p in pp.nodes:
        own = countries.get(p, set())
        jp = sorted(labels.get(q, q) for q in pp.neighbors(p) if "JP" in countries.get(q, ()))
        kr = sorted(labels.get(q, q) for q in pp.neighbors(p) if "KR" in countries.get(q, ()))
        direct = {"JP", "KR"} <= own
        if not direct and not (jp and kr):
            continue
        rows.append({"node": p, "label": labels.get(p, p), "countries": " ".join(sorted(own)),
                     "broker": "direct" if direct else "via co-participants",
                     "jp_contacts": len(jp), "kr_contacts": len(kr),
                     "affiliations": pp.nodes[p].get("affiliations", "")})
    return sorted(rows, key=lambda r: (r["broker"] != "direct", -min(r["jp_contacts"], r["kr_contacts"]),
                                       r["label"]))


def metric_table(store, kind: str = "person-person", metric: str = "degree", g=None) -> list[dict]:
    """The rows of one metric on one projection (``brokers`` ignores ``kind``)."""
    if metric == "brokers":
        return brokers(store)
    g = projection(store, kind) if g is None else g
    if metric == "degree":
        return degree_table(g)
    if metric == "betweenness":
        return betweenness_table(g)
    if metric == "communities":
        return communities_table(g)
    raise ValueError(f"unknown metric {metric!r}; choose one of {', '.join(METRICS)}")


# --------------------------------------------------------------------------- export


def _safe(g):
    """A copy whose attribute values are all str/int/float (GraphML and GEXF need that)."""
    h = g.__class__()
    for n, attrs in g.nodes(data=True):
        h.add_node(n, **{k: _value(v) for k, v in attrs.items()})
    for a, b, attrs in g.edges(data=True):
        h.add_edge(a, b, **{k: _value(v) for k, v in attrs.items()})
    return h


def _value(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, (int, float, str)):
        return v
    if isinstance(v, (list, tuple, set, frozenset)):
        return "; ".join(sorted(str(x) for x in v))
    return str(v)


def write_graphml(g, path) -> None:
    """Write ``g`` as GraphML (for Gephi, yEd, Cytoscape)."""
    import networkx as nx

    nx.write_graphml(_safe(g), str(path))


def write_gexf(g, path) -> None:
    """Write ``g`` as GEXF (Gephi's own format)."""
    import networkx as nx

    nx.write_gexf(_safe(g), str(path))
