"""Known entities (``data/authorities.yaml``): anchors for resolution, ``sameAs`` links out.

An authority is a curated entry (canonical name, aliases, country, external
identifiers).  :mod:`kg.resolve` treats each as one more mention that every
spelling of it joins, and gives the entity its canonical name;
:func:`authority_quads` writes the links of anchored entities to the outside
world into the graph ``<base>graph/authorities``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import yaml

from kg.namespaces import DEFAULT_BASE, KG, OWL, SDO

__all__ = ["Authority", "AuthorityError", "AUTHORITIES_PATH", "IDENTIFIER_IRIS", "load_authorities",
           "read_authorities", "authority_quads", "authorities_graph_iri"]

#: where the authorities live, under the data folder
AUTHORITIES_PATH = Path("authorities.yaml")

#: identifier scheme -> (pattern it must match, IRI template)
IDENTIFIER_IRIS = {
    "wikidata": (re.compile(r"Q[1-9][0-9]*"), "http://www.wikidata.org/entity/{}"),
    "ror": (re.compile(r"0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}"), "https://ror.org/{}"),
    "isni": (re.compile(r"[0-9]{15}[0-9X]"), "https://isni.org/isni/{}"),
    "viaf": (re.compile(r"[1-9][0-9]*"), "http://viaf.org/viaf/{}"),
}
KINDS = ("person", "org", "proposal")


class AuthorityError(ValueError):
    """An authorities file that cannot be used; the message names the file and entry."""


@dataclass(frozen=True)
class Authority:
    name: str
    kind: str = "org"
    aliases: tuple[str, ...] = ()
    country: str | None = None
    identifiers: tuple[tuple[str, str], ...] = field(default=())
    url: str | None = None

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    def same_as(self) -> list[str]:
        """The IRIs of this entity in external registries."""
        return [IDENTIFIER_IRIS[scheme][1].format(value) for scheme, value in self.identifiers]


def authorities_graph_iri(base: str = DEFAULT_BASE) -> str:
    return f"{base}graph/authorities"


def load_authorities(text: str, path: str = "<authorities>") -> list[Authority]:
    """Authorities from YAML text; raises :class:`AuthorityError` naming the bad entry.

    >>> load_authorities("authorities: [{name: Keio University, kind: org, country: JP}]")[0].country
    'JP'
    """
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise AuthorityError(f"{path}: not valid YAML: {exc}") from None
    entries = data.get("authorities") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise AuthorityError(f"{path}: expected a mapping with a list 'authorities'")
    out = []
    for i, e in enumerate(entries):
        where = f"{path}: authorities[{i}]"
        if not isinstance(e, dict) or not isinstance(e.get("name"), str) or not e["name"].strip():
            raise AuthorityError(f"{where}: needs a name")
        kind = e.get("kind", "org")
        if kind not in KINDS:
            raise AuthorityError(f"{where} ({e['name']}): kind {kind!r} is not one of {', '.join(KINDS)}")
        aliases = e.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise AuthorityError(f"{where} ({e['name']}): aliases must be a list of strings")
        ids = e.get("identifiers") or {}
        if not isinstance(ids, dict):
            raise AuthorityError(f"{where} ({e['name']}): identifiers must be a mapping scheme: value")
        for scheme, value in ids.items():
            if scheme not in IDENTIFIER_IRIS:
                raise AuthorityError(f"{where} ({e['name']}): unknown identifier scheme {scheme!r}")
            if not IDENTIFIER_IRIS[scheme][0].fullmatch(str(value)):
                raise AuthorityError(f"{where} ({e['name']}): {value!r} is not a {scheme} identifier")
        out.append(Authority(e["name"].strip(), kind, tuple(a.strip() for a in aliases if a.strip()),
                             e.get("country"), tuple(sorted((k, str(v)) for k, v in ids.items())), e.get("url")))
    return out


def read_authorities(path: str | os.PathLike) -> list[Authority]:
    """The authorities in a file; none when it does not exist."""
    path = Path(path)
    if not path.is_file():
        return []
    return load_authorities(path.read_text(encoding="utf-8"), str(path))


def authority_quads(index, base: str = DEFAULT_BASE) -> list[ox.Quad]:
    """Links of the entities anchored to an authority, in the graph ``<base>graph/authorities``.

    ``owl:sameAs`` and ``schema:sameAs`` to each external identifier,
    ``schema:url`` to the official site, and the authority's spellings that no
    report used as ``schema:alternateName`` (with its ``kg:nameKey``, so the named
    queries find the entity by it too).
    """
    from kg.mapping import name_lookup_key

    g = ox.NamedNode(authorities_graph_iri(base))
    out: list[ox.Quad] = []
    for ent in index.entities:
        auth = getattr(ent, "authority", None)
        if auth is None:
            continue
        s = ox.NamedNode(ent.iri)
        for iri in auth.same_as():
            out.append(ox.Quad(s, ox.NamedNode(str(OWL.sameAs)), ox.NamedNode(iri), g))
            out.append(ox.Quad(s, ox.NamedNode(str(SDO.sameAs)), ox.NamedNode(iri), g))
        if auth.url:
            out.append(ox.Quad(s, ox.NamedNode(str(SDO.url)), ox.NamedNode(auth.url), g))
        for alias in auth.names:
            if alias not in ent.names and alias != ent.label:
                out.append(ox.Quad(s, ox.NamedNode(str(SDO.alternateName)), ox.Literal(alias), g))
                out.append(ox.Quad(s, ox.NamedNode(str(KG.nameKey)), ox.Literal(name_lookup_key(alias)), g))
    return sorted(set(out), key=str)
