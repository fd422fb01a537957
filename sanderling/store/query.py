"""The query layer: one Python API over the store, used by the CLI (and later the HTTP API and UI).

Every method returns dataclasses with a ``to_dict()``; nothing here prints.  Actor arguments accept
a code ("FRA"), a country name ("France") or a person/organisation name ("Emmanuel Macron"), see
:mod:`sanderling.store.actors`.  An actor that matches nothing raises :class:`UnknownActor`; a
bad type, date or period raises :class:`QueryError` (both are :class:`sanderling.errors.UsageError`, a
``ValueError`` with a code of the catalogue).

``last_contact`` and ``timeline`` count factual events only (not future, hypothetical or negated);
``events`` lists everything and shows those flags.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Optional, Sequence, Union

import duckdb
from rapidfuzz import fuzz

from .. import ontology
from ..errors import Code, UsageError
from ..model import parse_published
from . import db
from .actors import ActorLookup, ResolvedActor
from .merge import name_key

DateLike = Union[str, date, None]
TypeArg = Union[str, Sequence[str], None]
DEFAULT_CONTACT_TYPES = tuple(sorted(ontology.load().group("contact")))
EVENT_COLUMNS = (
    "event_id, event_type, date, date_value, date_precision, actor_keys, recipient_keys, modes, contexts,"
    " place_name, place_country, lat, lon, dead, injured, size, quad_code, score, n_mentions, n_sources,"
    " future, hypothetical, negated, historical, record"
)


class QueryError(UsageError):
    """A query argument that cannot be used (bad date, unknown event type, unknown period); ``code`` says which."""


class UnknownActor(QueryError):
    def __init__(self, resolved: ResolvedActor):
        self.resolved = resolved
        hint = f" (closest: {', '.join(resolved.suggestions)})" if resolved.suggestions else ""
        super().__init__(Code.UNKNOWN_ACTOR, f"no actor in the store matches {resolved.query!r}{hint}")


def _labels(keys: Sequence[str], record: dict) -> list[str]:
    """Participant keys for display: codes as they are, names as the coder spelled them."""
    names = {}
    for entity in (record.get("actor") or []) + (record.get("recipient") or []):
        name = entity.get("name") or (entity.get("text") if entity.get("kind") == "person" else None)
        if name:
            names.setdefault(name_key(name), name)
    return [names.get(k, k[2:].title()) if k.startswith("n:") else k for k in keys or []]


@dataclass
class EventRow:
    """A canonical event.  ``record`` is the output contract: ``Event.to_dict()`` fields plus
    ``sources``, ``conflicts``, ``n_mentions``, ``n_sources``, ``quad_code``, ``score``."""

    event_id: str
    event_type: str
    date: Optional[date]
    date_value: Optional[str]
    date_precision: Optional[str]
    actors: list[str]
    recipients: list[str]
    modes: list[str]
    contexts: list[str]
    place: Optional[str]
    place_country: Optional[str]
    lat: Optional[float]
    lon: Optional[float]
    dead: Optional[int]
    injured: Optional[int]
    size: Optional[int]
    quad_code: Optional[int]
    score: Optional[float]
    n_mentions: int
    n_sources: int
    future: bool
    hypothetical: bool
    negated: bool
    historical: bool
    record: dict

    @classmethod
    def from_row(cls, row: Sequence) -> "EventRow":
        values = list(row)
        record = values[-1]
        values[-1] = json.loads(record) if isinstance(record, str) else record
        values[5] = _labels(values[5], values[-1])
        values[6] = _labels(values[6], values[-1])
        return cls(*values)

    @property
    def evidence(self) -> Optional[str]:
        evidence = self.record.get("evidence") or []
        return evidence[0]["sentence"] if evidence else None

    @property
    def sources(self) -> list[dict]:
        return self.record.get("sources") or []

    def to_dict(self) -> dict:
        return self.record


@dataclass
class LastContact:
    a: Optional[ResolvedActor]  # None: the answer to actors the store does not know (LastContact.none())
    b: Optional[ResolvedActor]
    event: Optional[EventRow]
    previous: Optional[EventRow]
    gap_days: Optional[int]

    @classmethod
    def none(cls) -> "LastContact":
        return cls(None, None, None, None, None)

    def to_dict(self) -> dict:
        return {
            "event": self.event.to_dict() if self.event else None,
            "previous": self.previous.to_dict() if self.previous else None,
            "gap_days": self.gap_days,
        }


@dataclass
class TimelineRow:
    period: date
    events: int
    quad: dict[int, int]  # quad code -> events
    mean_score: Optional[float]

    def to_dict(self, quad: bool = True) -> dict:
        if not quad:
            return {"period": self.period.isoformat(), "events": self.events}
        return {
            "period": self.period.isoformat(),
            "events": self.events,
            **{f"quad{q}": self.quad.get(q, 0) for q in (1, 2, 3, 4)},
            "mean_score": self.mean_score,
        }


@dataclass
class Timeline:
    a: Optional[ResolvedActor]  # None: the answer to an actor the store does not know (Timeline.none())
    b: Optional[ResolvedActor]
    by: str
    rows: list[TimelineRow] = field(default_factory=list)
    quad: bool = False  # the rows carry counts per PLOVER quad and the mean score

    @classmethod
    def none(cls, by: str = "month", quad: bool = False) -> "Timeline":
        return cls(None, None, by, quad=quad)

    def to_dict(self) -> list[dict]:
        return [r.to_dict(self.quad) for r in self.rows]


@dataclass
class SearchHit:
    mention_id: str
    event_id: Optional[str]
    doc_id: str
    source: Optional[str]
    published: Optional[date]
    event_type: str
    sentence: str
    score: float

    def to_dict(self) -> dict:
        return {
            "mention_id": self.mention_id,
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "event_type": self.event_type,
            "sentence": self.sentence,
            "score": self.score,
        }


def parse_date(value: DateLike, what: str) -> Optional[date]:
    if value is None:
        return None
    day = parse_published(value)  # the one rule for dates given as strings
    if day is None:
        raise QueryError(Code.BAD_DATE, f"{what} must be a date like 2025-07-01, not {value!r}")
    return day


def parse_types(value: TypeArg) -> Optional[tuple[str, ...]]:
    """None/"any" -> no filter; "CONSULT" or "consult,request" or a list -> validated codes."""
    if value is None:
        return None
    items = [value] if isinstance(value, str) else list(value)
    types = [t.strip().upper() for item in items for t in item.split(",") if t.strip()]
    if not types or types == ["ANY"]:
        return None
    known = ontology.load().categories
    unknown = [t for t in types if t not in known]
    if unknown:
        raise QueryError(Code.UNKNOWN_TYPE, f"unknown event type {', '.join(unknown)}; PLOVER types are {', '.join(known)}")
    return tuple(types)


def _in(values: Sequence) -> str:
    return ", ".join("?" for _ in values)


def _filter_types_and_dates(where: list, params: list, types, since: Optional[date], until: Optional[date]) -> None:
    """Add the event-type and date-range conditions shared by every query (all tables carry both)."""
    if types:
        where.append(f"event_type IN ({_in(types)})")
        params.extend(types)
    if since:
        where.append("date >= ?")
        params.append(since)
    if until:
        where.append("date <= ?")
        params.append(until)


class Query:
    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self.resolver = ActorLookup(con)

    @classmethod
    def open(cls, path: Union[str, Path, None] = None) -> "Query":
        return cls(db.connect(path or db.DEFAULT_DB, read_only=True))

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Query":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def resolve(self, text: str) -> ResolvedActor:
        resolved = self.resolver.resolve(text)
        if not resolved.found:
            raise UnknownActor(resolved)
        return resolved

    def _fetch_events(self, event_ids: Sequence[str]) -> dict[str, EventRow]:
        if not event_ids:
            return {}
        rows = self.con.execute(
            f"SELECT {EVENT_COLUMNS} FROM events WHERE event_id IN ({_in(event_ids)})", list(event_ids)
        ).fetchall()
        return {row[0]: EventRow.from_row(row) for row in rows}

    def event(self, event_id: str) -> Optional[EventRow]:
        """One event by id; an id replaced by a merge still finds the event it became."""
        alias = self.con.execute("SELECT event_id FROM event_aliases WHERE old_id = ?", [event_id]).fetchone()
        found = self._fetch_events([alias[0] if alias else event_id])
        return next(iter(found.values()), None)

    def events(
        self,
        actor: Optional[str] = None,
        recipient: Optional[str] = None,
        type: TypeArg = None,
        since: DateLike = None,
        until: DateLike = None,
        place: Optional[str] = None,
        limit: Optional[int] = 100,
        involving: Optional[str] = None,
    ) -> list[EventRow]:
        """Canonical events, newest first.  ``actor``/``recipient`` match that role; ``involving``
        matches either role; ``place`` a place name or a country (name or code)."""
        types = parse_types(type)
        since, until = parse_date(since, "--since"), parse_date(until, "--until")
        roles = []
        for text, role_sql in ((actor, "role = 'actor'"), (recipient, "role = 'recipient'"),
                               (involving, "role IN ('actor', 'recipient')")):
            if text is not None:
                roles.append((role_sql, self.resolve(text).keys))
        # Pick the ids with narrow columns first (the participant index when an actor is given:
        # it carries type and date), then fetch only the records returned.
        where, params = [], []
        if roles:
            role_sql, keys = roles[0]
            source = "event_participants"
            where.append(f"{role_sql} AND key IN ({_in(keys)})")
            params.extend(keys)
            for role_sql, keys in roles[1:]:
                where.append(f"event_id IN (SELECT event_id FROM event_participants WHERE {role_sql} AND key IN ({_in(keys)}))")
                params.extend(keys)
        else:
            source = "events"
        _filter_types_and_dates(where, params, types, since, until)
        if place:
            country = self.resolver.country(place)
            where.append(f"event_id IN (SELECT event_id FROM events WHERE lower(place_name) = lower(?)"
                         f"{' OR place_country = ?' if country else ''})")
            params.extend([place, country] if country else [place])
        # one participant row per (event, role, key): only several keys or roles can repeat an event
        repeats = bool(roles) and (len(roles[0][1]) > 1 or "IN (" in roles[0][0])
        sql = f"SELECT event_id, {'max(date)' if repeats else 'date'} AS day FROM {source}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += (" GROUP BY event_id" if repeats else "") + " ORDER BY day DESC NULLS LAST, event_id"
        if limit:
            sql += " LIMIT ?"
            params.append(int(limit))
        ids = [row[0] for row in self.con.execute(sql, params).fetchall()]
        found = self._fetch_events(ids)
        return [found[i] for i in ids]

    def _pair_sql(self, a: ResolvedActor, b: ResolvedActor) -> tuple[str, list]:
        sql = (f"((key_a IN ({_in(a.keys)}) AND key_b IN ({_in(b.keys)}))"
               f" OR (key_a IN ({_in(b.keys)}) AND key_b IN ({_in(a.keys)})))")
        return sql, [*a.keys, *b.keys, *b.keys, *a.keys]

    def last_contact(
        self,
        a: str,
        b: str,
        before: DateLike = None,
        type: TypeArg = DEFAULT_CONTACT_TYPES,
        mode: Optional[str] = None,
    ) -> LastContact:
        """The most recent factual event between ``a`` and ``b`` (either role) dated strictly before
        ``before``, and the one before it.  ``type`` defaults to CONSULT (meetings, calls, visits);
        pass "any" for every type."""
        ra, rb = self.resolve(a), self.resolve(b)
        types = parse_types(type)
        before = parse_date(before, "--before")
        pair_sql, params = self._pair_sql(ra, rb)
        where = [pair_sql, "factual", "date IS NOT NULL"]
        if types:
            where.append(f"event_type IN ({_in(types)})")
            params.extend(types)
        if mode:
            where.append("list_contains(modes, ?)")
            params.append(mode.lower())

        def latest(strictly_before: Optional[date]) -> Optional[str]:
            clauses, values = list(where), list(params)
            if strictly_before:
                clauses.append("date < ?")
                values.append(strictly_before)
            row = self.con.execute(
                f"SELECT event_id FROM event_pairs WHERE {' AND '.join(clauses)} ORDER BY date DESC, event_id LIMIT 1",
                values,
            ).fetchone()
            return row[0] if row else None

        event_id = latest(before)
        if event_id is None:
            return LastContact(ra, rb, None, None, None)
        event = self._fetch_events([event_id])[event_id]
        previous_id = latest(event.date)
        previous = self._fetch_events([previous_id])[previous_id] if previous_id else None
        gap = (event.date - previous.date).days if previous else None
        return LastContact(ra, rb, event, previous, gap)

    def timeline(
        self,
        a: str,
        b: Optional[str] = None,
        by: str = "month",
        type: TypeArg = None,
        since: DateLike = None,
        until: DateLike = None,
        quad: bool = False,
    ) -> Timeline:
        """Factual events involving ``a`` (with ``b`` when given) per week or month: their count and, with
        ``quad``, their count per PLOVER quad category and their mean PLOVER score.  Empty periods between the
        first and last are included with zero events."""
        if by not in ("week", "month"):
            raise QueryError(Code.BAD_PERIOD, f"--by must be week or month, not {by!r}")
        ra = self.resolve(a)
        rb = self.resolve(b) if b else None
        types = parse_types(type)
        since, until = parse_date(since, "--since"), parse_date(until, "--until")
        if rb:
            source_sql, params = self._pair_sql(ra, rb)
            table = "event_pairs"
        else:
            source_sql, params = f"key IN ({_in(ra.keys)}) AND role IN ('actor', 'recipient')", list(ra.keys)
            table = "event_participants"
        where = [source_sql, "factual", "date IS NOT NULL"]
        _filter_types_and_dates(where, params, types, since, until)
        rows = self.con.execute(
            f"SELECT date_trunc('{by}', date)::DATE AS period, count(*), count(*) FILTER (quad_code = 1),"
            " count(*) FILTER (quad_code = 2), count(*) FILTER (quad_code = 3), count(*) FILTER (quad_code = 4),"
            " avg(score)"
            f" FROM (SELECT DISTINCT event_id, date, quad_code, score FROM {table} WHERE {' AND '.join(where)})"
            " GROUP BY period ORDER BY period",
            params,
        ).fetchall()
        found = {
            r[0]: TimelineRow(r[0], r[1], {1: r[2], 2: r[3], 3: r[4], 4: r[5]},
                              round(r[6], 3) if r[6] is not None else None)
            for r in rows
        }
        timeline = Timeline(ra, rb, by, quad=quad)
        if not found:
            return timeline
        period, last = min(found), max(found)
        while period <= last:
            timeline.rows.append(found.get(period) or TimelineRow(period, 0, {1: 0, 2: 0, 3: 0, 4: 0}, None))
            period = _next_period(period, by)
        return timeline

    def search(self, text: str, limit: int = 20, type: TypeArg = None) -> list[SearchHit]:
        """Evidence sentences containing every word of ``text`` at the start of a word
        (case-insensitive), best match first."""
        words = [w for w in text.split() if w]
        if not words:
            raise QueryError(Code.EMPTY_SEARCH, "search needs at least one word")
        types = parse_types(type)
        # each word must start a word of the sentence ("drone" finds "drones", "phone" not "telephone")
        where = ["regexp_matches(m.evidence_text, ?)" for _ in words]
        params: list[Any] = [r"(?i)\b" + re.escape(w) for w in words]
        if types:
            where.append(f"m.event_type IN ({_in(types)})")
            params.extend(types)
        rows = self.con.execute(
            "SELECT m.mention_id, em.event_id, m.doc_id, d.source, m.published, m.event_type, m.evidence_text"
            " FROM mentions m LEFT JOIN event_mentions em ON em.mention_id = m.mention_id"
            " LEFT JOIN documents d ON d.content_hash = m.content_hash"
            f" WHERE {' AND '.join(where)} LIMIT 5000",
            params,
        ).fetchall()
        hits = [SearchHit(*row, score=round(fuzz.partial_token_set_ratio(text, row[6]), 1)) for row in rows]
        hits.sort(key=lambda h: (-h.score, -(h.published or date.min).toordinal(), h.mention_id))
        return hits[:limit]

    def stats(self) -> dict:
        one = lambda sql: self.con.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "schema_version": db.schema_version(self.con),
            "documents": one("SELECT count(*) FROM documents"),
            "mentions": one("SELECT count(*) FROM mentions"),
            "events": one("SELECT count(*) FROM events"),
            "events_with_several_sources": one("SELECT count(*) FROM events WHERE n_sources > 1"),
            "actors": one("SELECT count(*) FROM actors"),
            "errors": dict(self.con.execute(
                "SELECT reason, count(*) FROM errors WHERE severity = 'error' GROUP BY reason ORDER BY reason").fetchall()),
            "warnings": dict(self.con.execute(
                "SELECT reason, count(*) FROM errors WHERE severity = 'warning' GROUP BY reason ORDER BY reason").fetchall()),
            "first_date": (lambda d: d.isoformat() if d else None)(one("SELECT min(date) FROM events")),
            "last_date": (lambda d: d.isoformat() if d else None)(one("SELECT max(date) FROM events")),
        }

    def errors(self) -> list[dict]:
        rows = self.con.execute(
            "SELECT doc_id, origin, reason, message, severity FROM errors ORDER BY severity, doc_id, reason"
        ).fetchall()
        return [dict(zip(("doc_id", "origin", "reason", "message", "severity"), r)) for r in rows]


def _next_period(period: date, by: str) -> date:
    if by == "week":
        return period + timedelta(days=7)
    return date(period.year + (period.month == 12), period.month % 12 + 1, 1)
