"""How alike two names are: people, organisations, proposals.

Each ``*_match`` function compares two names (or two sets of names for one
thing) and returns a :class:`Match`: a score in ``[0, 1]`` and the reasons,
so that ``kg resolve`` can say why it thinks two mentions are one entity.
Context (same affiliation, event, country) is added by :func:`with_context`.
The rules themselves are data in :mod:`kg.resolve_rules`.

>>> person_match("Chung Mong-Joon", "MongJoon CHUNG").score
0.95
>>> person_match("Lee Hyuk", "Lee Yong-Joon").score
0.0
>>> org_match(["Asan Institute"], ["Asan Institute for Policy Studies"]).score
0.9
>>> org_match(["Keio University"], ["Kanda University of International Studies"]).score
0.0
>>> proposal_match(["SIREN"], ["Japan–Korea Real-Time Information Sharing Network", "SIREN"]).score
0.92
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from kg import resolve_rules as R
from kg.record import name_key

__all__ = ["Match", "PersonName", "parse_person", "person_match", "org_match", "proposal_match",
           "with_context", "is_acronym", "countries_in", "org_words", "proposal_words", "family_group",
           "romanised", "name_parts", "acronym_key", "ratio_may_reach", "person_order_may_matter",
           "org_order_may_matter"]


@dataclass(frozen=True, slots=True)
class Match:
    """A score and the reasons for it."""

    score: float
    reasons: tuple[str, ...] = ()
    kind: str = "different"

    def plus(self, delta: float, reason: str) -> Match:
        return Match(round(min(1.0, max(0.0, self.score + delta)), 4), (*self.reasons, reason), self.kind)


NO_MATCH = Match(0.0, (), "different")


#: distinct names and words remembered by the cached helpers below (the same names recur in every report)
_CACHE = 1 << 16


@lru_cache(maxsize=_CACHE)
def _letters(text: str) -> Counter:
    """How often each character occurs in a text (shared: do not change it)."""
    return Counter(text)


def ratio_may_reach(a: str, b: str, floor: float) -> bool:
    """Whether ``SequenceMatcher(None, a, b).ratio()``, in either order, can be ``floor`` or more.

    The ratio is ``2 * matches / (len(a) + len(b))``, and the matches are at
    most the characters the two texts have in common (counted with repeats),
    so at most the shorter length, less the characters the other text lacks:
    when even those fall short, the ratio does.

    >>> ratio_may_reach("minseok", "minsoek", 0.84), ratio_may_reach("jihoon", "minsu", 0.84)
    (True, False)
    """
    total = len(a) + len(b)
    if not total:
        return True
    if 2.0 * min(len(a), len(b)) / total < floor:
        return False
    ma, mb = _letter_set(a), _letter_set(b)   # a character of one missing from the other never matches
    if 2.0 * min(len(a) - (ma & ~mb).bit_count(), len(b) - (mb & ~ma).bit_count()) / total < floor:
        return False
    return 2.0 * _common_letters(min(a, b), max(a, b)) / total >= floor


#: character -> its bit in :func:`_letter_set`
_BITS: dict[str, int] = {}


@lru_cache(maxsize=_CACHE)
def _letter_set(text: str) -> int:
    """The set of characters of a text, one bit each."""
    mask = 0
    for c in set(text):
        mask |= 1 << _BITS.setdefault(c, len(_BITS))
    return mask


@lru_cache(maxsize=_CACHE)
def _common_letters(a: str, b: str) -> int:
    """How many characters two texts have in common, counted with repeats (``a <= b``: cached once)."""
    ca, cb = _letters(a), _letters(b)
    return sum(min(n, cb[c]) for c, n in ca.items() if c in cb)


def _ratio_at_least(a: str, b: str, floor: float) -> float | None:
    """``SequenceMatcher(None, a, b).ratio()`` when it is at least ``floor``, else None."""
    if not ratio_may_reach(a, b, floor):
        return None
    ratio = _ratio(a, b)
    return ratio if ratio >= floor else None


@lru_cache(maxsize=_CACHE)
def _ratio(a: str, b: str) -> float:
    """``SequenceMatcher``'s ratio (which can differ with the order of ``a`` and ``b``)."""
    return SequenceMatcher(None, a, b).ratio()


def _fold(text: str) -> str:
    s = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in s if not unicodedata.combining(c))


# --------------------------------------------------------------------------- people

_FAMILY = {v: group[0] for group in R.FAMILY_VARIANTS for v in group}


def family_group(family: str) -> str:
    """The first spelling of a family name's romanisation group ("rhee" -> "lee")."""
    return _FAMILY.get(family, family)


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name read as (family, given) in every order it could be.

    ``readings`` holds ``(family, given, initials)``: ``given`` joined without
    hyphens or spaces ("jihoon"), empty when the name gives only initials or
    only a family name; ``initials`` the given name's initials ("jh").
    """

    raw: str
    readings: tuple[tuple[str, str, str], ...] = field(default=())
    partial: str | None = None   # None, "initials" or "family_only"

    @property
    def complete(self) -> bool:
        return self.partial is None


_INITIALS = re.compile(r"(?:[A-Za-z]\.-?)+[A-Za-z]?|[A-Za-z]")


def _is_honorific(token: str) -> bool:
    t = token.casefold()
    return t in R.HONORIFICS or t.rstrip(".") in R.HONORIFICS


def _token(tok: str):
    """("initials", "jh") or ("full", "ji-hoon")."""
    letters = re.sub(r"[^A-Za-z]", "", tok)
    if _INITIALS.fullmatch(tok) or (tok.isupper() and 1 < len(letters) <= 3
                                    and not re.search(r"[AEIOUY]", letters)):
        return ("initials", letters.lower())
    return ("full", re.sub(r"[^\w-]", "", tok).strip("-").lower())


def _given(tokens: list) -> tuple[str, str]:
    full = "".join(t.replace("-", "") for kind, t in tokens if kind == "full")
    initials = "".join(
        "".join(p[0] for p in t.split("-") if p) if kind == "full" else t for kind, t in tokens)
    if not any(kind == "full" for kind, _t in tokens):
        return "", initials
    return full, initials


@lru_cache(maxsize=_CACHE)
def parse_person(name: str) -> PersonName:
    """Read a person's name, as it was written, in all the orders it could be.

    >>> parse_person("Amb. Park").partial
    'family_only'
    >>> parse_person("PARK Ji-hoon").readings
    (('park', 'jihoon', 'jh'),)
    >>> parse_person("Park, Ji-woo").readings
    (('park', 'jiwoo', 'jw'),)
    >>> sorted(parse_person("Takeshi Mori").readings)
    [('mori', 'takeshi', 't'), ('takeshi', 'mori', 'm')]
    """
    text = _fold(re.sub(r"\(.*?\)", " ", name)).replace("\u2019", "'")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text).strip()
    comma = None
    if "," in text:
        left, right = text.split(",", 1)
        right_tokens = [t for t in right.split() if t.casefold().strip(".") not in R.NAME_SUFFIXES]
        if right_tokens:
            comma = (left.split(), right_tokens)
        text = left if not right_tokens else text.replace(",", " ")
    tokens = [t for t in text.split() if re.search(r"\w", t)]
    if not tokens:
        return PersonName(name, (), "family_only")
    while len(tokens) > 1 and _is_honorific(tokens[0]):
        tokens.pop(0)
    while len(tokens) > 1 and tokens[-1].casefold().strip(".") in R.NAME_SUFFIXES:
        tokens.pop()
    if comma:
        fam_tokens = [t for t in comma[0] if not _is_honorific(t)] or comma[0]
        family = "".join(_token(t)[1].replace("-", "") for t in fam_tokens)
        given, initials = _given([_token(t) for t in comma[1]])
        partial = None if given else "initials"
        return PersonName(name, ((family, given, initials),) if family else (), partial)
    parsed = [_token(t) for t in tokens]
    if len(parsed) == 1:
        family = parsed[0][1].replace("-", "")
        return PersonName(name, ((family, "", ""),) if family else (), "family_only")
    fulls = [i for i, (kind, _t) in enumerate(parsed) if kind == "full"]
    caps = [i for i in fulls if tokens[i].isupper() and len(re.sub(r"[^A-Za-z]", "", tokens[i])) >= 2]
    if len(caps) == 1 and len(caps) < len(fulls):
        family_at = caps
    elif len(fulls) == 1:
        family_at = fulls
    else:
        family_at = sorted({fulls[0], fulls[-1]})
    readings = []
    for i in family_at:
        family = parsed[i][1].replace("-", "")
        given, initials = _given(parsed[:i] + parsed[i + 1:])
        readings.append((family, given, initials))
    partial = None if all(g for _f, g, _i in readings) else "initials"
    readings = [r for r in readings if r[0]]
    return PersonName(name, tuple(dict.fromkeys(readings)), partial)


@lru_cache(maxsize=_CACHE)
def romanised(given: str) -> str:
    """A given name as the romanisation rules spell it ("jihoon" -> "jihun")."""
    for old, new in R.ROMANISATION:
        given = given.replace(old, new)
    return given


def _initials_fit(short: str, full_initials: str, full_given: str) -> bool:
    """Do the initials "j" / "jh" fit a given name ("jihoon", initials "jh")?"""
    if not short or not full_given:
        return False
    if len(short) == 1:
        return full_given[0] == short
    return short == full_initials


def person_order_may_matter(a: PersonName, b: PersonName) -> bool:
    """Can ``person_match(a, b)`` be zero and ``person_match(b, a)`` not?

    Only through the ratio of close given names, which difflib computes
    differently in the two orders; when no two given names can be that close,
    both orders agree.
    """
    return any(ga and gb and ratio_may_reach(ga, gb, R.FUZZY_RATIO)
               for _fa, ga, _ia in a.readings for _fb, gb, _ib in b.readings)


def person_match(a: str | PersonName, b: str | PersonName) -> Match:
    """How alike two people's names are, whatever the order, hyphens or capitals.

    >>> person_match("Park Ji-Hoon", "Ji-hoon Park").kind
    'exact'
    >>> person_match("Amb. Park", "Park Ji-hoon").kind
    'family_only'
    >>> person_match("J.H. Park", "Park Ji-hoon").kind
    'initials'
    >>> person_match("Choi Kang", "Choi Eun-Mi").kind
    'different'
    """
    a = a if isinstance(a, PersonName) else parse_person(a)
    b = b if isinstance(b, PersonName) else parse_person(b)
    best = NO_MATCH
    for fa, ga, ia in a.readings:
        for fb, gb, ib in b.readings:
            m = _reading_match(fa, ga, ia, fb, gb, ib)
            if m.score > best.score:
                best = m
    return best


def _reading_match(fa, ga, ia, fb, gb, ib) -> Match:
    B = R.PERSON_BASE
    if fa == fb:
        fam = "same"
    elif family_group(fa) == family_group(fb):
        fam = "variant"
    else:
        return NO_MATCH
    if ga and gb:
        if ga == gb:
            if fam == "same":
                return Match(B["exact"], ("same family and given name",), "exact")
            return Match(B["family_variant"], (f"family name spelt {fa!r} / {fb!r}",), "family_variant")
        if romanised(ga) == romanised(gb):
            score = B["romanisation"] - (0.05 if fam == "variant" else 0.0)
            return Match(score, (f"given name romanised {ga!r} / {gb!r}",), "romanisation")
        if fam == "same" and _ratio_at_least(ga, gb, R.FUZZY_RATIO) is not None:
            return Match(B["fuzzy"], (f"given names close: {ga!r} / {gb!r}",), "fuzzy")
        return NO_MATCH
    if fam != "same":
        return NO_MATCH
    if not ia and not ib:
        if not ga and not gb:
            return Match(B["both_partial"], ("family name only, both",), "both_partial")
        return Match(B["family_only"], ("family name only",), "family_only")
    if ga and not gb:
        if not ib:
            return Match(B["family_only"], ("family name only",), "family_only")
        if _initials_fit(ib, ia, ga):
            return Match(B["initials"], (f"initials {ib.upper()} fit {ga!r}",), "initials")
        return NO_MATCH
    if gb and not ga:
        if not ia:
            return Match(B["family_only"], ("family name only",), "family_only")
        if _initials_fit(ia, ib, gb):
            return Match(B["initials"], (f"initials {ia.upper()} fit {gb!r}",), "initials")
        return NO_MATCH
    if ia and ib and (ia == ib or not ia or not ib):
        return Match(B["both_partial"], ("initials only, both",), "both_partial")
    if not ia or not ib:
        return Match(B["both_partial"], ("family name only, both",), "both_partial")
    return NO_MATCH


# --------------------------------------------------------------------------- context


def with_context(m: Match, a: dict, b: dict) -> Match:
    """Add the evidence of context: ``affiliations``, ``events``, ``countries`` (sets).

    Context only strengthens or weakens a name that already matches.

    >>> m = person_match("Amb. Park", "Park Ji-hoon")
    >>> with_context(m, {"events": {"e1"}, "affiliations": {"o1"}},
    ...              {"events": {"e1"}, "affiliations": {"o1"}}).score
    0.87
    """
    if m.score <= 0:
        return m
    W = R.CONTEXT_WEIGHTS
    if a.get("affiliations", set()) & b.get("affiliations", set()):
        m = m.plus(W["same_affiliation"], "same affiliation")
    if a.get("events", set()) & b.get("events", set()):
        m = m.plus(W["same_event"], "same event")
    ca, cb = a.get("countries", set()), b.get("countries", set())
    if ca and cb:
        if ca & cb:
            m = m.plus(W["same_country"], "same country")
        else:
            m = m.plus(W["other_country"], f"other country ({'/'.join(sorted(ca))} vs {'/'.join(sorted(cb))})")
    return m


# --------------------------------------------------------------------------- organisations and proposals


@lru_cache(maxsize=_CACHE)
def is_acronym(name: str) -> bool:
    """A name written as an acronym: "IHJ", "API", "DIME-FIL", "SIREN".

    >>> is_acronym("IHJ"), is_acronym("Keio"), is_acronym("DIME-FIL")
    (True, False, True)
    """
    s = name.strip()
    letters = re.sub(r"[^A-Za-z]", "", s)
    return (" " not in s and 2 <= len(letters) <= R.ACRONYM_MAX_LENGTH
            and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1))


@lru_cache(maxsize=_CACHE)
def _key(name: str) -> str:
    k = name_key(name)
    return k[4:] if k.startswith("the ") else k


def countries_in(words) -> set[str]:
    """Countries named by words of a name (single words and two-word names)."""
    words = list(words)
    found = {R.COUNTRY_WORDS[w] for w in words if w in R.COUNTRY_WORDS}
    found |= {R.COUNTRY_WORDS[f"{x} {y}"] for x, y in zip(words, words[1:]) if f"{x} {y}" in R.COUNTRY_WORDS}
    return found


@lru_cache(maxsize=_CACHE)
def org_words(name: str) -> tuple[frozenset, frozenset, str | None, tuple[str, ...]]:
    """(distinctive words, countries, head type word, initials) of an organisation name."""
    words = [R.ORG_ABBREVIATIONS.get(w, w) for w in _key(name).split()]
    countries = countries_in(words)
    country_words = {w for w in words if w in R.COUNTRY_WORDS} | (
        {"republic"} if "KR" in countries and "republic" in words else set())
    distinctive = frozenset(w for w in words if w not in R.ORG_CONNECTORS and w not in R.ORG_GENERIC_WORDS
                            and w not in R.ORG_TYPE_WORDS and w not in country_words)
    head = next((w for w in words if w in R.ORG_TYPE_WORDS), None)
    all_initials = "".join(w[0] for w in words)
    content_initials = "".join(w[0] for w in words if w not in R.ORG_CONNECTORS)
    return distinctive, frozenset(countries), head, tuple(dict.fromkeys([content_initials, all_initials]))


#: organisation names at least this long and this close (difflib ratio of their keys) are "fuzzy"
_CLOSE_LENGTH, _CLOSE_SPELLING = 8, 0.9


@lru_cache(maxsize=_CACHE)
def _org_pair(a: str, b: str) -> Match:
    B = R.ORG_BASE
    if _key(a) == _key(b):
        return Match(B["exact"], (f"same name {a!r}",), "exact")
    da, ca, ha, _ia = org_words(a)
    db, cb, hb, _ib = org_words(b)
    if ca and cb and ca != cb:
        return NO_MATCH
    if ha != hb:
        return NO_MATCH
    if not da and not db and _plain_words(a) != _plain_words(b):
        da, db = _plain_words(a), _plain_words(b)   # only generic words: all of them must agree
    if da == db and (da or ha) and ca == cb:
        return Match(B["short_form"], (f"same distinctive words and type: {a!r} / {b!r}",), "short_form")
    if da == db and (da or ha) and (not ca or not cb):
        return Match(B["country_qualified"], (f"{a!r} / {b!r} differ only by a country",), "country_qualified")
    ratio = _ratio_at_least(_key(a), _key(b), _CLOSE_SPELLING) if min(len(a), len(b)) >= _CLOSE_LENGTH else None
    if ratio is not None:
        return Match(B["fuzzy"], (f"close spelling {a!r} / {b!r} ({ratio:.2f})",), "fuzzy")
    if da and db and len(da & db) / len(da | db) >= 0.5:
        return Match(B["overlap"], (f"distinctive words overlap: {a!r} / {b!r}",), "overlap")
    return NO_MATCH


@lru_cache(maxsize=_CACHE)
def _plain_words(name: str) -> frozenset:
    words = [R.ORG_ABBREVIATIONS.get(w, w) for w in _key(name).split()]
    return frozenset(R.COUNTRY_WORDS.get(w, w) for w in words
                     if w not in R.ORG_CONNECTORS and w != "republic")


def _split(names) -> tuple[list[str], list[str]]:
    names = [n for n in names if n and n.strip()]
    return [n for n in names if not is_acronym(n)], [n for n in names if is_acronym(n)]


@lru_cache(maxsize=_CACHE)
def name_parts(names: tuple[str, ...]) -> tuple[tuple[str, ...], frozenset[str], frozenset[str]]:
    """(full names, keys of the full names, keys of the acronyms) of one entry's names."""
    full, acr = _split(names)
    return tuple(full), frozenset(_key(n) for n in full), frozenset(acronym_key(n) for n in acr)


@lru_cache(maxsize=_CACHE)
def acronym_key(name: str) -> str:
    """An acronym (or a word) as compared with others: "DIME-FIL" -> "dimefil"."""
    return re.sub(r"[^a-z0-9]", "", name.casefold())


def org_match(a: list[str], b: list[str]) -> Match:
    """How alike two organisations are, each given as its names and aliases.

    A name both share decides; an acronym counts only when one side is a bare
    acronym (a report that says just "IHJ"), because two bodies can share one.

    >>> org_match(["IHJ"], ["International House of Japan", "IHJ"]).kind
    'acronym_defined'
    >>> org_match(["API"], ["Asia Pacific Initiative"]).kind
    'acronym_derived'
    >>> org_match(["University of Tokyo"], ["Tokyo University"]).kind
    'short_form'
    """
    return _names_match(a, b, _org_pair, org_initials, R.ORG_BASE)


def org_order_may_matter(a: list[str], b: list[str]) -> bool:
    """Can ``org_match(a, b)`` be zero and ``org_match(b, a)`` not?

    Only through the close spelling of two full names (difflib's ratio
    depends on the order); when no two can be that close, both orders agree.
    """
    return any(min(len(x), len(y)) >= _CLOSE_LENGTH and ratio_may_reach(_key(x), _key(y), _CLOSE_SPELLING)
               for x in name_parts(tuple(a))[0] for y in name_parts(tuple(b))[0])


def org_initials(name: str) -> tuple[str, ...]:
    return org_words(name)[3]


def _names_match(a, b, pair, initials, base) -> Match:
    full_a, keys_a, akeys_a = name_parts(tuple(a))
    full_b, keys_b, akeys_b = name_parts(tuple(b))
    shared = keys_a & keys_b
    if shared:
        name = next(n for n in full_a if _key(n) in shared)
        return Match(base["exact"], (f"same name {name!r}",), "exact")
    if full_a and full_b:
        best = NO_MATCH
        for x in full_a:
            for y in full_b:
                m = pair(x, y)
                if m.score > best.score:
                    best = m
        if akeys_a & akeys_b:
            acr = sorted(akeys_a & akeys_b)[0].upper()
            if best.score >= base["overlap"]:
                return best.plus(0.1, f"both called {acr}")
            return Match(R.REVIEW_THRESHOLD, (f"both called {acr}, names differ",), "acronym_clash")
        return best
    if not full_a and not full_b:
        if akeys_a & akeys_b:
            acr = sorted(akeys_a & akeys_b)[0].upper()
            return Match(base["exact"], (f"same acronym {acr}",), "exact")
        return NO_MATCH
    bare, (full, acrs) = (akeys_a, (full_b, akeys_b)) if not full_a else (akeys_b, (full_a, akeys_a))
    if bare & acrs:
        acr = sorted(bare & acrs)[0].upper()
        return Match(base["acronym"] if "acronym" in base else base["acronym_defined"],
                     (f"{acr} is defined as {full[0]!r}",), "acronym_defined")
    for n in full:
        words = {acronym_key(w) for w in n.split()}
        if bare & words:
            acr = sorted(bare & words)[0].upper()
            return Match(base["acronym_word"], (f"{acr} is a word of {n!r}",), "acronym_word")
    derived = base.get("acronym_derived")
    if derived:
        for n in full:
            for ini in initials(n):
                if ini in bare:
                    return Match(derived, (f"{ini.upper()} spells the initials of {n!r}",), "acronym_derived")
    return NO_MATCH


@lru_cache(maxsize=_CACHE)
def proposal_words(name: str) -> tuple[frozenset, frozenset]:
    """(distinctive words, countries) of a proposal name; plurals folded."""
    words = _key(name).split()
    countries = countries_in(words)
    out = set()
    for w in words:
        if w in R.PROPOSAL_STOPWORDS or w in R.PROPOSAL_GENERIC_WORDS or w in R.COUNTRY_WORDS:
            continue
        if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.add(w)
    return frozenset(out), frozenset(countries)


def _proposal_pair(a: str, b: str) -> Match:
    B = R.PROPOSAL_BASE
    if _key(a) == _key(b):
        return Match(B["exact"], (f"same name {a!r}",), "exact")
    da, ca = proposal_words(a)
    db, cb = proposal_words(b)
    if not da or not db or (ca and cb and ca != cb):
        return NO_MATCH
    if da == db:
        return Match(B["same_words"], (f"same distinctive words: {a!r} / {b!r}",), "same_words")
    short, long_ = (da, db) if len(da) <= len(db) else (db, da)
    if len(short) >= 2 and short <= long_:
        return Match(B["contained"], (f"all distinctive words of the shorter in the longer: {a!r} / {b!r}",),
                     "contained")
    if len(da & db) / len(da | db) >= 0.5:
        return Match(B["overlap"], (f"distinctive words overlap: {a!r} / {b!r}",), "overlap")
    return NO_MATCH


def proposal_match(a: list[str], b: list[str]) -> Match:
    """How alike two proposals are, each given as its names and aliases.

    >>> proposal_match(["Japan-Korea alliance"], ["Korea–Japan Alliance"]).kind
    'same_words'
    >>> proposal_match(["Korea-Japan collaboration in the LNG sector"],
    ...                ["Korea-Japan collaboration in the semiconductor sector"]).score
    0.0
    """
    return _names_match(a, b, _proposal_pair, lambda n: (), R.PROPOSAL_BASE)
