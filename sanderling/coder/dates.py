"""Dates in news text, resolved against the publication date.

``DateFinder.find`` locates time expressions itself (regular expressions over ``doc.text`` plus spaCy
DATE entities as a fallback) and only then interprets each one.  ``dateparser.search_dates`` is not
used: on news it turns durations into dates ("a two-hour call" -> February, "after 3 Years" -> 2022,
"to date").  Calendar forms ("July 1, 2025", "4 October 2007", "September 2022", "3/12/2024") are parsed
by dateparser; the forms it gets wrong or cannot read (weekdays on the publication day, "late June",
"mid-2023", "the 1990s", "earlier this month", "the weekend", "days after the call") are computed here.

Conventions (every ``DateInfo`` has ISO ``earliest``/``latest`` days; ``value`` is the best single value):
  * precision ``day``: value ``YYYY-MM-DD``; ``month``: ``YYYY-MM``; ``year``: ``YYYY``;
    ``week`` (Monday..Sunday) and ``range``: the middle of the span, as a day when the span is at most
    62 days, as ``YYYY-MM`` up to a year, else as ``YYYY``.  Decades ("the 1990s") are ``range``
    1990-01-01..1999-12-31 with value "1995" (the middle year), not ``year``: a decade is not a year.
  * A date without a year takes the year that puts it on or before publication, allowing up to
    ``FUTURE_DAYS`` days after it ("on December 30" published 2025-01-02 -> 2024-12-30).  When the
    verb it belongs to is future ("will meet on July 20", "is scheduled for Monday") the next
    occurrence is taken instead.
  * A weekday is the most recent one on or before publication (the publication day itself when it is
    that weekday); "last Monday" is strictly before; "next Monday" or a future verb looks forward.
  * Weeks start on Monday.  "early/mid/late" split a month into days 1-10/11-20/21-end, a year into
    Jan-Apr/May-Aug/Sep-Dec and a decade into years 0-3/4-6/7-9.  Seasons are northern-hemisphere
    meteorological seasons (winter YYYY = December YYYY to February YYYY+1).
  * Without a publication date, expressions that need one (weekdays, "yesterday", dates without a
    year) are not returned: guessing "today" would make output depend on the day the code runs.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Optional

from dateparser.date import DateDataParser
from spacy.tokens import Doc

from ..model import DateInfo
from .numbers import word_value
from .vocabulary import words

if TYPE_CHECKING:
    from .mentions import Mention

FUTURE_DAYS = 7  # how far after publication a date without a year may fall

_MONTH_NUMBERS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

# Months are matched case-sensitively with a capital: lower-case "may" and "march" are verbs.
_MONTH_FULL = "(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MONTH = rf"(?:{_MONTH_FULL}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_WEEKDAY = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_COUNT = (
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|a|an|a\s+few|a\s+couple\s+of|several|few|some)"
)
_UNIT = r"(?:minutes?|hours?|days?|weeks?|months?|years?|decades?)"

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"\b(?P<year>" + _YEAR + r")-(?P<mon>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("numeric", re.compile(r"\b\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b")),
    (
        "mdy",
        re.compile(rf"\b(?P<mon>{_MONTH})\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>{_YEAR})\b)?"),
    ),
    (
        "dmy",
        re.compile(
            rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH})(?![a-z])(?:,?\s+(?P<year>{_YEAR})\b)?"
        ),
    ),
    ("my", re.compile(rf"\b(?P<mon>{_MONTH}),?\s+(?P<year>{_YEAR})\b")),
    (
        "part",
        re.compile(
            r"(?P<part>\b(?i:(?:the\s+)?(?:early|mid|late|end\s+of|beginning\s+of|start\s+of|middle\s+of|"
            r"first\s+half\s+of|second\s+half\s+of|(?:first|second|third|fourth|last|final)\s+week\s+of)))"
            rf"[\s-]*(?:(?P<mon>{_MONTH_FULL})(?:,?\s+(?P<year>{_YEAR}))?|(?P<decade>1[89]\d0|20\d0)s|(?P<year2>{_YEAR}))\b"
        ),
    ),
    ("decade", re.compile(r"\b(?:(?P<decade>1[89]\d0|20\d0)s|['\u2019](?P<short>\d)0s)\b")),
    ("yearrange", re.compile(rf"\b(?P<y1>{_YEAR})\s*[-\u2013]\s*(?P<y2>{_YEAR}|\d\d)\b(?!\s*(?:%|percent))")),
    (
        "year",
        re.compile(
            r"(?<![\w$\u20ac\u00a3])(?i:(?P<prep>in|since|by|until|till|from|before|after|during|of|through|"
            r"throughout|between|and|to|circa|around))\s+(?P<year>" + _YEAR + r")\b(?![,.]?\d|[-/]\d|\s*%)"
        ),
    ),
    (
        "season",
        re.compile(
            r"\b(?:(?P<mod>(?i:last|this|next|past))\s+(?P<season>(?i:spring|summer|autumn|fall|winter))\b|"
            rf"(?P<season2>(?i:spring|summer|autumn|fall|winter))\s+(?:of\s+)?(?P<year>{_YEAR})\b)"
        ),
    ),
    (
        "month",
        re.compile(
            r"(?<![\w-])(?i:(?P<prep>in|since|by|until|till|from|through|during|last|next|this|before|after|"
            r"early|late|around|throughout|of))\s+(?P<mon>" + _MONTH_FULL + r")\b(?!\s*[-\u2013]?\s*\d)"
        ),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?:(?P<mod>(?i:last|this|next|this\s+coming|early|late))\s+)?(?P<wd>" + _WEEKDAY + r")\b"
            r"(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))?"
        ),
    ),
    (
        "ago",
        re.compile(rf"(?i)\b(?:(?P<n>{_COUNT})\s+)?(?P<unit>{_UNIT})\s+ago\b"),
    ),
    (
        "past",
        re.compile(
            rf"(?i)\b(?:the\s+(?:past|last)\s+(?:(?P<n>{_COUNT})\s+)?|(?:past|last)\s+(?P<n2>{_COUNT})\s+)"
            rf"(?P<unit>{_UNIT}|hours?)\b(?!\s+of\b)|\brecent\s+(?P<unit2>days|weeks|months)\b"
        ),
    ),
    (
        "relevent",
        re.compile(
            r"(?i)\b(?P<q>(?:just|only|mere|merely|barely|scarcely|nearly|almost|about|around|roughly|"
            r"less\s+than|more\s+than|some)\s+)?"
            rf"(?:(?P<n>{_COUNT})\s+)?(?P<unit>{_UNIT})\s+(?P<rel>after|before|later|earlier|prior\s+to|afterwards?)\b"
        ),
    ),
    (
        "relfixed",
        re.compile(
            r"(?i)\b(?:the\s+(?P<nf>next|following)\s+(?P<u1>day|morning|afternoon|evening|night|week|month|year)|"
            r"the\s+(?P<u2>day|night|morning|evening|week)\s+(?P<r2>after|before|prior)|"
            r"the\s+previous\s+(?P<u3>day|night|morning|evening|week|month|year)|"
            r"(?P<le>later|earlier)\s+(?:that|the\s+same)\s+(?P<u4>day|morning|afternoon|evening|night|week)|"
            r"(?:that|the)\s+same\s+(?P<u5>day|morning|afternoon|evening|night|week)|"
            r"(?P<u6>hours|moments|minutes)\s+(?P<r6>later|earlier))\b"
        ),
    ),
]

# Phrases measured from the publication day: phrase -> (earliest, latest, precision) given publication.
_Calc = Callable[[date], tuple[date, date, str]]


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _month_span(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def _shift_month(d: date, months: int) -> tuple[int, int]:
    k = d.year * 12 + d.month - 1 + months
    return k // 12, k % 12 + 1


def _weekend(pub: date, weeks_back: int) -> tuple[date, date, str]:
    saturday = pub - timedelta(days=(pub.weekday() - 5) % 7) - timedelta(weeks=weeks_back)
    return saturday, saturday + timedelta(days=1), "range"


_FROM_PUBLICATION: dict[str, _Calc] = {
    "today": lambda p: (p, p, "day"),
    "tonight": lambda p: (p, p, "day"),
    "this morning": lambda p: (p, p, "day"),
    "this afternoon": lambda p: (p, p, "day"),
    "this evening": lambda p: (p, p, "day"),
    "yesterday": lambda p: (p - timedelta(1), p - timedelta(1), "day"),
    "last night": lambda p: (p - timedelta(1), p - timedelta(1), "day"),
    "the day before yesterday": lambda p: (p - timedelta(2), p - timedelta(2), "day"),
    "tomorrow": lambda p: (p + timedelta(1), p + timedelta(1), "day"),
    "the day after tomorrow": lambda p: (p + timedelta(2), p + timedelta(2), "day"),
    "this week": lambda p: (_monday(p), _monday(p) + timedelta(6), "week"),
    "last week": lambda p: (_monday(p) - timedelta(7), _monday(p) - timedelta(1), "week"),
    "next week": lambda p: (_monday(p) + timedelta(7), _monday(p) + timedelta(13), "week"),
    "earlier this week": lambda p: (_monday(p), p, "range"),
    "later this week": lambda p: (p, _monday(p) + timedelta(6), "range"),
    "this month": lambda p: (*_month_span(p.year, p.month), "month"),
    "last month": lambda p: (*_month_span(*_shift_month(p, -1)), "month"),
    "next month": lambda p: (*_month_span(*_shift_month(p, 1)), "month"),
    "earlier this month": lambda p: (date(p.year, p.month, 1), p, "range"),
    "later this month": lambda p: (p, _month_span(p.year, p.month)[1], "range"),
    "this year": lambda p: (date(p.year, 1, 1), date(p.year, 12, 31), "year"),
    "last year": lambda p: (date(p.year - 1, 1, 1), date(p.year - 1, 12, 31), "year"),
    "next year": lambda p: (date(p.year + 1, 1, 1), date(p.year + 1, 12, 31), "year"),
    "earlier this year": lambda p: (date(p.year, 1, 1), p, "range"),
    "later this year": lambda p: (p, date(p.year, 12, 31), "range"),
    # the weekend just past, or the one under way when published on a Saturday or Sunday
    "the weekend": lambda p: _weekend(p, 0),
    "this weekend": lambda p: _weekend(p, 0),
    "last weekend": lambda p: _weekend(p - timedelta(2), 0) if p.weekday() < 5 else _weekend(p, 1),
    "next weekend": lambda p: _weekend(p, -1),
}
_FROM_PUBLICATION_RE = re.compile(
    r"(?i)\b(?:" + "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(_FROM_PUBLICATION, key=len, reverse=True)) + r")\b"
)
_PATTERNS.append(("frompub", _FROM_PUBLICATION_RE))

# Later patterns only fill gaps: at one start the longer match wins, and ties go to the earlier pattern.
_PRIORITY = {kind: i for i, (kind, _) in enumerate(_PATTERNS)}
_PRIORITY["entity"] = len(_PRIORITY)

# A span inside one of these entities is a name, not a date ("USA Today", "Theresa May", "Resolution 2334").
_NAME_LABELS = {"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "LAW", "FAC", "EVENT"}
_DURATION_BEFORE = re.compile(r"(?i)\b(?:for|within|in|lasting|lasted|over)\s+$")
_FOR_BEFORE = re.compile(r"(?i)\bfor\s+$")
_SINCE_BEFORE = re.compile(r"(?i)\b(?:ever\s+)?since\s+$")
_ENTITY_HAS_CALENDAR = re.compile(rf"{_MONTH}|\b{_YEAR}\b|\d/\d")
_FUTURE_AUX = words("future_auxiliaries")
_FUTURE_VERBS = words("future_date_verbs")
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


@dataclass
class DateMention:
    start: int
    end: int
    text: str  # offsets into doc.text
    info: Optional[DateInfo]  # None when the date is relative to another event
    relation: Optional[str] = None  # relative to an event: "after" | "before" | "during" | "since"
    anchor_text: Optional[str] = None  # "the call" in "just days after the call"
    anchor_start: Optional[int] = None
    anchor_end: Optional[int] = None
    min_days: Optional[int] = None  # distance from the anchor event, in days
    max_days: Optional[int] = None  # None: unbounded ("more than two weeks later")
    since: bool = False  # the date follows "since": a starting point or the previous contact


@dataclass
class _Candidate:
    start: int
    end: int
    kind: str
    match: Optional[re.Match]
    text: str  # the whole doc.text (spaCy rebuilds doc.text on every access)


class DateFinder:
    """Finds and resolves time expressions; build once per process (dateparser loads its data here)."""

    def __init__(self) -> None:
        _parser(date(2000, 1, 1)).get_date_data("1 January 2000")

    def find(self, doc: Doc, published: Optional[date]) -> list[DateMention]:
        pub = published
        text = doc.text
        candidates: list[_Candidate] = []
        for kind, pattern in _PATTERNS:
            for m in pattern.finditer(text):
                # a leading preposition ("in 2019") is context, not part of the date
                start = m.start("year") if kind == "year" else m.start()
                if kind == "month" and m.group("prep").lower() not in ("last", "next", "this"):
                    start = m.start("mon")
                candidates.append(_Candidate(start, m.end(), kind, m, text))
        candidates.sort(key=lambda c: (c.start, -(c.end - c.start), _PRIORITY[c.kind]))
        names = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _NAME_LABELS]
        mentions = self._select(doc, candidates, pub, names, [])
        # spaCy's DATE entities only fill the gaps the patterns left ("June 12-13" stays "June 12")
        fallback = [
            _Candidate(e.start_char, e.end_char, "entity", None, text)
            for e in doc.ents
            if e.label_ == "DATE" and _ENTITY_HAS_CALENDAR.search(e.text)
        ]
        if fallback:
            mentions = sorted(self._select(doc, fallback, pub, names, mentions) + mentions, key=lambda m: m.start)
        mentions = _merge_weekday_with_date(text, mentions)
        for m in mentions:
            m.since = m.info is not None and bool(_SINCE_BEFORE.search(text[max(0, m.start - 12) : m.start]))
        return mentions

    @staticmethod
    def _select(doc: Doc, candidates: list[_Candidate], pub: Optional[date], names: list[tuple[int, int]],
                taken: list[DateMention]) -> list[DateMention]:
        """Interpret candidates left to right; the first (longest) readable one at a place wins."""
        mentions: list[DateMention] = []
        taken_until = -1
        for c in candidates:
            if c.start < taken_until or any(t.start < c.end and c.start < t.end for t in taken):
                continue
            if any(s <= c.start and c.end <= e and (s, e) != (c.start, c.end) for s, e in names):
                continue
            mention = _interpret(doc, c, pub)
            if mention is None:
                continue
            mentions.append(mention)
            taken_until = mention.end
        return mentions


def published_date(published: Optional[date]) -> Optional[DateInfo]:
    """The publication day, for events the text does not date."""
    if published is None:
        return None
    day = published.isoformat()
    return DateInfo(value=day, earliest=day, latest=day, precision="day", text=None, basis="published")


def resolve_relative(m: DateMention, anchor: DateInfo, published: Optional[date]) -> DateInfo:
    """Date of an event placed relative to another one ("days after the call"), never after publication.

    An unbounded distance (``max_days`` None) ends at publication going forward and reaches back
    three times the minimum plus a month going backward."""
    a_lo, a_hi = _bounds(anchor)
    pub = published
    lo = m.min_days or 0
    hi = m.max_days
    relation = m.relation or "after"
    if relation == "before":
        earliest = a_lo - timedelta(days=hi if hi is not None else 3 * lo + 30)
        latest = a_hi - timedelta(days=lo)
    elif relation == "since":
        earliest, latest = a_lo, pub or a_hi
    elif relation == "during":
        earliest, latest = a_lo + timedelta(days=lo), a_hi + timedelta(days=hi or lo)
    else:
        earliest = a_lo + timedelta(days=lo)
        latest = a_hi + timedelta(days=hi) if hi is not None else (pub or a_hi + timedelta(days=3 * lo + 30))
    if pub is not None:
        latest = min(latest, pub)
        earliest = min(earliest, latest)
    return _info(earliest, latest, "day" if earliest == latest else "range", "relative_to_event", m.text, m.start, m.end)


# --- interpretation -------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _parser(pub: date) -> DateDataParser:
    """One dateparser per publication day: its settings are fixed at construction."""
    settings = {
        "RELATIVE_BASE": datetime(pub.year, pub.month, pub.day),
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_DATES_FROM": "past",
        "RETURN_TIME_AS_PERIOD": True,
    }
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=4096)
def _dateparser(text: str, pub: date) -> Optional[tuple[date, str, tuple[str, ...]]]:
    data = _parser(pub).get_date_data(text)
    if data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day", tuple(data.parts or ())


def _interpret(doc: Doc, c: _Candidate, pub: Optional[date]) -> Optional[DateMention]:
    text = c.text
    m = c.match
    if c.kind == "entity":
        return _entity(doc, c, pub)
    g = m.groupdict()
    if c.kind in ("iso", "numeric", "mdy", "dmy", "my"):
        return _calendar(doc, c, pub)
    if c.kind == "year":
        if _not_a_year(doc, m.end("year")):
            return None
        y = int(g["year"])
        return _mention(m.start("year"), m.end("year"), text, date(y, 1, 1), date(y, 12, 31), "year", "explicit")
    if c.kind == "yearrange":
        y1 = int(g["y1"])
        y2 = int(g["y2"]) if len(g["y2"]) == 4 else y1 // 100 * 100 + int(g["y2"])
        if not y1 < y2 <= y1 + 20:
            return None
        return _mention(c.start, c.end, text, date(y1, 1, 1), date(y2, 12, 31), "range", "explicit")
    if c.kind == "decade":
        if g["decade"]:
            d0 = int(g["decade"])
        else:
            if pub is None:
                return None
            short = int(g["short"]) * 10
            d0 = pub.year // 100 * 100 + short if pub.year % 100 >= short + 10 else (pub.year // 100 - 1) * 100 + short
        return _mention(c.start, c.end, text, date(d0, 1, 1), date(d0 + 9, 12, 31), "range", "explicit")
    if c.kind == "part":
        return _part(doc, c, pub)
    if c.kind == "season":
        return _season(doc, c, pub)
    if pub is None:
        return None  # everything below is counted from the publication day
    if c.kind == "month":
        prep = g["prep"].lower()
        mon = _MONTH_NUMBERS[g["mon"].lower()]
        start = m.start("prep") if prep in ("last", "next", "this") else m.start("mon")
        if prep == "last":
            y = pub.year if mon < pub.month else pub.year - 1
        elif prep == "next":
            y = pub.year if mon > pub.month else pub.year + 1
        elif prep == "this":
            y = pub.year
        else:
            y = _year_for(pub, mon, 1, _tense(doc, start, m.end()))
        return _mention(start, m.end("mon"), text, *_month_span(y, mon), "month", "explicit")
    if c.kind == "weekday":
        mod = (g["mod"] or "").lower()
        wd = _WEEKDAYS[g["wd"].lower()]
        start = m.start("mod") if mod else m.start("wd")
        future = mod.startswith("next") or mod == "this coming" or (not mod.startswith("last") and _tense(doc, start, m.end()) == "future")
        if future:
            delta = (wd - pub.weekday()) % 7
            day = pub + timedelta(days=delta or (7 if mod == "next" else 0))
        else:
            delta = (pub.weekday() - wd) % 7
            day = pub - timedelta(days=delta or (7 if mod == "last" else 0))
        return _mention(start, c.end, text, day, day, "day", "relative_to_published")
    if c.kind == "frompub":
        if m.group()[:1].isupper() and _inside_name(doc, c.start):
            return None  # "USA Today", "Russia Today"
        key = re.sub(r"\s+", " ", m.group().lower())
        earliest, latest, precision = _FROM_PUBLICATION[key](pub)
        return _mention(c.start, c.end, text, earliest, latest, precision, "relative_to_published")
    if c.kind == "ago":
        return _ago(doc, c, pub)
    if c.kind == "past":
        return _past(doc, c, pub)
    if c.kind in ("relevent", "relfixed"):
        return _relative_to_event(doc, c)
    return None


def _calendar(doc: Doc, c: _Candidate, pub: Optional[date]) -> Optional[DateMention]:
    m = c.match
    g = m.groupdict()
    has_year = bool(g.get("year")) or c.kind == "numeric"
    if not has_year and pub is None:
        return None
    parsed = _dateparser(re.sub(r"\s+of\s+", " ", m.group()), pub or date(2000, 1, 1))
    if parsed is None:
        return None
    day, period, _ = parsed
    if c.kind == "my":
        return _mention(c.start, c.end, c.text, *_month_span(day.year, day.month), "month", "explicit")
    if not has_year:
        year = _year_for(pub, day.month, day.day, _tense(doc, c.start, c.end))
        try:
            day = day.replace(year=year)
        except ValueError:  # 29 February in a common year
            return None
    return _mention(c.start, c.end, c.text, day, day, "day", "explicit")


def _entity(doc: Doc, c: _Candidate, pub: Optional[date]) -> Optional[DateMention]:
    """A DATE entity none of the patterns read, when it names a month or a year: dateparser decides."""
    span_text = c.text[c.start : c.end]
    lead = re.match(r"(?i)(?:the|on|in|of)\s+", span_text)
    start = c.start + (lead.end() if lead else 0)
    end = c.end - (len(span_text) - len(span_text.rstrip(" .,;:")))
    body = c.text[start:end]
    if pub is None and not re.search(rf"\b{_YEAR}\b", body):
        return None
    parsed = _dateparser(body, pub or date(2000, 1, 1))
    if parsed is None:
        return None
    day, period, parts = parsed
    if period == "year" and "year" in parts:
        return _mention(start, end, c.text, date(day.year, 1, 1), date(day.year, 12, 31), "year", "explicit")
    if period == "month" and "year" in parts:
        return _mention(start, end, c.text, *_month_span(day.year, day.month), "month", "explicit")
    if period == "day" and "month" in parts and "day" in parts:
        return _mention(start, end, c.text, day, day, "day", "explicit")
    return None


def _part(doc: Doc, c: _Candidate, pub: Optional[date]) -> Optional[DateMention]:
    """ "late June", "mid-2023", "the early 1990s", "the end of March", "the first week of May"."""
    g = c.match.groupdict()
    part = re.sub(r"\s+", " ", g["part"].lower())
    part = part[4:] if part.startswith("the ") else part
    week = re.match(r"(first|second|third|fourth|last|final) week of", part)
    if g["mon"]:
        mon = _MONTH_NUMBERS[g["mon"].lower()]
        if g["year"]:
            y = int(g["year"])
        elif pub is None:
            return None
        else:
            y = _year_for(pub, mon, 1, _tense(doc, c.start, c.end))
        first, last = _month_span(y, mon)
        if week:
            if week.group(1) in ("last", "final"):
                lo, hi = last - timedelta(days=6), last
            else:
                k = ("first", "second", "third", "fourth").index(week.group(1))
                lo, hi = first + timedelta(days=7 * k), first + timedelta(days=7 * k + 6)
        else:
            edges = {"early": (1, 10), "beginning of": (1, 10), "start of": (1, 10), "mid": (11, 20),
                     "middle of": (11, 20), "late": (21, last.day), "end of": (21, last.day),
                     "first half of": (1, 15), "second half of": (16, last.day)}[part]
            lo, hi = date(y, mon, edges[0]), date(y, mon, edges[1])
        return _mention(c.start, c.end, c.text, lo, hi, "range", "explicit")
    if week:
        return None
    if g["decade"]:
        d0 = int(g["decade"])
        years = {"early": (0, 3), "beginning of": (0, 3), "start of": (0, 3), "mid": (4, 6), "middle of": (4, 6),
                 "late": (7, 9), "end of": (7, 9), "first half of": (0, 4), "second half of": (5, 9)}[part]
        return _mention(c.start, c.end, c.text, date(d0 + years[0], 1, 1), date(d0 + years[1], 12, 31), "range", "explicit")
    y = int(g["year2"])
    months = {"early": (1, 4), "beginning of": (1, 4), "start of": (1, 4), "mid": (5, 8), "middle of": (5, 8),
              "late": (9, 12), "end of": (9, 12), "first half of": (1, 6), "second half of": (7, 12)}[part]
    return _mention(c.start, c.end, c.text, date(y, months[0], 1), _month_span(y, months[1])[1], "range", "explicit")


def _season(doc: Doc, c: _Candidate, pub: Optional[date]) -> Optional[DateMention]:
    g = c.match.groupdict()
    season = (g["season"] or g["season2"]).lower()
    first_month = _SEASONS[season]

    def span(y: int) -> tuple[date, date]:
        ey, em = _shift_month(date(y, first_month, 1), 2)
        return date(y, first_month, 1), _month_span(ey, em)[1]

    if g["year"]:
        return _mention(c.start, c.end, c.text, *span(int(g["year"])), "range", "explicit")
    if pub is None:
        return None
    mod = g["mod"].lower()
    years = [pub.year - 2, pub.year - 1, pub.year, pub.year + 1]
    if mod in ("last", "past"):
        y = max(y for y in years if span(y)[1] < pub)
    elif mod == "next":
        y = min(y for y in years if span(y)[0] > pub)
    else:
        y = next((y for y in years if span(y)[0] <= pub <= span(y)[1]), pub.year)
    return _mention(c.start, c.end, c.text, *span(y), "range", "relative_to_published")


def _count(n: Optional[str]) -> Optional[float]:
    """The number in "two weeks", "a few days"; None when there is none ("days later")."""
    if not n:
        return None
    n = re.sub(r"\s+", " ", n.lower())
    vague = {"a few": 3.0, "few": 3.0, "several": 4.0, "some": 3.0, "a couple of": 2.0}
    return vague.get(n, word_value(n))


def _ago(doc: Doc, c: _Candidate, pub: date) -> Optional[DateMention]:
    g = c.match.groupdict()
    unit = g["unit"].lower().rstrip("s")
    n = _count(g["n"])
    if n is None and not g["unit"].lower().endswith("s"):
        return None
    if n is None:  # "days ago", "weeks ago": vague, between two and nine units back
        span_days = {"minute": (0, 0), "hour": (0, 1), "day": (2, 9), "week": (14, 63), "month": (60, 300), "year": (730, 3650), "decade": (7300, 36500)}[unit]
        return _mention(c.start, c.end, c.text, pub - timedelta(days=span_days[1]), pub - timedelta(days=span_days[0]), "range", "relative_to_published")
    k = int(n)
    if unit in ("minute", "hour"):
        day = pub - timedelta(days=k // 24 if unit == "hour" else 0)
        return _mention(c.start, c.end, c.text, day, day, "day", "relative_to_published")
    if unit == "day":
        day = pub - timedelta(days=k)
        return _mention(c.start, c.end, c.text, day, day, "day", "relative_to_published")
    if unit == "week":
        mid = pub - timedelta(days=7 * k)
        return _mention(c.start, c.end, c.text, mid - timedelta(days=3), mid + timedelta(days=3), "week", "relative_to_published")
    if unit == "month":
        y, mon = _shift_month(pub, -k)
        return _mention(c.start, c.end, c.text, *_month_span(y, mon), "month", "relative_to_published")
    years = k * (10 if unit == "decade" else 1)
    return _mention(c.start, c.end, c.text, date(pub.year - years, 1, 1), date(pub.year - years, 12, 31), "year", "relative_to_published")


def _past(doc: Doc, c: _Candidate, pub: date) -> Optional[DateMention]:
    """ "the past week", "the last three years", "in recent days": a span ending on publication."""
    if _FOR_BEFORE.search(c.text[max(0, c.start - 10) : c.start]):
        return None  # "for the past two years" says how long, not when
    g = c.match.groupdict()
    unit = (g["unit"] or g["unit2"]).lower().rstrip("s")
    n = _count(g["n"] or g["n2"])
    if g["unit2"]:
        back = {"day": 7, "week": 42, "month": 182}[unit]
    else:
        per = {"minute": 0, "hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365, "decade": 3652}[unit]
        back = int(round((n if n is not None else (1 if not g["unit"].lower().endswith("s") else 3)) * per))
    return _mention(c.start, c.end, c.text, pub - timedelta(days=back), pub, "range", "relative_to_published")


def _relative_to_event(doc: Doc, c: _Candidate) -> Optional[DateMention]:
    g = c.match.groupdict()
    text = c.text
    before = text[max(0, c.start - 10) : c.start]
    if c.kind == "relevent":
        unit = g["unit"].lower()
        n = _count(g["n"])
        if n is None and not unit.endswith("s"):
            return None  # "day after day"
        if _DURATION_BEFORE.search(before):
            return None  # "for days after the attack" says how long
        relation = "before" if g["rel"].lower() in ("before", "earlier") or g["rel"].lower().startswith("prior") else "after"
        lo, hi = _distance(unit.rstrip("s"), n, (g["n"] or "").lower(), (g["q"] or "").strip().lower())
        rel_word = c.match.start("rel"), c.match.end("rel")
    else:
        if g["u1"]:
            relation = "after"
            lo, hi = {"week": (4, 13), "month": (20, 62), "year": (300, 730)}.get(g["u1"].lower(), (1, 1))
        elif g["u2"]:
            relation = "before" if g["r2"].lower() in ("before", "prior") else "after"
            lo, hi = (6, 8) if g["u2"].lower() == "week" else ((0, 1) if g["u2"].lower() == "night" and relation == "before" else (1, 1))
        elif g["u3"]:
            relation = "before"
            lo, hi = {"week": (4, 13), "month": (20, 62), "year": (300, 730)}.get(g["u3"].lower(), (1, 1))
        elif g["u4"]:
            relation = "after" if g["le"].lower() == "later" else "before"
            lo, hi = (0, 6) if g["u4"].lower() == "week" else (0, 0)
        elif g["u5"]:
            relation = "during"
            lo, hi = (0, 6) if g["u5"].lower() == "week" else (0, 0)
        else:
            relation = "after" if g["r6"].lower() == "later" else "before"
            lo, hi = 0, 1 if g["u6"].lower() == "hours" else 0
        rel_word = (c.match.start("r2"), c.match.end("r2")) if g["u2"] else None
    # "after the call", "before the vote", "prior to the summit" name the other event; "later" does not
    linking = rel_word and re.sub(r"\s+", " ", text[rel_word[0] : rel_word[1]].lower()) in ("after", "before", "prior to")
    anchor = _anchor(doc, rel_word) if linking else None
    mention = DateMention(c.start, c.end, text[c.start : c.end], None, relation=relation, min_days=lo, max_days=hi)
    if anchor:
        mention.anchor_start, mention.anchor_end = anchor
        mention.anchor_text = text[anchor[0] : anchor[1]]
    return mention


def _distance(unit: str, n: Optional[float], n_text: str, qualifier: str) -> tuple[int, Optional[int]]:
    """Days between two events given "days", "a week", "two weeks", "hours" (min, max)."""
    if unit == "minute":
        lo, hi = 0, 0 if n is None or n < 24 * 60 else 1
    elif unit == "hour":
        lo, hi = (0, 1) if n is None else (int(n // 24), int(n // 24) + 1)
    elif unit == "day":
        if n is None:
            lo, hi = 1, 9
        elif n_text in ("a few", "few", "some"):
            lo, hi = 2, 5
        elif n_text == "several":
            lo, hi = 3, 9
        elif n_text == "a couple of":
            lo, hi = 2, 3
        else:
            lo, hi = int(n), int(n)
    elif unit == "week":
        lo, hi = (7, 60) if n is None else (int(7 * n - n), int(7 * n + n))
    elif unit == "month":
        lo, hi = (30, 365) if n is None else (int(28 * n), int(31 * n))
    elif unit == "year":
        lo, hi = (365, 3650) if n is None else (int(365 * n - 15), int(365 * n + 15))
    else:  # decade
        lo, hi = (3650, 36500) if n is None else (int(3650 * n - 180), int(3650 * n + 180))
    if qualifier == "less than":
        lo = 0
    elif qualifier == "more than":
        hi = None
    return lo, hi


def _anchor(doc: Doc, rel_word: tuple[int, int]) -> Optional[tuple[int, int]]:
    """The event after/before which something happened: "the call" in "days after the call"."""
    span = doc.char_span(rel_word[0], rel_word[1], alignment_mode="expand")
    if span is None or not len(span):
        return None
    tok = span[-1]
    objects = [t for t in tok.children if t.dep_ in ("pobj", "pcomp")]
    if objects:
        root_i = objects[0].i
        tokens = list(objects[0].subtree)
    elif tok.dep_ == "mark":
        root_i = tok.head.i
        tokens = [t for t in tok.head.subtree if t.i > tok.i]
    else:
        return None
    run = []
    for t in tokens:
        if t.i <= tok.i:
            continue
        if run and t.i != run[-1].i + 1:
            break
        if t.is_punct and t.tag_ not in ("HYPH", "POS") and t.text not in (".",) or t.dep_ in ("relcl", "advcl"):
            break
        if t.dep_ == "cc" and t.head.i == root_i:
            break  # "after the meeting and days before the vote": the anchor ends at "and"
        run.append(t)
    if not run:
        return None
    while run and (run[-1].is_punct or run[-1].dep_ in ("cc",)):
        run.pop()
    return (run[0].idx, run[-1].idx + len(run[-1].text)) if run else None


# --- helpers --------------------------------------------------------------------------------------


def _year_for(pub: date, month: int, day: int, tense: str) -> int:
    """Year of a date given without one.  Past tense: the latest occurrence on or before publication
    (FUTURE_DAYS of slack); future tense: the first one from publication on; present tense ("the law
    takes effect on January 1", "expires in December"): whichever is nearer to publication."""
    def at(y: int) -> date:
        return date(y, month, min(day, calendar.monthrange(y, month)[1]))

    years = (pub.year - 1, pub.year, pub.year + 1)
    past = max(y for y in years if at(y) <= pub + timedelta(days=FUTURE_DAYS))
    future = next(y for y in years if at(y) >= pub - timedelta(days=FUTURE_DAYS))
    if tense == "future":
        return future
    if tense == "present" and abs((at(future) - pub).days) < abs((pub - at(past)).days):
        return future
    return past


def _tense(doc: Doc, start: int, end: int) -> str:
    """Tense of the verb the date belongs to: "future" ("will meet on", "is scheduled for"),
    "present" ("takes effect on") or "past" (also the answer when there is no verb)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return "past"
    tok = span.root
    verbs = 0
    first_tense = "past"
    while tok.head.i != tok.i and verbs < 2:
        tok = tok.head
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        verbs += 1
        auxes = [ch for ch in tok.children if ch.dep_ in ("aux", "auxpass")]
        if tok.lemma_ in _FUTURE_VERBS or any(a.lower_ in _FUTURE_AUX for a in auxes):
            return "future"
        if verbs == 1:
            finite = auxes[0] if auxes else tok
            first_tense = "present" if finite.tag_ in ("VBZ", "VBP") and finite.lemma_ != "have" else "past"
        if tok.dep_ not in ("xcomp", "ccomp", "advcl", "pcomp"):
            break
    return first_tense


def _inside_name(doc: Doc, start: int) -> bool:
    """A capitalised word in mid-sentence right after another capitalised name word."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or not len(span):
        return False
    tok = span[0]
    return not tok.is_sent_start and tok.i > 0 and doc[tok.i - 1].text[:1].isupper() and doc[tok.i - 1].pos_ == "PROPN"


def _not_a_year(doc: Doc, end: int) -> bool:
    """ "in 2000 villages" is a count: a plural noun right after the number."""
    doc_end = doc[-1].idx + len(doc[-1].text) if len(doc) else 0
    span = doc.char_span(end, min(doc_end, end + 40), alignment_mode="expand")
    if span is None:
        return False
    nxt = next((t for t in span if not t.is_space), None)
    return nxt is not None and nxt.idx <= end + 1 and nxt.tag_ == "NNS"


def _merge_weekday_with_date(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """ "Tuesday, July 1" is one date: the calendar date decides, the weekday is kept in the text."""
    out: list[DateMention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.info is not None
            and m.info is not None
            and prev.info.basis == "relative_to_published"
            and re.fullmatch(_WEEKDAY, prev.text)
            and re.fullmatch(r",?\s*", text[prev.end : m.start])
            and m.info.precision == "day"
        ):
            merged = DateMention(prev.start, m.end, text[prev.start : m.end], m.info)
            merged.info = DateInfo(m.info.value, m.info.earliest, m.info.latest, m.info.precision,
                                   merged.text, merged.start, merged.end, m.info.basis)
            out[-1] = merged
            continue
        out.append(m)
    return out


def _bounds(info: DateInfo) -> tuple[date, date]:
    lo = info.earliest or info.value
    hi = info.latest or info.value
    return _iso_bound(lo, first=True), _iso_bound(hi, first=False)


def _iso_bound(s: str, first: bool) -> date:
    if len(s) == 4:
        return date(int(s), 1, 1) if first else date(int(s), 12, 31)
    if len(s) == 7:
        y, m = int(s[:4]), int(s[5:7])
        return _month_span(y, m)[0 if first else 1]
    return date.fromisoformat(s[:10])


def _range_value(earliest: date, latest: date) -> str:
    mid = earliest + (latest - earliest + timedelta(days=1)) / 2
    days = (latest - earliest).days
    if days <= 62:
        return mid.isoformat()
    if days <= 366:
        return mid.isoformat()[:7]
    return str(mid.year)


def _info(earliest: date, latest: date, precision: str, basis: str, text: str, start: int, end: int) -> DateInfo:
    if precision == "day":
        value = earliest.isoformat()
    elif precision == "month":
        value = earliest.isoformat()[:7]
    elif precision == "year":
        value = str(earliest.year)
    else:
        value = _range_value(earliest, latest)
    return DateInfo(value, earliest.isoformat(), latest.isoformat(), precision, text, start, end, basis)


def _mention(start: int, end: int, text: str, earliest: date, latest: date, precision: str, basis: str) -> DateMention:
    words = text[start:end]
    return DateMention(start, end, words, _info(earliest, latest, precision, basis, words, start, end))


def dates_of_mention(m: Mention, sent_dates: list[DateMention]):
    """The date of the trigger's clause, a "since" date (previous contact), a date relative to another event."""
    explicit = [d for d in sent_dates if d.info is not None and not d.since]
    since = [d for d in sent_dates if d.since]
    relative = [d for d in sent_dates if d.info is None]
    doc = m.sent.doc

    def distance(d) -> int:
        span = doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is None:
            return 999
        root = span.root
        anchors = {m.head.i} | ({m.support_verb.i} if m.support_verb is not None else set())
        hops = 0
        t = root
        while t.i not in anchors and t.head.i != t.i and hops < 8:
            t = t.head
            hops += 1
        return hops if t.i in anchors else 20 + abs(root.i - m.head.i)

    best = min(explicit, key=distance) if explicit else None
    best_since = min(since, key=distance) if since else None
    best_rel = min(relative, key=distance) if relative else None
    return best, best_since, best_rel
