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
from kg.namespaces import short_iri
from kg.validate import SPARQL_FROM_TRIPLES, ValidationReport, Violation, validate_quads
from kg.validate_sparql import ShapesNotTranslatable, shape_queries, validate_sparql, validate_sparql_store

K = "https://example.org/kg/"
SDO, ORG, CONF = "https://schema.org/", "http://www.w3.org/ns/org#", \
    "https://w3id.org/scholarlydata/ontology/conference-ontology.owl#"
OA, SKOS, KG = "http://www.w3.org/ns/oa#", "http://www.w3.org/2004/02/skos/core#", "https://w3id.org/kg-track2/ns#"
RDF_TYPE, XSD = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"

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
    "organisation kind a proposal, a subclass of concept (allowed)": (
        [(ORG_, ORG + "classification")], [(ORG_, ORG + "classification", _n(PROPOSAL))]),
    "event typed by a subclass, without name": ([], [(K + "Meeting", RDFS_SUBCLASS, _n(SDO + "Event")),
                                                     (K + "meeting", RDF_TYPE, _n(K + "Meeting"))]),
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


# The general forms of the translation, on shapes of their own: every constraint kind
# at the top level (each compiled to a set-based query), compared with pyshacl on tiny
# graphs.  Each case adds triples to BASE (and may drop some); both engines must agree.

GENERAL_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <urn:ex:> .

ex:ThingShape a sh:NodeShape ;
    sh:targetClass ex:Thing ;
    sh:targetNode ex:lonely ;
    sh:property [ sh:path ex:two ; sh:minCount 2 ; sh:message "at least two" ] ,
        [ sh:path ex:none ; sh:maxCount 0 ; sh:message "none" ] ,
        [ sh:path ex:upto2 ; sh:maxCount 2 ; sh:message "at most two" ] ,
        [ sh:path ex:range ; sh:minCount 2 ; sh:maxCount 3 ; sh:message "two to three" ] ,
        [ sh:path ex:date ; sh:datatype xsd:date ; sh:message "dates" ] ,
        [ sh:path ex:kind ; sh:in ( ex:a ex:b ) ; sh:message "a or b" ] ,
        [ sh:path ex:part ; sh:class ex:Part ; sh:node ex:NamedShape ; sh:message "named parts" ] ,
        [ sh:path ex:alt ; sh:or ( [ sh:datatype xsd:integer ] [ sh:class ex:Part ] ) ;
          sh:message "an integer or a part" ] ,
        [ sh:path ex:nick ; sh:maxCount 1 ; sh:severity sh:Warning ; sh:message "one nickname" ] ,
        [ sh:path ex:label ; sh:name "no constraint, no message needed" ] .

ex:NamedShape a sh:NodeShape ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ] .

ex:OwnerShape a sh:NodeShape ;
    sh:targetSubjectsOf ex:owner ;
    sh:class ex:Owner ;
    sh:message "only owners own" .

ex:CodeShape a sh:NodeShape ;
    sh:targetObjectsOf ex:code ;
    sh:datatype xsd:integer ;
    sh:message "codes are integers" .

ex:RefShape a sh:NodeShape ;
    sh:targetObjectsOf ex:ref ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message "what is referred to has a name" ] .

ex:FixedShape a sh:NodeShape ;
    sh:targetNode ex:fixed ;
    sh:in ( ex:fixed ) ;
    sh:message "only the fixed node" ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:string ;
                  sh:message "the fixed node has one string name" ] .
"""

GENERAL_BASE = """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <urn:ex:> .
ex:SubThing rdfs:subClassOf ex:Thing .
ex:SubPart rdfs:subClassOf ex:Part .
ex:SubOwner rdfs:subClassOf ex:Owner .
ex:fixed ex:name "fixed" .
ex:lonely ex:two 1, 2 ; ex:range 1, 2 .
ex:ok a ex:Thing ; ex:two 1, 2 ; ex:range 1, 2, 3 ; ex:upto2 1, 2 ; ex:date "2031-01-20"^^xsd:date ;
    ex:kind ex:a, ex:b ; ex:part ex:wheel ; ex:alt 7, ex:wheel ; ex:nick "ok" .
ex:wheel a ex:SubPart ; ex:name "wheel" .
"""

# case name -> (subjects whose triples are dropped from GENERAL_BASE, Turtle added to it)
GENERAL_CASES = {
    "a thing with no value where two are needed": ([], "ex:t a ex:Thing ; ex:range 1, 2 ."),
    "a thing with one value where two are needed": ([], "ex:t a ex:Thing ; ex:two 1 ; ex:range 1, 2 ."),
    "a subclass-typed thing without values": ([], "ex:t a ex:SubThing ."),
    "bad values on a node no shape targets (allowed)": ([], 'ex:t ex:none ex:a ; ex:upto2 1, 2, 3 ; ex:range 9 ; '
                                                            'ex:date "x" ; ex:kind ex:c ; ex:part "p" ; ex:alt "a" .'),
    "a target node without values": (["urn:ex:lonely"], ""),
    "a value where none is allowed": ([], "ex:ok ex:none ex:a ."),
    "three values where two are allowed": ([], "ex:ok ex:upto2 3 ."),
    "four values where three are allowed": ([], "ex:ok ex:range 4 ."),
    "one value where two to three are needed": ([], "ex:t a ex:Thing ; ex:two 1, 2 ; ex:range 1 ."),
    "an ill-formed date": ([], 'ex:ok ex:date "2031-02-30"^^xsd:date .'),
    "a plain string date": ([], 'ex:ok ex:date "2031-01-20" .'),
    "an IRI date": ([], "ex:ok ex:date ex:a ."),
    "a kind not in the list": ([], "ex:ok ex:kind ex:c ."),
    "a literal kind": ([], 'ex:ok ex:kind "a" .'),
    "a part of no class": ([], 'ex:ok ex:part ex:bolt . ex:bolt ex:name "bolt" .'),
    "a part without a name": ([], "ex:ok ex:part ex:bolt . ex:bolt a ex:Part ."),
    "a literal part": ([], 'ex:ok ex:part "bolt" .'),
    "a subclass-typed part (allowed)": ([], 'ex:ok ex:part ex:bolt . ex:bolt a ex:SubPart ; ex:name "b" .'),
    "an alternative neither integer nor part": ([], 'ex:ok ex:alt "seven" .'),
    "two nicknames (a warning)": ([], 'ex:ok ex:nick "other" .'),
    "an owner of no class": ([], "ex:x ex:owner ex:ok ."),
    "a subclass-typed owner (allowed)": ([], "ex:x a ex:SubOwner ; ex:owner ex:ok ."),
    "a code not an integer": ([], 'ex:x ex:code "7" .'),
    "an IRI code": ([], "ex:x ex:code ex:a ."),
    "an integer code (allowed)": ([], "ex:x ex:code 7 ."),
    "a reference to a literal": ([], 'ex:x ex:ref "nothing" .'),
    "a reference to a nameless node": ([], "ex:x ex:ref ex:nameless ."),
    "the target node without a name": (["urn:ex:fixed"], ""),
    "the target node with two names": ([], 'ex:fixed ex:name "again" .'),
    "the target node with a tagged name": (["urn:ex:fixed"], 'ex:fixed ex:name "fixed"@en .'),
}


def _general_quads(drop, add: str) -> list[ox.Quad]:
    prefixes = "@prefix ex: <urn:ex:> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    quads = ox.parse(prefixes + GENERAL_BASE + add, format=ox.RdfFormat.TURTLE)
    return [q for q in quads if q.subject.value not in drop]


def _general_reference(quads, shapes) -> ValidationReport:
    """pyshacl's report on ``quads``, as :func:`kg.validate.validate_pyshacl` reads it, for any shapes."""
    import pyshacl
    from rdflib import Graph
    from rdflib.namespace import RDFS, SH

    data = Graph().parse(data=ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                                           format=ox.RdfFormat.N_TRIPLES), format="nt")
    conforms, report, _ = pyshacl.validate(data, shacl_graph=Graph().parse(str(shapes), format="turtle"),
                                           inference="none", allow_warnings=True)
    violations = set()
    # the results proper: pyshacl also types the sh:detail of an sh:node result a sh:ValidationResult,
    # and kg.validate.validate_pyshacl counts those too (shapes.ttl has no sh:node, so it does not show)
    for result in report.objects(None, SH.result):
        focus, path = report.value(result, SH.focusNode), report.value(result, SH.resultPath)
        labels = sorted(str(x) for x in data.objects(focus, RDFS.label))
        violations.add(Violation(str(focus), labels[0] if labels else "", short_iri(str(path)) if path else "",
                                 str(report.value(result, SH.resultMessage)),
                                 str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]))
    return ValidationReport(bool(conforms), sorted(violations))


def _in_two_graphs(quads) -> ox.Store:
    """A store holding every triple in two named graphs, so the union default graph repeats each."""
    store = ox.Store()
    for g in ("urn:g:1", "urn:g:2"):
        store.extend(ox.Quad(q.subject, q.predicate, q.object, _n(g)) for q in quads)
    return store


@pytest.fixture(scope="module")
def general_shapes(tmp_path_factory):
    path = tmp_path_factory.mktemp("shapes") / "shapes.ttl"
    path.write_text(GENERAL_SHAPES, encoding="utf-8")
    return path


def test_general_base_is_valid(general_shapes):
    quads = _general_quads([], "")
    assert _general_reference(quads, general_shapes) == ValidationReport(True, [])
    assert validate_sparql(quads, general_shapes) == ValidationReport(True, [])
    assert validate_sparql_store(_in_two_graphs(quads), general_shapes) == ValidationReport(True, [])


@pytest.mark.parametrize("case", sorted(GENERAL_CASES))
def test_general_forms_match_pyshacl(general_shapes, case):
    quads = _general_quads(*GENERAL_CASES[case])
    reference = _general_reference(quads, general_shapes)
    assert validate_sparql(quads, general_shapes) == reference
    # the same triples twice over in the union of two graphs: counts are of distinct values
    assert validate_sparql_store(_in_two_graphs(quads), general_shapes, threads=1) == reference
    if case.endswith("(allowed)"):
        assert reference.conforms and not reference.violations
    else:
        assert reference.violations, f"{case} should break a shape"
    if case.endswith("(a warning)"):
        assert reference.conforms and {v.severity for v in reference.violations} == {"Warning"}


def test_general_breakages_at_once(general_shapes):
    drop = [s for dropped, _ in GENERAL_CASES.values() for s in dropped]
    add = "\n".join(a.replace("ex:t ", f"ex:t{i} ").replace("ex:x ", f"ex:x{i} ").replace("ex:bolt", f"ex:bolt{i}")
                    for i, (_, a) in enumerate(GENERAL_CASES.values()))
    quads = _general_quads(drop, add)
    reference = _general_reference(quads, general_shapes)
    assert len(reference.violations) >= 20
    assert validate_sparql(quads, general_shapes) == reference
    for threads in (1, 2, 4):
        assert validate_sparql_store(_in_two_graphs(quads), general_shapes, threads=threads) == reference


def test_top_level_constraints_are_sets_not_tests_per_focus(general_shapes):
    """At the top level no query tests each focus node with EXISTS (the slow form at millions of triples)."""
    queries = shape_queries(general_shapes)
    top = [q.sparql for q in queries if "an integer or a part" not in q.message and "named parts" not in q.message]
    assert top and not any("EXISTS" in q for q in top)
    assert any("MINUS" in q for q in top) and any("GROUP BY" in q for q in top)
