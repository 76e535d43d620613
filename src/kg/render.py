"""networkx graph -> one standalone, offline HTML page drawn by vis-network (via pyvis).

The page loads nothing: vis-network's JavaScript and CSS are inlined from the
files pyvis ships (``pyvis/templates/lib/vis-9.1.2``), our own CSS and script
come from ``kg/assets``, and a Content-Security-Policy forbids every fetch and
every script but those two (by hash), so an injected ``onerror=`` cannot run.

Report text never becomes markup:

* the page template is rendered by Jinja with autoescaping on (pyvis's own
  template puts ``heading`` and, for titles containing "href", tooltips in the
  page raw; we use pyvis only for its node, edge and option lists);
* nodes, edges and options travel as JSON in a ``<script type="application/json">``
  block with ``<``, ``>`` and ``&`` written as ``\\u003c`` etc.;
* our script reads that JSON and writes strings with ``textContent`` only;
  vis-network draws labels on a canvas and sets string tooltips with ``innerText``.

Layouts are computed here, not in the browser: ``networkx.spring_layout`` with a
fixed seed below :data:`SPRING_MAX_NODES`, a grid-approximated force layout
above it; physics is switched off above :data:`PHYSICS_MAX_NODES`. The same
graph always gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import networkx as nx

__all__ = ["render_network", "write_build_views", "node_tooltip", "layout_positions", "TYPE_STYLES",
           "PHYSICS_MAX_NODES", "SPRING_MAX_NODES", "EMPTY_MESSAGE"]

#: node type -> how it is drawn and named in the legend (first match wins in this order)
TYPE_STYLES: dict[str, dict] = {
    "person": {"name": "People", "shape": "dot", "color": "#4e79a7", "size": 11},
    "organization": {"name": "Organisations", "shape": "square", "color": "#f28e2b", "size": 11},
    "event": {"name": "Events", "shape": "star", "color": "#e15759", "size": 18},
    "session": {"name": "Sessions", "shape": "triangle", "color": "#76b7b2", "size": 10},
    "proposal": {"name": "Proposals", "shape": "diamond", "color": "#59a14f", "size": 12},
    "other": {"name": "Other", "shape": "dot", "color": "#9aa5b1", "size": 9},
}
#: spellings of node types accepted for the keys of TYPE_STYLES
TYPE_ALIASES = {"organisation": "organization", "org": "organization", "people": "person",
                "idea": "proposal", "proposals": "proposal", "events": "event"}

PHYSICS_MAX_NODES = 150     # above this, physics is off (positions are final)
SPRING_MAX_NODES = 500      # below this, networkx spring_layout; above, the fast layout
LABEL_MAX_CHARS = 48        # longer labels are cut on the canvas (the tooltip has the full text)
EVIDENCE_MAX_CHARS = 400
EMPTY_MESSAGE = "The graph is empty: run kg build."
LAYOUT_SEED = 7

_VIS_DIR = "lib/vis-9.1.2"
_HEIGHT = re.compile(r"^\d{1,5}(\.\d+)?(px|vh|em|rem|%)$")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


# --------------------------------------------------------------------------- assets

@lru_cache(maxsize=1)
def _assets() -> dict[str, str]:
    """vis-network from the installed pyvis, our template/CSS/JS from kg/assets; checked once."""
    import pyvis

    vis_dir = Path(pyvis.__file__).parent / "templates" / _VIS_DIR
    ours = files("kg") / "assets"
    assets = {
        "vis_js": (vis_dir / "vis-network.min.js").read_text(encoding="utf-8"),
        "vis_css": (vis_dir / "vis-network.css").read_text(encoding="utf-8"),
        "page_js": ours.joinpath("viz.js").read_text(encoding="utf-8"),
        "page_css": ours.joinpath("viz.css").read_text(encoding="utf-8"),
        "template": ours.joinpath("viz.html").read_text(encoding="utf-8"),
        "pyvis_version": getattr(pyvis, "__version__", "?"),
    }
    for key, closer in (("vis_js", "</script"), ("page_js", "</script"),
                        ("vis_css", "</style"), ("page_css", "</style")):
        if closer in assets[key].lower():
            raise RuntimeError(f"{key} contains {closer!r} and cannot be inlined")
    # an asset that fetched anything would break the offline promise: refuse it here
    for key in ("vis_css", "page_css"):
        if re.search(r"@import|url\(\s*(?!['\"]?data:)", assets[key], re.I):
            raise RuntimeError(f"{key} loads a remote resource")
    assets["csp"] = _content_security_policy(assets["vis_js"], assets["page_js"])
    return assets


def _content_security_policy(*scripts: str) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
        for s in scripts)
    return ("default-src 'none'; "
            f"script-src {hashes}; "
            "style-src 'unsafe-inline'; img-src data:; "
            "base-uri 'none'; form-action 'none'")


@lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment

    return Environment(autoescape=True, keep_trailing_newline=True).from_string(_assets()["template"])


# --------------------------------------------------------------------------- text

def _node_type(attrs: dict) -> str:
    t = str(attrs.get("type") or "other").strip().lower()
    t = TYPE_ALIASES.get(t, t)
    return t if t in TYPE_STYLES else "other"


def _texts(value) -> list[str]:
    """A node attribute as a list of strings: None, a string, or any iterable."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, dict):
        value = [f"{k}: {v}" for k, v in value.items()]
    elif isinstance(value, (set, frozenset)):
        value = sorted(value, key=str)
    try:
        items = list(value)
    except TypeError:
        items = [value]
    out: list[str] = []
    for item in items:
        text = " ".join(str(item).split())
        if text and text not in out:
            out.append(text)
    return out


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def node_label(node, attrs: dict) -> str:
    """The name of a node: its ``label``, else its id."""
    label = " ".join(str(attrs.get("label") or "").split())
    return label or " ".join(str(node).split())


def node_tooltip(node, attrs: dict) -> str:
    """The plain-text tooltip of a node: name, type, titles, affiliations, evidence.

    >>> node_tooltip("p1", {"label": "Ken Jimbo", "type": "person", "titles": ["President"]})
    'Ken Jimbo\\nperson\\nTitles: President'
    """
    lines = [node_label(node, attrs), _node_type(attrs)]
    for key, name in (("titles", "Titles"), ("affiliations", "Affiliations")):
        values = _texts(attrs.get(key))
        if values:
            lines.append(f"{name}: " + "; ".join(values))
    evidence = _texts(attrs.get("evidence"))
    if evidence:
        lines.append("\u201c" + _cut(evidence[0], EVIDENCE_MAX_CHARS) + "\u201d")
    return "\n".join(lines)


def _relation_label(relation) -> str:
    """``kg:affiliatedWith``, an IRI or ``affiliatedWith`` -> ``affiliated with``."""
    text = str(relation or "").strip()
    if not text:
        return ""
    text = re.split(r"[#/:]", text)[-1] or text
    return _CAMEL.sub(" ", text).replace("_", " ").lower()


def _script_json(value) -> str:
    """JSON that is safe inside a <script> element: no <, > or & outside escapes."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# --------------------------------------------------------------------------- layout

def layout_positions(n: int, edges: list[tuple[int, int]], seed: int = LAYOUT_SEED):
    """Positions of nodes ``0..n-1`` as an ``(n, 2)`` array, centred, in roughly [-1, 1].

    Spring layout (networkx, seeded) for small graphs; for ``n >= SPRING_MAX_NODES``
    :func:`kg.render_layout.fast_layout`, a force layout whose repulsion is
    approximated on a grid (about a second for 20,000 nodes).
    """
    import numpy as np

    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.zeros((1, 2))
    if n < SPRING_MAX_NODES:
        g = nx.Graph()
        g.add_nodes_from(range(n))
        g.add_edges_from(edges)
        pos = nx.spring_layout(g, seed=seed, iterations=100)
        arr = np.array([pos[i] for i in range(n)], dtype=float)
    else:
        from kg.render_layout import fast_layout

        arr = fast_layout(n, edges, seed=seed)
    arr -= arr.mean(axis=0)
    span = float(np.abs(arr).max()) or 1.0
    return arr / span


# --------------------------------------------------------------------------- page

def _options(directed: bool, physics: bool, big: bool, types: list[str]) -> dict:
    groups = {}
    for t in types:
        style = TYPE_STYLES[t]
        groups[t] = {"shape": style["shape"],
                     "color": {"background": style["color"], "border": "#ffffff",
                               "highlight": {"background": style["color"], "border": "#1f2933"},
                               "hover": {"background": style["color"], "border": "#1f2933"}}}
    return {
        "autoResize": True,
        "groups": groups,
        "nodes": {"borderWidth": 1.5, "borderWidthSelected": 3,
                  "font": {"size": 14, "face": "system-ui, sans-serif", "color": "#1f2933",
                           "strokeWidth": 4, "strokeColor": "#ffffff"},
                  "scaling": {"label": {"drawThreshold": 7}}},
        "edges": {"color": {"color": "#c1c7d0", "highlight": "#1f2933", "hover": "#52606d",
                            "inherit": False},
                  "font": {"size": 10, "color": "#7b8794", "strokeWidth": 3,
                           "strokeColor": "#ffffff", "align": "middle"},
                  "arrows": {"to": {"enabled": directed, "scaleFactor": 0.45}},
                  "smooth": False, "selectionWidth": 1.5, "hoverWidth": 0.5,
                  "scaling": {"label": {"drawThreshold": 8}}},
        "physics": ({"enabled": True, "solver": "forceAtlas2Based",
                     "forceAtlas2Based": {"gravitationalConstant": -70, "springLength": 120,
                                          "springConstant": 0.06, "avoidOverlap": 0.5},
                     "stabilization": {"enabled": True, "iterations": 200, "fit": True}}
                    if physics else {"enabled": False}),
        "interaction": {"hover": not big, "tooltipDelay": 150, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "multiselect": False},
        "layout": {"improvedLayout": False, "randomSeed": LAYOUT_SEED},
    }


def render_network(graph: nx.Graph, title: str = "kg", physics: bool | None = None,
                   height: str = "800px", message: str | None = None) -> str:
    """A complete standalone HTML page showing ``graph``; it loads nothing from anywhere.

    Parameters
    ----------
    graph : networkx.Graph
        Any graph (directed or not, multi or not). Node attributes used when
        present: ``type`` (person, organization, event, session, proposal),
        ``label``, ``titles``, ``affiliations``, ``evidence``, ``focus`` (drawn
        larger, with a dark border); edge attributes
        ``relation`` (the edge label) and ``weight`` (the edge width).
    title : str
        Page title and heading (plain text).
    physics : bool or None
        Let vis-network move the nodes; ``None``: only for graphs of at most
        :data:`PHYSICS_MAX_NODES` nodes.
    height : str
        CSS height of the drawing, such as ``"800px"`` or ``"85vh"``.
    message : str or None
        A note shown beside the drawing (plain text). An empty graph gets
        :data:`EMPTY_MESSAGE` when no message is given.

    Returns
    -------
    str
        The page. The same graph gives the same text.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("p", type="person", label="<b>Ada</b>")
    >>> page = render_network(g, title="demo")
    >>> "<b>Ada" in page, "\\\\u003cb\\\\u003eAda" in page
    (False, True)
    """
    from pyvis.network import Network

    if not _HEIGHT.match(str(height)):
        raise ValueError(f"height must be a CSS length such as '800px' or '85vh', got {height!r}")
    ordered = sorted(graph.nodes, key=str)          # stable: equal strings keep graph order
    index = {node: i for i, node in enumerate(ordered)}
    n = len(ordered)
    big = n > PHYSICS_MAX_NODES
    physics = (not big) if physics is None else bool(physics)
    directed = graph.is_directed()

    edge_rows = []
    for u, v, attrs in graph.edges(data=True):
        a, b = index[u], index[v]
        if not directed and a > b:
            a, b = b, a
        weight = attrs.get("weight", 1)
        try:
            weight = float(weight)
        except (TypeError, ValueError):
            weight = 1.0
        if not math.isfinite(weight) or weight <= 0:
            weight = 1.0
        edge_rows.append((a, b, _relation_label(attrs.get("relation")), weight))
    edge_rows.sort()

    pos = layout_positions(n, [(a, b) for a, b, _, _ in edge_rows if a != b])
    radius = 60.0 * math.sqrt(n) + 120.0
    degree = [0] * n
    for a, b, _, _ in edge_rows:
        degree[a] += 1
        degree[b] += 1

    nodes, counts = [], {}
    for i, node in enumerate(ordered):
        attrs = graph.nodes[node]
        t = _node_type(attrs)
        counts[t] = counts.get(t, 0) + 1
        label = node_label(node, attrs)
        style = TYPE_STYLES[t]
        nodes.append({"id": i, "label": _cut(label, LABEL_MAX_CHARS), "name": label, "group": t,
                      "title": node_tooltip(node, attrs),
                      "size": round(min(style["size"] + 2.5 * math.sqrt(degree[i]), 42), 1),
                      "x": round(float(pos[i][0]) * radius, 1), "y": round(float(pos[i][1]) * radius, 1)})
        if attrs.get("focus"):                       # the node a focused view is centred on
            nodes[-1].update(size=nodes[-1]["size"] + 8, borderWidth=3,
                             color={"border": "#1f2933", "background": style["color"]},
                             font={"size": 17, "color": "#000000"})
    edges = []
    for a, b, relation, weight in edge_rows:
        edge = {"from": a, "to": b}
        if relation:
            edge["label"] = relation
            edge["title"] = relation if weight == 1 else f"{relation} (weight {weight:g})"
        if weight != 1:
            edge["width"] = round(1 + min(4.0, math.log2(1 + weight)), 2)
        edges.append(edge)

    types = [t for t in TYPE_STYLES if t in counts]
    net = Network(height=height, width="100%", directed=directed, cdn_resources="in_line")
    net.nodes, net.edges = nodes, edges
    net.node_ids = list(range(n))
    net.options = _options(directed, physics, big, types)
    nodes, edges, _heading, _height, _width, options_json = net.get_network_data()

    assets = _assets()
    if n == 0 and not message:
        message = EMPTY_MESSAGE
    legend = [{"type": t, "name": TYPE_STYLES[t]["name"], "shape": TYPE_STYLES[t]["shape"],
               "color": TYPE_STYLES[t]["color"], "count": counts[t]} for t in types]
    from markupsafe import Markup

    data = {"nodes": nodes, "edges": edges, "options": json.loads(options_json)}
    return _template().render(
        title=" ".join(str(title).split()) or "kg",
        message=message, height=height, legend=legend,
        nodes_count=n, edges_count=len(edges),
        csp=assets["csp"], pyvis_version=assets["pyvis_version"], vis_version="9.1.2",
        vis_css=Markup(assets["vis_css"]), page_css=Markup(assets["page_css"]),
        vis_js=Markup(assets["vis_js"]), page_js=Markup(assets["page_js"]),
        data_json=Markup(_script_json(data)),
    )


def write_build_views(store, graph_dir, progress=None):
    """The pages of ``kg build``: ``graph_dir/index.html`` and ``graph_dir/proposals.html``.

    See :func:`kg.render_views.write_build_views`.
    """
    from kg.render_views import write_build_views as write

    return write(store, graph_dir, progress=progress)
