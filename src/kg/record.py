"""The event record (``kg-record/1``): load, validate and save.

A record is one YAML file per report: what extraction writes, what an analyst
reviews and corrects, and what the graph is built from.  In memory a record is
a plain ``dict`` exactly as YAML gives it (dates as :class:`datetime.date`),
so that keys this module does not know (``evidence``, ``reviewed``, notes of
an analyst) survive a load/save round trip.

Errors name the file, the field and the line::

    data/records/x.yaml:14: event.kind: 'talk' is not one of conference, ...

Examples
--------
>>> rec = new_record("report.txt", title="A dialogue")
>>> validate_record(rec, "report.yaml")
>>> rec["event"]["kind"]
'other'
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import io
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "SCHEMA",
    "EVENT_KINDS",
    "ORG_KINDS",
    "ROLE_KEYS",
    "RecordError",
    "load_record",
    "load_records",
    "parse_record",
    "validate_record",
    "dump_record",
    "save_record",
    "new_record",
    "person_key",
    "name_key",
    "write_atomic",
]

SCHEMA = "kg-record/1"
EVENT_KINDS = ("dialogue", "workshop", "symposium", "conference", "seminar", "forum", "other")
ORG_KINDS = ("think_tank", "university", "government", "legislature", "media", "company", "ngo", "other")
#: Session list keys and the role each stands for.
ROLE_KEYS = (("chairs", "chair"), ("speakers", "speaker"), ("discussants", "discussant"))

_TOP_ORDER = ("schema", "reviewed", "source", "event", "sessions", "people", "organizations",
              "proposals", "topics")
_KEY_ORDER = {
    "source": ("file", "published", "publisher"),
    "event": ("title", "kind", "start", "end", "location", "organizers"),
    "session": ("number", "title", "chairs", "speakers", "discussants"),
    "person": ("name", "affiliations"),
    "affiliation": ("org", "title"),
    "organization": ("name", "aliases", "kind"),
    "proposal": ("name", "aliases", "proposed_by", "session"),
    "evidence": ("text", "start", "end"),
}


@dataclass
class RecordError(Exception):
    """A record that cannot be used, with where the problem is."""

    path: str
    message: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        what = f"{self.field}: " if self.field else ""
        return f"{where}: {what}{self.message}"


# ---------------------------------------------------------------------------
# keys used to compare names
# ---------------------------------------------------------------------------

_PUNCT = re.compile(r"[^\w\s-]", re.UNICODE)


@functools.lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key of a name (cached: names recur).

    >>> name_key("Japan–Korea  Alliance")
    'japan korea alliance'
    """
    import unicodedata

    s = unicodedata.normalize("NFKD", str(text)).casefold()
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[\u2010-\u2015\u2212-]", " ", s)
    s = s.replace("&", " and ").replace("'", "").replace("\u2019", "").replace(".", "")
    s = _PUNCT.sub(" ", s)
    return " ".join(s.split())


@functools.lru_cache(maxsize=1 << 16)
def person_key(name: str) -> tuple[str, ...]:
    """Order-insensitive key of a person's name ("Chung Mong-Joon" == "Mong-Joon Chung").

    >>> person_key("Chung Mong-Joon") == person_key("Mong-Joon Chung")
    True
    """
    return tuple(sorted(name_key(name).split()))


# ---------------------------------------------------------------------------
# loading with line numbers
# ---------------------------------------------------------------------------


class _Lines:
    """Map a field path such as ``people[2].name`` to its line in the file."""

    def __init__(self, node: yaml.Node | None):
        self.lines: dict[str, int] = {}
        self.duplicates: list[tuple[str, int]] = []
        if node is not None:
            self._walk(node, "")

    def _walk(self, node: yaml.Node, path: str) -> None:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for k, v in node.value:
                key = str(k.value)
                sub = f"{path}.{key}" if path else key
                if key in seen:
                    self.duplicates.append((sub, k.start_mark.line + 1))
                seen.add(key)
                self.lines[sub] = k.start_mark.line + 1
                self._walk(v, sub)
                self.lines[sub] = k.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                self._walk(v, f"{path}[{i}]")

    def line(self, path: str) -> int | None:
        """The line of a field, or of the nearest enclosing field the file has."""
        while path:
            if path in self.lines:
                return self.lines[path]
            shorter = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", path)
            if shorter == path:  # a key the pattern cannot take apart
                break
            path = shorter
        return self.lines.get("")


class _Unusual(Exception):
    """The fast parse met something only the careful parse handles or reports well."""


_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = frozenset("tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp"))


def _fast_values(text: str) -> Any:
    """The values of a YAML text, parsed once by libyaml.

    Raises :class:`_Unusual` for an invalid text, a key given twice, or YAML a
    record does not use (anchors, merge keys, other tags), so that
    :func:`_careful_parse` can name the line of the problem.
    """
    loader = yaml.CSafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        raise _Unusual from None
    finally:
        loader.dispose()
    return _Values(loader).build(node) if node is not None else None


class _Values:
    """Build Python values from a node tree the way ``yaml.safe_load`` does."""

    def __init__(self, loader: yaml.CSafeLoader):
        self.loader = loader
        self.seen: set[int] = set()

    def build(self, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:  # most of a record: what SafeConstructor gives, without the calls
                return node.value
            if node.tag not in _SCALAR_TAGS:
                raise _Unusual
            return self.loader.yaml_constructors[node.tag](self.loader, node)
        if id(node) in self.seen:  # an alias: leave shared objects to PyYAML
            raise _Unusual
        self.seen.add(id(node))
        if isinstance(node, yaml.SequenceNode) and node.tag == "tag:yaml.org,2002:seq":
            return [self.build(v) for v in node.value]
        if isinstance(node, yaml.MappingNode) and node.tag == "tag:yaml.org,2002:map":
            out = {}
            for k, v in node.value:
                if not isinstance(k, yaml.ScalarNode):
                    raise _Unusual
                out[self.build(k)] = self.build(v)
            if len({k.value for k, _v in node.value}) != len(node.value):
                raise _Unusual  # a key given twice
            return out
        raise _Unusual


def parse_record(text: str, path: str = "<record>") -> dict:
    """Parse and validate the YAML text of a record; raise :class:`RecordError`.

    The text is parsed once, by libyaml; only a record with a problem is
    parsed again, line by line, so that the error names the line.
    """
    try:
        data = _fast_values(text)
        validate_record(data, path)
        return data
    except (_Unusual, RecordError):
        return _careful_parse(text, path)


def _careful_parse(text: str, path: str) -> dict:
    """Parse with line numbers and validate: the error of a bad record names its line."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise RecordError(path, f"not valid YAML: {exc.problem or exc}", line) from None
    except yaml.YAMLError as exc:
        raise RecordError(path, f"not valid YAML: {exc}") from None
    lines = _Lines(node)
    if lines.duplicates:
        field, line = lines.duplicates[0]
        raise RecordError(path, "key given twice", line, field)
    validate_record(data, path, lines)
    return data


def load_record(path: str | os.PathLike) -> dict:
    """Read, parse and validate one record file."""
    path = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise RecordError(path, f"cannot read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RecordError(path, f"not UTF-8 (byte {exc.start})", line) from None
    return parse_record(text, path)


def record_files(folder: str | os.PathLike) -> list[Path]:
    """The record files of a folder (``*.yaml``, ``*.yml``), sorted."""
    folder = Path(folder)
    return sorted(list(folder.glob("*.yaml")) + list(folder.glob("*.yml")))


def load_records(folder: str | os.PathLike, known: dict[Path, dict] | None = None) -> list[tuple[Path, dict]]:
    """Load every ``*.yaml`` / ``*.yml`` record of a folder, sorted by file name.

    Two records for the same report are an error naming both files.  ``known``
    gives records already parsed, by path (those extraction just wrote): they
    are not read again.
    """
    known = known or {}
    out: list[tuple[Path, dict]] = []
    seen: dict[str, Path] = {}
    with paused_gc():
        for path in record_files(folder):
            rec = known.get(path) or load_record(path)
            file = os.path.basename(rec["source"]["file"])
            if file in seen:
                raise RecordError(str(path), f"second record for report {file} (first: {seen[file]})",
                                  None, "source.file")
            seen[file] = path
            out.append((path, rec))
    return out


@contextlib.contextmanager
def paused_gc():
    """Run a block without the cyclic garbage collector.

    Loading or resolving thousands of records makes millions of small
    objects and no reference cycles; the collector would walk all of them
    again and again (it took up to half the time).  Reference counting still
    frees what is dropped.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# ---------------------------------------------------------------------------
# validation
# ---------------------------------------------------------------------------


def _iso_date(value: Any) -> bool:
    return value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime))


def validate_record(data: Any, path: str = "<record>", lines: _Lines | None = None) -> None:
    """Check a record against ``kg-record/1``; raise :class:`RecordError` on the first problem.

    Dates given as ISO strings are converted to :class:`datetime.date` in place.
    """
    lines = lines or _Lines(None)

    def fail(field: str, message: str):
        raise RecordError(path, message, lines.line(field), field or None)

    def need(mapping: dict, key: str, where: str, kinds, what: str, optional: bool = False):
        field = f"{where}.{key}" if where else key
        if key not in mapping:
            if optional:
                return None
            fail(where, f"missing required field '{key}'")
        value = mapping[key]
        if value is None and optional:
            return None
        if not isinstance(value, kinds) or isinstance(value, bool) and bool not in _tuple(kinds):
            fail(field, f"expected {what}, got {_type_name(value)}")
        return value

    def date_field(mapping: dict, key: str, where: str):
        field = f"{where}.{key}"
        value = mapping.get(key)
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                fail(field, f"expected an ISO date (YYYY-MM-DD) or null, got {value!r}")
            mapping[key] = value
        if key in mapping and not _iso_date(value):
            fail(field, f"expected an ISO date (YYYY-MM-DD) or null, got {_type_name(value)}")

    def str_list(mapping: dict, key: str, where: str, optional: bool = False) -> list[str]:
        field = f"{where}.{key}" if where else key
        if key not in mapping and optional:
            return []
        value = need(mapping, key, where, list, "a list")
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                fail(f"{field}[{i}]", f"expected a non-empty string, got {_type_name(item)}")
        return value

    if not isinstance(data, dict):
        fail("", f"a record is a mapping, got {_type_name(data)}")
    schema = data.get("schema")
    if schema != SCHEMA:
        fail("schema", f"unknown schema version {schema!r}; expected {SCHEMA!r}")
    if "reviewed" in data and not isinstance(data["reviewed"], bool):
        fail("reviewed", f"expected true or false, got {_type_name(data['reviewed'])}")

    source = need(data, "source", "", dict, "a mapping")
    need(source, "file", "source", str, "a file name")
    if not source["file"].strip():
        fail("source.file", "must not be empty")
    date_field(source, "published", "source")

    event = need(data, "event", "", dict, "a mapping")
    need(event, "title", "event", str, "a string")
    kind = need(event, "kind", "event", str, "a string")
    if kind not in EVENT_KINDS:
        fail("event.kind", f"{kind!r} is not one of {', '.join(EVENT_KINDS)}")
    date_field(event, "start", "event")
    date_field(event, "end", "event")
    need(event, "location", "event", str, "a string or null", optional=True)
    organizers = str_list(event, "organizers", "event")

    orgs: dict[str, int] = {}
    for i, org in enumerate(need(data, "organizations", "", list, "a list")):
        where = f"organizations[{i}]"
        if not isinstance(org, dict):
            fail(where, f"expected a mapping with a name, got {_type_name(org)}")
        name = need(org, "name", where, str, "a string")
        aliases = str_list(org, "aliases", where, optional=True)
        okind = need(org, "kind", where, str, "a string", optional=True)
        if okind is not None and okind not in ORG_KINDS:
            fail(f"{where}.kind", f"{okind!r} is not one of {', '.join(ORG_KINDS)}")
        for n in [name, *aliases]:
            k = name_key(n)
            if k in orgs and orgs[k] != i:
                fail(where, f"name or alias {n!r} is also used by organizations[{orgs[k]}]")
            orgs[k] = i

    people: dict[tuple, int] = {}
    for i, person in enumerate(need(data, "people", "", list, "a list")):
        where = f"people[{i}]"
        if not isinstance(person, dict):
            fail(where, f"expected a mapping with a name, got {_type_name(person)}")
        name = need(person, "name", where, str, "a string")
        pk = person_key(name)
        if not pk:
            fail(f"{where}.name", "must not be empty")
        if pk in people:
            fail(f"{where}.name", f"{name!r} is listed twice (also people[{people[pk]}])")
        people[pk] = i
        for j, aff in enumerate(need(person, "affiliations", where, list, "a list", optional=True) or []):
            awhere = f"{where}.affiliations[{j}]"
            if not isinstance(aff, dict):
                fail(awhere, f"expected a mapping with 'org' and 'title', got {_type_name(aff)}")
            org = need(aff, "org", awhere, str, "an organisation name")
            need(aff, "title", awhere, str, "a string or null", optional=True)
            if name_key(org) not in orgs:
                fail(f"{awhere}.org", f"{org!r} is not in organizations")

    for i, org in enumerate(organizers):
        if name_key(org) not in orgs:
            fail(f"event.organizers[{i}]", f"{org!r} is not in organizations")

    def known_person(name: str, field: str):
        if person_key(name) not in people:
            fail(field, f"{name!r} is not in people")

    for i, session in enumerate(need(data, "sessions", "", list, "a list")):
        where = f"sessions[{i}]"
        if not isinstance(session, dict):
            fail(where, f"expected a mapping, got {_type_name(session)}")
        need(session, "number", where, int, "an integer or null", optional=True)
        need(session, "title", where, str, "a string")
        for key, _role in ROLE_KEYS:
            for j, name in enumerate(str_list(session, key, where, optional=True)):
                known_person(name, f"{where}.{key}[{j}]")

    props: dict[str, int] = {}
    for i, prop in enumerate(need(data, "proposals", "", list, "a list")):
        where = f"proposals[{i}]"
        if not isinstance(prop, dict):
            fail(where, f"expected a mapping with a name, got {_type_name(prop)}")
        name = need(prop, "name", where, str, "a string")
        for n in [name, *str_list(prop, "aliases", where, optional=True)]:
            k = name_key(n)
            if k in props and props[k] != i:
                fail(where, f"name or alias {n!r} is also used by proposals[{props[k]}]")
            props[k] = i
        for j, who in enumerate(str_list(prop, "proposed_by", where, optional=True)):
            known_person(who, f"{where}.proposed_by[{j}]")
        need(prop, "session", where, (int, str), "a session number, a title or null", optional=True)

    str_list(data, "topics", "", optional=True)
    _check_evidence(data, fail)


def _check_evidence(data: dict, fail) -> None:
    """Evidence, where given, is ``{text, start, end}`` with ``start <= end``."""

    def check(ev: Any, field: str):
        if not isinstance(ev, dict):
            fail(field, f"evidence is a mapping with text, start and end, got {_type_name(ev)}")
        if not isinstance(ev.get("text"), str):
            fail(f"{field}.text", "evidence needs the sentence as 'text'")
        s, e = ev.get("start"), ev.get("end")
        if s is not None or e is not None:
            if not (isinstance(s, int) and isinstance(e, int) and 0 <= s <= e):
                fail(field, f"evidence offsets must be integers with 0 <= start <= end, got {s!r}, {e!r}")

    def walk(node: Any, field: str):
        if isinstance(node, dict):
            for k, v in node.items():
                sub = f"{field}.{k}" if field else str(k)
                if k == "evidence" and v is not None:
                    check(v, sub)
                elif k in ("role_evidence", "organizer_evidence") and v is not None:
                    if not isinstance(v, dict):
                        fail(sub, f"expected a mapping of name to evidence, got {_type_name(v)}")
                    for name, ev in v.items():
                        check(ev, f"{sub}.{name}")
                else:
                    walk(v, sub)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{field}[{i}]")

    walk(data, "")


def _tuple(kinds) -> tuple:
    return kinds if isinstance(kinds, tuple) else (kinds,)


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
            list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


# ---------------------------------------------------------------------------
# saving
# ---------------------------------------------------------------------------


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """libyaml's emitter when PyYAML has it (same bytes as the pure-Python one, 4x faster)."""


def _repr_list(dumper: yaml.SafeDumper, data: list):
    flow = bool(data) and all(isinstance(x, str) and len(x) < 60 for x in data) and sum(map(len, data)) < 90
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _repr_str(dumper: yaml.SafeDumper, data: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


_Dumper.add_representer(list, _repr_list)
_Dumper.add_representer(str, _repr_str)


def _ordered(node: Any, kind: str | None = None) -> Any:
    """A copy with known keys in schema order, then extra keys in their own order."""
    if isinstance(node, list):
        item_kind = {"sessions": "session", "people": "person", "affiliations": "affiliation",
                     "organizations": "organization", "proposals": "proposal"}.get(kind or "")
        return [_ordered(x, item_kind) for x in node]
    if not isinstance(node, dict):
        return node
    order = _TOP_ORDER if kind == "top" else _KEY_ORDER.get(kind or "", ())
    keys = [k for k in order if k in node] + [k for k in node if k not in order]
    out = {}
    for k in keys:
        value = node[k]
        if kind == "top" or k in ("sessions", "people", "organizations", "proposals", "affiliations"):
            out[k] = _ordered(value, k)
        elif k == "evidence":
            out[k] = _ordered(value, "evidence")
        elif k in ("role_evidence", "organizer_evidence") and isinstance(value, dict):
            out[k] = {n: _ordered(v, "evidence") for n, v in value.items()}
        else:
            out[k] = _ordered(value)
    return out


def dump_record(record: dict) -> str:
    """The record as stable, readable YAML text (same record, same bytes).

    The text is what ``yaml.dump`` gives with :class:`_Dumper`; the node tree
    is built here directly (:func:`_node`), which takes half the time of
    PyYAML's generic representer, and libyaml emits it.
    """
    stream = io.StringIO()
    dumper = _Dumper(stream, allow_unicode=True, width=100, indent=2, default_flow_style=False, sort_keys=False)
    try:
        dumper.open()
        dumper.serialize(_node(_ordered(record, "top"), dumper))
        dumper.close()
    finally:
        dumper.dispose()
    return stream.getvalue()


_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_INT, _BOOL, _NULL, _TIMESTAMP = ("tag:yaml.org,2002:" + t for t in ("int", "bool", "null", "timestamp"))


def _node(value: Any, dumper: yaml.SafeDumper) -> yaml.Node:
    """The YAML node :class:`_Dumper`'s representer gives for a value of a record (of :func:`_ordered`).

    Strings, integers, booleans, nulls, dates, lists and mappings are built
    here; anything else (a float an analyst added, say) goes to the representer.
    """
    kind = type(value)
    if kind is str:
        return yaml.ScalarNode(_STR, value)
    if kind is dict:
        return yaml.MappingNode(_MAP, [(_node(k, dumper), _node(v, dumper)) for k, v in value.items()],
                                flow_style=False)
    if kind is list:
        flow = bool(value) and all(isinstance(x, str) and len(x) < 60 for x in value) and sum(map(len, value)) < 90
        return yaml.SequenceNode(_SEQ, [_node(v, dumper) for v in value], flow_style=flow)
    if kind is int:
        return yaml.ScalarNode(_INT, str(value))
    if kind is bool:
        return yaml.ScalarNode(_BOOL, "true" if value else "false")
    if value is None:
        return yaml.ScalarNode(_NULL, "null")
    if kind is dt.date:
        return yaml.ScalarNode(_TIMESTAMP, value.isoformat())
    return dumper.represent_data(value)


def write_atomic(path: str | os.PathLike, text: str | bytes) -> None:
    """Write a file so that readers see either the old or the new content, never half of one."""
    with atomic_output(path) as fh:
        fh.write(text.encode("utf-8") if isinstance(text, str) else text)


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike):
    """A binary file to write ``path`` through: it replaces ``path`` only once the block ends without error.

    Readers see either the old or the new content, never half of one; on an
    error the temporary file is removed and ``path`` is left as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def save_record(record: dict, path: str | os.PathLike) -> None:
    """Validate and write a record atomically."""
    validate_record(record, str(path))
    write_atomic(path, dump_record(record))


def new_record(file: str, title: str = "", kind: str = "other") -> dict:
    """An empty, valid record for a report file."""
    return {
        "schema": SCHEMA,
        "source": {"file": os.path.basename(file), "published": None},
        "event": {"title": title, "kind": kind, "start": None, "end": None, "location": None,
                  "organizers": []},
        "sessions": [],
        "people": [],
        "organizations": [],
        "proposals": [],
        "topics": [],
    }
