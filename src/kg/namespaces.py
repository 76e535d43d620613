"""Vocabularies of the kg graph as rdflib namespaces that fail on typos.

``KG`` is kept in step with ``ontology/kg.ttl`` by a test; ``CONF`` and ``OA``
list the terms of the ScholarlyData conference ontology and of Web Annotation
that kg uses.  The standard ones come from rdflib (``SDO`` is schema.org with
``https://schema.org/``).

>>> str(KG.chair)
'https://w3id.org/kg-track2/ns#chair'
>>> KG.chiar
Traceback (most recent call last):
...
AttributeError: term 'chiar' not in namespace 'https://w3id.org/kg-track2/ns#'
"""

from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["KG", "CONF", "OA", "SDO", "ORG", "PROV", "SKOS", "DCTERMS", "RDF", "RDFS", "OWL", "XSD",
           "PREFIXES", "DEFAULT_BASE", "short_iri"]

#: Base of the IRIs of people, events, ... unless the user sets ``--base``.
DEFAULT_BASE = "https://example.org/kg/"


class KG(DefinedNamespace):
    """Our own terms (``ontology/kg.ttl``)."""

    _fail = True
    _NS = Namespace("https://w3id.org/kg-track2/ns#")

    Proposal: URIRef
    roles: URIRef
    eventKinds: URIRef
    organizationKinds: URIRef
    topics: URIRef
    proposals: URIRef
    chair: URIRef
    speaker: URIRef
    discussant: URIRef
    proposer: URIRef
    dialogue: URIRef
    workshop: URIRef
    symposium: URIRef
    conference: URIRef
    seminar: URIRef
    forum: URIRef
    otherEventKind: URIRef
    thinkTank: URIRef
    university: URIRef
    government: URIRef
    legislature: URIRef
    media: URIRef
    company: URIRef
    ngo: URIRef
    otherOrganizationKind: URIRef
    sessionNumber: URIRef
    sessionOrder: URIRef
    nameKey: URIRef
    chairedBy: URIRef
    spokeAt: URIRef
    discussantAt: URIRef
    participatedIn: URIRef
    proposedBy: URIRef
    proposedAt: URIRef
    proposedIn: URIRef
    affiliatedWith: URIRef
    organized: URIRef
    involvedIn: URIRef


class CONF(DefinedNamespace):
    """ScholarlyData conference ontology terms used by kg."""

    _fail = True
    _NS = Namespace("https://w3id.org/scholarlydata/ontology/conference-ontology.owl#")

    Session: URIRef
    Role: URIRef
    RoleDuringEvent: URIRef
    AffiliationDuringEvent: URIRef
    isHeldBy: URIRef
    during: URIRef
    withRole: URIRef


class OA(DefinedNamespace):
    """Web Annotation terms used by kg for provenance."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/oa#")

    SpecificResource: URIRef
    TextQuoteSelector: URIRef
    TextPositionSelector: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    exact: URIRef
    start: URIRef
    end: URIRef


#: Prefixes bound in exports and offered to every query.
PREFIXES = {
    "kg": str(KG._NS),
    "schema": str(SDO._NS),
    "org": str(ORG._NS),
    "conf": str(CONF._NS),
    "oa": str(OA._NS),
    "prov": str(PROV._NS),
    "dcterms": str(DCTERMS._NS),
    "skos": str(SKOS._NS),
    "rdf": str(RDF._NS),
    "rdfs": str(RDFS._NS),
    "owl": str(OWL._NS),
    "xsd": str(XSD._NS),
}


def short_iri(iri: str) -> str:
    """``schema:Person`` for ``https://schema.org/Person``; other IRIs as they are.

    >>> short_iri("http://www.w3.org/ns/org#Membership")
    'org:Membership'
    """
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri
