"""The views ``kg build`` and ``kg viz`` draw: graphs read from the store, and the pages.

* :func:`overview_graph`  people, organisations, events and proposals, joined by the
  shortcut edges of ``ontology/derive.rq``;
* :func:`proposals_graph` idea <- proposer -> institution, idea -> event, institution -> event;
* :func:`focus_graph`     the nodes within ``hops`` of one named node;
* :func:`write_build_views` ``graph/index.html`` and ``graph/proposals.html``;
* :func:`viz`             one view to one file (the ``kg viz`` command).

Graph nodes are IRIs with attributes ``type``, ``label`` and, for people,
``titles``, ``affiliations`` and ``evidence``; edges carry ``relation`` and
``weight``. :func:`kg.render.render_network` draws any graph of that shape.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from kg.render import render_network

__all__ = ["VIEWS", "FocusError", "overview_graph", "proposals_graph", "focus_graph",
           "view_graph", "write_build_views", "viz", "default_output"]

VIEWS = ("overview", "proposals")

_PREFIXES = """
PREFIX kg: <https://w3id.org/kg-track2/ns#>
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX conf: <https://w3id.org/scholarlydata/ontology/conference-ontology.owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""

# Nodes of the overview: top-level events only (sessions hang under them).
# A resource's type and label are repeated in every report graph that names it, and the
# default graph is their union: pick each once (DISTINCT, MIN) before joining, or rows
# multiply by the number of reports.
_NODES = _PREFIXES + """
SELECT ?n ?type ?text WHERE {
  { SELECT DISTINCT ?n ?type WHERE {
      { ?n a schema:Person . BIND("person" AS ?type) }
      UNION { ?n a org:FormalOrganization . BIND("organization" AS ?type) }
      UNION { ?n a schema:Event . FILTER NOT EXISTS { ?n a conf:Session }
              FILTER NOT EXISTS { ?n schema:superEvent ?up } BIND("event" AS ?type) }
      UNION { ?n a kg:Proposal . BIND("proposal" AS ?type) }
  } }
  OPTIONAL { SELECT ?n (MIN(STR(?label)) AS ?text) WHERE { ?n rdfs:label ?label } GROUP BY ?n }
}
"""

#: shortcut property -> relation label on the edge
RELATIONS = {
    "affiliatedWith": "affiliated with",
    "participatedIn": "participated in",
    "organized": "organized",
    "proposedBy": "proposed by",
    "proposedAt": "proposed at",
    "involvedIn": "took part in",
}

_EDGES = _PREFIXES + """
SELECT DISTINCT ?s ?p ?o WHERE {
  VALUES ?p { kg:affiliatedWith kg:participatedIn kg:organized kg:proposedBy kg:proposedAt kg:involvedIn }
  ?s ?p ?o .
}
"""

_POSTS = _PREFIXES + """
SELECT DISTINCT ?p ?title ?orgname WHERE {
  { SELECT DISTINCT ?p ?o ?r WHERE { ?m org:member ?p ; org:organization ?o . OPTIONAL { ?m org:role ?r } } }
  OPTIONAL { SELECT ?r (MIN(STR(?rl)) AS ?title) WHERE { ?r a org:Role ; rdfs:label ?rl } GROUP BY ?r }
  OPTIONAL { SELECT ?o (MIN(STR(?ol)) AS ?orgname) WHERE { ?o a org:FormalOrganization ; rdfs:label ?ol } GROUP BY ?o }
}
"""

_EVIDENCE = _PREFIXES + """
SELECT ?p ?text ?start WHERE {
  ?p a schema:Person ; prov:wasDerivedFrom ?ev .
  ?ev oa:hasSelector ?q . ?q oa:exact ?text .
  OPTIONAL { ?ev oa:hasSelector ?pos . ?pos oa:start ?start }
}
"""

_WEIGHT = _PREFIXES + """
SELECT ?p ?e (COUNT(DISTINCT ?r) AS ?roles) WHERE {
  ?r conf:isHeldBy ?p ; conf:during ?d . ?d schema:superEvent? ?e .
  ?p kg:participatedIn ?e .
} GROUP BY ?p ?e
"""


class FocusError(ValueError):
    """The name to focus on is not in the graph; the message suggests close names."""


def _rows(store, sparql: str):
    for solution in store.query(sparql, use_default_graph_as_union=True):
        yield [None if t is None else t.value for t in solution]


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def overview_graph(store) -> nx.DiGraph:
    """People, organisations, events and proposals of a store, with the shortcut edges."""
    g = nx.DiGraph()
    for n, type_, text in sorted(_rows(store, _NODES), key=lambda r: (r[0], r[1])):
        if n not in g:
            g.add_node(n, type=type_, label=text or _local(n))
    posts: dict[str, tuple[list, list]] = {}
    for p, title, orgname in sorted(_rows(store, _POSTS), key=lambda r: tuple(x or "" for x in r)):
        titles, orgs = posts.setdefault(p, ([], []))
        if title and title not in titles:
            titles.append(title)
        if orgname and orgname not in orgs:
            orgs.append(orgname)
    evidence: dict[str, tuple] = {}
    for p, text, start in _rows(store, _EVIDENCE):
        key = (int(start) if start is not None else 1 << 62, text)
        if p not in evidence or key < evidence[p]:
            evidence[p] = key
    for n, attrs in g.nodes(data=True):
        if attrs["type"] == "person":
            titles, orgs = posts.get(n, ([], []))
            attrs["titles"], attrs["affiliations"] = titles, orgs
            attrs["evidence"] = evidence[n][1] if n in evidence else ""
    weights = {(p, e): int(c) for p, e, c in _rows(store, _WEIGHT)}
    involved = []
    for s, p, o in sorted(_rows(store, _EDGES)):
        relation = RELATIONS.get(_local(p))
        if relation == "took part in":
            involved.append((s, o))
        elif relation and s in g and o in g:
            g.add_edge(s, o, relation=relation, weight=weights.get((s, o), 1))
    # an organisation linked to nothing else still took part in its event: say so
    for s, o in involved:
        if s in g and o in g and g.degree(s) == 0:
            g.add_edge(s, o, relation="took part in", weight=1)
    return g


def proposals_graph(store_or_graph) -> nx.DiGraph:
    """Ideas, who proposed them, their institutions, and the events where they were put forward."""
    g = store_or_graph if isinstance(store_or_graph, nx.Graph) else overview_graph(store_or_graph)
    keep_edges = []
    people = set()
    for s, o, attrs in g.edges(data=True):
        if attrs.get("relation") in ("proposed by", "proposed at"):
            keep_edges.append((s, o))
            if attrs["relation"] == "proposed by":
                people.add(o)
    events = {o for s, o in keep_edges if g.nodes[o].get("type") == "event"}
    orgs = set()
    for s, o, attrs in g.edges(data=True):
        if s in people and attrs.get("relation") == "affiliated with":
            keep_edges.append((s, o))
            orgs.add(o)
    for s, o, attrs in g.edges(data=True):
        if s in orgs and o in events and attrs.get("relation") == "organized":
            keep_edges.append((s, o))
    return g.edge_subgraph(keep_edges).copy()


def _closest(name: str, labels: list[str]) -> list[str]:
    lowered = {}
    for label in labels:
        lowered.setdefault(label.lower(), label)
    hits = difflib.get_close_matches(name.lower(), list(lowered), n=5, cutoff=0.5)
    hits += [low for low in sorted(lowered) if name.lower() in low and low not in hits][:5 - len(hits)]
    return [lowered[h] for h in hits]


def focus_graph(graph: nx.Graph, name: str, hops: int = 2) -> nx.Graph:
    """The nodes within ``hops`` edges (either direction) of the node labelled ``name``.

    ``name`` matches a node's label ignoring case, or its id. An unknown name
    raises :class:`FocusError` naming the closest labels.
    """
    if hops < 0:
        raise ValueError("hops must be 0 or more")
    wanted = " ".join(name.split()).lower()
    matches = sorted(n for n, attrs in graph.nodes(data=True)
                     if str(attrs.get("label") or "").lower() == wanted or str(n) == name)
    if not matches:
        labels = sorted({str(a.get("label") or n) for n, a in graph.nodes(data=True)})
        close = _closest(name, labels)
        hint = ("did you mean: " + ", ".join(close) + "?") if close else "no close names either."
        raise FocusError(f"no node named {name!r} in the graph; {hint}")
    keep = set()
    for node in matches:
        keep |= set(nx.ego_graph(graph, node, radius=hops, undirected=True))
    view = graph.subgraph(keep).copy()
    for node in matches:
        view.nodes[node]["focus"] = True
    return view


def view_graph(store, view: str = "overview", focus: str | None = None, hops: int = 2) -> nx.Graph:
    """The graph of a view (``overview`` or ``proposals``), narrowed to ``focus`` when given."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    g = overview_graph(store)
    if view == "proposals":
        g = proposals_graph(g)
    if focus:
        g = focus_graph(g, focus, hops)
    return g


def _title(view: str, focus: str | None, hops: int) -> str:
    base = {"overview": "kg: people, organisations, events and proposals",
            "proposals": "kg: proposals, proposers, institutions and events"}[view]
    return f"{base}, {hops} hop{'s' if hops != 1 else ''} around {focus}" if focus else base


def slug(text: str) -> str:
    """``"Yang Uk"`` -> ``"yang-uk"`` (ASCII letters and digits; ``"node"`` when nothing is left)."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "node"


def default_output(graph_dir: str | os.PathLike, focus: str | None = None) -> Path:
    """``graph_dir/viz.html``, or ``graph_dir/focus-<slug>.html`` for a focused view."""
    return Path(graph_dir) / (f"focus-{slug(focus)}.html" if focus else "viz.html")


def viz(store, output: str | os.PathLike, view: str = "overview", focus: str | None = None,
        hops: int = 2) -> Path:
    """Write one view as a standalone page to ``output`` (atomically) and return its path."""
    from kg.record import write_atomic

    g = view_graph(store, view, focus, hops)
    message = None
    if focus:
        message = f"Showing {g.number_of_nodes()} nodes within {hops} hops of {focus}."
    elif g.number_of_nodes() == 0:
        message = ("No proposals in the graph." if view == "proposals"
                   else "The graph is empty: run kg build.")
    page = render_network(g, title=_title(view, focus, hops), message=message)
    write_atomic(output, page)
    return Path(output)


#: the pages ``kg build`` writes show at most this many nodes (a browser draws them in a few seconds)
BUILD_VIEW_MAX_NODES = 3000


def best_connected(graph: nx.Graph, limit: int) -> nx.Graph:
    """The subgraph of the ``limit`` nodes of highest degree (ties: the smaller id), with the edges between them."""
    keep = sorted(graph.nodes, key=lambda n: (-graph.degree(n), str(n)))[:limit]
    return graph.subgraph(keep).copy()


def write_build_views(store, graph_dir: str | os.PathLike,
                      progress: Callable[[str], None] | None = None) -> list[Path]:
    """Write ``graph_dir/index.html`` (overview) and ``graph_dir/proposals.html``; return their paths."""
    from kg.record import write_atomic

    progress = progress or (lambda _msg: None)
    graph_dir = Path(graph_dir)
    overview = overview_graph(store)
    written = []
    for name, view, g in (("index.html", "overview", overview),
                          ("proposals.html", "proposals", proposals_graph(overview))):
        message = None
        if g.number_of_nodes() == 0:
            message = ("No proposals in the graph." if view == "proposals" and overview.number_of_nodes()
                       else "The graph is empty: run kg build.")
        elif g.number_of_nodes() > BUILD_VIEW_MAX_NODES:
            whole = (g.number_of_nodes(), g.number_of_edges())
            g = best_connected(g, BUILD_VIEW_MAX_NODES)
            message = (f"The graph has {whole[0]:,} nodes and {whole[1]:,} edges: this page shows the "
                       f"{g.number_of_nodes():,} best connected and the {g.number_of_edges():,} edges between them. "
                       "To see anyone's neighbourhood: kg viz --focus NAME; the whole graph: kg viz.")
        path = graph_dir / name
        write_atomic(path, render_network(g, title=_title(view, None, 0), message=message))
        progress(f"wrote {path} ({g.number_of_nodes()} nodes, {g.number_of_edges()} edges)")
        written.append(path)
    return written
