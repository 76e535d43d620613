"""Click commands of the core pipeline: build, validate, query, stats.

Each is a thin wrapper over one library function; library errors become
``click.ClickException`` (a message and exit code 1, never a traceback).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import click

from kg.namespaces import DEFAULT_BASE

__all__ = ["build", "validate", "query", "stats", "format_result"]

_DATA = click.option("--data", "data_dir", default="data", show_default=True,
                     type=click.Path(file_okay=False, path_type=Path),
                     help="Data folder holding reports/, records/ and graph/.")


def _graph_dir(data_dir: Path) -> Path:
    return data_dir / "graph"


def _fail(exc: Exception) -> click.ClickException:
    return click.ClickException(str(exc))


@click.command("build")
@_DATA
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of people, events, ...")
@click.option("--format", "formats", multiple=True, default=("trig",), show_default=True,
              type=click.Choice(["trig", "ttl", "nq", "nt", "jsonld"]),
              help="Export format(s) written to graph/kg.<format>; repeat for several.")
@click.option("--no-extract", is_flag=True, help="Build from the records as they are; extract nothing.")
@click.option("--no-views", is_flag=True, help="Do not write the HTML pages.")
@click.option("--force", is_flag=True, help="Rebuild even when nothing changed since the last build.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary.")
def build(data_dir, base, formats, no_extract, no_views, force, quiet):
    """Build the graph: extract new reports, map records to RDF, validate, store, export.

    Reports in DATA/reports whose record is missing or older are extracted into
    DATA/records (records marked 'reviewed: true' are never overwritten); all
    records are mapped to RDF, checked against the SHACL shapes, and stored in
    DATA/graph/store, replacing the previous graph only when everything worked.
    When nothing changed since the last build (records, authorities, decisions,
    base IRI, kg itself), the graph is kept as it is.

    Example: kg build --format trig --format nq
    """
    from kg.build import BuildError, build as run_build
    from kg.extract import ExtractionError
    from kg.record import RecordError
    from kg.resolve import DecisionError
    from kg.resolve_authorities import AuthorityError
    from kg.store import StoreError

    def progress(msg: str) -> None:
        if not quiet:
            click.echo(msg, err=True)

    try:
        summary = run_build(data_dir, base=base, formats=formats, extract=not no_extract,
                            views=not no_views, progress=progress, force=force)
    except (BuildError, RecordError, ExtractionError, DecisionError, AuthorityError, StoreError) as exc:
        raise _fail(exc) from None
    click.echo(summary.text())


@click.command("validate")
@_DATA
def validate(data_dir):
    """Check the built graph against ontology/shapes.ttl; exit 1 on violations.

    Example: kg validate
    """
    from kg.store import StoreError, open_store
    from kg.validate import validate_store

    try:
        report = validate_store(open_store(_graph_dir(data_dir)))
    except StoreError as exc:
        raise _fail(exc) from None
    click.echo(report.text())
    if not report.conforms:
        sys.exit(1)


def _read_query_text(source: str) -> tuple[str, object]:
    """A SPARQL text from '-', a .rq file, a named query or the string itself."""
    from kg.queries import get_query

    if source == "-":
        return click.get_text_stream("stdin").read(), None
    if "{" in source or source.strip().upper().startswith(("SELECT", "ASK", "CONSTRUCT", "DESCRIBE",
                                                             "PREFIX", "BASE")):
        return source, None
    path = Path(source)
    if source.endswith(".rq") or path.is_file():
        if not path.is_file():
            raise click.ClickException(f"no query file {source}")
        return path.read_text(encoding="utf-8"), None
    named = get_query(source)
    return named.text, named


def format_result(result, fmt: str) -> str:
    """A query result as table, csv, tsv or json (SPARQL 1.1 JSON results)."""
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean})
        return "true" if result.boolean else "false"
    if result.kind == "construct":
        import pyoxigraph as ox

        return ox.serialize(result.triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    if fmt == "json":
        return json.dumps(_sparql_json(result), indent=1, ensure_ascii=False)
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.variables)
        writer.writerows([["" if v is None else v for v in row] for row in result.rows])
        return buf.getvalue().rstrip("\n")
    return _table(result.variables, result.rows)


def _sparql_json(result) -> dict:
    import pyoxigraph as ox

    bindings = []
    for row in result.terms:
        b = {}
        for var, term in zip(result.variables, row):
            if term is None:
                continue
            if isinstance(term, ox.NamedNode):
                b[var] = {"type": "uri", "value": term.value}
            elif isinstance(term, ox.BlankNode):
                b[var] = {"type": "bnode", "value": term.value}
            else:
                v = {"type": "literal", "value": term.value}
                if term.language:
                    v["xml:lang"] = term.language
                elif term.datatype and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
                    v["datatype"] = term.datatype.value
                b[var] = v
        bindings.append(b)
    return {"head": {"vars": result.variables}, "results": {"bindings": bindings}}


def _table(variables: list[str], rows: list[list], max_width: int = 60) -> str:
    def cell(v) -> str:
        s = "" if v is None else str(v)
        s = " ".join(s.split())
        return s if len(s) <= max_width else s[: max_width - 1] + "…"

    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(variables)]
    line = "  ".join(v.ljust(w) for v, w in zip(variables, widths)).rstrip()
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


@click.command("query")
@click.argument("source", required=False)
@_DATA
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "csv", "tsv", "json"]), help="Output format.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of a named query, bound as an RDF term; repeatable.")
@click.option("--list", "list_", is_flag=True, help="List the named queries and their parameters.")
@click.option("--endpoint", metavar="URL", help="Run against a remote SPARQL endpoint instead of the store.")
def query(source, data_dir, fmt, params, list_, endpoint):
    """Run SPARQL on the graph: a named query, a .rq file, '-' for stdin, or the query text.

    The default graph is the union of all report graphs, the ontology and the
    derived shortcut edges.

    Example: kg query sessions-chaired --param person="Ken Jimbo"
    """
    from kg.queries import QueryError, bind_params, list_queries, run_query
    from kg.store import StoreError, open_store

    if list_:
        for q in list_queries():
            ps = " ".join(f"--param {p.name}=<{p.type}>" for p in q.params)
            click.echo(f"{q.name:<28} {q.title}" + (f"  [{ps}]" if ps else ""))
            if q.answers:
                click.echo(f"{'':<28} {q.answers}")
        return
    if not source:
        raise click.UsageError("give a query (a name, a .rq file, '-' or the SPARQL text) or --list")
    try:
        text, named = _read_query_text(source)
        values = {}
        for item in params:
            if "=" not in item:
                raise QueryError(f"--param {item!r}: expected NAME=VALUE")
            k, v = item.split("=", 1)
            values[k.strip()] = v
        if named is not None:
            bindings = bind_params(named, values)
        elif values:
            raise QueryError("--param works only with a named query (see kg query --list)")
        else:
            bindings = {}
        target = endpoint or open_store(_graph_dir(data_dir))
        result = run_query(target, text, bindings)
    except (QueryError, StoreError) as exc:
        raise _fail(exc) from None
    click.echo(format_result(result, fmt))


@click.command("stats")
@_DATA
def stats(data_dir):
    """Count the graph's resources by class and its triples by named graph.

    Example: kg stats
    """
    from kg.queries import run_query
    from kg.store import StoreError, open_store

    try:
        store = open_store(_graph_dir(data_dir))
    except StoreError as exc:
        raise _fail(exc) from None
    by_class = run_query(store, """
        SELECT ?class (COUNT(DISTINCT ?x) AS ?instances) WHERE {
          GRAPH ?g { ?x a ?class }
          FILTER(CONTAINS(STR(?g), "/graph/report/") || STRENDS(STR(?g), "/graph/entities"))
        } GROUP BY ?class ORDER BY DESC(?instances) ?class""", union=False)
    by_graph = run_query(store, """
        SELECT ?graph (COUNT(*) AS ?triples) WHERE { GRAPH ?graph { ?s ?p ?o } }
        GROUP BY ?graph ORDER BY ?graph""", union=False)
    from kg.namespaces import short_iri

    click.echo(_table(by_class.variables, [[short_iri(r[0]), r[1]] for r in by_class.rows]))
    click.echo()
    click.echo(_table(by_graph.variables, by_graph.rows, max_width=100))
    total = sum(r[1] for r in by_graph.rows)
    click.echo(f"total triples: {total}")

