"""The ontology: our namespace class matches kg.ttl; every kg: term is labelled; the package ships it."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from kg.namespaces import KG
from kg.store import ontology_path

ROOT = Path(__file__).resolve().parents[1]


def _kg_terms(graph: Graph) -> set[str]:
    ns = str(KG._NS)
    return {str(s)[len(ns):] for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(ns)}


def test_namespace_class_matches_kg_ttl():
    g = Graph().parse(ROOT / "ontology" / "kg.ttl")
    assert _kg_terms(g) == set(KG.__annotations__)


def test_every_kg_term_has_label_and_comment():
    g = Graph().parse(ROOT / "ontology" / "kg.ttl")
    for term in _kg_terms(g):
        iri = KG[term]
        assert g.value(iri, RDFS.label), f"kg:{term} has no rdfs:label"
        assert g.value(iri, RDFS.comment), f"kg:{term} has no rdfs:comment"


def test_installed_ontology_matches_the_repository():
    for name in ("kg.ttl", "shapes.ttl", "derive.rq"):
        assert ontology_path(name).read_bytes() == (ROOT / "ontology" / name).read_bytes(), name


def test_shapes_parse_and_name_the_model():
    g = Graph().parse(ontology_path("shapes.ttl"))
    targets = {str(o).rsplit("/", 1)[-1].rsplit("#", 1)[-1]
               for o in g.objects(None, URIRef("http://www.w3.org/ns/shacl#targetClass"))}
    assert {"Person", "Session", "RoleDuringEvent", "Proposal", "Membership", "Event"} <= targets
