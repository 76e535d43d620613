"""The fast paths of the extractor give exactly what the plain ones give.

Each speed-up (pre-checks on cue patterns, start anchors, patterns rewritten so that ``re`` can
skip ahead, the sentencizer rule applied to tokens) is compared with the plain formulation it
replaces, on report lines and on random texts made of the pieces that matter.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract import cues, dates, event, names, orgs, proposals, prose, rules, segment
from kg.extract.affiliations import _NATIONALITY
from kg.extract.core import _PARTICIPATION, _TOPIC
from kg.extract.cues import required_words, start_anchor

REPORTS = Path(__file__).parent.parent / "data" / "reports"
LINES = [ln for p in sorted(REPORTS.glob("*.txt"))
         for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()]
PIECES = ["Dr.", "Prof.", "Kai Berg", "KIM Ji-woo", "O'Brien", "D’Arcy", "Lee's", "de la", "Park, Ji-woo", "(", ")",
          "“", "”", "\"", "Quill Institute", "(QI)", "University", "Co.", "Inc", "of", "and", "the", ",", ".", "!", "?",
          "  ", "\n", "\t", "-", "–", "&", "_", "İ", "ı", "ſ", "K", "é", "Łukasz", "CO-HOSTED", "hosted by",
          "organized by", "experts from", "Japanese", "South Korean", "keynote speech", "opening remarks",
          "the second panel", "opened the meeting", "proposed", "suggested a joint handbook", "a proposal to",
          "2024", "2024.03.08", "15-16 November 2024", "May 17", "Sept.", "(Fri)", "~", "12:00", "1920", "19", "20",
          "IHJ", "U.S.", "etc.", "No.", "A.", "x"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=25).map(lambda ws: " ".join(ws)) | st.text(max_size=80)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CUE_PATTERNS = [proposals._GATE, proposals._CUE, proposals._ORG_CUE, proposals._STRONG, proposals._QUOTE,
                proposals._ACR_NAME, proposals._HEAD_NAME, proposals._PURPOSE, proposals._SET_CUES,
                proposals._LIST_CUES, proposals._NOUN_CUES, proposals._AGENDA_CUES, event._ORG_CUE,
                event.MEMBER_CUE, event._BY, _PARTICIPATION, _NATIONALITY,
                *(c for _k, c, _s in prose._CUES), *dates._PATTERNS, *dates._YEARLESS_PATTERNS]


def _spans(matches):
    return [(m.span(), m.groups()) for m in matches]


def test_case_odd_is_every_character_ignorecase_equates_with_an_ascii_letter():
    every = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    odd = set()
    for letter in string.ascii_lowercase:
        odd |= set(re.findall(letter, every, re.I)) - {letter, letter.upper()}
    assert odd == set(cues.CASE_ODD)


def test_required_words():
    assert required_words(re.compile(r"\b(?:co-hosted|hosted)\s+by\b", re.I)) == ("hosted",)
    assert required_words(re.compile(r"(?:keynote)?\s+talk")) == ("talk",)
    assert required_words(re.compile(r"a*b?")) is None
    assert required_words(re.compile(r"(?>ab|cd)e")) == ("ab", "cd")
    assert start_anchor(re.compile(r"\b(?:Jan|Feb)\s+\d+")).pattern == "Feb|Jan"
    assert start_anchor(re.compile(r"(?:aa|b)x")) is None          # "aa" occurrences overlap
    assert start_anchor(re.compile(r"(?i:Jan)")) is None


def test_cue_patterns_on_report_lines():
    for line in LINES:
        for cue in CUE_PATTERNS:
            assert _spans(cue.finditer(line)) == _spans(cue.pattern.finditer(line))
            assert bool(cue.search(line)) == bool(cue.pattern.search(line))
            assert cue.found(line) == bool(cue.pattern.search(line))


@FAST
@given(TEXTS)
def test_cue_patterns_on_random_text(text):
    for cue in CUE_PATTERNS:
        assert _spans(cue.finditer(text)) == _spans(cue.pattern.finditer(text))
        assert _spans(cue.finditer(text, 3, {})) == _spans(cue.pattern.finditer(text, 3))
        for fast, plain in ((cue.search(text), cue.pattern.search(text)), (cue.match(text), cue.pattern.match(text))):
            assert (fast and fast.span()) == (plain and plain.span())


def _plain_find_dates(text, year=None):
    """find_dates as it was: every pattern searched over the whole text."""
    hits, taken = [], []
    patterns = [(p, False) for p in rules.DATE_PATTERNS]
    if year is not None:
        patterns += [(p, True) for p in rules.YEARLESS_DATE_PATTERNS]
    for pat, yearless in patterns:
        for m in pat.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            g = dict(m.groupdict())
            if yearless:
                g["y"] = year
            start = dates._date(g["y"], dates._month(g.get("m")), g["d"])
            if start is None:
                continue
            taken.append(m.span())
            hits.append((m.start(), m.end(), start))
    return sorted(hits)


@FAST
@given(TEXTS, st.sampled_from([None, 2024]))
def test_find_dates_as_plain(text, year):
    assert [(h.start, h.end, h.start_date) for h in dates.find_dates(text, year)] == _plain_find_dates(text, year)


def test_find_dates_on_whole_reports():
    for path in sorted(REPORTS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for year in (None, 2024):
            found = [(h.start, h.end, h.start_date) for h in dates.find_dates(text, year)]
            assert found == _plain_find_dates(text, year)


def _plain_name_patterns():
    """The name patterns as first written: a look-behind, then a part."""
    part, particle = names._PART, names._PARTICLE
    return {"NAME_RE": re.compile(rf"(?<![\w-])(?:{part})(?:[ \t]+(?:{particle}[ \t]+){{0,2}}(?:{part})){{1,11}}(?![\w-])"),
            "_SINGLE_RE": re.compile(rf"(?<![\w-])(?:{part})(?![\w-])"),
            "_COMMA_NAME_RE": re.compile(rf"(?<![\w-])(?P<family>{part}),[ \t]+(?P<given>{part})(?=\s*\()")}


@FAST
@given(TEXTS)
def test_name_patterns_as_plain(text):
    for name, plain in _plain_name_patterns().items():
        assert _spans(getattr(names, name).finditer(text)) == _spans(plain.finditer(text))


@FAST
@given(st.lists(st.sampled_from(["Kai", "Berg", "KIM", "Ji-woo", "de", "la", "Japan", "South", "Korea", "University",
                                 "President", "IHJ", "Lee's", "O'Brien", "A", "Xyzzyxyzzyxyzzyxyzzyx"]), max_size=9))
def test_name_runs_judge_windows_as_valid_name(words):
    text = " ".join(words)
    for acronyms in (frozenset(), frozenset({"IHJ", "KIM"})):
        for m in names.NAME_RE.finditer(text):
            spans = [(w.start() + m.start(), w.end() + m.start()) for w in re.finditer(r"\S+", m.group())]
            expected, i = [], 0
            while i < len(spans):
                for j in range(min(len(spans), i + rules.MAX_NAME_PARTS + 2), i + 1, -1):
                    if names.valid_name(text[spans[i][0]:spans[j - 1][1]], acronyms):
                        expected.append((spans[i][0], spans[j - 1][1]))
                        i = j
                        break
                else:
                    i += 1
            assert names._name_runs(text, m, acronyms) == expected


def test_quick_org_pattern_as_plain():
    words = {h.capitalize() for h in rules.ORG_HEADS if h[0].isalpha()}
    words |= {h.capitalize() for h in rules.SINGLE_WORD_ORGS}
    plain = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words))) + r")\b|\b[A-Z][A-Z0-9&\-]*[A-Z0-9]\b")
    texts = LINES + [w + tail for w in sorted(words) for tail in ("", "s", ".", "-x", " ", "_")] + \
        ["x" + w for w in sorted(words)] + ["AB", "A", "A-", "A&B", "-AB", "U.S.", "Co.x", "ĀB"]
    for text in texts:
        assert bool(orgs._QUICK.search(text)) == bool(plain.search(text)), text


@FAST
@given(TEXTS)
def test_topic_pattern_as_plain(text):
    plain = re.compile(r"(?<![\w-])[A-Z][A-Z0-9]{2,9}(?![\w-])")
    assert _spans(_TOPIC.finditer(text)) == _spans(plain.finditer(text))


@FAST
@given(TEXTS)
def test_sentences_as_spacy_sentencizer(text):
    nlp = segment.sentence_splitter()

    def stripped(spans):
        out = []
        for s, e in spans:
            while e > s and text[e - 1].isspace():
                e -= 1
            out.append((s, e))
        return out

    assert stripped(segment._spacy_sentences(text)) == stripped((s.start_char, s.end_char) for s in nlp(text).sents)


END_TESTS = [(segment._INITIAL_END, 4), (segment._STOP_END, 2), (segment._ETC_END, 7), (segment._LINE_STOP_END, 2),
             (segment._ABBREV_END, 6)]
ENDS = st.lists(st.sampled_from(["x", "X", " ", ".", "!", "?", "。", "etc", ")", "\n", "No", "Dr", "J", "_", "é"]),
                max_size=8).map("".join)


@FAST
@given(ENDS)
def test_end_patterns_need_only_the_last_characters(text):
    for pattern, tail in END_TESTS:
        assert bool(pattern.search(text[-tail:])) == bool(pattern.search(text))


@FAST
@given(st.lists(st.sampled_from(["Dr.", "Prof.", "former", "Former", "Prime Minister", "U.S.", "Ambassador", "Mr",
                                 "Kai", "of", ",", " ", "  ", "\n", "x", "President", "Senior Fellow", "late"]),
                max_size=8).map(" ".join))
def test_honorific_tail_as_plain(before):
    for text in (before, before + " ", before + "\n"):
        m, plain = names._honorific_tail(text), names.HONORIFIC_TAIL.search(text)
        assert (m and m.span()) == (plain and plain.span())
