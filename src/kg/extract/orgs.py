"""Organisation names: find them in text, learn their acronyms, give their kind.

Examples
--------
>>> reg = OrgRegistry()
>>> [h.name for h in find_orgs("the Fictional Policy Institute (FPI) and Nowhere University", reg)]
['Fictional Policy Institute', 'Nowhere University']
>>> reg.resolve("FPI")
'Fictional Policy Institute'
>>> org_kind("Nowhere University")
'university'
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field

from kg.record import name_key

from . import rules

__all__ = ["OrgHit", "Org", "OrgRegistry", "find_orgs", "org_kind", "tokens", "initials"]

#: A word ("U.S.", "Japan–Korea", "Lee's"), "&", or one other symbol (the loop of a word is unrolled:
#: word characters, then "–" or "." before a word character and more word characters).
_TOKEN = re.compile(r"[^\W_][\w'’\-]*(?:[–.](?=\w)[\w'’\-]*)*\.?|&|[^\w\s]")
_KEEP_DOT = ("co.", "inc.", "ltd.", "corp.", "jr.")
_INNER_DOT = re.compile(r"\.\w")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&\-]*[A-Z0-9]$")


@dataclass
class OrgHit:
    """An organisation named at ``start:end`` (offsets of the searched text)."""

    name: str
    start: int
    end: int


@dataclass
class Org:
    """An organisation of the report, with its other names."""

    name: str
    aliases: list[str] = field(default_factory=list)
    kind: str = "other"
    evidence: dict | None = None


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Words and punctuation of ``text`` with their offsets ("U.S." is one word)."""
    out = []
    append = out.append
    for m in _TOKEN.finditer(text):
        w = m.group()
        s, e = m.span()
        last = w[-1]
        if last == "s" and len(w) > 2 and w[-2] in "'’":
            append((w[:-2], s, e - 2))
            append((w[-2:], e - 2, e))
        elif last == "." and len(w) > 1 and not _INNER_DOT.search(w) and w.lower() not in _KEEP_DOT:
            append((w[:-1], s, e - 1))
            append((".", e - 1, e))
        else:
            append((w, s, e))
    return out


def initials(name: str) -> str:
    """Capital initials of a name's words ("Asia Pacific Initiative" -> "API")."""
    return "".join(w[0] for w in re.split(r"[\s\-–]+", name)
                   if w and w[0].isupper() and w.lower() not in rules.ORG_CONNECTORS)


def org_kind(name: str) -> str:
    """The kind of an organisation from the words of its name."""
    low = name.lower()
    for phrase, kind in rules.ORG_PHRASE_KIND.items():
        if phrase in low:
            return kind
    if low in rules.ORG_NAME_KIND:
        return rules.ORG_NAME_KIND[low]
    words = re.findall(r"[\w.&]+", low)
    for w in reversed(words):
        if w in rules.ORG_HEAD_KIND and w != "&":
            return rules.ORG_HEAD_KIND[w]
    return "other"


def _cap(word: str) -> bool:
    return bool(word) and word[0].isupper()


def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and word[0].isupper() and word[-1].isupper() | word[-1].isdigit() \
        and bool(_ACRONYM.match(word))


class OrgRegistry:
    """Every organisation name seen in a report, with acronyms and short forms resolved."""

    def __init__(self):
        self.orgs: dict[str, Org] = {}
        self._index: dict[str, str] = {}
        #: changes whenever a name is learnt (keys the cache of :func:`find_orgs`)
        self.version = 0
        self.cache: dict[tuple[str, int], list[OrgHit]] = {}
        self._resolved: dict[tuple[str, int], str | None] = {}   # (name, version) -> resolve()
        self._keys: dict[str, str] = {}        # name -> name_key(name)
        self._initials: dict[str, str] = {}    # canonical name -> initials()

    def _key(self, name: str) -> str:
        key = self._keys.get(name)
        if key is None:
            key = self._keys[name] = name_key(name)
        return key

    def _initials_of(self, canon: str) -> str:
        ini = self._initials.get(canon)
        if ini is None:
            ini = self._initials[canon] = initials(canon)
        return ini

    def add(self, name: str, evidence: dict | None = None) -> str:
        """Register a name; return the canonical name it resolves to."""
        name = " ".join(name.split()).strip(" ,.;:")
        if name.lower().startswith("the "):
            name = name[4:]
        known = self.resolve(name)
        if known:
            return known
        for canon, org in list(self.orgs.items()):
            # a longer name of a short form seen earlier ("Asan Institute" ... "Asan Institute for X")
            if _is_prefix_form(canon, name):
                del self.orgs[canon]
                org.aliases.insert(0, canon)
                org.name = name
                org.kind = org_kind(name)
                self.orgs[name] = org
                for k, v in list(self._index.items()):
                    if v == canon:
                        self._index[k] = name
                self._index[self._key(name)] = name
                self.version += 1
                return name
        self.orgs[name] = Org(name, [], org_kind(name), evidence)
        self._index[self._key(name)] = name
        self.version += 1
        return name

    def add_alias(self, canon: str, alias: str) -> None:
        """Record another name (an acronym) of a registered organisation."""
        key = self._key(alias)
        if not key or key in self._index:
            return
        self.orgs[canon].aliases.append(alias)
        self._index[key] = canon
        self.version += 1

    def resolve(self, name: str) -> str | None:
        """Canonical name of ``name`` (exact, alias, short form or initials), or ``None``.

        Answers are remembered until the registry learns a name (same name and version, same answer).
        """
        memo = (name, self.version)
        if memo in self._resolved:
            return self._resolved[memo]
        canon = self._resolved[memo] = self._resolve(name)
        return canon

    def _resolve(self, name: str) -> str | None:
        if name.lower().startswith("the "):
            name = name[4:]
        key = self._key(name)
        if not key:
            return None
        if key in self._index:
            return self._index[key]
        for canon in self.orgs:
            if _is_prefix_form(name, canon):
                self.add_alias(canon, name)
                return canon
        if _is_acronym(name):
            matches = [c for c in self.orgs if self._initials_of(c) == name]
            if len(matches) == 1:
                self.add_alias(matches[0], name)
                return matches[0]
        return None

    def get(self, canon: str) -> Org:
        """The organisation of a canonical name."""
        return self.orgs[canon]


def _is_prefix_form(short: str, long: str) -> bool:
    """``short`` is ``long`` cut after its head word ("Asan Institute" of "Asan Institute for X")."""
    s, lg = short.split(), long.split()
    if len(s) < 2 or len(s) >= len(lg) or lg[: len(s)] != s:
        return False
    return s[-1].lower() in rules.ORG_HEADS and lg[len(s)].lower() in ("for", "of", "on")


def find_orgs(text: str, registry: OrgRegistry | None = None, offset: int = 0) -> list[OrgHit]:
    """Organisation names in ``text``; defined acronyms ("X (ABC)") are learnt by ``registry``.

    Known acronyms and single-word names are found too.  Offsets are shifted by ``offset``.
    Results are cached by the registry until it learns a new name.
    """
    if registry is not None:
        key = (text, registry.version)
        hit = registry.cache.get(key)
        if hit is None:
            if len(registry.cache) > 5000:
                registry.cache.clear()
            hit = _find_orgs(text, registry)
            registry.cache[(text, registry.version)] = hit
        return [OrgHit(h.name, h.start + offset, h.end + offset) for h in hit]
    return [OrgHit(h.name, h.start + offset, h.end + offset) for h in _find_orgs(text, None)]


def _quick_pattern(words: set[str]) -> re.Pattern:
    """Whether a text may name an organisation: one of ``words`` (capitalised) or an acronym-like
    word, as a whole word: ``\\b(?:Word|...)\\b|\\b[A-Z][A-Z0-9&\\-]*[A-Z0-9]\\b``.

    Written as one alternative per capital so that ``re`` can skip to capitals: the capital, a
    look-behind at the character before it (a capital starts a word when no word character
    precedes it), then the rest of a word starting with that capital, or of an acronym.
    """
    if not all("A" <= w[0] <= "Z" for w in words):
        raise ValueError("every word must start with a capital A-Z")
    acronym_rest = r"[A-Z0-9&\-]*[A-Z0-9]"
    per_capital = []
    for cap in string.ascii_uppercase:
        rests = [re.escape(w[1:]) for w in sorted(words) if w[0] == cap] + [acronym_rest]
        per_capital.append(cap + r"(?<!\w" + cap + r")(?:" + "|".join(rests) + r")\b")
    return re.compile("|".join(per_capital))


#: Only a text this finds can name an organisation (a quick test before tokenizing it).
_QUICK = _quick_pattern({h.capitalize() for h in rules.ORG_HEADS if h[0].isalpha()}
                        | {h.capitalize() for h in rules.SINGLE_WORD_ORGS})


def _comma_list_end(toks, i: int, adjacent) -> int:
    """End token of ", B and C" after "Ministry of A" (one name: "Ministry of A, B and C"), or 0.

    Each item is one capitalised word (a field, not a person) with no organisation head or title word, and
    nothing capitalised follows the last item.
    """
    n = len(toks)
    seen_and = False
    j = i
    while j < n and toks[j][0] in (",", "and", "&"):
        if toks[j][0] == ",":
            if j + 1 < n and toks[j + 1][0] in ("and", "&"):
                j += 1
        if toks[j][0] in ("and", "&"):
            seen_and = True
        k = j + 1
        if k >= n or not adjacent(j, k) and toks[j][0] != "," or not _cap(toks[k][0]):
            return 0
        words = 0
        while k < n and _cap(toks[k][0]) and (words == 0 or adjacent(k - 1, k)):
            low = toks[k][0].lower()
            if low in rules.ORG_HEADS or low in rules.TITLE_WORDS or _is_acronym(toks[k][0]) or words == 1:
                return 0
            words += 1
            k += 1
        j = k
        if seen_and:
            return j - 1 if not (j < n and adjacent(j - 1, j) and _cap(toks[j][0])) else 0
    return 0


def _find_orgs(text: str, registry: OrgRegistry | None) -> list[OrgHit]:
    if not _QUICK.search(text):
        return []
    offset = 0
    toks = tokens(text)
    n = len(toks)
    hits: list[OrgHit] = []
    i = 0

    def adjacent(a: int, b: int) -> bool:
        return not text[toks[a][2]:toks[b][1]].strip()

    while i < n:
        w = toks[i][0]
        if not w[0].isupper():     # every organisation word and acronym is capitalised
            i += 1
            continue
        low = w.lower()
        is_head = _cap(w) and (low in rules.ORG_HEADS and low != "&")
        single = low in rules.SINGLE_WORD_ORGS and _cap(w)
        known_acr = registry is not None and _is_acronym(w) and registry.resolve(w) is not None
        if not (is_head or single or known_acr):
            i += 1
            continue
        if known_acr and not is_head:
            hits.append(OrgHit(registry.resolve(w), offset + toks[i][1], offset + toks[i][2]))
            i += 1
            continue
        left = i
        while left > 0 and adjacent(left - 1, left):
            pw = toks[left - 1][0]
            pl = pw.lower()
            if pw == "&" and left >= 2 and _cap(toks[left - 2][0]) and adjacent(left - 2, left - 1):
                left -= 1
                continue
            if not _cap(pw) or pl in rules.ORG_LEFT_STOP or pl in rules.TITLE_WORDS and pl not in rules.ORG_INNER_WORDS \
                    or pl in rules.ORG_RIGHT_STOP:
                break
            left -= 1
        right = i
        heads = [low]
        after_of = False
        while right + 1 < n and adjacent(right, right + 1):
            nw = toks[right + 1][0]
            nl = nw.lower()
            if _cap(nw) and nl not in rules.TITLE_WORDS and nl not in rules.ORG_RIGHT_STOP and not _is_acronym(nw):
                right += 1
                if nl in rules.ORG_HEADS:
                    heads.append(nl)
                continue
            if nw == "," and after_of:
                k = _comma_list_end(toks, right + 1, adjacent)
                if k:
                    right = k
                    break
            if nl in ("of", "for", "on", "and", "&", "de", "at"):
                j = right + 2
                if j < n and toks[j][0].lower() == "the" and adjacent(j - 1, j):
                    j += 1
                if j >= n or not adjacent(j - 1, j) or not _cap(toks[j][0]):
                    break
                k = j
                while k + 1 < n and adjacent(k, k + 1) and _cap(toks[k + 1][0]) and \
                        toks[k + 1][0].lower() not in rules.TITLE_WORDS:
                    k += 1
                run = [t[0].lower() for t in toks[j:k + 1]]
                run_heads = [x for x in run if x in rules.ORG_HEADS]
                if nl == "at":
                    if heads[-1] not in rules.ORG_SUBUNIT_HEADS or heads[-1] in rules.ACADEMIC_UNIT_HEADS \
                            or not run_heads:
                        break
                elif nl in ("and", "&"):
                    if nl == "&" and run == ["partners"]:
                        pass
                    elif run_heads or len(heads) > 1 and nl == "and" or right == i or \
                            any(_is_acronym(t[0]) for t in toks[j:k + 1]) or \
                            any(x in rules.TITLE_WORDS for x in run):
                        break
                acr_next = re.match(r"\s*\(\s*[A-Z][A-Za-z0-9&\-]*[A-Z0-9]\s*\)", text[toks[k][2]:toks[k][2] + 20])
                if any(x in rules.TITLE_WORDS or x in rules.ORG_RIGHT_STOP and not acr_next for x in run):
                    break   # "... Centre for Policy Dialogue (CPD)" keeps its event word
                right = k
                heads.extend(run_heads)
                after_of = after_of or nl in ("of", "for")
                continue
            break
        if toks[right][0].lower() in ("co.", "co") and right + 2 < n and toks[right + 1][0] == "," \
                and toks[right + 2][0].lower().rstrip(".") in ("ltd", "inc", "llc"):
            right += 2   # "Gwangan Shipping Co., Ltd."
        if right == left and not single and not (is_head and low in rules.SINGLE_WORD_ORGS):
            i += 1
            continue
        start, end = toks[left][1], toks[right][2]
        name = text[start:end]
        hit = OrgHit(name, offset + start, offset + end)
        m = re.match(r"\s*\(\s*([A-Z][A-Za-z0-9&\-]*[A-Z0-9])\s*\)", text[end:end + 20])
        if registry is not None:
            canon = registry.add(name)
            hit.name = canon
            if m and _is_acronym(m.group(1)):
                registry.add_alias(canon, m.group(1))
        hits.append(hit)
        i = right + 1
        if m:
            while i < n and toks[i][1] < end + m.end():
                i += 1
    return hits
