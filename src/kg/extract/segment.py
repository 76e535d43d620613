"""Split a report's text into blocks (paragraphs or lines), sentences and sessions.

All pieces are character spans into the text the loader returned, so that
evidence can quote ``text[start:end]`` exactly.

Examples
--------
>>> doc = segment("Session 1: Trade\\n\\nDr. Aiko Tanabe spoke. She left.")
>>> [b.text for b in doc.blocks]
['Session 1: Trade', 'Dr. Aiko Tanabe spoke. She left.']
>>> [s.text for s in doc.blocks[1].sentences]
['Dr. Aiko Tanabe spoke.', 'She left.']
>>> doc.sessions[0].number, doc.sessions[0].title
(1, 'Trade')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import rules

__all__ = ["Span", "Block", "Session", "Document", "segment", "sentence_splitter"]

#: Longest block looked at as one unit (longer lines are cut into pieces).
MAX_BLOCK_CHARS = 5000
_HEADING_MAX_WORDS = 18
_INNER_END = re.compile(r"[.!?。][\"'”’)\]]*\s+\S")
# Tests on the end of a sentence or line, searched in its last few characters only (enough for
# the match and the character before it, which ``\b`` looks at, and a final newline ``$`` allows).
_INITIAL_END = re.compile(r"\b[A-Z]\.$")            # "... Kim J."
_STOP_END = re.compile(r"[.!?]$")
_ETC_END = re.compile(r"\betc\.\)?$")
_LINE_STOP_END = re.compile(r"[.!?。]$")
_ABBREV_END = re.compile(r"\b(?:No|St|Dr|Co)\.$")


@dataclass
class Span:
    """A piece of the report text: ``text == report[start:end]``."""

    start: int
    end: int
    text: str

    def evidence(self) -> dict:
        """The span as a record ``evidence`` mapping."""
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass
class Block(Span):
    """A paragraph or a line, with its sentences."""

    index: int = 0
    sentences: list[Span] = field(default_factory=list)
    heading: bool = False


@dataclass
class Session:
    """A headed part of the report: blocks ``first`` to ``last`` (inclusive)."""

    number: int | None
    title: str
    heading: Block | None
    first: int
    last: int


@dataclass
class Document:
    """The segmented report."""

    text: str
    blocks: list[Block]
    sessions: list[Session]

    def session_of(self, block_index: int) -> Session | None:
        """The session a block belongs to, or ``None`` (introduction, conclusion)."""
        for s in self.sessions:
            if s.first <= block_index <= s.last:
                return s
        return None


_NLP = None
_PUNCT_CHARS: frozenset = frozenset()
_PUNCT_ORTHS: frozenset = frozenset()


def sentence_splitter():
    """The spaCy pipeline (blank English + sentencizer), built once per process."""
    global _NLP, _PUNCT_CHARS, _PUNCT_ORTHS
    if _NLP is None:
        import spacy

        nlp = spacy.blank("en")
        sentencizer = nlp.add_pipe("sentencizer")
        _PUNCT_CHARS = frozenset(sentencizer.punct_chars)
        _PUNCT_ORTHS = frozenset(nlp.vocab.strings.add(c) for c in _PUNCT_CHARS)
        _NLP = nlp
    return _NLP


def _spacy_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the sentences spaCy's sentencizer finds in ``text`` (ends not stripped).

    Runs only the tokenizer and applies the sentencizer's rule to the tokens (a sentence starts at
    the first token after a sentence-final punctuation token that is neither punctuation nor
    sentence-final), which is what ``nlp(text).sents`` gives, without the pipeline's overhead.  A
    sentence ends where the next one starts (only whitespace lies between).
    """
    doc = sentence_splitter().tokenizer(text)
    if not len(doc):
        return []
    starts = [0]
    seen_end = False
    punct_orths, punct_chars = _PUNCT_ORTHS, _PUNCT_CHARS
    for tok in doc:
        is_end = tok.orth in punct_orths and tok.text in punct_chars   # the hash first: cheaper
        if seen_end and not tok.is_punct and not is_end:
            starts.append(tok.idx)
            seen_end = False
        elif is_end:
            seen_end = True
    return list(zip(starts, starts[1:] + [len(text)]))


def _blocks(text: str) -> list[tuple[int, int]]:
    """Spans of non-empty lines; a line wrapped mid-sentence joins the next one."""
    spans: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s >= e:
            continue
        if spans:
            ps, pe = spans[-1]
            prev_line = text[ps:pe]
            gap = text[pe:s]
            if (gap.count("\n") == 1 and not re.search(r"[.!?:;。”\"')\]]$", prev_line)
                    and text[s].islower() and len(prev_line) > 40):
                spans[-1] = (ps, e)
                continue
        while e - s > MAX_BLOCK_CHARS:
            cut = text.rfind(" ", s, s + MAX_BLOCK_CHARS)
            cut = cut if cut > s else s + MAX_BLOCK_CHARS
            spans.append((s, cut))
            s = cut
            while s < e and text[s].isspace():
                s += 1
        if s < e:
            spans.append((s, e))
    return spans


def _sentences(block_text: str) -> list[tuple[int, int]]:
    """Sentence spans inside one block, not split after honorific abbreviations."""
    out: list[list[int]] = []
    for s, e in _spacy_sentences(block_text):
        while e > s and block_text[e - 1].isspace():
            e -= 1
        if s >= e:
            continue
        if out:
            prev = block_text[out[-1][0]:out[-1][1]]
            last = prev.rsplit(None, 1)[-1].lower() if prev.split() else ""
            nxt = block_text[s:e].lstrip("([“\"'")
            if last in rules.SENTENCE_ABBREVIATIONS or _INITIAL_END.search(prev[-4:]) or \
                    (nxt[:1].islower() and not _STOP_END.search(prev[-2:]) or _ETC_END.search(prev[-7:])):
                out[-1][1] = e
                continue
        out.append([s, e])
    return [(s, e) for s, e in out]


def is_heading(text: str) -> bool:
    """A short line with no sentence end: a heading or a header line."""
    words = text.split()
    if not words or len(words) > _HEADING_MAX_WORDS or len(text) > 160:
        return False
    if text[0].islower():
        return False
    if _LINE_STOP_END.search(text[-2:]) and not _ABBREV_END.search(text[-6:]):
        return False
    return True


#: A date or time in parentheses inside a heading: "(11.02. 14:00~16:00)".
_SLOT_PAREN = re.compile(r"\(\s*[\d.:~\-–/ apmAPM]+\)")


#: A bulleted programme entry under a role label ("- Opening Remarks: Ko, Seong-hun (President, X)"):
#: a person entry inside the session above, not a session of its own.
_ROLE_ENTRY = re.compile(r"^\s*[-–•*·▪●◦]\s+(?P<label>[A-Za-z][\w &-]{1,30}?)\s*[:：]\s*[A-Z][^:]*[(,]", re.S)


def session_heading(text: str) -> tuple[int | None, str] | None:
    """``(number, title)`` when a heading opens a session, else ``None``."""
    t = rules.HEADING_LEAD.sub("", text.strip().strip("■□●◆◇▶▷【】*#").strip()).strip()
    for pat in rules.SESSION_HEADINGS:
        m = pat.match(t)
        if m:
            raw = m.group("num").lower()
            num = int(raw) if raw.isdigit() else rules.ROMAN.get(raw, rules.ORDINALS.get(raw, rules.CARDINALS.get(raw)))
            title = _SLOT_PAREN.sub(" ", m.group("title")).strip(" :：-–—]") or t
            return num, title
    if rules.NOT_SESSION_HEADINGS.match(t) or _ROLE_ENTRY.match(text):
        return None
    if rules.UNNUMBERED_SESSION_HEADINGS.match(t):
        return None, " ".join(_SLOT_PAREN.sub(" ", t).split())
    return None


def segment(text: str) -> Document:
    """Blocks, sentences and sessions of a report text."""
    spans = _blocks(text)
    blocks = [Block(s, e, text[s:e], index=i) for i, (s, e) in enumerate(spans)]
    # only blocks with a sentence end before their last character need the sentencizer
    multi = [b for b in blocks if _INNER_END.search(b.text)]
    for block in multi:
        block.sentences = [Span(block.start + s, block.start + e, text[block.start + s:block.start + e])
                           for s, e in _sentences(block.text)]
    for block in blocks:
        block.heading = is_heading(block.text)
        if not block.sentences:
            block.sentences = [Span(block.start, block.end, block.text)]
    sessions: list[Session] = []
    for block in blocks:
        if not block.heading and block.text.endswith("?") and len(block.text) < 160:
            block.heading = rules.SESSION_HEADINGS[0].match(rules.HEADING_LEAD.sub("", block.text)) is not None
        head = session_heading(block.text) if block.heading else None
        if head is not None:
            if sessions and sessions[-1].last >= block.index:
                sessions[-1].last = block.index - 1
            sessions.append(Session(head[0], head[1], block, block.index, len(blocks) - 1))
        elif block.heading and sessions and (rules.NOT_SESSION_HEADINGS.match(block.text.strip())
                                             or rules.TIME_SLOT.match(block.text.strip())):
            # "Conclusions", or a programme slot that is no session ("12:00–13:15 Lunch")
            if sessions[-1].last >= block.index:
                sessions[-1].last = block.index - 1
    return Document(text, blocks, sessions)
