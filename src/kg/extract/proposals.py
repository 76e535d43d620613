"""Proposals: named ideas put forward (frameworks, institutions, policies).

A sentence yields a proposal when a cue of :mod:`kg.extract.rules` puts an
idea forward *and* the idea is named: a quoted term, a capitalised name with
an acronym, "the X framework", a described proposal ("a proposal to X"), or a
list after "proposed ... including", a capitalised name introduced with "a/an"
shortly after a cue ("set out the case for a Corvan Bond Facility"), or, after a
strong cue, a lower-case phrase headed by a thing that can be set up
(:data:`rules.PROPOSAL_THINGS`: "suggested a joint handbook on land reuse").  Ideas with no name ("called for closer
cooperation") are topics, not proposals.

Examples
--------
>>> [(p.name, p.aliases) for p in find_proposals(
...     "She suggested creating a Pacific Fictional Data Exchange (PFDX).")]
[('Pacific Fictional Data Exchange', ['PFDX'])]
>>> [p.name for p in find_proposals("One concrete proposal involved joint patrols of rivers.")]
['joint patrols of rivers']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.record import name_key

from . import rules
from .cues import CuePattern

__all__ = ["ProposalHit", "find_proposals"]

_QUOTE = CuePattern(re.compile(r"[“\"‘]([^”\"“’]{2,120})[”\"’]"))
_ACR_NAME = CuePattern(re.compile(r"((?:[A-Z][\w’'–\-.]*\s+(?:(?:of|for|on|and|the)\s+)*){0,8}[A-Z][\w’'–\-]*)"
                                  r"\s*\(([A-Z][A-Z0-9\-]{1,12})\)"))
_HEAD_NAME = CuePattern(re.compile(r"(?:\b(?:the|a|an)\s+)?((?:[A-Z][\w’'–\-]*\s+){1,6}(?i:" +
                                   "|".join(re.escape(h) for h in rules.PROPOSAL_HEADS) + r"))\b"))
_CUE = CuePattern.phrases(sorted(rules.PROPOSAL_VERB_CUES, key=len, reverse=True))
_HEADS = re.compile(r"\b(?:" + "|".join(re.escape(h) for h in rules.PROPOSAL_HEADS) + r")s?\b", re.I)
_ORG_CUE = CuePattern.phrases(rules.ORGANIZER_CUES)
_PURPOSE = CuePattern(re.compile(r"[“\"]([^”\"]{2,60})[”\"]\s+to\s+(?:" + "|".join(rules.PROPOSAL_PURPOSE_VERBS) + r")\b",
                                 re.I))
_SET_CUES = CuePattern(rules.PROPOSAL_SET_CUES)
_LIST_CUES = CuePattern(rules.PROPOSAL_LIST_CUES)
_NOUN_CUES = CuePattern(rules.PROPOSAL_NOUN_CUES)
_AGENDA_CUES = CuePattern(rules.PROPOSAL_AGENDA_CUES)
_LEAD_VERB = re.compile(r"^(?:to\s+)?(?:" + "|".join(re.escape(v) for v in rules.PROPOSAL_LEAD_VERBS) + r")\s+", re.I)
#: "... a/an Capitalised Name" a little after a cue (an article then two or more capitalised words).
_A_NAME = re.compile(r"[^,;:.!?“\"]{0,60}?\b(?:a|an)\s+(?P<name>(?:[A-Z][\w’'–\-]*\s+(?:(?:of|for|on|and|the|in)\s+)*)"
                     r"{1,8}[A-Z][\w’'–\-]*)(?P<after>\s*\S*)")
_FUNCTION_AFTER = frozenset({"that", "which", "to", "between", "for", "with", "in", "on", "of", "among",
                             "by", "under", "where", "whereby", "so", "and", "or", "as", "at", "from",
                             "across", "would", "could", "should", "will", "is", "was", "be"})
_STRONG = CuePattern(re.compile(
    r"\b(?:" + "|".join(re.escape(c) for c in sorted(rules.PROPOSAL_STRONG_CUES, key=len, reverse=True))
    + r")\s+(?:the\s+(?:creation|establishment)\s+of\s+)?(?:a|an)\s+(?P<body>[a-z][^,;:.!?()“\"]{5,120})"))
_THINGS = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in rules.PROPOSAL_THINGS) + r")s?\b")
_BODY_END = re.compile(r"\s+(?:was|were|is|are|has|have|had|will|would|could|should|to\s+(?!the\b)\w+|that|which)\b.*$|[,;:.?!].*$", re.I)
_LIST_SPLIT = re.compile(r",\s*(?:as well as|and|or)\s+|;\s*|,\s+|\s+as well as\s+")
_DISTRIBUTE = re.compile(r"^(?P<pre>.*?\b(?:the|in|of)\s+)(?P<a>[\w-]+)\s+and\s+(?P<b>[\w-]+)\s+(?P<noun>[a-z]+?)s\b(?P<post>.*)$")


@dataclass
class ProposalHit:
    """A proposal named in a sentence (offsets into the sentence)."""

    name: str
    aliases: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0


def _clean(text: str) -> str:
    text = text.strip().strip("“”\"‘’'").strip()
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
    return " ".join(text.replace("“", "").replace("”", "").replace('"', "").split())


def _described(body: str) -> str:
    body = _BODY_END.sub("", body.strip())
    body = _LEAD_VERB.sub("", _clean(body))
    return _clean(body)


def _list_items(body: str) -> list[str]:
    body = re.split(r"(?<!\b[A-Z])[.;:](?:\s|$)", body.strip())[0]
    out = []
    for item in _LIST_SPLIT.split(body):
        item = _clean(item)
        if len(item.split()) < 2:
            continue
        m = _DISTRIBUTE.match(item)
        if m:
            for w in (m.group("a"), m.group("b")):
                out.append(f"{m.group('pre')}{w} {m.group('noun')}{m.group('post')}")
        else:
            out.append(item)
    return out


#: A sentence names a proposal only if it holds one of these (ignoring case).
_GATE = CuePattern.any_of(("propos", "suggest", "call", "advocat", "forward", "float", "recommend", "concept",
                           "possib", "feasib", "idea", "outlin", "present", "laid out", "set out", "unveil",
                           "pitch", "“", "\"", "‘"))


def find_proposals(sentence: str) -> list[ProposalHit]:
    """Proposals named in one sentence, in order of appearance."""
    hits: list[ProposalHit] = []
    if not _GATE.found(sentence):
        return hits

    def add(name: str, start: int, end: int, aliases=()):
        name = _clean(name)
        if not name or len(name) < 3 or len(name.split()) > 16:
            return
        for h in hits:
            if h.start < end and start < h.end or name_key(h.name) == name_key(name):
                return
        hits.append(ProposalHit(name, [a for a in aliases if a != name], start, end))

    cue = _CUE.search(sentence)
    if cue:
        after = cue.end()
        for m in _ACR_NAME.finditer(sentence, after):
            name = re.sub(r"^(?:a|an|the)\s+", "", m.group(1))
            add(name, m.start(), m.end(), [m.group(2)])
        for m in _QUOTE.finditer(sentence, after):
            add(m.group(1), m.start(), m.end())
        for m in _HEAD_NAME.finditer(sentence, after):
            name = m.group(1)
            if not any(c.isupper() for c in name.split()[0]) or name.split()[0].lower() in ("new",):
                continue
            aliases = [w for w in name.split()[:-1] if re.fullmatch(r"[A-Z][A-Z0-9\-]+", w)] \
                if len(name.split()) == 2 else []      # "DIME-FIL framework" -> alias DIME-FIL
            add(name, m.start(1), m.end(1), aliases)
        m = _A_NAME.match(sentence, after)
        if m and len(re.findall(r"\b[A-Z]", m.group("name"))) >= 2:
            nxt = m.group("after").strip()
            if not nxt or not nxt[0].islower() or nxt in _FUNCTION_AFTER or re.fullmatch(r"[a-z]+(?:ing|ed)", nxt):
                add(m.group("name"), m.start("name"), m.end("name"))
    for m in _STRONG.finditer(sentence):
        body = _BODY_END.sub("", m.group("body"))
        body = re.sub(r"\s+(?:[a-z]+ing|so|if|when|while|because|but|and\s+(?:said|noted|argued))\b.*$", "", body)
        thing = _THINGS.search(body)
        if thing and 2 <= len(body.split()) <= 10 and thing.start() > 0:
            add(body, m.start("body"), m.start("body") + len(body))
    m = _SET_CUES.search(sentence)
    if m:
        add(m.group("body"), m.start("body"), m.end("body"))
    m = _LIST_CUES.search(sentence)
    if m:
        base = m.start("body")
        for i, item in enumerate(_list_items(m.group("body"))):
            add(item, base + i, base + i)
    for m in _NOUN_CUES.finditer(sentence):
        name = _described(m.group("body"))
        if len(name.split()) >= 2:
            add(name, m.start("body"), m.start("body") + len(name))
    m = _AGENDA_CUES.match(sentence)
    if m:
        add(_described(re.sub(r"[.?!]\s*$", "", m.group("body")) + "."), m.start("body"), m.end("body"))
    for m in _PURPOSE.finditer(sentence):
        add(m.group(1), m.start(), m.end())
    if not _ORG_CUE.search(sentence):
        for m in _QUOTE.finditer(sentence):
            q = m.group(1).strip()
            words = q.split()
            if len(words) >= 3 and q[0].isupper() and _HEADS.search(q) and \
                    sum(w[0].isupper() for w in words if w[0].isalpha()) >= len(words) / 2:
                add(q, m.start(), m.end())
    hits.sort(key=lambda h: h.start)
    return hits
