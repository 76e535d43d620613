"""The on-disk store: reopened with rdflib it shows the graph; builds replace it atomically."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from kg.build import build
from kg.store import StoreError, current_store_path, open_dataset, open_store, write_generation


def test_reopened_store_shows_the_graph_through_rdflib(data_dir):
    build(data_dir, extract=False, views=False)
    ds = open_dataset(data_dir / "graph")
    person = URIRef("https://example.org/kg/person/yang-uk")
    names = {str(o) for o in ds.objects(person, URIRef("https://schema.org/name"))}
    assert names == {"Yang Uk"}
    rows = list(ds.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://schema.org/Person> }"))
    assert int(rows[0][0]) == 16
    graphs = {str(g.identifier) for g in ds.graphs()}
    assert "https://example.org/kg/graph/report/000_10c68b35a4710464" in graphs


def test_no_store_yet_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="run 'kg build' first"):
        open_store(tmp_path / "graph")


def test_failed_generation_leaves_the_previous_graph(tmp_path):
    graph_dir = tmp_path / "graph"
    quad = ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal("v"), ox.NamedNode("http://x/g"))
    first = write_generation(graph_dir, [[quad]])

    def chunks():
        yield [quad]
        raise RuntimeError("killed half way")

    with pytest.raises(RuntimeError):
        write_generation(graph_dir, chunks())
    assert current_store_path(graph_dir) == first.resolve()
    assert len(list(open_store(graph_dir).quads_for_pattern(None, None, None, None))) == 1
    assert sorted(p.name for p in graph_dir.iterdir()) == ["store", first.name]


def test_generations_rotate_keeping_the_previous_one(tmp_path):
    graph_dir = tmp_path / "graph"
    quad = ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal("v"), ox.NamedNode("http://x/g"))
    for _ in range(4):
        last = write_generation(graph_dir, [[quad]])
    assert sorted(p.name for p in graph_dir.iterdir()) == ["store", "store-0003", "store-0004"]
    assert current_store_path(graph_dir) == last.resolve()


def test_bad_record_does_not_touch_the_stored_graph(data_dir):
    from kg.record import RecordError

    build(data_dir, extract=False, views=False)
    before = current_store_path(data_dir / "graph")
    bad = data_dir / "records" / "000_10c68b35a4710464.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("kind: dialogue", "kind: party"), encoding="utf-8")
    with pytest.raises(RecordError, match="000_10c68b35a4710464.yaml:[0-9]+: event.kind"):
        build(data_dir, extract=False, views=False)
    assert current_store_path(data_dir / "graph") == before
