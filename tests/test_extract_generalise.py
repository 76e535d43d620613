"""Generalisation patterns: programmes, bullets, particles, comma names, headings (fictional data)."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract import extract_text
from kg.extract.affiliations import parse_credentials
from kg.extract.dates import find_dates
from kg.extract.names import find_mentions
from kg.extract.orgs import OrgRegistry, find_orgs
from kg.extract.segment import session_heading


def roles(rec):
    return {(s["number"], s["title"]): (s["chairs"], s["speakers"], s["discussants"]) for s in rec["sessions"]}


def affs(rec):
    return {p["name"]: [a["org"] for a in p["affiliations"]] for p in rec["people"]}


@pytest.mark.parametrize("heading, expected", [
    ("Session One: Tides", (1, "Tides")),
    ("09:30–09:50 Opening Remarks", (None, "Opening Remarks")),
    ("10:35–12:00 Panel 1: Data Sharing", (1, "Data Sharing")),
    ("■ Session 2 (11.02. 16:20~18:00) Harbours", (2, "Harbours")),
    ("12:00–13:15 Lunch", None),
])
def test_session_headings(heading, expected):
    assert session_heading(heading) == expected


@pytest.mark.parametrize("sentence, name", [
    ("Ms. Anneke de Wilde spoke.", "Anneke de Wilde"),
    ("Maria del Carmen Lopez Garcia of the Quill Institute presented.", "Maria del Carmen Lopez Garcia"),
])
def test_names_with_particles(sentence, name):
    assert find_mentions(sentence)[0].name == name


@pytest.mark.parametrize("text, name", [
    ("Director of the Institute of Rivers, Lakes and Oceans, spoke", "Institute of Rivers, Lakes and Oceans"),
    ("at the Ministry of Land, Tides and Harbours (MLTH)", "Ministry of Land, Tides and Harbours"),
    ("Senior Vice President of Quillon Shipping Co., Ltd., acted", "Quillon Shipping Co., Ltd"),
    ("the Dunmore Centre for Policy Dialogue (DCPD) met", "Dunmore Centre for Policy Dialogue"),
    ("the Brightport Coastal Research Institute said", "Brightport Coastal Research Institute"),
])
def test_org_names_with_commas_and_inner_words(text, name):
    assert [h.name for h in find_orgs(text, OrgRegistry())][0] == name


def test_comma_list_does_not_swallow_people():
    hits = find_orgs("with the University of Brightport, Kai Berg and Lena Varga spoke", OrgRegistry())
    assert [h.name for h in hits] == ["University of Brightport"]


@pytest.mark.parametrize("text, org", [
    ("Professor, Graduate School of Engineering, Dunmore University", "Dunmore University"),
    ("Faculty of Law, Hokuvale University", "Hokuvale University"),
    ("former Ambassador of Freedonia to Japan", "Government of Freedonia"),
    ("former Ambassador of Viet Nam to Japan", "Government of Viet Nam"),
])
def test_credentials(text, org):
    assert parse_credentials(text, OrgRegistry())[0][0] == org


def test_programme_with_time_slots_and_lists():
    text = ("Fictional Harbour Conference\n\nDate: 14 September 2023\nVenue: Hotel Quillon, Brightport\n"
            "Organised by the Quill Institute (QI) and the Harbor Fund (HF)\n\n"
            "09:30–09:50 Opening Remarks\n  Dr. Aiko Tanabe (President, Quill Institute)\n\n"
            "10:00–12:00 Panel 1: Tides\n  Chair: Prof. Rin Maeda (Professor, Dunmore University)\n"
            "  Speakers:\n    Dr. Kai Berg (Senior Researcher, Harbor Fund)\n"
            "    Ms. Anneke de Wilde (Head of Programmes, Harbor Fund)\n"
            "  Discussant: Dr. Lena Varga (Research Fellow, QI)\n\n12:00–13:00 Lunch\n")
    rec = extract_text(text, "t.txt")
    r = roles(rec)
    assert r[(None, "Opening Remarks")] == ([], ["Aiko Tanabe"], [])
    assert r[(1, "Tides")] == (["Rin Maeda"], ["Kai Berg", "Anneke de Wilde"], ["Lena Varga"])
    assert rec["event"]["organizers"] == ["Quill Institute", "Harbor Fund"]
    assert "Hotel Quillon" in [o["name"] for o in rec["organizations"]]


def test_bulleted_labels_and_header_labels():
    text = ("SUMMARY REPORT\nFictional Workshop on Tides\n\n- Date: March 3rd, 2023\n"
            "- Organisers: Quill Centre for Policy Dialogue (QCPD) and Harbor Energy Forum (HEF)\n\n"
            "Session 1 – What do tides cost?\n- Moderator: Dr. Rin Maeda (Senior Fellow, QCPD)\n"
            "- Presenters: Mr. Kai Berg (Dunmore University), Ms. Ong Pei Lin (Tide Finance Hub)\n"
            "- Remarks 2: Ms. Lena Varga, Managing Director, HEF\n")
    rec = extract_text(text, "t.txt")
    assert rec["event"]["organizers"] == ["Quill Centre for Policy Dialogue", "Harbor Energy Forum"]
    assert roles(rec)[(1, "What do tides cost?")] == (["Rin Maeda"], ["Kai Berg", "Ong Pei Lin", "Lena Varga"], [])
    assert affs(rec)["Lena Varga"] == ["Harbor Energy Forum"]


def test_family_comma_programme():
    text = ("Session 1: Islands\n - Chair: Yang, Mi-rae (Professor, Faculty of Tourism, Halvik University)\n"
            " - Presentation 1: Lim, Seo-ha (Senior Researcher, Coastal Quill Research Institute)\n")
    rec = extract_text(text, "t.txt")
    assert roles(rec)[(1, "Islands")] == (["Yang Mi-rae"], ["Lim Seo-ha"], [])
    assert affs(rec) == {"Yang Mi-rae": ["Halvik University"], "Lim Seo-ha": ["Coastal Quill Research Institute"]}


def test_subject_without_speech_verb_is_not_a_speaker():
    text = ("Session 1: Tides\n\nProf. Okada Ren from Brightport Fictional University said that tides matter. "
            "President Joe Quill has raised harbour fees, Okada said. The Quill Institute's President Sora Ito "
            "also spoke.")
    rec = extract_text(text, "t.txt")
    assert roles(rec)[(1, "Tides")] == ([], ["Okada Ren", "Sora Ito"], [])
    assert "Joe Quill" not in affs(rec)


def test_the_late_and_names_inside_credentials_are_not_participants():
    text = ("Fictional Dialogue\n\nThe dialogue honoured the late Prof. Goro Quill, founding president of the "
            "Quill Institute.\n\nKeynote Address\n  Ms. Luu Minh Thi (former Ambassador of Viet Nam to Japan)\n")
    rec = extract_text(text, "t.txt")
    assert affs(rec) == {"Luu Minh Thi": ["Government of Viet Nam"]}


def test_appositive_over_org_name_with_comma():
    text = ("Session 1: Tides\n\nMr. QUILL Ren, former Director-General at the Ministry of Land, Tides and "
            "Harbours (MLTH) and now Visiting Professor at Halvik University, suggested that ports cooperate.")
    rec = extract_text(text, "t.txt")
    assert affs(rec)["Quill Ren"] == ["Ministry of Land, Tides and Harbours", "Halvik University"]
    assert roles(rec)[(1, "Tides")][1] == ["Quill Ren"]


def test_day_ranges_and_published_dates():
    assert find_dates("on 2 and 3 November 2022")[0].end_date == dt.date(2022, 11, 3)
    text = ("Activity Report\n\nFictional Tide Workshop\n2–3 November 2022, Brightport\n\nPosted on 2022-11-21\n\n"
            "The Quill Institute convened the workshop in Brightport on 2 and 3 November 2022.")
    rec = extract_text(text, "t.txt")
    assert rec["event"]["start"] == dt.date(2022, 11, 2)
    assert rec["event"]["title"] == "Fictional Tide Workshop"


@pytest.mark.parametrize("text, title", [
    ("【Event Report】2025 Fictional Tide Dialogue – Harbours in an Era of Change: A New Horizon for Quiet "
     "Cooperation Between Two Fictional Coastal Cities –\n\nOn May 2, 2025, it met.",
     "2025 Fictional Tide Dialogue – Harbours in an Era of Change: A New Horizon for Quiet Cooperation "
     "Between Two Fictional Coastal Cities"),
    ("On May 2, 2025, the Quill Institute convened the “Fictional Tide Dialogue 2025” in Brightport. It met.",
     "Fictional Tide Dialogue 2025"),
])
def test_titles(text, title):
    assert extract_text(text, "t.txt")["event"]["title"] == title
