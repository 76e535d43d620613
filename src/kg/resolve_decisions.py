"""Analysts' judgements on merges: ``data/resolution/decisions.tsv``.

One decision per line, TAB-separated, so that a diff shows each judgement and
deleting a line undoes it::

    # verdict<TAB>kind<TAB>name<TAB>name[<TAB>note]
    same	person	Park Ji-hoon	Amb. Park
    different	org	API	Asia Pacific Institute	not the Asia Pacific Initiative

``verdict`` is ``same`` or ``different``; ``kind`` is ``person``, ``org`` or
``proposal``; a name is any spelling of the entity that a record uses.
Blank lines and lines starting with ``#`` are ignored.

>>> ds = parse_decisions("same\\tperson\\tPark Ji-hoon\\tAmb. Park\\n", "d.tsv")
>>> ds[0].verdict, ds[0].a, ds[0].b, ds[0].line
('same', 'Park Ji-hoon', 'Amb. Park', 1)
>>> parse_decisions("same person Park Ji-hoon\\n", "d.tsv")
Traceback (most recent call last):
...
kg.resolve_decisions.DecisionError: d.tsv:1: expected verdict, kind, name, name separated by TABs, got 1 field(s)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Decision", "DecisionError", "DECISIONS_PATH", "HEADER", "VERDICTS", "DECISION_KINDS",
           "parse_decisions", "read_decisions", "append_decision", "decisions_path"]

#: where the decisions live, under the data folder
DECISIONS_PATH = Path("resolution") / "decisions.tsv"
VERDICTS = ("same", "different")
#: kind as written in the file -> entity kind
DECISION_KINDS = {"person": "person", "org": "org", "organization": "org", "organisation": "org",
                  "proposal": "proposal"}

HEADER = """\
# Entity resolution decisions, read by `kg build` and `kg resolve`.
# One decision per line, fields separated by a TAB:
#   verdict<TAB>kind<TAB>name<TAB>name[<TAB>note]
# verdict: same | different      kind: person | org | proposal
# A name is any spelling a record uses for the entity. Delete a line to undo it.
# Add lines by hand or with: kg resolve --same "A" "B" / kg resolve --different "A" "B"
"""


class DecisionError(ValueError):
    """A decision file that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Decision:
    verdict: str
    kind: str
    a: str
    b: str
    path: str = "<decisions>"
    line: int = 0
    note: str = ""

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    def text(self) -> str:
        return "\t".join([self.verdict, self.kind, self.a, self.b] + ([self.note] if self.note else []))


def decisions_path(data_dir: str | os.PathLike) -> Path:
    return Path(data_dir) / DECISIONS_PATH


def parse_decisions(text: str, path: str = "<decisions>") -> list[Decision]:
    """The decisions of a file's text; raises :class:`DecisionError` at the first bad line."""
    out = []
    for no, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.rstrip("\r\n").split("\t")]
        if len(fields) not in (4, 5):
            raise DecisionError(f"{path}:{no}: expected verdict, kind, name, name separated by TABs, "
                                f"got {len(fields)} field(s)")
        verdict, kind, a, b = fields[:4]
        if verdict not in VERDICTS:
            raise DecisionError(f"{path}:{no}: verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
        if kind not in DECISION_KINDS:
            raise DecisionError(f"{path}:{no}: kind {kind!r} is not one of person, org, proposal")
        if not a or not b:
            raise DecisionError(f"{path}:{no}: both names are needed")
        if a == b:
            raise DecisionError(f"{path}:{no}: a decision needs two different names, got {a!r} twice")
        out.append(Decision(verdict, DECISION_KINDS[kind], a, b, path, no, fields[4] if len(fields) == 5 else ""))
    return out


def read_decisions(path: str | os.PathLike) -> list[Decision]:
    """The decisions in a file; none when it does not exist."""
    path = Path(path)
    if not path.is_file():
        return []
    return parse_decisions(path.read_text(encoding="utf-8"), str(path))


def append_decision(path: str | os.PathLike, verdict: str, kind: str, a: str, b: str, note: str = "") -> Decision:
    """Add one decision at the end of the file (made, with its header, when missing)."""
    path = Path(path)
    for name in (a, b, note):
        if "\t" in name or "\n" in name:
            raise DecisionError(f"{path}: names and notes cannot hold TABs or line breaks: {name!r}")
    existing = path.read_text(encoding="utf-8") if path.is_file() else ""
    parse_decisions(existing, str(path))   # never append to a broken file
    decision = Decision(verdict, DECISION_KINDS.get(kind, kind), a, b, str(path), 0, note)
    parse_decisions(decision.text(), str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    text = existing or HEADER
    if not text.endswith("\n"):
        text += "\n"
    text += decision.text() + "\n"
    path.write_text(text, encoding="utf-8")
    return Decision(decision.verdict, decision.kind, a, b, str(path), text.count("\n"), note)
