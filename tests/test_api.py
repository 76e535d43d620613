"""The notebook API (kg.open) on the fictional fixture graph."""

from __future__ import annotations

import html
import subprocess
import sys
from pathlib import Path

import pytest

import kg
from kg.queries import QueryError

FIXTURES = Path(__file__).parent / "fixtures" / "queries"
TRIG = FIXTURES / "graph.trig"


@pytest.fixture(scope="module")
def g():
    return kg.open(TRIG)


def test_import_kg_is_light():
    code = ("import sys, kg; heavy = [m for m in ('pandas', 'networkx', 'rdflib', 'pyoxigraph') if m in sys.modules];"
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_named_query_with_params(g):
    df = g.query("sessions-chaired", person="Yuna Kirishima")
    assert list(df.columns) == ["chair", "event", "date", "session", "number"]
    assert df["session"].tolist() == ["Harbours and Data", "Seas of Data"]


def test_sparql_text(g):
    df = g.query("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a schema:Person }")
    assert df["n"].tolist() == [8]


def test_query_errors(g):
    with pytest.raises(QueryError, match="person"):
        g.query("sessions-chaired")
    with pytest.raises(QueryError, match="Known queries"):
        g.query("no-such-query")


def test_queries_listing(g):
    df = g.queries()
    assert {"proposals", "sessions-chaired", "evidence"} <= set(df["name"])
    assert df.loc[df["name"] == "evidence", "params"].item() == "name (name)"


def test_network_and_analyze(g):
    pp = g.network("person-person")
    assert pp.number_of_nodes() == 8 and pp.number_of_edges() == 17
    df = g.analyze("person-person", "brokers")
    assert df["label"].iloc[0] == "Yuna Kirishima"


def test_dataset(g):
    ds = g.dataset
    assert len(list(ds.query("SELECT DISTINCT ?p WHERE { ?p a <https://schema.org/Person> }"))) == 8


def test_open_graph_folder_and_data_folder(tmp_path, monkeypatch, g):
    from kg.store import write_generation

    write_generation(tmp_path / "graph", [list(g.store)])
    for path in (tmp_path, tmp_path / "graph"):
        assert len(kg.open(path).query("event-timeline")) == 3
    monkeypatch.setenv("KG_GRAPH", str(tmp_path / "graph"))
    assert kg.open().path == tmp_path / "graph"


def test_show_escapes_the_page(g, monkeypatch):
    import types

    fake = types.ModuleType("kg.render")
    seen = {}

    def render_network(graph, title="kg", **kw):
        seen["graph"], seen["title"] = graph, title
        return '<html><body title="a&b">"</script></body></html>'

    fake.render_network = render_network
    monkeypatch.setitem(sys.modules, "kg.render", fake)
    out = g.show("person-person", focus="jin bora", hops=1)
    assert html.escape('<html><body title="a&b">"</script></body></html>', quote=True) in out.data
    assert out.data.startswith("<div><iframe srcdoc=\"") and "</script>" not in out.data
    assert {d["label"] for _n, d in seen["graph"].nodes(data=True)} == {"Jin Bora", "Rin Tsukishiro",
                                                                         "Yuna Kirishima"}
    assert seen["title"] == "person-person around Jin Bora"
    with pytest.raises(KeyError):
        g.show("person-person", focus="nobody")
