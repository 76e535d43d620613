"""Extraction rules as named data: the one place to read or change them.

Every word list and pattern the extractor relies on lives here (cue verbs,
honorifics, titles, organisation words, heading and date patterns), in the
manner of trafilatura's ``xpaths.py``.  Code modules import these names and
hold no vocabulary of their own.  Everything here is a constant: importing
this module compiles a few regular expressions and does nothing else.

Lists are matched case-insensitively unless their name says otherwise.
"""

from __future__ import annotations

import re

__all__ = [
    "HONORIFICS", "HONORIFIC_TITLES", "NAME_PARTICLES", "MAX_NAME_PARTS", "TITLES", "TITLE_WORDS", "ORG_HEADS", "ORG_HEAD_KIND",
    "ORG_NAME_KIND", "ORG_PHRASE_KIND", "ORG_SUBUNIT_HEADS", "ACADEMIC_UNIT_HEADS", "ORG_INNER_WORDS", "ORG_CONNECTORS", "SINGLE_WORD_ORGS", "ORG_LEFT_STOP", "ORG_RIGHT_STOP", "KNOWN_MEDIA",
    "COUNTRIES", "NATIONALITIES", "GOVERNMENT_POSTS", "MINISTRY_POST", "NON_NAME_WORDS",
    "CHAIR_CUES", "CHAIR_LABELS", "SPEAKER_CUES", "SPEAKER_LABELS", "DISCUSSANT_CUES",
    "DISCUSSANT_LABELS", "PARTICIPATION_CUES", "MEMBER_FROM_CUES", "PROPOSAL_VERB_CUES",
    "PROPOSAL_NOUN_CUES", "PROPOSAL_LIST_CUES", "PROPOSAL_HEADS", "PROPOSAL_PURPOSE_VERBS",
    "PROPOSAL_LEAD_VERBS", "PROPOSAL_AGENDA_CUES", "PROPOSAL_SET_CUES", "ORGANIZER_CUES",
    "ORGANIZER_LABELS", "VENUE_LABELS", "BULLET", "VENUE_CUES", "EVENT_KINDS_WORDS",
    "SESSION_HEADINGS", "UNNUMBERED_SESSION_HEADINGS", "NOT_SESSION_HEADINGS", "MONTHS",
    "ROMAN", "ORDINALS", "CARDINALS", "HEADING_LEAD", "TIME_SLOT", "PROSE_SESSION_CUES", "SPEAKER_BEFORE", "ROLE_LIST_SENTENCE", "DATE_PATTERNS", "YEARLESS_DATE_PATTERNS", "PUBLISHED_CUES", "EVENT_DATE_CUES", "SKIP_TITLE_LINES",
    "TITLE_PREFIX", "PRONOUNS", "SENTENCE_ABBREVIATIONS", "UNNAMED_SESSION_TITLE",
]

# ---------------------------------------------------------------------------
# people
# ---------------------------------------------------------------------------

#: Forms of address written before a name; dropped from the name.  Longest first.
HONORIFICS = (
    "His Excellency", "Her Excellency", "H.E.", "A/Prof.", "A/Prof", "Assoc. Prof.", "Asst. Prof.",
    "Associate Professor", "Assistant Professor", "Professor", "Prof.", "Prof", "Dr.", "Dr",
    "Ambassador", "Amb.", "Rep.", "Sen.", "Hon.", "Mr.", "Mr", "Ms.", "Ms", "Mrs.", "Mrs",
    "Dato'", "Dato’", "Datuk", "Tan Sri", "Sir", "Dame", "Gen.", "General", "Adm.", "Admiral",
    "Col.", "Lt. Gen.", "Minister", "Vice Minister", "Deputy Minister", "Governor", "Mayor",
    "Senator", "Representative", "Congressman", "Congresswoman", "Chairman", "Chairwoman",
    "President", "Prime Minister", "Director", "Dean", "Judge", "Justice", "Rev.",
)

#: Honorifics that also state a position: honorific -> title to record when no other is given.
HONORIFIC_TITLES = {
    "professor": "Professor", "prof.": "Professor", "prof": "Professor",
    "associate professor": "Associate Professor", "a/prof": "Associate Professor",
    "a/prof.": "Associate Professor", "assoc. prof.": "Associate Professor",
    "assistant professor": "Assistant Professor", "asst. prof.": "Assistant Professor",
    "ambassador": "Ambassador", "amb.": "Ambassador", "rep.": "Member", "senator": "Senator",
    "director": "Director", "dean": "Dean", "president": "President",
}

#: Positions written as "Title of Org", "Org Title", "Name, Title".  Longest first is not needed:
#: matching picks the longest title at a position.
TITLES = (
    "President", "Vice President", "Executive Vice President", "Research Fellow",
    "Senior Research Fellow", "Visiting Research Fellow", "Fellow", "Senior Fellow",
    "Non-Resident Fellow", "Professor", "Associate Professor", "Assistant Professor",
    "Professor Emeritus", "Emeritus Professor", "Visiting Professor", "Member", "Director",
    "Director-General", "Director General", "Deputy Director", "Executive Director",
    "Managing Director", "Board Member", "Member of the Board", "Honorary Chairman", "Chairman",
    "Chairwoman", "Chair", "Vice Chairman", "Special Advisor", "Special Adviser", "Senior Advisor",
    "Senior Adviser", "Advisor", "Adviser", "Vice Minister", "Deputy Minister", "Minister",
    "Ambassador", "Researcher", "Senior Researcher", "Research Associate", "Analyst",
    "Senior Analyst", "Editor", "Editorial Writer", "Senior Editor", "Editor-in-Chief",
    "Correspondent", "Journalist", "Reporter", "Columnist", "Dean", "Lecturer",
    "Senior Lecturer", "Head", "Chief", "Chief Executive Officer", "CEO", "Founder",
    "Co-Founder", "Partner", "Secretary-General", "Secretary General", "Secretary",
    "Counsellor", "Counselor", "Consul General", "Prime Minister", "Governor", "Mayor",
    "Representative", "Lawmaker", "Legislator", "Senator", "Officer", "Program Officer",
    "Manager", "Coordinator", "Student", "Graduate Student", "PhD Candidate", "Trustee",
)

#: Single words that make a capitalised run a title rather than a name.
TITLE_WORDS = frozenset(w.lower() for t in TITLES for w in re.split(r"[\s-]+", t)) | {
    "former", "honorary", "senior", "junior", "visiting", "deputy", "vice", "executive",
    "emeritus", "acting", "special", "principal", "associate", "assistant", "distinguished",
}

#: Lower-case particles inside a person's name ("Maria del Carmen", "Jan van der Berg"), case-sensitive.
NAME_PARTICLES = ("de", "del", "della", "der", "den", "di", "da", "das", "do", "dos", "du", "van",
                  "von", "le", "la", "bin", "binti", "ibn", "al", "el", "ter", "ten", "y", "zu")
#: Most capitalised parts in one person's name (particles not counted).
MAX_NAME_PARTS = 5

#: Pronouns that refer back to the paragraph's person.
PRONOUNS = ("he", "she", "they")

#: Abbreviations after which a full stop does not end a sentence.
SENTENCE_ABBREVIATIONS = frozenset({
    "prof.", "dr.", "amb.", "rep.", "sen.", "hon.", "mr.", "ms.", "mrs.", "gen.", "adm.", "col.",
    "lt.", "rev.", "st.", "no.", "vol.", "jr.", "sr.", "co.", "inc.", "ltd.", "corp.", "h.e.",
    "e.g.", "i.e.", "assoc.", "asst.", "a/prof.", "vs.", "etc.",
})

# ---------------------------------------------------------------------------
# organisations
# ---------------------------------------------------------------------------

#: Head words of organisation names -> kind.
ORG_HEAD_KIND = {
    "university": "university", "college": "university", "school": "university",
    "academy": "university", "faculty": "university", "department": "university",
    "institute": "think_tank", "institution": "think_tank", "foundation": "think_tank",
    "center": "think_tank", "centre": "think_tank", "initiative": "think_tank",
    "council": "think_tank", "forum": "think_tank", "society": "ngo", "association": "ngo",
    "federation": "ngo", "fund": "ngo", "network": "ngo", "committee": "ngo", "house": "ngo",
    "ministry": "government", "government": "government", "agency": "government",
    "embassy": "government", "office": "government", "secretariat": "government",
    "cabinet": "government", "commission": "government", "bureau": "government",
    "diet": "legislature", "assembly": "legislature", "parliament": "legislature",
    "senate": "legislature", "congress": "legislature",
    "shimbun": "media", "news": "media", "times": "media", "herald": "media",
    "broadcasting": "media", "post": "media", "journal": "media", "ilbo": "media",
    "press": "media", "tribune": "media", "daily": "media", "nikkei": "media",
    "hankyoreh": "media", "yomiuri": "media", "asahi": "media", "mainichi": "media",
    "co.": "company", "inc.": "company", "inc": "company", "ltd.": "company", "ltd": "company",
    "corporation": "company", "corp.": "company", "llc": "company", "group": "company",
    "hub": "think_tank", "universitas": "university", "universidad": "university",
    "université": "university", "universität": "university", "universiti": "university",
    "observatory": "think_tank", "hotel": "other", "province": "government",
    "prefecture": "government", "municipality": "government", "weekly": "media",
    "monthly": "media", "magazine": "media", "gazette": "media", "television": "media",
    "bank": "company", "partners": "company", "company": "company", "holdings": "company",
}
ORG_HEADS = frozenset(ORG_HEAD_KIND)

#: Multi-word names whose kind is not their head's.
ORG_PHRASE_KIND = {
    "house of representatives": "legislature", "house of councillors": "legislature",
    "house of commons": "legislature", "house of lords": "legislature",
    "national assembly": "legislature", "international house": "ngo",
}

#: Organisations known by a single name (media and the like), matched case-sensitively.
KNOWN_MEDIA = ("Nikkei", "Hankyoreh", "Yonhap", "Kyodo", "NHK", "KBS", "MBC", "SBS", "Reuters",
               "Bloomberg")
ORG_NAME_KIND = {name.lower(): "media" for name in KNOWN_MEDIA}

#: Names that are an organisation on their own, without a second word.
SINGLE_WORD_ORGS = frozenset({"diet", "parliament", "congress", "senate", "nikkei", "hankyoreh",
                              "yonhap", "kyodo", "reuters", "bloomberg"})
#: Capitalised words that never start an organisation's name ("The", ordinals, event words).
ORG_LEFT_STOP = frozenset({"the", "a", "an", "in", "on", "at", "from", "by", "with", "and", "of",
                           "for", "to", "both", "while", "since", "fourth", "first", "second",
                           "third", "fifth", "sixth", "annual", "this", "that", "its", "his",
                           "her", "their", "our", "former", "leading", "major"})
#: Capitalised words that end an organisation's name on the right.
ORG_RIGHT_STOP = frozenset({"workshop", "dialogue", "symposium", "conference", "seminar", "report",
                            "project", "session", "panel", "event", "webinar", "meeting",
                            "delegation", "side", "members", "member", "president", "director",
                            "professor", "fellow"})

#: Title words that are also common inside organisation names ("... Research Institute").
ORG_INNER_WORDS = frozenset({"research", "special"})

#: Heads of units that sit inside a university: "Institute for X at Y University" is one name.
ORG_SUBUNIT_HEADS = frozenset({"institute", "center", "centre", "school", "faculty", "department",
                               "program", "programme", "college", "laboratory", "lab"})

#: Academic units that are not affiliations on their own: "Department of Law at X University"
#: is an affiliation with the university.
ACADEMIC_UNIT_HEADS = frozenset({"department", "faculty", "school", "college", "division"})

#: Lower-case words allowed inside an organisation name.
ORG_CONNECTORS = frozenset({"of", "for", "on", "and", "&", "the", "de", "du", "des", "für"})

#: Country as written -> the name used in "Government of <country>".
COUNTRIES = {
    "japan": "Japan", "korea": "the Republic of Korea", "south korea": "the Republic of Korea",
    "republic of korea": "the Republic of Korea", "the republic of korea": "the Republic of Korea",
    "rok": "the Republic of Korea", "north korea": "the Democratic People's Republic of Korea",
    "china": "China", "the people's republic of china": "China", "taiwan": "Taiwan",
    "united states": "the United States", "the united states": "the United States",
    "u.s.": "the United States", "us": "the United States", "usa": "the United States",
    "australia": "Australia", "india": "India", "singapore": "Singapore",
    "indonesia": "Indonesia", "malaysia": "Malaysia", "philippines": "the Philippines",
    "the philippines": "the Philippines", "vietnam": "Vietnam", "thailand": "Thailand",
    "united kingdom": "the United Kingdom", "the united kingdom": "the United Kingdom",
    "uk": "the United Kingdom", "france": "France", "germany": "Germany", "canada": "Canada",
    "mongolia": "Mongolia", "new zealand": "New Zealand", "viet nam": "Viet Nam",
    "laos": "Laos", "lao pdr": "Lao PDR", "cambodia": "Cambodia", "myanmar": "Myanmar",
    "brunei": "Brunei", "timor-leste": "Timor-Leste", "bangladesh": "Bangladesh",
    "pakistan": "Pakistan", "sri lanka": "Sri Lanka", "nepal": "Nepal", "italy": "Italy",
    "spain": "Spain", "netherlands": "the Netherlands", "the netherlands": "the Netherlands",
    "sweden": "Sweden", "norway": "Norway", "finland": "Finland", "poland": "Poland",
    "ukraine": "Ukraine", "turkey": "Turkey", "brazil": "Brazil", "mexico": "Mexico",
    "european union": "the European Union",
}

#: Nationality adjectives -> country key of COUNTRIES.
NATIONALITIES = {
    "japanese": "japan", "korean": "korea", "south korean": "korea", "chinese": "china",
    "american": "united states", "u.s.": "united states", "australian": "australia",
    "indian": "india", "taiwanese": "taiwan", "british": "united kingdom",
}

#: Posts held in a country's government with no named body ("Ambassador of X to Y").
GOVERNMENT_POSTS = (
    "Prime Minister", "President", "Ambassador", "Minister", "Vice Minister", "Deputy Minister",
    "Special Advisor to the Prime Minister", "Special Adviser to the Prime Minister",
    "Advisor to the Prime Minister", "Adviser to the Prime Minister", "National Security Advisor",
    "Chief Cabinet Secretary", "Consul General", "Deputy Prime Minister", "Foreign Minister",
    "Defense Minister", "Defence Minister", "Cabinet Secretary", "Governor",
)

#: "Vice Minister of Foreign Affairs (of Korea)" -> a ministry of that country.
MINISTRY_POST = re.compile(
    r"(?<!Prime )\b(?:(?:Vice|Deputy|State)\s+)?Minister\s+(?:of|for)\s+(?P<field>[A-Z][\w-]*(?:,?\s+(?:and\s+)?[A-Z][\w-]*){0,3})"
    r"(?:\s+of\s+(?:the\s+)?(?P<country>[A-Z][\w.]*(?:\s+(?:of\s+)?[A-Z][\w.]*){0,3}))?")

# ---------------------------------------------------------------------------
# cues for roles, participation, proposals, organisers
# ---------------------------------------------------------------------------

#: Words before a name that make its person a chair ("Moderated by X").
CHAIR_CUES = ("moderated by", "chaired by", "facilitated by", "presided over by", "presided by",
              "hosted by", "led by", "moderator", "chair", "chairperson", "facilitator")
#: Labels of programme lines ("Moderator: X").
CHAIR_LABELS = ("moderator", "moderators", "chair", "chairs", "chairperson", "facilitator",
                "co-chairs", "co-chair", "presider", "mc", "master of ceremonies")
#: Verbs that make a sentence's subject a speaker.
SPEAKER_CUES = (
    "noted", "argued", "stressed", "presented", "highlighted", "analyzed", "analysed",
    "outlined", "emphasized", "emphasised", "raised", "provided", "delivered", "opened",
    "referred", "underscored", "pointed out", "explained", "discussed", "described",
    "observed", "warned", "suggested", "proposed", "introduced", "reported", "shared",
    "responded", "replied", "answered", "thanked", "announced", "admitted", "cautioned",
    "compared", "asked", "countered", "agreed", "disagreed", "acknowledged", "echoed",
    "questioned", "talked", "spoke", "argues", "notes", "says", "adds", "explains", "told",
    "said", "stated", "remarked", "recalled", "reflected", "expressed", "gave", "offered",
    "spoke", "addressed", "concluded", "welcomed", "praised", "called for", "commented",
    "examined", "reviewed", "assessed", "contended", "maintained", "asserted", "insisted",
    "elaborated", "illustrated", "identified", "urged", "added", "began", "closed",
)
SPEAKER_LABELS = ("speaker", "speakers", "panelist", "panelists", "panellist", "panellists",
                  "presenter", "presenters", "keynote", "keynote speaker", "keynote speech",
                  "presentation", "presentations", "paper", "wrap-up", "lecture", "talk",
                  "welcome", "welcome address", "opening address", "keynote address", "address",
                  "special address", "closing address", "opening speech", "welcoming remarks",
                  "opening remarks", "closing remarks", "welcome remarks", "remarks", "lecturer")
DISCUSSANT_CUES = ("discussant", "discussants", "commentator", "commentators", "respondent")
DISCUSSANT_LABELS = ("discussant", "discussants", "commentator", "commentators",
                     "respondent", "respondents")

#: Sentences that name participants ("The delegation included ...").
PARTICIPATION_CUES = ("delegation included", "delegation consisted", "was represented by",
                      "were represented by", "participants included", "attended by",
                      "attendees included", "joined by", "speakers included",
                      "panelists included", "featured", "brought together", "gathered")
#: "experts from X, Y and Z": the listed bodies are participants' home institutions.
MEMBER_FROM_CUES = ("experts from", "researchers from", "scholars from", "journalists from",
                    "officials from", "participants from", "representatives from",
                    "academics from", "delegates from", "specialists from", "members from")

#: Verbs putting an idea forward; a named object after them is a proposal.
PROPOSAL_VERB_CUES = ("proposed", "proposes", "suggested creating", "suggested establishing",
                      "suggested", "called for", "advocated", "long-advocated", "put forward",
                      "floated", "recommended", "concept of", "pitched", "unveiled",
                      "set out the case for", "made the case for", "calling for", "calls for",
                      "call for", "proposing", "recommending", "advocating", "suggesting")
#: Strong cues after which "a/an" + a lower-case phrase with a :data:`PROPOSAL_THINGS` noun is a proposal
#: ("suggested a joint handbook on land reuse").
PROPOSAL_STRONG_CUES = ("proposed", "proposes", "proposing", "suggested", "suggesting", "called for",
                        "calling for", "calls for", "recommended", "put forward", "advocated",
                        "set out the case for")
#: Nouns of things that can be set up: the heads of lower-case proposals.
PROPOSAL_THINGS = ("exchange", "handbook", "observatory", "assembly", "group", "register", "registry",
                   "centre", "center", "facility", "fund", "bank", "database", "hotline", "body",
                   "office", "secretariat", "commission", "mechanism", "network", "platform",
                   "programme", "program", "framework", "fellowship", "academy", "partnership",
                   "taskforce", "task force", "forum", "dialogue", "council", "pool", "reserve",
                   "index", "code", "protocol", "treaty", "charter", "compact", "agreement",
                   "guidelines", "initiative", "scheme", "corridor", "hub", "channel")
#: Nouns introducing a described proposal: "a proposal to X", "One concrete proposal involved X".
PROPOSAL_NOUN_CUES = re.compile(
    r"\b(?:proposals?|recommendations?|ideas?)\s+(?:to|for|involved|involving|of|on|was|were)\s+"
    r"(?:(?:the|a|an)\s+)?(?P<body>.+)", re.I)
#: "proposed concrete policy ideas, including X, as well as Y": a list of proposals.
PROPOSAL_LIST_CUES = re.compile(
    r"\b(?:proposed|suggested|put forward|offered|recommended)\b[^.]*?\b(?:including|such as|namely)\s+"
    r"(?P<body>.+)", re.I)
#: Head nouns of named proposals ("DIME-FIL framework", "... Network").
PROPOSAL_HEADS = ("framework", "initiative", "network", "mechanism", "concept", "plan",
                  "declaration", "agreement", "partnership", "alliance", "platform", "fund",
                  "forum", "dialogue", "council", "charter", "treaty", "pact", "scheme",
                  "program", "programme", "strategy", "roadmap", "vision", "principles",
                  "initiatives", "architecture", "hotline", "channel", "task force", "commission")
#: Verbs of purpose after a quoted device: '"firewalls" to prevent ...' proposes the device.
PROPOSAL_PURPOSE_VERBS = ("prevent", "ensure", "promote", "strengthen", "protect", "build",
                          "manage", "stop", "avoid", "facilitate", "support", "deter")
#: Leading verbs dropped from a described proposal ("to create new terminology" -> "new terminology").
PROPOSAL_LEAD_VERBS = ("create", "establish", "set up", "build", "launch", "develop", "form",
                       "adopt", "introduce", "institutionalize", "institutionalise")
#: "outlined his three principles for X": a named set of ideas put forward.
PROPOSAL_SET_CUES = re.compile(
    r"\b(?:outlined|presented|proposed|put forward|laid out|set out|unveiled)\s+(?:his|her|their|a|an|the)\s+"
    r"(?P<body>(?:[\w-]+\s+){0,2}?(?:principles|pillars|points|steps|proposals|measures|guidelines)\b[^:;.]{0,80})",
    re.I)
#: Phrases of a programme's agenda line that float an idea ("The possibility of X").
PROPOSAL_AGENDA_CUES = re.compile(r"^\s*(?:the\s+)?(?:possibility|feasibility|idea|proposal)\s+of\s+(?P<body>.+)", re.I)

#: Labels of header lines naming the organisers ("Organisers: X and Y").
ORGANIZER_LABELS = ("organizer", "organizers", "organiser", "organisers", "organized by",
                    "organised by", "host", "hosts", "hosted by", "co-hosts", "co-hosted by",
                    "co-organizers", "co-organisers", "convener", "conveners", "convenor", "convenors")
#: Labels of header lines naming the venue ("Venue: Harbor Hall, Brightport").
VENUE_LABELS = ("venue", "place", "location", "where")
#: A list marker before a line ("- ", "• ", "1. ").
BULLET = re.compile(r"^\s*(?:[-–•*·▪●◦]|\d{1,2}[.)])\s+")

#: Words linking an event to its organisers.
ORGANIZER_CUES = ("co-hosted", "co-organized", "co-organised", "organized by", "organised by",
                  "hosted by", "jointly hosted", "jointly organized", "jointly organised",
                  "in collaboration with", "in cooperation with", "in partnership with",
                  "collaborated with", "convened", "hosted",
                  "organized", "organised", "held by")
#: Words before a venue ("at the X in Tokyo").
VENUE_CUES = ("at the", "at")

# ---------------------------------------------------------------------------
# events and sessions
# ---------------------------------------------------------------------------

#: Event kinds of kg-record/1 and the words that signal them.
EVENT_KINDS_WORDS = {
    "dialogue": ("dialogue", "dialog", "talks", "track 2", "track-2", "track ii"),
    "workshop": ("workshop",),
    "symposium": ("symposium",),
    "conference": ("conference", "congress", "summit"),
    "seminar": ("seminar", "webinar", "lecture"),
    "forum": ("forum", "roundtable", "round table"),
}

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
         "xi": 11, "xii": 12}
#: Numbers written as words in headings ("Session One").
CARDINALS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
             "nine": 9, "ten": 10}
#: Time slot before a programme heading ("09:30–09:50 Opening Remarks", "14:00 Panel 2"), and
#: list markers ("1.", "-", "•"); stripped before a heading is read.
TIME_SLOT = re.compile(r"^\d{1,2}[:.]\d{2}\s*(?:[apAP]\.?[mM]\.?)?"
                       r"(?:\s*[-–—~〜]\s*\d{1,2}[:.]\d{2}\s*(?:[apAP]\.?[mM]\.?)?)?\s+")
HEADING_LEAD = re.compile(r"^(?:[■□●◆◇▶▷•*#\-–—]+\s*|" + TIME_SLOT.pattern[1:] + ")")
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
            "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}

#: Numbered session headings; group "num" is the number, "title" the rest.
SESSION_HEADINGS = (
    re.compile(r"^\[?\s*(?:sub-?\s*)?(?:session|panel|part)\s+(?P<num>\d+|[ivxl]+|one|two|three|four|five|"
               r"six|seven|eight|nine|ten)\s*\]?\s*"
               r"(?:[:：.\-–—]\s*)?(?P<title>.*)$", re.I),
    re.compile(r"^(?P<num>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+"
               r"(?:session|panel)\s*(?:[:：.\-–—]\s*)?(?P<title>.*)$", re.I),
)
#: Headings that are sessions with no number.
UNNUMBERED_SESSION_HEADINGS = re.compile(
    r"^(?:opening|closing|plenary|special|keynote|welcome|welcoming|congratulatory|concluding|"
    r"luncheon|dinner|wrap-up)\b.*\b(?:session|remarks|speech|address|lecture|keynote)s?\b"
    r"|^(?:keynote\s+(?:speech|address|lecture|session)s?|opening|closing|roundtable(?:\s+discussion)?|"
    r"panel\s+discussion|special\s+session|plenary\s+session)\b", re.I)
#: Sentences that open a session in a report's prose (no heading): (kind, pattern, strong).  Weak
#: cues ("X opened the meeting") make a session only in a report that has sessions otherwise.
_NOT_POSS = r"(?<!\bhis\s)(?<!\bher\s)(?<!\bits\s)(?<!\btheir\s)"
_EVENT_NOUN = r"(?:symposium|dialogue|meeting|conference|forum|workshop|seminar|event|roundtable|colloquium)"
PROSE_SESSION_CUES = (
    ("Keynote", re.compile(_NOT_POSS + r"\b(?P<title>keynote\s+(?:lecture|speech|address|presentation|talk))\b", re.I), True),
    ("Opening", re.compile(_NOT_POSS + r"\b(?:opening|welcome|welcoming)\s+(?:remarks|address|speech|statement)\b", re.I), True),
    ("Closing", re.compile(_NOT_POSS + r"\b(?:closing|concluding)\s+(?:remarks|address|speech|statement)\b", re.I), True),
    ("Numbered", re.compile(r"\b[Tt]he\s+(?P<ord>first|second|third|fourth|fifth|sixth)\s+(?P<title>panel|session)\b"), True),
    ("Panel", re.compile(r"\b[Tt]he\s+(?:student\s+|expert\s+)?panel\s+(?:that\s+followed|discussion)\b|\b(?:In|During)\s+the\s+panel\b"), True),
    ("Opening", re.compile(r"\b(?:opened|opening)\s+the\s+" + _EVENT_NOUN + r"\b|\b(?:was|were)\s+opened\s+by\b", re.I), False),
    ("Closing", re.compile(r"\b(?:closed|closing)\s+the\s+" + _EVENT_NOUN + r"\b|\b(?:was|were)\s+closed\s+by\b", re.I), False),
)
#: Words right before a name that make the person a speaker: "was given by", "came from our director, X".
SPEAKER_BEFORE = re.compile(
    r"(?:\b(?:given|delivered|presented|opened|closed|made)\s+(?:[a-z]+ly\s+)?by|\b(?:came|comes)\s+from|"
    r"\b(?:remarks|address|speech|lecture|presentation|talk)\s+by)\s+"
    r"(?:(?:our|the|its|their|[A-Z][\w&.-]*['’]s)\s+(?:[a-z-]+\s+){0,3}?[a-z-]+,?\s+)?$")
#: "Speakers were X and Y": every person of the sentence has the role.
ROLE_LIST_SENTENCE = re.compile(r"^(?:The\s+)?(?P<label>speakers|panelists|panellists|presenters|discussants|"
                                r"commentators|chairs|moderators)\s+(?:were|included|are)\b", re.I)

#: Headings that are never sessions.
NOT_SESSION_HEADINGS = re.compile(
    r"^(?:conclusions?|summary|overview|background|introduction|about|news|contents|"
    r"workshop themes|themes|participants|program(?:me)?|agenda|related|see also|(?:main\s+|key\s+)?(?:results|outcomes|findings|takeaways))\b", re.I)

#: Lines of a report's header that are not its title.
SKIP_TITLE_LINES = re.compile(r"^(?:(?:news|events?|activit(?:y|ies)|press|meeting|conference|workshop)\s+)?"
                              r"(?:reports?|releases?|news|notes?|summary)$|^(?:news|events?|home|top|menu|"
                              r"publications?|activities|share|print|newsletter|programme|program|agenda)$", re.I)
#: Bracketed label before a title: "【Event Report】".
TITLE_PREFIX = re.compile(r"^\s*(?:【[^】]*】|\[[^\]]*report[^\]]*\]|event report\s*[:：-])\s*", re.I)

#: Title used for the one session made for a report with no session headings.
UNNAMED_SESSION_TITLE = "Discussion"

# ---------------------------------------------------------------------------
# dates
# ---------------------------------------------------------------------------

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9

_MON = r"(?P<{0}>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DASH = r"\s*[-–—~〜]\s*"
_DAY_RANGE = r"(?:\s*[-–—~〜]\s*|\s+(?:and|to)\s+)"
_WD = r"(?:\s*\.?\s*\((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?\))?"

#: Date patterns, most specific first.  Groups: y, m, d (start); y2, m2, d2 (end) where given.
DATE_PATTERNS = (
    # 2024.03.08.(Fri) - 03.09.(Sat)  /  2024.03.08 - 2024.03.09  /  2025.12.16
    re.compile(r"\b(?P<y>(?:19|20)\d\d)[./-](?P<m>\d{1,2})[./-](?P<d>\d{1,2})\.?" + _WD +
               r"(?:" + _DASH + r"(?:(?P<y2>(?:19|20)\d\d)[./-])?(?:(?P<m2>\d{1,2})[./-])?(?P<d2>\d{1,2})\.?" + _WD + r")?(?!\d)"),
    # November 30 - December 1, 2024
    re.compile(r"\b" + _MON.format("m") + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?" + _WD + _DASH +
               _MON.format("m2") + r"\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?" + _WD + r",?\s+(?P<y>(?:19|20)\d\d)\b"),
    # November 15 - 16, 2024  /  October 15, 2025
    re.compile(r"\b" + _MON.format("m") + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?" + _WD +
               r"(?:" + _DAY_RANGE + r"(?P<d2>\d{1,2})(?:st|nd|rd|th)?" + _WD + r")?,?\s+(?P<y>(?:19|20)\d\d)\b"),
    # 30 November - 1 December 2024
    re.compile(r"\b(?P<d>\d{1,2})\s+" + _MON.format("m") + _DASH + r"(?P<d2>\d{1,2})\s+" +
               _MON.format("m2") + r",?\s+(?P<y>(?:19|20)\d\d)\b"),
    # 15-16 November 2024  /  15 November 2024
    re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:" + _DAY_RANGE + r"(?P<d2>\d{1,2})(?:st|nd|rd|th)?)?\s+" +
               _MON.format("m") + r",?\s+(?P<y>(?:19|20)\d\d)\b"),
    # ISO: 2024-03-08 handled by the first pattern
)

#: Dates written without a year ("last Friday, May 17", "on 12 October", "May 17-18"); read only
#: when the report gives a year elsewhere (its publication date or another full date).
YEARLESS_DATE_PATTERNS = (
    re.compile(r"\b" + _MON.format("m") + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?" + _WD +
               r"(?:" + _DAY_RANGE + r"(?P<d2>\d{1,2})(?:st|nd|rd|th)?)?(?![\d:]|,?\s+(?:19|20)\d\d)"),
    re.compile(r"(?<![\d.:/-])\b(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:" + _DAY_RANGE + r"(?P<d2>\d{1,2})(?:st|nd|rd|th)?)?\s+(?:of\s+)?" +
               _MON.format("m") + r"(?![\w-]|,?\s+(?:19|20)\d\d)"),
)

#: Words before a date that make it the publication date.
PUBLISHED_CUES = re.compile(r"\b(?:published|posted|released|updated|date of publication)\s*(?:on|:)?\s*$", re.I)
#: Words around a date that make it the event's date.
EVENT_DATE_CUES = re.compile(r"\b(?:on|held|took place|convened|date|dates|from)\b[^.]{0,40}$", re.I)

# defined last: it includes the organisation and proposal head words above
#: Words that can never be part of a person's name (capitalised common words).
NON_NAME_WORDS = frozenset("""
the a an in on at of for and or but to from by with as this that these those it its his her their
he she they we our after before during while when where since although however moreover also
opening closing session panel keynote speech remarks congratulatory welcome conclusion summary
news event report dialogue workshop symposium conference seminar forum roundtable discussion
japan japanese korea korean south north china chinese taiwan united states america american u.s
us asia asian pacific indo europe european russia russian india australia global east west
northeast southeast republic people's democratic kingdom nato asean g7 un eu
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday mon tue wed fri sat
university institute foundation center centre initiative council ministry government agency
embassy office house representatives diet assembly parliament senate shimbun news times herald
broadcasting corporation college school studies policy affairs foreign defense defence security
international national relations cooperation strategic economic research studies program
participants panelists speakers moderator chair discussant discussants commentator presenters
prime minister ambassador president professor dr mr ms mrs prof rep amb era administration
day first second third final fourth fifth part section chapter table figure page
""".split()) | TITLE_WORDS | frozenset(ORG_HEAD_KIND) | frozenset(PROPOSAL_HEADS)



# ---------------------------------------------------------------------------
# PDF layout (kg.extract.reflow)
# ---------------------------------------------------------------------------

#: Lines that are only a page number ("3", "- 3 -", "Page 3 of 5", "3 / 5", "p. 3").
PDF_PAGE_NUMBER_PATTERNS = (
    r"[-–—]?\s*\d{1,4}\s*[-–—]?",
    r"page\s+\d{1,4}(?:\s+(?:of|/)\s+\d{1,4})?",
    r"\d{1,4}\s*(?:/|of)\s*\d{1,4}",
    r"p\.\s*\d{1,4}",
    r"[ivxlc]{1,6}",
)
#: How many non-blank lines at each page's top and bottom may be running headers/footers.
PDF_RUNNING_EDGE_LINES = 2
#: A line is a running header/footer when it is at the edge of at least this share of pages.
PDF_RUNNING_SHARE = 0.6
#: The typical line width is this quantile of the line lengths.
PDF_WIDTH_QUANTILE = 0.8
#: A line shorter than this share of the typical width ends its paragraph.
PDF_SHORT_LINE = 0.7
#: A title-case line without final punctuation shorter than this share of the width is a heading.
PDF_HEADING_MAX = 0.9
#: Pages with fewer lines than this use the whole document's typical width.
PDF_MIN_PAGE_LINES = 6
#: Words that may stay lower-case in a heading.
TITLE_SMALL_WORDS = frozenset({"of", "and", "the", "for", "on", "in", "a", "an", "to", "at", "with", "&", "vs"})
