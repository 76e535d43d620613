"""How long ``render_network`` takes on big FICTIONAL graphs, and how big the page is.

    python bench/bench_viz.py                 # 2,000 and 20,000 nodes (2 edges per node)
    python bench/bench_viz.py 5000 --edges-per-node 3 --out bench/out

The graphs are random: made-up names ("Person 17", "Organisation 3"), clustered
into communities of about 40 nodes so that the layout has something to show.
Nothing here reads the real graph. Pages go to ``bench/out/`` (git-ignored) when
``--out`` is given, so they can be opened in a browser.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import networkx as nx

from kg.render import render_network

TYPES = [("person", 0.6), ("organization", 0.15), ("event", 0.1), ("proposal", 0.15)]
RELATION = {("person", "organization"): "affiliated with", ("person", "event"): "participated in",
            ("organization", "event"): "organized", ("proposal", "person"): "proposed by",
            ("proposal", "event"): "proposed at"}


def fictional_graph(nodes: int, edges: int, seed: int = 1, community: int = 40) -> nx.DiGraph:
    """A random typed graph of ``nodes`` nodes and about ``edges`` edges, names made up."""
    rnd = random.Random(seed)
    g = nx.DiGraph()
    kinds = [t for t, _ in TYPES]
    weights = [w for _, w in TYPES]
    counters = dict.fromkeys(kinds, 0)
    for i in range(nodes):
        t = rnd.choices(kinds, weights)[0]
        counters[t] += 1
        name = {"person": "Person", "organization": "Organisation", "event": "Event",
                "proposal": "Proposal"}[t]
        attrs = {"type": t, "label": f"{name} {counters[t]}"}
        if t == "person":
            attrs.update(titles=["Fellow"], affiliations=[f"Organisation {rnd.randrange(1, 50)}"],
                         evidence=f"{name} {counters[t]} spoke at a fictional event.")
        g.add_node(i, **attrs)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < edges:
        u = rnd.randrange(nodes)
        if rnd.random() < 0.85:           # mostly inside the community
            base = (u // community) * community
            v = rnd.randrange(base, min(nodes, base + community))
        else:
            v = rnd.randrange(nodes)
        if u == v or (u, v) in pairs or (v, u) in pairs:
            continue
        tu, tv = g.nodes[u]["type"], g.nodes[v]["type"]
        relation = RELATION.get((tu, tv)) or RELATION.get((tv, tu)) or "related to"
        if (tv, tu) in RELATION:
            u, v = v, u
        pairs.add((u, v))
        g.add_edge(u, v, relation=relation, weight=1)
    return g


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", nargs="*", type=int, default=[2000, 20000])
    ap.add_argument("--edges-per-node", type=float, default=2.0)
    ap.add_argument("--out", type=Path, default=None, help="write the pages here")
    args = ap.parse_args(argv)
    print(f"{'nodes':>7} {'edges':>7} {'build s':>8} {'render s':>9} {'page MB':>8}")
    for n in args.sizes:
        t0 = time.perf_counter()
        g = fictional_graph(n, int(n * args.edges_per_node))
        t1 = time.perf_counter()
        page = render_network(g, title=f"fictional graph, {n} nodes")
        t2 = time.perf_counter()
        print(f"{n:>7} {g.number_of_edges():>7} {t1 - t0:>8.2f} {t2 - t1:>9.2f} "
              f"{len(page.encode()) / 1e6:>8.2f}")
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"viz-{n}.html").write_text(page, encoding="utf-8")


if __name__ == "__main__":
    main()
