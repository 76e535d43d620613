"""The kg-record/1 model: valid records load, invalid ones fail with file, field and line."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.record import RecordError, dump_record, load_record, load_records, parse_record, save_record

from conftest import FIXTURES, SEED_GOLD, TINY


def test_seed_records_load_and_round_trip():
    for path, rec in load_records(SEED_GOLD):
        text = dump_record(rec)
        assert parse_record(text, str(path)) == rec
        assert dump_record(parse_record(text, str(path))) == text  # stable: same record, same bytes


def test_extra_keys_are_kept(tiny_record, tmp_path):
    out = tmp_path / "tiny.yaml"
    save_record(tiny_record, out)
    again = load_record(out)
    assert again["analyst_note"] == "kept as is by load and save"
    assert again["reviewed"] is True
    assert again["people"][0]["affiliations"][0]["evidence"]["start"] == 53
    assert again["event"]["start"] == dt.date(2031, 1, 20)


def test_dump_is_readable_yaml(tiny_record):
    text = dump_record(tiny_record)
    assert text.startswith("schema: kg-record/1\nreviewed: true\nsource:\n")
    assert "  organizers: [Harbourview Institute]\n" in text
    assert "  start: 2031-01-20\n" in text


def _error(text: str) -> RecordError:
    with pytest.raises(RecordError) as info:
        parse_record(text, "r.yaml")
    return info.value


def _tiny_text() -> str:
    return TINY.read_text(encoding="utf-8")


def test_malformed_yaml_names_file_and_line():
    err = _error("schema: kg-record/1\nsource: [unclosed\nevent: {}\n")
    assert err.path == "r.yaml" and err.line == 3
    assert str(err).startswith("r.yaml:3: not valid YAML")


def test_missing_required_field():
    text = _tiny_text().replace("  kind: dialogue\n", "")
    err = _error(text)
    assert "missing required field 'kind'" in str(err)
    assert err.field == "event"
    assert text.splitlines()[err.line - 1] == "event:"  # the mapping that lacks the key


def test_wrong_type_names_field_and_line():
    text = _tiny_text().replace("- number: 1\n", "- number: one\n")
    err = _error(text)
    assert err.field == "sessions[0].number"
    assert "expected an integer or null, got a string" in str(err)
    assert str(err).startswith(f"r.yaml:{err.line}: sessions[0].number")
    assert text.splitlines()[err.line - 1].strip() == "- number: one"


def test_bad_enum_and_bad_date():
    err = _error(_tiny_text().replace("kind: dialogue", "kind: talk"))
    assert err.field == "event.kind" and "'talk' is not one of" in str(err)
    err = _error(_tiny_text().replace("start: 2031-01-20", "start: 20 January 2031"))
    assert err.field == "event.start" and "ISO date" in str(err)


def test_unknown_schema_version():
    err = _error(_tiny_text().replace("schema: kg-record/1", "schema: kg-record/9"))
    assert err.field == "schema" and err.line == 2  # line 1 is a comment
    assert "unknown schema version 'kg-record/9'" in str(err)


def test_cross_references_are_checked():
    err = _error(_tiny_text().replace("chairs: [Mira Tanaka]", "chairs: [Nobody Here]"))
    assert err.field == "sessions[0].chairs[0]" and "'Nobody Here' is not in people" in str(err)
    err = _error(_tiny_text().replace("organizers: [Harbourview Institute]", "organizers: [Elsewhere]"))
    assert err.field == "event.organizers[0]"


def test_duplicate_key_is_an_error():
    err = _error(_tiny_text().replace("  location: Port Aster\n", "  location: Port Aster\n  location: Other\n"))
    assert err.field == "event.location" and "key given twice" in str(err)


def test_bad_evidence_offsets():
    err = _error(_tiny_text().replace("      start: 53\n      end: 96\n", "      start: 96\n      end: 53\n", 1))
    assert "0 <= start <= end" in str(err)


def test_non_utf8_file(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes(_tiny_text().replace("Port Aster", "Port Ast\u00e9r").encode("latin-1"))
    with pytest.raises(RecordError) as info:
        load_record(path)
    assert str(path) in str(info.value) and "not UTF-8" in str(info.value)
    want = next(i for i, line in enumerate(_tiny_text().splitlines(), 1) if "Port Aster" in line)
    assert info.value.line == want


def test_two_records_for_one_report(tmp_path):
    (tmp_path / "a.yaml").write_text(_tiny_text(), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(_tiny_text(), encoding="utf-8")
    with pytest.raises(RecordError) as info:
        load_records(tmp_path)
    assert "second record for report tiny.txt" in str(info.value)
    assert "b.yaml" in str(info.value) and "a.yaml" in str(info.value)


def test_save_is_atomic_and_validates(tiny_record, tmp_path):
    out = tmp_path / "r.yaml"
    save_record(tiny_record, out)
    before = out.read_bytes()
    tiny_record["event"]["kind"] = "party"
    with pytest.raises(RecordError):
        save_record(tiny_record, out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["r.yaml"]


def test_dump_record_gives_the_bytes_of_pyyaml_s_representer():
    import yaml

    from kg.record import _Dumper, _ordered, dump_record, load_record

    records = [load_record(p) for folder in (SEED_GOLD, FIXTURES / "devset" / "gold", FIXTURES / "queries" / "records")
               for p in sorted(folder.glob("*.yaml"))]
    odd = dict(records[0], notes={"score": 0.5, "when": dt.datetime(2024, 1, 2, 3, 4), "flag": True, "none": None,
                                  "empty": [], "nested": {}, "tags": ["a", "b"], "multi": "line one\nline two",
                                  "colon": "'quoted' : # yes", "digits": "0012", "word": "yes", "long": "x " * 80})
    for rec in records + [odd]:
        want = yaml.dump(_ordered(rec, "top"), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                         default_flow_style=False, indent=2)
        assert dump_record(rec) == want
