"""Cross-document merge: when two reports describe one real-world event, and which values win.

Everything here is pure (records in, decisions out) so the rules can be tested without a store.

A *mention* is one event as the coder produced it from one document (``Event.to_dict()``).  A
*canonical event* is a cluster of mentions judged to be the same real-world event.  A mention joins
a cluster when (see :func:`compare`):

* the event type is the same, and so are the future / hypothetical / negated flags;
* the participants are compatible: for symmetric categories (CONSULT, AGREE, COOPERATE: who called
  whom does not make a second call) the sets of participant keys, actors and recipients together,
  are equal or one contains the other; for directed categories the actor sets and the recipient
  sets are each compatible that way (an empty side is unknown, not a conflict), and at least one
  key is shared on the same side;
* where both reports name a person for the same country, the names match (Macron–Putin and
  Barrot–Lavrov are two different conversations between France and Russia);
* the date ranges overlap; two day-precise dates one day apart are accepted only when the
  evidence sentences are also similar (time zones, "overnight" attacks), since the same pair of
  countries often does the same thing on consecutive days;
* the places agree when both reports have one (same name, within 30 km, or a country that
  contains the other's place);
* the evidence is strong enough: two shared participant keys, a shared person, or a shared key
  and an agreeing place; otherwise the evidence sentences must be similar (rapidfuzz
  token-set ratio >= 60).

The thresholds and the symmetric categories are in ``data/store/merge.yaml``.

Text similarity is always computed and kept in the explanation, and it ranks candidates.
"""
from __future__ import annotations

import hashlib
import math
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable, Optional, Sequence

import yaml
from rapidfuzz import fuzz

from .. import DATA_DIR, ontology
from ..model import parse_published

SETTINGS = yaml.safe_load((DATA_DIR / "store" / "merge.yaml").read_text("utf-8"))
SYMMETRIC_CATEGORIES = ontology.load().group("symmetric_in_merge")
TEXT_SIMILARITY_MIN = float(SETTINGS["text_similarity_min"])
NEAR_DATE_TEXT_MIN = float(SETTINGS["near_date_text_min"])
NEAR_DATE_DAYS = int(SETTINGS["near_date_days"])
PLACE_RADIUS_KM = float(SETTINGS["place_radius_km"])
PUBLISHED_FALLBACK_DAYS = int(SETTINGS["published_fallback_days"])
SAME_PERSON_MIN = float(SETTINGS["same_person_min"])
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "range": 2, "year": 3, "published": 4, "unknown": 5}


def normalise_name(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().replace(".", " ").split())


def name_key(name: str) -> str:
    return "n:" + normalise_name(name)


def entity_code_key(entity: dict) -> Optional[str]:
    code = entity.get("code")
    return code.strip().upper() if code else None


def entity_person_name(entity: dict) -> Optional[str]:
    """The canonical name of a person or named organisation, when the coder gave one."""
    if entity.get("name"):
        return entity["name"]
    if entity.get("kind") == "person" and entity.get("text"):
        return entity["text"]
    return None


def entity_keys(entity: dict) -> list[str]:
    keys = []
    code = entity_code_key(entity)
    if code:
        keys.append(code)
    name = entity_person_name(entity)
    if name:
        keys.append(name_key(name))
    return keys


def _range_of_value(value: str) -> tuple[Optional[date], Optional[date]]:
    parts = value.split("-")
    try:
        if len(parts) == 1:
            year = int(parts[0])
            return date(year, 1, 1), date(year, 12, 31)
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            nxt = date(year + (month == 12), month % 12 + 1, 1)
            return date(year, month, 1), nxt - timedelta(days=1)
        day = date.fromisoformat(value[:10])
        return day, day
    except ValueError:
        return None, None


@dataclass(frozen=True)
class DateRange:
    earliest: Optional[date]
    latest: Optional[date]
    precision: str  # day, week, month, range, year, published (fallback to publication), unknown
    value: Optional[str]

    @property
    def known(self) -> bool:
        return self.earliest is not None and self.latest is not None

    @property
    def precise(self) -> bool:
        return self.known and self.precision not in ("published", "unknown") and (self.latest - self.earliest).days <= 1

    def gap_days(self, other: "DateRange") -> Optional[int]:
        """Days between the two ranges; 0 or negative when they overlap."""
        if not (self.known and other.known):
            return None
        return (max(self.earliest, other.earliest) - min(self.latest, other.latest)).days


def date_range_of(record_date: Optional[dict], published: Optional[date]) -> DateRange:
    """The range of days an event can have happened on, from the coder's date and the publication date."""
    if record_date and record_date.get("basis") != "published":
        earliest = parse_published(record_date.get("earliest"))
        latest = parse_published(record_date.get("latest"))
        value = record_date.get("value")
        if (earliest is None or latest is None) and value:
            earliest, latest = _range_of_value(value)
        if earliest and latest:
            precision = record_date.get("precision") or "unknown"
            if precision == "unknown":
                precision = "day" if earliest == latest else "range"
            return DateRange(earliest, latest, precision, value or earliest.isoformat())
    if published is not None:
        return DateRange(published - timedelta(days=PUBLISHED_FALLBACK_DAYS), published, "published", None)
    return DateRange(None, None, "unknown", None)


@dataclass(frozen=True)
class EventPlace:
    name: Optional[str]
    country: Optional[str]
    feature: Optional[str]
    lat: Optional[float]
    lon: Optional[float]

    @property
    def known(self) -> bool:
        return bool(self.name or self.country)

    @property
    def is_country(self) -> bool:
        return self.feature == "country" or (self.name is None and self.country is not None)


def place_of(location: Optional[dict]) -> EventPlace:
    if not location:
        return EventPlace(None, None, None, None, None)
    return EventPlace(
        name=location.get("name") or location.get("text"),
        country=location.get("country"),
        feature=location.get("feature"),
        lat=location.get("lat"),
        lon=location.get("lon"),
    )


def _km(a: EventPlace, b: EventPlace) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def places_agree(a: EventPlace, b: EventPlace) -> tuple[Optional[bool], str]:
    """(agree, how); agree is None when one side has no place."""
    if not (a.known and b.known):
        return None, "one report has no place"
    if a.name and b.name and normalise_name(a.name) == normalise_name(b.name):
        return True, "same name"
    if None not in (a.lat, a.lon, b.lat, b.lon):
        km = _km(a, b)
        if km <= PLACE_RADIUS_KM:
            return True, f"{km:.0f} km apart"
        if not (a.is_country or b.is_country):
            return False, f"{km:.0f} km apart"
    if a.is_country and a.country and a.country == b.country:
        return True, f"{b.name or b.country} is in {a.country}"
    if b.is_country and b.country and b.country == a.country:
        return True, f"{a.name or a.country} is in {b.country}"
    return False, "different places"


@dataclass(frozen=True)
class Features:
    """What the merge rule looks at, for one mention or for a whole canonical event."""

    event_type: str
    actor_keys: frozenset[str]
    recipient_keys: frozenset[str]
    people: frozenset[str]  # "CODE|normalised name"
    dates: DateRange
    place: EventPlace
    future: bool = False
    hypothetical: bool = False
    negated: bool = False
    evidence: tuple[str, ...] = ()

    @property
    def participants(self) -> frozenset[str]:
        return self.actor_keys | self.recipient_keys

    def merge_keys(self) -> list[str]:
        """The keys the event is found under when looking for merge candidates: its codes, or its
        names when it has no code, or its place when it has no actor at all."""
        codes = sorted(k for k in self.participants if not k.startswith("n:"))
        if codes:
            return codes
        names = sorted(self.participants)
        if names:
            return names
        if self.place.name:
            return ["@" + normalise_name(self.place.name)]
        return []


def features_of(record: dict, published: Optional[date]) -> Features:
    people = set()
    for entity in list(record.get("actor") or []) + list(record.get("recipient") or []):
        name = entity_person_name(entity)
        if name and entity.get("kind") not in ("country",):
            people.add(f"{entity_code_key(entity) or ''}|{normalise_name(name)}")
    evidence = tuple(e["sentence"] for e in record.get("evidence") or [] if e.get("sentence"))
    return Features(
        event_type=record["event_type"].upper(),
        actor_keys=frozenset(k for e in record.get("actor") or [] for k in entity_keys(e)),
        recipient_keys=frozenset(k for e in record.get("recipient") or [] for k in entity_keys(e)),
        people=frozenset(people),
        dates=date_range_of(record.get("date"), published),
        place=place_of(record.get("location")),
        future=bool(record.get("future")),
        hypothetical=bool(record.get("hypothetical")),
        negated=bool(record.get("negated")),
        evidence=evidence[:1],
    )


def _match_keys(keys: frozenset[str], people: frozenset[str]) -> frozenset[str]:
    """The keys participant sets are compared on: codes, plus names of entities without a code.
    Names of people with a code are compared separately and fuzzily ("Macron" = "Emmanuel Macron")."""
    codeless = {"n:" + p.split("|", 1)[1] for p in people if p.startswith("|")}
    return frozenset(k for k in keys if not k.startswith("n:") or k in codeless)


def _sets_compatible(a: frozenset, b: frozenset) -> bool:
    return not a or not b or a <= b or b <= a


def _codes(keys: Iterable[str]) -> set[str]:
    return {k for k in keys if not k.startswith("n:")}


def _people_conflicts(a: frozenset[str], b: frozenset[str]) -> tuple[list[str], list[str]]:
    """(shared people, codes where both name people and none of them match)."""
    by_code_a: dict[str, list[str]] = {}
    by_code_b: dict[str, list[str]] = {}
    for person in a:
        code, name = person.split("|", 1)
        by_code_a.setdefault(code, []).append(name)
    for person in b:
        code, name = person.split("|", 1)
        by_code_b.setdefault(code, []).append(name)
    shared, conflicts = [], []
    for code in sorted(set(by_code_a) & set(by_code_b)):
        matches = [x for x in by_code_a[code] for y in by_code_b[code] if fuzz.token_set_ratio(x, y) >= SAME_PERSON_MIN]
        if matches:
            shared.extend(sorted(set(matches)))
        elif code:
            conflicts.append(code)
    return shared, conflicts


def text_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    best = 0.0
    for x in a:
        for y in b:
            best = max(best, fuzz.token_set_ratio(x, y))
    return round(best, 1)


@dataclass
class Match:
    compatible: bool
    score: float
    explanation: dict[str, Any] = field(default_factory=dict)


def compare(a: Features, b: Features) -> Match:
    """Can ``a`` and ``b`` be the same real-world event?  Always explains its answer."""
    why: dict[str, Any] = {"event_type": a.event_type}

    def refuse(reason: str) -> Match:
        why["refused"] = reason
        return Match(False, 0.0, why)

    if a.event_type != b.event_type:
        return refuse(f"types differ: {a.event_type} vs {b.event_type}")
    for flag in ("future", "hypothetical", "negated"):
        if getattr(a, flag) != getattr(b, flag):
            return refuse(f"one report is {flag}, the other is not")

    symmetric = a.event_type in SYMMETRIC_CATEGORIES
    a_actors, a_recipients = _match_keys(a.actor_keys, a.people), _match_keys(a.recipient_keys, a.people)
    b_actors, b_recipients = _match_keys(b.actor_keys, b.people), _match_keys(b.recipient_keys, b.people)
    if symmetric:
        pa, pb = a_actors | a_recipients, b_actors | b_recipients
        if not (pa and pb and (pa <= pb or pb <= pa)):
            return refuse(f"participants differ: {sorted(pa)} vs {sorted(pb)}")
        shared = sorted(pa & pb)
        why["participants"] = {"shared": shared, "symmetric": True}
    else:
        if not (_sets_compatible(a_actors, b_actors) and _sets_compatible(a_recipients, b_recipients)):
            return refuse(
                f"actors/recipients differ: {sorted(a_actors)}->{sorted(a_recipients)}"
                f" vs {sorted(b_actors)}->{sorted(b_recipients)}"
            )
        shared = sorted((a_actors & b_actors) | (a_recipients & b_recipients))
        if not shared and (a_actors or a_recipients or b_actors or b_recipients):
            return refuse("no actor or recipient in common")
        why["participants"] = {"shared": shared, "symmetric": False}

    shared_people, people_conflicts = _people_conflicts(a.people, b.people)
    if people_conflicts:
        return refuse(f"different people named for {', '.join(people_conflicts)}")
    if shared_people:
        why["people"] = shared_people

    gap = a.dates.gap_days(b.dates)
    if gap is None:
        return refuse("a report has no date and no publication date")
    why["date"] = {
        "a": [a.dates.earliest.isoformat(), a.dates.latest.isoformat(), a.dates.precision],
        "b": [b.dates.earliest.isoformat(), b.dates.latest.isoformat(), b.dates.precision],
        "gap_days": max(gap, 0),
    }
    similarity = text_similarity(a.evidence, b.evidence)
    why["text_similarity"] = similarity
    if gap > 0:
        if not (a.dates.precise and b.dates.precise and gap <= NEAR_DATE_DAYS):
            return refuse(f"dates {gap} days apart")
        if similarity < NEAR_DATE_TEXT_MIN:
            return refuse(f"dates {gap} day apart and evidence not similar ({similarity})")
        why["date"]["near"] = True

    place_ok, place_how = places_agree(a.place, b.place)
    why["place"] = {"agree": place_ok, "how": place_how}
    if place_ok is False:
        return refuse(f"places differ: {a.place.name or a.place.country} vs {b.place.name or b.place.country}")

    n_codes = len(_codes(shared))
    strong = n_codes >= 2 or bool(shared_people) or (len(shared) >= 1 and place_ok is True)
    why["corroboration"] = "participants/people/place" if strong else "text similarity"
    if not strong and similarity < TEXT_SIMILARITY_MIN:
        return refuse(f"only {len(shared)} shared participant(s) and evidence not similar ({similarity})")

    union = a_actors | a_recipients | b_actors | b_recipients
    participant_score = len(shared) / len(union) if union else 0.0
    date_score = 1.0 if gap <= 0 and a.dates.precise and b.dates.precise else 0.7 if gap <= 0 else 0.4
    place_score = {True: 1.0, None: 0.5}[place_ok]
    score = round(0.35 * participant_score + 0.25 * date_score + 0.15 * place_score + 0.25 * similarity / 100, 3)
    why["score"] = score
    return Match(True, score, why)


# --- canonical values --------------------------------------------------------------------------


@dataclass
class StoredMention:
    """One stored mention: the coder's record plus what the store knows about its document."""

    mention_id: str
    record: dict
    doc_id: str
    content_hash: str
    published: Optional[date]
    source: Optional[str] = None
    title: Optional[str] = None
    url: Optional[str] = None
    _features: Optional[Features] = None

    @property
    def features(self) -> Features:
        if self._features is None:
            self._features = features_of(self.record, self.published)
        return self._features

    @property
    def recency(self) -> tuple:
        """Sort key: later-published reports last."""
        return (self.published or date.min, self.mention_id)


def mention_id_for(content_hash: str, record: dict) -> str:
    """Stable across runs and machines: the document text, the event's trigger and its participants."""
    evidence = (record.get("evidence") or [{}])[0]
    parts = [
        content_hash,
        record["event_type"],
        str(evidence.get("trigger_start", "")),
        str(evidence.get("trigger_end", "")),
        ",".join(sorted(k for e in record.get("actor") or [] for k in entity_keys(e))),
        ",".join(sorted(k for e in record.get("recipient") or [] for k in entity_keys(e))),
    ]
    return "m-" + hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:20]


def canonical_id_for(anchor_mention_id: str) -> str:
    return "ev-" + hashlib.sha1(("canonical|" + anchor_mention_id).encode("utf-8")).hexdigest()[:16]


def anchor_of(mentions: Sequence[StoredMention]) -> StoredMention:
    """The first report of the event: earliest publication, then the most precise date, then id."""
    return min(
        mentions,
        key=lambda m: (
            m.published or date.max,
            PRECISION_RANK.get(m.features.dates.precision, 9),
            m.mention_id,
        ),
    )


def choose(values: Sequence[tuple[Any, StoredMention]], finer: Optional[callable] = None) -> Any:
    """The canonical-value rule: the most frequent value; tie -> the value of the most recently
    published report; still tied (same day) -> the finer/larger value (``finer`` gives its sort key)."""
    counts = Counter(v for v, _ in values)
    top = max(counts.values())
    tied = [v for v, n in counts.items() if n == top]
    if len(tied) == 1:
        return tied[0]
    latest_per_value = {v: max(m.published or date.min for w, m in values if w == v) for v in tied}
    newest = max(latest_per_value.values())
    tied = [v for v in tied if latest_per_value[v] == newest]
    if len(tied) == 1:
        return tied[0]
    return max(tied, key=finer) if finer else sorted(tied, key=str)[0]


def _conflict(field_name: str, values: Sequence[tuple[Any, StoredMention]], chosen: Any) -> Optional[dict]:
    distinct = sorted({v for v, _ in values}, key=str)
    if len(distinct) < 2:
        return None
    return {
        "chosen": chosen,
        "values": [
            {
                "value": v,
                "sources": [
                    {"doc_id": m.doc_id, "mention_id": m.mention_id, "source": m.source,
                     "published": m.published.isoformat() if m.published else None}
                    for w, m in values if w == v
                ],
            }
            for v in distinct
        ],
    }


def _role_entities(mentions: Sequence[StoredMention]) -> tuple[list[dict], list[dict]]:
    """Union of entities across reports, each in the role most reports give it (tie: actor)."""
    roles: dict[tuple, Counter] = {}
    first_seen: dict[tuple, dict] = {}
    for m in sorted(mentions, key=lambda m: m.recency):
        for role in ("actor", "recipient"):
            for entity in m.record.get(role) or []:
                # one entry per person, or per country/organisation and sector ("Russia" and "Russian" are one)
                person = entity_person_name(entity)
                code = entity_code_key(entity)
                key = (code, entity.get("sector"), normalise_name(person or ("" if code else entity.get("text") or "")))
                roles.setdefault(key, Counter())[role] += 1
                if key not in first_seen or (entity.get("name") and not first_seen[key].get("name")):
                    first_seen[key] = dict(entity, doc_id=m.doc_id)  # its offsets are into that document
    actors, recipients = [], []
    for key in first_seen:
        count = roles[key]
        (actors if count["actor"] >= count["recipient"] else recipients).append(first_seen[key])
    return actors, recipients


@dataclass
class Canonical:
    event_id: str
    anchor: StoredMention
    representative: StoredMention
    features: Features
    record: dict
    date_value: Optional[str]
    dates: DateRange
    place: EventPlace
    dead: Optional[int]
    injured: Optional[int]
    size: Optional[int]
    modes: list[str]
    contexts: list[str]
    historical: bool
    quad_code: Optional[int]
    score: Optional[float]
    n_sources: int
    first_published: Optional[date]
    last_published: Optional[date]
    mentions: list[StoredMention]

    @property
    def day(self) -> Optional[date]:
        """The date queries sort and count by: the first day of the canonical date, or the
        publication date for an event only dated by it."""
        return self.dates.latest if self.dates.precision == "published" else self.dates.earliest


def build_canonical(mentions: Sequence[StoredMention]) -> Canonical:
    """Fold the reports of one event into its canonical record (rules in docs/store.md)."""
    mentions = sorted(mentions, key=lambda m: m.recency)
    anchor = anchor_of(mentions)
    event_type = anchor.features.event_type

    # Date: only the finest precision reported competes; coarser reports support it.
    dated = [m for m in mentions if m.features.dates.known]
    date_value, dates = None, DateRange(None, None, "unknown", None)
    date_conflict, date_record = None, None
    if dated:
        finest = min(PRECISION_RANK.get(m.features.dates.precision, 9) for m in dated)
        competing = [m for m in dated if PRECISION_RANK.get(m.features.dates.precision, 9) == finest]
        pairs = [((m.features.dates.value or m.features.dates.latest.isoformat()), m) for m in competing]
        date_value = choose(pairs, finer=lambda v: (len(v), v))
        date_conflict = _conflict("date", pairs, date_value)
        # the words of the most recent report giving that value stand for it
        date_mention = max((m for v, m in pairs if v == date_value), key=lambda m: m.recency)
        dates = date_mention.features.dates
        if date_mention.record.get("date"):
            date_record = dict(date_mention.record["date"], doc_id=date_mention.doc_id)
    if date_record is None:
        date_record = {"value": None, "earliest": dates.earliest.isoformat() if dates.earliest else None,
                       "latest": dates.latest.isoformat() if dates.latest else None, "precision": dates.precision,
                       "text": None, "start": None, "end": None, "basis": "published"}

    def count_field(name: str):
        pairs = [(m.record.get(name), m) for m in mentions if m.record.get(name) is not None]
        if not pairs:
            return None, None
        value = choose(pairs, finer=lambda v: v)
        return value, _conflict(name, pairs, value)

    dead, dead_conflict = count_field("dead")
    injured, injured_conflict = count_field("injured")
    size, size_conflict = count_field("size")

    placed = [m for m in mentions if m.features.place.known]
    specific = [m for m in placed if not m.features.place.is_country] or placed
    place, place_conflict = EventPlace(None, None, None, None, None), None
    if specific:
        pairs = [(normalise_name(m.features.place.name or m.features.place.country), m) for m in specific]
        chosen_name = choose(pairs)
        place = next(m.features.place for v, m in pairs if v == chosen_name)
        place_conflict = _conflict("place", [(m.features.place.name or m.features.place.country, m) for _, m in pairs],
                                   place.name or place.country)

    mode_counts = Counter(mode for m in mentions for mode in dict.fromkeys(m.record.get("mode") or []))
    modes = sorted(mode_counts, key=lambda k: (-mode_counts[k], k))
    context_counts = Counter(c for m in mentions for c in dict.fromkeys(m.record.get("context") or []))
    contexts = sorted(context_counts, key=lambda k: (-context_counts[k], k))

    def agreement(m: StoredMention) -> tuple:
        agree = 0
        agree += (m.features.dates.value or "") == (date_value or "")
        agree += m.record.get("dead") == dead
        agree += m.record.get("injured") == injured
        agree += m.features.place.name == place.name
        return (-agree, -float(m.record.get("confidence") or 0), m.published or date.max, m.mention_id)

    representative = min(mentions, key=agreement)
    actors, recipients = _role_entities(mentions)
    ont = ontology.load()
    category = ont.categories.get(event_type)
    quad_code, score = (category.quad if category else None), ont.score(event_type, modes)
    published = [m.published for m in mentions if m.published]
    event_id = canonical_id_for(anchor.mention_id)

    record = dict(representative.record)
    record.update(
        {
            "id": event_id,
            "event_type": event_type,
            "mode": modes,
            "context": contexts,
            "actor": actors,
            "recipient": recipients,
            "date": date_record,
            "location": _location_record(mentions, place),
            "dead": dead,
            "injured": injured,
            "size": size,
            "historical": all(bool(m.record.get("historical")) for m in mentions),
            "confidence": max(float(m.record.get("confidence") or 0) for m in mentions),
            "quad_code": quad_code,
            "score": score,
            "n_mentions": len(mentions),
            "n_sources": len({m.content_hash for m in mentions}),
            "mention_ids": [m.mention_id for m in mentions],
            "conflicts": {
                k: v
                for k, v in (("date", date_conflict), ("dead", dead_conflict), ("injured", injured_conflict),
                             ("size", size_conflict), ("place", place_conflict))
                if v
            },
            "sources": [_source_entry(m) for m in mentions],
        }
    )
    for qualifier, value in (("dead_qualifier", dead), ("injured_qualifier", injured), ("size_qualifier", size)):
        name = qualifier.split("_")[0]
        holder = next((m for m in reversed(mentions) if m.record.get(name) == value and value is not None), None)
        record[qualifier] = holder.record.get(qualifier) if holder else None
    record["magnitude_evidence"] = {
        name: dict(holder.record["magnitude_evidence"][name], doc_id=holder.doc_id)
        for name, value in (("dead", dead), ("injured", injured), ("size", size))
        if value is not None
        for holder in [next((m for m in reversed(mentions) if m.record.get(name) == value and name in (m.record.get("magnitude_evidence") or {})), None)]
        if holder
    }

    features = Features(
        event_type=event_type,
        actor_keys=frozenset(k for e in actors for k in entity_keys(e)),
        recipient_keys=frozenset(k for e in recipients for k in entity_keys(e)),
        people=frozenset(p for m in mentions for p in m.features.people),
        dates=dates,
        place=place,
        future=anchor.features.future,
        hypothetical=anchor.features.hypothetical,
        negated=anchor.features.negated,
        evidence=tuple(dict.fromkeys(s for m in mentions for s in m.features.evidence))[:8],
    )
    return Canonical(
        event_id=event_id,
        anchor=anchor,
        representative=representative,
        features=features,
        record=record,
        date_value=date_value,
        dates=dates,
        place=place,
        dead=dead,
        injured=injured,
        size=size,
        modes=modes,
        contexts=contexts,
        historical=record["historical"],
        quad_code=quad_code,
        score=score,
        n_sources=record["n_sources"],
        first_published=min(published) if published else None,
        last_published=max(published) if published else None,
        mentions=list(mentions),
    )


def _location_record(mentions: Sequence[StoredMention], place: EventPlace) -> Optional[dict]:
    if not place.known:
        return None
    for m in mentions:
        location = m.record.get("location")
        if location and place_of(location) == place:
            return dict(location, doc_id=m.doc_id)
    return None


def _source_entry(m: StoredMention) -> dict:
    evidence = (m.record.get("evidence") or [{}])[0]
    return {
        "doc_id": m.doc_id,
        "mention_id": m.mention_id,
        "source": m.source,
        "title": m.title,
        "url": m.url,
        "published": m.published.isoformat() if m.published else None,
        "date": (m.record.get("date") or {}).get("value"),
        "dead": m.record.get("dead"),
        "injured": m.record.get("injured"),
        "place": (m.record.get("location") or {}).get("name"),
        "evidence": evidence.get("sentence"),
        "evidence_start": evidence.get("start"),
        "evidence_end": evidence.get("end"),
    }

