"""Named SPARQL queries shipped as ``.rq`` files, and running any query on a store.

Each ``.rq`` file opens with a header comment::

    # title: Sessions a person chaired
    # answers: Which sessions did a person chair, and at which events?
    # param: person literal  The person's name, any spelling the graph knows

A parameter is a variable of the query (``?person``) bound as an RDF term,
never pasted into the query text as is: the value becomes an RDF term whose
N-Triples form (escaped by Oxigraph) fills a ``VALUES`` block opening the
query's top-level ``WHERE`` group, so filters see it bound, on the embedded
store and on a remote endpoint alike.  Types: ``literal`` (a string), ``name``
(a string looked up in the ``kg:nameKey`` index, so bound to its key: case and
spacing do not matter), ``iri``, ``integer``, ``date``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from importlib.resources import files

import pyoxigraph as ox

from kg.namespaces import PREFIXES

__all__ = ["NamedQuery", "Param", "QueryError", "list_queries", "get_query", "bind_params",
           "run_query", "with_bindings", "QueryResult", "PARAM_TYPES"]

PARAM_TYPES = ("literal", "name", "iri", "integer", "date")


class QueryError(Exception):
    """A query that cannot be run: unknown name, bad parameter, syntax error."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    doc: str


@dataclass
class NamedQuery:
    name: str
    title: str
    answers: str
    params: list[Param] = field(default_factory=list)
    text: str = ""

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


_HEADER = re.compile(r"^#\s*(title|answers|param)\s*:\s*(.*)$")


def parse_header(name: str, text: str) -> NamedQuery:
    q = NamedQuery(name=name, title=name, answers="", text=text)
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "title":
            q.title = value
        elif key == "answers":
            q.answers = f"{q.answers} {value}".strip()
        else:
            parts = value.split(None, 2)
            if len(parts) < 2 or parts[1] not in PARAM_TYPES:
                raise QueryError(f"{name}.rq: bad param line {line!r} (want: # param: NAME TYPE doc)")
            q.params.append(Param(parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
    return q


def list_queries() -> list[NamedQuery]:
    """Every named query shipped with kg, sorted by name."""
    out = []
    for entry in sorted(files("kg.queries").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            out.append(parse_header(entry.name[:-3], entry.read_text(encoding="utf-8")))
    return out


def get_query(name: str) -> NamedQuery:
    """The named query ``name``; :class:`QueryError` listing the known ones otherwise."""
    known = list_queries()
    for q in known:
        if q.name == name:
            return q
    import difflib

    close = difflib.get_close_matches(name, [q.name for q in known], n=3)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise QueryError(f"no named query {name!r}.{hint} Known queries: {', '.join(q.name for q in known)}")


def _term(param: Param, value) -> ox.Literal | ox.NamedNode:
    raw = str(value)
    if param.type == "literal":
        return ox.Literal(raw)
    if param.type == "name":
        from kg.mapping import name_lookup_key

        return ox.Literal(name_lookup_key(raw))
    if param.type == "iri":
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$", raw):
            raise QueryError(f"parameter {param.name}: {raw!r} is not an IRI")
        return ox.NamedNode(raw)
    if param.type == "integer":
        try:
            return ox.Literal(str(int(raw)), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
        except ValueError:
            raise QueryError(f"parameter {param.name}: {raw!r} is not an integer") from None
    try:
        iso = dt.date.fromisoformat(raw).isoformat()
    except ValueError:
        raise QueryError(f"parameter {param.name}: {raw!r} is not a date (YYYY-MM-DD)") from None
    return ox.Literal(iso, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))


def bind_params(query: NamedQuery, params: dict[str, object]) -> dict[ox.Variable, object]:
    """Check the parameters against the query's header and turn them into RDF terms."""
    unknown = sorted(set(params) - {p.name for p in query.params})
    if unknown:
        have = ", ".join(p.name for p in query.params) or "none"
        raise QueryError(f"query {query.name!r} has no parameter {unknown[0]!r} (its parameters: {have})")
    missing = [p.name for p in query.params if p.name not in params]
    if missing:
        p = query.param(missing[0])
        raise QueryError(f"query {query.name!r} needs --param {p.name}=... ({p.type}: {p.doc})")
    return {ox.Variable(name): _term(query.param(name), value) for name, value in params.items()}


@dataclass
class QueryResult:
    """Rows of a SELECT (values as Python strings/numbers/None), a boolean, or triples."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    terms: list[list] = field(default_factory=list)
    boolean: bool | None = None
    triples: list = field(default_factory=list)


#: datatype -> whether its literals become ints (datatype IRIs ending in #integer, #int, #long, #decimal);
#: a cache, as reading ``datatype.value`` for every cell was a tenth of a cheap query's time
_INTEGRAL: dict[ox.NamedNode, bool] = {}


def _py(term):
    if term is None:
        return None
    if type(term) is ox.Literal:
        dtype = term.datatype
        integral = _INTEGRAL.get(dtype)
        if integral is None:
            integral = _INTEGRAL[dtype] = dtype.value.endswith(("#integer", "#int", "#long", "#decimal"))
        if integral:
            try:
                return int(term.value)
            except ValueError:
                return term.value
    return term.value


def _with_prefixes(text: str) -> str:
    declared = set(re.findall(r"(?im)^\s*PREFIX\s+([\w-]*):", text))
    head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared)
    return head + text


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def with_bindings(text: str, bindings: dict) -> str:
    """The query with a ``VALUES`` block of the bound terms opening its top-level WHERE group."""
    if not bindings:
        return text
    m = _WHERE.search(text)
    if m is None:
        raise QueryError("a query with parameters needs a 'WHERE {' group to bind them in")
    names = " ".join(str(v) for v in bindings)
    values = " ".join(str(t) for t in bindings.values())
    return f"{text[:m.end()]}\n  VALUES ({names}) {{ ({values}) }}\n{text[m.end():]}"


def run_query(store, text: str, bindings: dict | None = None, union: bool = True) -> QueryResult:
    """Run SPARQL on a pyoxigraph store or a remote endpoint URL.

    The default graph is the union of all named graphs.  Syntax errors become
    :class:`QueryError` with the parser's message and position.
    """
    text = with_bindings(text, bindings or {})
    if isinstance(store, str):
        from kg.remote import remote_query

        return remote_query(store, _with_prefixes(text))
    try:
        result = store.query(text, use_default_graph_as_union=union, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from None
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        terms = [list(sol) for sol in result]      # a solution unpacks in the order of the variables
        return QueryResult("select", variables, [[_py(t) for t in row] for row in terms], terms)
    return QueryResult("construct", triples=list(result))
