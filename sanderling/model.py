"""Typed records that flow between the pipeline stages.

Every record that points into text carries character offsets into ``Document.text`` (the text
the document was read as, after HTML extraction but before whitespace normalisation), so any
field can be traced back to the words that support it.

The JSON shape produced by :meth:`Event.to_dict` is the project's output contract (README,
"Output"); other tools read it, so field names only ever get added, never renamed.
"""
from __future__ import annotations

import email.utils
import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Optional

from . import errors

# What parse_published accepts, for messages.
PUBLISHED_FORMS = "YYYY-MM-DD, an ISO 8601 date and time or an RFC 2822 date"


def parse_published(value: object) -> Optional[date]:
    """The one rule for publication dates (a corpus row's, an HTML page's, ``--published``): the day of a date, a
    datetime, YYYY-MM-DD, an ISO 8601 date and time or an RFC 2822 date; None if it is not one.  A datetime keeps
    the day as written (no conversion to UTC)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    s = value.strip()
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            parsed = parse(s)
        except ValueError:
            continue
        return parsed.date() if isinstance(parsed, datetime) else parsed
    try:
        return email.utils.parsedate_to_datetime(s).date()
    except (TypeError, ValueError, IndexError):
        return None


@dataclass
class Document:
    """One input document.  ``text`` is what all offsets refer to."""

    id: str
    text: str
    published: Optional[date] = None  # the base for relative dates (a string in any form of PUBLISHED_FORMS is read)
    title: Optional[str] = None
    url: Optional[str] = None
    source: Optional[str] = None
    origin: Optional[str] = None  # file path / corpus row the document came from, for messages

    def __post_init__(self) -> None:
        if self.published is not None and not (isinstance(self.published, date) and not isinstance(self.published, datetime)):
            day = parse_published(self.published)
            if day is None:
                raise ValueError(f"published {self.published!r} is not a date: give {PUBLISHED_FORMS}")
            self.published = day

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass
class ReadError:
    """A document that could not be read or coded; reported, never silently dropped."""

    doc_id: str
    origin: str
    reason: str  # a code of the catalogue in sanderling.errors: empty, binary, not_english, duplicate_id ...
    message: str  # one human sentence saying what was wrong and what to do

    def __post_init__(self) -> None:
        self.reason = str(self.reason)  # a sanderling.errors.Code is stored as its plain string

    @property
    def is_warning(self) -> bool:
        """A warning does not stop its document: it was read and coded (sanderling.errors says which codes)."""
        return errors.is_warning(self.reason)

    def __str__(self) -> str:  # the stderr line
        return f"{self.doc_id}: {self.reason}: {self.message} ({self.origin})"


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class Entity:
    """An actor or recipient: the words, and what they resolve to."""

    text: str
    code: Optional[str] = None  # ISO 3166 alpha-3, or IGO/UNO/EUR/NGO/ISM/IMG/MNC, or an org code like NATO
    sector: Optional[str] = None  # PLOVER sector code: GOV, MIL, COP, REB, CVL ...
    name: Optional[str] = None  # canonical person or organisation name when known
    start: Optional[int] = None
    end: Optional[int] = None
    kind: Optional[str] = None  # country, person, organisation, agent, metonym, group, countries (several, uncoded)
    role: Optional[str] = None  # e.g. "President" from the knowledge base, dated to the event

    def key(self) -> tuple:
        return (self.code, self.name or self.text.lower())


@dataclass
class DateInfo:
    value: Optional[str]  # the single best ISO date (YYYY-MM-DD), or YYYY-MM / YYYY for coarse ones
    earliest: Optional[str]
    latest: Optional[str]
    precision: str  # day, week, month, year, range, unknown
    text: Optional[str] = None  # the words that gave the date (None: fell back to publication date)
    start: Optional[int] = None
    end: Optional[int] = None
    basis: str = "explicit"  # explicit, relative_to_published, relative_to_event, published


@dataclass
class Location:
    text: str
    name: Optional[str] = None
    country: Optional[str] = None  # ISO alpha-3
    lat: Optional[float] = None
    lon: Optional[float] = None
    start: Optional[int] = None
    end: Optional[int] = None
    feature: Optional[str] = None  # city, country, region


@dataclass
class Quantity:
    value: float
    unit: str
    text: str
    start: Optional[int] = None
    end: Optional[int] = None


@dataclass
class Count:
    """dead / injured / size, with the qualifier the text gave ("at least", "dozens")."""

    value: int
    qualifier: Optional[str]  # exact, at_least, at_most, about, more_than, vague
    text: str
    start: Optional[int] = None
    end: Optional[int] = None


@dataclass
class Evidence:
    sentence: str
    start: int  # sentence offsets in Document.text
    end: int
    trigger_start: int
    trigger_end: int
    trigger: str = ""


@dataclass
class Event:
    doc_id: str
    event_type: str
    mode: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    actor: list[Entity] = field(default_factory=list)
    recipient: list[Entity] = field(default_factory=list)
    date: Optional[DateInfo] = None
    location: Optional[Location] = None
    dead: Optional[Count] = None
    injured: Optional[Count] = None
    size: Optional[Count] = None
    quantities: list[Quantity] = field(default_factory=list)
    duration_minutes: Optional[float] = None
    duration_text: Optional[str] = None
    initiator: Optional[Entity] = None
    previous_contact: Optional[DateInfo] = None
    historical: bool = False
    future: bool = False
    hypothetical: bool = False
    negated: bool = False
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.5
    # provenance of the decision, for debugging and for the classifier combination rule
    rule: str = ""
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def trigger_key(self) -> tuple:
        e = self.evidence[0]
        return (self.doc_id, e.trigger_start, e.trigger_end, self.event_type)

    def stable_id(self) -> str:
        """Same input, same id: a hash of the document id, type and first trigger offsets."""
        e = self.evidence[0] if self.evidence else None
        basis = f"{self.doc_id}|{self.event_type}|{e.trigger_start if e else ''}|{e.trigger_end if e else ''}"
        return "ev-" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        def ent(x: Optional[Entity]):
            if x is None:
                return None
            d = asdict(x)
            return d

        def count(c: Optional[Count]):
            return c.value if c else None

        return {
            "id": self.stable_id(),
            "doc_id": self.doc_id,
            "event_type": self.event_type,
            "mode": list(self.mode),
            "context": list(self.context),
            "actor": [ent(a) for a in self.actor],
            "recipient": [ent(r) for r in self.recipient],
            "date": asdict(self.date) if self.date else None,
            "location": asdict(self.location) if self.location else None,
            "dead": count(self.dead),
            "dead_qualifier": self.dead.qualifier if self.dead else None,
            "injured": count(self.injured),
            "injured_qualifier": self.injured.qualifier if self.injured else None,
            "size": count(self.size),
            "size_qualifier": self.size.qualifier if self.size else None,
            "magnitude_evidence": {
                k: asdict(v) for k, v in (("dead", self.dead), ("injured", self.injured), ("size", self.size)) if v
            },
            "quantities": [asdict(q) for q in self.quantities],
            "duration_minutes": self.duration_minutes,
            "duration_text": self.duration_text,
            "initiator": ent(self.initiator),
            "previous_contact": asdict(self.previous_contact) if self.previous_contact else None,
            "historical": self.historical,
            "future": self.future,
            "hypothetical": self.hypothetical,
            "negated": self.negated,
            "evidence": [asdict(e) for e in self.evidence],
            "confidence": round(float(self.confidence), 3),
            "rule": self.rule,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=False)
