"""The ``kg viz`` command: one view of the graph as a standalone HTML page.

A thin wrapper over :func:`kg.render_views.viz`; library errors become
``click.ClickException``.
"""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["viz"]


@click.command("viz")
@click.option("--view", type=click.Choice(["overview", "proposals"]), default="overview",
              show_default=True,
              help="overview: people, organisations, events, proposals; "
                   "proposals: idea <- proposer -> institution -> event.")
@click.option("--focus", metavar="NAME", default=None,
              help="Show only the nodes within --hops of the node with this name.")
@click.option("--hops", type=click.IntRange(0, 10), default=2, show_default=True,
              help="How far from --focus to go.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Page to write [default: DATA/graph/viz.html, or focus-<name>.html with --focus].")
@click.option("--data", "data_dir", default="data", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Data folder holding reports/, records/ and graph/.")
def viz(view, focus, hops, output, data_dir):
    """Draw the graph as a standalone HTML page that works offline.

    Nodes are coloured by type (people, organisations, events, proposals);
    hover one for its titles, affiliations and evidence sentence; the search
    box finds a node by name and the legend filters by type.

    Example: kg viz --focus "Yang Uk" --hops 2 -o yang.html
    """
    from kg.render_views import FocusError, default_output
    from kg.render_views import viz as write_view
    from kg.store import StoreError, open_store

    graph_dir = data_dir / "graph"
    try:
        store = open_store(graph_dir)
        path = write_view(store, output or default_output(graph_dir, focus),
                          view=view, focus=focus, hops=hops)
    except (StoreError, FocusError, ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(str(path))
