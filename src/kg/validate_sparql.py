"""SHACL shapes checked as SPARQL queries on Oxigraph: the fast path of :func:`kg.validate.validate_quads`.

pyshacl is the reference engine but takes minutes on a million triples; the
same shapes, translated into SPARQL and run on Oxigraph (in memory, or the
on-disk store of ``kg build`` as it is), take seconds.  The translation covers
the SHACL Core subset ``ontology/shapes.ttl`` uses:

- targets: ``sh:targetClass`` (with ``rdfs:subClassOf*``), ``sh:targetSubjectsOf``,
  ``sh:targetObjectsOf``, ``sh:targetNode``;
- property shapes on a single IRI path with ``sh:minCount`` / ``sh:maxCount``
  (up to 3 inside nested shapes), ``sh:datatype`` (well-formed lexical form checked by casting), ``sh:class``,
  ``sh:in``, ``sh:node``;
- the logical ``sh:not``, ``sh:or``, ``sh:and``, at node and value level;
- ``sh:message`` (required on every constraint-bearing shape: pyshacl's
  generated messages are not reproduced) and ``sh:severity``.

Two forms of translation:

- *Top level* (the constraints of a targeted shape and of its property
  shapes): one query per constraint kind, each giving the violating focus
  nodes as a set operation over the whole graph rather than a test per focus
  node, which is what makes millions of triples fast.  With ``T`` the target
  pattern and ``p`` the path:

  - ``sh:minCount`` (any): ``T MINUS { ?focus p ?v }`` (no value at all);
  - ``sh:maxCount``, and ``sh:minCount`` above 1: the subjects of ``p``
    grouped, ``HAVING (COUNT(DISTINCT ?v) < min || COUNT(DISTINCT ?v) > max)``
    (distinct: the union of named graphs repeats a triple held in several);
  - ``sh:class C``: the ``(?focus, ?v)`` of ``p`` ``MINUS`` the instances of ``C``;
  - the other value checks (datatype, ``sh:in``, nested shapes): the
    ``(?focus, ?v)`` of ``p`` ``FILTER``-ed by the checks;
  - node-level checks: ``T MINUS`` the instances of ``C`` for ``sh:class``,
    the distinct nodes of ``T`` ``FILTER``-ed by the other checks.

  The count, class and value queries of a property shape are subqueries
  joined to ``T`` afterwards (see :meth:`_Compiler._in_target`), so Oxigraph
  runs them once over the path's triples and meets the target only with the
  few nodes they give.
- *Nested* (inside ``sh:node``, ``sh:not``, ``sh:or``, ``sh:and``): one boolean
  expression per shape (:meth:`_Compiler.conforms`), with ``EXISTS`` for the
  counts and value checks, since it must combine with the other operands for
  each node.

:func:`validate_sparql_store` runs the queries on a few threads and sorts the
report.  Anything else raises :class:`ShapesNotTranslatable` and the caller
falls back to pyshacl, so the shapes can grow without the fast path silently
checking less.  ``tests/test_validate_sparql.py`` proves both engines report
the same violations on broken graphs, for ``ontology/shapes.ttl`` and for
shapes using each form.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

__all__ = ["ShapesNotTranslatable", "shape_queries", "validate_sparql", "validate_sparql_store"]

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: Datatypes whose lexical forms can be checked by a SPARQL cast.
_CASTABLE = {XSD + t for t in ("integer", "decimal", "float", "double", "boolean", "date", "dateTime")}
#: sh: predicates a shape may carry here (anything else is not translated).
_KNOWN = {SH + p for p in ("targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode", "property",
                           "path", "minCount", "maxCount", "datatype", "class", "in", "node", "not", "or",
                           "and", "message", "severity", "name", "description", "order", "group")}


class ShapesNotTranslatable(Exception):
    """The shapes use a SHACL feature the SPARQL translation does not cover."""


@dataclass(frozen=True)
class ShapeQuery:
    """One SPARQL query giving the focus nodes that break one kind of constraint of a shape or property shape."""

    sparql: str
    path: str         # the result path IRI, "" for node-level constraints
    message: str
    severity: str

    @property
    def tests_each_node(self) -> bool:
        """Whether the query runs an ``EXISTS`` per node or value: the slow kind, best started first."""
        return "EXISTS" in self.sparql


class _Compiler:
    def __init__(self, shapes):
        from rdflib import Graph

        self.g: Graph = shapes
        self._fresh = itertools.count()

    # helpers ------------------------------------------------------------------
    def var(self) -> str:
        return f"?_v{next(self._fresh)}"

    def one(self, node, pred: str):
        from rdflib import URIRef

        values = list(self.g.objects(node, URIRef(pred)))
        if len(values) > 1:
            raise ShapesNotTranslatable(f"{node} has more than one {pred}")
        return values[0] if values else None

    def many(self, node, pred: str) -> list:
        from rdflib import URIRef

        return list(self.g.objects(node, URIRef(pred)))

    def rdf_list(self, node) -> list:
        from rdflib.collection import Collection

        return list(Collection(self.g, node))

    def term(self, t) -> str:
        from rdflib import Literal, URIRef

        if isinstance(t, URIRef):
            return f"<{t}>"
        if isinstance(t, Literal):
            return t.n3()
        raise ShapesNotTranslatable(f"blank node {t} used as a value")

    def check_known(self, shape) -> None:
        from rdflib import URIRef

        for p in set(self.g.predicates(shape)):
            if str(p).startswith(SH) and str(p) not in _KNOWN:
                raise ShapesNotTranslatable(f"{p} is not translated to SPARQL")
            if not isinstance(p, URIRef):
                raise ShapesNotTranslatable(f"odd predicate {p}")

    # expressions: true when `v` conforms ---------------------------------------
    def value_ok(self, shape, v: str, classes: bool = True) -> list[str]:
        """Expressions that all hold when value ``v`` satisfies the value-level constraints of ``shape``.

        Without ``classes``, ``sh:class`` is left out (the caller checks it as a set).
        """
        out = []
        for dt in self.many(shape, SH + "datatype"):
            dt = str(dt)
            # datatype() of a non-literal, or the cast of an ill-formed lexical form, is an error: false
            if dt == XSD + "string":
                out.append(f"COALESCE(datatype({v}) = <{dt}>, false)")
            elif dt in _CASTABLE:
                out.append(f"COALESCE(datatype({v}) = <{dt}> && isLiteral(<{dt}>(STR({v}))), false)")
            else:
                raise ShapesNotTranslatable(f"sh:datatype {dt}")
        for cls in self.many(shape, SH + "class") if classes else ():
            out.append(f"EXISTS {{ {self.instance_of(v, cls)} }}")
        for lst in self.many(shape, SH + "in"):
            items = self.rdf_list(lst)
            out.append("(" + (" || ".join(f"sameTerm({v}, {self.term(i)})" for i in items) or "false") + ")")
        for other in self.many(shape, SH + "node"):
            out.append(self.conforms(other, v))
        for other in self.many(shape, SH + "not"):
            out.append(f"!({self.conforms(other, v)})")
        for lst in self.many(shape, SH + "or"):
            out.append("(" + (" || ".join(self.conforms(s, v) for s in self.rdf_list(lst)) or "false") + ")")
        for lst in self.many(shape, SH + "and"):
            out.append("(" + (" && ".join(self.conforms(s, v) for s in self.rdf_list(lst)) or "true") + ")")
        return out

    def property_violated(self, prop, f: str) -> list[str]:
        """Expressions any one of which holds when focus ``f`` violates property shape ``prop``."""
        from rdflib import URIRef

        self.check_known(prop)
        path = self.one(prop, SH + "path")
        if not isinstance(path, URIRef):
            raise ShapesNotTranslatable(f"property path {path} is not a single IRI")
        p = f"<{path}>"
        out = []
        lo, hi = self.one(prop, SH + "minCount"), self.one(prop, SH + "maxCount")
        if lo is not None and int(lo) > 0:
            out.append(f"NOT EXISTS {{ {self.distinct_values(f, p, int(lo))} }}")
        if hi is not None:
            out.append(f"EXISTS {{ {self.distinct_values(f, p, int(hi) + 1)} }}")
        v = self.var()
        checks = self.value_ok(prop, v)
        if checks:
            out.append(f"EXISTS {{ {f} {p} {v} . FILTER(!({' && '.join(checks)})) }}")
        if self.many(prop, SH + "property"):
            raise ShapesNotTranslatable("nested sh:property inside a property shape")
        return out

    def instance_of(self, v: str, cls) -> str:
        """The pattern matching when ``v`` is a SHACL instance of ``cls`` (typed by it or a subclass)."""
        return f"{v} <{RDF_TYPE}>/<{RDFS_SUBCLASS}>* {self.term(cls)}"

    def distinct_values(self, f: str, p: str, n: int) -> str:
        if n > 4:
            raise ShapesNotTranslatable(f"a count of {n}")
        vs = [self.var() for _ in range(n)]
        pattern = " . ".join(f"{f} {p} {v}" for v in vs)
        pairs = [f"!sameTerm({a}, {b})" for a, b in itertools.combinations(vs, 2)]
        return pattern + (f" . FILTER({' && '.join(pairs)})" if pairs else "")

    def conforms(self, shape, v: str) -> str:
        """One expression: ``v`` conforms to ``shape`` (targets ignored, as for nested shapes)."""
        self.check_known(shape)
        parts = self.value_ok(shape, v)
        for prop in self.many(shape, SH + "property"):
            bad = self.property_violated(prop, v)
            if bad:
                parts.append("!(" + " || ".join(bad) + ")")
        return "(" + (" && ".join(parts) or "true") + ")"

    # top level: one set-based query per constraint ---------------------------------
    def targets(self, shape) -> str | None:
        alts = [f"{{ {self.instance_of('?focus', c)} }}" for c in self.many(shape, SH + "targetClass")]
        alts += [f"{{ ?focus {self.term(p)} [] }}" for p in self.many(shape, SH + "targetSubjectsOf")]
        alts += [f"{{ [] {self.term(p)} ?focus }}" for p in self.many(shape, SH + "targetObjectsOf")]
        alts += [f"{{ VALUES ?focus {{ {self.term(n)} }} }}" for n in self.many(shape, SH + "targetNode")]
        return " UNION ".join(alts) or None

    def message(self, shape) -> tuple[str, str]:
        msgs = self.many(shape, SH + "message")
        if len(msgs) != 1:
            raise ShapesNotTranslatable(f"shape {shape} needs exactly one sh:message to be translated")
        sev = self.one(shape, SH + "severity")
        return str(msgs[0]), str(sev).rsplit("#", 1)[-1] if sev is not None else "Violation"

    def node_queries(self, shape, target: str) -> list[str]:
        """Queries for the focus nodes of ``target`` that break the node-level constraints of ``shape``."""
        out = [f"SELECT DISTINCT ?focus WHERE {{ {target} MINUS {{ {self.instance_of('?focus', cls)} }} }}"
               for cls in self.many(shape, SH + "class")]
        checks = self.value_ok(shape, "?focus", classes=False)
        if checks:  # each focus node once (a target may repeat it), as the checks may be costly
            out.append(f"SELECT ?focus WHERE {{ {{ SELECT DISTINCT ?focus WHERE {{ {target} }} }} "
                       f"FILTER(!({' && '.join(checks)})) }}")
        return out

    def property_queries(self, prop, target: str) -> list[str]:
        """Queries for the focus nodes of ``target`` that break property shape ``prop``, one per constraint kind.

        Each is a join or a difference of sets rather than a test per focus node:
        the focus nodes with no value are the target ``MINUS`` the subjects of
        the path; the value counts come from one ``GROUP BY``; the values of the
        wrong class are the values ``MINUS`` the instances of the class; the
        other value checks filter the values.  The last three scan the path's
        values first and join the few bad ones with the target (see
        :meth:`_in_target`).
        """
        from rdflib import URIRef

        self.check_known(prop)
        path = self.one(prop, SH + "path")
        if not isinstance(path, URIRef):
            raise ShapesNotTranslatable(f"property path {path} is not a single IRI")
        if self.many(prop, SH + "property"):
            raise ShapesNotTranslatable("nested sh:property inside a property shape")
        p, v = f"<{path}>", self.var()
        lo, hi = self.one(prop, SH + "minCount"), self.one(prop, SH + "maxCount")
        lo = int(lo) if lo is not None else 0
        out = []
        if lo > 0:  # no value at all (the count below only sees nodes with values)
            out.append(f"SELECT DISTINCT ?focus WHERE {{ {target} MINUS {{ ?focus {p} {v} }} }}")
        counts = [f"COUNT(DISTINCT {v}) < {lo}"] if lo > 1 else []
        counts += [f"COUNT(DISTINCT {v}) > {int(hi)}"] if hi is not None else []
        if counts:
            out.append(self._in_target(f"SELECT ?focus WHERE {{ ?focus {p} {v} }} GROUP BY ?focus "
                                       f"HAVING ({' || '.join(counts)})", target))
        for cls in self.many(prop, SH + "class"):
            out.append(self._in_target(f"SELECT DISTINCT ?focus WHERE {{ ?focus {p} {v} "
                                       f"MINUS {{ {self.instance_of(v, cls)} }} }}", target))
        checks = self.value_ok(prop, v, classes=False)
        if checks:
            out.append(self._in_target(f"SELECT DISTINCT ?focus WHERE {{ ?focus {p} {v} "
                                       f"FILTER(!({' && '.join(checks)})) }}", target))
        return out

    @staticmethod
    def _in_target(violators: str, target: str) -> str:
        """Keep the focus nodes of subquery ``violators`` that are in ``target``.

        Oxigraph never evaluates a subquery once per row of a join, so the
        subquery runs once over the path's triples and only the nodes it gives
        (usually none) meet the target; a plain ``target . ?focus p ?v`` would
        instead look up each of the (maybe millions of) focus nodes in turn.
        """
        return f"SELECT DISTINCT ?focus WHERE {{ {{ {violators} }} {target} }}"

    def queries(self) -> list[ShapeQuery]:
        from rdflib import URIRef

        out = []
        shapes = set(self.g.subjects(URIRef(RDF_TYPE), URIRef(SH + "NodeShape")))
        for pred in ("targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode"):
            shapes |= set(self.g.subjects(URIRef(SH + pred)))
        if set(self.g.subjects(URIRef(SH + "targetClass"))) & set(self.g.subjects(URIRef(SH + "path"))):
            raise ShapesNotTranslatable("a property shape with its own target")
        for cls in (URIRef("http://www.w3.org/2000/01/rdf-schema#Class"),
                    URIRef("http://www.w3.org/2002/07/owl#Class")):
            if shapes & set(self.g.subjects(URIRef(RDF_TYPE), cls)):
                raise ShapesNotTranslatable("implicit class targets")
        for shape in sorted(shapes, key=str):
            self.check_known(shape)
            target = self.targets(shape)
            if target is None:
                continue
            sparqls = self.node_queries(shape, target)
            if sparqls:
                message, severity = self.message(shape)
                out += [ShapeQuery(q, "", message, severity) for q in sparqls]
            for prop in sorted(self.many(shape, SH + "property"), key=lambda n: self.g.value(n, URIRef(SH + "path"))):
                sparqls = self.property_queries(prop, target)
                if sparqls:
                    message, severity = self.message(prop)
                    path = str(self.one(prop, SH + "path"))
                    out += [ShapeQuery(q, path, message, severity) for q in sparqls]
        return out


def shape_queries(shapes_path: str | Path) -> list[ShapeQuery]:
    """The SPARQL queries equivalent to a shapes file (:class:`ShapesNotTranslatable` if they cannot be)."""
    from rdflib import Graph

    return _Compiler(Graph().parse(str(shapes_path), format="turtle")).queries()


def validate_sparql(quads, shapes_path: str | Path, ontology: str | Path | None = None):
    """Validate the union of ``quads`` (plus the ontology) with the shapes translated into SPARQL.

    Returns a :class:`kg.validate.ValidationReport` equal to what pyshacl gives.
    """
    store = ox.Store()
    store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads)
    if ontology is not None:
        store.bulk_load(path=str(ontology), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    return validate_sparql_store(store, shapes_path, union=False)


def validate_sparql_store(store: ox.Store, shapes_path: str | Path, union: bool = True, threads: int = 2):
    """Validate a store as it is, with the shapes translated into SPARQL.

    With ``union`` the data is the union of its named graphs (the store must
    hold the ontology in one of them); without, its default graph.  Nothing is
    copied, so this is the way to check millions of triples.  The queries run
    on ``threads`` threads (Oxigraph evaluates them without holding the GIL);
    the report is sorted, so it does not depend on their order.
    """
    from concurrent.futures import ThreadPoolExecutor

    from kg.namespaces import short_iri
    from kg.validate import ValidationReport, Violation

    def violators(sq: ShapeQuery) -> list:
        return [row["focus"] for row in store.query(sq.sparql, use_default_graph_as_union=union)]

    queries = sorted(shape_queries(shapes_path), key=lambda sq: not sq.tests_each_node)
    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        found = list(pool.map(violators, queries))
    label = ox.NamedNode(RDFS_LABEL)
    violations = set()
    for sq, foci in zip(queries, found):
        for focus in foci:
            labels = sorted(q.object.value for q in store.quads_for_pattern(focus, label, None, None)) \
                if not isinstance(focus, ox.Literal) else []
            violations.add(Violation(focus=focus.value, focus_label=labels[0] if labels else "",
                                     path=short_iri(sq.path) if sq.path else "", message=sq.message,
                                     severity=sq.severity))
    conforms = not any(v.severity == "Violation" for v in violations)
    return ValidationReport(conforms, sorted(violations))
