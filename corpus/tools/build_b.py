"""Build corpus/events-v1/part-b.jsonl from the hand-written sources in corpus/events-v1/src-b/.

The sources are written with inline span markup so that no offset is ever typed by hand; this script
computes every offset from the markup, resolves relative dates against the publication date, and
writes one JSON object per sentence (the shape described in CORPUS_BRIEF.md).

Source format (one block per sentence, blocks separated by the next ``@`` line)::

    @ 2019-05-02 wire-lead            published date, style; add ``!sports`` etc. for a hard negative
    [Russian forces]{a1=RUS/MIL} [struck]{t1} [Kharkiv]{r1=UKR;l1} [on Monday]{d1}, ...
    1 ASSAULT drone | military | neg

Roles inside ``{...}`` (``;``-separated; the digits name the event(s) the span belongs to, so
``a12=RUS/MIL`` is the actor of events 1 and 2):
    aN=CODE[/SECTOR]   actor            rN=CODE[/SECTOR]  recipient
    tN                 trigger          dN[=VALUE]        date (value resolved from the text if omitted)
    lN[=COUNTRY | =Name/COUNTRY]        location (country taken from a sibling actor/recipient role if omitted)
    kN=COUNT[/qualifier]  dead          wN=COUNT[/qualifier]  injured
Event lines: ``N TYPE mode[,mode] | context[,context] | flag[,flag]`` with flags neg hyp fut hist and
``-`` for an empty mode list.  Lines starting with ``#`` are comments.

Usage:  python corpus/tools/build_b.py [--dates]    (--dates prints every resolved date for review)
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC_DIR = ROOT / "corpus" / "events-v1" / "src-b"
OUT = ROOT / "corpus" / "events-v1" / "part-b.jsonl"
PART = "b"

FLAG_NAMES = {"neg": "negated", "hyp": "hypothetical", "fut": "future", "hist": "historical"}
QUALIFIERS = {"exact", "at_least", "at_most", "about", "more_than", "vague"}
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9


class SourceError(Exception):
    pass


def parse_markup(marked: str) -> tuple[str, list[tuple[int, int, str, str]]]:
    """Strip ``[span]{roles}`` markup; return the plain text and (start, end, span_text, roles)."""
    out: list[str] = []
    stack: list[int] = []
    spans = []
    i = 0
    pos = 0
    while i < len(marked):
        ch = marked[i]
        if ch == "[":
            stack.append(pos)
            i += 1
        elif ch == "]":
            if not stack or i + 1 >= len(marked) or marked[i + 1] != "{":
                raise SourceError(f"stray ']' at {i}: {marked[max(0, i - 30):i + 10]!r}")
            close = marked.index("}", i)
            roles = marked[i + 2:close]
            start = stack.pop()
            spans.append((start, pos, "".join(out)[start:pos], roles))
            i = close + 1
        elif ch in "{}":
            raise SourceError(f"stray brace at {i}: {marked[max(0, i - 30):i + 10]!r}")
        else:
            out.append(ch)
            pos += 1
            i += 1
    if stack:
        raise SourceError("unclosed '['")
    return "".join(out), spans


def _shift_month(d: dt.date, months: int) -> tuple[int, int]:
    m = d.month - 1 + months
    return d.year + m // 12, m % 12 + 1


def resolve_date(text: str, published: dt.date, future: bool) -> str:
    """Resolve the date words of one span against the publication date (news conventions:
    a bare weekday is the most recent one, or the next one for a future event)."""
    t = text.lower().strip().rstrip(",.")
    while re.match(r"(on|in|since|from|during|by|early|late)\s", t):
        t = t.split(None, 1)[1]
    if t in ("today", "tonight", "this morning", "this afternoon", "this evening", "earlier today", "earlier on"):
        return published.isoformat()
    if t in ("yesterday", "overnight", "last night", "late last night", "yesterday morning", "yesterday afternoon", "yesterday evening"):
        return (published - dt.timedelta(days=1)).isoformat()
    if t == "tomorrow":
        return (published + dt.timedelta(days=1)).isoformat()
    if t == "last month":
        y, m = _shift_month(published, -1)
        return f"{y:04d}-{m:02d}"
    if t in ("this month", "earlier this month"):
        return f"{published.year:04d}-{published.month:02d}"
    if t == "next month":
        y, m = _shift_month(published, 1)
        return f"{y:04d}-{m:02d}"
    if t in ("last year",):
        return f"{published.year - 1:04d}"
    if t in ("this year", "earlier this year"):
        return f"{published.year:04d}"
    if t == "next year":
        return f"{published.year + 1:04d}"
    m = re.fullmatch(r"(?:(last|next|this)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\s+(morning|afternoon|evening|night))?", t)
    if m:
        target = WEEKDAYS[m.group(2)]
        if m.group(1) == "next" or (future and m.group(1) != "last"):
            delta = (target - published.weekday()) % 7 or (7 if m.group(1) == "next" else 0)
            return (published + dt.timedelta(days=delta)).isoformat()
        delta = (published.weekday() - target) % 7
        if m.group(1) == "last" and delta == 0:
            delta = 7
        return (published - dt.timedelta(days=delta)).isoformat()
    # "May 4", "4 May", "May 4, 2011", "4 May 2011"
    m = re.fullmatch(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?", t) or None
    if m and m.group(1) in MONTHS:
        month, day, year = MONTHS[m.group(1)], int(m.group(2)), m.group(3)
        return _month_day(published, month, day, year, future)
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?(?:,?\s+(\d{4}))?", t)
    if m and m.group(2) in MONTHS:
        month, day, year = MONTHS[m.group(2)], int(m.group(1)), m.group(3)
        return _month_day(published, month, day, year, future)
    m = re.fullmatch(r"([a-z]+)\.?(?:,?\s+(\d{4}))?", t)
    if m and m.group(1) in MONTHS:
        month = MONTHS[m.group(1)]
        if m.group(2):
            year = int(m.group(2))
        elif future:
            year = published.year if month >= published.month else published.year + 1
        else:
            year = published.year if month <= published.month else published.year - 1
        return f"{year:04d}-{month:02d}"
    m = re.fullmatch(r"(\d{4})", t)
    if m:
        return m.group(1)
    raise SourceError(f"cannot resolve date {text!r}; give dN=VALUE")


def _month_day(published: dt.date, month: int, day: int, year: str | None, future: bool) -> str:
    if year:
        return dt.date(int(year), month, day).isoformat()
    candidate = dt.date(published.year, month, day)
    if not future and candidate > published:
        candidate = dt.date(published.year - 1, month, day)
    if future and candidate < published:
        candidate = dt.date(published.year + 1, month, day)
    return candidate.isoformat()


ROLE_RE = re.compile(r"^([artdlkw])(\d+)(?:=(.*))?$")


def build_block(header: str, marked: str, event_lines: list[str], where: str) -> dict:
    parts = header[1:].split()
    published = dt.date.fromisoformat(parts[0])
    style = parts[1]
    negative_kind = parts[2][1:] if len(parts) > 2 and parts[2].startswith("!") else None
    text, spans = parse_markup(marked)
    if text != text.strip() or "  " in text:
        raise SourceError("stray whitespace in text")

    events: dict[int, dict] = {}
    for line in event_lines:
        fields = [f.strip() for f in line.split("|")]
        head = fields[0].split()
        n, etype = int(head[0]), head[1]
        modes = [] if len(head) < 3 or head[2] == "-" else head[2].split(",")
        contexts = [c for c in fields[1].split(",") if c] if len(fields) > 1 else []
        flags = [f for f in fields[2].split(",") if f] if len(fields) > 2 else []
        unknown = set(flags) - set(FLAG_NAMES)
        if unknown:
            raise SourceError(f"unknown flags {unknown}")
        ev = {"event_type": etype, "mode": modes, "context": contexts, "trigger": None, "actor": [],
              "recipient": []}
        for short, name in FLAG_NAMES.items():
            ev[name] = short in flags
        ev["date"] = None
        ev["location"] = None
        events[n] = ev

    for start, end, span_text, roles in sorted(spans, key=lambda s: (s[0], -s[1])):
        role_list = [r.strip() for r in roles.split(";") if r.strip()]
        sibling_code = None
        for r in role_list:
            m = ROLE_RE.match(r)
            if m and m.group(1) in "ar" and m.group(3):
                sibling_code = m.group(3).split("/")[0]
        for r in role_list:
            m = ROLE_RE.match(r)
            if not m:
                raise SourceError(f"bad role {r!r}")
            kind, digits, value = m.group(1), m.group(2), m.group(3)
            for d in digits:
                ev = events.get(int(d))
                if ev is None:
                    raise SourceError(f"role {r!r} names event {d} which has no event line")
                if kind in "ar":
                    code, _, sector = (value or "").partition("/")
                    if not code:
                        raise SourceError(f"{r!r} needs a code")
                    ent = {"text": span_text, "start": start, "end": end, "code": code,
                           "sector": sector if sector and sector != "-" else None}
                    ev["actor" if kind == "a" else "recipient"].append(ent)
                elif kind == "t":
                    if ev["trigger"] is not None:
                        raise SourceError(f"event {d} has two triggers")
                    ev["trigger"] = {"text": span_text, "start": start, "end": end}
                elif kind == "d":
                    val = value or resolve_date(span_text, published, ev["future"])
                    ev["date"] = {"text": span_text, "value": val, "start": start, "end": end}
                elif kind == "l":
                    if value and "/" in value:
                        name, country = value.split("/", 1)
                    else:
                        name, country = span_text, value or sibling_code
                    if not country:
                        raise SourceError(f"location {span_text!r} needs a country")
                    ev["location"] = {"text": span_text, "name": name, "country": country,
                                      "start": start, "end": end}
                else:
                    count, _, qual = (value or "").partition("/")
                    qual = qual or "exact"
                    if qual not in QUALIFIERS:
                        raise SourceError(f"bad qualifier {qual!r}")
                    ev["dead" if kind == "k" else "injured"] = {
                        "text": span_text, "value": int(count), "qualifier": qual, "start": start, "end": end}
    for n, ev in events.items():
        if ev["trigger"] is None:
            raise SourceError(f"event {n} has no trigger")
    record = {"id": None, "text": text, "published": published.isoformat(),
              "events": [events[n] for n in sorted(events)], "negative_kind": negative_kind, "style": style}
    if negative_kind and events:
        raise SourceError("a negative has events")
    return record


def read_sources() -> list[dict]:
    records = []
    for path in sorted(SRC_DIR.glob("*.txt")):
        lines = [ln.rstrip("\n") for ln in path.read_text(encoding="utf-8").splitlines()]
        blocks: list[tuple[int, list[str]]] = []
        for lineno, line in enumerate(lines, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line.startswith("@"):
                blocks.append((lineno, [line]))
            elif blocks:
                blocks[-1][1].append(line.strip())
            else:
                raise SourceError(f"{path.name}:{lineno}: text before the first '@' header")
        for lineno, block in blocks:
            where = f"{path.name}:{lineno}"
            if len(block) < 2:
                raise SourceError(f"{where}: block without text")
            try:
                rec = build_block(block[0], block[1], block[2:], where)
            except (SourceError, ValueError, KeyError, IndexError) as exc:
                raise SourceError(f"{where}: {exc}") from exc
            rec["_where"] = where
            records.append(rec)
    return records


def main(argv: list[str]) -> int:
    try:
        records = read_sources()
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    seen = {}
    for i, rec in enumerate(records, 1):
        if rec["text"] in seen:
            print(f"error: duplicate text at {rec['_where']} and {seen[rec['text']]}", file=sys.stderr)
            return 1
        seen[rec["text"]] = rec["_where"]
        rec["id"] = f"sc-{PART}-{i:04d}"
    if "--lint" in argv:
        for rec in records:
            for ev in rec["events"]:
                if not ev["actor"]:
                    print(f"no actor: {rec['_where']} {ev['event_type']} {ev['trigger']['text']!r}")
    if "--dates" in argv:
        for rec in records:
            for ev in rec["events"]:
                if ev["date"]:
                    print(f"{rec['id']} pub={rec['published']} {ev['date']['text']!r} -> {ev['date']['value']}")
    with OUT.open("w", encoding="utf-8") as fh:
        for rec in records:
            rec = {k: v for k, v in rec.items() if k != "_where"}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} sentences to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
