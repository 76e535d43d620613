"""Read a report file (``.txt``, ``.html``, ``.htm``, ``.pdf``) into plain text.

The text returned here is the one every evidence offset points into.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "r.txt"
>>> _ = p.write_text("On May 1, 2024, a dialogue met.", encoding="utf-8")
>>> load_report(p)
'On May 1, 2024, a dialogue met.'
"""

from __future__ import annotations

import logging
import os
import re
import warnings
from pathlib import Path

__all__ = ["ExtractionError", "REPORT_SUFFIXES", "load_report", "decode_text", "html_to_text",
           "pdf_to_text"]

log = logging.getLogger(__name__)

#: File suffixes read as reports.
REPORT_SUFFIXES = (".txt", ".html", ".htm", ".pdf")
#: Largest report read, in bytes (bigger files are cut, with a warning).
MAX_BYTES = 20 * 1024 * 1024
#: HTML elements that are never report text.
DROP_TAGS = ("script", "style", "nav", "header", "footer", "aside", "form", "noscript", "iframe",
             "svg", "button", "template")
#: HTML elements that start a new paragraph.
BLOCK_TAGS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "br", "section",
              "article", "blockquote", "dd", "dt", "pre", "table", "ul", "ol", "main", "figcaption")


class ExtractionError(Exception):
    """A report that cannot be read or extracted; the message names the file."""


def decode_text(raw: bytes, file: str = "<text>") -> str:
    """Decode report bytes: UTF-8, else cp1252 / latin-1 with a warning naming ``file``.

    Raises :class:`ExtractionError` for empty or binary content.
    """
    if not raw.strip():
        raise ExtractionError(f"{file}: the file is empty")
    sample = raw[:65536]
    if b"\x00" in sample:
        raise ExtractionError(f"{file}: looks like a binary file (NUL bytes), not a report")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        msg = f"{file}: not UTF-8 (byte {exc.start}); decoded as cp1252/latin-1"
        warnings.warn(msg, UnicodeWarning, stacklevel=2)
        log.warning(msg)
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
    controls = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 65536):
        raise ExtractionError(f"{file}: looks like a binary file (control characters), not a report")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, blocks separated by blank lines.

    Drops scripts, styles, navigation, headers, footers, asides and forms, and
    prefers ``<main>`` or ``<article>`` when the page has one.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    for tag in root.find_all(BLOCK_TAGS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    text = root.get_text("")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def pdf_to_text(path: str | os.PathLike) -> str:
    """Text layer of a PDF, reflowed into paragraphs (:func:`kg.extract.reflow.reflow_pages`).

    Raises :class:`ExtractionError` when the PDF cannot be read or has no text layer.
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ExtractionError(f"{path}: cannot read the PDF: {exc}") from None
    if not any(p.strip() for p in pages):
        raise ExtractionError(f"{path}: the PDF has no text layer (a scan?); run OCR first")
    from .reflow import reflow_pages

    return reflow_pages([p.replace("\r\n", "\n").replace("\r", "\n").split("\n") for p in pages])


def load_report(path: str | os.PathLike) -> str:
    """Plain text of a report file, chosen by its suffix.

    Raises
    ------
    ExtractionError
        File missing, empty, binary, of an unknown type, or a PDF without text.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        raise ExtractionError(f"{path}: unknown report type {suffix or '(none)'}; "
                              f"expected one of {', '.join(REPORT_SUFFIXES)}")
    try:
        size = path.stat().st_size
        if suffix == ".pdf":
            if size == 0:
                raise ExtractionError(f"{path}: the file is empty")
            return pdf_to_text(path)
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES)
    except OSError as exc:
        raise ExtractionError(f"{path}: cannot read: {exc.strerror}") from None
    if size > MAX_BYTES:
        warnings.warn(f"{path}: larger than {MAX_BYTES} bytes; only the start is read", stacklevel=2)
    text = decode_text(raw, str(path))
    if suffix in (".html", ".htm"):
        text = html_to_text(text)
        if not text.strip():
            raise ExtractionError(f"{path}: the page has no visible text")
    return text
