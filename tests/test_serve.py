"""kg serve: the SPARQL 1.1 Protocol endpoint, its page, and read-only by default."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from kg.build import build
from kg.queries import bind_params, get_query, run_query
from kg.serve_command import serve as serve_command
from kg.store import open_store
from serve_helpers import COUNT_TRIPLES, kg_server, needs_oxigraph, sparql_count

pytestmark = needs_oxigraph

SEED_GOLD = Path(__file__).parent / "fixtures" / "seed" / "gold"
NAMES = "SELECT ?name WHERE { ?p a <https://schema.org/Person> ; <https://schema.org/name> ?name } ORDER BY ?name"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The seed graph built once, with two view pages, served read-only: (data dir, base URL)."""
    root = tmp_path_factory.mktemp("served")
    (root / "records").mkdir()
    for f in sorted(SEED_GOLD.glob("*.yaml")):
        shutil.copy(f, root / "records" / f.name)
    build(root, extract=False, views=False)
    (root / "graph" / "index.html").write_text("<h1>the index view</h1>", encoding="utf-8")
    (root / "graph" / "proposals.html").write_text("<h1>proposals</h1>", encoding="utf-8")
    with kg_server(root) as (base, _proc):
        yield root, base


def local_names(root) -> list[str]:
    return [r[0] for r in run_query(open_store(root / "graph"), NAMES).rows]


def test_get_and_post_answer_the_same_as_the_local_store(served):
    root, base = served
    expected = local_names(root)
    accept = {"Accept": "application/sparql-results+json"}
    by_get = httpx.get(base + "/sparql", params={"query": NAMES}, headers=accept)
    by_form = httpx.post(base + "/sparql", data={"query": NAMES}, headers=accept)
    by_body = httpx.post(base + "/sparql", content=NAMES.encode(),
                         headers={**accept, "Content-Type": "application/sparql-query"})
    for r in (by_get, by_form, by_body):
        assert r.status_code == 200, r.text
        assert [b["name"]["value"] for b in r.json()["results"]["bindings"]] == expected


@pytest.mark.parametrize("accept, ctype", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
])
def test_content_negotiation(served, accept, ctype):
    root, base = served
    r = httpx.post(base + "/sparql", data={"query": NAMES}, headers={"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(ctype)
    if ctype == "text/csv":
        rows = list(csv.reader(io.StringIO(r.text)))
        assert rows[0] == ["name"] and [x[0] for x in rows[1:]] == local_names(root)


def test_update_is_refused_and_changes_nothing(served):
    _root, base = served
    before = sparql_count(base + "/sparql", COUNT_TRIPLES)
    update = "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"
    for r in (httpx.post(base + "/sparql", data={"update": update}),
              httpx.post(base + "/sparql", content=update.encode(),
                         headers={"Content-Type": "application/sparql-update"}),
              httpx.get(base + "/sparql", params={"update": update})):
        assert r.status_code == 403
        assert "read-only" in r.text
    assert sparql_count(base + "/sparql", COUNT_TRIPLES) == before


def test_named_query_through_kg_query_endpoint_equals_local(served):
    root, base = served
    q = get_query("sessions-chaired")
    bindings = bind_params(q, {"person": "Ken Jimbo"})
    local = run_query(open_store(root / "graph"), q.text, bindings)
    remote = run_query(base + "/sparql", q.text, bindings)
    assert remote.variables == local.variables
    assert remote.rows == local.rows and remote.rows
    assert remote.terms == local.terms


def test_page_has_no_remote_urls_and_links_the_views(served):
    _root, base = served
    r = httpx.get(base + "/")
    assert r.status_code == 200
    page = r.text
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "https://" not in page.split("<script>")[0]
    assert 'href="views/index.html"' in page and 'href="views/proposals.html"' in page
    assert "innerHTML" not in page and "textContent" in page
    assert "script-src 'sha256-" in r.headers["content-security-policy"]
    assert httpx.get(base + "/views/index.html").text == "<h1>the index view</h1>"
    for bad in ("/views/..%2Fkg.trig", "/views/kg.trig", "/views/missing.html"):
        assert httpx.get(base + bad).status_code == 404


def test_allow_update_writes_a_working_copy_not_the_built_graph(served, tmp_path):
    root, _base = served
    built_before = len(open_store(root / "graph"))
    with kg_server(root, "--allow-update") as (base, _proc):
        update = "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"
        r = httpx.post(base + "/sparql", data={"update": update})
        assert r.status_code in (200, 204), r.text
        assert sparql_count(base + "/sparql", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:x> { ?s ?p ?o } }") == 1
    assert len(open_store(root / "graph")) == built_before


def test_serve_command_help_and_missing_graph(tmp_path):
    result = CliRunner().invoke(serve_command, ["--help"])
    assert result.exit_code == 0
    assert serve_command.help.strip().splitlines()[-1].strip().startswith("Example: kg serve")
    assert "Example: kg serve" in result.output
    result = CliRunner().invoke(serve_command, ["--data", str(tmp_path), "--port", "1"])
    assert result.exit_code == 1
    assert "kg build" in result.output
