"""Person names: find them in a sentence with their context, and normalise them.

A *mention* is a name found in a sentence together with what surrounds it:
an honorific or title before it ("Prof.", "former Prime Minister"), a
parenthesis or appositive after it ("(Researcher at X)", ", President of X,"),
an organisation introduced by "of"/"from", and the text before it in its
clause (for "Org's Title Name").

Examples
--------
>>> normalise_name("MORI Takeshi")
'Mori Takeshi'
>>> [m.name for m in find_mentions("Mr. Daniel OKAFOR spoke with Park, Ji-woo (Researcher at X).")]
['Daniel Okafor', 'Park Ji-woo']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import rules

__all__ = ["Mention", "normalise_name", "find_mentions", "valid_name", "NAME_RE", "TITLE_RE",
           "HONORIFIC_TAIL"]

_CAP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĒĘĚĞĪŁŃŇŌŐŒŘŚŞŠŢŤŪŮŰŸŹŻŽ"
_LOW = "a-zß-öø-ÿāăąćčďēęěğīłńňōőœřśşšţťūůűźżž"
_TAIL = rf"(?:['’][{_LOW}]+)?(?:-[{_CAP}{_LOW}][{_LOW}]+)*"
_PART = (rf"(?:[{_CAP}]['’])?[{_CAP}][{_LOW}]+{_TAIL}"
         rf"|[{_CAP}]{{2,}}(?:-[{_CAP}]{{2,}})?")
#: A name part not preceded by a word character or hyphen, written capital first so that ``re`` can
#: skip to capitals (a pattern opening with a look-behind is tried at every position): the capital,
#: the look-behind at the character before it, then the rest of :data:`_PART` (same alternatives).
_FIRST_PART = (rf"[{_CAP}](?<![\w-][{_CAP}])"
               rf"(?:['’][{_CAP}][{_LOW}]+{_TAIL}|[{_LOW}]+{_TAIL}|[{_CAP}]+(?:-[{_CAP}]{{2,}})?)")
_PARTICLE = "(?:" + "|".join(rules.NAME_PARTICLES) + ")"
#: A run of capitalised name parts, possibly with particles between them ("Ana de la Cruz").
NAME_RE = re.compile(rf"{_FIRST_PART}(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}(?:{_PART})){{1,11}}(?![\w-])")
_PARTICLES = frozenset(rules.NAME_PARTICLES)
_NON_SPACE = re.compile(r"\S+")
_SINGLE_RE = re.compile(rf"{_FIRST_PART}(?![\w-])")
_COMMA_NAME_RE = re.compile(rf"(?P<family>{_FIRST_PART}),[ \t]+(?P<given>{_PART})(?=\s*\()")

_ALT_TITLES = sorted({*rules.TITLES, *rules.GOVERNMENT_POSTS}, key=len, reverse=True)
#: Any title, case-insensitive, as a whole word.
TITLE_RE = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in _ALT_TITLES) + r")s?\b", re.I)
_ALT_HON = sorted({*rules.HONORIFICS, *rules.TITLES, *rules.GOVERNMENT_POSTS}, key=len, reverse=True)
#: Honorifics and titles right before a name (case-sensitive: they are capitalised there).
HONORIFIC_TAIL = re.compile(
    r"(?P<hon>(?:(?:former|then|late|Former)\s+)?(?:(?:U\.S\.|[A-Z][a-z]+)\s+)?(?:(?<![\w.])(?:"
    + "|".join(re.escape(h) for h in _ALT_HON) + r")\s+)+)$")
#: What text before a name must end with (and a space) for :data:`HONORIFIC_TAIL` to match.
_HONORIFIC_ENDS = tuple(_ALT_HON)

_RELATIVE = re.compile(r"^\s*,\s*(?:who|which|whose|now|then|currently|recently|also)\b[^,;]*,?", re.I)
_APPOSITIVE = re.compile(r"^\s*,\s*(?P<app>(?:[^,;()]|\([^()]{1,40}\)){2,160}?)\s*(?=[,;)]|\s*$|\.\s*$|\.\s+[A-Z])")
#: The rest of an appositive after an organisation name inside it.
_APPOSITIVE_FROM = re.compile(r"(?:[^,;()]|\([^()]{1,40}\)){0,160}?\s*(?=[,;)]|\s*$|\.\s*$|\.\s+[A-Z])")


class _Joined:
    """An appositive match extended over an organisation name with a comma."""

    def __init__(self, rest: str, tail: re.Match):
        self._app = rest[:tail.end()].lstrip()[1:]
        self._end = tail.end()

    def group(self, _name):
        return self._app

    def end(self):
        return self._end


_PAREN = re.compile(r"^\s*\((?P<app>[^()]{2,200})\)")
_FROM_ORG_END = re.compile(r"\s*[,;()]|\.(?:\s|$)|\s+(?!(?:of|for|and|the|on|at|de|du|des|für)\b)[a-z]")
_FROM_ORG = re.compile(r"^\s+(?:of|from|at)\s+(?=(?:the\s+)?[A-Z])")


@dataclass
class Mention:
    """A person's name in a sentence and what surrounds it (offsets into the sentence)."""

    name: str
    start: int
    end: int
    honorific: str = ""
    prefix: str = ""
    appositive: str = ""
    paren: str = ""
    from_at: int = -1
    context_end: int = -1


def normalise_name(raw: str) -> str:
    """Name with normal capitalisation, no comma, no honorific; order kept.

    >>> normalise_name("Park, Ji-woo")
    'Park Ji-woo'
    >>> normalise_name("KIM Ji-woo")
    'Kim Ji-woo'
    """
    parts = raw.replace(",", " ").split()
    out = []
    for p in parts:
        if p.isupper() and len(p) > 1:
            p = "-".join(x.capitalize() for x in p.split("-"))
        out.append(p)
    name = " ".join(out)
    return re.sub(r"['’]s$", "", name)


def valid_name(name: str, acronyms=frozenset()) -> bool:
    """Two to five parts (particles aside), none a common or title word, not all capitals."""
    return _valid_words(name, name.split(), lambda part: _part_ok(part, acronyms))


def _part_ok(part: str, acronyms) -> bool:
    """A name part that is no common or title word and no known acronym."""
    low = part.lower()
    if low.endswith(("'s", "’s")):      # a part has no space: the same as removing ['’]s$
        low = low[:-2]
    low = low.strip("'’")
    if low in rules.NON_NAME_WORDS or part in acronyms:
        return False
    return not ("-" in low and low.split("-")[0] in rules.NON_NAME_WORDS
                and any(x in rules.NON_NAME_WORDS for x in low.split("-") if len(x) > 2))


def _valid_words(name: str, words: list[str], part_ok) -> bool:
    """:func:`valid_name` of ``name`` split into ``words``, with ``part_ok`` judging each part."""
    if not words or words[0] in _PARTICLES or words[-1] in _PARTICLES:
        return False
    parts = [w for w in words if w not in _PARTICLES]
    if not 2 <= len(parts) <= rules.MAX_NAME_PARTS:
        return False
    if not all(part_ok(p) for p in parts):
        return False
    if all(p.isupper() for p in parts) or name.lower() in rules.COUNTRIES:
        return False
    return not any(len(p) > 20 for p in parts)


def _name_runs(text: str, m: re.Match, acronyms) -> list[tuple[int, int]]:
    """Valid names inside a capitalised run, left to right (titles around them cut off).

    Each window of words is judged as :func:`valid_name` judges it, from facts about each word
    worked out once: particle or not, a part that no name may hold, all capitals.
    """
    words = [(w.start() + m.start(), w.end() + m.start()) for w in _NON_SPACE.finditer(m.group())]
    texts = [text[a:z] for a, z in words]
    particle = [t in _PARTICLES for t in texts]
    barred = [not p and (len(t) > 20 or not _part_ok(t, acronyms)) for t, p in zip(texts, particle)]
    upper = [t.isupper() for t in texts]
    out = []
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + rules.MAX_NAME_PARTS + 2), i + 1, -1):
            if particle[i] or particle[j - 1]:
                continue
            parts = [k for k in range(i, j) if not particle[k]]
            if not 2 <= len(parts) <= rules.MAX_NAME_PARTS or any(barred[k] for k in parts) \
                    or all(upper[k] for k in parts) \
                    or text[words[i][0]:words[j - 1][1]].lower() in rules.COUNTRIES:
                continue
            out.append((words[i][0], words[j - 1][1]))
            i = j
            break
        else:
            i += 1
    return out


def _honorific_tail(before: str) -> re.Match | None:
    """``HONORIFIC_TAIL.search(before)``, skipped when ``before`` cannot end with an honorific and a space."""
    if not before[-1:].isspace() or not before.rstrip().endswith(_HONORIFIC_ENDS):
        return None
    return HONORIFIC_TAIL.search(before)


def _context(sentence: str, mention: Mention) -> None:
    """Fill a mention's honorific, prefix, parenthesis, organisation and appositive."""
    before = sentence[:mention.start]
    hm = _honorific_tail(before)
    clause_start = max(before.rfind(c) for c in ",;(:") + 1
    if hm and hm.start() >= clause_start:
        mention.honorific = hm.group("hon").strip()
        mention.prefix = before[clause_start:hm.start()].strip()
    pos = mention.end
    rest = sentence[pos:]
    pm = _PAREN.match(rest)
    if pm:
        mention.paren = pm.group("app").strip()
        pos += pm.end()
        rest = sentence[pos:]
    fm = _FROM_ORG.match(rest)
    if fm:
        mention.from_at = pos + fm.end()
        stop = _FROM_ORG_END.search(sentence, mention.from_at)
        pos = stop.start() if stop else len(sentence)
        rest = sentence[pos:]
    rm = _RELATIVE.match(rest)
    if rm:
        pos += rm.end()
    else:
        am = _APPOSITIVE.match(rest)
        if am and re.match(r",\s*[A-Z]", rest[am.end():]):
            # the comma may be inside an organisation's name ("Ministry of Economy, Trade and Industry")
            from .orgs import find_orgs
            for hit in find_orgs(rest[:am.end() + 120]):
                if hit.start < am.end() < hit.end:
                    am = _Joined(rest, _APPOSITIVE_FROM.match(rest, hit.end))
                    break
        if am:
            app = am.group("app").strip()
            first = app.split()[0].lower() if app.split() else ""
            if first not in ("and", "but", "or", "who", "which", "while", "as", "in", "on", "with",
                             "he", "she", "they", "said", "noted") and (
                    TITLE_RE.search(app) or any(c in rules.DISCUSSANT_CUES for c in app.lower().split())
                    or re.match(r"^(?:the\s+)?[A-Z]{2,}\b", app)):
                mention.appositive = app
                pos += am.end()
    mention.context_end = pos


def find_mentions(sentence: str, acronyms=frozenset()) -> list[Mention]:
    """Names of two or more parts in a sentence, with their context, in order."""
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    comma_names = _COMMA_NAME_RE.finditer(sentence) if "(" in sentence else ()   # "Family, Given (...)"
    for m in comma_names:
        raw = f"{m.group('family')} {m.group('given')}"
        if valid_name(raw, acronyms):
            found.append(Mention(normalise_name(raw), m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for m in NAME_RE.finditer(sentence):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        for s, e in _name_runs(sentence, m, acronyms):
            found.append(Mention(normalise_name(sentence[s:e]), s, e))
    found.sort(key=lambda x: x.start)
    for mention in found:
        _context(sentence, mention)
    # "Regional Data Exchange (RDX)": a name defined with an acronym is not a person
    return [m for m in found if not re.fullmatch(r"[A-Z][A-Z0-9&\-]+", m.paren)]


def find_single_names(sentence: str) -> list[tuple[str, int, int]]:
    """Single capitalised words (candidate surnames), with offsets."""
    return [(m.group(), m.start(), m.end()) for m in _SINGLE_RE.finditer(sentence)]
