"""Reading reports (txt, html, pdf, bad input) and the ``kg extract`` command."""

from __future__ import annotations

import os
import shutil
import time
import zlib

import pytest
import yaml
from click.testing import CliRunner

from kg.extract import ExtractionError, extract_folder, extract_report, load_report
from kg.extract.command import extract
from kg.record import validate_record

from conftest import FIXTURES

REPORT = ("Fictional River Dialogue\n\nOn May 2, 2024, the Quill Institute hosted the dialogue.\n\n"
          "Session 1: Rivers\n\nKai Berg, Professor at Dunmore University, argued that rivers matter.\n")


def make_pdf(lines: list[str] | None) -> bytes:
    """A minimal one-page PDF: Helvetica text lines, or (None) a page with no text layer."""
    return make_pdf_pages([lines])


def make_pdf_pages(pages: list[list[str] | None]) -> bytes:
    """A minimal PDF with one page per item: Helvetica text lines, or (None) no text layer."""
    n = len(pages)
    font_id = 3 + 2 * n
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + " ".join(f"{3 + 2 * i} 0 R" for i in range(n)).encode()
        + b"] /Count " + str(n).encode() + b" >>",
    ]
    for i, lines in enumerate(pages):
        if lines is None:
            content = b"0 0 1 rg 10 10 100 100 re f"
        else:
            ops = ["BT /F1 10 Tf 54 740 Td 13 TL"]
            for line in lines:
                esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                ops.append(f"({esc}) Tj T*")
            ops.append("ET")
            content = "\n".join(ops).encode("cp1252")
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 "
                    f"{font_id} 0 R >> >> /Contents {4 + 2 * i} 0 R >>".encode())
        objs.append(b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream")
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
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


def test_records_kept_by_folder_extraction_are_what_reading_the_files_gives(tmp_path):
    from kg.extract.folder import POOL_FROM_REPORTS
    from kg.record import load_record, load_records

    reports, records = tmp_path / "reports", tmp_path / "records"
    reports.mkdir()
    for i in range(POOL_FROM_REPORTS):        # enough for the process pool
        (reports / f"r{i:02}.txt").write_text(REPORT.replace("2024", str(2000 + i)), encoding="utf-8")
    for folder in (FIXTURES / "seed" / "reports", FIXTURES / "devset" / "reports"):
        for report in folder.iterdir():
            shutil.copy(report, reports / report.name)
    for jobs in (1, 2):
        summary = extract_folder(reports, records, force=True, jobs=jobs, keep_records=True)
        assert sorted(p.name for p in summary.records) == sorted(p.name for p in records.iterdir())
        for path, rec in summary.records.items():
            assert rec == load_record(path)
        assert load_records(records, known=summary.records) == load_records(records)
    assert extract_folder(reports, records, force=True).records == {}     # only when asked for


# ---------------------------------------------------------------------------
# PDF layout: wrapped lines, hyphenation, running headers and page numbers
# ---------------------------------------------------------------------------

LAYOUT_REPORT = (
    "Fictional Harbour-River Governance Dialogue\n\n"
    "On March 14, 2024, the Quill Institute for Maritime Studies (QIMS) hosted the Fictional "
    "Harbour-River Governance Dialogue together with Dunmore University, bringing together "
    "researchers, practitioners and officials to discuss transboundary cooperation on shared "
    "rivers and the Aldmark-Veyland relationship.\n\n"
    "Opening Session\n\n"
    "Kai Berg, President of the Quill Institute for Maritime Studies, opened the dialogue by "
    "stressing that cooperation between riparian communities requires sustained institutional "
    "commitment and transparent information exchange across administrative boundaries.\n\n"
    "Session 1: Rivers and Institutions\n\n"
    "The session was moderated by Mira Solberg, Professor at Dunmore University. Tomas Arvid, "
    "Senior Fellow at the Quill Institute for Maritime Studies, argued that the Aldmark-Veyland "
    "commission should publish its monitoring data and that environmental administrations "
    "need considerably stronger coordination mechanisms. Lena Hovland, Researcher at the "
    "Fennick Centre for Water Policy, presented an assessment of flood preparedness in delta "
    "regions and warned that infrastructure maintenance remains chronically underfunded.\n\n"
    "Session 2: Harbours\n\n"
    "Oskar Lind, Director of the Harbour Authority of Veyland, described the modernisation "
    "of port facilities. Ines Falk, Associate Professor at Dunmore University, served as "
    "discussant and emphasised the importance of international cooperation among harbour "
    "operators and regulators.\n")


def _lay_out(text: str, width: int = 62, per_page: int = 14, gaps: bool = True) -> list[list[str]]:
    """Set a report in wrapped, hyphenated lines on pages with a running header and page numbers."""
    lines: list[str] = []
    for para in text.split("\n\n"):
        cur = ""
        for word in para.split():
            while len(cur) + 1 + len(word) > width:
                room = width - len(cur) - 2
                if "-" in word and word.index("-") + 1 <= room + 1:      # break a compound at its hyphen
                    head, word = word.split("-", 1)
                    lines.append(f"{cur} {head}-".strip())
                elif word.isalpha() and word.islower() and room >= 4 and len(word) - room >= 3:
                    lines.append(f"{cur} {word[:room]}-".strip())       # hyphenate a long word
                    word = word[room:]
                else:
                    lines.append(cur)
                cur = ""
            cur = f"{cur} {word}".strip()
        lines.append(cur)
        if gaps:
            lines.append("")
    pages = []
    for i in range(0, len(lines), per_page):
        n = len(pages) + 1
        pages.append(["Quill Institute for Maritime Studies | Event Report", ""] + lines[i:i + per_page]
                     + ["", f"- {n} -"])
    return pages


def _people(rec: dict) -> dict:
    return {p["name"]: sorted((a["org"], a["title"]) for a in p["affiliations"]) for p in rec["people"]}


def _roles(rec: dict) -> list:
    return [(s["number"], s["title"], s["chairs"], s["speakers"], s["discussants"]) for s in rec["sessions"]]


def test_pdf_layout_reflows_to_the_same_record_as_text(tmp_path):
    pages = _lay_out(LAYOUT_REPORT)
    flat = "\n".join(ln for page in pages for ln in page)
    assert len(pages) >= 3 and "transboun-\n" in flat and "Aldmark-\nVeyland" in flat
    txt = tmp_path / "r.txt"
    txt.write_text(LAYOUT_REPORT, encoding="utf-8")
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(make_pdf_pages(pages))
    text = load_report(pdf)
    assert text == LAYOUT_REPORT.strip()
    assert "Event Report" not in text and "- 2 -" not in text
    assert "cooperation" in text and "coop- eration" not in text
    assert "Aldmark-Veyland" in text
    want, got = extract_report(txt), extract_report(pdf)
    assert _people(got) == _people(want)
    assert _roles(got) == _roles(want)
    assert got["event"]["start"] == want["event"]["start"]
    assert got["event"]["organizers"] == want["event"]["organizers"]
    for p in got["people"]:
        ev = p["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["text"]


def test_pdf_layout_without_blank_lines_breaks_at_short_lines(tmp_path):
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(make_pdf_pages(_lay_out(LAYOUT_REPORT, gaps=False)))
    assert load_report(pdf) == LAYOUT_REPORT.strip()
    txt = tmp_path / "r.txt"
    txt.write_text(LAYOUT_REPORT, encoding="utf-8")
    got, want = extract_report(pdf), extract_report(txt)
    assert _people(got) == _people(want) and _roles(got) == _roles(want)


def test_reflow_dehyphenates_keeps_compounds_and_drops_page_furniture():
    from kg.extract.reflow import reflow_pages

    body = "A line that runs across most of the width of the page and so on"
    pages = [["Fictional Review 2024", "Page 1 of 2", body, "then continues here with trans-",
              "boundary talks and the Aldmark-", "Veyland well-", "known pact.", "7"],
             ["Fictional Review 2024", "Page 2 of 2", "Session 2: Ports", body, "ends here.", "8"]]
    text = reflow_pages(pages)
    assert "Fictional Review" not in text and "Page" not in text and "\n7" not in text
    assert "transboundary" in text and "Aldmark-Veyland" in text
    assert "\n\nSession 2: Ports\n\n" in text


def test_reflow_keeps_hyphen_used_elsewhere():
    from kg.extract.reflow import reflow_pages

    page = ["The long-term plan was adopted, and everyone agreed that the long-",
            "term view matters most of all for the rivers of the region here."]
    assert "long-term view" in reflow_pages([page])
