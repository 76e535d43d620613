"""Affiliations: (organisation, title) pairs read from the words around a name.

Patterns: "Name, Title of/at Org", "Name, Org Title", "Name (Title, Org)",
"Title Name of Org", "Prof. Name from Org", "Org's Title Name", several
posts joined by "and", and posts of a country with no named body
("Ambassador of the Republic of Korea to Japan" -> "Government of the
Republic of Korea").

Examples
--------
>>> from kg.extract.orgs import OrgRegistry
>>> parse_credentials("Senior Advisor of Lee & Partners", OrgRegistry())
[('Lee & Partners', 'Senior Advisor')]
>>> parse_credentials("former Ambassador of the Republic of Korea to Japan", OrgRegistry())
[('Government of the Republic of Korea', 'former Ambassador of the Republic of Korea to Japan')]
"""

from __future__ import annotations

import re

from . import rules
from .cues import CuePattern
from .names import Mention
from .orgs import OrgRegistry, find_orgs, org_kind

__all__ = ["parse_credentials", "mention_affiliations", "sentence_country", "government_name"]

_SPLIT = re.compile(r"\s*;\s*|\s+and\s+(?=(?:(?:now|currently|later|also)\s+)?(?:former\s+|a\s+|an\s+|the\s+)?[A-Z])")
_COUNTRY_RE = re.compile(
    r"\b(?:of|to|in|for)\s+(?P<c>" + "|".join(re.escape(c) for c in sorted(
        (k for k in rules.COUNTRIES if not k.startswith("the ")), key=len, reverse=True))
    + r")\b", re.I)
_POSTS = re.compile(r"^(?:(?:former|then)\s+)?(?:[A-Z][\w.]*\s+)?(?P<post>" + "|".join(
    re.escape(p) for p in sorted(rules.GOVERNMENT_POSTS, key=len, reverse=True)) + r")\b")
_POST_OF = re.compile(r"\s+of\s+(?:the\s+)?(?P<c>[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,2})(?=\s+to\b|\s*$|\s*[,;)])")
_UNIT = re.compile(r"^(?:" + "|".join(sorted(h.capitalize() for h in rules.ACADEMIC_UNIT_HEADS))
                   + r"|Division|Laboratory)\s+(?:of|for)\b")
_ACR = re.compile(r"\b[A-Z][A-Z&]{1,9}\b")
_LEAD = re.compile(r"^(?:(?:now|currently|later|also)\s+)?(?:(?:a|an|the)\s+)?", re.I)
_TRAIL = re.compile(r"\s*(?:,|\bof|\bat|\bfrom|\bin|\bwith|\bfor|\bthe)\s*$", re.I)
_NATIONALITY = CuePattern(re.compile(r"\b(?P<n>" + "|".join(
    re.escape(n.title()) for n in sorted(rules.NATIONALITIES, key=len, reverse=True)) + r")\b"))


def government_name(country: str) -> str:
    """ "Government of <country>" with the country's usual name."""
    return f"Government of {rules.COUNTRIES.get(country.lower(), country)}"


def sentence_country(sentence: str) -> str | None:
    """A country named by a nationality word in the sentence ("The Japanese side ...")."""
    m = _NATIONALITY.search(sentence)
    return rules.NATIONALITIES[m.group("n").lower()] if m else None


def _clean_title(title: str) -> str | None:
    title = _TRAIL.sub("", _LEAD.sub("", title.strip(" ,;:"))).strip(" ,;:")
    for _ in range(2):
        title = _TRAIL.sub("", title).strip(" ,;:")
    return title or None


def _government(part: str, default_country: str | None) -> tuple[str, str] | None:
    """Organisation of a post with no named body, or ``None``."""
    mm = rules.MINISTRY_POST.search(part)
    if mm and mm.group("field").lower() not in rules.COUNTRIES:
        field = " ".join(mm.group("field").replace(",", " ").split())
        field = re.sub(r"\s+and$", "", field)
        country = mm.group("country")
        if country and country.lower() in rules.COUNTRIES:
            return f"Ministry of {field} of {rules.COUNTRIES[country.lower()]}", part.strip()
        if default_country:
            return f"Ministry of {field} of {rules.COUNTRIES[default_country]}", part.strip()
        return f"Ministry of {field}", part.strip()
    pm = _POSTS.match(part.strip())
    if not pm:
        return None
    cm = _COUNTRY_RE.search(part)
    om = _POST_OF.match(part.strip()[pm.end():])   # "Ambassador of Freedonia to X": the sender
    if om and om.group("c").lower() not in rules.COUNTRIES and not _ACR.fullmatch(om.group("c")) and \
            not any(w.lower() in rules.ORG_HEADS for w in om.group("c").split()):
        country = om.group("c")
    else:
        country = cm.group("c") if cm else default_country
    if country:
        return government_name(country), part.strip()
    if "prime minister" in part.lower():
        return "Office of the Prime Minister", part.strip()
    return None


def _unit_of(text: str, hits) -> bool:
    """The first organisation is an academic unit of the second ("Faculty of Law, X University")."""
    return bool(_UNIT.match(hits[0].name)) and org_kind(hits[1].name) == "university" and \
        re.fullmatch(r"[\s,]*(?:(?:at|of)\s+(?:the\s+)?)?", text[hits[0].end:hits[1].start]) is not None


def parse_credentials(text: str, registry: OrgRegistry, default_country: str | None = None,
                      fallback_title: str | None = None) -> list[tuple[str, str | None]]:
    """(organisation, title) pairs stated in an appositive or parenthesis."""
    out: list[tuple[str, str | None]] = []
    text = text.strip()
    if not text or len(text) > 250:
        return out
    inside = [(h.start, h.end) for h in find_orgs(text, registry)]
    parts, last = [], 0
    for m in _SPLIT.finditer(text):   # posts joined by "and" / ";", not "and" inside a name
        if not any(a < m.start() < z for a, z in inside):
            parts.append(text[last:m.start()])
            last = m.end()
    parts.append(text[last:])
    # "(Professor, Fictional University)": title, then organisation
    if len(parts) == 1 and "," in text:
        parts = [text]
    for part in parts:
        part = part.strip(" ,;")
        if not part:
            continue
        hits = find_orgs(part, registry)
        if len(hits) > 1 and _unit_of(part, hits):
            # "Professor, Faculty of Law, Hokuriku University": the university is the affiliation
            a = len(re.sub(r"\bGraduate\s+$", "", part[:hits[0].start]))
            part = part[:a] + " " * (hits[1].start - a) + part[hits[1].start:]
            hits = hits[1:]
        if hits:
            hit = hits[0]
            title = _clean_title(part[:hit.start - 0]) if hit.start > 0 else None
            if title is None:
                title = _clean_title(part[hit.end:]) or fallback_title
            if title and len(title.split()) > 12:
                title = fallback_title
            out.append((hit.name, title))
            continue
        gov = _government(part, default_country)
        if gov:
            out.append(gov)
            continue
        am = _ACR.search(part)
        if am and am.group().lower() not in rules.COUNTRIES and (
                re.search(r"\b(?:of|at|from)\s+(?:the\s+)?" + re.escape(am.group()), part)
                or part.startswith(am.group())):
            canon = registry.add(am.group())
            title = _clean_title(part[:am.start()]) or _clean_title(part[am.end():]) or fallback_title
            out.append((canon, title))
    return out


def mention_affiliations(sentence: str, mention: Mention, registry: OrgRegistry,
                         default_country: str | None = None) -> list[tuple[str, str | None]]:
    """Every (organisation, title) the context of a mention states."""
    hon = mention.honorific
    hon_title = rules.HONORIFIC_TITLES.get(hon.split()[-1].lower(), None) if hon else None
    if hon and hon_title is None and hon.split()[-1].lower() not in ("mr.", "mr", "ms.", "ms", "mrs.",
                                                                       "mrs", "dr.", "dr", "sir", "dame"):
        hon_title = hon
    out: list[tuple[str, str | None]] = []
    if mention.prefix:
        hits = find_orgs(mention.prefix, registry)
        if hits and not mention.prefix[hits[-1].end:].strip(" '’s"):
            out.append((hits[-1].name, hon_title))
    if mention.from_at >= 0:
        hits = find_orgs(sentence[mention.from_at:mention.context_end], registry)
        if len(hits) > 1 and _unit_of(sentence[mention.from_at:], hits):
            hits = hits[1:]
        if not hits:
            am = _ACR.match(sentence[mention.from_at:])
            if am:
                hits = [type("H", (), {"name": registry.add(am.group())})()]
        if hits:
            out.append((hits[0].name, hon_title))
    for text in (mention.paren, mention.appositive):
        if text:
            out.extend(parse_credentials(text, registry, default_country, hon_title))
    if hon and not out and re.search(r"\b(?:former|[A-Z]\.[A-Z]\.|[A-Z][a-z]+)\s", hon):
        gov = _government(hon, default_country)
        if gov and "former" in hon.lower():
            out.append(gov)
    seen, uniq = set(), []
    for org, title in out:
        if org not in seen:
            seen.add(org)
            uniq.append((org, title))
    return uniq
