"""Records -> RDF: deterministic IRIs, reified roles, provenance to the sentence.

Each record becomes the quads of one named graph, ``<base>graph/report/<report>``,
so one report can be rebuilt or removed without touching the others.  What
is true of an entity across reports (its type, name, label, every spelling it
was seen under, an organisation's kind) is written once, in the entities graph
``<base>graph/entities``; a report graph says where the report names it (the
evidence) and what it did there.  Written once, a person's name does not repeat
in the union default graph once per report, so joins on it stay small.  No
blank nodes: roles, memberships and evidence selectors get IRIs of their own.
Quads are pyoxigraph terms (fast to make and to load);
:func:`record_to_graph` gives an rdflib ``Dataset`` for those who want one.

IRIs under ``base`` (default ``https://example.org/kg/``)::

    report/<report stem>                     schema:Report
    graph/report/<report stem>               the named graph of its facts
    graph/entities                           the entity descriptions, once for all reports
    event/<start>-<title slug>               schema:Event
    session/<event id>.<n>                   schema:Event, conf:Session (n: order in the report)
    person/<name slug>, org/<name slug>, proposal/<name slug>, topic/<label slug>
    role/<event id>.<n>.<role>.<person>      conf:RoleDuringEvent (a proposer's: <event id>[.<n>].<proposal>.proposer.<person>)
    membership/<event id>.<person>.<org>     org:Membership, conf:AffiliationDuringEvent
    post/<title slug>                        org:Role (a title such as "President")
    evidence/<report stem>.<start>-<end>     oa:SpecificResource (+ /quote, /position selectors)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import unicodedata
from collections import Counter

import pyoxigraph as ox

from kg.entities import EntityIndex, index_records, slug
from kg.namespaces import CONF, DCTERMS, DEFAULT_BASE, KG, OA, ORG, PROV, RDF, RDFS, SDO, SKOS, XSD
from kg.record import ROLE_KEYS, name_key

__all__ = ["record_quads", "record_nquads", "record_graphs_nquads", "derived_graph_iri", "records_quads", "entity_quads", "entity_nquads", "record_to_graph", "report_graph_iri",
           "entities_graph_iri", "name_lookup_key", "event_id", "org_kinds", "EVENT_KINDS", "ORG_KINDS", "ROLES"]

EVENT_KINDS = {"dialogue": KG.dialogue, "workshop": KG.workshop, "symposium": KG.symposium,
               "conference": KG.conference, "seminar": KG.seminar, "forum": KG.forum,
               "other": KG.otherEventKind}
ORG_KINDS = {"think_tank": KG.thinkTank, "university": KG.university, "government": KG.government,
             "legislature": KG.legislature, "media": KG.media, "company": KG.company, "ngo": KG.ngo,
             "other": KG.otherOrganizationKind}
ROLES = {"chair": KG.chair, "speaker": KG.speaker, "discussant": KG.discussant, "proposer": KG.proposer}

_XSD_DATE = f"<{XSD.date}>"
_XSD_INT = f"<{XSD.integer}>"
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _literal(value: str) -> str:
    """A plain string literal in N-Quads syntax."""
    return f'"{value.translate(_ESCAPES)}"'


def report_stem(file: str) -> str:
    return slug(os.path.splitext(os.path.basename(file))[0], 120)


def report_graph_iri(file: str, base: str = DEFAULT_BASE) -> str:
    """The named graph holding the facts of one report."""
    return f"{base}graph/report/{report_stem(file)}"


def name_lookup_key(name: str) -> str:
    """The ``kg:nameKey`` of a name: case-folded, spaces collapsed (what the named queries look up).

    >>> name_lookup_key("  Yun   Duk-Min ")
    'yun duk-min'
    """
    return " ".join(unicodedata.normalize("NFC", str(name)).casefold().split())


def derived_graph_iri(base: str = DEFAULT_BASE) -> str:
    """The named graph of the shortcut edges (``ontology/derive.rq``)."""
    return f"{base}graph/derived"


def entities_graph_iri(base: str = DEFAULT_BASE) -> str:
    """The named graph describing every person, organisation, proposal, title and topic once."""
    return f"{base}graph/entities"


def event_id(record: dict) -> str:
    """``<start>-<title slug>`` (or the report stem when the event has no title)."""
    ev = record["event"]
    title = slug(ev.get("title") or "", 60) if (ev.get("title") or "").strip() else ""
    start = ev.get("start")
    if not title:
        return report_stem(record["source"]["file"])
    return f"{start.isoformat()}-{title}" if isinstance(start, dt.date) else title


class _Writer:
    """Collects the statements of one named graph as N-Quads lines (fast to make, loaded in bulk)."""

    def __init__(self, graph: str):
        self.end = f" <{graph}> .\n"
        self.lines: list[str] = []

    def add(self, s, p, o: str) -> None:
        """``o`` already in N-Quads syntax."""
        self.lines.append(f"<{s}> <{p}> {o}{self.end}")

    def iri(self, s, p, o) -> None:
        self.add(s, p, f"<{o}>")

    def text(self, s, p, value) -> None:
        if value is not None and str(value).strip():
            self.add(s, p, _literal(str(value).strip()))

    def date(self, s, p, value) -> None:
        if isinstance(value, dt.date):
            self.add(s, p, f'"{value.isoformat()}"^^{_XSD_DATE}')

    def integer(self, s, p, value: int) -> None:
        self.add(s, p, f'"{int(value)}"^^{_XSD_INT}')

    def label(self, s, value) -> None:
        self.text(s, RDFS.label, value)

    def nquads(self) -> str:
        """The graph's statements, each once, in a fixed order."""
        return "".join(sorted(set(self.lines)))


def _quads(nquads: str) -> list[ox.Quad]:
    return list(ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS))


def org_kinds(records: list[dict], index: EntityIndex) -> dict[str, str]:
    """One kind per organisation entity: the most frequent specific kind its records give.

    "other" counts only when no record gives a specific kind; ties go to the
    kind listed first in the record schema.
    """
    from kg.record import ORG_KINDS as ORDER

    votes: dict[str, Counter] = {}
    for rec in records:
        for o in rec.get("organizations", []):
            if o.get("kind"):
                votes.setdefault(index.org(rec["source"]["file"], o["name"]).iri, Counter())[o["kind"]] += 1
    out = {}
    for iri, counter in votes.items():
        specific = {k: n for k, n in counter.items() if k != "other"} or dict(counter)
        out[iri] = min(specific, key=lambda k: (-specific[k], ORDER.index(k)))
    return out


def record_quads(record: dict, index: EntityIndex | None = None, base: str = DEFAULT_BASE) -> list[ox.Quad]:
    """The quads of one record's named graph (deterministic: same record, same quads).

    The entities it names are described in the entities graph (:func:`entity_quads`).
    """
    return _quads(record_nquads(record, index, base))


def record_nquads(record: dict, index: EntityIndex | None = None, base: str = DEFAULT_BASE) -> str:
    """:func:`record_quads` as N-Quads text, sorted (what a build loads in bulk)."""
    return record_graphs_nquads(record, index, base)[0]


def record_graphs_nquads(record: dict, index: EntityIndex | None = None,
                         base: str = DEFAULT_BASE) -> tuple[str, str]:
    """The N-Quads of one record's report graph, and of the shortcut edges it gives in the derived graph.

    The shortcut edges are those the rules of ``ontology/derive.rq`` give
    over that report graph and the entities graph; every rule joins within
    one report, so the union over the records is what the rules give over
    the whole graph (``tests/test_mapping.py`` checks the two agree).  Made
    here, they cost the build no query over millions of quads.
    """
    index = index or index_records([record], base)
    file = record["source"]["file"]
    stem = report_stem(file)
    w = _Writer(report_graph_iri(file, base))
    d = _Writer(derived_graph_iri(base))
    eid = event_id(record)
    ev = record["event"]
    event = f"{base}event/{eid}"
    report = f"{base}report/{stem}"

    def evidence(subject, ev_data) -> None:
        if not isinstance(ev_data, dict) or not isinstance(ev_data.get("text"), str):
            return
        start, end = ev_data.get("start"), ev_data.get("end")
        if isinstance(start, int) and isinstance(end, int):
            res = f"{base}evidence/{stem}.{start}-{end}"
        else:
            digest = hashlib.sha1(ev_data["text"].encode("utf-8")).hexdigest()[:12]
            res = f"{base}evidence/{stem}.q{digest}"
        w.iri(subject, PROV.wasDerivedFrom, res)
        w.iri(res, RDF.type, OA.SpecificResource)
        w.iri(res, OA.hasSource, report)
        quote = f"{res}/quote"
        w.iri(res, OA.hasSelector, quote)
        w.iri(quote, RDF.type, OA.TextQuoteSelector)
        w.add(quote, OA.exact, _literal(ev_data["text"]))
        if isinstance(start, int) and isinstance(end, int):
            pos = f"{res}/position"
            w.iri(res, OA.hasSelector, pos)
            w.iri(pos, RDF.type, OA.TextPositionSelector)
            w.integer(pos, OA.start, start)
            w.integer(pos, OA.end, end)

    # the report and the event ------------------------------------------------
    src = record["source"]
    w.iri(report, RDF.type, SDO.Report)
    w.text(report, SDO.name, os.path.basename(file))
    w.label(report, f"Report {os.path.basename(file)}")
    w.date(report, SDO.datePublished, src.get("published"))
    w.iri(report, SDO.about, event)
    if src.get("publisher"):
        w.iri(report, SDO.publisher, index.org(file, src["publisher"]).iri)

    w.iri(event, RDF.type, SDO.Event)
    title = ev.get("title") or os.path.basename(file)
    w.text(event, SDO.name, title)
    w.label(event, title)
    w.iri(event, DCTERMS.type, EVENT_KINDS[ev.get("kind") or "other"])
    w.date(event, SDO.startDate, ev.get("start"))
    w.date(event, SDO.endDate, ev.get("end"))
    w.text(event, SDO.location, ev.get("location"))
    w.iri(event, SDO.subjectOf, report)
    evidence(event, ev.get("evidence"))
    org_evidence = ev.get("organizer_evidence") or {}
    for name in ev.get("organizers", []):
        org = index.org(file, name).iri
        w.iri(event, SDO.organizer, org)
        d.iri(org, KG.organized, event)
        evidence(org, org_evidence.get(name))

    # organisations -------------------------------------------------------------
    for o in record.get("organizations", []):
        ent = index.org(file, o["name"])
        w.iri(report, SDO.mentions, ent.iri)
        d.iri(ent.iri, KG.involvedIn, event)
        evidence(ent.iri, o.get("evidence"))

    # people and their affiliations ------------------------------------------
    for p in record.get("people", []):
        ent = index.person(file, p["name"])
        evidence(ent.iri, p.get("evidence"))
        pslug = ent.iri.rsplit("/", 1)[1]
        seen: set[str] = set()
        for aff in p.get("affiliations") or []:
            org = index.org(file, aff["org"])
            mid = f"{eid}.{pslug}.{org.iri.rsplit('/', 1)[1]}"
            if mid in seen:
                mid = f"{mid}.{slug(aff.get('title') or 'x', 40)}"
            seen.add(mid)
            m = f"{base}membership/{mid}"
            w.iri(m, RDF.type, ORG.Membership)
            w.iri(m, RDF.type, CONF.AffiliationDuringEvent)
            w.iri(m, ORG.member, ent.iri)
            w.iri(m, ORG.organization, org.iri)
            w.iri(m, CONF.during, event)
            d.iri(ent.iri, KG.affiliatedWith, org.iri)
            d.iri(ent.iri, KG.participatedIn, event)
            title = (aff.get("title") or "").strip()
            if title:
                post = f"{base}post/{slug(title)}"
                w.iri(m, ORG.role, post)
            w.label(m, f"{ent.label}, {title + ' of ' if title else ''}{org.label} (at {title_of(record)})")
            evidence(m, aff.get("evidence"))

    # sessions and roles ----------------------------------------------------------
    session_iris: list[tuple[dict, str]] = []
    for order, s in enumerate(record.get("sessions", []), start=1):
        sess = f"{base}session/{eid}.{order}"
        session_iris.append((s, sess))
        w.iri(sess, RDF.type, SDO.Event)
        w.iri(sess, RDF.type, CONF.Session)
        w.iri(sess, SDO.superEvent, event)
        w.text(sess, SDO.name, s["title"])
        number = s.get("number")
        w.label(sess, f"Session {number}: {s['title']}" if number is not None else s["title"])
        if number is not None:
            w.integer(sess, KG.sessionNumber, number)
        w.integer(sess, KG.sessionOrder, order)
        evidence(sess, s.get("evidence"))
        role_ev = s.get("role_evidence") or {}
        for key, role in ROLE_KEYS:
            for name in s.get(key) or []:
                person = index.person(file, name)
                r = f"{base}role/{eid}.{order}.{role}.{person.iri.rsplit('/', 1)[1]}"
                w.iri(r, RDF.type, CONF.RoleDuringEvent)
                w.iri(r, CONF.isHeldBy, person.iri)
                w.iri(r, CONF.during, sess)
                w.iri(r, CONF.withRole, ROLES[role])
                d.iri(person.iri, KG.participatedIn, event)
                if role == "chair":
                    d.iri(sess, KG.chairedBy, person.iri)
                elif role == "speaker":
                    d.iri(person.iri, KG.spokeAt, sess)
                elif role == "discussant":
                    d.iri(person.iri, KG.discussantAt, sess)
                w.label(r, f"{person.label}, {role} of {_session_label(s)}")
                evidence(r, role_ev.get(name))

    # proposals and topics -----------------------------------------------------
    for p in record.get("proposals", []):
        ent = index.proposal(file, p["name"])
        evidence(ent.iri, p.get("evidence"))
        where, where_label = _find_session(session_iris, p.get("session")) or (event, title_of(record))
        w.iri(where, DCTERMS.subject, ent.iri)
        d.iri(ent.iri, KG.proposedAt, event)
        if where != event:
            d.iri(ent.iri, KG.proposedIn, where)
        for name in p.get("proposed_by") or []:
            person = index.person(file, name)
            # the session's order is part of the IRI: one proposal can be put forward in two sessions
            at = f"{where.rsplit('.', 1)[1]}." if where != event else ""
            r = f"{base}role/{eid}.{at}{ent.iri.rsplit('/', 1)[1]}.proposer.{person.iri.rsplit('/', 1)[1]}"
            w.iri(r, RDF.type, CONF.RoleDuringEvent)
            w.iri(r, CONF.isHeldBy, person.iri)
            w.iri(r, CONF.during, where)
            w.iri(r, CONF.withRole, KG.proposer)
            w.iri(r, DCTERMS.subject, ent.iri)
            d.iri(person.iri, KG.participatedIn, event)
            d.iri(ent.iri, KG.proposedBy, person.iri)
            w.label(r, f"{person.label}, proposer of {ent.label} ({where_label})")
            evidence(r, p.get("evidence"))

    for t in record.get("topics") or []:
        w.iri(event, DCTERMS.subject, f"{base}topic/{slug(t)}")

    return w.nquads(), d.nquads()


def title_of(record: dict) -> str:
    return record["event"].get("title") or os.path.basename(record["source"]["file"])


def _session_label(s: dict) -> str:
    return f"Session {s['number']}: {s['title']}" if s.get("number") is not None else s["title"]


_SESSION_PREFIX = re.compile(r"^(?:session|panel)\s+(?:\d+|[ivx]+)\s*", re.I)


def _find_session(session_iris: list[tuple[dict, str]], ref):
    """The session a proposal names by number or title, or None."""
    if ref is None or isinstance(ref, bool):
        return None
    for s, iri in session_iris:
        if isinstance(ref, int) and s.get("number") == ref:
            return iri, _session_label(s)
    if isinstance(ref, str):
        key = name_key(_SESSION_PREFIX.sub("", ref))
        for s, iri in session_iris:
            if name_key(_SESSION_PREFIX.sub("", s["title"])) == key:
                return iri, _session_label(s)
        m = re.fullmatch(r"\s*(?:session\s+)?(\d+)\s*", ref, re.I)
        if m:
            return _find_session(session_iris, int(m.group(1)))
    return None


def entity_quads(records: list[dict], index: EntityIndex | None = None,
                 base: str = DEFAULT_BASE) -> list[ox.Quad]:
    """The quads of the entities graph (see :func:`entity_nquads`)."""
    return _quads(entity_nquads(records, index, base))


def entity_nquads(records: list[dict], index: EntityIndex | None = None, base: str = DEFAULT_BASE) -> str:
    """The entities graph: each person, organisation, proposal, title and topic the records name, once.

    An entity has its type, its name and label, every other spelling the
    records give it (``schema:alternateName``; ``skos:altLabel`` for proposals)
    and, for an organisation, the kind its records agree on (:func:`org_kinds`).  Each of
    its names also gives a ``kg:nameKey`` (:func:`name_lookup_key`), so that a
    query finds an entity by any spelling through the index rather than a scan.
    """
    index = index or index_records(records, base)
    kinds = org_kinds(records, index)
    w = _Writer(entities_graph_iri(base))
    spellings: dict[str, set[str]] = {}
    described: dict[str, tuple] = {}
    for rec in records:
        file = rec["source"]["file"]
        for p in rec.get("people", []):
            ent = index.person(file, p["name"])
            described[ent.iri] = ("person", ent)
            spellings.setdefault(ent.iri, set()).add(p["name"])
            for aff in p.get("affiliations") or []:
                title = (aff.get("title") or "").strip()
                if title:
                    post = f"{base}post/{slug(title)}"
                    w.iri(post, RDF.type, ORG.Role)
                    w.label(post, title)
        for o in rec.get("organizations", []):
            ent = index.org(file, o["name"])
            described[ent.iri] = ("org", ent)
            spellings.setdefault(ent.iri, set()).update([o["name"], *(o.get("aliases") or [])])
        for p in rec.get("proposals", []):
            ent = index.proposal(file, p["name"])
            described[ent.iri] = ("proposal", ent)
            spellings.setdefault(ent.iri, set()).update([p["name"], *(p.get("aliases") or [])])
        for t in rec.get("topics") or []:
            topic = f"{base}topic/{slug(t)}"
            w.iri(topic, RDF.type, SKOS.Concept)
            w.iri(topic, SKOS.inScheme, KG.topics)
            w.text(topic, SKOS.prefLabel, t)
            w.label(topic, t)
    for iri, (kind, ent) in described.items():
        w.label(iri, ent.label)
        for key in {name_lookup_key(n) for n in spellings[iri] | {ent.label}}:
            w.text(iri, KG.nameKey, key)
        others = sorted(spellings[iri] - {ent.label})
        if kind == "person":
            w.iri(iri, RDF.type, SDO.Person)
            w.text(iri, SDO.name, ent.label)
            for alt in others:
                w.text(iri, SDO.alternateName, alt)
        elif kind == "org":
            w.iri(iri, RDF.type, ORG.FormalOrganization)
            w.text(iri, SDO.name, ent.label)
            w.text(iri, SKOS.prefLabel, ent.label)
            for alt in others:
                w.text(iri, SDO.alternateName, alt)
            if kinds.get(iri):
                w.iri(iri, ORG.classification, ORG_KINDS[kinds[iri]])
        else:
            w.iri(iri, RDF.type, KG.Proposal)
            w.iri(iri, RDF.type, SKOS.Concept)
            w.iri(iri, SKOS.inScheme, KG.proposals)
            w.text(iri, SKOS.prefLabel, ent.label)
            for alt in others:
                w.text(iri, SKOS.altLabel, alt)
    return w.nquads()


def records_quads(records: list[dict], index: EntityIndex | None = None,
                  base: str = DEFAULT_BASE) -> dict[str, list[ox.Quad]]:
    """Quads of every record, by named graph IRI, and of the entities graph."""
    index = index or index_records(records, base)
    out = {report_graph_iri(r["source"]["file"], base): record_quads(r, index, base) for r in records}
    out[entities_graph_iri(base)] = entity_quads(records, index, base)
    return out


def record_to_graph(record: dict, base: str = DEFAULT_BASE, index: EntityIndex | None = None):
    """One record as an rdflib ``Dataset``: its report graph and the entities graph."""
    from rdflib import Dataset

    index = index or index_records([record], base)
    quads = record_quads(record, index, base) + entity_quads([record], index, base)
    ds = Dataset()
    ds.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8"), format="nquads")
    return ds
