"""extract_text never raises, and always gives a valid record."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract import extract_text
from kg.record import validate_record

WORDS = ["Session 1:", "Prof.", "Dr.", "Kai Berg", "MORI Takeshi", "Park, Ji-woo", "(", ")", "“", "”",
         "Quill Institute", "(QI)", "University", "of", "and", ",", ".", "\n\n", "\n", "On May 2, 2024",
         "15-16 November 2024", "proposed", "moderated by", "Moderator:", "He", "co-hosted", "with",
         "President", "former", "Ambassador of Japan", "Opening Session", "at the", "in", "a proposal to"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises(text):
    validate_record(extract_text(text, "r.txt"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), max_size=60))
def test_report_like_text_never_raises(words):
    validate_record(extract_text(" ".join(words), "r.txt"))


@pytest.mark.slow
def test_ten_megabytes_finishes():
    para = ("Session 3: Rivers\n\nKai Berg, Professor at Dunmore University, argued that rivers matter. "
            "He proposed a River Data Network (RDN).\n\n")
    text = para * (10_000_000 // len(para))
    t0 = time.perf_counter()
    rec = extract_text(text, "big.txt")
    assert time.perf_counter() - t0 < 120
    validate_record(rec)


def test_long_single_line_is_linear():
    text = "word " * 200_000
    t0 = time.perf_counter()
    extract_text(text, "line.txt")
    assert time.perf_counter() - t0 < 30


@pytest.mark.parametrize("line", ["Venue: (online)", "Venue: , Port Aster", "Venue: ;"])
def test_a_venue_line_opening_with_punctuation_does_not_stop_extraction(line):
    record = extract_text(f"{line}\nSession 1: Tides\nModerated by Ana Lind of the Quill Institute.\n", "v.txt")
    assert record["sessions"][0]["chairs"] == ["Ana Lind"]
