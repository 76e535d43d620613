"""SHACL: the built graph conforms; a broken one fails with a readable report."""

from __future__ import annotations

import pyoxigraph as ox

from kg.build import build_dataset, is_data_graph, sorted_quads
from kg.validate import validate_quads

BASE = "https://example.org/kg/"


def _report_quads(record):
    return [q for q in sorted_quads(build_dataset([record])) if is_data_graph(q.graph_name.value)]


def test_well_formed_record_conforms(tiny_record):
    report = validate_quads(_report_quads(tiny_record))
    assert report.conforms, report.text()
    assert report.text().startswith("valid")


def test_broken_graph_fails_with_a_readable_report(tiny_record):
    quads = _report_quads(tiny_record)
    session = ox.NamedNode(BASE + "session/2031-01-20-harbourview-maritime-dialogue.1")
    person = ox.NamedNode(BASE + "person/oh-jin-seo")
    schema = "https://schema.org/"
    broken = [q for q in quads if not (q.subject == person and q.predicate.value == schema + "name")]
    g = quads[0].graph_name
    broken.append(ox.Quad(session, ox.NamedNode(schema + "superEvent"), ox.NamedNode(BASE + "event/other"), g))
    broken.append(ox.Quad(ox.NamedNode(BASE + "event/other"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                          ox.NamedNode(schema + "Event"), g))
    broken.append(ox.Quad(ox.NamedNode(BASE + "event/other"), ox.NamedNode(schema + "name"), ox.Literal("Other"), g))
    broken.append(ox.Quad(ox.NamedNode(BASE + "event/other"), ox.NamedNode(schema + "startDate"),
                          ox.Literal("next spring"), g))
    report = validate_quads(broken)
    assert not report.conforms
    text = report.text()
    assert text.splitlines()[0] == "INVALID: 3 violation(s) of ontology/shapes.ttl"
    assert "Violation: Oh Jin-seo <https://example.org/kg/person/oh-jin-seo> [schema:name]: every person has a name" in text
    assert ("Violation: Session 1: Sea Lanes <https://example.org/kg/session/2031-01-20-harbourview-maritime-dialogue.1>"
            " [schema:superEvent]: a session has exactly one parent event") in text
    assert "[schema:startDate]: an event has at most one start date, an xsd:date" in text


def test_role_without_person_is_reported(tiny_record):
    quads = [q for q in _report_quads(tiny_record)
             if not (q.predicate.value.endswith("#isHeldBy") and "chair" in q.subject.value)]
    report = validate_quads(quads)
    assert [v.message for v in report.violations] == ["a role names exactly one person"]


def test_one_proposal_put_forward_in_two_sessions_of_one_event_is_valid(tiny_record):
    """Two reports of one event, the same proposer in different sessions: two roles, not one with two sessions."""
    import copy

    first, second = copy.deepcopy(tiny_record), copy.deepcopy(tiny_record)
    second["source"]["file"] = "tiny-second-report.txt"
    second["sessions"].append({"number": 2, "title": "Second Tides", "chairs": [], "speakers": [], "discussants": []})
    for p in second["proposals"]:
        p["session"] = 2
    quads = [q for q in sorted_quads(build_dataset([first, second])) if is_data_graph(q.graph_name.value)]
    report = validate_quads(quads)
    assert report.conforms, report.text()
