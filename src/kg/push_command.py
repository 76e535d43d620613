"""The ``kg push`` command: a thin wrapper over :func:`kg.push.push`."""

from __future__ import annotations

import os
from pathlib import Path

import click

__all__ = ["push"]


def _headers(items: tuple[str, ...]) -> dict:
    out = {}
    for item in items:
        name, sep, value = item.partition(":")
        if not sep or not name.strip():
            raise click.BadParameter(f"{item!r}: expected 'Name: value'", param_hint="--header")
        out[name.strip()] = value.strip()
    return out


@click.command("push")
@click.option("--data", "data_dir", default="data", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Data folder whose graph/ is pushed.")
@click.option("--endpoint", metavar="URL",
              help="Base URL of the server, e.g. http://127.0.0.1:7878 for Oxigraph.")
@click.option("--store-path", default="/store", show_default=True,
              help="Path of the Graph Store Protocol under --endpoint.")
@click.option("--store-url", metavar="URL", help="Full Graph Store Protocol URL (instead of --endpoint).")
@click.option("--query-path", default="/query", show_default=True,
              help="Path of the SPARQL query service under --endpoint (for --verify).")
@click.option("--query-url", metavar="URL", help="Full SPARQL query URL (instead of --endpoint + --query-path).")
@click.option("--content-type", default="application/n-triples", show_default=True,
              type=click.Choice(["application/n-triples", "text/turtle"]),
              help="Media type of the graphs sent (the body is N-Triples, valid as Turtle too).")
@click.option("--force", is_flag=True, help="Send every graph, even those unchanged since the last push.")
@click.option("--dry-run", is_flag=True, help="Show what would be sent; send nothing.")
@click.option("--verify", is_flag=True, help="Afterwards compare the triple count of each graph remotely.")
@click.option("--header", "header_items", multiple=True, metavar="'NAME: VALUE'",
              help="Extra HTTP header (e.g. an Authorization token); repeatable.")
@click.option("--user", help="User for HTTP auth; the password comes from $KG_PUSH_PASSWORD.")
@click.option("--digest", is_flag=True, help="Use HTTP digest auth (Virtuoso) instead of basic.")
def push(data_dir, endpoint, store_path, store_url, query_path, query_url, content_type, force,
         dry_run, verify, header_items, user, digest):
    """Push the graph to a shared SPARQL store, one named graph per report.

    Each report's graph, the ontology and the derived edges are sent with the
    SPARQL 1.1 Graph Store Protocol (HTTP PUT ?graph=IRI), replacing only the
    graphs that changed since the last push to that store
    (DATA/graph/push-state.json); graphs of removed reports are deleted.

    \b
    Server      --store-url (or --endpoint with --store-path)
    Oxigraph    --endpoint http://HOST:7878   (/store; queries at /query)
    Fuseki      --store-url http://HOST:3030/DS/data   --query-url .../DS/sparql
    GraphDB     --store-url http://HOST:7200/repositories/ID/rdf-graphs/service
                --query-url http://HOST:7200/repositories/ID
    Virtuoso    --store-url http://HOST:8890/sparql-graph-crud-auth --user dba
                --digest --content-type text/turtle   --query-url .../sparql
    Neptune     --store-url https://CLUSTER:8182/sparql/gsp/
                --query-url https://CLUSTER:8182/sparql  (IAM: use a signing proxy)

    Then query it with: kg query NAME --endpoint QUERY-URL (the default graph
    must be the union of the named graphs: Oxigraph --union-default-graph).

    Example: kg push --endpoint http://127.0.0.1:7878 --verify
    """
    from kg.push import PushError, push as run_push, query_url_for, store_url_for, verify as run_verify
    from kg.store import StoreError

    if not store_url:
        if not endpoint:
            raise click.UsageError("give --endpoint URL (server base) or --store-url URL")
        store_url = store_url_for(endpoint, store_path)
    if verify and not query_url:
        if not endpoint:
            raise click.UsageError("--verify needs --query-url (or --endpoint)")
        query_url = query_url_for(endpoint, query_path)
    auth = None
    if user:
        import httpx

        password = os.environ.get("KG_PUSH_PASSWORD", "")
        auth = httpx.DigestAuth(user, password) if digest else httpx.BasicAuth(user, password)
    headers = _headers(header_items)
    try:
        summary = run_push(data_dir / "graph", store_url, force=force, content_type=content_type,
                           headers=headers, dry_run=dry_run, auth=auth,
                           )
        click.echo(("(dry run) " if dry_run else "") + summary.text())
        if verify and not dry_run:
            wrong = run_verify(data_dir / "graph", query_url, headers=headers, auth=auth)
            if wrong:
                raise PushError("the remote store differs (run again with --force):\n  " + "\n  ".join(wrong))
            click.echo(f"verified       every graph's triple count at {query_url}")
    except (PushError, StoreError) as exc:
        raise click.ClickException(str(exc)) from None


if __name__ == "__main__":  # python -m kg.push_command ...
    push()
