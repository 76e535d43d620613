"""Extraction patterns on small fictional snippets (no real people or organisations)."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract import extract_text
from kg.extract.dates import find_dates
from kg.extract.names import find_mentions, normalise_name
from kg.extract.orgs import OrgRegistry, find_orgs
from kg.extract.proposals import find_proposals
from kg.extract.segment import session_heading
from kg.record import validate_record


def people(rec):
    return {p["name"]: [(a["org"], a["title"]) for a in p["affiliations"]] for p in rec["people"]}


def check_evidence(rec, text):
    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "evidence":
                    assert text[v["start"]:v["end"]] == v["text"]
                elif k in ("role_evidence", "organizer_evidence"):
                    for ev in v.values():
                        assert text[ev["start"]:ev["end"]] == ev["text"]
                else:
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(rec)


@pytest.mark.parametrize("raw, name", [
    ("MORI Takeshi", "Mori Takeshi"),
    ("Park, Ji-woo", "Park Ji-woo"),
    ("Daniel OKAFOR", "Daniel Okafor"),
    ("Aiko Tanabe", "Aiko Tanabe"),
])
def test_normalise_name(raw, name):
    assert normalise_name(raw) == name


@pytest.mark.parametrize("sentence, name, hon", [
    ("Mr. Daniel OKAFOR spoke.", "Daniel Okafor", "Mr."),
    ("Ambassador Rin Maeda, Ambassador of Japan to Freedonia, spoke.", "Rin Maeda", "Ambassador"),
    ("Prof. Okada Ren from Shizuoka Fictional University argued.", "Okada Ren", "Prof."),
    ("A/Prof Mira Lund of Westvale University noted.", "Mira Lund", "A/Prof"),
    ("Dato' Aziz Rahman, Chairman of the Fictional Maritime Institute, spoke.", "Aziz Rahman", "Dato'"),
])
def test_honorifics_dropped(sentence, name, hon):
    m = find_mentions(sentence)[0]
    assert (m.name, m.honorific) == (name, hon)


AFFILIATIONS = [
    ("Sora Ito, Research Fellow at the Quill Institute, noted that rivers matter.",
     "Sora Ito", [("Quill Institute", "Research Fellow")]),
    ("Research Fellow Sora Ito of the Quill Institute noted that rivers matter.",
     "Sora Ito", [("Quill Institute", "Research Fellow")]),
    ("The Quill Institute's President Sora Ito noted that rivers matter.",
     "Sora Ito", [("Quill Institute", "President")]),
    ("Hana Sato (Senior Advisor of Lee & Partners) noted that rivers matter.",
     "Hana Sato", [("Lee & Partners", "Senior Advisor")]),
    ("Hana Sato (Editor, Coastal Times) noted that rivers matter.",
     "Hana Sato", [("Coastal Times", "Editor")]),
    ("Prof. Okada Ren from Shizuoka Fictional University argued that rivers matter.",
     "Okada Ren", [("Shizuoka Fictional University", "Professor")]),
    ("Lena Varga, a professor at Greenhill College, noted that rivers matter.",
     "Lena Varga", [("Greenhill College", "professor")]),
    ("Professor Lena Varga of Greenhill College of Arts noted that rivers matter.",
     "Lena Varga", [("Greenhill College of Arts", "Professor")]),
    ("Kai Berg, President of the Lakeside Policy Centre (LPC) and Dunmore University Board Member, spoke.",
     "Kai Berg", [("Lakeside Policy Centre", "President"), ("Dunmore University", "Board Member")]),
    ("Rin Maeda, former Ambassador of the Republic of Korea to Freedonia, spoke.",
     "Rin Maeda", [("Government of the Republic of Korea",
                    "former Ambassador of the Republic of Korea to Freedonia")]),
    ("Rin Maeda, former Vice Minister of Foreign Affairs of Japan, spoke.",
     "Rin Maeda", [("Ministry of Foreign Affairs of Japan", "former Vice Minister of Foreign Affairs of Japan")]),
    ("Rin Maeda, Member of the House of Representatives, spoke.",
     "Rin Maeda", [("House of Representatives", "Member")]),
]


@pytest.mark.parametrize("text, name, affs", AFFILIATIONS)
def test_affiliation_patterns(text, name, affs):
    rec = extract_text(text, "t.txt")
    assert people(rec)[name] == affs
    check_evidence(rec, text)


def test_acronym_defined_then_used():
    text = ("The Lakeside Policy Centre (LPC) hosted the dialogue.\n\n"
            "Kai Berg, Senior Fellow at LPC, argued that lakes matter.")
    rec = extract_text(text, "t.txt")
    assert people(rec)["Kai Berg"] == [("Lakeside Policy Centre", "Senior Fellow")]
    org = next(o for o in rec["organizations"] if o["name"] == "Lakeside Policy Centre")
    assert org["aliases"] == ["LPC"] and org["kind"] == "think_tank"


@pytest.mark.parametrize("name, kind", [
    ("Northfield University", "university"), ("Quill Institute", "think_tank"),
    ("Ministry of Lakes", "government"), ("National Assembly", "legislature"),
    ("Coastal Shimbun", "media"), ("Lee & Partners", "company"),
])
def test_org_kinds(name, kind):
    reg = OrgRegistry()
    hits = find_orgs(f"She spoke at the {name} yesterday.", reg)
    assert [h.name for h in hits] == [name]
    assert reg.get(name).kind == kind


def test_short_form_resolves_to_full_name():
    reg = OrgRegistry()
    find_orgs("the Harbor Institute for Ocean Studies met.", reg)
    assert reg.resolve("Harbor Institute") == "Harbor Institute for Ocean Studies"


@pytest.mark.parametrize("text, start, end", [
    ("On October 15, 2025, the meeting", "2025-10-15", None),
    ("November 15 - 16, 2024", "2024-11-15", "2024-11-16"),
    ("April 27-28, 2005", "2005-04-27", "2005-04-28"),
    ("2024.03.08.(Fri) - 03.09.(Sat)", "2024-03-08", "2024-03-09"),
    ("15-16 November 2024", "2024-11-15", "2024-11-16"),
    ("2025.12.16", "2025-12-16", None),
    ("November 30 – December 1, 2024", "2024-11-30", "2024-12-01"),
])
def test_dates(text, start, end):
    h = find_dates(text)[0]
    assert h.start_date.isoformat() == start
    assert (h.end_date.isoformat() if h.end_date else None) == end


def test_published_date_under_news():
    text = "News\n\n2025.12.16\n\nFictional Harbor Dialogue\n\nOn October 15, 2025, the Quill Institute hosted it."
    rec = extract_text(text, "t.txt")
    assert rec["source"]["published"] == dt.date(2025, 12, 16)
    assert rec["event"]["start"] == dt.date(2025, 10, 15)
    assert rec["event"]["kind"] == "dialogue"


@pytest.mark.parametrize("heading, expected", [
    ("Session 1: Rivers and Lakes", (1, "Rivers and Lakes")),
    ("Session II: Rivers", (2, "Rivers")),
    ("[Sub-Session 2] Coastal Trade", (2, "Coastal Trade")),
    ("Panel 3", (3, "Panel 3")),
    ("Opening Session", (None, "Opening Session")),
    ("Closing Session", (None, "Closing Session")),
    ("Keynote Speech", (None, "Keynote Speech")),
    ("Congratulatory Remarks & Keynote Speech", (None, "Congratulatory Remarks & Keynote Speech")),
    ("Opening Remarks", (None, "Opening Remarks")),
    ("Conclusion", None),
    ("Workshop Themes and Discussions", None),
])
def test_session_headings(heading, expected):
    assert session_heading(heading) == expected


@pytest.mark.parametrize("sentence", [
    "On May 2, 2024, the Quill Institute co-hosted the dialogue with the Harbor Foundation.",
    "The Quill Institute, in collaboration with the Harbor Foundation, convened the dialogue.",
    "The dialogue was jointly hosted by the Quill Institute and the Harbor Foundation.",
])
def test_organizers(sentence):
    rec = extract_text("Fictional Dialogue\n\n" + sentence, "t.txt")
    assert rec["event"]["organizers"] == ["Quill Institute", "Harbor Foundation"]
    check_evidence(rec, "Fictional Dialogue\n\n" + sentence)


def test_venue_is_not_organizer():
    text = "On May 2, 2024, the Quill Institute convened the dialogue at the Harbor Foundation in Lakeside."
    rec = extract_text(text, "t.txt")
    assert rec["event"]["organizers"] == ["Quill Institute"]
    assert rec["event"]["location"] == "Harbor Foundation, Lakeside"


@pytest.mark.parametrize("sentence, names", [
    ("She suggested creating a Pacific Fictional Data Exchange (PFDX).", ["Pacific Fictional Data Exchange"]),
    ("He called for a “Lake Compact” concept.", ["Lake Compact"]),
    ("He proposed structuring talks through the ABC-DE framework.", ["ABC-DE framework"]),
    ("One concrete proposal involved joint patrols of rivers.", ["joint patrols of rivers"]),
    ("The session ended with a proposal to create new river charters for towns.", ["new river charters for towns"]),
    ("He called for closer cooperation on floods.", []),
    ("Presenters proposed ideas, including cooperation in the rice and wheat sectors, as well as "
     "support for ferries.", ["cooperation in the rice sector", "cooperation in the wheat sector",
                              "support for ferries"]),
])
def test_proposals(sentence, names):
    assert [p.name for p in find_proposals(sentence)] == names


def test_proposer_pronoun_and_session():
    text = ("Session 2: Rivers\n\nKai Berg, Senior Fellow at the Quill Institute, noted that rivers matter. "
            "He suggested creating a River Data Network (RDN).")
    rec = extract_text(text, "t.txt")
    prop = rec["proposals"][0]
    assert (prop["name"], prop["aliases"], prop["proposed_by"], prop["session"]) == \
        ("River Data Network", ["RDN"], ["Kai Berg"], 2)
    check_evidence(rec, text)


def test_programme_lists_and_roles():
    text = ("Panel 1: Water\n\nModerator: MORI Takeshi (Professor, Northfield University)\n"
            "Panelists: Park, Ji-woo (Researcher at Eastbay Institute); Hana Sato (Senior Advisor of Lee & Partners)\n"
            "Discussant: Lena Varga (Lecturer, Greenhill College)")
    rec = extract_text(text, "t.txt")
    s = rec["sessions"][0]
    assert (s["chairs"], s["speakers"], s["discussants"]) == \
        (["Mori Takeshi"], ["Park Ji-woo", "Hana Sato"], ["Lena Varga"])
    assert people(rec)["Park Ji-woo"] == [("Eastbay Institute", "Researcher")]
    check_evidence(rec, text)


def test_chair_cues_and_discussant():
    text = ("Session 1: Trade\n\nModerated by Rin Maeda, Director of the Quill Institute, the session began.\n\n"
            "Kai Berg, Professor at Dunmore University, argued that trade matters.\n\n"
            "Lena Varga of Greenhill College, the session's discussant, raised questions.")
    rec = extract_text(text, "t.txt")
    s = rec["sessions"][0]
    assert (s["chairs"], s["speakers"], s["discussants"]) == (["Rin Maeda"], ["Kai Berg"], ["Lena Varga"])
    assert set(s["role_evidence"]) == {"Rin Maeda", "Kai Berg", "Lena Varga"}


def test_no_headed_sessions_gives_one_unnamed_session():
    text = ("Students hosted a seminar on April 27-28, 2005.\n\n"
            "Dr. Lena Varga, Director of the Harbor Studies Institute, opened the seminar. "
            "Tom Reyes (Editor, Coastal Times) noted that fishing had declined.")
    rec = extract_text(text, "t.txt")
    assert [(s["number"], s["speakers"]) for s in rec["sessions"]] == [(None, ["Lena Varga", "Tom Reyes"])]


def test_person_only_talked_about_is_not_a_participant():
    text = ("Session 1: Trade\n\nThe return of former Freedonian President Rufus Firefly worried many. "
            "Kai Berg, Professor at Dunmore University, argued that trade matters.")
    rec = extract_text(text, "t.txt")
    assert list(people(rec)) == ["Kai Berg"]


def test_text_with_no_event_is_a_valid_empty_record():
    rec = extract_text("just some words without any event at all", "t.txt")
    validate_record(rec)
    assert rec["people"] == [] and rec["sessions"] == [] and rec["event"]["start"] is None
