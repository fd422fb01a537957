"""Build corpus/events-v1/part-a.jsonl from the hand-written sources in corpus/events-v1/src-a/.

The sources are written in a compact block format so that a writer types each sentence once and
names its spans by their words; every character offset in the output is computed here, never typed.

Block format (blocks separated by blank lines, ``#`` lines are comments):

    @ 2015-03-03 dateline                    published date, style [, neg:KIND for a negative]
    MOSCOW, March 3 (Reuters) - ...          the sentence, one line
    E CONSULT/visit | t: held talks | a: Sergei Lavrov=RUS.GOV | r: Moscow=RUS | c: diplomatic
      | d: on Monday | l: Moscow/RUS | f: hist      (one line per event; continuation not allowed)

Event fields: ``t`` trigger, ``a`` actors, ``r`` recipients (``;``-separated ``span=CODE.SECTOR``,
sector optional), ``c`` contexts (comma-separated), ``d`` date text with optional ``=VALUE``
(otherwise resolved against the published date), ``l`` location ``span[=Name]/CCC``, ``f`` flags
(neg, hyp, fut, hist).  A span that occurs more than once must say which: ``Russia#2``.
Modes are ``/``-joined to the category, several with ``+``: ``ASSAULT/aerial+drone``.
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIR = ROOT / "corpus" / "events-v1" / "src-a"
OUTPUT = ROOT / "corpus" / "events-v1" / "part-a.jsonl"
ID_PREFIX = "sc-a-"

FLAG_NAMES = {"neg": "negated", "hyp": "hypothetical", "fut": "future", "hist": "historical"}
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9


class SourceError(ValueError):
    pass


def find_span(text: str, spec: str) -> tuple[str, int, int]:
    """Locate ``words`` or ``words#n`` in text, respecting word boundaries at word-character edges."""
    occurrence = None
    m = re.fullmatch(r"(.*?)#(\d+)", spec)
    if m:
        spec, occurrence = m.group(1), int(m.group(2))
    words = spec.strip()
    if not words:
        raise SourceError("empty span")
    left = r"(?<!\w)" if words[0].isalnum() else ""
    right = r"(?!\w)" if words[-1].isalnum() else ""
    hits = [h.start() for h in re.finditer(left + re.escape(words) + right, text)]
    if not hits:
        raise SourceError(f"span not found: {words!r}")
    if occurrence is None:
        if len(hits) > 1:
            raise SourceError(f"span {words!r} occurs {len(hits)} times; write {words}#n")
        start = hits[0]
    else:
        if occurrence > len(hits):
            raise SourceError(f"span {words!r} has only {len(hits)} occurrences")
        start = hits[occurrence - 1]
    return words, start, start + len(words)


def parse_entities(text: str, value: str) -> list[dict]:
    entities = []
    for item in filter(None, (part.strip() for part in value.split(";"))):
        if "=" not in item:
            raise SourceError(f"entity without code: {item!r}")
        span, code = item.rsplit("=", 1)
        code, _, sector = code.partition(".")
        words, start, end = find_span(text, span)
        entities.append({"text": words, "start": start, "end": end,
                         "code": code.strip() or None, "sector": sector.strip() or None})
    return entities


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def resolve_date(words: str, published: dt.date, future: bool) -> str:
    """Resolve the usual news date phrases against the publication date.

    Weekday names mean the most recent such day on or before publication (the next one on or
    after it for future events); week phrases resolve to the Monday of that week.
    """
    low = words.lower()
    tokens = re.findall(r"[a-z]+|\d+", low)
    forward = future or "next" in tokens or "coming" in tokens
    if "yesterday" in tokens:
        return (published - dt.timedelta(days=1)).isoformat()
    if "tomorrow" in tokens:
        return (published + dt.timedelta(days=1)).isoformat()
    if {"today", "tonight"} & set(tokens) or "this morning" in low or "this afternoon" in low:
        return published.isoformat()
    if "weekend" in tokens:
        target = 5
        if forward:
            return (published + dt.timedelta(days=(target - published.weekday()) % 7)).isoformat()
        return (published - dt.timedelta(days=(published.weekday() - target) % 7)).isoformat()
    for name, target in WEEKDAYS.items():
        if name in tokens:
            if forward:
                days = (target - published.weekday()) % 7
                return (published + dt.timedelta(days=days)).isoformat()
            days = (published.weekday() - target) % 7
            return (published - dt.timedelta(days=days)).isoformat()
    if "week" in tokens:
        monday = published - dt.timedelta(days=published.weekday())
        if "last" in tokens or "past" in tokens:
            monday -= dt.timedelta(days=7)
        elif "next" in tokens:
            monday += dt.timedelta(days=7)
        return monday.isoformat()
    if "month" in tokens:
        delta = -1 if "last" in tokens else 1 if "next" in tokens else 0
        y, m = _shift_month(published.year, published.month, delta)
        return f"{y:04d}-{m:02d}"
    if "year" in tokens:
        delta = -1 if "last" in tokens else 1 if "next" in tokens else 0
        return f"{published.year + delta:04d}"
    month = next((MONTHS[t] for t in tokens if t in MONTHS), None)
    years = [int(t) for t in tokens if len(t) == 4 and t.isdigit()]
    days = [int(t) for t in tokens if t.isdigit() and len(t) <= 2 and 1 <= int(t) <= 31]
    if month:
        year = years[0] if years else published.year
        if days:
            day = days[0]
            value = dt.date(year, month, day)
            if not years:
                if not forward and value > published + dt.timedelta(days=1):
                    value = dt.date(year - 1, month, day)
                elif forward and value < published:
                    value = dt.date(year + 1, month, day)
            return value.isoformat()
        if not years:
            if not forward and month > published.month:
                year -= 1
            elif forward and month < published.month:
                year += 1
        return f"{year:04d}-{month:02d}"
    if years and len(years) == 1:
        return f"{years[0]:04d}"
    raise SourceError(f"cannot resolve date {words!r}; give it as 'words=VALUE'")


def parse_event(text: str, published: dt.date, line: str) -> dict:
    head, *fields = [part.strip() for part in line[1:].split(" | ")]
    category, _, modes = head.partition("/")
    event = {"event_type": category.strip(), "mode": [m for m in modes.split("+") if m],
             "context": [], "trigger": None, "actor": [], "recipient": [],
             "negated": False, "hypothetical": False, "future": False, "historical": False,
             "date": None, "location": None}
    values: dict[str, str] = {}
    for field in fields:
        key, sep, value = field.partition(":")
        if not sep or key.strip() not in {"t", "a", "r", "c", "d", "l", "f"}:
            raise SourceError(f"bad field {field!r}")
        values[key.strip()] = value.strip()
    for flag in filter(None, (f.strip() for f in values.get("f", "").split(","))):
        if flag not in FLAG_NAMES:
            raise SourceError(f"unknown flag {flag!r}")
        event[FLAG_NAMES[flag]] = True
    if "t" not in values:
        raise SourceError("event without trigger")
    words, start, end = find_span(text, values["t"])
    event["trigger"] = {"text": words, "start": start, "end": end}
    event["actor"] = parse_entities(text, values.get("a", ""))
    event["recipient"] = parse_entities(text, values.get("r", ""))
    event["context"] = [c.strip() for c in values.get("c", "").split(",") if c.strip()]
    if "d" in values:
        spec, _, explicit = values["d"].partition("=")
        words, start, end = find_span(text, spec)
        value = explicit.strip() or resolve_date(words, published, event["future"])
        event["date"] = {"text": words, "start": start, "end": end, "value": value}
    if "l" in values:
        spec, _, country = values["l"].rpartition("/")
        spec, _, name = spec.partition("=")
        words, start, end = find_span(text, spec)
        if not name:
            name = re.sub(r"^the\s+", "", words)
        event["location"] = {"text": words, "start": start, "end": end,
                             "name": name.strip(), "country": country.strip() or None}
    return event


def parse_source(path: Path, problems: list[str]) -> list[dict]:
    records = []
    blocks = re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))
    for block in blocks:
        lines = [ln.rstrip() for ln in block.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
        if not lines:
            continue
        try:
            if not lines[0].startswith("@ ") or len(lines) < 2:
                raise SourceError("block must start with '@ PUBLISHED STYLE' and a sentence line")
            header = lines[0][2:].split()
            published = dt.date.fromisoformat(header[0])
            style = header[1]
            negative_kind = next((h[4:] for h in header[2:] if h.startswith("neg:")), None)
            text = lines[1].strip()
            if text.startswith("E "):
                raise SourceError("sentence line missing")
            events = []
            for line in lines[2:]:
                if not line.startswith("E "):
                    raise SourceError(f"unexpected line {line!r}")
                events.append(parse_event(text, published, line))
            if negative_kind and events:
                raise SourceError("a negative cannot carry events")
            if not negative_kind and not events:
                raise SourceError("a positive needs events (or neg:KIND in the header)")
        except (SourceError, ValueError, IndexError) as exc:
            problems.append(f"{path.name}: {exc}\n  in block: {lines[:2]}")
            continue
        records.append({"text": text, "published": published.isoformat(), "events": events,
                        "negative_kind": negative_kind, "style": style})
    return records


def build() -> list[dict]:
    records: list[dict] = []
    problems: list[str] = []
    for path in sorted(SOURCE_DIR.glob("*.txt")):
        records.extend(parse_source(path, problems))
    if problems:
        raise SourceError("\n".join(problems))
    return [{"id": f"{ID_PREFIX}{i:04d}", **record} for i, record in enumerate(records, 1)]


def main() -> int:
    try:
        records = build()
    except SourceError as exc:
        print(exc, file=sys.stderr)
        return 1
    with OUTPUT.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} sentences to {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
