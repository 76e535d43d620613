"""Prose-only sessions, yearless dates, prose proposers (fictional names throughout)."""

from kg.extract.core import extract_text
from kg.extract.dates import find_dates
from kg.extract.prose import prose_session_cue
from kg.extract.segment import session_heading


def _roles(rec):
    return {(s["number"], s["title"]): (s["chairs"], s["speakers"], s["discussants"]) for s in rec["sessions"]}


def test_prose_sessions_keynote_panel_opening():
    text = ("Campus Bulletin\nPosted May 22, 2024\n\n"
            "Students met last Friday, May 17, for a symposium hosted by the Lakeside Centre for Rivers.\n\n"
            "Opening the symposium, Professor Toma Ilves of Lakeside University said exchanges mattered.\n\n"
            "The keynote lecture was given by Professor Ria Vantol of Hillcrest University. She proposed a "
            "River Data Sharing Program for schools.\n\n"
            "In the panel that followed, moderated by Dr. Oren Maple of Lakeside University, students spoke. "
            "Kip Dunmore, a student at Hillcrest University, spoke about ferries.\n")
    rec = extract_text(text, "r.txt")
    roles = _roles(rec)
    assert roles[(None, "Opening")] == ([], ["Toma Ilves"], [])
    assert roles[(None, "Keynote Lecture")] == ([], ["Ria Vantol"], [])
    assert roles[(None, "Panel")] == (["Oren Maple"], ["Kip Dunmore"], [])
    assert str(rec["event"]["start"]) == "2024-05-17"
    assert rec["proposals"][0]["proposed_by"] == ["Ria Vantol"]


def test_numbered_prose_session_and_closing_remarks():
    assert prose_session_cue("In the second session, chaired by Kai Berg, ...", weak=False) == (2, "Session 2")
    assert prose_session_cue("Ada Pell delivered the closing remarks.", weak=False) == (None, "Closing")
    assert prose_session_cue("In her concluding remarks she thanked all.", weak=False) is None
    assert prose_session_cue("Ada Pell opened the meeting.", weak=False) is None
    assert prose_session_cue("Ada Pell opened the meeting.", weak=True) == (None, "Opening")


def test_single_panel_stays_one_unnamed_session():
    text = ("Newsletter\nPublished 3 November 2023\n\n"
            "On 12 October the Fjord Policy Network held a roundtable. The meeting was opened by our "
            "director, Sven Tallow, Director of the Fjord Policy Network, who welcomed guests.\n\n"
            "The first contribution came from Liv Orrin, Director of Research at the Birch Institute, "
            "who spoke on ports.\n\n"
            "The discussion was moderated throughout by Ulla Brenn, a board member of the Fjord Policy Network.\n")
    rec = extract_text(text, "r.txt")
    assert len(rec["sessions"]) == 1
    s = rec["sessions"][0]
    assert s["number"] is None and s["chairs"] == ["Ulla Brenn"]
    assert s["speakers"] == ["Sven Tallow", "Liv Orrin"]
    assert str(rec["event"]["start"]) == "2023-10-12"


def test_opening_before_headings_and_possessive_titles():
    text = ("Fictional River Dialogue\nEvent report | 8 December 2023\n\n"
            "The dialogue was held in Tarn on November 27–28, 2023, organized by the Tarn Peace Foundation (TPF).\n\n"
            "The Foundation's chairman Orvo Kettu opened the dialogue. TPF's president Lumi Saari replied.\n\n"
            "Session 1: Floods\n\n"
            "The first session was chaired by TPF's vice president Aino Pelto. Speakers were Eero Vanha, "
            "a fellow at TPF, and Ilmari Koski, a professor at Tarn University. The two presented a joint "
            "paper calling for a Tarn Flood Early Warning Hotline.\n")
    rec = extract_text(text, "r.txt")
    roles = _roles(rec)
    assert roles[(None, "Opening")] == ([], ["Orvo Kettu", "Lumi Saari"], [])
    assert roles[(1, "Floods")] == (["Aino Pelto"], ["Eero Vanha", "Ilmari Koski"], [])
    assert rec["proposals"][0]["proposed_by"] == ["Eero Vanha", "Ilmari Koski"]


def test_surnames_and_family_comma_as_proposers():
    text = ("Fictional Colloquium\n\nDate: 2023.11.02\n\n"
            "Session 1: Islands\n"
            " - Presentation: Varo, Ilse (Researcher, Nord Institute)\n"
            " - Presentation: Kemp, Jori (Fellow, Nord Institute)\n\n"
            "Main Results\n"
            " - In Session 1, Varo, Ilse proposed an Island Ferry Observatory for both islands.\n"
            " - Varo and Kemp jointly proposed a Coastal Exchange Program between the provinces.\n")
    rec = extract_text(text, "r.txt")
    props = {p["name"]: p["proposed_by"] for p in rec["proposals"]}
    assert props["Island Ferry Observatory"] == ["Varo Ilse"]
    assert props["Coastal Exchange Program"] == ["Varo Ilse", "Kemp Jori"]
    assert [s["title"] for s in rec["sessions"]] == ["Islands"]


def test_yearless_dates():
    hits = find_dates("from 30 October – 1 November 2024")
    assert (str(hits[0].start_date), str(hits[0].end_date)) == ("2024-10-30", "2024-11-01")
    hits = find_dates("on May 17-18", 2024)
    assert (str(hits[0].start_date), str(hits[0].end_date)) == ("2024-05-17", "2024-05-18")
    assert find_dates("on 12 October") == []
    rec = extract_text("Note\nPublished 10 January 2024\n\nOn 12 December the Birch Institute held a "
                       "seminar.\n", "r.txt")
    assert str(rec["event"]["start"]) == "2023-12-12"


def test_bulleted_role_entry_is_no_session():
    assert session_heading(" - Opening Remarks: Varo, Ilse (President, Nord Institute)") is None
    assert session_heading("Opening Remarks") == (None, "Opening Remarks")
