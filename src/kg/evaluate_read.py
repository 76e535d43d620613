"""Read event records into the comparable form used by :mod:`kg.evaluate`.

Everything here follows the reference scorer's rules exactly (the project's
copy is ``tests/fixtures/reference_score.py``): how strings are normalised,
how persons, organisations, proposals and sessions are keyed, and how a
record with malformed parts is read without ever raising.

Normalisation of every string: NFKC, casefold, accents stripped, every kind
of dash mapped to "-", apostrophes and full stops deleted ("U.S." == "US"),
"&" read as "and", other punctuation and symbols read as spaces, whitespace
collapsed; hyphens then separate words ("Mong-Joon" == "Mong Joon").
Organisation and proposal names also lose a leading "the".

Examples
--------
>>> person_key("Chung Mong-Joon") == person_key("Mong Joon Chung")
True
>>> entity_key("The Genron NPO")
'genron npo'
>>> session_number("Session II")
2
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import unicodedata
from dataclasses import dataclass, field

import yaml

__all__ = [
    "ROLE_KEYS",
    "ScoredRecord",
    "norm",
    "entity_key",
    "person_key",
    "session_number",
    "session_title_key",
    "date_key",
    "parse_scored_record",
    "read_scored_record",
    "list_yaml",
]

#: Session list keys and the role each stands for.
ROLE_KEYS = (("chairs", "chair"), ("speakers", "speaker"), ("discussants", "discussant"))

_EXTRA_DASHES = set("\u2212\u2043\ufe58\ufe63\uff0d\u2e3a\u2e3b\u02d7\u2010\u2011")
_DELETE = set("'\u2019\u2018\u02bc\u201b`\u00b4.\u00b7")

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
          "xi": 11, "xii": 12, "xiii": 13, "xiv": 14, "xv": 15, "xvi": 16, "xvii": 17, "xviii": 18,
          "xix": 19, "xx": 20}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9, "tenth": 10, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
             "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_SESSION_PREFIX = re.compile(
    r"^(?:(?:(?:sub|plenary|breakout|panel)\s+)?(?:session|panel)\s+(?:\d+|[ivx]+|" + "|".join(_ORDINALS) + r")"
    r"|(?:" + "|".join(_ORDINALS) + r")\s+(?:sub\s+)?(?:session|panel))\b\s*(?:on\s+)?")


# ---------------------------------------------------------------------------
# normalisation
# ---------------------------------------------------------------------------


def norm(text) -> str:
    """Normalise any scalar to a comparable string.

    >>> norm("U.S.–Japan") == norm("US-Japan")
    True
    """
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).casefold()
    s = unicodedata.normalize("NFD", s)
    out = []
    for ch in s:
        if unicodedata.combining(ch):
            continue
        cat = unicodedata.category(ch)
        if cat == "Pd" or ch in _EXTRA_DASHES:
            out.append("-")
        elif ch in _DELETE:
            continue
        elif ch == "&":
            out.append(" and ")
        elif cat[0] in "PS" or cat in ("Cc", "Cf"):
            out.append(" ")
        else:
            out.append(ch)
    s = unicodedata.normalize("NFC", "".join(out))
    s = s.replace("-", " ")
    return " ".join(s.split())


def entity_key(text) -> str:
    """Key of an organisation or proposal name: :func:`norm` without a leading "the"."""
    s = norm(text)
    return s[4:] if s.startswith("the ") else s


def person_key(text):
    """Order-insensitive key of a person's name, or ``None`` when empty.

    >>> person_key("Park, Ji-woo") == person_key("Ji woo Park")
    True
    """
    parts = norm(text).split()
    return tuple(sorted(parts)) if parts else None


def session_number(value):
    """Session number as int, or ``None``: 2, "2", "Session 2", "II", "Session II", "First panel".

    >>> session_number("First panel"), session_number("Opening Session")
    (1, None)
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    s = norm(value)
    if not s:
        return None
    m = re.search(r"\d+", s)
    if m:
        return int(m.group())
    tokens = s.split()
    if len(tokens) == 1:
        return _ROMAN.get(tokens[0], _ORDINALS.get(tokens[0]))
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok in ("session", "panel") and nxt is not None:
            if nxt in _ROMAN:
                return _ROMAN[nxt]
            if nxt in _ORDINALS:
                return _ORDINALS[nxt]
        if tok in _ORDINALS and nxt in ("session", "panel", "sub"):
            return _ORDINALS[tok]
    return None


def session_title_key(title) -> str:
    """Normalised session title without a leading "Session N:".

    >>> session_title_key("Session 1: Trump 2.0") == session_title_key("Trump 2.0")
    True
    """
    return _SESSION_PREFIX.sub("", norm(title), count=1)


def date_key(value):
    """ISO date string of a start date, or ``None``."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    s = str(value).strip()
    if not s or s.lower() in ("null", "none", "~"):
        return None
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", s)
    if m:
        try:
            return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            pass
    return norm(s)


# ---------------------------------------------------------------------------
# the comparable content of a record
# ---------------------------------------------------------------------------


@dataclass
class ScoredRecord:
    """What the scorer compares in one record (keys, not display names)."""

    path: str
    file: str | None = None
    errors: list = field(default_factory=list)
    persons: set = field(default_factory=set)             # person keys
    orgs: list = field(default_factory=list)              # frozensets of keys
    affiliations: set = field(default_factory=set)        # (person key, org keys)
    organizers: set = field(default_factory=set)          # org keys
    sessions: list = field(default_factory=list)          # (number, title key, {(person, role)})
    proposals: list = field(default_factory=list)         # frozensets of keys
    proposed_by: set = field(default_factory=set)         # (proposal keys, person key)
    start: str | None = None
    readable: bool = True


class _UnionFind:
    def __init__(self, n):
        self.p = list(range(n))

    def find(self, i):
        while self.p[i] != i:
            self.p[i] = self.p[self.p[i]]
            i = self.p[i]
        return i

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.p[rb] = ra


def _merge_key_sets(sets):
    """Merge sets of keys that share a key (an entity listed twice)."""
    sets = [frozenset(s) for s in sets if s]
    uf = _UnionFind(len(sets))
    owner = {}
    for i, s in enumerate(sets):
        for k in s:
            if k in owner:
                uf.union(owner[k], i)
            else:
                owner[k] = i
    groups = {}
    for i, s in enumerate(sets):
        groups.setdefault(uf.find(i), set()).update(s)
    return [frozenset(g) for g in groups.values()]


def _as_list(value, where, errors):
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, (str, dict)):
        errors.append(f"{where}: expected a list, got {type(value).__name__}; read as a one-item list")
        return [value]
    errors.append(f"{where}: expected a list, got {type(value).__name__}; ignored")
    return []


def _scalar(v):
    return isinstance(v, (str, int, float)) and not isinstance(v, bool)


def _name_of(item, where, errors):
    """A name from a string, or from a mapping with a 'name' key."""
    if isinstance(item, str):
        return item
    if isinstance(item, (int, float)) and not isinstance(item, bool):
        return str(item)
    if isinstance(item, dict) and isinstance(item.get("name"), (str, int, float)):
        return str(item["name"])
    errors.append(f"{where}: not a name: {item!r:.80}")
    return None


def _entity_keys(item, where, errors):
    """Keys (name + aliases) of an organisation or proposal entry; a bare string is a name."""
    if not isinstance(item, dict):
        n = _name_of(item, where, errors)
        return {entity_key(n)} - {""} if n is not None else set()
    keys = set()
    if _scalar(item.get("name")):
        keys.add(entity_key(item["name"]))
    else:
        errors.append(f"{where}.name missing or not a string")
    for a in _as_list(item.get("aliases"), f"{where}.aliases", errors):
        if _scalar(a):
            keys.add(entity_key(a))
    keys.discard("")
    return keys


def _get(mapping, key, where, errors, kind=dict):
    value = mapping.get(key) if isinstance(mapping, dict) else None
    if value is not None and not isinstance(value, kind):
        errors.append(f"{where}.{key}: expected {kind.__name__}, got {type(value).__name__}; ignored")
        return None
    return value


def _resolve(name, sets):
    k = entity_key(name)
    if not k:
        return None
    for s in sets:
        if k in s:
            return s
    return frozenset([k])


def _read_proposals(data, rec: ScoredRecord) -> None:
    err = rec.errors
    entries = []  # (keys, proposers)
    for i, p in enumerate(_as_list(data.get("proposals"), "proposals", err)):
        where = f"proposals[{i}]"
        keys = _entity_keys(p, where, err)
        proposers = []
        if isinstance(p, dict):
            for j, who in enumerate(_as_list(p.get("proposed_by"), f"{where}.proposed_by", err)):
                nm = _name_of(who, f"{where}.proposed_by[{j}]", err)
                pk = person_key(nm) if nm is not None else None
                if pk:
                    proposers.append(pk)
        if keys:
            entries.append((keys, proposers))
    rec.proposals = _merge_key_sets([keys for keys, _ in entries])
    for keys, proposers in entries:
        ent = next((s for s in rec.proposals if keys <= s), frozenset(keys))
        for pk in proposers:
            rec.proposed_by.add((ent, pk))
            rec.persons.add(pk)


def _read_org_list(data, rec: ScoredRecord) -> list:
    org_sets = []
    for i, o in enumerate(_as_list(data.get("organizations"), "organizations", rec.errors)):
        keys = _entity_keys(o, f"organizations[{i}]", rec.errors)
        if keys:
            org_sets.append(keys)
    return _merge_key_sets(org_sets)


def _read_people_and_orgs(data, event, rec: ScoredRecord, org_sets: list) -> None:
    err = rec.errors
    extra_orgs = []
    for i, person in enumerate(_as_list(data.get("people"), "people", err)):
        where = f"people[{i}]"
        nm = _name_of(person, where, err)
        pk = person_key(nm) if nm is not None else None
        if not pk:
            continue
        rec.persons.add(pk)
        if not isinstance(person, dict):
            continue
        for j, aff in enumerate(_as_list(person.get("affiliations"), f"{where}.affiliations", err)):
            org = aff.get("org") if isinstance(aff, dict) else aff
            if not _scalar(org):
                err.append(f"{where}.affiliations[{j}]: no organisation name")
                continue
            ent = _resolve(org, org_sets)
            if ent is None:
                continue
            if ent not in org_sets:
                extra_orgs.append(ent)
            rec.affiliations.add((pk, ent))

    for i, o in enumerate(_as_list(event.get("organizers"), "event.organizers", err)):
        n = _name_of(o, f"event.organizers[{i}]", err)
        if n is None:
            continue
        ent = _resolve(n, org_sets)
        if ent is None:
            continue
        if ent not in org_sets:
            extra_orgs.append(ent)
        rec.organizers.add(ent)
    rec.orgs = _merge_key_sets(list(org_sets) + extra_orgs)


def _read_sessions(data, rec: ScoredRecord) -> None:
    err = rec.errors
    for i, s in enumerate(_as_list(data.get("sessions"), "sessions", err)):
        where = f"sessions[{i}]"
        if not isinstance(s, dict):
            err.append(f"{where}: not a mapping; ignored")
            continue
        number = session_number(s.get("number"))
        if s.get("number") is not None and number is None:
            err.append(f"{where}.number {s.get('number')!r} is not a number; read as null")
        title = s.get("title")
        tkey = session_title_key(title) if isinstance(title, (str, int, float)) else ""
        roles = set()
        for key, role in ROLE_KEYS:
            for j, who in enumerate(_as_list(s.get(key), f"{where}.{key}", err)):
                nm = _name_of(who, f"{where}.{key}[{j}]", err)
                pk = person_key(nm) if nm is not None else None
                if pk:
                    roles.add((pk, role))
                    rec.persons.add(pk)
        rec.sessions.append((number, tkey, roles))


def parse_scored_record(data, path: str) -> ScoredRecord:
    """Build the comparable content of one record's data. Never raises on bad input.

    Persons and organisations are collected from the explicit lists and also
    from every place that names them (sessions, proposals, affiliations,
    organizers); problems are collected in ``errors``.
    """
    rec = ScoredRecord(path=path)
    err = rec.errors
    if not isinstance(data, dict):
        rec.readable = False
        err.append(f"top level is {type(data).__name__}, not a mapping")
        return rec
    if data.get("schema") != "kg-record/1":
        err.append(f"schema is {data.get('schema')!r}, expected 'kg-record/1' (read anyway)")
    source = _get(data, "source", "source", err) or {}
    sfile = source.get("file")
    if isinstance(sfile, str) and sfile.strip():
        rec.file = os.path.basename(sfile.strip())
    else:
        err.append("source.file is missing or not a string")
    event = _get(data, "event", "event", err) or {}
    rec.start = date_key(event.get("start")) if not isinstance(event.get("start"), (list, dict)) else None
    org_sets = _read_org_list(data, rec)
    _read_proposals(data, rec)
    _read_people_and_orgs(data, event, rec, org_sets)
    _read_sessions(data, rec)
    return rec


def read_scored_record(path: str) -> ScoredRecord:
    """Read one YAML record file; an unreadable file gives ``readable=False`` and errors."""
    try:
        with open(path, "r", encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except Exception as exc:  # noqa: BLE001 - any failure is a malformed file
        rec = ScoredRecord(path=path, readable=False)
        detail = " ".join(str(exc).split())[:240] or type(exc).__name__
        rec.errors.append(f"cannot read YAML: {detail}")
        return rec
    try:
        return parse_scored_record(data, path)
    except Exception as exc:  # noqa: BLE001 - never crash on a prediction
        rec = ScoredRecord(path=path, readable=False)
        rec.errors.append(f"cannot interpret record: {type(exc).__name__}: {exc}")
        return rec


def list_yaml(directory) -> list[str]:
    """Paths of the ``*.yaml`` / ``*.yml`` files of a directory, sorted by name."""
    out = []
    for name in sorted(os.listdir(directory)):
        if name.endswith((".yaml", ".yml")) and not name.startswith("."):
            p = os.path.join(directory, name)
            if os.path.isfile(p):
                out.append(p)
    return out
