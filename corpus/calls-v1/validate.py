"""Check corpus/calls-v1: rows, offsets, quoted words, links and the split.

    python corpus/calls-v1/validate.py

Stdlib only.  Checks that each row of reports.jsonl has exactly id, published, title, text, source ("team"), a
date in 2014-2026 and a text starting with its title and a blank line; that every report has its
expected/<id>.expected.json with the right document block; that every evidence_contains is
text[evidence_start:evidence_end]; that every call and other contact named exists and every call is told by
at least two reports; that each pair of leaders has calls at least a year apart; that every must_not entry
has a known key set; that split.json follows its rule.  Exit status 1 on any error.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROW_KEYS = ["id", "published", "title", "text", "source"]
MUST_NOT_KEYS = {"what", "evidence_contains", "duplicate_of", "event_type", "actor_text_any_of", "date_from",
                 "date_to", "factual", "sentence_contains", "trigger_any_of", "named_people_include"}


def heldout(report_id: str) -> bool:
    return int(hashlib.sha1(report_id.encode("utf-8")).hexdigest(), 16) % 5 == 0


def main() -> int:
    errors: list[str] = []
    rows = [json.loads(l) for l in (HERE / "reports.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    store = json.loads((HERE / "calls.expected.json").read_text(encoding="utf-8"))
    contacts = {c["id"]: c for c in store["calls"] + store["others"]}
    seen = set()
    for r in rows:
        rid = r.get("id")
        if list(r) != ROW_KEYS:
            errors.append(f"{rid}: keys {list(r)} != {ROW_KEYS}")
        if rid in seen:
            errors.append(f"{rid}: duplicate id")
        seen.add(rid)
        if r.get("source") != "team":
            errors.append(f"{rid}: source must be 'team'")
        if not 2014 <= dt.date.fromisoformat(r["published"]).year <= 2026:
            errors.append(f"{rid}: published outside 2014-2026")
        if not r["text"].startswith(r["title"] + "\n\n"):
            errors.append(f"{rid}: text must start with the title and a blank line")
        path = HERE / "expected" / f"{rid}.expected.json"
        if not path.exists():
            errors.append(f"{rid}: no {path.name}")
            continue
        exp = json.loads(path.read_text(encoding="utf-8"))
        doc = exp["document"]
        if doc["id"] != rid or doc["published"] != r["published"]:
            errors.append(f"{rid}: document block does not match the row")
        if doc["split"] != ("heldout" if heldout(rid) else "dev"):
            errors.append(f"{rid}: split {doc['split']}")
        whats = set()
        for e in exp["expected_events"]:
            whats.add(e["what"])
            s, t, words = e.get("evidence_start"), e.get("evidence_end"), e.get("evidence_contains")
            if not (isinstance(s, int) and isinstance(t, int) and 0 <= s < t <= len(r["text"])) \
                    or r["text"][s:t] != words:
                errors.append(f"{rid}: evidence {words!r} is not text[{s}:{t}]")
            link = e.get("call") or e.get("other")
            if link and link not in contacts:
                errors.append(f"{rid}: unknown contact {link}")
            if link and e["event_type"] == "CONSULT" and not e.get("historical"):
                c = contacts[link]                # the report's own precision ("last week") may be coarser
                if not (e.get("date_from", "") <= c["date_from"] and c["date_to"] <= e.get("date_to", "")):
                    errors.append(f"{rid}: {e['what']}: dates do not contain those of {link}")
            for key in ("date_from", "date_to"):
                if key in e:
                    dt.date.fromisoformat(e[key])
        for m in exp["must_not"]:
            if set(m) - MUST_NOT_KEYS:
                errors.append(f"{rid}: must_not keys {sorted(set(m) - MUST_NOT_KEYS)}")
            if "duplicate_of" in m and m["duplicate_of"] not in whats:
                errors.append(f"{rid}: duplicate_of {m['duplicate_of']!r} names no expected event")
            for key in ("evidence_contains", "sentence_contains"):
                if key in m and m[key] not in r["text"]:
                    errors.append(f"{rid}: must_not {key} {m[key]!r} not in the text")
            for words in m.get("actor_text_any_of", []):
                if words not in r["text"]:
                    errors.append(f"{rid}: must_not actor words {words!r} not in the text")
    for c in store["calls"]:
        if len(c["reports"]) < 2:
            errors.append(f"{c['id']}: told by {len(c['reports'])} report(s); every call needs two or more")
        for rid in c["reports"] + c["mentioned_by"]:
            if rid not in seen:
                errors.append(f"{c['id']}: unknown report {rid}")
    pairs: dict[tuple, list[str]] = {}
    for c in store["calls"]:
        pairs.setdefault(tuple(sorted(c["people"])), []).append(c["date_from"])
    for pair, days in pairs.items():
        days.sort()
        if len(days) < 2 or (dt.date.fromisoformat(days[-1]) - dt.date.fromisoformat(days[0])).days < 365:
            errors.append(f"{pair}: needs two calls at least a year apart, has {days}")
    split = json.loads((HERE / "split.json").read_text(encoding="utf-8"))
    ids = sorted(seen)
    if split["heldout"] != [i for i in ids if heldout(i)] or split["dev"] != [i for i in ids if not heldout(i)]:
        errors.append("split.json does not follow its rule")
    for e in errors:
        print("error:", e)
    print(f"calls-v1: {len(rows)} reports, {len(store['calls'])} calls between {len(pairs)} pairs, "
          f"{sum(len(json.loads((HERE / 'expected' / f'{i}.expected.json').read_text())['expected_events']) for i in ids)} "
          f"expected events; {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
