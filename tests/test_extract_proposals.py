"""Proposals introduced with "a/an" after a cue, lower-case proposals after strong cues, and proposers."""

from __future__ import annotations

import pytest

from kg.extract import extract_text
from kg.extract.proposals import find_proposals


@pytest.mark.parametrize("sentence, name", [
    ("Vell will set out the case for a Corvan Resilience Bond Facility, a pooled bond.",
     "Corvan Resilience Bond Facility"),
    ("Tarn suggested that the two governments set up a Northmere Minerals Stockpile Pool, drawing on reserves.",
     "Northmere Minerals Stockpile Pool"),
    ("She proposed the creation of a Velda–Osk Coast Guard Academy Network, linking training bodies.",
     "Velda–Osk Coast Guard Academy Network"),
    ("The two presented a paper calling for a Velda–Osk Storm Warning Hotline linking the agencies.",
     "Velda–Osk Storm Warning Hotline"),
    ("Dr. Arn proposed an OSKA Power Grid Co-Investment Platform that would let investors buy in.",
     "OSKA Power Grid Co-Investment Platform"),
    ("Ima Tarn suggested a bilateral flood-risk data exchange between insurers, noting the gaps.",
     "bilateral flood-risk data exchange between insurers"),
])
def test_named_and_lower_case_proposals(sentence, name):
    hits = find_proposals(sentence)
    assert [h.name for h in hits] == [name]
    assert hits[0].aliases == []


@pytest.mark.parametrize("sentence", [
    "He called for a stronger role for Velda in the region.",
    "She suggested a different approach to the issue.",
    "He proposed an Orlen Institute study of the issue.",
    "The institute set up a working group last year.",
])
def test_no_proposal_without_a_named_thing(sentence):
    assert find_proposals(sentence) == []


def test_pronoun_proposer_is_last_participant_named():
    text = ("Fictional Ice Roundtable\n\nOn May 2, 2024, the Quill Institute hosted the roundtable.\n\n"
            "The first contribution came from Ines Varga, Director of Research at the Quill Institute, "
            "who traced the rise in polar transits. She proposed an Osk Shipping Transparency Register, "
            "a voluntary public database.\n")
    rec = extract_text(text, "r.txt")
    assert [(p["name"], p["proposed_by"]) for p in rec["proposals"]] == \
        [("Osk Shipping Transparency Register", ["Ines Varga"])]


def test_bulleted_surname_proposer():
    text = ("Fictional Grid Workshop\n\nOn May 2, 2024, the Quill Institute hosted the workshop.\n\n"
            "Session 1: Grids\n\nDr. Pell Orrin, Professor at Dunmore University, spoke on grids.\n\n"
            "  - Dr. Orrin put forward a Regional Grid Guarantee Facility (RGGF) for plant retirement.\n")
    rec = extract_text(text, "r.txt")
    assert [(p["name"], p["proposed_by"]) for p in rec["proposals"]] == \
        [("Regional Grid Guarantee Facility", ["Pell Orrin"])]
