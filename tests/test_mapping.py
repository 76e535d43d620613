"""Records -> RDF: the expected graph, determinism, no blank nodes, the base IRI."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Dataset
from rdflib.compare import isomorphic

from kg.build import build_dataset, sorted_quads
from kg.mapping import record_quads, record_to_graph
from kg.record import load_records

from conftest import FIXTURES, SEED_GOLD


def _graph_of(ds: Dataset, iri: str):
    return ds.graph(iri)


def test_tiny_record_maps_to_the_expected_graph(tiny_record):
    got = record_to_graph(tiny_record)
    want = Dataset()
    want.parse(FIXTURES / "records" / "tiny.trig", format="trig")
    g = "https://example.org/kg/graph/report/tiny"
    entities = "https://example.org/kg/graph/entities"
    assert len(got.graph(g)) == len(want.graph(g)) == 68
    assert isomorphic(got.graph(g), want.graph(g))
    assert len(got.graph(entities)) == len(want.graph(entities)) == 30
    assert isomorphic(got.graph(entities), want.graph(entities))


def test_entities_are_described_once_however_many_reports_name_them():
    records = [r for _p, r in load_records(SEED_GOLD)]
    store = build_dataset(records)
    rows = list(store.query("""
        PREFIX schema: <https://schema.org/>
        SELECT ?p (COUNT(*) AS ?n) WHERE { ?p a schema:Person ; schema:name ?name } GROUP BY ?p
        HAVING (COUNT(*) > 1)""", use_default_graph_as_union=True))
    assert rows == []  # one name per person in the union default graph, not one per report
    named_in_two = list(store.query("""
        PREFIX schema: <https://schema.org/>
        SELECT ?x WHERE { GRAPH ?g1 { ?r1 schema:mentions ?x } GRAPH ?g2 { ?r2 schema:mentions ?x }
                          FILTER(STR(?g1) < STR(?g2)) } LIMIT 1""", use_default_graph_as_union=True))
    assert named_in_two  # while each report graph still says that its report names the entity


def test_same_records_give_byte_identical_nquads():
    records = [r for _p, r in load_records(SEED_GOLD)]
    first = ox.serialize(sorted_quads(build_dataset(records)), format=ox.RdfFormat.N_QUADS)
    again = ox.serialize(sorted_quads(build_dataset(list(reversed(records)))), format=ox.RdfFormat.N_QUADS)
    assert first == again
    assert b"_:" not in first  # no blank nodes anywhere


def test_base_iri_is_used_for_every_resource(tiny_record):
    quads = record_quads(tiny_record, base="https://kg.test/id/")
    iris = {t.value for q in quads for t in (q.subject, q.object, q.graph_name) if isinstance(t, ox.NamedNode)}
    ours = {i for i in iris if "example.org" in i}
    assert not ours
    assert "https://kg.test/id/person/mira-tanaka" in iris


def test_evidence_becomes_web_annotation_selectors(tiny_record):
    store = ox.Store()
    store.extend(record_quads(tiny_record))
    rows = list(store.query("""
        PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX org: <http://www.w3.org/ns/org#>
        SELECT ?exact ?start ?end ?source WHERE {
          ?m a org:Membership ; prov:wasDerivedFrom ?ev .
          ?ev oa:hasSource ?source ; oa:hasSelector ?q, ?p .
          ?q a oa:TextQuoteSelector ; oa:exact ?exact .
          ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
        }""", use_default_graph_as_union=True))
    assert [(r["exact"].value, int(r["start"].value), int(r["end"].value), r["source"].value) for r in rows] == [
        ("Moderated by Mira Tanaka, Director of HVI.", 53, 96, "https://example.org/kg/report/tiny")]


def test_each_report_in_its_own_named_graph():
    records = [r for _p, r in load_records(SEED_GOLD)]
    store = build_dataset(records)
    graphs = sorted(g.value for g in store.named_graphs())
    assert graphs == [
        "https://example.org/kg/graph/derived",
        "https://example.org/kg/graph/entities",
        "https://example.org/kg/graph/ontology",
        "https://example.org/kg/graph/report/000_10c68b35a4710464",
        "https://example.org/kg/graph/report/002_363e236a17082842",
        "https://example.org/kg/graph/report/003_28207104a702530a",
    ]


def test_derived_shortcut_edges(tiny_record):
    store = build_dataset([tiny_record])
    ask = """PREFIX kg: <https://w3id.org/kg-track2/ns#>
    ASK { GRAPH <https://example.org/kg/graph/derived> {
      ?s kg:chairedBy <https://example.org/kg/person/mira-tanaka> .
      <https://example.org/kg/person/oh-jin-seo> kg:spokeAt ?s ;
          kg:participatedIn <https://example.org/kg/event/2031-01-20-harbourview-maritime-dialogue> .
      <https://example.org/kg/proposal/coastal-data-commons> kg:proposedBy <https://example.org/kg/person/oh-jin-seo> ;
          kg:proposedIn ?s ;
          kg:proposedAt <https://example.org/kg/event/2031-01-20-harbourview-maritime-dialogue> .
      <https://example.org/kg/person/mira-tanaka> kg:affiliatedWith <https://example.org/kg/org/harbourview-institute> .
      <https://example.org/kg/org/harbourview-institute> kg:organized ?e .
    } }"""
    assert bool(store.query(ask))


def test_labels_on_everything_a_person_looks_at():
    records = [r for _p, r in load_records(SEED_GOLD)]
    store = build_dataset(records)
    rows = list(store.query("""
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?x WHERE {
          GRAPH ?g { ?x a ?c }
          FILTER(CONTAINS(STR(?g), "/graph/report/") || STRENDS(STR(?g), "/graph/entities"))
          FILTER(?c NOT IN (<http://www.w3.org/ns/oa#SpecificResource>,
                            <http://www.w3.org/ns/oa#TextQuoteSelector>,
                            <http://www.w3.org/ns/oa#TextPositionSelector>))
          FILTER NOT EXISTS { GRAPH ?g2 { ?x rdfs:label ?l } }
        }"""))
    assert rows == []


def test_parallel_mapping_gives_the_same_graph(monkeypatch):
    import kg.build

    records = [r for _p, r in load_records(SEED_GOLD)]
    serial = sorted_quads(build_dataset(records))
    monkeypatch.setattr(kg.build, "PARALLEL_MAPPING_FROM", 1)
    parallel = sorted_quads(build_dataset(records, chunk=1))
    assert parallel == serial


def _rule_derived(store: ox.Store) -> set:
    """What ``ontology/derive.rq`` gives over ``store`` without its derived graph."""
    from kg.build import derive
    from kg.mapping import derived_graph_iri

    derived = ox.NamedNode(derived_graph_iri())
    bare = ox.Store()
    bare.bulk_extend(q for q in store if q.graph_name != derived)
    derive(bare)
    return set(bare.quads_for_pattern(None, None, None, derived))


def test_the_mapping_writes_exactly_the_edges_the_derivation_rules_give(tiny_record):
    from kg.mapping import derived_graph_iri

    folders = [SEED_GOLD, FIXTURES / "devset" / "gold", FIXTURES / "queries" / "records",
               FIXTURES / "resolve" / "extra_records"]
    records = [r for folder in folders for _p, r in load_records(folder)] + [tiny_record]
    store = build_dataset(records)
    mapped = set(store.quads_for_pattern(None, None, None, ox.NamedNode(derived_graph_iri())))
    assert len(mapped) > 500
    assert mapped == _rule_derived(store)
