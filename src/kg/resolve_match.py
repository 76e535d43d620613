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
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from kg import resolve_rules as R
from kg.record import name_key

__all__ = ["Match", "PersonName", "parse_person", "person_match", "org_match", "proposal_match",
           "with_context", "is_acronym", "countries_in", "org_words", "proposal_words", "family_group"]


@dataclass(frozen=True)
class Match:
    """A score and the reasons for it."""

    score: float
    reasons: tuple[str, ...] = ()
    kind: str = "different"

    def plus(self, delta: float, reason: str) -> Match:
        return Match(round(min(1.0, max(0.0, self.score + delta)), 4), (*self.reasons, reason), self.kind)


NO_MATCH = Match(0.0, (), "different")


def _fold(text: str) -> str:
    s = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in s if not unicodedata.combining(c))


# --------------------------------------------------------------------------- people

_FAMILY = {v: group[0] for group in R.FAMILY_VARIANTS for v in group}


def family_group(family: str) -> str:
    """The first spelling of a family name's romanisation group ("rhee" -> "lee")."""
    return _FAMILY.get(family, family)


@dataclass(frozen=True)
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


def _romanised(given: str) -> str:
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
        if _romanised(ga) == _romanised(gb):
            score = B["romanisation"] - (0.05 if fam == "variant" else 0.0)
            return Match(score, (f"given name romanised {ga!r} / {gb!r}",), "romanisation")
        if fam == "same" and SequenceMatcher(None, ga, gb).ratio() >= R.FUZZY_RATIO:
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


def is_acronym(name: str) -> bool:
    """A name written as an acronym: "IHJ", "API", "DIME-FIL", "SIREN".

    >>> is_acronym("IHJ"), is_acronym("Keio"), is_acronym("DIME-FIL")
    (True, False, True)
    """
    s = name.strip()
    letters = re.sub(r"[^A-Za-z]", "", s)
    return (" " not in s and 2 <= len(letters) <= R.ACRONYM_MAX_LENGTH
            and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1))


def _key(name: str) -> str:
    k = name_key(name)
    return k[4:] if k.startswith("the ") else k


def countries_in(words) -> set[str]:
    """Countries named by words of a name (single words and two-word names)."""
    words = list(words)
    found = {R.COUNTRY_WORDS[w] for w in words if w in R.COUNTRY_WORDS}
    found |= {R.COUNTRY_WORDS[f"{x} {y}"] for x, y in zip(words, words[1:]) if f"{x} {y}" in R.COUNTRY_WORDS}
    return found


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
    ratio = SequenceMatcher(None, _key(a), _key(b)).ratio()
    if ratio >= 0.9 and min(len(a), len(b)) >= 8:
        return Match(B["fuzzy"], (f"close spelling {a!r} / {b!r} ({ratio:.2f})",), "fuzzy")
    if da and db and len(da & db) / len(da | db) >= 0.5:
        return Match(B["overlap"], (f"distinctive words overlap: {a!r} / {b!r}",), "overlap")
    return NO_MATCH


def _plain_words(name: str) -> frozenset:
    words = [R.ORG_ABBREVIATIONS.get(w, w) for w in _key(name).split()]
    return frozenset(R.COUNTRY_WORDS.get(w, w) for w in words
                     if w not in R.ORG_CONNECTORS and w != "republic")


def _split(names) -> tuple[list[str], list[str]]:
    names = [n for n in names if n and n.strip()]
    return [n for n in names if not is_acronym(n)], [n for n in names if is_acronym(n)]


def _acronym_key(name: str) -> str:
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


def org_initials(name: str) -> tuple[str, ...]:
    return org_words(name)[3]


def _names_match(a, b, pair, initials, base) -> Match:
    full_a, acr_a = _split(a)
    full_b, acr_b = _split(b)
    keys_a, keys_b = {_key(n) for n in full_a}, {_key(n) for n in full_b}
    shared = keys_a & keys_b
    if shared:
        name = next(n for n in full_a if _key(n) in shared)
        return Match(base["exact"], (f"same name {name!r}",), "exact")
    akeys_a, akeys_b = {_acronym_key(n) for n in acr_a}, {_acronym_key(n) for n in acr_b}
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
        words = {_acronym_key(w) for w in n.split()}
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
