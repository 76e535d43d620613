"""Projections, metrics and exports of kg.analysis on the fictional fixture graph."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.analysis import (KINDS, brokers, communities, degree_table, org_country, projection, write_gexf,
                         write_graphml)
from kg.analysis_command import analyze

FIXTURES = Path(__file__).parent / "fixtures" / "queries"
P = "https://example.org/kg/person/"
O = "https://example.org/kg/org/"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    s.load(path=str(FIXTURES / "graph.trig"), format=ox.RdfFormat.TRIG)
    return s


def _edges(g, *attrs):
    out = set()
    for a, b, d in g.edges(data=True):
        x, y = sorted((g.nodes[a]["label"], g.nodes[b]["label"]))
        out.add((x, y) + tuple(d[k] for k in attrs))
    return out


def test_person_person(store):
    g = projection(store, "person-person")
    assert _edges(g, "weight", "events") == {
        ("Ha-Neul Park", "Kaito Amanogawa", 3, 2), ("Ha-Neul Park", "Seo Da-Bin", 2, 2),
        ("Kaito Amanogawa", "Seo Da-Bin", 2, 2), ("Rin Tsukishiro", "Yuna Kirishima", 2, 2),
        ("Ha-Neul Park", "Min Jae-Ryeong", 2, 1), ("Kaito Amanogawa", "Min Jae-Ryeong", 2, 1),
        ("Seo Da-Bin", "Yuna Kirishima", 2, 1), ("Elena Voss", "Ha-Neul Park", 1, 1),
        ("Elena Voss", "Kaito Amanogawa", 1, 1), ("Elena Voss", "Min Jae-Ryeong", 1, 1),
        ("Ha-Neul Park", "Rin Tsukishiro", 1, 1), ("Ha-Neul Park", "Yuna Kirishima", 1, 1),
        ("Jin Bora", "Rin Tsukishiro", 1, 1), ("Jin Bora", "Yuna Kirishima", 1, 1),
        ("Kaito Amanogawa", "Yuna Kirishima", 1, 1), ("Min Jae-Ryeong", "Seo Da-Bin", 1, 1),
        ("Rin Tsukishiro", "Seo Da-Bin", 1, 1)}
    assert {d["relation"] for _a, _b, d in g.edges(data=True)} == {"co-participated"}
    park = g.nodes[P + "ha-neul-park"]
    assert park == {"type": "person", "label": "Ha-Neul Park", "titles": "Senior Fellow; Vice President",
                    "affiliations": "Korean Society of Harbour Studies; Seoul Maple Forum",
                    "evidence": "Ha-Neul Park, now Vice President of the Korean Society of Harbour Studies, "
                                "spoke first."}


def test_person_org(store):
    g = projection(store, "person-org")
    assert _edges(g, "weight") == {
        ("Kaito Amanogawa", "Tokyo Lantern Institute", 2), ("Kaito Amanogawa", "Kirin Bay University", 1),
        ("Ha-Neul Park", "Seoul Maple Forum", 1), ("Ha-Neul Park", "Korean Society of Harbour Studies", 1),
        ("Tokyo Lantern Institute", "Yuna Kirishima", 1), ("Kirin Bay University", "Yuna Kirishima", 1),
        ("Seoul Maple Forum", "Yuna Kirishima", 1), ("Kirin Bay University", "Rin Tsukishiro", 2),
        ("Seo Da-Bin", "Seoul Maple Forum", 2), ("Korean Society of Harbour Studies", "Min Jae-Ryeong", 1),
        ("Elena Voss", "Lakeside Peace Foundation", 2), ("Jin Bora", "Seoul Maple Forum", 1)}
    assert g.nodes[O + "seoul-maple-forum"]["country"] == "KR"


def test_org_org(store):
    g = projection(store, "org-org")
    assert _edges(g, "weight", "reasons") == {
        ("Korean Society of Harbour Studies", "Seoul Maple Forum", 2, "co-hosted 1 event; shared 1 person"),
        ("Lakeside Peace Foundation", "Tokyo Lantern Institute", 1, "co-hosted 1 event"),
        ("Seoul Maple Forum", "Tokyo Lantern Institute", 2, "co-hosted 1 event; shared 1 person"),
        ("Kirin Bay University", "Tokyo Lantern Institute", 2, "shared 2 people"),
        ("Kirin Bay University", "Seoul Maple Forum", 1, "shared 1 person")}


def test_person_proposal(store):
    g = projection(store, "person-proposal")
    assert _edges(g, "relation", "weight") == {
        ("Ha-Neul Park", "Harbour Data Compact", "proposed", 1), ("Harbour Data Compact", "Min Jae-Ryeong", "proposed", 1),
        ("Elena Voss", "Youth Exchange Ladder", "proposed", 1), ("Ha-Neul Park", "Youth Exchange Ladder", "proposed", 1)}


def test_overview_has_every_type(store):
    g = projection(store, "overview")
    types = {d["type"] for _n, d in g.nodes(data=True)}
    assert types == {"person", "organization", "event", "session", "proposal"}
    assert {"chaired", "spoke at", "discussant at", "organised", "affiliated with", "proposed", "discussed at",
            "part of"} <= {d["relation"] for *_e, d in g.edges(data=True)}
    for *_e, d in g.edges(data=True):
        assert d["weight"] >= 1


def test_unknown_kind(store):
    with pytest.raises(ValueError, match="person-person"):
        projection(store, "people")


def test_communities_are_fixed(store):
    g = projection(store, "person-person")
    found = [sorted(g.nodes[n]["label"] for n in c) for c in communities(g)]
    assert found == [["Elena Voss", "Ha-Neul Park", "Kaito Amanogawa", "Min Jae-Ryeong"],
                     ["Jin Bora", "Rin Tsukishiro", "Seo Da-Bin", "Yuna Kirishima"]]


def test_degree(store):
    rows = degree_table(projection(store, "person-person"))
    assert [(r["label"], r["strength"]) for r in rows[:2]] == [("Ha-Neul Park", 10), ("Kaito Amanogawa", 9)]


def test_country_rules():
    assert org_country("Government of Japan") == "JP"
    assert org_country("Government of the Republic of Korea") == "KR"
    assert org_country("Asan Institute for Policy Studies") == "KR"
    assert org_country("Keio University") == "JP"
    assert org_country("Lakeside Peace Foundation") is None


def test_brokers(store):
    rows = brokers(store)
    assert rows[0]["label"] == "Yuna Kirishima" and rows[0]["broker"] == "direct"
    assert rows[0]["countries"] == "JP KR"
    assert [r["label"] for r in rows if r["broker"] == "direct"] == ["Yuna Kirishima"]
    assert "Elena Voss" in {r["label"] for r in rows}


@pytest.mark.parametrize("kind", KINDS)
def test_graphml_and_gexf_round_trip(store, tmp_path, kind):
    g = projection(store, kind)
    write_graphml(g, tmp_path / "g.graphml")
    write_gexf(g, tmp_path / "g.gexf")
    for back in (nx.read_graphml(tmp_path / "g.graphml"), nx.read_gexf(tmp_path / "g.gexf")):
        assert back.number_of_nodes() == g.number_of_nodes()
        assert back.number_of_edges() == g.number_of_edges()
    back = nx.read_graphml(tmp_path / "g.graphml")
    for n, d in g.nodes(data=True):
        assert back.nodes[n]["label"] == d["label"] and back.nodes[n]["type"] == d["type"]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, store):
    from kg.store import write_generation

    root = tmp_path_factory.mktemp("data")
    write_generation(root / "graph", [list(store)])
    return root


def test_cli(data_dir, tmp_path):
    out = tmp_path / "rows.csv"
    res = CliRunner().invoke(analyze, ["--data", str(data_dir), "--kind", "org-org", "--metric", "betweenness",
                                       "-o", str(out), "--gexf", str(tmp_path / "o.gexf"), "--top", "3"])
    assert res.exit_code == 0, res.output
    assert "org-org: 5 nodes, 5 edges" in res.output
    assert out.read_text(encoding="utf-8").splitlines()[0] == "node,label,type,betweenness"
    assert nx.read_gexf(tmp_path / "o.gexf").number_of_nodes() == 5
    res = CliRunner().invoke(analyze, ["--data", str(data_dir), "--metric", "brokers"])
    assert res.exit_code == 0 and "Yuna Kirishima" in res.output


def test_cli_help_and_missing_graph(tmp_path):
    res = CliRunner().invoke(analyze, ["--help"])
    assert "Example:" in res.output
    res = CliRunner().invoke(analyze, ["--data", str(tmp_path)])
    assert res.exit_code == 1 and "kg build" in res.output
