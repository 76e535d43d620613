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

import collections
import functools
import gc
import hashlib
import json
import multiprocessing as mp
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.mapping import derived_graph_iri
from kg.namespaces import DEFAULT_BASE, PREFIXES
from kg.record import atomic_output, load_records, record_files, write_atomic
from kg.store import fill_generation, ontology_path, open_store

__all__ = ["build", "BuildSummary", "BuildError", "build_dataset", "derive", "is_report_graph", "is_data_graph",
           "data_graph_quads", "sorted_quads", "EXPORT_FORMATS", "export_graph", "export_store", "graph_counts",
           "ontology_graph_iri", "derived_graph_iri"]

#: --format value -> (file suffix, pyoxigraph format, keeps named graphs)
EXPORT_FORMATS = {
    "trig": ("trig", ox.RdfFormat.TRIG, True),
    "nq": ("nq", ox.RdfFormat.N_QUADS, True),
    "ttl": ("ttl", ox.RdfFormat.TURTLE, False),
    "nt": ("nt", ox.RdfFormat.N_TRIPLES, False),
    "jsonld": ("jsonld", ox.RdfFormat.JSON_LD, True),
}


class BuildError(Exception):
    """The build cannot go on; nothing stored was changed."""


def ontology_graph_iri(base: str = DEFAULT_BASE) -> str:
    return f"{base}graph/ontology"


def is_report_graph(iri: str) -> bool:
    """True for the named graph of one report (``<base>graph/report/<stem>``)."""
    return "/graph/report/" in iri


def is_data_graph(iri: str) -> bool:
    """True for the graphs read from the records: each report graph and the entities graph.

    The others (ontology, derived edges, authorities) are not facts from reports.
    """
    return is_report_graph(iri) or iri.endswith("/graph/entities")


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
    #: nothing had changed since the last build, which was kept as it is
    up_to_date: bool = False

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
            lines.append(f"store          {self.store_path}"
                         + ("  (up to date: nothing changed since the last build)" if self.up_to_date else ""))
        for p in self.exports + self.pages:
            lines.append(f"{'kept' if self.up_to_date else 'wrote':15}{p}")
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


def build_dataset(records: list[dict], base: str = DEFAULT_BASE, index=None, store: ox.Store | None = None,
                  chunk: int = 512) -> ox.Store:
    """Every report graph, the entities graph, the ontology and the derived edges, in a store.

    ``store`` is an empty store to fill (an on-disk one for a big build), by
    default a new in-memory store.  The records are mapped ``chunk`` at a time,
    so no more than that many reports' quads are held in Python at once.  The
    mapping writes the derived edges of each report with its graph (what
    :func:`derive` gives, without a query over the whole store).
    """
    from kg.entities import index_records
    from kg.resolve import authority_quads

    store = store if store is not None else ox.Store()
    index = index or index_records(records, base)
    nquads = ox.RdfFormat.N_QUADS
    for text in _mapped_chunks(records, index, base, chunk):
        # lenient: the text is ours, its IRIs made of the checked base and slugs (parsing it twice as fast)
        store.bulk_load(text, format=nquads, lenient=True)
    store.bulk_extend(authority_quads(index, base))
    store.bulk_load(path=str(ontology_path("kg.ttl")), format=ox.RdfFormat.TURTLE,
                    to_graph=ox.NamedNode(ontology_graph_iri(base)))
    return store


#: from this many records on, the mapping runs in a process pool (forked: the workers share the index)
PARALLEL_MAPPING_FROM = 1000
_SHARED: tuple = ()


def _map_chunk(bounds: tuple[int, int] | None) -> bytes:
    """N-Quads of the report graphs and derived edges of ``records[start:end]``; of the entities graph for None."""
    from kg.mapping import entity_nquads, record_graphs_nquads

    records, index, base = _SHARED
    if bounds is None:
        return entity_nquads(records, index, base).encode("utf-8")
    return "".join("".join(record_graphs_nquads(rec, index, base))
                   for rec in records[bounds[0]:bounds[1]]).encode("utf-8")


def _mapped_chunks(records: list[dict], index, base: str, chunk: int):
    """N-Quads of the entities graph, then of the report graphs ``chunk`` records at a time.

    With many records the chunks are mapped in worker processes (forked: they
    share the records and the index), while the caller loads what is done.
    """
    global _SHARED
    jobs = [None] + [(i, min(i + chunk, len(records))) for i in range(0, len(records), chunk)]
    workers = min(os.cpu_count() or 1, 4)
    parallel = len(records) >= PARALLEL_MAPPING_FROM and workers > 1 and "fork" in mp.get_all_start_methods()
    _SHARED = (records, index, base)
    frozen = False
    try:
        if parallel:
            # one chunk per worker in flight and one being loaded, not all: loading is slower than
            # mapping, and the mapped text waiting to be loaded would otherwise pile up in memory
            gc.freeze()     # the workers' collector then leaves the shared records alone (no copy on write)
            frozen = True
            with mp.get_context("fork").Pool(workers) as pool:
                ahead = collections.deque(pool.apply_async(_map_chunk, (job,)) for job in jobs[:workers + 1])
                for job in jobs[workers + 1:]:
                    yield ahead.popleft().get()
                    ahead.append(pool.apply_async(_map_chunk, (job,)))
                while ahead:
                    yield ahead.popleft().get()
        else:
            yield from map(_map_chunk, jobs)
    finally:
        _SHARED = ()
        if frozen:
            gc.unfreeze()


def derive(store: ox.Store, base: str = DEFAULT_BASE) -> int:
    """Add the shortcut edges of ``ontology/derive.rq`` to the graph ``<base>graph/derived``; how many.

    The rules run over the union default graph (its ontology, authority and
    derived graphs hold nothing they match).  :func:`build_dataset` does not
    need this (the mapping writes the same edges); it is the rules' reference,
    for a store filled some other way.
    """
    derived = ox.NamedNode(derived_graph_iri(base))
    rules = ontology_path("derive.rq").read_text(encoding="utf-8")
    quads = [ox.Quad(t.subject, t.predicate, t.object, derived)
             for t in store.query(rules, use_default_graph_as_union=True)]
    store.bulk_extend(quads)
    return len(quads)


def sorted_quads(store: ox.Store) -> list[ox.Quad]:
    """Every quad, in a fixed order (graph, subject, predicate, object) for byte-identical output."""
    def key(q):
        return (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))

    return sorted(store.quads_for_pattern(None, None, None, None), key=key)


def export_graph(quads: list[ox.Quad], path: Path, fmt: str) -> Path:
    """Write the given quads in one of :data:`EXPORT_FORMATS`, atomically."""
    store = ox.Store()
    store.bulk_extend(quads)
    return export_store(store, path, fmt)


def export_store(store: ox.Store, path: Path, fmt: str) -> Path:
    """Write a store in one of :data:`EXPORT_FORMATS`, atomically, streamed from the store.

    Formats with named graphs keep them; Turtle and N-Triples get the union
    (each triple once).  The order is the store's index order: the same
    graph gives the same bytes.
    """
    _suffix, ox_format, keeps_graphs = EXPORT_FORMATS[fmt]
    with atomic_output(path) as out:
        if keeps_graphs:
            store.dump(out, format=ox_format, **({} if fmt == "nq" else {"prefixes": PREFIXES}))
        else:
            union = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
            ox.serialize(union, out, format=ox_format,
                         **({"prefixes": PREFIXES} if ox_format == ox.RdfFormat.TURTLE else {}))
    return path


_BASE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^\s<>\"{}|\\^`]+[/#]$")


def check_base(base: str) -> str:
    """``base`` if it can prefix our IRIs (absolute, ending in / or #), else :class:`BuildError`."""
    if not _BASE.match(base or ""):
        raise BuildError(f"--base {base!r} is not an absolute IRI ending in '/' or '#' "
                         "(e.g. https://kg.example.net/id/)")
    return base


def _extract_reports(data_dir: Path, progress: Callable[[str], None]):
    """Extract the reports whose records are missing or stale: the folder summary, or None."""
    reports, records = data_dir / "reports", data_dir / "records"
    if not reports.is_dir():
        return None
    from kg.extract import extract_folder

    result = extract_folder(reports, records, progress=progress, keep_records=True)
    if result.failed:
        problems = "\n".join(f"  {name}: {why}" for name, why in sorted(result.failed.items()))
        raise BuildError(f"{len(result.failed)} report(s) could not be read; nothing was stored:\n{problems}\n"
                         "Fix or remove them, or write their records in records/ by hand.")
    return result


def build(data_dir: str | os.PathLike = "data", base: str = DEFAULT_BASE, formats=("trig",),
          extract: bool = True, views: bool = True, progress: Callable[[str], None] | None = None,
          force: bool = False) -> BuildSummary:
    """Build the graph of every record in ``data_dir/records`` into ``data_dir/graph``.

    Reports in ``data_dir/reports`` whose record is missing or older are
    extracted first (a record marked ``reviewed: true`` is never overwritten).
    When nothing the graph is made from has changed since the last build (the
    records, ``authorities.yaml``, the resolution decisions, the base IRI, the
    ontology and kg itself: :func:`build_fingerprint`) and it wrote what is
    asked for, that build is kept as it is, unless ``force``.
    Raises :class:`BuildError` (or :class:`kg.record.RecordError`) without
    touching the stored graph when a record is bad or the graph is invalid.
    """
    check_base(base)
    report_progress = progress or (lambda _msg: None)
    progress = _timed(report_progress)
    started = time.perf_counter()
    data_dir = Path(data_dir)
    graph_dir = data_dir / "graph"
    summary = BuildSummary()
    fresh: dict[Path, dict] = {}       # the records extraction just wrote, already parsed
    if extract:
        result = _extract_reports(data_dir, report_progress)
        if result is not None:
            summary.extracted, summary.kept_reviewed = list(result.written), list(result.reviewed)
            fresh = result.records
        progress(f"extracted {len(summary.extracted)} report(s), kept {len(summary.kept_reviewed)} reviewed record(s)")
    records_dir = data_dir / "records"
    if not records_dir.is_dir():
        raise BuildError(f"no records folder at {records_dir}")
    fingerprint = build_fingerprint(data_dir, base)
    if not force and _kept(graph_dir, fingerprint, formats, views, summary):
        progress(f"nothing changed since the last build: kept {summary.store_path} (kg build --force rebuilds)")
        summary.seconds = time.perf_counter() - started
        return summary
    loaded = load_records(records_dir, known=fresh)
    del fresh
    records = [rec for _path, rec in loaded]
    summary.reports = len(records)
    progress(f"read {len(records)} record(s) from {records_dir}")

    from kg.resolve import resolve_records

    index = resolve_records(records, base=base, data_dir=data_dir)
    progress("resolved the names of people, organisations and proposals")
    from kg.validate import validate_store

    def fill(store: ox.Store) -> None:
        # everything is written into the new on-disk generation and checked there:
        # a graph that fails validation is thrown away with it
        build_dataset(records, base, index, store=store)
        progress(f"mapped {len(records)} record(s) to RDF")
        summary.counts = graph_counts(store)
        summary.triples = len(store)
        summary.validation = validate_store(store, size=summary.triples)
        if not summary.validation.conforms:
            raise BuildError("the graph does not satisfy ontology/shapes.ttl; nothing was stored\n"
                             + summary.validation.text())
        progress("validated against ontology/shapes.ttl")

    summary.store_path, _ = fill_generation(graph_dir, fill)
    progress(f"stored {summary.triples} triples in {summary.store_path}")
    store = open_store(graph_dir)
    for fmt in formats:
        suffix = EXPORT_FORMATS[fmt][0]
        summary.exports.append(export_store(store, graph_dir / f"kg.{suffix}", fmt))
        progress(f"exported {summary.exports[-1]}")
    if views:
        summary.pages = _write_views(store, graph_dir, progress)
    _save_state(graph_dir, fingerprint, formats, views, summary)
    summary.seconds = time.perf_counter() - started
    return summary


#: what the last complete build made, and from what (read by the next build)
STATE_FILE = "build.json"


def build_fingerprint(data_dir: str | os.PathLike, base: str = DEFAULT_BASE) -> str:
    """A digest of everything a build's graph is made from.

    The bytes of every record, of ``authorities.yaml`` and of the resolution
    decisions, the base IRI, and kg's own code and ontology files: equal
    digests give the same graph.
    """
    from kg.resolve_authorities import AUTHORITIES_PATH
    from kg.resolve_decisions import decisions_path

    data_dir = Path(data_dir)
    h = hashlib.sha256(f"kg-build/1\0{base}\0{_code_digest()}\0".encode())
    records = data_dir / "records"
    for path in record_files(records):
        h.update(f"record\0{path.name}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
    for path in (data_dir / AUTHORITIES_PATH, decisions_path(data_dir)):
        if Path(path).is_file():
            h.update(f"input\0{Path(path).name}\0".encode() + hashlib.sha256(Path(path).read_bytes()).digest())
    return h.hexdigest()


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    """A digest of kg's Python modules and ontology files (a changed kg builds again)."""
    package = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".ttl", ".rq") and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _kept(graph_dir: Path, fingerprint: str, formats, views: bool, summary: BuildSummary) -> bool:
    """Whether the last build made the current graph from the same inputs, with these outputs (fills ``summary``)."""
    try:
        state = json.loads((graph_dir / STATE_FILE).read_text(encoding="utf-8"))
        current = (graph_dir / "store").resolve()
    except (OSError, ValueError):
        return False
    exports = [graph_dir / f"kg.{EXPORT_FORMATS[f][0]}" for f in formats]
    pages = [graph_dir / name for name in state.get("pages", [])] if views else []
    if (state.get("fingerprint") != fingerprint or state.get("store") != current.name or not current.is_dir()
            or not set(formats) <= set(state.get("formats", ())) or (views and not state.get("views"))
            or not all(p.exists() for p in exports + pages)):
        return False
    summary.up_to_date = True
    summary.store_path = current
    summary.reports, summary.triples, summary.counts = state["reports"], state["triples"], state["counts"]
    summary.exports, summary.pages = exports, pages
    return True


def _save_state(graph_dir: Path, fingerprint: str, formats, views: bool, summary: BuildSummary) -> None:
    state = {"fingerprint": fingerprint, "store": summary.store_path.name, "formats": sorted(set(formats)),
             "views": views, "pages": [p.name for p in summary.pages], "reports": summary.reports,
             "triples": summary.triples, "counts": summary.counts}
    write_atomic(graph_dir / STATE_FILE, json.dumps(state, indent=1, sort_keys=True) + "\n")


def _timed(progress: Callable[[str], None]) -> Callable[[str], None]:
    """``progress`` with the seconds since the previous message added to each message."""
    last = [time.perf_counter()]

    def say(message: str) -> None:
        now = time.perf_counter()
        progress(f"{message} ({now - last[0]:.1f} s)")
        last[0] = now

    return say


def _write_views(store: ox.Store, graph_dir: Path, progress) -> list[Path]:
    """The HTML pages of the main job: the overview and the proposals view."""
    from kg.render import write_build_views

    return write_build_views(store, graph_dir, progress=progress)
