"""Check corpus/claims-v1: every offset, every quoted text, every id, the split, and every verdict.

    python corpus/claims-v1/validate.py [--lint]

Stdlib only.  Reads record.jsonl, claims.jsonl, claims.json, world.json, split.json and
examples/reports.jsonl (the demo reports, part of the store).  Checks that
  * each report row has exactly id, published, title, text, source ("team"), a date in 2014-2026, and a text
    that starts with its title and a blank line; ids are unique across the three files;
  * each claim's text is text[start:end] of its report, and so is its reference span and date span;
  * kinds and verdicts are known, deciding events are record events, deciding reports are record or demo
    reports that tell them, a contradicted verdict cites at least one event;
  * split.json follows its hash rule and each claim carries its report's split;
  * the verdict and deciding events follow from the rules (verdicts.py) over world.json.
--lint also lists sentences with claim-like words ("first", "largest", "since", "after" …) that no claim
covers, to catch claims planted by accident.  Exit status 1 on any error.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
from verdicts import World, verdict  # noqa: E402

KINDS = {"first_since", "first_in_years", "first_ever", "superlative", "ordinal", "relative_time",
         "event_date", "temporal_order", "last_contact", "resumed"}
VERDICTS = {"supported", "contradicted", "unverifiable"}
ROW_KEYS = ["id", "published", "title", "text", "source"]
CLAIMLIKE = re.compile(r"\b(first|largest|biggest|deadliest|longest|record|since|after|before|earlier|later|"
                       r"second|third|resum\w*|broke off|to date|so far|ever)\b", re.I)


def heldout(report_id: str) -> bool:
    return int(hashlib.sha1(report_id.encode("utf-8")).hexdigest(), 16) % 5 == 0


def load_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def check_span(text: str, obj: dict, what: str, errors: list[str]) -> None:
    s, e = obj.get("start"), obj.get("end")
    if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
        errors.append(f"{what}: bad offsets {s}-{e}")
    elif text[s:e] != obj.get("text"):
        errors.append(f"{what}: text[{s}:{e}]={text[s:e]!r} != {obj.get('text')!r}")


def main(argv: list[str]) -> int:
    errors: list[str] = []
    record = load_rows(HERE / "record.jsonl")
    claims_rows = load_rows(HERE / "claims.jsonl")
    demo = load_rows(ROOT / "examples" / "reports.jsonl")
    texts, part = {}, {}
    for name, rows in (("record", record), ("claims", claims_rows)):
        for r in rows:
            if list(r) != ROW_KEYS:
                errors.append(f"{r.get('id')}: keys {list(r)} != {ROW_KEYS}")
            if r["id"] in texts:
                errors.append(f"{r['id']}: duplicate id")
            if r.get("source") != "team":
                errors.append(f"{r['id']}: source must be 'team'")
            try:
                if not 2014 <= dt.date.fromisoformat(r["published"]).year <= 2026:
                    errors.append(f"{r['id']}: published {r['published']} outside 2014-2026")
            except ValueError:
                errors.append(f"{r['id']}: published {r['published']!r} is not an ISO date")
            if not r["text"].startswith(r["title"] + "\n\n"):
                errors.append(f"{r['id']}: text must start with the title and a blank line")
            texts[r["id"]], part[r["id"]] = r["text"], name
    for r in demo:
        if r["id"] in texts:
            errors.append(f"{r['id']}: id clashes with a demo report")
        texts[r["id"]], part[r["id"]] = r["text"], "demo"

    world_raw = json.loads((HERE / "world.json").read_text(encoding="utf-8"))
    in_record = {w for w, e in world_raw.items() if e["in_record"]}
    for w, e in world_raw.items():
        derived = any(part.get(r) in ("record", "demo") for r in e["told_by"] + e["mentioned_by"])
        if derived != e["in_record"]:
            errors.append(f"{w}: in_record {e['in_record']} but told by {e['told_by'] + e['mentioned_by']}")
        for r in e["told_by"] + e["mentioned_by"]:
            if r not in texts:
                errors.append(f"{w}: told by unknown report {r}")
    world = World({k: {x: y for x, y in v.items() if x not in ("in_record", "told_by", "mentioned_by")}
                   for k, v in world_raw.items()}, in_record)

    split = json.loads((HERE / "split.json").read_text(encoding="utf-8"))
    claims_ids = sorted(r["id"] for r in claims_rows)
    if split["heldout"] != [r for r in claims_ids if heldout(r)] or split["dev"] != [r for r in claims_ids if not heldout(r)]:
        errors.append("split.json does not follow its rule")

    exp = json.loads((HERE / "claims.json").read_text(encoding="utf-8"))
    seen, covered = set(), {}
    for c in exp["claims"]:
        cid, rid = c["id"], c["report_id"]
        if cid in seen:
            errors.append(f"{cid}: duplicate claim id")
        seen.add(cid)
        if rid not in texts or part[rid] == "record":
            errors.append(f"{cid}: report {rid} is not a claims or demo report")
            continue
        text = texts[rid]
        check_span(text, c, cid, errors)
        ref = c["reference"]
        if "text" in ref:
            check_span(text, ref, f"{cid} reference", errors)
        if "date_span" in ref:
            check_span(text, ref["date_span"], f"{cid} reference date", errors)
        if c["kind"] not in KINDS:
            errors.append(f"{cid}: kind {c['kind']!r}")
        if c["verdict"] not in VERDICTS:
            errors.append(f"{cid}: verdict {c['verdict']!r}")
        if c["verdict"] == "contradicted" and not c["deciding_events"]:
            errors.append(f"{cid}: contradicted without deciding events")
        want_split = "demo" if part[rid] == "demo" else ("heldout" if heldout(rid) else "dev")
        if c["split"] != want_split:
            errors.append(f"{cid}: split {c['split']} != {want_split}")
        for w in c["deciding_events"]:
            if w not in in_record:
                errors.append(f"{cid}: deciding event {w} is not in the record")
        tellers = {r for w in c["deciding_events"] for r in world_raw[w]["told_by"] + world_raw[w]["mentioned_by"]}
        for r in c["deciding_reports"]:
            if part.get(r) not in ("record", "demo") or r not in tellers:
                errors.append(f"{cid}: deciding report {r} is not a record report telling a deciding event")
        src = {"kind": c["kind"], "subject": c["subject"]["event"]}
        ref_src = {}
        if "event" in ref:
            ref_src["event"] = ref["event"]["event"]
        if "date" in ref:
            ref_src["date"] = ref["date"]["value"]
        for key in ("years", "qualifier", "relation", "period"):
            if key in ref:
                ref_src[key] = ref[key]
        src["ref"] = ref_src
        for key in ("scope", "measure", "days", "n", "from", "like", "break"):
            if key in c:
                src[key] = c[key]
        try:
            got, deciding = verdict(world, src)
        except Exception as exc:  # noqa: BLE001 - report, keep checking
            errors.append(f"{cid}: rules failed: {exc!r}")
            continue
        if got != c["verdict"] or sorted(deciding) != sorted(c["deciding_events"]):
            errors.append(f"{cid}: expected {c['verdict']} {c['deciding_events']}, rules give {got} {deciding}")
        covered.setdefault(rid, []).append((c["start"], c["end"]))

    if "--lint" in argv:
        for rid, text in texts.items():
            if part[rid] == "record" or (part[rid] == "demo" and rid not in covered):
                spans = []
            else:
                spans = covered.get(rid, [])
            for m in CLAIMLIKE.finditer(text):
                if not any(s <= m.start() < e for s, e in spans):
                    line = text[max(0, m.start() - 50): m.end() + 40].replace("\n", " ")
                    print(f"lint {part[rid]:7} {rid}: {m.group(0)!r}: …{line}…")

    for e in errors:
        print("error:", e)
    n = len(exp["claims"])
    print(f"claims-v1: {len(record)} record reports, {len(claims_rows)} claims reports, {n} claims; "
          f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
