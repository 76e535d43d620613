"""kg push: the graph into a real Oxigraph server by the Graph Store Protocol, then queried there."""

from __future__ import annotations

import json

import httpx
import pytest
import yaml
from click.testing import CliRunner

from kg.build import build
from kg.push import graph_payloads, push, verify
from kg.push_command import push as push_command
from kg.queries import bind_params, get_query, run_query
from kg.remote import remote_query
from kg.store import open_store
from serve_helpers import needs_oxigraph, oxigraph_server

pytestmark = needs_oxigraph


class Recorder:
    """An httpx client that remembers each request's method and graph."""

    def __init__(self):
        self.sent: list[tuple[str, str]] = []
        self.client = httpx.Client(event_hooks={"request": [self._hook]}, timeout=60)

    def _hook(self, request):
        self.sent.append((request.method, request.url.params.get("graph")))


def remote_graphs(base: str) -> dict[str, int]:
    result = remote_query(base + "/query",
                          "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {g: n for g, n in result.rows}


def local_graphs(graph_dir) -> dict[str, int]:
    return {iri: n for iri, (_body, n) in graph_payloads(open_store(graph_dir)).items()}


@pytest.fixture
def built(data_dir):
    build(data_dir, extract=False, views=False)
    return data_dir


def test_push_then_repush_only_the_changed_report(built, tmp_path):
    graph_dir = built / "graph"
    with oxigraph_server(tmp_path / "remote") as base:
        first = Recorder()
        summary = push(graph_dir, base + "/store", client=first.client)
        local = local_graphs(graph_dir)
        assert sorted(summary.put) == sorted(local)
        assert {m for m, _g in first.sent} == {"PUT"}
        assert remote_graphs(base) == local
        assert any(g.endswith("/graph/ontology") for g in local)
        assert any(g.endswith("/graph/derived") for g in local)

        again = Recorder()
        summary = push(graph_dir, base + "/store", client=again.client)
        assert again.sent == [] and summary.put == [] and len(summary.unchanged) == len(local)

        # one report changes: only its graph is sent
        record = sorted((built / "records").glob("*.yaml"))[0]
        data = yaml.safe_load(record.read_text(encoding="utf-8"))
        data["event"]["location"] = "Fictional Hall, Port Aster"
        record.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        build(built, extract=False, views=False)
        third = Recorder()
        summary = push(graph_dir, base + "/store", client=third.client)
        changed = [g for g in local_graphs(graph_dir) if g.endswith("/graph/report/" + record.stem)]
        assert third.sent == [("PUT", changed[0])]
        assert summary.put == changed
        assert remote_graphs(base) == local_graphs(graph_dir)
        assert verify(graph_dir, base + "/query") == []

        # one report is removed: its graph is deleted remotely, no other report is sent
        # (the derived edges lose that report's share, so that graph is replaced too)
        record.unlink()
        build(built, extract=False, views=False)
        fourth = Recorder()
        summary = push(graph_dir, base + "/store", client=fourth.client)
        assert ("DELETE", changed[0]) in fourth.sent and summary.deleted == changed
        assert all(m == "DELETE" or "/graph/report/" not in g for m, g in fourth.sent)
        assert remote_graphs(base) == local_graphs(graph_dir)
        state = json.loads((graph_dir / "push-state.json").read_text())
        assert changed[0] not in state["stores"][base + "/store"]["graphs"]


def test_named_queries_through_the_remote_store_equal_local(built, tmp_path):
    graph_dir = built / "graph"
    store = open_store(graph_dir)
    with oxigraph_server(tmp_path / "remote") as base:
        push(graph_dir, base + "/store")
        for name, params in [("proposals", {}), ("sessions-chaired", {"person": "Ken Jimbo"})]:
            q = get_query(name)
            bindings = bind_params(q, params)
            local = run_query(store, q.text, bindings)
            remote = run_query(base + "/query", q.text, bindings)
            assert local.rows, name
            assert (remote.variables, remote.rows, remote.terms) == (local.variables, local.rows, local.terms)


def test_push_command_with_verify_and_dry_run(built, tmp_path):
    with oxigraph_server(tmp_path / "remote") as base:
        runner = CliRunner()
        dry = runner.invoke(push_command, ["--data", str(built), "--endpoint", base, "--dry-run"])
        assert dry.exit_code == 0, dry.output
        assert "(dry run)" in dry.output and remote_graphs(base) == {}
        result = runner.invoke(push_command, ["--data", str(built), "--endpoint", base, "--verify"])
        assert result.exit_code == 0, result.output
        assert "verified" in result.output
        assert remote_graphs(base) == local_graphs(built / "graph")


def test_push_to_a_dead_endpoint_is_a_clear_error(built):
    from serve_helpers import free_port

    result = CliRunner().invoke(push_command, ["--data", str(built), "--endpoint",
                                               f"http://127.0.0.1:{free_port()}"])
    assert result.exit_code == 1
    assert "cannot reach the graph store" in result.output
    assert push_command.help.strip().splitlines()[-1].strip().startswith("Example: kg push")
