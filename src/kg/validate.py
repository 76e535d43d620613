"""SHACL validation of a built graph against ``ontology/shapes.ttl``, with a readable report."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice

import pyoxigraph as ox

from kg.namespaces import short_iri

__all__ = ["Violation", "ValidationReport", "validate_quads", "validate_pyshacl", "validate_store",
           "SPARQL_FROM_TRIPLES"]


@dataclass(frozen=True, order=True)
class Violation:
    """One failed constraint: which node, which property, what is wrong."""

    focus: str
    focus_label: str
    path: str
    message: str
    severity: str = "Violation"

    def __str__(self) -> str:
        who = f"{self.focus_label} <{self.focus}>" if self.focus_label else f"<{self.focus}>"
        path = f" [{self.path}]" if self.path else ""
        return f"{self.severity}: {who}{path}: {self.message}"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    focus_nodes: int = 0

    def text(self, limit: int = 50) -> str:
        if self.conforms:
            return "valid: the graph satisfies every shape in ontology/shapes.ttl"
        lines = [f"INVALID: {len(self.violations)} violation(s) of ontology/shapes.ttl"]
        lines += [f"  {v}" for v in self.violations[:limit]]
        if len(self.violations) > limit:
            lines.append(f"  ... and {len(self.violations) - limit} more")
        return "\n".join(lines)


#: From this many triples on, ``engine="auto"`` checks the shapes as SPARQL on Oxigraph.
SPARQL_FROM_TRIPLES = 20_000


def validate_quads(quads, engine: str = "auto") -> ValidationReport:
    """Validate the union of the given quads (graph names ignored) against ``ontology/shapes.ttl``.

    The ontology joins the data graph, since the role and kind concepts are typed there.

    Parameters
    ----------
    quads : iterable of pyoxigraph.Quad
    engine : {"auto", "pyshacl", "sparql"}
        ``pyshacl`` is the reference SHACL engine (minutes on a million triples);
        ``sparql`` runs the same shapes translated into SPARQL on Oxigraph
        (:mod:`kg.validate_sparql`; both give the same violations, see
        ``tests/test_validate_sparql.py``); ``auto`` takes ``sparql`` from
        :data:`SPARQL_FROM_TRIPLES` triples on, when the shapes translate.
    """
    from kg.store import ontology_path

    quads = list(quads)
    if engine not in ("auto", "pyshacl", "sparql"):
        raise ValueError(f"unknown validation engine {engine!r}")
    if engine != "pyshacl":
        from kg.validate_sparql import ShapesNotTranslatable, validate_sparql

        if engine == "sparql" or len(quads) >= SPARQL_FROM_TRIPLES:
            try:
                return validate_sparql(quads, ontology_path("shapes.ttl"), ontology_path("kg.ttl"))
            except ShapesNotTranslatable:
                if engine == "sparql":
                    raise
    return validate_pyshacl(quads)


def validate_pyshacl(quads) -> ValidationReport:
    """Validate with pyshacl, the reference engine (see :func:`validate_quads`)."""
    import pyshacl
    from rdflib import Graph
    from rdflib.namespace import RDF, RDFS, SH

    from kg.store import ontology_path

    data = Graph()
    triples = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    data.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    data.parse(ontology_path("kg.ttl"), format="turtle")  # the kinds and roles are typed there
    shapes = Graph().parse(ontology_path("shapes.ttl"), format="turtle")
    conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                               abort_on_first=False, allow_warnings=True)
    violations = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        severity = report.value(result, SH.resultSeverity)
        labels = sorted(str(x) for x in data.objects(focus, RDFS.label)) if focus is not None else []
        violations.append(Violation(
            focus=str(focus), focus_label=labels[0] if labels else "",
            path=short_iri(str(path)) if path is not None else "",
            message=str(message or "constraint not met"),
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
        ))
    return ValidationReport(bool(conforms), sorted(set(violations)))


def validate_store(store: ox.Store, engine: str = "auto", size: int | None = None) -> ValidationReport:
    """Validate the report graphs and the entities graph of a store (the ontology and derived graphs are not data).

    A large store (:data:`SPARQL_FROM_TRIPLES` on) is checked in place with the
    shapes as SPARQL over the union of its graphs (the derived and authority
    graphs add no triples the shapes constrain); a small one as
    :func:`validate_quads` does.  ``size``, when the caller knows it, is the
    number of quads in the store.
    """
    from kg.build import data_graph_quads

    # whether the store has that many quads, without counting them all (a scan on disk)
    large = (size >= SPARQL_FROM_TRIPLES if size is not None
             else next(islice(store, SPARQL_FROM_TRIPLES - 1, None), None) is not None)
    if engine == "auto" and large:
        from kg.store import ontology_path
        from kg.validate_sparql import ShapesNotTranslatable, validate_sparql_store

        try:
            return validate_sparql_store(store, ontology_path("shapes.ttl"))
        except ShapesNotTranslatable:
            pass
    return validate_quads(data_graph_quads(store), engine=engine)
