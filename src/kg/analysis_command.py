"""The ``kg analyze`` command: a thin wrapper over :func:`kg.analysis.metric_table`."""

from __future__ import annotations

import csv
from pathlib import Path

import click

__all__ = ["analyze"]


@click.command("analyze")
@click.option("--kind", default="person-person", show_default=True,
              type=click.Choice(["person-person", "person-org", "org-org", "person-proposal", "overview"]),
              help="Which network to build from the graph.")
@click.option("--metric", default="degree", show_default=True,
              type=click.Choice(["degree", "betweenness", "communities", "brokers"]),
              help="What to compute (brokers: people linking Japanese and Korean institutions).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write all rows as CSV.")
@click.option("--graphml", type=click.Path(dir_okay=False, path_type=Path), help="Export the network as GraphML.")
@click.option("--gexf", type=click.Path(dir_okay=False, path_type=Path), help="Export the network as GEXF (Gephi).")
@click.option("--top", default=20, show_default=True, type=click.IntRange(min=0),
              help="Rows to print (0: all).")
@click.option("--data", "data_dir", default="data", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Data folder holding graph/.")
def analyze(kind, metric, output, graphml, gexf, top, data_dir):
    """Network analysis: centrality, communities and JP-KR brokers of the graph's people and institutions.

    Builds a networkx projection of the graph (co-participation of people,
    affiliations, co-hosting institutions, who proposed what, or an overview)
    and prints the top rows of a metric; exports the network for Gephi.

    Example: kg analyze --kind org-org --metric betweenness --gexf orgs.gexf
    """
    from kg.analysis import metric_table, projection, write_gexf, write_graphml
    from kg.commands import _table
    from kg.store import StoreError, open_store

    try:
        store = open_store(data_dir / "graph")
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    g = projection(store, kind) if (metric != "brokers" or graphml or gexf) else None
    rows = metric_table(store, kind, metric, g=g)
    if graphml:
        write_graphml(g, graphml)
    if gexf:
        write_gexf(g, gexf)
    columns = list(rows[0]) if rows else ["node", "label"]
    if output:
        with open(output, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    shown = rows if top == 0 else rows[:top]
    visible = [c for c in columns if c != "node"]
    click.echo(_table(visible, [[r[c] for c in visible] for r in shown]))
    if g is not None:
        click.echo(f"{kind}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
