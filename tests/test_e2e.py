"""End to end: seed reports or records -> kg build -> the questions analysts ask."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from kg.cli import cli

from conftest import SEED_REPORTS

MODERATOR = """
PREFIX kg: <https://w3id.org/kg-track2/ns#>
PREFIX schema: <https://schema.org/>
PREFIX conf: <https://w3id.org/scholarlydata/ontology/conference-ontology.owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?name WHERE {
  ?event schema:organizer ?ihj, ?asan .
  ?ihj skos:prefLabel "International House of Japan" .
  ?asan skos:prefLabel "Asan Institute for Policy Studies" .
  ?session schema:superEvent ?event ; kg:sessionNumber 1 .
  ?role conf:during ?session ; conf:withRole kg:chair ; conf:isHeldBy [ schema:name ?name ] .
}"""

SIREN = """
PREFIX kg: <https://w3id.org/kg-track2/ns#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?name WHERE {
  ?p a kg:Proposal ; skos:altLabel|skos:prefLabel "SIREN" .
  ?p kg:proposedBy [ schema:name ?name ] .
}"""


def _ask(data_dir, query: str) -> str:
    result = CliRunner().invoke(cli, ["query", "--data", str(data_dir), "--format", "csv", query])
    assert result.exit_code == 0, result.output
    return result.output


def test_seed_records_answer_the_two_questions(data_dir):
    result = CliRunner().invoke(cli, ["build", "--data", str(data_dir), "--no-extract", "--no-views", "-q"])
    assert result.exit_code == 0, result.output
    assert "validation     valid" in result.output
    assert _ask(data_dir, MODERATOR) == "name\nYun Duk-Min\n"
    assert _ask(data_dir, SIREN) == "name\nYang Uk\n"


@pytest.mark.slow
def test_seed_reports_are_extracted_and_answer_the_two_questions(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SEED_REPORTS, data / "reports")
    result = CliRunner().invoke(cli, ["build", "--data", str(data), "-q"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (data / "records").glob("*.yaml")) == [
        "000_10c68b35a4710464.yaml", "002_363e236a17082842.yaml", "003_28207104a702530a.yaml"]
    assert "events         3" in result.output
    assert _ask(data, MODERATOR) == "name\nYun Duk-Min\n"
    assert _ask(data, SIREN) == "name\nYang Uk\n"
    assert (data / "graph" / "index.html").is_file() and (data / "graph" / "proposals.html").is_file()


def test_reviewed_record_is_never_overwritten(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SEED_REPORTS, data / "reports")
    (data / "records").mkdir()
    stem = "003_28207104a702530a"
    record = (data / "records" / f"{stem}.yaml")
    runner = CliRunner()
    assert runner.invoke(cli, ["extract", str(data / "reports" / f"{stem}.txt"), "-o", str(record)]).exit_code == 0
    text = record.read_text(encoding="utf-8").replace("schema: kg-record/1\n", "schema: kg-record/1\nreviewed: true\n")
    text = text.replace("kind: workshop", "kind: seminar")  # the analyst's correction
    record.write_text(text, encoding="utf-8")
    import os
    import time
    later = time.time() + 10
    os.utime(data / "reports" / f"{stem}.txt", (later, later))  # the report is now newer than its record
    result = runner.invoke(cli, ["build", "--data", str(data), "-q", "--no-views"])
    assert result.exit_code == 0, result.output
    assert record.read_text(encoding="utf-8") == text
