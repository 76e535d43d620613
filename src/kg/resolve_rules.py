"""Matching rules for entity resolution, as named data in one place.

Everything :mod:`kg.resolve_match` decides by (honorifics, the generic words
of organisation names, romanisation variants, the weights of context and the
thresholds) lives here, so a rule is changed by editing a list, not code.

Scores are in ``[0, 1]``.  Two mentions are merged when their score reaches
:data:`MERGE_THRESHOLD`; between :data:`REVIEW_THRESHOLD` and it, they are a
*candidate* that ``kg resolve`` lists for an analyst to decide; below, they
are different.  Nothing below the merge threshold is ever merged silently.
"""

from __future__ import annotations

__all__ = [
    "MERGE_THRESHOLD", "REVIEW_THRESHOLD", "HONORIFICS", "NAME_SUFFIXES", "FAMILY_VARIANTS",
    "ROMANISATION", "PERSON_BASE", "CONTEXT_WEIGHTS", "ORG_CONNECTORS", "ORG_GENERIC_WORDS", "ORG_ABBREVIATIONS",
    "ORG_TYPE_WORDS", "ORG_BASE", "COUNTRY_WORDS", "PROPOSAL_STOPWORDS", "PROPOSAL_GENERIC_WORDS",
    "PROPOSAL_BASE", "ACRONYM_MAX_LENGTH", "FUZZY_RATIO",
]

#: at or above: merged by the rules
MERGE_THRESHOLD = 0.85
#: at or above (and below the merge threshold): listed by ``kg resolve`` for an analyst
REVIEW_THRESHOLD = 0.5

# --------------------------------------------------------------------------- people

#: titles and honorifics dropped from the start of a person's name (casefolded; a
#: final dot is ignored). Words that are also family or given names ("Min",
#: "Tan", "Gen", "Sen", "He") are deliberately absent.
HONORIFICS = frozenset("""
mr mrs ms miss mx dr prof professor assoc asst a/prof emeritus
amb ambassador h.e. h.e excellency his her hon honorable honourable rt
rep representative senator governor minister vice deputy president chairman
chair chairwoman chairperson director general lt col maj capt adm admiral cmdr
sir dame lord lady dato datuk dato' datin sheikh
rev
""".split())

#: suffixes dropped at the end of a name
NAME_SUFFIXES = frozenset("jr sr ii iii iv phd md esq".split())

#: romanisations of one family name (Korean and Japanese); a variant alone is
#: weaker evidence than the same spelling (see ``PERSON_BASE["family_variant"]``)
FAMILY_VARIANTS = (
    ("lee", "yi", "rhee", "rhie", "ri"),
    ("park", "pak", "bak"),
    ("choi", "choe"),
    ("jung", "jeong", "chung"),
    ("kang", "gang"),
    ("shin", "sin"),
    ("yoon", "yun"),
    ("cho", "jo"),
    ("kwon", "gwon"),
    ("oh", "o"),
    ("ito", "itoh"),
    ("kono", "kouno", "kohno"),
    ("ono", "ohno"),
    ("sato", "satoh", "satou"),
)

#: spelling rules applied to given names before they are compared (a given
#: name that only matches after these is a romanisation variant)
ROMANISATION = (
    ("yeo", "yo"),
    ("eo", "o"),
    ("oo", "u"),
    ("ou", "o"),
    ("uu", "u"),
    ("oh", "o"),
    ("ee", "i"),
)

#: base score of a pair of people names, by the kind of match
PERSON_BASE = {
    "exact": 0.95,            # same family and given name, in any order, hyphens, spaces or capitals
    "romanisation": 0.72,     # same after the romanisation rules (Ji-hoon / Ji-hun)
    "family_variant": 0.72,   # family name spelt another way (Lee / Rhee), given name the same
    "initials": 0.62,         # "J. Park", "J.H. Park" against "Park Ji-hoon"
    "family_only": 0.62,      # "Amb. Park": the report gives no given name
    "both_partial": 0.4,      # "Amb. Park" against "Mr. Park"
    "fuzzy": 0.5,             # given names close but not the same (a typo, or another person)
    "different": 0.0,
}

#: evidence from context, added to (or taken from) the name score
CONTEXT_WEIGHTS = {
    "same_affiliation": 0.15,
    "same_event": 0.1,
    "same_country": 0.05,
    "other_country": -0.3,
}

#: given names at least this close (difflib ratio) count as "fuzzy"
FUZZY_RATIO = 0.84

# --------------------------------------------------------------------------- organisations

#: words that join the parts of an organisation's name; left out of acronyms
ORG_CONNECTORS = frozenset("of for the and at on in to de & ,".split())

#: words that do not tell one organisation from another of the same type
ORG_GENERIC_WORDS = frozenset("""
policy policies studies study research strategic strategy international affairs
""".split())

#: abbreviations in organisation names, read as the full word
ORG_ABBREVIATIONS = {
    "univ": "university", "uni": "university", "inst": "institute", "intl": "international",
    "int'l": "international", "ctr": "center", "centre": "center", "cntr": "center", "assn": "association",
    "assoc": "association", "dept": "department", "govt": "government", "gov": "government",
    "natl": "national", "found": "foundation", "fdn": "foundation",
}

#: the type words of organisation names; two names whose first type word
#: differs are different bodies (Sejong Institute / Sejong University,
#: Institute for Japanese Studies at Kookmin University / Kookmin University)
ORG_TYPE_WORDS = frozenset("""
institute institution university college school academy foundation center centre council
forum society association initiative ministry agency office government house embassy
committee commission bank corporation company group network program programme project
newspaper shimbun times news library museum fund trust party assembly parliament diet
""".split())

#: base score of a pair of organisation names, by the kind of match
ORG_BASE = {
    "exact": 1.0,             # a name or alias is the same
    "authority": 1.0,         # both are names of one entry of data/authorities.yaml
    "acronym_defined": 0.92,  # a bare acronym another report defines for this name
    "acronym_derived": 0.7,   # a bare acronym that spells the initials of this name
    "acronym_word": 0.9,      # a bare acronym that is a word of the name
    "short_form": 0.9,        # same distinctive words and type ("Asan Institute")
    "country_qualified": 0.8,   # only a country added ("House of Representatives of Japan")
    "fuzzy": 0.6,             # close spelling (a typo)
    "overlap": 0.5,           # some distinctive words in common
    "different": 0.0,
}

#: country words in names and contexts -> ISO code
COUNTRY_WORDS = {
    "japan": "JP", "japanese": "JP", "nippon": "JP", "tokyo": "JP",
    "korea": "KR", "korean": "KR", "rok": "KR", "seoul": "KR",
    "republic of korea": "KR", "south korea": "KR",
    "china": "CN", "chinese": "CN", "prc": "CN", "beijing": "CN",
    "taiwan": "TW", "taipei": "TW",
    "united states": "US", "america": "US", "american": "US", "usa": "US", "us": "US",
}

#: an acronym is at most this many letters
ACRONYM_MAX_LENGTH = 10

# --------------------------------------------------------------------------- proposals

#: words left out when proposal names are compared
PROPOSAL_STOPWORDS = frozenset("""
a an the of for to and or in on at by with between among from into toward towards
its their based
""".split())

#: words too common in proposal names to tell one proposal from another
PROPOSAL_GENERIC_WORDS = frozenset("""
japan japanese korea korean south rok us u s united states china trilateral bilateral
cooperation collaboration framework initiative concept proposal plan mechanism new joint
sector sectors mutual
""".split())

#: base score of a pair of proposal names, by the kind of match
PROPOSAL_BASE = {
    "exact": 1.0,             # a name or alias is the same
    "acronym": 0.92,          # a bare acronym another report defines for this proposal
    "same_words": 0.9,        # the same distinctive words (in any order)
    "acronym_word": 0.9,      # a bare acronym that is a word of the name ("DIME-FIL framework")
    "contained": 0.86,        # all of the shorter name's distinctive words (two or more) in the longer
    "overlap": 0.6,           # distinctive words overlap by half or more
    "different": 0.0,
}
