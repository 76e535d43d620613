"""The notebook API: ``g = kg.open()``, then ask the graph questions.

>>> import kg
>>> g = kg.open("tests/fixtures/queries/graph.trig")      # doctest: +SKIP
>>> g.query("sessions-chaired", person="Yuna Kirishima")   # doctest: +SKIP
>>> g.show("person-person")                                 # doctest: +SKIP

Nothing heavy is imported until it is used: pandas with the first query,
networkx with the first network, rdflib with :attr:`KnowledgeGraph.dataset`.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

__all__ = ["KnowledgeGraph", "open", "resolve_graph_path"]

_RDF_FILES = {".trig": "TRIG", ".nq": "N_QUADS", ".ttl": "TURTLE", ".nt": "N_TRIPLES"}


def resolve_graph_path(path=None) -> Path:
    """The graph folder (or RDF file) meant by ``path``.

    ``None`` means ``$KG_GRAPH`` when set, else ``data/graph``; a data folder
    holding ``graph/`` means that ``graph/``.
    """
    if path is None:
        path = os.environ.get("KG_GRAPH") or "data/graph"
    p = Path(path)
    if p.is_dir() and not (p / "store").exists() and (p / "graph" / "store").exists():
        return p / "graph"
    return p


def open(path=None, **kwargs) -> "KnowledgeGraph":  # noqa: A001 - mirrors kg.open
    """Open a built graph for queries, networks and views.

    Parameters
    ----------
    path : str or Path, optional
        A graph folder (``data/graph``), a data folder holding ``graph/``, or an
        RDF file (``.trig``, ``.nq``, ``.ttl``, ``.nt``) loaded into memory.
        Default: ``$KG_GRAPH`` if set, else ``data/graph``.

    Returns
    -------
    KnowledgeGraph

    Examples
    --------
    >>> import kg
    >>> g = kg.open("data")                              # doctest: +SKIP
    >>> g.query("event-timeline").head()                 # doctest: +SKIP
    """
    return KnowledgeGraph(resolve_graph_path(path), **kwargs)


class KnowledgeGraph:
    """A built graph: named queries as DataFrames, networks, interactive views.

    Parameters
    ----------
    path : Path
        A graph folder or an RDF file (see :func:`open`).
    """

    def __init__(self, path: Path):
        import pyoxigraph as ox

        from kg.store import open_store

        self.path = Path(path)
        if self.path.is_file():
            fmt = _RDF_FILES.get(self.path.suffix.lower())
            if fmt is None:
                raise ValueError(f"{self.path}: not an RDF file ({', '.join(_RDF_FILES)})")
            self.store = ox.Store()
            self.store.load(path=str(self.path), format=getattr(ox.RdfFormat, fmt))
        else:
            self.store = open_store(self.path)
        self._dataset = None

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.path}>"

    def query(self, name_or_sparql: str, **params):
        """Run a named query (with its parameters) or a SPARQL SELECT; rows as a DataFrame.

        Parameters
        ----------
        name_or_sparql : str
            A named query (see :meth:`queries`) or SPARQL text.
        **params
            The named query's parameters, e.g. ``person="Ken Jimbo"``.

        Returns
        -------
        pandas.DataFrame

        Examples
        --------
        >>> g.query("person-affiliations", person="Ken Jimbo")    # doctest: +SKIP
        >>> g.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")  # doctest: +SKIP
        """
        import pandas as pd

        from kg.queries import QueryError, bind_params, get_query, run_query

        text = name_or_sparql
        bindings = {}
        if not any(ch in name_or_sparql for ch in "{?"):
            named = get_query(name_or_sparql)
            text, bindings = named.text, bind_params(named, params)
        elif params:
            raise QueryError("parameters work only with a named query (see g.queries())")
        result = run_query(self.store, text, bindings)
        if result.kind == "ask":
            return pd.DataFrame({"boolean": [result.boolean]})
        if result.kind == "construct":
            return pd.DataFrame([(str(t.subject), str(t.predicate), str(t.object)) for t in result.triples],
                                columns=["subject", "predicate", "object"])
        return pd.DataFrame(result.rows, columns=result.variables)

    def queries(self):
        """The named queries: name, title, what each answers, parameters (a DataFrame)."""
        import pandas as pd

        from kg.queries import list_queries

        return pd.DataFrame([{"name": q.name, "title": q.title, "answers": q.answers,
                              "params": ", ".join(f"{p.name} ({p.type})" for p in q.params)}
                             for q in list_queries()])

    def network(self, kind: str = "overview"):
        """A networkx projection: person-person, person-org, org-org, person-proposal, overview.

        See :func:`kg.analysis.projection`.

        Examples
        --------
        >>> import networkx as nx
        >>> pp = g.network("person-person")                       # doctest: +SKIP
        >>> sorted(nx.degree_centrality(pp).items())[:3]          # doctest: +SKIP
        """
        from kg.analysis import projection

        return projection(self.store, kind)

    def analyze(self, kind: str = "person-person", metric: str = "degree"):
        """A metric (degree, betweenness, communities, brokers) of a projection, as a DataFrame."""
        import pandas as pd

        from kg.analysis import metric_table

        return pd.DataFrame(metric_table(self.store, kind, metric))

    def show(self, kind_or_graph="overview", focus=None, hops: int = 2, height: int = 600, **kw):
        """An interactive view of a network, inline in Jupyter.

        Parameters
        ----------
        kind_or_graph : str or networkx.Graph
            A projection kind (see :meth:`network`) or a graph of your own.
        focus : str, optional
            A node IRI or label: show only the nodes within ``hops`` of it.
        hops : int
            Radius around ``focus``.
        height : int
            Height of the frame in pixels.
        **kw
            Passed on to ``kg.render.render_network``.

        Returns
        -------
        IPython.display.HTML
        """
        import networkx as nx
        from IPython.display import HTML

        from kg.render import render_network

        g = self.network(kind_or_graph) if isinstance(kind_or_graph, str) else kind_or_graph
        title = kind_or_graph if isinstance(kind_or_graph, str) else "network"
        if focus is not None:
            node = focus if focus in g else next(
                (n for n, d in g.nodes(data=True) if str(d.get("label", "")).lower() == str(focus).lower()), None)
            if node is None:
                raise KeyError(f"no node {focus!r} in the {title} network")
            g = nx.ego_graph(g, node, radius=hops).copy()
            g.nodes[node]["focus"] = True
            title = f"{title} around {g.nodes[node].get('label', node)}"
        page = render_network(g, title=title, **kw)
        return HTML(f'<div><iframe srcdoc="{html.escape(page, quote=True)}" width="100%" height="{int(height)}" '
                    f'style="border:0" sandbox="allow-scripts"></iframe></div>')

    @property
    def dataset(self):
        """The graph as an rdflib ``Dataset`` (via oxrdflib), for rdflib users."""
        if self._dataset is None:
            from kg.store import open_dataset

            self._dataset = open_dataset(self.store)
        return self._dataset
