"""Realistic synthetic event reports about FICTIONAL people, institutions and proposals.

    python bench/synth.py 1000 /tmp/reports            # 1,000 .txt reports, seed 1
    python bench/synth.py 100 /tmp/reports --seed 7

Every name is made from syllable tables (nothing is a real person or body).
The reports mix the formats real ones use:

- prose: "On May 3, 2031, the Velkor Institute for Sea Lanes (VISL) co-hosted ...",
  "Session 1: ..." headings, "Moderated by Orlen Vasquith, Senior Fellow of ...",
  "Name, Title at Org, noted that ... He proposed a ... (ACRONYM)."
- programme: "Session II  10:30 - 12:30" with "Moderator: Dr. KORVAN Teshi, Title, Org" /
  "Panelists: ..." lines and capitalised family names;
- participant lists: "Korvan, Teshi (Researcher at ...)" and "[Session 1] ..." with "Chair: ...".

People and institutions come from pools whose use follows a Zipf-like law,
so the same few people and institutes recur across many reports, as on
real dialogue circuits.  Output is deterministic for a given count and seed.
"""

from __future__ import annotations

import argparse
import itertools
import random
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Person", "Institution", "Pool", "make_pool", "synthetic_report", "synthetic_reports",
           "write_reports"]

# Invented syllables: combinations read as names but belong to nobody.
_FAMILY_A = ["Kor", "Vel", "Tas", "Mir", "Ost", "Zel", "Brak", "Quen", "Dor", "Fal", "Hesk", "Lun",
             "Pav", "Rusk", "Sob", "Tyr", "Vask", "Wend", "Yor", "Gath", "Nel", "Carv", "Elb", "Imr"]
_FAMILY_B = ["van", "ith", "oro", "enne", "uski", "ane", "ová", "ell", "adin", "eko", "umar", "isse",
             "onn", "aby", "etti", "uhr", "amo", "iel", "orth", "assa"]
_GIVEN_A = ["Ar", "Bel", "Cas", "Dae", "Eli", "Fen", "Gio", "Hal", "Isa", "Jor", "Kae", "Lio", "Mae",
            "Nor", "Ori", "Pel", "Qua", "Ren", "Sae", "Tov", "Ula", "Vin", "Wyn", "Yen", "Zor"]
_GIVEN_B = ["ric", "wen", "shi", "lo", "ndra", "mir", "ko", "vel", "ra", "tan", "sio", "bek", "ne", "th"]
_HYPHEN_B = ["-rin", "-woo", "-seo", "-jin", "-hae", "-mun", "-sol", "-yeon"]
_PLACES_A = ["Vel", "Ash", "Kest", "Mor", "Tarn", "Hollow", "Brin", "Cald", "Dun", "Fenn", "Gull",
             "Harrow", "Lark", "Norrow", "Pell", "Quarry", "Rook", "Sallow", "Thorn", "Wyth"]
_PLACES_B = ["mere", "vale", "wick", "haven", "ford", "gate", "moor", "holm", "crest", "stead", "bay"]
_THEMES = ["Sea Lanes", "Grain Reserves", "Cable Security", "River Basins", "Port Resilience",
           "Coastal Data", "Fisheries Governance", "Satellite Sharing", "Storm Warning", "Rail Links",
           "Ageing Societies", "Labour Mobility", "Clean Hydrogen", "Critical Minerals", "Cyber Norms",
           "Public Health", "Urban Water", "Disaster Relief", "Energy Grids", "Trade Rules"]
_INST_HEADS = [("Institute for", "think_tank"), ("Centre for", "think_tank"), ("Foundation for", "ngo"),
               ("Council on", "think_tank"), ("Forum for", "think_tank"), ("Society for", "ngo")]
_TITLES = ["Senior Fellow", "Research Fellow", "Professor", "Associate Professor", "Director",
           "President", "Vice President", "Senior Analyst", "Visiting Fellow", "Executive Director",
           "Researcher", "Chairman", "Adviser"]
_PROPOSAL_HEADS = ["Network", "Framework", "Initiative", "Mechanism", "Compact", "Fund", "Platform"]
_PROPOSAL_ADJ = ["Joint", "Regional", "Trilateral", "Shared", "Open", "Common", "Standing"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
_ROMAN = ["I", "II", "III", "IV", "V", "VI"]
_FILLER = ["stressed that cooperation must rest on shared data and trust",
           "noted that the two sides face the same structural pressures",
           "argued that small practical steps build the habit of cooperation",
           "pointed to the cost of acting separately in a fragmented region",
           "observed that local governments often move faster than capitals",
           "recalled that earlier rounds of dialogue had produced modest but lasting results",
           "warned that public opinion can turn quickly after an incident at sea"]


@dataclass(frozen=True)
class Institution:
    name: str
    acronym: str
    kind: str


@dataclass(frozen=True)
class Person:
    given: str
    family: str
    style: str          # "western" (Given Family), "eastern" (Family Given), "hyphen" (Family Given-x)
    title: str
    home: Institution

    def plain(self) -> str:
        return f"{self.given} {self.family}" if self.style == "western" else f"{self.family} {self.given}"

    def caps(self) -> str:
        """"MORI Takeshi" style for eastern names, "Daniel OKAFOR" for western ones."""
        return f"{self.given} {self.family.upper()}" if self.style == "western" \
            else f"{self.family.upper()} {self.given}"

    def inverted(self) -> str:
        """"Park, Ji-woo" style (family, given)."""
        return f"{self.family}, {self.given}"


@dataclass
class Pool:
    people: list[Person]
    institutions: list[Institution]
    universities: list[Institution]
    person_weights: list[float]     # cumulative (for random.choices(cum_weights=...))
    inst_weights: list[float]


def _place(rng: random.Random) -> str:
    return rng.choice(_PLACES_A) + rng.choice(_PLACES_B)


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w[0].isupper())


def make_pool(reports: int, seed: int = 1) -> Pool:
    """People and institutions for ``reports`` reports (sizes grow with the count)."""
    rng = random.Random(f"pool-{seed}")
    n_inst = max(12, reports // 4)
    n_people = max(60, reports * 3)
    inst, seen = [], set()
    while len(inst) < n_inst:
        head, kind = rng.choice(_INST_HEADS)
        name = f"{_place(rng)} {head} {rng.choice(_THEMES)}"
        if name in seen:
            continue
        seen.add(name)
        inst.append(Institution(name, _acronym(name), kind))
    unis, useen = [], set()
    while len(unis) < min(200, max(6, n_inst // 3)):      # 220 place names: stay well below
        name = f"{_place(rng)} University"
        if name not in useen:
            useen.add(name)
            unis.append(Institution(name, "", "university"))
    people, pseen = [], set()
    while len(people) < n_people:
        style = rng.choices(["western", "eastern", "hyphen"], [0.4, 0.35, 0.25])[0]
        family = rng.choice(_FAMILY_A) + rng.choice(_FAMILY_B)
        given = rng.choice(_GIVEN_A) + (rng.choice(_HYPHEN_B) if style == "hyphen" else rng.choice(_GIVEN_B))
        if (given, family) in pseen:
            continue
        pseen.add((given, family))
        title = rng.choice(_TITLES)
        home = rng.choice(unis) if title in ("Professor", "Associate Professor") else rng.choice(inst)
        people.append(Person(given, family, style if style != "hyphen" else "eastern", title, home))
    # Zipf-Mandelbrot: a few regulars recur often, most people appear once or twice
    zipf = lambda n: [1.0 / (k + 20) ** 1.1 for k in range(n)]  # noqa: E731
    return Pool(people, inst, unis, list(itertools.accumulate(zipf(len(people)))),
                list(itertools.accumulate(zipf(len(inst)))))


def _affil(p: Person, rng: random.Random) -> str:
    org = p.home.acronym if p.home.acronym and rng.random() < 0.3 else p.home.name
    return rng.choice([f"{p.title} at {org}", f"{p.title} of {org}", f"{p.title}, {org}"])


def _more(rng: random.Random) -> str:
    """One to three further sentences of discussion, as real reports have."""
    said = rng.sample(_FILLER, rng.randrange(1, 4))
    return "".join(f" {rng.choice(['He', 'She', 'The speaker'])} also {s}." for s in said)


def _proposal(rng: random.Random) -> tuple[str, str]:
    name = f"{rng.choice(_PROPOSAL_ADJ)} {rng.choice(_THEMES)} {rng.choice(_PROPOSAL_HEADS)}"
    return name, _acronym(name)


def _two_hosts(rng: random.Random, pool: Pool) -> tuple[Institution, Institution]:
    host = rng.choices(pool.institutions, cum_weights=pool.inst_weights)[0]
    while (co := rng.choices(pool.institutions, cum_weights=pool.inst_weights)[0]) == host:
        pass
    return host, co


def _date(rng: random.Random) -> tuple[int, int, int]:
    return rng.randrange(2028, 2036), rng.randrange(1, 13), rng.randrange(1, 28)


def _sessions(rng, pool: Pool, n_sessions: int, per: int) -> list[tuple[str, list[Person]]]:
    out = []
    for _ in range(n_sessions):
        people = []
        while len(people) < per:
            p = rng.choices(pool.people, cum_weights=pool.person_weights)[0]
            if p not in people:
                people.append(p)
        out.append((f"{rng.choice(_THEMES)} and {rng.choice(_THEMES)}", people))
    return out


def _prose(i: int, rng: random.Random, pool: Pool) -> str:
    y, m, d = _date(rng)
    host, co = _two_hosts(rng, pool)
    title = f"{_place(rng)} Dialogue on {rng.choice(_THEMES)}"
    out = ["News", f"{y}.{m:02d}.{min(d + 10, 28):02d}", f"【Event Report】{title}",
           f"On {_MONTHS[m - 1]} {d}, {y}, the {host.name} ({host.acronym}) co-hosted the {title} with "
           f"the {co.name}. The meeting brought together researchers and former officials."]
    for s, (theme, people) in enumerate(_sessions(rng, pool, rng.randrange(2, 5), rng.randrange(3, 6)), 1):
        chair, speakers = people[0], people[1:]
        out.append(f"Session {s}: {theme}")
        out.append(f"Moderated by {chair.plain()}, {_affil(chair, rng)}, the session explored {theme.lower()}.")
        for p in speakers:
            text = f"{p.plain()}, {_affil(p, rng)}, {rng.choice(_FILLER)}." + _more(rng)
            if rng.random() < 0.35:
                name, acr = _proposal(rng)
                text += f" {rng.choice(['He', 'She'])} proposed a {name} ({acr}) to {rng.choice(['build', 'strengthen', 'ensure'])} trust."
            out.append(text)
    closer = rng.choices(pool.people, cum_weights=pool.person_weights)[0]
    out += ["Closing Session", f"In closing remarks, {closer.plain()} thanked the participants."]
    return "\n\n".join(out) + "\n"


def _programme(i: int, rng: random.Random, pool: Pool) -> str:
    y, m, d = _date(rng)
    host, co = _two_hosts(rng, pool)
    title = f"The {rng.randrange(2, 20)}th {_place(rng)} Forum on {rng.choice(_THEMES)}"
    out = [host.name.upper(), "Conference Programme and Summary", "", title, "",
           f"Date   : {y}.{m:02d}.{d:02d}", f"Venue  : {_place(rng)} Convention Hall",
           f"Host   : {host.name} ({host.acronym})", f"Co-host: {co.name} ({co.acronym})", "", "=" * 40, ""]
    for s, (theme, people) in enumerate(_sessions(rng, pool, rng.randrange(2, 6), rng.randrange(4, 7))):
        chair, panel = people[0], people[1:]
        disc = panel.pop() if len(panel) > 2 else None
        honor = lambda p: rng.choice(["Dr. ", "Prof. ", "Mr. ", "Ms. ", ""])  # noqa: E731
        out += [f"Session {_ROMAN[s]}  {9 + s}:30 - {10 + s}:30", theme, "",
                f"  Moderator:   {honor(chair)}{chair.caps()}, {chair.title}, {chair.home.name}"]
        for k, p in enumerate(panel):
            label = "  Panelists:   " if k == 0 else "               "
            out.append(f"{label}{honor(p)}{p.caps()}, {p.title}, {p.home.name}")
        if disc:
            out.append(f"  Discussant:  {honor(disc)}{disc.caps()}, {disc.title}, {disc.home.name}")
        out.append("")
        speaker = panel[0]
        text = f"{speaker.plain()} {rng.choice(_FILLER)}." + _more(rng)
        if rng.random() < 0.5:
            name, acr = _proposal(rng)
            text += f" {speaker.family} proposed the {name} ({acr})."
        out += [text, ""]
    return "\n".join(out) + "\n"


def _participants(i: int, rng: random.Random, pool: Pool) -> str:
    y, m, d = _date(rng)
    host, co = _two_hosts(rng, pool)
    title = f"{_place(rng)}-{_place(rng)} Workshop on {rng.choice(_THEMES)}"
    sessions = _sessions(rng, pool, rng.randrange(2, 5), rng.randrange(3, 5))
    everyone = sorted({p for _, ps in sessions for p in ps}, key=lambda p: (p.family, p.given))
    out = ["WORKSHOP REPORT", "", title, "", f"{d} {_MONTHS[m - 1]} {y}", f"{_place(rng)} Centre", "",
           f"Organised by the {host.name} ({host.acronym}) and the {co.name} ({co.acronym})", "", "",
           "PARTICIPANTS (in alphabetical order)", ""]
    out += [f"{p.inverted()} ({_affil(p, rng)})" for p in everyone]
    out.append("")
    for s, (theme, people) in enumerate(sessions, 1):
        chair, rest = people[0], people[1:]
        out += ["", f"[Session {s}] {theme}", "", f"Chair: {chair.plain()} ({chair.home.acronym or chair.home.name})", ""]
        for p in rest:
            text = f"{p.plain()} ({p.title}, {p.home.acronym or p.home.name}) {rng.choice(_FILLER)}." + _more(rng)
            if rng.random() < 0.3:
                name, acr = _proposal(rng)
                text += f" {p.family} proposed a {name} ({acr})."
            out += [text, ""]
    return "\n".join(out) + "\n"


_FORMATS = [(_prose, 0.5), (_programme, 0.25), (_participants, 0.25)]


def synthetic_report(i: int, pool: Pool, seed: int = 1) -> tuple[str, str]:
    """(file name, text) of report ``i``; the same (i, pool, seed) always gives the same text."""
    rng = random.Random(f"report-{seed}-{i}")
    fmt = rng.choices([f for f, _ in _FORMATS], [w for _, w in _FORMATS])[0]
    return f"synth_{i:05d}.txt", fmt(i, rng, pool)


def synthetic_reports(n: int, seed: int = 1) -> list[tuple[str, str]]:
    pool = make_pool(n, seed)
    return [synthetic_report(i, pool, seed) for i in range(n)]


def write_reports(folder: str | Path, n: int, seed: int = 1) -> list[Path]:
    """Write ``n`` synthetic reports ``synth_NNNNN.txt`` into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, text in synthetic_reports(n, seed):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("count", type=int)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    paths = write_reports(args.folder, args.count, args.seed)
    print(f"wrote {len(paths)} reports to {args.folder}")


if __name__ == "__main__":
    main()
