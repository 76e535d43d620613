"""SHACL validation of a built graph against ``ontology/shapes.ttl``, with a readable report."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

__all__ = ["Violation", "ValidationReport", "validate_quads", "validate_store"]


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


def _short(iri: str) -> str:
    from kg.namespaces import PREFIXES

    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def validate_quads(quads) -> ValidationReport:
    """Validate the union of the given quads (graph names ignored) with pyshacl.

    The ontology joins the data graph, since the role and kind concepts are typed there.
    """
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
        label = data.value(focus, RDFS.label) if focus is not None else None
        violations.append(Violation(
            focus=str(focus), focus_label=str(label or ""),
            path=_short(str(path)) if path is not None else "",
            message=str(message or "constraint not met"),
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
        ))
    return ValidationReport(bool(conforms), sorted(set(violations)))


def validate_store(store: ox.Store) -> ValidationReport:
    """Validate the report graphs of a store (the ontology and derived graphs are not data)."""
    from kg.build import is_report_graph

    graphs = [g for g in store.named_graphs() if is_report_graph(g.value)]
    quads = [q for g in graphs for q in store.quads_for_pattern(None, None, None, g)]
    return validate_quads(quads)
