#!/usr/bin/env python3
"""Regenerate the Phoenix-derived tables of the actor knowledge base.

    python scripts/build_kb.py [--phoenix DIR]

Reads the Phoenix/PETRARCH2 dictionaries (MIT, 2014; default ``../shared/reference/phoenix-dictionaries``)
and writes, sorted and stable, into ``sanderling/data/kb/``:

* ``people_phoenix.tsv``        persons with dated CAMEO roles (Countries + International files)
* ``organizations_phoenix.tsv`` state institutions, IGOs, NGOs and armed non-state groups
* ``agents_phoenix.tsv``        generic agent words with their sector

The hand-written tables (``countries.tsv``, ``metonyms.tsv``, ``people_team*.tsv``,
``organizations_team.tsv``, ``agents_team.tsv``) are only read, never written, so re-running
never loses a hand edit.  A Phoenix person whose name (or a multi-word alias) matches a team
person's name or alias in one of that person's countries gets the team person's key, so the
loader merges the two (team roles win where they overlap); Phoenix's duplicate spellings of one
person ("Gerhard Schroder", "Gerhard Schroeder") merge the same way.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

ROOT = Path(__file__).resolve().parents[1]
KB_DIR = ROOT / "sanderling" / "data" / "kb"
DEFAULT_PHOENIX = ROOT.parent / "shared" / "reference" / "phoenix-dictionaries"
SOURCE = "phoenix-2014"

PEOPLE_COLUMNS = ["key", "name", "aliases", "country", "sector", "role", "start", "end", "source", "note"]
ORG_COLUMNS = ["key", "name", "aliases", "code", "sector", "country", "kind", "start", "end", "source", "note"]
AGENT_COLUMNS = ["text", "sector", "plural", "source"]

PLOVER_SECTORS = set(
    "GOV MIL COP JUD LEG PTY REB SPY UAF UNK PRM AGR BUS CRM CVL EDU ELI JRN LAB MED REF OPP PRE REL SOC".split()
)
# CAMEO sector codes that PLOVER renamed or folded (PLOVER manual, "Sector code notes"):
# CAMEO MED was media (now JRN) and HLH medical (now MED); religions become REL; insurgents REB.
CAMEO_SECTOR = {
    "MED": "JRN", "HLH": "MED", "MUS": "REL", "CHR": "REL", "JEW": "REL", "BUD": "REL", "HIN": "REL",
    "INS": "REB", "SEP": "REB", "HRI": "SOC", "ENV": "SOC", "NGO": "SOC", "PPL": "CVL", "RAD": "OPP",
    "MOD": "GOV", "IGO": None, "UNR": "PRE",
}
# CAMEO country codes that differ from ISO 3166 alpha-3 (current or historical, ISO 3166-3).
CAMEO_COUNTRY = {
    "KSV": "XKX", "KOS": "XKX", "TMP": "TLS", "ROM": "ROU", "ZAR": "COD", "JAP": "JPN", "GER": "DEU",
    "UKG": "GBR", "PAL": "PSE", "BUR": "MMR", "USR": "SUN", "FRY": "YUG", "SRP": "BIH", "KRJ": "HRV",
}
HISTORICAL_COUNTRIES = {"SUN", "YUG", "SCG", "CSK", "DDR"}
FICTIONAL_COUNTRIES = {"KNT"}  # Kinakuta (a test entry from the novel Cryptonomicon)
# State bodies coded GOV+X in CAMEO act in sector X (the U.S. Supreme Court is JUD, Congress LEG).
INSTITUTION_SECONDARY = {"LEG", "JUD", "MIL", "COP", "SPY"}
INSTITUTION_WORDS = re.compile(
    r"\b(ASSEMBLY|AUTHORITY|COUNCIL|MINISTRY|PARTY|ARMY|FORCES?|COMMITTEE|GOVERNMENT|PARLIAMENT|COURT|POLICE|"
    r"SERVICE|AGENCY|OFFICE|BANK|UNION|FRONT|MOVEMENT|ORGANI[SZ]ATION|COMMISSION|CONGRESS|DEPARTMENT|LEAGUE|"
    r"BRIGADES?|GUARDS?|PALACE|HOUSE|STREET|INSTITUTE|FEDERATION|ASSOCIATION|SOCIETY|FUND|PROGRAMME|PROGRAM|"
    r"AGREEMENT|TRIBUNAL|MISSION|SECRETARIAT|CENTRE|CENTER|BUREAU|DIRECTORATE|ADMINISTRATION|CABINET|SENATE|"
    r"COUNCILS|BOARD|CORPS|NAVY|COMMAND|GROUP|NETWORK|FOUNDATION|ALLIANCE|COALITION|CONFERENCE|KHURAL|DUMA|"
    r"KNESSET|SABHA|MAJLIS|SHURA|REPUBLIC|STATE|FEDERAL|NATIONAL|INTERNATIONAL|WORLD|UNITED|BANK|TRUST|"
    r"PRESIDENT_OF|PRIME_MINISTER_OF|MINISTER_OF|OF_THE)\b".replace("_", " ")
)
# Acronyms with vowels that the vowel-less rule below would lower-case ("Us Secretary of State").
KNOWN_ACRONYMS = {"US", "UK", "UN", "EU", "AU", "UAE", "USA", "USSR", "NATO", "OPEC", "OSCE", "ASEAN", "OAS", "OIC",
                  "IAEA", "UNESCO", "UNICEF", "UNHCR", "UNDP", "UNEP", "ECOWAS", "IMF", "WTO", "ICC", "ICRC"}
# Elizabeth II, Abdullah II; not XI, which is also a name (Li Xi).
REGNAL_NUMBERS = {"II", "III", "IV", "VI", "VII", "VIII", "IX", "XII", "XIII", "XIV", "XV", "XVI"}
SMALL_WORDS = {"of", "the", "and", "for", "in", "on", "to", "al", "bin", "ibn", "de", "da", "das", "do", "dos",
               "del", "della", "di", "du", "la", "le", "van", "von", "der", "den", "ter", "y", "e", "a", "an", "at"}


@dataclass
class Code:
    raw: str
    start: Optional[str]
    end: Optional[str]
    dated: bool


@dataclass
class Block:
    names: list[str] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    line: int = 0
    closed: bool = False  # a name line carried a code of its own: later bare names start new blocks


# ---------------------------------------------------------------- TABARI parsing

CODE_RE = re.compile(r"\[([^\]]*)\]")
CODE_BODY_RE = re.compile(r"([A-Z]{3,}|---)\s*(?:(>|<)\s*(\d{6}|\d{8})|(\d{6}|\d{8})\s*-\s*(\d{6}|\d{8})?)?\s*$")


def tabari_date(digits: str) -> Optional[str]:
    """YYMMDD (years below 30 are 20xx) or YYYYMMDD to ISO; 700101 is TABARI's 'since unknown'."""
    if digits == "700101":
        return None
    if len(digits) == 6:
        yy = int(digits[:2])
        year = 2000 + yy if yy < 30 else 1900 + yy
        month, day = int(digits[2:4]), int(digits[4:6])
    else:
        year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise ValueError(digits)
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_code(body: str) -> Optional[Code]:
    m = CODE_BODY_RE.match(body.strip())
    if not m or m.group(1) == "---":
        return None
    raw, op, one, first, last = m.groups()
    try:
        if op == ">":
            return Code(raw, tabari_date(one), None, True)
        if op == "<":
            return Code(raw, None, tabari_date(one), True)
        if first:
            return Code(raw, tabari_date(first), tabari_date(last) if last else None, True)
    except ValueError:
        return None  # malformed date in the source (e.g. 7 digits): the role is dropped
    return Code(raw, None, None, False)


def read_blocks(path: Path) -> list[Block]:
    """Actor blocks: root name, its + synonyms (and bare names listed before the codes), then the codes."""
    blocks: list[Block] = []
    current: Optional[Block] = None
    for lineno, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        text, _, comment = raw.partition("#")
        if not text.strip():
            if not raw.strip():
                current = None  # a blank line closes the block
            continue
        codes = [c for c in (parse_code(b) for b in CODE_RE.findall(text)) if c]
        has_code_text = bool(CODE_RE.search(text))  # [---] and malformed codes still close the name list
        name = CODE_RE.sub(" ", text).strip()
        if not name:
            if current is not None:
                current.codes.extend(codes)
                current.comments.append(comment)
            continue
        if name.startswith("+"):
            if current is not None:
                current.names.append(name[1:])
                current.codes.extend(codes)
                current.comments.append(comment)
            continue
        if current is None or current.codes or current.closed:
            current = Block(line=lineno)
            blocks.append(current)
        current.names.append(name)
        current.codes.extend(codes)
        current.comments.append(comment)
        current.closed = has_code_text
    return blocks


# ---------------------------------------------------------------- names

ACRONYM_IN_PARENS = re.compile(r"\(([A-Z0-9./-]{2,12})\)")


def clean_name(raw: str) -> tuple[str, list[str]]:
    """'ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_' -> ('ADEN ABYAN ISLAMIC ARMY', ['AAIA'])."""
    extra = ACRONYM_IN_PARENS.findall(raw)
    text = ACRONYM_IN_PARENS.sub(" ", raw)
    text = re.sub(r"\([^)]*\)?", " ", text)
    text = text.replace("_", " ").replace("\t", " ")
    text = re.sub(r"\s+", " ", text).strip(" ,;:-+")
    return text, extra


def display_case(upper: str, acronym_ok: bool = True) -> str:
    """Readable case for an all-capitals Phoenix name ('MANFRED_WÖRNER' -> 'Manfred Wörner')."""
    words = upper.split(" ")
    if acronym_ok and len(words) == 1 and len(upper) <= 6 and upper.isupper() and "." not in upper:
        return upper  # UNHCR, IAEA, NATO
    out = []
    for i, word in enumerate(words):
        low = word.lower()
        if i > 0 and low in SMALL_WORDS:
            out.append(low)
            continue
        if acronym_ok and word in KNOWN_ACRONYMS:
            out.append(word)
            continue
        if re.fullmatch(r"(?:[A-Z]\.)+", word) or (acronym_ok and len(words) > 1 and len(word) <= 4
                                                    and word.isalpha() and not re.search(r"[AEIOUY]", word)):
            out.append(word)  # initials and vowel-less acronyms (J.F., UNHCR-like)
            continue
        if i > 0 and word in REGNAL_NUMBERS:
            out.append(word)
            continue
        parts = re.split(r"([-'’])", low)
        cased = "".join(p[:1].upper() + p[1:] if p not in "-'’" else p for p in parts)
        if cased.startswith("Mc") and len(cased) > 2:
            cased = "Mc" + cased[2:3].upper() + cased[3:]
        out.append(cased)
    return " ".join(out)


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def fold(text: str) -> str:
    """Comparison form: no accents, no punctuation, lower case."""
    return " ".join(slug(text).split("-"))


# ---------------------------------------------------------------- code interpretation

def load_country_codes() -> set[str]:
    with open(KB_DIR / "countries.tsv", encoding="utf-8") as fh:
        return {row["code"] for row in csv.DictReader(fh, delimiter="\t")}


def split_cameo(raw: str, countries: set[str]) -> tuple[Optional[str], Optional[str], str]:
    """(country ISO or org code, PLOVER sector, rest) for a CAMEO actor code like RUSGOVJUD or IGOUNOIAE."""
    head, rest = raw[:3], raw[3:]
    if head in ("IGO", "NGO", "IMG", "MNC", "ISM"):
        if head == "IGO":
            org = rest[:3]
            return ("UNO" if org == "UNO" else "EUR" if org == "EUR" else "IGO"), None, rest
        if head == "NGO":
            # NGO + optional country + domain: NGOPALHRI is a Palestinian human-rights NGO
            return "NGO", None, rest
        return head, None, rest
    head = CAMEO_COUNTRY.get(head, head)
    if head in FICTIONAL_COUNTRIES or (head not in countries and head not in HISTORICAL_COUNTRIES):
        return None, None, rest
    sector3 = rest[:3]
    sector = CAMEO_SECTOR.get(sector3, sector3) if sector3 else None
    if sector is not None and sector not in PLOVER_SECTORS:
        sector = None
    return head, sector, rest[3:]


# ---------------------------------------------------------------- classification

# People the Phoenix files list without dates or a CountryInfo mark (checked by hand, 2014 file).
UNDATED_PERSONS = {
    "BASHAR AL-ASSAD", "DENG XIAOPING", "SAMIR GEAGEA", "SIDDARAMAIAH", "ALBIN KURTI", "ABU MOHAMMAD AL JAWLANI",
    "FETHULLAH GULEN", "SELAHATTIN DEMIRTAS", "HOSSEIN SHARIATMADARI", "EKMELEDDIN IHSANOGLU",
    "MOHAMMED ALI ALLAHDADI", "EDWARD SNOWDEN", "AHMAD AWAD BIN MUBARAK",
}


def country_names() -> set[str]:
    """Names of countries (countries.tsv), folded: Phoenix lists the former Soviet republics as dated
    'actors' of the USSR, which are countries, not people."""
    out = set()
    for row in read_tsv(KB_DIR / "countries.tsv"):
        out.add(fold(row["name"]))
        out.update(fold(a) for a in (row.get("aliases") or "").split("|") if a)
    return out


def is_person_block(block: Block) -> bool:
    comments = " ".join(block.comments)
    name = clean_name(block.names[0])[0]
    if "CountryInfo.txt" in comments or "IGOrulers.txt" in comments or name in UNDATED_PERSONS:
        return True
    if INSTITUTION_WORDS.search(name):
        return False
    return any(c.dated for c in block.codes)


_COUNTRY_NAMES = lru_cache(maxsize=1)(country_names)


def org_like(name: str) -> bool:
    return bool(INSTITUTION_WORDS.search(name)) or (len(name) <= 8 and " " not in name and name.isupper())


# ---------------------------------------------------------------- table builders

@dataclass
class Person:
    name: str
    aliases: list[str]
    roles: list[tuple[str, Optional[str], Optional[str], Optional[str]]]  # country, sector, start, end


def people_and_orgs(phoenix: Path, countries: set[str], blockers: set[str]):
    persons: list[Person] = []
    orgs: list[dict] = []

    def aliases_of(block: Block) -> tuple[str, list[str]]:
        names: list[str] = []
        for raw in block.names:
            text, extra = clean_name(raw)
            for candidate in [text, *extra]:
                if candidate and candidate not in names:
                    names.append(candidate)
        return names[0] if names else "", names[1:]

    for fname in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                  "Phoenix.MilNonState.actors.txt"):
        for block in read_blocks(phoenix / fname):
            if not block.codes:
                continue
            name, aliases = aliases_of(block)
            if not name or fold(name) in _COUNTRY_NAMES():
                continue  # a country listed with its dated statehood: countries.tsv covers it
            decoded = []
            for code in block.codes:
                country, sector, rest = split_cameo(code.raw, countries)
                if country is None:
                    continue
                decoded.append((code, country, sector, rest))
            if not decoded:
                continue
            # a country's own block ([AFG], [USAASM], [ARM >911221]) has no sector: countries.tsv covers it
            org_codes = ("UNO", "EUR", "IGO", "NGO", "IMG", "MNC", "ISM")
            if all(sector is None and country not in org_codes for _, country, sector, _ in decoded):
                continue
            if is_person_block(block):
                roles = []
                for code, country, sector, _ in decoded:
                    if country in ("MNC", "ISM"):
                        continue
                    if country in ("UNO", "EUR", "IGO", "NGO", "IMG"):
                        sector = sector or "GOV" if country in ("UNO", "EUR", "IGO") else sector
                    roles.append((country, sector, code.start, code.end))
                if roles:
                    persons.append(Person(display_case(name, acronym_ok=False),
                                          [display_case(a, acronym_ok=False) for a in aliases], roles))
                continue
            if fname == "Phoenix.International.actors.txt" and not org_like(name):
                continue  # undated individuals (NGO staff, celebrities) are too noisy to keep
            code, country, sector, rest = decoded[0]
            if country == "MNC":
                continue  # companies: thousands of entries, not political actors
            if country in ("UNO", "EUR", "IGO"):
                kind, org_code, org_country = "igo", country, ""
                sector = {"JUD": "JUD", "MIL": "MIL", "REF": "REF", "HLH": "MED"}.get(rest[3:6] if country != "IGO"
                                                                                       else rest[:3])
            elif country == "NGO":
                kind, org_code = "ngo", "NGO"
                maybe = CAMEO_COUNTRY.get(rest[:3], rest[:3])
                org_country = maybe if maybe in countries else ""
                sector = None
            elif country == "IMG":
                kind, org_code, org_country, sector = "armed_group", "IMG", "", "REB"
            else:
                org_code, org_country = country, country
                secondary = rest[:3]
                if sector == "GOV" and secondary in INSTITUTION_SECONDARY:
                    sector = secondary
                kind = "armed_group" if sector in ("REB", "UAF", "PRM") else \
                    "national" if sector in ("GOV", "LEG", "JUD", "MIL", "COP", "SPY") else "group"
            orgs.append({
                "name": display_case(name),
                "aliases": [display_case(a) for a in aliases],
                "code": org_code, "sector": sector or "", "country": org_country, "kind": kind,
                "start": code.start or "", "end": code.end or "",
            })
    return persons, orgs


def merge_persons(persons: list[Person], team_keys: "TeamKeys") -> dict[str, Person]:
    """One record per key; the same name in two countries are two people (key suffixed with the country)."""
    def main_country(p: Person) -> str:
        counts: dict[str, int] = defaultdict(int)
        for country, *_ in p.roles:
            counts[country] += 1
        return max(sorted(counts), key=lambda c: counts[c])

    by_slug: dict[str, dict[str, Person]] = defaultdict(dict)
    for p in persons:
        country = main_country(p)
        existing = by_slug[slug(p.name)].get(country)
        if existing:
            existing.aliases.extend(a for a in p.aliases if a not in existing.aliases)
            existing.roles.extend(r for r in p.roles if r not in existing.roles)
        else:
            by_slug[slug(p.name)][country] = Person(p.name, list(p.aliases), list(p.roles))
    out: dict[str, Person] = {}
    for base, per_country in by_slug.items():
        for country, p in per_country.items():
            key = None
            key = team_keys.key_for(p.name, p.aliases, country)
            if key is None:
                key = base if len(per_country) == 1 else f"{base}-{country.lower()}"
            if key in out:
                out[key].aliases.extend(a for a in p.aliases if a not in out[key].aliases)
                out[key].roles.extend(r for r in p.roles if r not in out[key].roles)
            else:
                out[key] = p
    return out


def filter_aliases(name: str, aliases: Iterable[str], blockers: set[str]) -> list[str]:
    """Drop one-word aliases that are ordinary words or other actors' names ('May', 'Jordan', 'President')."""
    kept = []
    for alias in aliases:
        if fold(alias) == fold(name) or alias in kept:
            continue
        if " " not in alias and fold(alias) in blockers:
            continue
        kept.append(alias)
    return kept


def prune_roles(roles):
    """Drop CountryInfo's 'elite since birth' spans (ELI ending where the first office starts): they
    say nothing about the person, while the undated ELI ('former official') default is kept."""
    office_starts = [start for _, sector, start, _ in roles if sector != "ELI" and start]
    first_office = min(office_starts) if office_starts else None
    kept = []
    for role in roles:
        country, sector, start, end = role
        if sector == "ELI" and end and first_office and end <= first_office:
            continue
        kept.append(role)
    return kept or roles


def read_tsv(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return [row for row in csv.DictReader(fh, delimiter="\t") if not (row.get(next(iter(row))) or "").startswith("#")]


def write_tsv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, delimiter="\t", lineterminator="\n",
                                quoting=csv.QUOTE_NONE, escapechar="\\")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") or "" for c in columns})


def blocker_words() -> set[str]:
    """Words a one-word person alias must not be: the stop list, agent words, country and place names."""
    words = set()
    for line in (KB_DIR / "alias_stoplist.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(fold(line))
    for row in read_tsv(KB_DIR / "countries.tsv"):
        for col in ("name", "aliases", "adjectives", "capital", "metonyms"):
            words.update(fold(v) for v in (row.get(col) or "").split("|") if v)
    for row in read_tsv(KB_DIR / "metonyms.tsv"):
        words.add(fold(row["text"]))
    for row in read_tsv(KB_DIR / "agents_team.tsv"):
        words.update(fold(v) for v in (row["text"], row.get("plural") or "") if v)
    return words


@dataclass
class TeamKeys:
    """Which team person a Phoenix person is: their name against every multi-word form of a team person, or
    one of their aliases against a team person's name, in a country of that team person.  Aliases are not
    compared with aliases: "President Bush" names two presidents."""
    by_form: dict[tuple[str, str], str]
    by_name: dict[tuple[str, str], str]

    def key_for(self, name: str, aliases: Iterable[str], country: str) -> Optional[str]:
        key = self.by_form.get((fold(name), country))
        if key is None:
            key = next((self.by_name[(fold(a), country)] for a in aliases if (fold(a), country) in self.by_name), None)
        return key


def team_key_index(countries: set[str]) -> TeamKeys:
    names: dict[str, str] = {}
    forms: dict[str, list[str]] = defaultdict(list)
    person_countries: dict[str, list[str]] = defaultdict(list)
    for path in sorted(KB_DIR.glob("people_team*.tsv")):
        for row in read_tsv(path):
            key = row["key"]
            names.setdefault(key, row["name"])
            for form in [row["name"], *(row.get("aliases") or "").split("|")]:
                if " " in form.strip() and form not in forms[key]:
                    forms[key].append(form)
            if row["country"] not in person_countries[key]:
                person_countries[key].append(row["country"])
    by_form: dict[tuple[str, str], str] = {}
    by_name: dict[tuple[str, str], str] = {}
    for key, key_forms in forms.items():
        for country in person_countries[key]:
            for form in key_forms:
                by_form.setdefault((fold(form), country), key)
            if " " in names[key]:
                by_name.setdefault((fold(names[key]), country), key)
    return TeamKeys(by_form, by_name)


# ---------------------------------------------------------------- agents

def parse_agents(path: Path) -> list[dict]:
    macros: dict[str, list[str]] = {}
    rows: dict[str, dict] = {}
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        text = raw.split("#", 1)[0].strip()
        if not text:
            continue
        macro = re.fullmatch(r"(![A-Z]+!)\s*=\s*(.+)", text)
        if macro:
            macros[macro.group(1)] = [w.strip() for w in macro.group(2).split(",") if w.strip()]
            continue
        m = re.fullmatch(r"([^\[{]+?)\s*(?:\{([^}]*)\})?\s*\[~([A-Z]+)\]", text)
        if not m:
            continue
        word, plural, code = m.group(1).strip(), m.group(2), m.group(3)
        sector3 = code[:3]
        sector = CAMEO_SECTOR.get(sector3, sector3)
        if sector not in PLOVER_SECTORS:
            continue
        expansions = [word]
        for name, values in macros.items():
            if name in word:
                expansions = [word.replace(name, ("_" if not word.endswith(name) or word.startswith(name) else "") + v)
                              .replace("__", "_") for v in values]
        for form in expansions:
            singular = form.replace("_", " ").strip().lower()
            singular = re.sub(r"\s+", " ", singular)
            if plural is None:
                plural_form = english_plural(singular)
            else:
                plural_form = plural.replace("_", " ").strip().lower()
            if form is not word:  # macro forms (men/women) already carry their number
                plural_form = ""
            rows.setdefault(singular, {"text": singular, "sector": sector, "plural": plural_form,
                                       "source": SOURCE})
    return sorted(rows.values(), key=lambda r: r["text"])


def english_plural(phrase: str) -> str:
    words = phrase.split(" ")
    last = words[-1]
    if last.endswith(("man",)) and not last.endswith(("human", "german", "shaman")):
        last = last[:-3] + "men"
    elif re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        last = last + "es"
    elif last.endswith("ff") or last.endswith("fe"):
        last = last + "s"
    else:
        last = last + "s"
    return " ".join(words[:-1] + [last])


# ---------------------------------------------------------------- main

def build(phoenix: Path) -> None:
    countries = load_country_codes()
    blockers = blocker_words()
    team_keys = team_key_index(countries)
    persons, orgs = people_and_orgs(phoenix, countries, blockers)
    merged = merge_persons(persons, team_keys)

    people_rows = []
    for key in sorted(merged):
        p = merged[key]
        aliases = filter_aliases(p.name, p.aliases, blockers)
        roles = sorted(set(prune_roles(p.roles)), key=lambda r: (r[2] or "0000", r[3] or "9999", r[0], r[1] or ""))
        for i, (country, sector, start, end) in enumerate(roles):
            people_rows.append({
                "key": key, "name": p.name, "aliases": "|".join(aliases) if i == 0 else "",
                "country": country, "sector": sector or "", "start": start or "", "end": end or "",
                "source": SOURCE,
            })
    write_tsv(KB_DIR / "people_phoenix.tsv", PEOPLE_COLUMNS, people_rows)

    team_org_names = {fold(row["text"]) for row in read_tsv(KB_DIR / "metonyms.tsv")}
    for row in read_tsv(KB_DIR / "organizations_team.tsv"):
        team_org_names.add(fold(row["name"]))
        team_org_names.update(fold(a) for a in (row.get("aliases") or "").split("|") if a)
    org_by_key: dict[str, dict] = {}
    for org in orgs:
        if fold(org["name"]) in team_org_names:
            continue  # the hand-written entry covers it
        key = slug(org["name"])
        if org["country"] and org["kind"] != "igo":
            key = f"{key}-{org['country'].lower()}" if key in org_by_key and org_by_key[key]["country"] != org["country"] else key
        if key in org_by_key:
            org_by_key[key]["aliases"].extend(a for a in org["aliases"] if a not in org_by_key[key]["aliases"])
            continue
        org["key"] = key
        org_by_key[key] = org
    org_rows = []
    for key in sorted(org_by_key):
        org = dict(org_by_key[key])
        org["aliases"] = "|".join(a for a in filter_aliases(org["name"], org["aliases"], blockers)
                                  if fold(a) not in team_org_names)
        org["source"] = SOURCE
        org_rows.append(org)
    write_tsv(KB_DIR / "organizations_phoenix.tsv", ORG_COLUMNS, org_rows)

    team_agents = {row["text"].lower() for row in read_tsv(KB_DIR / "agents_team.tsv")}
    agent_rows = [r for r in parse_agents(phoenix / "Phoenix.agents.txt") if r["text"] not in team_agents]
    write_tsv(KB_DIR / "agents_phoenix.tsv", AGENT_COLUMNS, agent_rows)
    print(f"people_phoenix.tsv: {len(people_rows)} rows ({len(merged)} people); "
          f"organizations_phoenix.tsv: {len(org_rows)}; agents_phoenix.tsv: {len(agent_rows)}")


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phoenix", type=Path, default=DEFAULT_PHOENIX, help="the Phoenix dictionaries folder")
    args = parser.parse_args(argv)
    if not (args.phoenix / "Phoenix.Countries.actors.txt").exists():
        print(f"no Phoenix dictionaries in {args.phoenix}", file=sys.stderr)
        return 2
    build(args.phoenix)
    return 0


if __name__ == "__main__":
    sys.exit(main())
