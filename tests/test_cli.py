"""The core commands through click's CliRunner: output, formats and bad input."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import cli


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A data folder with the seed records built (no extraction, no pages)."""
    import shutil

    from conftest import SEED_GOLD

    data = tmp_path_factory.mktemp("cli") / "data"
    (data / "records").mkdir(parents=True)
    for f in SEED_GOLD.glob("*.yaml"):
        shutil.copy(f, data / "records" / f.name)
    result = CliRunner().invoke(cli, ["build", "--data", str(data), "--no-extract", "--no-views",
                                      "--format", "trig", "--format", "nq", "--format", "ttl", "--format", "jsonld"])
    assert result.exit_code == 0, result.output
    return data, result.output


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


def test_build_prints_the_summary_and_exports(built):
    data, output = built
    summary = output[output.index("reports"):]
    assert summary.splitlines()[:8] == [
        "reports        3", "events         3", "sessions       12", "people         16",
        "organisations  24", "proposals      14", f"triples        {summary.split()[13]}", "validation     valid"]
    for suffix in ("trig", "nq", "ttl", "jsonld"):
        assert (data / "graph" / f"kg.{suffix}").stat().st_size > 1000
    json.loads((data / "graph" / "kg.jsonld").read_text(encoding="utf-8"))


def test_validate_passes(built):
    result = run("validate", "--data", built[0])
    assert result.exit_code == 0
    assert result.output.startswith("valid")


def test_query_formats(built):
    data = built[0]
    q = 'SELECT ?n WHERE { ?p a <https://schema.org/Person> ; <https://schema.org/name> ?n FILTER(STRSTARTS(?n, "Yang")) }'
    assert run("query", "--data", data, q).output == "n\n-------\nYang Uk\n(1 row)\n"
    assert run("query", "--data", data, "--format", "csv", q).output == "n\nYang Uk\n"
    assert run("query", "--data", data, "--format", "tsv", q).output == "n\nYang Uk\n"
    out = json.loads(run("query", "--data", data, "--format", "json", q).output)
    assert out == {"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "Yang Uk"}}]}}


def test_query_from_file_and_stdin(built, tmp_path):
    data = built[0]
    q = "ASK { ?p a <https://schema.org/Person> }"
    path = tmp_path / "q.rq"
    path.write_text(q, encoding="utf-8")
    assert run("query", "--data", data, path).output == "true\n"
    assert run("query", "--data", data, "-", input=q).output == "true\n"


def test_named_query_with_parameter(built):
    result = run("query", "--data", built[0], "sessions-chaired", "--format", "csv", "--param", "person=Yun Duk-Min")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1].startswith("Yun Duk-Min,")


def test_syntax_error_shows_position_not_traceback(built):
    result = run("query", "--data", built[0], "SELECT ?x WHERE { ?x ?y }")
    assert result.exit_code == 1
    assert result.output.startswith("Error: SPARQL syntax error: error at 1:")
    assert "Traceback" not in result.output


def test_unknown_named_query_lists_known_ones(built):
    result = run("query", "--data", built[0], "sesions-chaired")
    assert result.exit_code == 1
    assert "no named query 'sesions-chaired'. Did you mean: sessions-chaired?" in result.output
    assert "Known queries:" in result.output


def test_stats_counts_by_class(built):
    result = run("stats", "--data", built[0])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert any(line.split() == ["schema:Person", "16"] for line in lines)
    assert any(line.split() == ["schema:Report", "3"] for line in lines)


def test_commands_without_a_graph_say_so(tmp_path):
    for args in (["validate"], ["stats"], ["query", "ASK { ?s ?p ?o }"]):
        result = run(*args, "--data", tmp_path)
        assert result.exit_code == 1
        assert "run 'kg build' first" in result.output


def test_build_with_malformed_record_names_file_and_line(tmp_path):
    records = tmp_path / "records"
    records.mkdir()
    (records / "bad.yaml").write_text("schema: kg-record/1\nsource: {file: x.txt\n", encoding="utf-8")
    result = run("build", "--data", tmp_path, "--no-extract")
    assert result.exit_code == 1
    assert "bad.yaml:" in result.output and "not valid YAML" in result.output
    assert not (tmp_path / "graph" / "store").exists()


@pytest.mark.parametrize("base", ["example.org/kg/", "https://kg.example.net/my id/", "https://kg.example.net/id"])
def test_build_refuses_a_base_that_cannot_prefix_iris(built, base):
    data, _ = built
    before = sorted(p.name for p in (data / "graph").iterdir())
    result = CliRunner().invoke(cli, ["build", "--data", str(data), "--no-extract", "--base", base])
    assert result.exit_code != 0
    assert "is not an absolute IRI" in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in (data / "graph").iterdir()) == before  # nothing written
