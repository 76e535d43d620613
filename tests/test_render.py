"""kg.render: offline pages, escaped report text, views and the ``kg viz`` command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.render import EMPTY_MESSAGE, _assets, node_tooltip, render_network
from kg.render_command import viz
from kg.render_views import (FocusError, focus_graph, overview_graph, proposals_graph,
                             write_build_views)

XSS_NAME = "<img src=x onerror=alert(1)>"
GOLD = Path(__file__).parent / "fixtures" / "seed" / "gold"     # hand-written records
# The only URL strings in the inlined vis-network 9.1.2 (licence header, core-js and uuid
# metadata, and the SVG namespace passed to createElementNS): none is fetched.
VIS_URL_STRINGS = {
    "http://almende.com", "http://opensource.org/licenses/MIT",
    "http://www.apache.org/licenses/LICENSE-2.0", "http://www.w3.org/2000/svg",
    "https://github.com/uuidjs/uuid#getrandomvalues-not-supported", "https://github.com/visjs",
    "https://github.com/zloirock/core-js", "https://github.com/zloirock/core-js/blob/v3.21.1/LICENSE",
    "https://visjs.github.io/vis-network/",
}
URL = re.compile(r"(?:https?:)?//[a-z0-9][-a-z0-9.]*\.[a-z]{2,}[^\s\"'<>)]*", re.I)


def small_graph() -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_node("p:ken", type="person", label="Ken Jimbo", titles=["President", "Managing Director"],
               affiliations=["Asia Pacific Initiative"], evidence="Ken Jimbo, President of API, chaired.")
    g.add_node("p:yang", type="person", label="Yang Uk", titles=["Research Fellow"],
               affiliations=["Asan Institute for Policy Studies"])
    g.add_node("o:asan", type="organization", label="Asan Institute for Policy Studies")
    g.add_node("e:dlg", type="event", label="Japan–Korea Policy Dialogue")
    g.add_node("x:idea", type="proposal", label="Asian NATO")
    g.add_node("s:1", type="session", label="Session 1")
    g.add_edge("p:yang", "o:asan", relation="affiliatedWith", weight=1)
    g.add_edge("p:ken", "e:dlg", relation="participated in", weight=3)
    g.add_edge("p:yang", "e:dlg", relation="participated in")
    g.add_edge("o:asan", "e:dlg", relation="https://w3id.org/kg-track2/ns#organized")
    g.add_edge("x:idea", "p:yang", relation="proposed by")
    g.add_edge("s:1", "e:dlg")
    return g


def hostile_graph() -> nx.DiGraph:
    g = small_graph()
    g.add_node("p:x", type="person", label=XSS_NAME,
               titles=['<a href="javascript:alert(2)">Director</a>'],
               affiliations=["</script><script>alert(3)</script>"],
               evidence='He said <a href="https://evil.example/x">click</a> & left.')
    g.add_edge("p:x", "o:asan", relation="<b onmouseover=alert(4)>affiliated</b>")
    return g


def data_of(page: str) -> dict:
    m = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', page, re.S)
    assert m, "no data block"
    return json.loads(m.group(1))


def outside_vis(page: str) -> str:
    vis_js, vis_css = _assets()["vis_js"], _assets()["vis_css"]
    assert page.count(vis_js) == 1 and page.count(vis_css) == 1
    return page.replace(vis_js, "").replace(vis_css, "")


def assert_offline(page: str, report_urls: bool = False) -> None:
    # no attribute, CSS or import that loads anything
    assert not re.search(r"""\b(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    for css in re.findall(r"<style>(.*?)</style>", page, re.S) + re.findall(r'style="([^"]*)"', page):
        assert not re.search(r"url\(\s*(?!['\"]?data:)|@import", css, re.I)
    assert not re.search(r"@import|\bimport\s*\(|importScripts|\bfetch\s*\(|XMLHttpRequest|sendBeacon"
                         r"|new\s+WebSocket|EventSource", outside_vis(page))
    # no URL at all outside vis-network (report text in the data block may quote one: it is
    # data, drawn as text); inside vis-network, only the known strings that are never fetched
    rest = outside_vis(page)
    if report_urls:
        rest = re.sub(r'<script id="kg-data" type="application/json">.*?</script>', "", rest, flags=re.S)
    assert URL.findall(rest) == []
    assert set(URL.findall(_assets()["vis_js"] + _assets()["vis_css"])) <= VIS_URL_STRINGS
    # and the page forbids fetching anyway
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src &#39;none&#39;" in csp and "unsafe-inline" not in csp.split("style-src")[0]


def test_page_is_offline_and_complete():
    page = render_network(small_graph(), title="demo")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert_offline(page)
    assert "bootstrap" not in page.lower() and "cdnjs" not in page and "jsdelivr" not in page
    data = data_of(page)
    assert len(data["nodes"]) == 6 and len(data["edges"]) == 6
    groups = {n["name"]: n["group"] for n in data["nodes"]}
    assert groups == {"Ken Jimbo": "person", "Yang Uk": "person",
                      "Asan Institute for Policy Studies": "organization",
                      "Japan–Korea Policy Dialogue": "event", "Asian NATO": "proposal",
                      "Session 1": "session"}
    assert {e.get("label") for e in data["edges"]} == {
        "affiliated with", "participated in", "organized", "proposed by", None}
    assert all("x" in n and "y" in n for n in data["nodes"])
    assert data["options"]["physics"]["enabled"] is True
    for name in ("People", "Organisations", "Events", "Sessions", "Proposals"):
        assert f'<span class="kg-legend-name">{name}</span>' in page
    assert 'id="kg-search-input"' in page


def test_tooltip_is_plain_text_with_titles_affiliations_evidence():
    g = small_graph()
    text = node_tooltip("p:ken", g.nodes["p:ken"])
    assert text == ("Ken Jimbo\nperson\nTitles: President; Managing Director\n"
                    "Affiliations: Asia Pacific Initiative\n"
                    "\u201cKen Jimbo, President of API, chaired.\u201d")
    node = next(n for n in data_of(render_network(g))["nodes"] if n["name"] == "Ken Jimbo")
    assert node["title"] == text


def test_report_strings_are_escaped():
    page = render_network(hostile_graph(), title=XSS_NAME, message=XSS_NAME)
    assert_offline(page, report_urls=True)
    for raw in (XSS_NAME, "<a href", "<script>alert", "<b onmouseover", "</script><script>"):
        assert raw not in page
    assert outside_vis(page).count("<script") == 3   # data, vis-network, ours: nothing injected
    assert "&lt;img src=x onerror=alert(1)&gt;" in page          # heading, title, message as text
    names = [n["name"] for n in data_of(page)["nodes"]]
    assert XSS_NAME in names                                      # the data round-trips intact
    assert not re.search(r"\.(?:inner|outer)HTML|insertAdjacentHTML|document\.write|eval\(",
                         _assets()["page_js"])
    # pyvis's raw-HTML tooltip path (a title containing "href") is never used
    assert "popup.innerHTML" not in page and "tooltip_link" not in page


def test_empty_graph_gives_a_page_with_a_message():
    page = render_network(nx.Graph())
    assert EMPTY_MESSAGE in page
    assert data_of(page)["nodes"] == []
    assert_offline(page)
    assert "run kg build" in render_network(nx.DiGraph(), message="the graph is empty: run kg build")


def test_same_graph_same_bytes_whatever_the_insertion_order():
    g = small_graph()
    again = nx.DiGraph()
    again.add_nodes_from(reversed(list(g.nodes(data=True))))
    again.add_edges_from(reversed(list(g.edges(data=True))))
    assert render_network(g) == render_network(small_graph()) == render_network(again)


def test_bad_height_is_refused():
    with pytest.raises(ValueError):
        render_network(small_graph(), height="1px; background: url(//x)")


def random_graph(n: int, m: int) -> nx.Graph:
    g = nx.gnm_random_graph(n, m, seed=3)
    kinds = ["person", "organization", "event", "proposal"]
    for v in g:
        g.nodes[v].update(type=kinds[v % 4], label=f"Node {v}")
    for u, v in g.edges:
        g.edges[u, v]["relation"] = "related to"
    return g


def test_two_thousand_nodes_render_with_fixed_positions_and_no_physics():
    page = render_network(random_graph(2000, 4000))
    data = data_of(page)
    assert len(data["nodes"]) == 2000 and len(data["edges"]) == 4000
    assert data["options"]["physics"] == {"enabled": False}
    xs = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(xs) > 1990                          # spread out, not stacked
    assert_offline(page)


# --------------------------------------------------------------------------- views

@pytest.fixture(scope="module")
def gold_store(tmp_path_factory):
    if not GOLD.is_dir():
        pytest.skip(f"no gold records in {GOLD}")
    from kg.build import build
    from kg.store import open_store

    data = tmp_path_factory.mktemp("viz")
    (data / "records").mkdir()
    for f in sorted(GOLD.glob("*.yaml")):
        (data / "records" / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    build(data, extract=False, views=False)
    return data, open_store(data / "graph")


def test_overview_and_proposals_graphs(gold_store):
    _, store = gold_store
    g = overview_graph(store)
    labels = {a["label"]: a for a in g.nodes.values()}
    assert labels["Yang Uk"]["type"] == "person"
    assert "Research Fellow" in labels["Yang Uk"]["titles"]
    assert "Asan Institute for Policy Studies" in labels["Yang Uk"]["affiliations"]
    assert {a["type"] for a in g.nodes.values()} == {"person", "organization", "event", "proposal"}
    p = proposals_graph(g)
    relations = {a["relation"] for _, _, a in p.edges(data=True)}
    assert relations <= {"proposed by", "proposed at", "affiliated with", "organized"}
    assert {"proposed by", "proposed at", "affiliated with"} <= relations
    assert "Asian NATO" in {a["label"] for a in p.nodes.values()}


def test_focus_keeps_the_neighbourhood_and_suggests_close_names():
    g = small_graph()
    one = focus_graph(g, "yang uk", hops=1)
    assert set(one) == {"p:yang", "o:asan", "e:dlg", "x:idea"}
    assert one.nodes["p:yang"]["focus"] is True
    assert set(focus_graph(g, "Yang Uk", hops=2)) == set(g)
    with pytest.raises(FocusError) as err:
        focus_graph(g, "Yang Ukk")
    assert "Yang Uk" in str(err.value) and "did you mean" in str(err.value)


def test_write_build_views(gold_store, tmp_path):
    _, store = gold_store
    said = []
    paths = write_build_views(store, tmp_path, progress=said.append)
    assert [p.name for p in paths] == ["index.html", "proposals.html"]
    for p in paths:
        assert_offline(p.read_text(encoding="utf-8"))
    assert len(said) == 2
    assert not list(tmp_path.glob(".*"))            # no temporary files left behind


def test_build_views_of_a_big_graph_show_its_best_connected_part(gold_store, tmp_path, monkeypatch):
    import kg.render_views
    from kg.render_views import best_connected

    star = nx.star_graph(5)                       # node 0 joined to 1..5
    star.add_edge(6, 7)
    assert set(best_connected(star, 3)) == {0, 1, 2} and best_connected(star, 3).number_of_edges() == 2
    _, store = gold_store
    monkeypatch.setattr(kg.render_views, "BUILD_VIEW_MAX_NODES", 10)
    said = []
    write_build_views(store, tmp_path, progress=said.append)
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "best connected" in page and "kg viz --focus NAME" in page
    assert "(10 nodes," in said[0]


def test_viz_command(gold_store, tmp_path):
    data, _ = gold_store
    runner = CliRunner()
    res = runner.invoke(viz, ["--data", str(data)])
    assert res.exit_code == 0, res.output
    assert res.output.strip() == str(data / "graph" / "viz.html")
    res = runner.invoke(viz, ["--data", str(data), "--focus", "Yang Uk", "--hops", "1"])
    assert res.exit_code == 0, res.output
    assert res.output.strip() == str(data / "graph" / "focus-yang-uk.html")
    out = tmp_path / "p.html"
    res = runner.invoke(viz, ["--data", str(data), "--view", "proposals", "-o", str(out)])
    assert res.exit_code == 0 and out.is_file()
    res = runner.invoke(viz, ["--data", str(data), "--focus", "Yang U"])
    assert res.exit_code == 1 and "did you mean: Yang Uk?" in res.output
    res = runner.invoke(viz, ["--data", str(tmp_path / "nowhere")])
    assert res.exit_code == 1 and "kg build" in res.output and "Traceback" not in res.output
    help_text = runner.invoke(viz, ["--help"]).output
    assert 'Example: kg viz --focus "Yang Uk" --hops 2 -o yang.html' in help_text
