"""The verdict rules of claims-v1, as a reference implementation over the world events (stdlib only).

This is not the project's claim checker: it reads the hand-coded world (world.json) instead of a store, so it
shows that every expected verdict in claims.json follows from the rules in README.md and the record, and
nothing else.  ``python corpus/claims-v1/validate.py`` runs it on every claim.

A *record event* is a world event told (or mentioned as history) by a report of the record: record.jsonl or
examples/reports.jsonl.  Events told only by claims reports are not in the record.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

YEAR = 365.25


def date_range(value: str) -> tuple[dt.date, dt.date]:
    """'2022', '2022-09' or '2022-09-11' -> first and last day."""
    value = str(value)
    if len(value) == 4:
        y = int(value)
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    if len(value) == 7:
        y, m = int(value[:4]), int(value[5:7])
        first = dt.date(y, m, 1)
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        return first, nxt - dt.timedelta(days=1)
    d = dt.date.fromisoformat(value)
    return d, d


@dataclass
class Event:
    id: str
    raw: dict

    @property
    def start(self) -> dt.date:
        return date_range(self.raw["date"])[0]

    @property
    def end(self) -> dt.date:
        return date_range(self.raw.get("date_to") or self.raw["date"])[1]

    def measure(self, name: str) -> float | None:
        m = self.raw.get("measures") or {}
        if name == "aerial":
            if "aerial" in m:
                return m["aerial"]
            if "drones" in m or "missiles" in m:
                return (m.get("drones") or 0) + (m.get("missiles") or 0)
            return None
        return m.get(name)


def like(event: Event, spec: dict) -> bool:
    """Is the event of the kind the claim talks about?  Every key of spec must hold."""
    e = event.raw
    if e["type"] != spec["type"]:
        return False
    parties = set(e.get("actors", [])) | set(e.get("recipients", []))
    if "mode_any" in spec and not set(spec["mode_any"]) & set(e.get("mode", [])):
        return False
    if "parties" in spec and not set(spec["parties"]) <= parties:
        return False
    if "actors" in spec and not set(spec["actors"]) <= set(e.get("actors", [])):
        return False
    if "recipients" in spec and not set(spec["recipients"]) <= set(e.get("recipients", [])):
        return False
    if "people" in spec and not set(spec["people"]) <= set(e.get("people", [])):
        return False
    if "place" in spec and e.get("place") != spec["place"]:
        return False
    if "region" in spec and spec["region"] not in (e.get("place"), e.get("region")):
        return False
    if "country" in spec and e.get("country") != spec["country"]:
        return False
    if spec.get("leaders") and not e.get("leaders"):
        return False
    if spec.get("in_person") and not e.get("in_person"):
        return False
    if spec.get("formal") and e.get("informal"):
        return False
    if "relation" in spec and e.get("relation") != spec["relation"]:
        return False
    if "target" in spec and e.get("target") != spec["target"]:
        return False
    return True


class World:
    def __init__(self, events: dict[str, dict], in_record: set[str]):
        self.events = {k: Event(k, v) for k, v in events.items()}
        self.record = [self.events[k] for k in sorted(in_record)]

    def comparable(self, spec: dict, subject: str) -> list[Event]:
        return sorted((e for e in self.record if e.id != subject and like(e, spec)), key=lambda e: (e.start, e.id))

    def in_record(self, event_id: str) -> bool:
        return any(e.id == event_id for e in self.record)


def _ids(events) -> list[str]:
    return [e.id for e in events]


def verdict(world: World, claim: dict) -> tuple[str, list[str]]:
    """(verdict, deciding world-event ids) for one claim of src/claims.yaml."""
    kind = claim["kind"]
    subject = world.events[claim["subject"]]
    ref = claim.get("ref") or {}
    ref_event = world.events.get(ref.get("event")) if ref.get("event") else None
    ref_in_record = ref_event is not None and world.in_record(ref_event.id)

    if kind == "first_since":
        before = [e for e in world.comparable(claim["like"], subject.id) if e.start < subject.start]
        if ref_in_record:
            ref_end = ref_event.end
        elif "date" in ref:
            ref_end = date_range(ref["date"])[1]
        else:                                   # a reference event the record lacks, no date: nothing bounds it
            return "unverifiable", []
        between = [e for e in before if e.start > ref_end]
        if between:
            return "contradicted", _ids(between)
        if ref_in_record:
            return "supported", [] if ref.get("period") and ref_event.id == subject.id else [ref_event.id]
        if ref.get("period"):
            return "supported", []
        lo, hi = date_range(ref["date"])
        at_ref = [e for e in before if lo <= e.start <= hi]
        return ("supported", _ids(at_ref)) if at_ref else ("unverifiable", [])

    if kind == "first_in_years":
        before = [e for e in world.comparable(claim["like"], subject.id) if e.end < subject.start]
        if not before:
            return "unverifiable", []
        last = max(before, key=lambda e: e.end)
        gap = (subject.start - last.end).days / YEAR
        n, q = ref["years"], ref.get("qualifier", "about")
        lo, hi = {"nearly": (n - 1, n), "over": (n, n + 1), "about": (n - 0.5, n + 1)}[q]
        if gap < lo or (q == "nearly" and gap <= lo):
            return "contradicted", [last.id]
        if gap <= hi if q == "nearly" else gap < hi:
            return "supported", [last.id]
        return "unverifiable", []

    if kind == "first_ever":
        before = [e for e in world.comparable(claim["like"], subject.id) if e.start < subject.start]
        return ("contradicted", _ids(before)) if before else ("unverifiable", [])

    if kind == "superlative":
        m = claim["measure"]
        s = subject.measure(m)
        if s is None:
            return "unverifiable", []
        scope = claim["scope"]
        before = [e for e in world.comparable(claim["like"], subject.id)
                  if e.start < subject.start and e.measure(m) is not None]
        if scope == "within":
            start = ref_event.start if ref_in_record else date_range(ref["date"])[0]
            window = [e for e in before if e.start >= start]
        elif scope == "since":
            if ref_in_record:
                ref_end = ref_event.end
            else:
                ref_end = date_range(ref["date"])[1] if "date" in ref else None
            window = [e for e in before if ref_end is None or e.start > ref_end]
        else:
            window = before
        bigger = [e for e in window if e.measure(m) > s]
        if bigger:
            return "contradicted", _ids(bigger)
        if scope == "since":
            if ref_in_record and (ref_event.measure(m) or -1) >= s:
                return "supported", [ref_event.id]
            if not ref_in_record and "date" in ref and not ref.get("event"):
                lo, hi = date_range(ref["date"])
                at_ref = [e for e in before if lo <= e.start <= hi and e.measure(m) >= s]
                if at_ref:
                    return "supported", _ids(at_ref)
            return "unverifiable", []
        if window:
            return "supported", [max(window, key=lambda e: (e.measure(m), e.start)).id]
        return "unverifiable", []

    if kind == "ordinal":
        start = date_range(claim["from"])[0]
        before = [e for e in world.comparable(claim["like"], subject.id) if start <= e.start < subject.start]
        if len(before) >= claim["n"]:
            return "contradicted", _ids(before)
        if len(before) == claim["n"] - 1:
            return "supported", _ids(before)
        return "unverifiable", []

    if kind == "relative_time":
        if not ref_in_record:
            return "unverifiable", []
        if ref["relation"] == "after":
            delta = (subject.start - ref_event.start).days
        else:
            delta = (ref_event.start - subject.start).days
        lo, hi = claim["days"]
        return ("supported" if lo <= delta <= hi else "contradicted"), [ref_event.id]

    if kind == "event_date":
        if not ref_in_record:
            return "unverifiable", []
        lo, hi = date_range(ref["date"])
        if lo <= ref_event.start and ref_event.end <= hi:
            return "supported", [ref_event.id]
        if ref_event.end < lo or ref_event.start > hi:
            return "contradicted", [ref_event.id]
        return "unverifiable", []

    if kind == "temporal_order":
        if not ref_in_record:
            return "unverifiable", []
        lo, hi = date_range(ref["date"])
        if ref["relation"] == "before":
            ok, wrong = hi < ref_event.start, lo > ref_event.end
        else:
            ok, wrong = lo > ref_event.end, hi < ref_event.start
        if ok:
            return "supported", [ref_event.id]
        return ("contradicted", [ref_event.id]) if wrong else ("unverifiable", [])

    if kind == "last_contact":
        before = [e for e in world.comparable(claim["like"], subject.id) if e.start < subject.start]
        if not before:
            return "unverifiable", []
        last = max(before, key=lambda e: e.start)
        lo, hi = date_range(ref["date"])
        if last.start > hi:
            return "contradicted", [last.id]
        if lo <= last.start <= hi:
            return "supported", [last.id]
        return "unverifiable", []

    if kind == "resumed":
        breaks = [e for e in world.comparable(claim["break"], subject.id) if e.start < subject.start]
        if not breaks:
            return "unverifiable", []
        last = max(breaks, key=lambda e: e.start)
        restored = [e for e in world.comparable(claim["like"], subject.id) if last.start < e.start < subject.start]
        if restored:
            return "contradicted", _ids(restored)
        return "supported", [last.id]

    raise ValueError(f"unknown claim kind {kind!r}")
