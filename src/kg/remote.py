"""Running a query on a remote SPARQL endpoint (SPARQL 1.1 Protocol).

:func:`remote_query` POSTs the query as a form (the one encoding every
server accepts: Oxigraph, Fuseki, GraphDB, Virtuoso, Neptune, ``kg serve``)
and reads the answer into the same :class:`kg.queries.QueryResult` as a
local query: ``rows`` hold plain Python values, ``terms`` pyoxigraph terms.

The named queries expect the default graph to be the union of the named
graphs; start Oxigraph with ``--union-default-graph`` and Fuseki with
``tdb2:unionDefaultGraph true`` (GraphDB, Virtuoso and Neptune do so already).
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.queries import QueryError, QueryResult, _py

__all__ = ["remote_query", "ACCEPT"]

#: SELECT/ASK answers as SPARQL JSON; CONSTRUCT/DESCRIBE as N-Triples or Turtle
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"

_GRAPH_FORMATS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
_RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
}


def remote_query(url: str, text: str, *, timeout: float = 120.0, headers: dict | None = None,
                 client=None) -> QueryResult:
    """Run ``text`` on the SPARQL endpoint at ``url``; :class:`QueryError` on any failure.

    ``headers`` are added to the request (e.g. ``Authorization``); ``client``
    is an ``httpx.Client`` to reuse.
    """
    import httpx

    sent = {"Accept": ACCEPT, **(headers or {})}
    try:
        if client is not None:
            resp = client.post(url, data={"query": text}, headers=sent, timeout=timeout)
        else:
            with httpx.Client(timeout=timeout) as own:
                resp = own.post(url, data={"query": text}, headers=sent)
    except httpx.HTTPError as exc:
        raise QueryError(f"cannot reach the SPARQL endpoint {url}: {exc}") from None
    if resp.status_code >= 400:
        detail = " ".join(resp.text.split())[:500]
        raise QueryError(f"the SPARQL endpoint {url} answered {resp.status_code}: {detail}")
    ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if ctype in _RESULT_FORMATS:
            return _results(ox.parse_query_results(resp.content, format=_RESULT_FORMATS[ctype]))
        if ctype in _GRAPH_FORMATS:
            triples = [ox.Triple(q.subject, q.predicate, q.object)
                       for q in ox.parse(resp.content, format=_GRAPH_FORMATS[ctype])]
            return QueryResult("construct", triples=triples)
    except SyntaxError as exc:
        raise QueryError(f"the SPARQL endpoint {url} sent an answer that cannot be read: {exc}") from None
    raise QueryError(f"the SPARQL endpoint {url} answered in an unexpected format {ctype or '(none)'!r}")


def _results(parsed) -> QueryResult:
    if isinstance(parsed, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(parsed))
    variables = [v.value for v in parsed.variables]
    terms = [[sol[v] for v in variables] for sol in parsed]
    return QueryResult("select", variables, [[_py(t) for t in row] for row in terms], terms)
