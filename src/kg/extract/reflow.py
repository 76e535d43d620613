"""Reflow the text layer of PDF pages into paragraphs.

A PDF's text comes as the lines the page was set in: sentences wrap mid-way,
words are hyphenated at line ends, and every page repeats a running header,
footer and page number.  :func:`reflow_pages` undoes that layout:

* lines repeated near the top or bottom of most pages (running headers and
  footers) and bare page numbers ("- 3 -", "Page 3 of 5", "3") are dropped;
* a line that reaches the page's typical width and is followed by a line that
  continues it is joined to it; a line much shorter than the typical width, a
  blank line, a heading-like line or a bullet ends a paragraph;
* a word hyphenated at a line end is joined ("coop-" + "eration" ->
  "cooperation") unless the next part is capitalised ("Japan-" + "Korea" ->
  "Japan-Korea") or the hyphenated spelling is used elsewhere in the text.

Paragraphs are separated by blank lines, as in the ``.txt`` reports.

Examples
--------
>>> page = ["Fictional Institute | Event Report", "",
...         "The dialogue discussed regional coop-",
...         "eration and the Japan-", "Korea relationship in depth.", "", "- 1 -"]
>>> reflow_pages([page, ["Fictional Institute | Event Report", "Session 2: Ports", "- 2 -"]])
'The dialogue discussed regional cooperation and the Japan-Korea relationship in depth.\\n\\nSession 2: Ports'
"""

from __future__ import annotations

import re

from . import rules

__all__ = ["reflow_pages", "running_lines"]

_PAGE_NUMBER = re.compile("|".join(f"(?:{p})" for p in rules.PDF_PAGE_NUMBER_PATTERNS), re.I)
_BULLET = re.compile(r"^\s*(?:[-–•*·▪●◦]\s|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s)")
_SENTENCE_END = re.compile(r"[.!?:;。”\"’')\]]$")
_HYPHEN_END = re.compile(r"(?<=[^\W\d_])[-\u00ad]$")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_LABEL_LINE = re.compile(r"^[A-Z][\w &/-]{0,40}:\s*\S?")


def _norm(line: str) -> str:
    """A line with digits and spacing folded, to spot running headers with page numbers."""
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", line)).strip().lower()


def running_lines(pages: list[list[str]]) -> set[str]:
    """Normalised lines repeated at the top or bottom of most pages (headers and footers).

    >>> sorted(running_lines([["Head", "a", "Foot 1"], ["Head", "b", "Foot 2"], ["Head", "c", "Foot 3"]]))
    ['foot #', 'head']
    """
    if len(pages) < 2:
        return set()
    counts: dict[str, int] = {}
    edge = rules.PDF_RUNNING_EDGE_LINES
    for lines in pages:
        body = [ln for ln in lines if ln.strip()]
        seen = {_norm(ln) for ln in body[:edge] + body[-edge:]}
        for key in seen:
            counts[key] = counts.get(key, 0) + 1
    need = max(2, rules.PDF_RUNNING_SHARE * len(pages))
    return {k for k, c in counts.items() if c >= need and k}


def _strip_page(lines: list[str], running: set[str]) -> list[str]:
    """The page's lines without running headers/footers and page numbers at its edges."""
    lines = [ln.rstrip() for ln in lines]
    nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
    edge = rules.PDF_RUNNING_EDGE_LINES
    edges = set(nonblank[:edge] + nonblank[-edge:])
    out = []
    for i, ln in enumerate(lines):
        if i in edges and (_norm(ln) in running or _PAGE_NUMBER.fullmatch(ln.strip())):
            continue
        out.append(ln)
    while out and not out[0].strip():     # a page break is no paragraph break
        out.pop(0)
    while out and not out[-1].strip():
        out.pop()
    return out


def _typical_width(lines: list[str]) -> float:
    """The width most text lines reach: an upper quantile of the line lengths."""
    lengths = sorted(len(ln.strip()) for ln in lines if len(ln.strip()) > 1)
    if not lengths:
        return 0.0
    if len(lengths) < rules.PDF_MIN_PAGE_LINES:
        return float(lengths[-1])
    return float(lengths[int(rules.PDF_WIDTH_QUANTILE * (len(lengths) - 1))])


def _heading_like(line: str, width: float) -> bool:
    s = line.strip()
    if not s or _SENTENCE_END.search(s) or s.endswith(","):
        return False
    if len(s) >= rules.PDF_HEADING_MAX * width:
        return False
    words = _WORD.findall(s)
    if not words:
        return True
    caps = sum(1 for w in words if w[0].isupper() or w.lower() in rules.TITLE_SMALL_WORDS)
    if caps == len(words) and words[-1].lower() not in rules.TITLE_SMALL_WORDS:
        return True     # a title-case line (up to nearly the full width)
    if len(s) >= rules.PDF_SHORT_LINE * width:
        return False
    return caps >= 0.6 * len(words) or bool(_LABEL_LINE.match(s))


def _joins(cur: str, nxt: str, width: float) -> bool:
    """Whether line ``nxt`` continues the paragraph that line ``cur`` is in."""
    a, b = cur.strip(), nxt.strip()
    if not a or not b or _BULLET.match(nxt):
        return False
    if _HYPHEN_END.search(a):
        return True
    if _heading_like(b, width):
        return False
    if _heading_like(a, width) or len(a) < rules.PDF_SHORT_LINE * width:
        return False
    return not _SENTENCE_END.search(a) or b[0].islower() or b[0].isupper() or b[0].isdigit()


def _join(cur: str, nxt: str, text_words: set[str]) -> str:
    a, b = cur.rstrip(), nxt.strip()
    if _HYPHEN_END.search(a):
        head = _WORD.findall(a)[-1] if _WORD.findall(a) else ""
        tail_m = _WORD.match(b)
        tail = tail_m.group() if tail_m else ""
        if a.endswith("\u00ad"):
            return a[:-1] + b
        if b[:1].islower() and (head + tail).lower() not in text_words:
            return a[:-1] + b
        return a + b
    return a + " " + b


def reflow_pages(pages: list[list[str]]) -> str:
    """Text of PDF pages (each a list of lines) as paragraphs separated by blank lines."""
    running = running_lines(pages)
    cleaned = [_strip_page(lines, running) for lines in pages]
    all_lines = [ln for lines in cleaned for ln in lines]
    doc_width = _typical_width(all_lines)
    text_words = {w.lower() for ln in all_lines for w in _WORD.findall(ln) if "-" in w}
    paragraphs: list[str] = []
    cur = last = ""
    for lines in cleaned:   # a paragraph may run on across a page break
        body = [ln for ln in lines if ln.strip()]
        width = _typical_width(lines) if len(body) >= rules.PDF_MIN_PAGE_LINES else doc_width
        width = max(width, doc_width * rules.PDF_SHORT_LINE)
        for ln in lines:
            if not ln.strip():
                if cur:
                    paragraphs.append(cur)
                cur = last = ""
            elif cur and _joins(last, ln, width):
                cur = _join(cur, ln, text_words)
                last = ln
            else:
                if cur:
                    paragraphs.append(cur)
                cur = last = ln
    if cur:
        paragraphs.append(cur)
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)
