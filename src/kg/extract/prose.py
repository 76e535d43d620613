"""Sessions told in prose: "The keynote lecture was given by X", "In the second session, chaired by
Y, ...", "Z delivered the closing remarks" (cues in :data:`rules.PROSE_SESSION_CUES`).

Examples
--------
>>> prose_session_cue("The keynote lecture was given by Prof. Aiko Tanabe.", weak=False)
(None, 'Keynote Lecture')
>>> prose_session_cue("In the second panel, moderated by Kai Berg, ...", weak=False)
(2, 'Panel 2')
>>> prose_session_cue("Dr. Kai Berg opened the meeting.", weak=False) is None
True
"""

from __future__ import annotations

from . import rules
from .cues import CuePattern

__all__ = ["has_prose_sessions", "prose_session_cue"]

#: The cues of :data:`rules.PROSE_SESSION_CUES`, each searched only in sentences holding its words.
_CUES = tuple((kind, CuePattern(pat), strong) for kind, pat, strong in rules.PROSE_SESSION_CUES)


def has_prose_sessions(text: str) -> bool:
    """Whether the text has a strong prose session cue (keynote, opening remarks, first panel...)."""
    return any(strong and pat.search(text) for _kind, pat, strong in _CUES)


def prose_session_cue(sentence: str, weak: bool) -> tuple[int | None, str] | None:
    """``(number, title)`` of the session a sentence opens, or ``None``; ``weak`` admits the weak
    cues ("X opened the meeting")."""
    for kind, pat, strong in _CUES:
        if not strong and not weak:
            continue
        m = pat.search(sentence)
        if not m:
            continue
        if kind == "Numbered":
            number = rules.ORDINALS[m.group("ord").lower()]
            return number, f"{m.group('title').capitalize()} {number}"
        if kind == "Keynote":
            return None, m.group("title").title()
        return None, kind
    return None
