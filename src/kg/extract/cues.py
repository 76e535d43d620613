"""Regular expressions with fast, exact pre-checks: words every match contains, and where matches start.

Most sentences hold none of the words a cue pattern looks for ("co-hosted",
"keynote", "experts from" ...), and ``re`` is slow to say so: it tries the
pattern at every position of the text.  A :class:`CuePattern` first looks
for the pattern's *required words* in the lower-cased text with ``in`` and
runs the pattern only when one of them is there, so ``cue.search(text)`` is
always ``cue.pattern.search(text)``, only faster on most sentences.

The required words are read from the parsed pattern (:func:`required_words`):
a set of literal strings such that every match contains one of them, ignoring
case.  The pre-check is exact because for ASCII (or caseless) words,
``re.IGNORECASE`` equates an ASCII letter only with its other case and with
four other characters (:data:`CASE_ODD`: "İ", "ı", "ſ", "K"), and a text
holding any of those always runs the pattern.

A pattern that opens with a word boundary or a look-behind is tried at every
position of a long text, even where it cannot start.  When every match starts
with one of a few literal strings ("Jan", "Feb" ...), or is a number after a
word boundary, :func:`start_anchor` gives a fast pattern finding the places a
match may start, and :meth:`CuePattern.finditer` tries the pattern there only,
from left to right as ``finditer`` does.

Examples
--------
>>> required_words(re.compile(r"\\b(?:opening|welcome)\\s+(?:remarks|address)\\b", re.I))
('opening', 'welcome')
>>> cue = CuePattern(re.compile(r"\\b(?:hosted|co-hosted)\\b", re.I))
>>> cue.search("The Quill Institute CO-HOSTED the dialogue.").group()
'CO-HOSTED'
>>> cue.search("Nothing here.") is None
True
>>> start_anchor(re.compile(r"\\b(?:Jan|Feb)\\s+\\d+")).pattern
'Feb|Jan'
>>> [m.group() for m in CuePattern(re.compile(r"\\b\\d{1,2}\\s+May")).finditer("On 12 May and 3 May 2024")]
['12 May', '3 May']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from re import _parser as _sre

__all__ = ["CASE_ODD", "CuePattern", "required_words", "start_anchor"]

#: Non-ASCII characters that ``re.IGNORECASE`` matches with an ASCII letter (i, i, s, k).
CASE_ODD = "\u0130\u0131\u017f\u212a"
_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT)


_last = ("", "", False)     # the text last folded, and its fold (one tuple: swapped atomically)


def _folded(text: str) -> tuple[str, bool]:
    """``text.lower()``, and whether ``text`` holds a :data:`CASE_ODD` character; kept for the next
    call (several cues look at each sentence in turn)."""
    global _last
    last = _last
    if last[0] is text:
        return last[1], last[2]
    low = text.lower()
    odd = not text.isascii() and any(c in text for c in CASE_ODD)
    _last = (text, low, odd)
    return low, odd


def _checkable(c: str) -> bool:
    """A character the pre-check can look for in lower-cased text: ASCII, or without case."""
    return c.isascii() or c.lower() == c.upper()


def _one_char(op, av) -> str | None:
    """The lower-cased character an item matches (a literal, or a class like ``[Tt]``), else None."""
    if op is _sre.LITERAL:
        chars = {chr(av).lower()}
    elif op is _sre.IN and av and all(o is _sre.LITERAL for o, _a in av):
        chars = {chr(a).lower() for _o, a in av}
    else:
        return None
    c = chars.pop()
    return c if not chars and _checkable(c) else None


def _alternatives(op, av) -> set[str] | None:
    """Required words of one item of a sequence, or None."""
    if op is _sre.SUBPATTERN:
        return _required(av[-1])
    if op is _sre.ATOMIC_GROUP:
        return _required(av)
    if op is _sre.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            words = _required(alt)
            if words is None:
                return None
            out |= words
        return out
    if op in _REPEATS and av[0] >= 1:
        return _required(av[2])
    if op is _sre.IN and av and all(o is _sre.LITERAL for o, _a in av):
        chars = {chr(a).lower() for _o, a in av}
        return chars if all(_checkable(c) for c in chars) else None
    return None


def _better(a: set[str] | None, b: set[str]) -> set[str]:
    """The more selective of two word sets (longer shortest word, then fewer words)."""
    if a is None:
        return b
    return b if (min(map(len, b)), -len(b)) > (min(map(len, a)), -len(a)) else a


def _required(seq) -> set[str] | None:
    """Words (lower case) one of which every match of a parsed sequence contains, or None."""
    best: set[str] | None = None
    run = ""
    for op, av in list(seq) + [(None, None)]:
        c = _one_char(op, av) if op is not None else None
        if c is not None:
            run += c
            continue
        if run:
            best = _better(best, {run})
            run = ""
        words = _alternatives(op, av) if op is not None else None
        if words:
            best = _better(best, words)
    return best


def required_words(pattern: re.Pattern) -> tuple[str, ...] | None:
    """Lower-case words one of which every match of ``pattern`` contains (ignoring case), or
    ``None`` when the pattern has no such words."""
    if not isinstance(pattern.pattern, str):
        return None
    words = _required(_sre.parse(pattern.pattern, pattern.flags))
    if not words or "" in words:
        return None
    # a word holding another one adds nothing to the pre-check ("co-hosted" and "hosted")
    words = {w for w in words if not any(v != w and v in w for v in words)}
    return tuple(sorted(words, key=lambda w: (len(w), w)))


_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)
_DIGIT_RUN = re.compile(r"\d\d*")     # not \d+: a pattern opening with a class is searched faster


def _literal_prefixes(seq) -> set[str] | None:
    """Literal strings (case as written) one of which every match of a parsed sequence starts with."""
    run = ""
    for op, av in seq:
        if op is _sre.LITERAL:
            run += chr(av)
            continue
        if run:
            return {run}
        if op is _sre.SUBPATTERN:
            return None if av[1] & re.IGNORECASE else _literal_prefixes(av[-1])   # (?i:...): no literal
        if op is _sre.BRANCH:
            out: set[str] = set()
            for alt in av[1]:
                prefixes = _literal_prefixes(alt)
                if not prefixes:
                    return None
                out |= prefixes
            return out
        return None
    return {run} if run else None


def _opens_with_digit(op, av) -> bool:
    """Whether an item matches a decimal digit first (``\\d``, ``\\d{1,2}``, a group starting so)."""
    if op is _sre.SUBPATTERN:
        items = list(av[-1])
        return bool(items) and _opens_with_digit(*items[0])
    if op in _REPEATS and av[0] >= 1:
        items = list(av[2])
        return bool(items) and _opens_with_digit(*items[0])
    return op is _sre.IN and list(av) == [(_sre.CATEGORY, _sre.CATEGORY_DIGIT)]


def _overlapping(words: set[str]) -> bool:
    """Whether an occurrence of one word can start inside an occurrence of another (or itself)."""
    return any(p[k:].startswith(q) or q.startswith(p[k:]) for p in words for q in words for k in range(1, len(p)))


def start_anchor(pattern: re.Pattern) -> re.Pattern | None:
    """A fast pattern (no look-behind or boundary first) whose matches start at every position where
    a match of ``pattern`` can start, or ``None``.

    Two cases: every match starts with one of some literal strings (after zero-width assertions;
    occurrences of the strings must not overlap, so that ``finditer`` finds them all), or the pattern
    opens with ``\\b`` and a digit, so that matches start where runs of digits do.
    """
    if not isinstance(pattern.pattern, str) or pattern.flags & re.IGNORECASE:
        return None
    seq = list(_sre.parse(pattern.pattern, pattern.flags))
    lead = 0
    while lead < len(seq) and seq[lead][0] in _ZERO_WIDTH:
        lead += 1
    if lead == len(seq):
        return None
    prefixes = _literal_prefixes(seq[lead:])
    if prefixes and not _overlapping(prefixes):
        return re.compile("|".join(re.escape(p) for p in sorted(prefixes)))
    if (_sre.AT, _sre.AT_BOUNDARY) in seq[:lead] and _opens_with_digit(*seq[lead]):
        return _DIGIT_RUN
    return None


class CuePattern:
    """A compiled pattern, searched only in texts that hold one of its required words."""

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self.words = required_words(pattern)
        self.starts = start_anchor(pattern)
        self._plain = False

    @classmethod
    def phrases(cls, phrases: Iterable[str], flags: int = re.I) -> "CuePattern":
        """Any of ``phrases`` as whole words, tried in the order given: ``\\b(?:a|b|...)\\b``."""
        return cls(re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", flags))

    @classmethod
    def any_of(cls, words: Iterable[str]) -> "CuePattern":
        """The case-insensitive alternation of ``words`` (no word boundaries): see :meth:`found`."""
        words = tuple(words)
        cue = cls(re.compile("|".join(re.escape(w) for w in words), re.I))
        cue._plain = cue.words is not None and set(cue.words) == {w.lower() for w in words}
        return cue

    def may_match(self, text: str) -> bool:
        """False only when the pattern cannot match ``text`` (none of its words is there)."""
        words = self.words
        if words is None:
            return True
        low, odd = _folded(text)
        if odd:
            return True
        for w in words:
            if w in low:
                return True
        return False

    def found(self, text: str) -> bool:
        """``bool(pattern.search(text))``; for :meth:`any_of` cues, without running the pattern."""
        if self._plain:
            low, odd = _folded(text)
            if not odd:
                for w in self.words:
                    if w in low:
                        return True
                return False
        return self.search(text) is not None

    def search(self, text: str, pos: int = 0) -> re.Match | None:
        """``pattern.search(text, pos)``."""
        return self.pattern.search(text, pos) if self.may_match(text) else None

    def match(self, text: str, pos: int = 0) -> re.Match | None:
        """``pattern.match(text, pos)``."""
        return self.pattern.match(text, pos) if self.may_match(text) else None

    def finditer(self, text: str, pos: int = 0, anchors: dict | None = None):
        """``pattern.finditer(text, pos)``.

        ``anchors``, a dict kept for one text, shares the places where matches may start among the
        patterns with the same :attr:`starts` (they are looked for once in the text).
        """
        if not self.may_match(text):
            return iter(())
        if self.starts is None:
            return self.pattern.finditer(text, pos)
        if anchors is None:
            starts = [m.start() for m in self.starts.finditer(text, pos)]
        else:
            starts = anchors.get(self.starts)
            if starts is None:
                starts = anchors[self.starts] = [m.start() for m in self.starts.finditer(text)]
        return self._anchored(text, pos, starts)

    def _anchored(self, text: str, pos: int, starts: list[int]):
        """``pattern.finditer(text, pos)``, trying the pattern only at ``starts`` (places where a
        match may start, in order; matches are never empty, a start anchor needs a character).

        Starts found from the beginning of the text serve any ``pos``: no start anchor finds a place
        inside another one (digit runs, literal strings that cannot overlap), and a match cannot
        start inside a digit run (it opens with ``\\b``).
        """
        match = self.pattern.match
        for start in starts:
            if start < pos:
                continue          # before pos, or inside the last match: finditer goes on from its end
            m = match(text, start)
            if m:
                yield m
                pos = m.end()
