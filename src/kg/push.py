"""Pushing the built graph to a shared SPARQL store, one named graph per report.

:func:`push` sends every named graph of the local store (one per report, the
ontology, the derived edges) with the SPARQL 1.1 Graph Store Protocol: a
plain HTTP ``PUT <store-url>?graph=<IRI>`` whose body is the graph in
N-Triples, which replaces that graph and nothing else.  A state file
(``graph/push-state.json``) keeps, per store URL, a hash of each graph as
last pushed, so a second push sends only the graphs that changed and
``DELETE``\\ s the graphs of reports that were removed.  Graphs this tool
never pushed are never touched.

Where the Graph Store Protocol lives on common servers (``--store-url``) and
where queries go (``--query-url``, for ``kg query --endpoint``)::

    Oxigraph   http://HOST:7878/store                       http://HOST:7878/query
    Fuseki     http://HOST:3030/DATASET/data                http://HOST:3030/DATASET/sparql
    GraphDB    http://HOST:7200/repositories/ID/rdf-graphs/service
                                                            http://HOST:7200/repositories/ID
    Virtuoso   http://HOST:8890/sparql-graph-crud-auth      http://HOST:8890/sparql
               (HTTP digest auth: --user dba --digest; --content-type text/turtle)
    Neptune    https://CLUSTER:8182/sparql/gsp/             https://CLUSTER:8182/sparql
               (IAM-authenticated clusters need a SigV4 signing proxy in front)

Fuseki and GraphDB take basic auth (``--user``); a token goes in ``--header``.
The password is read from the ``KG_PUSH_PASSWORD`` environment variable,
never from the command line.  :func:`verify` compares the triple count of
each pushed graph on the remote store with the local one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.record import write_atomic

__all__ = ["push", "verify", "PushError", "PushSummary", "graph_payloads", "store_url_for", "query_url_for",
           "STATE_FILE", "CONTENT_TYPES"]

STATE_FILE = "push-state.json"
#: --content-type choices: our N-Triples body is also valid Turtle
CONTENT_TYPES = ("application/n-triples", "text/turtle")


class PushError(Exception):
    """The remote store refused a graph or cannot be reached; the state file keeps what succeeded."""


@dataclass
class PushSummary:
    store_url: str
    put: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    triples: int = 0

    def text(self) -> str:
        lines = [f"store          {self.store_url}",
                 f"replaced       {len(self.put)} graph(s), {self.triples} triples",
                 f"deleted        {len(self.deleted)} graph(s)",
                 f"unchanged      {len(self.unchanged)} graph(s)"]
        lines += [f"  put    {g}" for g in self.put] + [f"  delete {g}" for g in self.deleted]
        return "\n".join(lines)


def store_url_for(endpoint: str, store_path: str = "/store") -> str:
    """The Graph Store Protocol URL of a server (Oxigraph's ``/store`` by default)."""
    return endpoint.rstrip("/") + "/" + store_path.lstrip("/") if store_path else endpoint


def query_url_for(endpoint: str, query_path: str = "/query") -> str:
    """The SPARQL query URL of a server (Oxigraph's ``/query`` by default)."""
    return endpoint.rstrip("/") + "/" + query_path.lstrip("/") if query_path else endpoint


def graph_payloads(store: ox.Store) -> dict[str, tuple[bytes, int]]:
    """Named graph IRI -> (its triples as sorted N-Triples, triple count), for every named graph."""
    out = {}
    for graph in store.named_graphs():
        if not isinstance(graph, ox.NamedNode):
            continue
        triples = [ox.Triple(q.subject, q.predicate, q.object)
                   for q in store.quads_for_pattern(None, None, None, graph)]
        lines = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)
        out[graph.value] = (b"".join(sorted(lines)), len(triples))
    return dict(sorted(out.items()))


def _load_state(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) and isinstance(data.get("stores"), dict) else {"stores": {}}
    except (OSError, ValueError):
        return {"stores": {}}


def _save_state(path: Path, state: dict) -> None:
    write_atomic(path, json.dumps(state, indent=1, sort_keys=True) + "\n")


def push(graph_dir: str | os.PathLike, store_url: str, *, force: bool = False,
         content_type: str = "application/n-triples", headers: dict | None = None,
         timeout: float = 300.0, dry_run: bool = False, auth=None, client=None,
         progress: Callable[[str], None] | None = None) -> PushSummary:
    """Replace on ``store_url`` the named graphs that changed since the last push, delete removed ones.

    ``force`` sends every graph whatever the state file says (e.g. after the
    remote store was emptied).  ``auth`` is an ``httpx`` auth (basic or digest).  ``dry_run`` reports what would be sent and
    sends nothing.  Raises :class:`PushError` at the first refusal; the graphs
    already sent are recorded, so running it again resumes.
    """
    import httpx

    from kg.store import open_store

    progress = progress or (lambda _m: None)
    if content_type not in CONTENT_TYPES:
        raise PushError(f"content type {content_type!r}: choose one of {', '.join(CONTENT_TYPES)}")
    graph_dir = Path(graph_dir)
    payloads = graph_payloads(open_store(graph_dir))
    state_path = graph_dir / STATE_FILE
    state = _load_state(state_path)
    entry = state["stores"].setdefault(store_url, {"graphs": {}})
    pushed: dict[str, str] = entry.setdefault("graphs", {})
    summary = PushSummary(store_url)

    own = client is None
    client = client or httpx.Client(timeout=timeout, auth=auth)
    sent = dict(headers or {})
    try:
        for iri, (body, count) in payloads.items():
            digest = hashlib.sha256(content_type.encode() + b"\n" + body).hexdigest()
            if not force and pushed.get(iri) == digest:
                summary.unchanged.append(iri)
                continue
            if not dry_run:
                _send(client, "PUT", store_url, iri, {**sent, "Content-Type": content_type}, body)
                pushed[iri] = digest
                _save_state(state_path, state)
            summary.put.append(iri)
            summary.triples += count
            progress(f"put {iri} ({count} triples)")
        for iri in sorted(set(pushed) - set(payloads)):
            if not dry_run:
                _send(client, "DELETE", store_url, iri, sent, None, missing_ok=True)
                del pushed[iri]
                _save_state(state_path, state)
            summary.deleted.append(iri)
            progress(f"deleted {iri}")
        if not dry_run:
            entry["pushed_at"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
            _save_state(state_path, state)
    finally:
        if own:
            client.close()
    return summary


def _send(client, method: str, store_url: str, iri: str, headers: dict, body: bytes | None,
          missing_ok: bool = False) -> None:
    import httpx

    try:
        resp = client.request(method, store_url, params={"graph": iri}, headers=headers, content=body)
    except httpx.HTTPError as exc:
        raise PushError(f"cannot reach the graph store {store_url}: {exc}") from None
    if resp.status_code == 404 and missing_ok:
        return
    if resp.status_code >= 400:
        detail = " ".join(resp.text.split())[:500]
        raise PushError(f"{method} of graph <{iri}> to {store_url} was refused ({resp.status_code}): {detail}")


_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def verify(graph_dir: str | os.PathLike, query_url: str, *, headers: dict | None = None,
           auth=None, timeout: float = 300.0) -> list[str]:
    """Graphs whose triple count on the remote store differs from the local one (empty: all match)."""
    import httpx

    from kg.queries import QueryError
    from kg.remote import remote_query
    from kg.store import open_store

    local = {iri: count for iri, (_body, count) in graph_payloads(open_store(graph_dir)).items()}
    with httpx.Client(timeout=timeout, auth=auth) as client:
        try:
            result = remote_query(query_url, _COUNTS, headers=headers, client=client)
        except QueryError as exc:
            raise PushError(str(exc)) from None
    remote = {row[0]: int(row[1]) for row in result.rows}
    return [f"<{iri}>: {count} triples here, {remote.get(iri, 0)} there"
            for iri, count in local.items() if remote.get(iri, 0) != count]
