"""The ``kg serve`` command: a thin wrapper over :func:`kg.serve.serve`."""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["serve"]


@click.command("serve")
@click.option("--data", "data_dir", default="data", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Data folder whose graph/ is served.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; only change it to share the graph on purpose.")
@click.option("--port", default=7879, show_default=True, type=click.IntRange(1, 65535))
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0, min_open=True),
              help="Seconds a query may run before it is stopped with a 503 answer.")
@click.option("--allow-update", is_flag=True,
              help="Accept SPARQL UPDATE, applied to a working copy of the graph that lives as "
                   "long as the server (the built graph is never written; rebuilds are not followed).")
@click.option("--max-body", default=1_000_000, show_default=True, type=click.IntRange(min=1),
              help="Largest request body in bytes; larger ones get 413.")
def serve(data_dir, host, port, timeout, allow_update, max_body):
    """Serve the graph as a SPARQL 1.1 endpoint at /sparql, with a query page at /.

    GET or POST queries (SPARQL 1.1 Protocol); results come as SPARQL JSON,
    XML, CSV or TSV by the Accept header. Read-only unless --allow-update: an
    UPDATE gets 403. Queries run in Oxigraph's server over the current store
    generation; after 'kg build' the new graph is served as soon as it is
    ready, without dropping a query. The page at / links the HTML views of
    DATA/graph. Stop with Ctrl-C.

    Example: kg serve --port 7879 --timeout 10
    """
    from kg.serve import ServeError, ServeOptions, serve as run_serve

    opts = ServeOptions(graph_dir=data_dir / "graph", host=host, port=port, timeout=timeout,
                        allow_update=allow_update, max_body=max_body)
    try:
        run_serve(opts)
    except ServeError as exc:
        raise click.ClickException(str(exc)) from None


if __name__ == "__main__":  # python -m kg.serve_command ...
    serve()
