"""The main job: reports -> records -> graph, validated, stored and exported.

:func:`build` runs the pipeline over a data folder laid out as::

    data/reports/   report texts (.txt, .html, .pdf)
    data/records/   event records (extracted here, then reviewed by analysts)
    data/graph/     the store, kg.trig and the HTML views (written here)

Nothing already stored changes unless the whole build succeeds: a bad record
stops the build before the store is touched, and the store is swapped in one
rename (see :mod:`kg.store`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.namespaces import DEFAULT_BASE, PREFIXES
from kg.record import load_records, write_atomic
from kg.store import ontology_path, write_generation

__all__ = ["build", "BuildSummary", "BuildError", "build_dataset", "is_report_graph", "is_data_graph",
           "data_graph_quads",
           "EXPORT_FORMATS",
           "export_graph", "graph_counts", "ontology_graph_iri", "derived_graph_iri"]

#: --format value -> (file suffix, pyoxigraph format, keeps named graphs)
EXPORT_FORMATS = {
    "trig": ("trig", ox.RdfFormat.TRIG, True),
    "nq": ("nq", ox.RdfFormat.N_QUADS, True),
    "ttl": ("ttl", ox.RdfFormat.TURTLE, False),
    "nt": ("nt", ox.RdfFormat.N_TRIPLES, False),
    "jsonld": ("jsonld", None, True),
}


class BuildError(Exception):
    """The build cannot go on; nothing stored was changed."""


def ontology_graph_iri(base: str = DEFAULT_BASE) -> str:
    return f"{base}graph/ontology"


def derived_graph_iri(base: str = DEFAULT_BASE) -> str:
    return f"{base}graph/derived"


def is_report_graph(iri: str) -> bool:
    """True for the named graph of one report (``<base>graph/report/<stem>``)."""
    return "/graph/report/" in iri


def is_data_graph(iri: str) -> bool:
    """True for the graphs read from the records: each report graph and the entities graph.

    The others (ontology, derived edges, authorities) are not facts from reports.
    """
    return "/graph/report/" in iri or iri.endswith("/graph/entities")


def data_graph_quads(store: ox.Store):
    """The quads of the report graphs and the entities graph of a store (what the shapes validate)."""
    for g in store.named_graphs():
        if is_data_graph(g.value):
            yield from store.quads_for_pattern(None, None, None, g)


@dataclass
class BuildSummary:
    reports: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    triples: int = 0
    validation: object = None
    extracted: list[str] = field(default_factory=list)
    kept_reviewed: list[str] = field(default_factory=list)
    store_path: Path | None = None
    exports: list[Path] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    def text(self) -> str:
        c = self.counts
        lines = [
            f"reports        {self.reports}",
            f"events         {c.get('events', 0)}",
            f"sessions       {c.get('sessions', 0)}",
            f"people         {c.get('people', 0)}",
            f"organisations  {c.get('organizations', 0)}",
            f"proposals      {c.get('proposals', 0)}",
            f"triples        {self.triples}",
            f"validation     {'valid' if self.validation is None or self.validation.conforms else 'INVALID'}",
        ]
        if self.store_path:
            lines.append(f"store          {self.store_path}")
        for p in self.exports + self.pages:
            lines.append(f"wrote          {p}")
        return "\n".join(lines)


_COUNTS = """
PREFIX schema: <https://schema.org/>
PREFIX conf: <https://w3id.org/scholarlydata/ontology/conference-ontology.owl#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX kg: <https://w3id.org/kg-track2/ns#>
SELECT ?kind (COUNT(DISTINCT ?x) AS ?n) WHERE {
  { ?x a schema:Event . FILTER NOT EXISTS { ?x a conf:Session } BIND("events" AS ?kind) }
  UNION { ?x a conf:Session . BIND("sessions" AS ?kind) }
  UNION { ?x a schema:Person . BIND("people" AS ?kind) }
  UNION { ?x a org:FormalOrganization . BIND("organizations" AS ?kind) }
  UNION { ?x a kg:Proposal . BIND("proposals" AS ?kind) }
} GROUP BY ?kind
"""


def graph_counts(store: ox.Store) -> dict[str, int]:
    """Events, sessions, people, organisations and proposals in a store."""
    out = {k: 0 for k in ("events", "sessions", "people", "organizations", "proposals")}
    for row in store.query(_COUNTS, use_default_graph_as_union=True):
        out[row["kind"].value] = int(row["n"].value)
    return out


def build_dataset(records: list[dict], base: str = DEFAULT_BASE, index=None) -> ox.Store:
    """An in-memory store holding every report graph, the ontology and the derived edges."""
    from kg.entities import index_records
    from kg.mapping import records_quads
    from kg.resolve import authority_quads

    store = ox.Store()
    index = index or index_records(records, base)
    for _graph, quads in sorted(records_quads(records, index, base).items()):
        store.extend(quads)
    store.extend(authority_quads(index, base))
    onto = ox.NamedNode(ontology_graph_iri(base))
    store.load(path=str(ontology_path("kg.ttl")), format=ox.RdfFormat.TURTLE, to_graph=onto)
    derived = ox.NamedNode(derived_graph_iri(base))
    rules = ontology_path("derive.rq").read_text(encoding="utf-8")
    # The rules run over the union of the report graphs and the entities graph, merged into the default graph of a
    # scratch store: Oxigraph's default_graph=[thousands of graphs] is quadratic in their number.
    union = ox.Store()
    union.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                      for q in data_graph_quads(store))
    triples = list(union.query(rules))
    del union
    store.extend(ox.Quad(t.subject, t.predicate, t.object, derived) for t in triples)
    return store


def sorted_quads(store: ox.Store) -> list[ox.Quad]:
    """Every quad, in a fixed order (graph, subject, predicate, object) for byte-identical output."""
    def key(q):
        return (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))

    return sorted(store.quads_for_pattern(None, None, None, None), key=key)


def export_graph(quads: list[ox.Quad], path: Path, fmt: str) -> Path:
    """Write the graph in one of :data:`EXPORT_FORMATS`, atomically."""
    suffix, ox_format, keeps_graphs = EXPORT_FORMATS[fmt]
    if fmt == "jsonld":
        from rdflib import Dataset

        ds = Dataset()
        ds.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8"), format="nquads")
        data = ds.serialize(format="json-ld", indent=1).encode("utf-8")
    elif keeps_graphs:
        data = ox.serialize(quads, format=ox_format, prefixes=PREFIXES)
    else:
        triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
        data = ox.serialize(triples, format=ox_format,
                            **({"prefixes": PREFIXES} if ox_format == ox.RdfFormat.TURTLE else {}))
    write_atomic(path, data)
    return path


def _extract_reports(data_dir: Path, progress: Callable[[str], None]) -> tuple[list[str], list[str]]:
    reports, records = data_dir / "reports", data_dir / "records"
    if not reports.is_dir():
        return [], []
    from kg.extract import extract_folder

    result = extract_folder(reports, records, progress=progress)
    if result.failed:
        problems = "\n".join(f"  {name}: {why}" for name, why in sorted(result.failed.items()))
        raise BuildError(f"{len(result.failed)} report(s) could not be read; nothing was stored:\n{problems}\n"
                         "Fix or remove them, or write their records in records/ by hand.")
    return list(result.written), list(result.reviewed)


def build(data_dir: str | os.PathLike = "data", base: str = DEFAULT_BASE, formats=("trig",),
          extract: bool = True, views: bool = True, progress: Callable[[str], None] | None = None) -> BuildSummary:
    """Build the graph of every record in ``data_dir/records`` into ``data_dir/graph``.

    Reports in ``data_dir/reports`` whose record is missing or older are
    extracted first (a record marked ``reviewed: true`` is never overwritten).
    Raises :class:`BuildError` (or :class:`kg.record.RecordError`) without
    touching the stored graph when a record is bad or the graph is invalid.
    """
    progress = progress or (lambda _msg: None)
    started = time.perf_counter()
    data_dir = Path(data_dir)
    graph_dir = data_dir / "graph"
    summary = BuildSummary()
    if extract:
        summary.extracted, summary.kept_reviewed = _extract_reports(data_dir, progress)
    records_dir = data_dir / "records"
    if not records_dir.is_dir():
        raise BuildError(f"no records folder at {records_dir}")
    loaded = load_records(records_dir)
    records = [rec for _path, rec in loaded]
    summary.reports = len(records)
    progress(f"read {len(records)} record(s) from {records_dir}")

    from kg.resolve import resolve_records

    index = resolve_records(records, base=base, data_dir=data_dir)
    store = build_dataset(records, base, index)
    summary.counts = graph_counts(store)
    quads = sorted_quads(store)
    summary.triples = len(quads)

    from kg.validate import validate_quads

    summary.validation = validate_quads([q for q in quads if is_data_graph(q.graph_name.value)])
    if not summary.validation.conforms:
        raise BuildError("the graph does not satisfy ontology/shapes.ttl; nothing was stored\n"
                         + summary.validation.text())
    progress("validated against ontology/shapes.ttl")

    nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    summary.store_path = write_generation(graph_dir, [nquads])
    progress(f"stored {summary.triples} triples in {summary.store_path}")
    for fmt in formats:
        suffix = EXPORT_FORMATS[fmt][0]
        summary.exports.append(export_graph(quads, graph_dir / f"kg.{suffix}", fmt))
    if views:
        summary.pages = _write_views(store, graph_dir, progress)
    summary.seconds = time.perf_counter() - started
    return summary


def _write_views(store: ox.Store, graph_dir: Path, progress) -> list[Path]:
    """The HTML pages of the main job: the overview and the proposals view."""
    from kg.render import write_build_views

    return write_build_views(store, graph_dir, progress=progress)
