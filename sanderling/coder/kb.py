"""The offline actor knowledge base: who or what the words naming an actor refer to.

The tables live in ``sanderling/data/kb/`` (see its README): countries with their names,
demonyms and capitals, seats of government used as actors ("the Kremlin"), organisations,
agent words ("troops", "riot police") and people with dated roles ("president of Russia from
2012-05-07").  :class:`ActorKB` loads them once per process and finds their names in a token
sequence, the way the spaCy tokenizer splits text, with a dictionary keyed on token tuples.

Matching rules, chosen so that common words do not become actors:

* multi-word names and agent words match in any case ("riot police", "UNITED NATIONS");
* a one-word proper name must be capitalised ("Turkey", not "turkey"); an acronym or a name with
  inner capitals must match exactly or in an all-capitals headline ("US", not "Us" or "us");
* one-word aliases of people that are ordinary words ("May", "Brown") are not indexed
  (``alias_stoplist.txt``), and phrases such as "Latin America" are consumed without a match
  (``blockers.txt``) so that "America" inside them is not the United States.

Building the index takes a few seconds; :meth:`ActorKB.load` keeps the built object in a pickle in
the user's cache directory, named by a hash of the data files and of this module, so later runs
load it in a fraction of a second and any edit of the data rebuilds it.
"""
from __future__ import annotations

import gc
import hashlib
import os
import pickle
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Iterable, Optional, Sequence

from .. import DATA_DIR as PACKAGE_DATA
from ..model import Entity

DATA_DIR = PACKAGE_DATA / "kb"
# Part of the cache file's hash (with this module's own text): bump to discard every cached build.
_CACHE_FORMAT = "1"

# Actor codes that name no country: international and non-governmental organisations, the UN, the EU, armed
# groups acting across borders, and regions.
NON_COUNTRY_CODES = frozenset({"IGO", "NGO", "UNO", "EUR", "IMG", "NAT", "WST", "AFR", "ASA", "MEA"})
KIND_PRIORITY = {"country": 5, "adjective": 5, "metonym": 4, "organisation": 3, "person": 2, "agent": 1}
# For query words (resolve_actor): of matches of one length, people and organisations before places.
QUERY_KIND_RANK = {"person": 0, "organisation": 1, "metonym": 2, "country": 3, "adjective": 4, "agent": 5}
# Title words in order of prominence, used to rank people sharing a name when nothing else decides.
HEAD_TITLES = ("president", "king", "queen", "emperor", "emir", "supreme leader", "chancellor", "prime minister",
               "premier", "secretary-general", "secretary general", "general secretary", "sultan", "pope",
               "chairman", "head of state", "leader", "taoiseach")
SECOND_TITLES = ("foreign minister", "secretary of state", "foreign secretary", "vice president",
                 "vice-president", "crown prince", "high representative", "minister of foreign affairs")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})

# Words written before a surname that are not given names (dotted forms such as "Mr." are no word and need no entry).
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "gen", "general", "col",
                        "colonel", "lt", "maj", "major", "capt", "captain", "adm", "admiral", "sgt", "sheikh", "sheik",
                        "prince", "princess", "king", "queen", "emir", "sultan", "imam", "ayatollah", "rev", "father",
                        "bishop", "cardinal", "pope", "senator", "sen", "rep", "governor", "gov", "judge", "justice",
                        "marshal", "comrade", "president", "premier", "chancellor", "minister", "secretary",
                        "ambassador", "envoy", "chairman", "speaker", "mayor", "leader", "commander", "chief"})

# How a candidate's alias must compare with the text's tokens.
ANY_CASE, CAPITALISED, EXACT = 0, 1, 2


@dataclass(frozen=True)
class Role:
    country: Optional[str]
    sector: Optional[str]
    title: Optional[str]
    start: Optional[str]
    end: Optional[str]


@dataclass(frozen=True)
class KBEntry:
    key: str  # stable, e.g. "country:FRA", "person:emmanuel-macron", "org:iaea", "agent:president", "metonym:kremlin"
    kind: str  # "country" | "adjective" | "person" | "organisation" | "agent" | "metonym"
    name: str  # canonical: "France", "Emmanuel Macron", "International Atomic Energy Agency", "president", "Kremlin"
    code: Optional[str]  # ISO alpha-3 or PLOVER org code; None for agents
    sector: Optional[str]
    roles: tuple[Role, ...] = ()  # persons (and organisations whose standing changed, e.g. the Taliban)
    source: str = ""  # "team-2026", "phoenix-2014", "countryinfo"


@dataclass(frozen=True)
class KBMatch:
    start: int  # token indices [start, end) in the token list given to find()
    end: int
    alias: str  # the alias that matched
    entries: tuple[KBEntry, ...]  # all candidates for that alias, most prominent first


@dataclass(frozen=True)
class CountryRecord:
    code: str
    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    capital: Optional[str]
    capital_lat: Optional[float]
    capital_lon: Optional[float]
    lat: Optional[float]
    lon: Optional[float]
    capitals: tuple[str, ...] = ()  # every spelling and seat ("Kyiv", "Kiev")
    metonyms: tuple[str, ...] = ()  # metonyms.tsv texts for this country


# An index candidate: (entry index, alias as written, case rule, is a blocker phrase).
_Candidate = tuple[int, str, int, bool]


def fold(token: str) -> str:
    """Comparison form of a token: lower case, no accents, straight apostrophes."""
    folded = _FOLDED.get(token)
    if folded is None:
        folded = token.translate(_APOSTROPHES).lower()
        if not folded.isascii():
            folded = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
        if len(_FOLDED) < 500_000:
            _FOLDED[token] = folded
    return folded


_FOLDED: dict[str, str] = {}


def _date_key(date: Optional[str]) -> Optional[str]:
    """A comparable YYYY-MM-DD for a full or partial ISO date (a bare year means its middle)."""
    if not date:
        return None
    date = date.strip()[:10]
    if len(date) == 4:
        return f"{date}-07-01"
    if len(date) == 7:
        return f"{date}-15"
    return date


def _title_rank(title: Optional[str]) -> int:
    if not title:
        return 0
    low = title.lower()
    if any(low.startswith(t) or low == t for t in HEAD_TITLES) and "vice" not in low and "deputy" not in low:
        return 3
    if any(t in low for t in SECOND_TITLES):
        return 2
    return 1


def _role_valid(role: Role, day: str) -> bool:
    """Whether ``day`` (YYYY-MM-DD) falls in the role; a partial end ("2025-10") lasts to the end of its month."""
    return (role.start is None or role.start <= day) and (role.end is None or day[:len(role.end)] <= role.end)


def _split(cell: Optional[str]) -> list[str]:
    return [v.strip() for v in (cell or "").split("|") if v.strip()]


def _read_tsv(path: Path) -> list[dict]:
    """Rows of a tab-separated file with a header; no quoting (cells never contain tabs)."""
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").split("\n")
    header = lines[0].rstrip("\r").split("\t")
    rows = []
    for line in lines[1:]:
        line = line.rstrip("\r")
        if not line or line.startswith("#"):
            continue
        # interned: the many repeated codes, dates and names then share one object, in memory and in the pickle
        rows.append(dict(zip(header, map(sys.intern, line.split("\t")))))
    return rows


def _read_lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            lines.append(line)
    return lines


def _float(text: Optional[str]) -> Optional[float]:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _cache_dir() -> Path:
    configured = os.environ.get("SANDERLING_CACHE_DIR")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sanderling"


def _cache_file(data_dir: Path) -> Path:
    """kb-<folder>-<content>.pickle: <content> hashes every data file, this module and the tokenizer's version."""
    digest = hashlib.sha256()
    for part in (_CACHE_FORMAT, Path(__file__).read_bytes(), _package_version("spacy"), repr(pickle.HIGHEST_PROTOCOL)):
        digest.update(part if isinstance(part, bytes) else part.encode())
    for path in sorted(p for p in data_dir.iterdir() if p.is_file()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    folder = hashlib.sha256(str(data_dir).encode()).hexdigest()[:8]
    return _cache_dir() / f"kb-{folder}-{digest.hexdigest()[:24]}.pickle"


def _write_cache(cache_file: Path, kb: "ActorKB") -> None:
    """Write atomically (a reader never sees half a file) and drop older builds of the same data folder."""
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_name(f"{cache_file.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(kb, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache_file)
        folder_prefix = cache_file.name.rsplit("-", 1)[0] + "-"
        for old in cache_file.parent.glob(f"{folder_prefix}*.pickle"):
            if old != cache_file:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full cache directory only costs the build time next run


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


@lru_cache(maxsize=1)
def _tokenizer():
    import spacy

    return spacy.blank("en").tokenizer


class ActorKB:
    """Countries, metonyms, organisations, agent words and dated people, with a token matcher."""

    _cache: dict[Path, "ActorKB"] = {}

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.entries: list[KBEntry] = []
        self._by_key: dict[str, int] = {}
        self._index: dict[tuple[str, ...], list[_Candidate]] = {}
        self._max_len: dict[str, int] = {}
        self._agent_keys: set[tuple[str, ...]] = set()
        self._countries: dict[str, CountryRecord] = {}
        self._stoplist = {fold(w) for w in _read_lines(data_dir / "alias_stoplist.txt")}
        self._proper_one_word: set[str] = set()  # one-word country/adjective/metonym names
        self._tokenize_cache: dict[str, tuple[str, ...]] = {}
        self._load()
        self._finish_index()

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, data_dir: Optional[Path] = None, use_cache: bool = True) -> "ActorKB":
        """The knowledge base in ``data_dir`` (default: the packaged one), built once per process.

        Building the index from the tables takes seconds, so the built knowledge base is also kept as a
        pickle in the user's cache directory (``$SANDERLING_CACHE_DIR``, else ``$XDG_CACHE_HOME/sanderling``
        or ``~/.cache/sanderling``), named by a hash of the data files and of this module: any change to
        either builds it afresh, and the result is the same object either way."""
        path = Path(data_dir).resolve() if data_dir else DATA_DIR
        kb = cls._cache.get(path)
        if kb is None:
            kb = cls._cache[path] = cls._load_cached(path) if use_cache else cls(path)
        return kb

    @classmethod
    def _load_cached(cls, data_dir: Path) -> "ActorKB":
        try:
            cache_file = _cache_file(data_dir)
        except (OSError, RuntimeError):  # no home directory: build without a cache
            return cls(data_dir)
        gc_was_enabled = gc.isenabled()
        gc.disable()  # unpickling creates ~10^5 objects that can hold no cycles: collecting meanwhile doubles the time
        try:
            with open(cache_file, "rb") as fh:
                kb = pickle.load(fh)
            if isinstance(kb, cls):
                kb.data_dir = data_dir
                return kb
        except Exception:  # missing, unreadable or written by another version: rebuild below
            pass
        finally:
            if gc_was_enabled:
                gc.enable()
        kb = cls(data_dir)
        _write_cache(cache_file, kb)
        return kb

    def _add_entry(self, entry: KBEntry) -> int:
        idx = self._by_key.get(entry.key)
        if idx is not None:
            return idx
        self.entries.append(entry)
        self._by_key[entry.key] = len(self.entries) - 1
        return len(self.entries) - 1

    def _tokens(self, alias: str) -> tuple[str, ...]:
        toks = self._tokenize_cache.get(alias)
        if toks is None:
            if alias.isascii() and alias.replace(" ", "").isalpha() and "  " not in alias:
                toks = tuple(alias.split(" "))
            else:
                toks = tuple(t.text for t in _tokenizer()(alias) if not t.is_space)
            self._tokenize_cache[alias] = toks
        return toks

    def _add_alias(self, alias: str, entry_idx: int, kind: str, blocker: bool = False) -> None:
        alias = alias.strip()
        if not alias:
            return
        if alias.isascii() and alias.replace(" ", "").isalpha():
            key = tuple(alias.lower().split())  # the common case, no tokenizer needed
        else:
            key = tuple(fold(t) for t in self._tokens(alias))
        if not key:
            return
        if kind == "agent" or len(key) > 1 or blocker:
            rule = ANY_CASE
        elif not alias[:1].isupper():
            rule = CAPITALISED
        elif not alias.isalpha() or not alias[1:].islower():
            rule = EXACT  # acronyms (US, IAEA), inner capitals (McCain) and dotted forms (U.S.)
        else:
            rule = CAPITALISED
        cands = self._index.get(key)
        if cands is None:
            cands = self._index[key] = []
        elif any(c[0] == entry_idx and c[2] == rule for c in cands):
            return
        cands.append((entry_idx, alias, rule, blocker))
        if kind == "agent":
            self._agent_keys.add(key)

    def _load(self) -> None:
        d = self.data_dir
        self._load_countries(d / "countries.tsv")
        self._load_metonyms(d / "metonyms.tsv")
        for name in ("organizations_team.tsv", "organizations_phoenix.tsv"):
            self._load_orgs(d / name)
        for name in ("agents_team.tsv", "agents_phoenix.tsv"):
            self._load_agents(d / name)
        self._load_people(sorted(d.glob("people_team*.tsv")) + [d / "people_phoenix.tsv"])
        blocker = self._add_entry(KBEntry("blocker:", "blocker", "", None, None))
        for phrase in _read_lines(d / "blockers.txt"):
            self._add_alias(phrase, blocker, "blocker", blocker=True)

    def _load_countries(self, path: Path) -> None:
        for row in _read_tsv(path):
            code = row["code"]
            capitals = tuple(_split(row.get("capital")))
            record = CountryRecord(
                code=code, name=row["name"], aliases=tuple(_split(row.get("aliases"))),
                adjectives=tuple(_split(row.get("adjectives"))), capital=capitals[0] if capitals else None,
                capital_lat=_float(row.get("capital_lat")), capital_lon=_float(row.get("capital_lon")),
                lat=_float(row.get("lat")), lon=_float(row.get("lon")), capitals=capitals,
            )
            self._countries[code] = record
            idx = self._add_entry(KBEntry(f"country:{code}", "country", record.name, code, None, source="countryinfo"))
            for alias in (record.name, *record.aliases):
                self._add_alias(alias, idx, "country")
            if record.adjectives:
                adj = self._add_entry(KBEntry(f"adjective:{code}", "adjective", record.name, code, None,
                                              source="countryinfo"))
                for alias in record.adjectives:
                    self._add_alias(alias, adj, "adjective")
            for alias in (record.name, *record.aliases, *record.adjectives):
                if " " not in alias:
                    self._proper_one_word.add(fold(alias))

    def _load_metonyms(self, path: Path) -> None:
        by_country: dict[str, list[str]] = {}
        for row in _read_tsv(path):
            code, sector = row["code"] or None, row.get("sector") or None
            name = row.get("name") or row["text"]
            key = f"metonym:{_slug(name)}"
            known = self.entry(key)
            if known is not None and (known.code, known.sector) != (code, sector):
                key = f"{key}-{(code or '').lower()}"
            idx = self._add_entry(KBEntry(key, "metonym", name, code, sector, source="team-2026"))
            self._add_alias(row["text"], idx, "metonym")
            if " " not in row["text"]:
                self._proper_one_word.add(fold(row["text"]))
            by_country.setdefault(code, []).append(row["text"])
        for code, texts in by_country.items():
            rec = self._countries.get(code)
            if rec:
                self._countries[code] = CountryRecord(**{**rec.__dict__, "metonyms": tuple(texts)})

    def _load_orgs(self, path: Path) -> None:
        rows_by_key: dict[str, list[dict]] = {}
        for row in _read_tsv(path):
            rows_by_key.setdefault(row["key"], []).append(row)
        for key, rows in rows_by_key.items():
            if f"org:{key}" in self._by_key:
                continue  # a hand-written entry with this key was loaded first
            roles = tuple(
                Role(r.get("code") or None, r.get("sector") or None, None, r.get("start") or None, r.get("end") or None)
                for r in rows
            ) if len(rows) > 1 or any(r.get("start") or r.get("end") for r in rows) else ()
            main = next((r for r in rows if not r.get("end")), rows[-1])
            idx = self._add_entry(KBEntry(f"org:{key}", "organisation", main["name"], main.get("code") or None,
                                          main.get("sector") or None, roles, main.get("source") or ""))
            for row in rows:
                for alias in (row["name"], *_split(row.get("aliases"))):
                    self._add_alias(alias, idx, "organisation")

    def _load_agents(self, path: Path) -> None:
        for row in _read_tsv(path):
            text = row["text"].strip()
            # "secretary-general" and "secretary general" share a key: the first row gives the sector,
            # every row its words
            idx = self._by_key.get(f"agent:{_slug(text)}")
            if idx is None:
                idx = self._add_entry(KBEntry(f"agent:{_slug(text)}", "agent", text, None, row.get("sector") or None,
                                              source=row.get("source") or ""))
            for alias in (text, *_split(row.get("plural"))):
                self._add_alias(alias, idx, "agent")

    def _load_people(self, paths: Sequence[Path]) -> None:
        """Team rows come first; Phoenix roles for the same key survive only where no team role overlaps."""
        people: dict[str, dict] = {}
        for path in paths:
            for row in _read_tsv(path):
                person = people.get(row["key"])
                source = row.get("source") or ""
                if person is None:
                    person = people[row["key"]] = {"name": row["name"], "aliases": [], "roles": [],
                                                   "source": source, "team": []}
                for alias in _split(row.get("aliases")):
                    if alias not in person["aliases"]:
                        person["aliases"].append(alias)
                role = Role(row.get("country") or None, row.get("sector") or None, row.get("role") or None,
                            row.get("start") or None, row.get("end") or None)
                if source.startswith("team"):
                    person["team"].append(role)
                elif person["team"] and (role.start or role.end) and any(
                        _overlaps(role, t) for t in person["team"]):
                    continue
                person["roles"].append(role)
        for key, p in people.items():
            roles = tuple(sorted(dict.fromkeys(p["roles"]), key=_role_order))
            main = _main_role(roles)
            idx = self._add_entry(KBEntry(f"person:{key}", "person", p["name"], main.country if main else None,
                                          main.sector if main else None, roles, p["source"]))
            for alias in (p["name"], *p["aliases"]):
                if " " not in alias.strip() and self._blocked_one_word(alias):
                    continue
                self._add_alias(alias, idx, "person")

    def _blocked_one_word(self, alias: str) -> bool:
        folded = fold(alias.strip())
        return folded in self._stoplist or folded in self._proper_one_word or (folded,) in self._agent_keys

    def _finish_index(self) -> None:
        for key, cands in self._index.items():
            cands.sort(key=lambda c: self._static_rank(self.entries[c[0]]), reverse=True)
            first = key[0]
            if len(key) > self._max_len.get(first, 0):
                self._max_len[first] = len(key)

    def _static_rank(self, entry: KBEntry) -> tuple:
        best_title = max((_title_rank(r.title) for r in entry.roles), default=0)
        return (KIND_PRIORITY.get(entry.kind, 0), best_title, entry.source.startswith("team"),
                entry.sector not in (None, "ELI"), -len(entry.roles) if False else len(entry.roles))

    # ------------------------------------------------------------------ matching

    def find(self, words: Sequence[str], lemmas: Optional[Sequence[str]] = None) -> list[KBMatch]:
        """Longest, leftmost, non-overlapping matches of aliases over a token sequence (spaCy token texts).
        Case-insensitive for multi-word names and agents; case-SENSITIVE (capitalised) for single-token proper
        names so that "turkey" the bird or "chad" do not match; possessive 's and plural forms handled
        (lemmas, when given, let "troops"/"soldiers" match agent entries)."""
        folded = [fold(strip_possessive(w)) for w in words]
        folded_lemmas = [fold(l) for l in lemmas] if lemmas is not None and len(lemmas) == len(words) else None
        out: list[KBMatch] = []
        n, i = len(words), 0
        index, max_len = self._index, self._max_len
        while i < n:
            longest = max_len.get(folded[i], 0)
            if folded_lemmas is not None:
                longest = max(longest, max_len.get(folded_lemmas[i], 0))
            found = None
            for length in range(min(longest, n - i), 0, -1):
                cands = index.get(tuple(folded[i:i + length]))
                if cands:
                    kept = self._case_filter(cands, words, i, length)
                    if kept:
                        found = (length, kept)
                        break
                if folded_lemmas is not None:
                    key = tuple(folded_lemmas[i:i + length])
                    if key in self._agent_keys:
                        kept = [c for c in index[key] if self.entries[c[0]].kind == "agent"]
                        if kept:
                            found = (length, kept)
                            break
            if found is None:
                i += 1
                continue
            length, kept = found
            if length == 1 and i > 0:
                kept = [c for c in kept if self.given_name_fits(self.entries[c[0]], words[i - 1])]
                if not kept:
                    i += 1
                    continue
            if not kept[0][3]:
                entries = tuple(dict.fromkeys(self.entries[c[0]] for c in kept if not c[3]))
                out.append(KBMatch(i, i + length, kept[0][1], entries))
            i += length
        return out

    def given_name_fits(self, entry: KBEntry, before: str) -> bool:
        """Whether the word written before a surname can be this person's given name: "Slobodan Milosevic" is not
        Phoenix's Domagoj Ivan Milosevic. A title, honorific or any other known word ("President Milosevic",
        "Mr Putin", "Russia's Lavrov") is no given name; a spelling of the same given name ("Sergei" for
        "Sergey") shares its first letter."""
        if entry.kind != "person" or not (before[:1].isupper() and before.isalpha() and len(before) > 1):
            return True
        folded = fold(before)
        if folded in HONORIFICS or any(self.entries[c[0]].kind != "person" for c in self._index.get((folded,), ())):
            return True
        return any(fold(w)[:1] == folded[:1] for w in entry.name.split()[:-1])

    def _case_filter(self, cands: list[_Candidate], words: Sequence[str], i: int, length: int) -> list[_Candidate]:
        if length > 1:
            return cands
        word = strip_possessive(words[i])
        kept = []
        for c in cands:
            rule, alias = c[2], c[1]
            if rule == ANY_CASE:
                kept.append(c)
            elif rule == CAPITALISED:
                if word[:1].isupper():
                    kept.append(c)
            elif word == alias or (word.isupper() and word == alias.upper()) or \
                    word.translate(_APOSTROPHES) == alias.translate(_APOSTROPHES):
                kept.append(c)
        return kept

    # ------------------------------------------------------------------ resolution

    def role_on(self, entry: KBEntry, date: Optional[str] = None, context_codes: Iterable[str] = ()) -> Optional[Role]:
        """The role an entry held on ``date`` (ISO, full or partial; None: today's, i.e. an open-ended role).

        For people: the dated role valid that day (the most prominent if several); after their last office,
        that office as "former ..." with sector ELI; before any dated office, the undated Phoenix default or
        an untitled ELI role.  For organisations whose standing changed: the role valid that day, else the
        nearest in time."""
        if not entry.roles:
            return None
        context = set(context_codes)
        day = _date_key(date)
        dated = [r for r in entry.roles if r.start or r.end]
        undated = [r for r in entry.roles if not (r.start or r.end)]

        def rank(r: Role) -> tuple:
            return (r.title is not None, r.sector not in (None, "ELI"), _title_rank(r.title), r.country in context,
                    r.start or "")

        if day is None:
            current = [r for r in dated if r.end is None]
            pool = current or dated or undated
            return max(pool, key=rank)
        valid = [r for r in dated if _role_valid(r, day)]
        if valid:
            return max(valid, key=rank)
        if not dated:
            return max(undated, key=rank)
        if entry.kind == "person":
            past = [r for r in dated if r.end and r.end < day[:len(r.end)] and r.sector != "ELI"]
            if past:
                # the most prominent office held, then the latest: "former secretary of state", not "former envoy"
                last = max(past, key=lambda r: (r.title is not None, _title_rank(r.title), r.end))
                title = f"former {last.title}" if last.title else None
                return Role(last.country, "ELI", title, last.start, last.end)
            if undated:
                return max(undated, key=rank)
            first = min(dated, key=lambda r: r.start or "")
            return Role(first.country, "ELI", None, None, None)

        def distance(r: Role) -> int:
            edge = r.end if r.end and r.end < day else r.start
            return abs(_days(edge) - _days(day)) if edge else 10 ** 9

        return min(dated, key=lambda r: (distance(r), [-x for x in (int(rank(r)[1]), rank(r)[2])]))

    def resolve(self, entry: KBEntry, date: Optional[str] = None, context_codes: Iterable[str] = ()) -> Entity:
        """An sanderling.model.Entity (text left empty for the caller to fill) with code, sector, name, kind, role.
        For persons: the role valid on `date` (ISO), else the nearest role in time; GOV/ELI etc. from it."""
        role = self.role_on(entry, date, context_codes)
        code, sector, title = entry.code, entry.sector, None
        if role is not None:
            code = role.country or code
            sector = role.sector
            title = role.title
        kind = {"organisation": "organisation"}.get(entry.kind, entry.kind)
        return Entity(text="", code=code, sector=sector, name=entry.name, kind=kind, role=title)

    def best(self, match: KBMatch, date: Optional[str] = None, context_codes: Iterable[str] = ()) -> KBEntry:
        """Pick among ambiguous candidates: a person holding a role on `date` first, then one whose country is in
        `context_codes` (countries already seen in the document), then the most prominent (head of state > minister)."""
        if len(match.entries) == 1:
            return match.entries[0]
        context = set(context_codes)
        day = _date_key(date)

        def score(pair) -> tuple:
            order, entry = pair
            holds = True
            if entry.kind == "person":
                holds = day is not None and any(
                    (r.start or r.end) and r.sector != "ELI" and _role_valid(r, day) for r in entry.roles)
            elif entry.roles and day is not None:
                holds = any(_role_valid(r, day) for r in entry.roles)
            role = self.role_on(entry, date, context) if entry.roles else None
            codes = {entry.code} | {r.country for r in entry.roles}
            in_context = bool(codes & context)
            title = _title_rank(role.title) if role else 0
            return (holds, in_context, title, self._static_rank(entry), -order)

        return max(enumerate(match.entries), key=score)[1]

    # ------------------------------------------------------------------ countries

    def country(self, code: str) -> Optional[CountryRecord]:
        return self._countries.get(code)

    def code_for_name(self, text: str, kinds: tuple[str, ...] = ("country", "adjective", "metonym")) -> Optional[str]:
        """"France", "French", "the U.S.", "Kyiv" -> ISO code, by the same rules as find(); ``kinds`` says which
        entries count (a country's names, its adjectives, the metonyms of its government)."""
        text = text.strip()
        if not text:
            return None
        tokens = [t for t in self._tokens(text)]
        if tokens and tokens[0].lower() == "the":
            tokens = tokens[1:]
        while tokens and tokens[-1] in ("'s", "’s", "'", "’"):
            tokens = tokens[:-1]
        matches = self.find(tokens)
        if len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(tokens):
            for entry in matches[0].entries:
                if entry.kind in kinds and entry.code and len(entry.code) == 3:
                    return entry.code
        return None

    def country_code(self, text: str) -> Optional[str]:
        """The one country resolver for what a user types: an ISO 3166 alpha-3 code the knowledge base knows
        ("FRA", former states too: "SUN") or a country's name or alias ("France", "the United States", "Russian
        Federation") -> its code; None for anything else (an adjective, a capital, a person)."""
        code = text.strip()
        if len(code) == 3 and code.isalpha() and code.isupper() and code in self._countries:
            return code
        return self.code_for_name(text, kinds=("country",))

    def entry(self, key: str) -> Optional[KBEntry]:
        idx = self._by_key.get(key)
        return self.entries[idx] if idx is not None else None


def strip_possessive(word: str) -> str:
    """A word or name without its possessive 's ("Russia's", "Rio de Janeiro's": the tagger sometimes keeps it
    inside an entity)."""
    if len(word) > 2 and word[-2:] in ("'s", "’s"):
        return word[:-2]
    return word


def _days(iso: str) -> int:
    y, m, d = int(iso[:4]), int(iso[5:7] or 1), int(iso[8:10] or 1)
    return y * 372 + m * 31 + d  # monotone, close enough to compare distances between roles


def _overlaps(a: Role, b: Role) -> bool:
    a_end, b_end = a.end or "9999", b.end or "9999"
    return (a.start or "0000")[:len(b_end)] <= b_end and (b.start or "0000")[:len(a_end)] <= a_end


def _role_order(r: Role) -> tuple:
    """A total order on roles, so that the loaded tables do not depend on row order or hashing."""
    return (r.start or "", r.end or "9999", r.title or "", r.country or "", r.sector or "")


def _main_role(roles: tuple[Role, ...]) -> Optional[Role]:
    """The role that gives a person entry its default code/sector: the latest office held."""
    if not roles:
        return None
    return max(roles, key=lambda r: (r.sector not in (None, "ELI"), r.end is None and bool(r.start),
                                     r.start or "", _title_rank(r.title)))


def resolve_actor(text: str, date: Optional[str] = None) -> Optional[dict]:
    """A free-text actor ("Emmanuel Macron", "the Kremlin", "Russia") → ``{"code", "name", "kind"}``, for
    query arguments; the longest match wins, people and organisations before places."""
    kb = ActorKB.load()
    words = [w for w in _tokenizer()(text.strip()) if not w.is_space]
    matches = kb.find([w.text for w in words], [w.lemma_ or w.text for w in words])
    if not matches:
        return None
    best = max(matches, key=lambda m: (m.end - m.start, -QUERY_KIND_RANK.get(m.entries[0].kind, 9)))
    entry = kb.best(best, date)
    if entry is None or entry.kind == "agent":
        return None
    ent = kb.resolve(entry, date)
    named = entry.kind in ("person", "organisation")
    return {"code": ent.code, "name": ent.name if named else None, "kind": entry.kind}
