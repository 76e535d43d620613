"""The SPARQL translation of the shapes reports exactly what pyshacl reports, on broken graphs.

Each case breaks the tiny fixture graph in one way (every constraint of
``ontology/shapes.ttl`` is broken by at least one case); both engines must
give the same violations, and at least one.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.build import build_dataset, is_data_graph, sorted_quads
from kg.store import ontology_path
from kg.validate import SPARQL_FROM_TRIPLES, validate_quads
from kg.validate_sparql import ShapesNotTranslatable, shape_queries, validate_sparql

K = "https://example.org/kg/"
SDO, ORG, CONF = "https://schema.org/", "http://www.w3.org/ns/org#", \
    "https://w3id.org/scholarlydata/ontology/conference-ontology.owl#"
OA, SKOS, KG = "http://www.w3.org/ns/oa#", "http://www.w3.org/2004/02/skos/core#", "https://w3id.org/kg-track2/ns#"
RDF_TYPE, XSD = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"

EVENT = K + "event/2031-01-20-harbourview-maritime-dialogue"
SESSION = K + "session/2031-01-20-harbourview-maritime-dialogue.1"
PERSON = K + "person/oh-jin-seo"
ORG_ = K + "org/harbourview-institute"
CHAIR = K + "role/2031-01-20-harbourview-maritime-dialogue.1.chair.mira-tanaka"
PROPOSER = K + "role/2031-01-20-harbourview-maritime-dialogue.1.coastal-data-commons.proposer.oh-jin-seo"
PROPOSAL = K + "proposal/coastal-data-commons"
MEMBERSHIP = K + "membership/2031-01-20-harbourview-maritime-dialogue.mira-tanaka.harbourview-institute"
REPORT = K + "report/tiny"
EVIDENCE = K + "evidence/tiny.0-52"
QUOTE, POSITION = EVIDENCE + "/quote", EVIDENCE + "/position"


def _n(x):
    return ox.NamedNode(x)


def _lit(value, dt=None, lang=None):
    if lang:
        return ox.Literal(value, language=lang)
    return ox.Literal(value, datatype=_n(XSD + dt)) if dt else ox.Literal(value)


# case name -> (triples to remove: (s, p) pairs, triples to add)
CASES = {
    "person without name": ([(PERSON, SDO + "name")], []),
    "person name with a language tag": ([(PERSON, SDO + "name")], [(PERSON, SDO + "name", _lit("Oh", lang="en"))]),
    "organisation with two kinds": ([], [(ORG_, ORG + "classification", _n(KG + "university"))]),
    "organisation kind not a concept": ([(ORG_, ORG + "classification")],
                                        [(ORG_, ORG + "classification", _n(K + "nowhere"))]),
    "organisation without name": ([(ORG_, SDO + "name")], []),
    "event with two start dates": ([], [(EVENT, SDO + "startDate", _lit("2031-02-01", "date"))]),
    "event start not a date": ([(EVENT, SDO + "startDate")], [(EVENT, SDO + "startDate", _lit("next spring"))]),
    "event start ill-formed date": ([(EVENT, SDO + "startDate")],
                                    [(EVENT, SDO + "startDate", _lit("2031-13-45", "date"))]),
    "event end twice": ([], [(EVENT, SDO + "endDate", _lit("2031-01-21", "date")),
                             (EVENT, SDO + "endDate", _lit("2031-01-22", "date"))]),
    "event without name": ([(EVENT, SDO + "name")], []),
    "session parent not an event": ([(SESSION, SDO + "superEvent")], [(SESSION, SDO + "superEvent", _n(PERSON))]),
    "session without parent": ([(SESSION, SDO + "superEvent")], []),
    "session number not an integer": ([], [(SESSION, KG + "sessionNumber", _lit("one", "integer"))]),
    "role without person": ([(CHAIR, CONF + "isHeldBy")], []),
    "role held by an organisation": ([(CHAIR, CONF + "isHeldBy")], [(CHAIR, CONF + "isHeldBy", _n(ORG_))]),
    "role during two events": ([], [(CHAIR, CONF + "during", _n(EVENT))]),
    "role of an unknown kind": ([(CHAIR, CONF + "withRole")], [(CHAIR, CONF + "withRole", _n(KG + "host"))]),
    "role with a literal kind": ([(CHAIR, CONF + "withRole")], [(CHAIR, CONF + "withRole", _lit("chair"))]),
    "proposer role about a person": ([(PROPOSER, DCT + "subject")], [(PROPOSER, DCT + "subject", _n(PERSON))]),
    "non-role subject (allowed)": ([], [(SESSION, DCT + "subject", _n(PERSON))]),
    "affiliation of an organisation": ([(MEMBERSHIP, ORG + "member")], [(MEMBERSHIP, ORG + "member", _n(ORG_))]),
    "affiliation without organisation": ([(MEMBERSHIP, ORG + "organization")], []),
    "affiliation during a person": ([(MEMBERSHIP, CONF + "during")], [(MEMBERSHIP, CONF + "during", _n(PERSON))]),
    "proposal without label": ([(PROPOSAL, SKOS + "prefLabel")], []),
    "report with two names": ([], [(REPORT, SDO + "name", _lit("other.txt"))]),
    "report published not a date": ([], [(REPORT, SDO + "datePublished", _lit("2031", "gYear"))]),
    "evidence without selector": ([(EVIDENCE, OA + "hasSelector")], []),
    "evidence source a literal": ([(EVIDENCE, OA + "hasSource")], [(EVIDENCE, OA + "hasSource", _lit("tiny"))]),
    "quote twice": ([], [(QUOTE, OA + "exact", _lit("another sentence"))]),
    "position without start": ([(POSITION, OA + "start")], []),
    "position end a decimal": ([(POSITION, OA + "end")], [(POSITION, OA + "end", _lit("1.5", "decimal"))]),
    "untyped node (no target)": ([], [(K + "loose", SDO + "startDate", _lit("never"))]),
}


def _quads(record) -> list[ox.Quad]:
    return [q for q in sorted_quads(build_dataset([record])) if is_data_graph(q.graph_name.value)]


def _broken(quads, remove, add) -> list[ox.Quad]:
    g = quads[0].graph_name
    drop = {(s, p) for s, p in remove}
    out = [q for q in quads if (q.subject.value, q.predicate.value) not in drop]
    out += [ox.Quad(_n(s), _n(p), o, g) for s, p, o in add]
    return out


def test_shapes_translate():
    queries = shape_queries(ontology_path("shapes.ttl"))
    assert len(queries) >= 20
    assert all(q.message for q in queries)


def test_valid_graph_is_valid_in_both(tiny_record):
    quads = _quads(tiny_record)
    assert validate_quads(quads, engine="pyshacl") == validate_quads(quads, engine="sparql")
    assert validate_quads(quads, engine="sparql").conforms


@pytest.mark.parametrize("case", sorted(CASES))
def test_both_engines_report_the_same_violations(tiny_record, case):
    remove, add = CASES[case]
    quads = _broken(_quads(tiny_record), remove, add)
    reference = validate_quads(quads, engine="pyshacl")
    fast = validate_quads(quads, engine="sparql")
    assert fast.violations == reference.violations
    assert fast.conforms == reference.conforms
    if case.endswith("(allowed)") or case.endswith("(no target)"):
        assert reference.conforms
    else:
        assert reference.violations, f"{case} should break a shape"


def test_all_breakages_at_once(tiny_record):
    quads = _quads(tiny_record)
    remove = [r for rs, _ in CASES.values() for r in rs]
    add = [a for _, adds in CASES.values() for a in adds]
    broken = _broken(quads, remove, add)
    reference = validate_quads(broken, engine="pyshacl")
    assert validate_quads(broken, engine="sparql").violations == reference.violations
    assert len(reference.violations) >= 20


def test_untranslatable_shapes_are_refused(tmp_path, tiny_record):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix s: <https://schema.org/> .\n"
                      "<urn:x:S> a sh:NodeShape ; sh:targetClass s:Person ;\n"
                      "  sh:property [ sh:path s:name ; sh:pattern \"^A\" ; sh:message \"m\" ] .\n",
                      encoding="utf-8")
    with pytest.raises(ShapesNotTranslatable):
        validate_sparql(_quads(tiny_record), shapes)


def test_auto_takes_the_fast_engine_only_for_big_graphs():
    assert SPARQL_FROM_TRIPLES >= 10_000
