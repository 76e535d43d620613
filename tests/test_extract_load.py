"""Reading reports (txt, html, pdf, bad input) and the ``kg extract`` command."""

from __future__ import annotations

import os
import time
import zlib

import pytest
import yaml
from click.testing import CliRunner

from kg.extract import ExtractionError, extract_folder, extract_report, load_report
from kg.extract.command import extract
from kg.record import validate_record

REPORT = ("Fictional River Dialogue\n\nOn May 2, 2024, the Quill Institute hosted the dialogue.\n\n"
          "Session 1: Rivers\n\nKai Berg, Professor at Dunmore University, argued that rivers matter.\n")


def make_pdf(lines: list[str] | None) -> bytes:
    """A minimal one-page PDF: Helvetica text lines, or (None) a page with no text layer."""
    if lines is None:
        content = b"0 0 1 rg 10 10 100 100 re f"
    else:
        ops = ["BT /F1 12 Tf 72 720 Td 14 TL"]
        for line in lines:
            esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({esc}) Tj T*")
        ops.append("ET")
        content = "\n".join(ops).encode("latin-1")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_txt(tmp_path):
    p = tmp_path / "r.txt"
    p.write_text(REPORT, encoding="utf-8")
    rec = extract_report(p)
    assert rec["source"]["file"] == "r.txt"
    assert rec["sessions"][0]["speakers"] == ["Kai Berg"]
    text = load_report(p)
    ev = rec["people"][0]["evidence"]
    assert text[ev["start"]:ev["end"]] == ev["text"]


def test_html_drops_scripts_and_prefers_main(tmp_path):
    html = ("<html><head><style>p{color:red}</style><script>var Kai = 'Evil Person, President of X';</script>"
            "</head><body><nav>Home | About Fake Menu</nav><header>Site Header</header><main>"
            "<h1>Fictional River Dialogue</h1><p>On May 2, 2024, the Quill Institute hosted the dialogue.</p>"
            "<h2>Session 1: Rivers</h2><p>Kai Berg, Professor at Dunmore University, argued that rivers "
            "matter.</p></main><footer>(c) Footer Org</footer><script>alert(1)</script></body></html>")
    p = tmp_path / "r.html"
    p.write_text(html, encoding="utf-8")
    text = load_report(p)
    assert "alert" not in text and "color" not in text and "Fake Menu" not in text
    assert "Fictional River Dialogue\n\nOn May 2, 2024" in text
    rec = extract_report(p)
    assert rec["event"]["title"] == "Fictional River Dialogue"
    assert [s["speakers"] for s in rec["sessions"]] == [["Kai Berg"]]


def test_pdf_with_text_layer(tmp_path):
    p = tmp_path / "r.pdf"
    p.write_bytes(make_pdf(["Fictional River Dialogue", "", "Session 1: Rivers", "",
                            "Kai Berg, Professor at Dunmore University, argued that rivers matter."]))
    rec = extract_report(p)
    assert rec["people"][0]["name"] == "Kai Berg"
    validate_record(rec)


def test_pdf_without_text_layer(tmp_path):
    p = tmp_path / "scan.pdf"
    p.write_bytes(make_pdf(None))
    with pytest.raises(ExtractionError, match="no text layer"):
        load_report(p)


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    with pytest.raises(ExtractionError, match="empty.txt.*empty"):
        load_report(p)


def test_binary_file(tmp_path):
    p = tmp_path / "blob.txt"
    p.write_bytes(zlib.compress(os.urandom(2000)) + b"\x00\x00")
    with pytest.raises(ExtractionError, match="binary"):
        load_report(p)


def test_non_utf8_warns_with_file_name(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes("Caf\xe9 Dialogue\n\nKai Berg, Professor at Dunmore University, argued that it rains.".encode("cp1252"))
    with pytest.warns(UnicodeWarning, match="latin.txt"):
        text = load_report(p)
    assert "Café" in text


def test_cli_file_stdout_and_output(tmp_path):
    p = tmp_path / "r.txt"
    p.write_text(REPORT, encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(extract, [str(p)])
    assert res.exit_code == 0, res.output
    rec = yaml.safe_load(res.stdout)
    validate_record(rec)
    out = tmp_path / "out" / "r.yaml"
    res = runner.invoke(extract, [str(p), "-o", str(out)])
    assert res.exit_code == 0 and yaml.safe_load(out.read_text())["people"][0]["name"] == "Kai Berg"


def test_cli_error_names_file_and_keeps_record(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    out = tmp_path / "empty.yaml"
    out.write_text("keep me")
    res = CliRunner().invoke(extract, [str(p), "-o", str(out)])
    assert res.exit_code != 0 and "empty.txt" in res.output and "Traceback" not in res.output
    assert out.read_text() == "keep me"


def test_cli_help_has_example():
    res = CliRunner().invoke(extract, ["--help"])
    assert res.exit_code == 0 and "Example:" in res.output


def test_folder_mode_skips_reviewed_and_up_to_date(tmp_path):
    reports, records = tmp_path / "reports", tmp_path / "records"
    reports.mkdir()
    (reports / "a.txt").write_text(REPORT, encoding="utf-8")
    (reports / "b.txt").write_text(REPORT, encoding="utf-8")
    (reports / "notes.md").write_text("not a report")
    res = CliRunner().invoke(extract, [str(reports), "-o", str(records)])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in records.iterdir()) == ["a.yaml", "b.yaml"]
    assert "[1/2]" in res.stderr
    reviewed = records / "a.yaml"
    reviewed.write_text(reviewed.read_text() + "reviewed: true\n")
    time.sleep(0.01)
    os.utime(reports / "a.txt")
    os.utime(reports / "b.txt", (time.time() + 5, time.time() + 5))
    summary = extract_folder(reports, records)
    assert summary.reviewed == ["a.txt"] and summary.written == ["b.txt"]
    assert "reviewed: true" in reviewed.read_text()
    summary = extract_folder(reports, records, force=True)
    assert summary.reviewed == ["a.txt"] and summary.written == ["b.txt"]
    os.utime(records / "b.yaml", (time.time() + 10, time.time() + 10))
    assert extract_folder(reports, records).up_to_date == ["b.txt"]
