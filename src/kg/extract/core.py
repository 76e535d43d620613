"""Text -> ``kg-record/1`` event record: the orchestration of the extraction.

:func:`extract_text` segments a report (:mod:`.segment`), reads the event's
title, kind, dates and organisers, walks the sentences for people, their
affiliations and session roles (:mod:`.names`, :mod:`.affiliations`), and for
proposals (:mod:`.proposals`).  Every item carries the sentence it was read
from as ``evidence`` (``text == report[start:end]``).

A report that describes no event still gives a valid record: empty lists, a
title taken from its first line, and null dates.

Examples
--------
>>> rec = extract_text("Fictional Dialogue\\n\\nOn May 2, 2024, the Nowhere Institute (NI) hosted "
...                    "a dialogue.\\n\\nSession 1: Rivers\\n\\nDr. Aiko Tanabe, Professor at Lakeside "
...                    "University, argued for patience.", "r.txt")
>>> rec["event"]["start"].isoformat(), rec["event"]["organizers"]
('2024-05-02', ['Nowhere Institute'])
>>> rec["sessions"][0]["speakers"], rec["people"][0]["affiliations"][0]["org"]
(['Aiko Tanabe'], 'Lakeside University')
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from kg.record import new_record, person_key, validate_record

from . import rules
from .affiliations import mention_affiliations, parse_credentials, sentence_country
from .cues import CuePattern
from .load import load_report
from .names import Mention, find_mentions, find_single_names
from .orgs import find_orgs
from .proposals import find_proposals
from .prose import has_prose_sessions, prose_session_cue
from .segment import Session, Span, segment, session_heading
from .title import clean_title, event_kind, find_title
from .event import MEMBER_CUE as _MEMBER_CUE
from .event import event_dates, event_organizers
from .state import LABEL as _LABEL
from .state import Person as _Person
from .state import State as _State
from .state import ev as _ev
from .state import person as _person
from .state import resolve_single as _resolve_single

__all__ = ["ExtractOptions", "extract_text", "extract_report"]


@dataclass
class ExtractOptions:
    """How to extract.

    Attributes
    ----------
    max_chars : int
        Only the first ``max_chars`` characters are read (keeps huge inputs linear and bounded).
    unnamed_session : bool
        Make one untitled session for the roles of a report with no session headings.
    evidence : bool
        Attach ``evidence`` / ``role_evidence`` / ``organizer_evidence`` to items.
    topics : bool
        Fill ``topics`` with simple labels (quoted terms and acronyms).
    """

    max_chars: int = 2_000_000
    unnamed_session: bool = True
    evidence: bool = True
    topics: bool = True


_LATE = re.compile(r"\b(?:the\s+)?late\s+(?:[A-Z][\w.'’]*\s+)*$")
_LABEL_ALONE = re.compile(r"^\s*(?:[-–•*·▪●◦]\s+)?(?P<label>[A-Za-z][A-Za-z &-]{1,30}?(?:\s+\d{1,2})?)\s*[:：]\s*$")
#: A programme entry: an optional honorific, a name, then credentials only ("(...)" or ", ...").
_ENTRY = re.compile(r"^(?:[-–•*·▪●◦]\s+)?(?:(?:" + "|".join(map(re.escape, sorted(rules.HONORIFICS, key=len, reverse=True)))
                    + r")\s+)?(?:(?:[A-Z][\w'’.-]*|" + "|".join(rules.NAME_PARTICLES) + r"),?\s+){1,6}[\w'’.-]*[\w.]\s*(?:\([^()]*\)|,[^.;:]*)?\s*$")
_INTRO = re.compile(r"^(?:(?:In|During|At|For|Finally|Lastly|Also|Then|After|Before|Next|Following|"
                    r"To close|To open|Opening|Closing)\b[^,]{0,60},\s*)")
_CHAIR_BEFORE = re.compile(r"\b(?i:moderated|chaired|facilitated|presided(?:\s+over)?|led|hosted)\s+(?:throughout\s+|[a-z]+ly\s+)?"
                           r"(?i:by)\s+(?:(?:our|the|its|their|[A-Z][\w&.-]*['’]s)\s+(?:[a-z-]+\s+){0,3}?[a-z-]+,?\s+)?$")
_CHAIR_VERB = re.compile(r"^\s*(?:moderated|chaired|facilitated|presided)\b", re.I)
_AS_ROLE = re.compile(r"^\s*,?\s*(?:(?:who\s+)?(?:served|acted|serving|acting|appeared|was|were)\s+)?as\s+"
                      r"(?:the\s+|a\s+)?(?:session(?:['’]s)?\s+)?(?P<role>moderator|chair|chairperson|"
                      r"facilitator|discussants?|commentators?|respondents?|panelists?|speakers?)\b", re.I)
#: "The Foundation's chairman", "HAGG's vice president" before a sentence's subject.
_POSS_TITLE = re.compile(r"(?:(?:The|the|and)\s+)?(?:[A-Z][\w&.-]*\s+){0,4}[A-Z][\w&.-]*['’]s\s+(?:[a-z-]+\s*){1,3}")
_NOT_VERB = frozenset({"of", "and", "or", "the", "a", "an", "in", "on", "at", "to", "for", "from", "by",
                       "with", "as", "is", "was", "were", "are", "who", "which"})
_SPEAKER_CUE = re.compile(r"\b(?:" + "|".join(map(re.escape, rules.SPEAKER_CUES)) + r")\b")
#: The verb right after a sentence's subject(s) that makes them speak (adverbs allowed before it).
_SPEECH_VERB = re.compile(r"\s*,?\s*(?:(?:also|then|further|both|later|again|first|finally|briefly|[a-z]+ly)\s+){0,2}"
                          r"(?:" + "|".join(map(re.escape, rules.SPEAKER_CUES)) + r")\b")
_PARTICIPATION = CuePattern.phrases(rules.PARTICIPATION_CUES)
#: An acronym-like topic word: ``(?<![\w-])[A-Z][A-Z0-9]{2,9}(?![\w-])``, written capital first (then
#: the look-behind at the character before it) so that ``re`` can skip to capitals.
_TOPIC = re.compile(r"[A-Z](?<![\w-][A-Z])[A-Z0-9]{2,9}(?![\w-])")
_CHAIR_WORDS = {"moderator", "chair", "chairperson", "facilitator"}
_DISC_WORDS = {"discussant", "discussants", "commentator", "commentators", "respondent", "respondents"}


# ---------------------------------------------------------------------------
# people and roles
# ---------------------------------------------------------------------------



def _subjects(st: _State, s: Span, mentions: list[Mention], refs: list) -> tuple[list, bool]:
    """Persons that are the grammatical subject of a sentence (with a verb after them), and
    whether that verb is one of speaking (:data:`rules.SPEAKER_CUES`)."""
    bm = rules.BULLET.match(s.text)      # "- Dr. Brückner put forward ...", "- In Session 1, X proposed"
    pos = bm.end() if bm else 0
    im = _INTRO.match(s.text[pos:])
    pos += im.end() if im else 0
    subs = []
    items = sorted([(m.start, m.context_end, m, p) for m, p in mentions] +
                   [(a, z, None, p) for p, a, z in refs], key=lambda x: x[0])
    for a, z, m, p in items:
        gap = s.text[pos:a].strip()
        hon = m.honorific if m else ""
        gap = re.sub(r"^,\s*", "", gap) if subs else gap     # "X, and Y", "Lim, Seo-yeon"
        if gap and gap not in (hon, "and", "and " + hon) and not re.fullmatch(
                r"(?:and\s+)?(?:(?:former|then)\s+)?(?:[A-Z][\w.'’]*\s*)+", gap) and not _POSS_TITLE.fullmatch(gap):
            break
        if p not in subs:
            subs.append(p)
        pos = z
    if not subs:
        return [], False
    nxt = re.match(r"\s*(?:,\s*)?(?:also\s+|then\s+|further\s+|both\s+)?([a-z][\w-]*)", s.text[pos:])
    if not nxt or nxt.group(1) in _NOT_VERB:
        return [], False
    return subs, bool(_SPEECH_VERB.match(s.text[pos:]))


def _assign(st: _State, session: Session | None, role: str, p: _Person, span: Span) -> None:
    if session is None:
        return
    roles = st.roles.setdefault(id(session), {"chairs": {}, "speakers": {}, "discussants": {}})
    if role == "speakers" and (p.name in roles["chairs"] or p.name in roles["discussants"]):
        return
    if role in ("chairs", "discussants"):
        roles["speakers"].pop(p.name, None)
    roles[role].setdefault(p.name, _ev(span))
    p.participant = True


def _label_role(label: str) -> str | None:
    low = re.sub(r"\s+\d+$", "", label.strip().lower())   # "Presentation 1"
    if low in rules.CHAIR_LABELS:
        return "chairs"
    if low in rules.DISCUSSANT_LABELS:
        return "discussants"
    if low in rules.SPEAKER_LABELS:
        return "speakers"
    return None


def _entry_role(text: str, pending: str | None, session: Session) -> str | None:
    """Role of a programme entry line ("Dr. Kai Berg (Professor, X University)") with no label:
    the role of the label above the list, or speaker in a headed session."""
    if len(text) > 250 or not _ENTRY.match(text) or not re.search(r"[(,]", text):
        return None
    return pending or ("speakers" if session.heading is not None else None)


def _prose_session(st: _State, cue: tuple[int | None, str], index: int) -> Session:
    """The session a prose cue opens (one per number and title)."""
    for s in st.prose_sessions:
        if (s.number, s.title) == cue:
            return s
    s = Session(cue[0], cue[1], None, index, index)
    st.prose_sessions.append(s)
    return s


def _people(st: _State, unnamed: Session | None) -> None:
    doc = st.doc
    weak_prose = bool(doc.sessions) or has_prose_sessions(st.text)
    prose = None
    prev_named: list[_Person] = []
    para: list[_Person] = []
    acronyms: frozenset = frozenset()
    acr_version = -1
    participation = _PARTICIPATION
    pending = prev_session = None
    for b in doc.blocks:
        headed = doc.session_of(b.index)
        prose = None if headed is not None else prose
        session = headed or prose or unnamed
        lm = _LABEL.match(b.text)
        label_role = _label_role(lm.group("label")) if lm else None
        alone = _LABEL_ALONE.match(b.text)
        if alone or session is not prev_session or b.heading and session_heading(b.text):
            pending = _label_role(alone.group("label")) if alone else None   # "Speakers:" over a list
            prev_session = session
            if alone:
                continue
        if b.heading:
            para = []
        seen_here: list[_Person] = []     # participants named in this block, in order
        if not label_role and session is not None:
            label_role = _entry_role(b.text, pending, session)
        for s in b.sentences:
            cue = prose_session_cue(s.text, weak_prose) if headed is None else None
            if cue:
                session = prose = _prose_session(st, cue, b.index)
            list_role = rules.ROLE_LIST_SENTENCE.match(s.text)
            list_role = list_role and _label_role(list_role.group("label"))
            if acr_version != st.orgs.version:
                acronyms = frozenset(a for o in st.orgs.orgs.values() for a in o.aliases if a.isupper())
                acr_version = st.orgs.version
            mentions = find_mentions(s.text, acronyms)
            country = sentence_country(s.text)
            in_part = bool(participation.search(s.text))
            org_spans = [(h.start - s.start, h.end - s.start) for h in st.block_orgs[b.index]
                         if s.start <= h.start < s.end]
            mentions = [m for m in mentions if not any(a < m.end and m.start < z for a, z in org_spans)]
            # a name inside another's parenthesis or appositive is not a participant ("(adviser to X)"),
            # nor is "the late X"
            mentions = [m for i, m in enumerate(mentions)
                        if not any(o.end <= m.start < o.context_end for o in mentions[:i])
                        and not _LATE.search(s.text[:m.start])]
            pairs = []
            for m in mentions:
                p = _person(st, m.name, s)
                pairs.append((m, p))
                pc = next((a[0].split(" of ", 1)[1] for a in p.affiliations
                           if a[0].startswith("Government of ")), None)
                dc = country or (next((k for k, v in rules.COUNTRIES.items() if v == pc), None) if pc else None)
                affs = mention_affiliations(s.text, m, st.orgs, dc)
                if label_role and not m.paren:   # "- Welcome: Dr. A B, Executive Director, NCPD"
                    tail = re.match(r",([^;()]*)(?:;|$)", s.text[m.end:])
                    if tail:
                        affs += [a for a in parse_credentials(tail.group(1), st.orgs, dc)
                                 if a[0] not in [x[0] for x in affs]]
                said = (m.appositive + " " + m.paren).lower()
                credential = bool(affs) and bool(m.appositive or m.paren or m.from_at >= 0 or m.prefix) \
                    or any(w in _DISC_WORDS | _CHAIR_WORDS for w in re.findall(r"\w+", said))
                if credential or in_part or label_role:
                    p.participant = True
                for org, title in affs:
                    if org not in [a[0] for a in p.affiliations]:
                        p.affiliations.append((org, title, _ev(s)))
            spans = [(m.start, m.end) for m in mentions]
            refs = []
            for word, a, z in find_single_names(s.text):
                if any(x <= a < y for x, y in spans) or word.lower() in rules.NON_NAME_WORDS:
                    continue
                p = _resolve_single(st, word)
                if p:
                    refs.append((p, a, z))
            subjects, speaking = _subjects(st, s, pairs, refs)
            im = _INTRO.match(s.text)
            body = s.text[im.end():] if im else s.text
            if not subjects and re.match(r"(?:The|These|Both)\s+two\b", body) and len(prev_named) == 2:
                subjects = prev_named                 # "The two presented ...": the pair just named
            elif not subjects and re.match(r"(?:He|She|They)\b", body) and (para or seen_here):
                subjects = para or seen_here[-1:]     # no subject yet: the last participant named
            elif subjects:
                para = subjects
            if subjects and speaking:
                for p in subjects:
                    p.participant = True
            for m, p in pairs:
                before = s.text[:m.start]
                if m.honorific and before.rstrip().endswith(m.honorific):
                    before = before.rstrip()[: -len(m.honorific)]
                after = s.text[m.context_end:]
                role = None
                ar = _AS_ROLE.match(after) or _AS_ROLE.match(s.text[m.end:])
                if _CHAIR_BEFORE.search(before):
                    role = "chairs"
                elif rules.SPEAKER_BEFORE.search(before):
                    role = "speakers"
                    if not subjects:          # "The keynote was given by X. She proposed ...": X
                        para = [p]
                elif ar:
                    w = ar.group("role").lower()
                    role = "chairs" if w in _CHAIR_WORDS else "discussants" if w in _DISC_WORDS else "speakers"
                elif any(w in _DISC_WORDS for w in re.findall(r"\w+", (m.appositive + " " + m.paren).lower())):
                    role = "discussants"
                elif label_role or list_role:
                    role = label_role or list_role
                elif p in subjects and (speaking or _CHAIR_VERB.match(after)):
                    role = "chairs" if _CHAIR_VERB.match(after) else "speakers"
                if role:
                    _assign(st, session, role, p, s)
            for p, a, z in refs:
                if p in subjects and speaking:
                    _assign(st, session, "speakers", p, s)
            seen_here.extend(p for _m, p in pairs if p.participant)
            prev_named = []
            for _m, p in pairs:
                if p.participant and p not in prev_named:
                    prev_named.append(p)
            for prop in find_proposals(s.text):
                who = subjects if subjects else (para if re.search(r"\b(?:he|she|his|her|they|their)\b",
                                                                    s.text, re.I) else [])
                st.proposals.append((prop, [p for p in who if p.participant], session, s))
        for s in b.sentences:
            member = _MEMBER_CUE.search(s.text)
            if member:
                for hit in find_orgs(s.text[member.start():], st.orgs):
                    st.kept_orgs.setdefault(hit.name, _ev(s))


# ---------------------------------------------------------------------------
# the record
# ---------------------------------------------------------------------------


def _session_key(session: Session | None):
    if session is None:
        return None
    return session.number if session.number is not None else session.title


def _topics(st: _State, prop_names: set[str]) -> list[str]:
    out: list[str] = []
    aliases = {a for o in st.orgs.orgs.values() for a in [o.name, *o.aliases]}
    for m in _TOPIC.finditer(st.text[:200000]):
        w = m.group()
        if w not in aliases and w not in prop_names and w not in out:
            out.append(w)
    return out[:20]


def extract_text(text: str, file: str, options: ExtractOptions | None = None) -> dict:
    """Extract the event record of a report's text.

    Parameters
    ----------
    text : str
        The report as :func:`kg.extract.load.load_report` returns it; evidence offsets point into it.
    file : str
        The report's file name (``source.file``).
    options : ExtractOptions, optional

    Returns
    -------
    dict
        A valid ``kg-record/1`` record.
    """
    opts = options or ExtractOptions()
    text = text[: opts.max_chars] if text else ""
    doc = segment(text)
    st = _State(text, doc, opts)
    block_orgs = [find_orgs(b.text, st.orgs, b.start) for b in doc.blocks]   # learn names and acronyms
    st.block_orgs = block_orgs
    title, title_index = find_title(doc)
    rec = new_record(os.path.basename(file) or "report.txt", clean_title(title) or Path(file).stem or "untitled",
                     event_kind(title, doc))
    published, start, end, date_ev = event_dates(st, title_index)
    rec["source"]["published"] = published
    ev = rec["event"]
    ev.update(start=start, end=end)
    organizers, _venue, location = event_organizers(st, date_ev)
    ev["location"] = location
    unnamed = None
    if not doc.sessions and opts.unnamed_session and doc.blocks:
        unnamed = Session(None, rules.UNNAMED_SESSION_TITLE, None, 0, len(doc.blocks) - 1)
    _people(st, unnamed)

    people = [p for p in st.people.values() if p.participant]
    for p in people:
        for org, _t, e in p.affiliations:
            st.kept_orgs.setdefault(org, e)
    for name, e in organizers.items():
        st.kept_orgs.setdefault(name, e)
    org_names = {}
    for name, e in st.kept_orgs.items():
        canon = st.orgs.resolve(name) or st.orgs.add(name)
        if canon in org_names:
            continue
        o = st.orgs.get(canon)
        org_names[canon] = {"name": canon, "aliases": list(o.aliases), "kind": o.kind, "evidence": e}
    ev["organizers"] = [st.orgs.resolve(n) or n for n in organizers]
    ev["organizers"] = list(dict.fromkeys(ev["organizers"]))
    if opts.evidence:
        if date_ev is not None:
            ev["evidence"] = _ev(date_ev)
        ev["organizer_evidence"] = {st.orgs.resolve(n) or n: e for n, e in organizers.items()}
    rec["organizations"] = list(org_names.values())
    rec["people"] = []
    for p in people:
        affs = []
        for org, title, e in p.affiliations:
            canon = st.orgs.resolve(org) or org
            if canon not in [a["org"] for a in affs]:
                affs.append({"org": canon, "title": title, "evidence": e})
        rec["people"].append({"name": p.name, "affiliations": affs, "evidence": p.evidence})
    sessions = list(doc.sessions) + [s for s in st.prose_sessions if id(s) in st.roles]
    if unnamed is not None and id(unnamed) in st.roles:
        sessions.append(unnamed)
    sessions.sort(key=lambda s: s.first)
    for s in sessions:
        roles = st.roles.get(id(s), {"chairs": {}, "speakers": {}, "discussants": {}})
        item = {"number": s.number, "title": s.title, **{k: list(v) for k, v in roles.items()}}
        if opts.evidence:
            if s.heading is not None:
                item["evidence"] = _ev(s.heading)
            item["role_evidence"] = {n: e for v in roles.values() for n, e in v.items()}
        rec["sessions"].append(item)
    kept = {person_key(p.name) for p in people}
    seen_props: dict[str, dict] = {}
    from kg.record import name_key
    for hit, who, session, span in st.proposals:
        key = name_key(hit.name)
        if key in seen_props:
            continue
        item = {"name": hit.name, "aliases": hit.aliases,
                "proposed_by": [p.name for p in who if person_key(p.name) in kept],
                "session": _session_key(session if session is not unnamed else None),
                "evidence": _ev(span)}
        seen_props[key] = item
    used_alias = set()
    for item in seen_props.values():
        item["aliases"] = [a for a in item["aliases"] if name_key(a) not in used_alias and name_key(a) not in seen_props]
        used_alias.update(name_key(a) for a in item["aliases"])
    rec["proposals"] = list(seen_props.values())
    if opts.topics:
        rec["topics"] = _topics(st, {a for p in rec["proposals"] for a in p["aliases"]})
    if not opts.evidence:
        _strip_evidence(rec)
    validate_record(rec, file)
    return rec


def _strip_evidence(node) -> None:
    if isinstance(node, dict):
        for k in ("evidence", "role_evidence", "organizer_evidence"):
            node.pop(k, None)
        for v in node.values():
            _strip_evidence(v)
    elif isinstance(node, list):
        for v in node:
            _strip_evidence(v)


def extract_report(path: str | os.PathLike, options: ExtractOptions | None = None) -> dict:
    """Load a report file (``.txt``, ``.html``, ``.pdf``) and extract its record.

    Raises :class:`kg.extract.load.ExtractionError` when the file cannot be read.
    """
    return extract_text(load_report(path), os.path.basename(str(path)), options)
