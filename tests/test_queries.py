"""Every named query, run on the fictional fixture graph, gives the rows of its expected file.

The fixture graph (``tests/fixtures/queries/graph.trig``) is made from the
records in ``tests/fixtures/queries/records`` by ``make_graph.py``; the
expected rows were checked by hand against those records.  Cells holding a
list (``a | b``, from ``GROUP_CONCAT``) are compared as sorted lists, since
SPARQL leaves the order inside a group open.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

from kg.mapping import name_lookup_key
from kg.queries import (QueryError, bind_params, get_query, list_queries, parse_header, run_query,
                        with_bindings)

FIXTURES = Path(__file__).parent / "fixtures" / "queries"
EXPECTED = FIXTURES / "expected"
PARAMS = yaml.safe_load((FIXTURES / "params.yaml").read_text(encoding="utf-8"))
NAMES = [q.name for q in list_queries()]


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    s.load(path=str(FIXTURES / "graph.trig"), format=ox.RdfFormat.TRIG)
    return s


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return " | ".join(sorted(text.split(" | "))) if " | " in text else text


def _rows(variables: list[str], rows: list[list]) -> list[list[str]]:
    return [variables] + [[_cell(v) for v in row] for row in rows]


def _expected(name: str) -> list[list[str]]:
    with open(EXPECTED / f"{name}.csv", encoding="utf-8", newline="") as fh:
        table = list(csv.reader(fh))
    return [table[0]] + [[_cell(v) for v in row] for row in table[1:]]


def _run(store, name: str):
    query = get_query(name)
    return run_query(store, query.text, bind_params(query, PARAMS.get(name, {})))


def test_queries_exist():
    assert len(NAMES) >= 14
    assert {"proposals", "sessions-chaired"} <= set(NAMES)


def test_every_query_has_an_expected_file():
    expected = {p.stem for p in EXPECTED.glob("*.csv")}
    assert sorted(set(NAMES) - expected) == [], "named queries without an expected result"
    assert sorted(expected - set(NAMES)) == [], "expected results of no named query"
    assert sorted(set(PARAMS) - set(NAMES)) == []


@pytest.mark.parametrize("name", NAMES)
def test_query_header(name):
    query = get_query(name)
    assert query.title != name and query.answers, f"{name}.rq needs '# title:' and '# answers:'"
    assert re.search(r"\bWHERE\s*\{", query.text, re.I), f"{name}.rq needs a 'WHERE {{' group"
    for param in query.params:
        assert re.search(rf"\?{param.name}\b", query.text), f"{name}: ?{param.name} is never used"
        assert param.doc
    assert {p.name for p in query.params} == set(PARAMS.get(name, {})), "params.yaml must bind every parameter"


@pytest.mark.parametrize("name", NAMES)
def test_query_rows(store, name):
    result = _run(store, name)
    assert result.kind == "select"
    got = _rows(result.variables, result.rows)
    want = _expected(name)
    assert got[0] == want[0], "columns differ"
    if re.search(r"\bORDER\s+BY\b", get_query(name).text, re.I):
        assert got[1:] == want[1:]
    else:
        assert sorted(got[1:]) == sorted(want[1:])


def test_unknown_query_names_the_known_ones():
    with pytest.raises(QueryError) as err:
        get_query("sessions-chair")
    message = str(err.value)
    assert "sessions-chair'" in message and "Did you mean: sessions-chaired" in message
    for name in NAMES:
        assert name in message


def test_missing_parameter_is_named():
    with pytest.raises(QueryError, match="person"):
        bind_params(get_query("sessions-chaired"), {})


def test_unknown_parameter_is_named():
    with pytest.raises(QueryError, match="'colour'"):
        bind_params(get_query("sessions-chaired"), {"person": "Yuna Kirishima", "colour": "red"})


def test_wrongly_typed_parameter_is_named():
    query = parse_header("typed", "# title: t\n# param: year integer a year\n# param: day date a day\n"
                                  "SELECT * WHERE { }")
    with pytest.raises(QueryError, match="year.*'twenty'"):
        bind_params(query, {"year": "twenty", "day": "2024-01-01"})
    with pytest.raises(QueryError, match="day.*'yesterday'"):
        bind_params(query, {"year": "2024", "day": "yesterday"})


INJECTIONS = [
    'Yuna Kirishima") || true || ("',
    'x" } UNION { ?p ?q ?n } #',
    "x' } } SELECT * WHERE { ?s ?p ?o } #",
    'Yuna Kirishima"@en } ) } DELETE WHERE { ?s ?p ?o } #',
    "}\n} LIMIT 0 #\\",
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_parameter_cannot_change_the_query(store, value):
    query = get_query("sessions-chaired")
    bindings = bind_params(query, {"person": value})
    assert [t.value for t in bindings.values()] == [name_lookup_key(value)]  # the whole value, one literal
    result = run_query(store, query.text, bindings)
    assert result.rows == []
    text = with_bindings(query.text, bindings)
    assert text.count("VALUES") == 1 and text.endswith(query.text[query.text.upper().index("WHERE {") + 7:])


def test_name_parameters_ignore_case_and_spacing(store):
    query = get_query("sessions-chaired")
    want = run_query(store, query.text, bind_params(query, {"person": "Yuna Kirishima"})).rows
    assert len(want) == 2
    for spelling in ("yuna kirishima", "  YUNA   Kirishima "):
        assert run_query(store, query.text, bind_params(query, {"person": spelling})).rows == want


def test_injected_value_matches_only_itself(store):
    """A value with quotes and braces is one literal: it finds the person it names, nothing more."""
    query = get_query("sessions-chaired")
    ok = run_query(store, query.text, bind_params(query, {"person": "Yuna Kirishima"}))
    assert len(ok.rows) == 2
    bad = run_query(store, query.text, bind_params(query, {"person": 'Yuna Kirishima" || "1" = "1'}))
    assert bad.rows == []
