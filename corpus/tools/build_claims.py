"""Build corpus/claims-v1 from its hand-written sources (src/*.yaml).

    python corpus/tools/build_claims.py          # writes record.jsonl, claims.jsonl, claims.json, world.json, split.json
    python corpus/tools/build_claims.py --check  # builds in memory and fails if the committed files differ

Every offset is computed here: a claim is written as its exact words (and, when they occur more than once,
which occurrence), its reference as words inside the claim.  The build then recomputes every verdict with the
reference rules (corpus/claims-v1/verdicts.py) from the world events and stops if one differs from the verdict
written by hand, so the labels cannot drift from the rules in the README.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus" / "claims-v1"
SRC = CORPUS / "src"
DEMO = ROOT / "examples" / "reports.jsonl"
sys.path.insert(0, str(CORPUS))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from team_corpora import heldout, str_dates, write_or_check  # noqa: E402
from verdicts import World, date_range, verdict  # noqa: E402




def load(name: str):
    return str_dates(yaml.safe_load((SRC / name).read_text(encoding="utf-8")))


def find(text: str, words: str, nth: int = 1, lo: int = 0, hi: int | None = None) -> int:
    hi = len(text) if hi is None else hi
    at = lo - 1
    for _ in range(nth):
        at = text.find(words, at + 1, hi)
        if at < 0:
            raise SystemExit(f"not found: {words!r}")
    return at


def span(text: str, words: str, lo: int, hi: int) -> dict:
    """Words inside the claim span when they are there, else anywhere in the text (first occurrence)."""
    at = text.find(words, lo, hi)
    if at < 0:
        at = find(text, words)
    return {"text": words, "start": at, "end": at + len(words)}


def describe(event_id: str, world: dict) -> dict:
    e = world[event_id]
    lo, _ = date_range(e["date"])
    _, hi = date_range(e.get("date_to") or e["date"])
    out = {"event": event_id, "event_type": e["type"], "what": e["what"]}
    if e.get("mode"):
        out["mode"] = e["mode"]
    out["actor_codes"] = e.get("actors", [])
    if e.get("recipients"):
        out["recipient_codes"] = e["recipients"]
    if e.get("people"):
        out["people"] = e["people"]
    out["date_from"], out["date_to"] = lo.isoformat(), hi.isoformat()
    if e.get("place"):
        out["place"] = e["place"]
    if e.get("measures"):
        out["measures"] = e["measures"]
    return out


def build() -> dict[str, str]:
    world = load("world.yaml")
    reports = load("reports.yaml")
    demo_tells = load("demo.yaml")
    claims_src = load("claims.yaml")
    demo_texts = {r["id"]: r for r in map(json.loads, DEMO.read_text(encoding="utf-8").splitlines())}

    texts: dict[str, str] = {k: v["text"] for k, v in demo_texts.items()}
    rows = {"record": [], "claims": []}
    told_by: dict[str, dict[str, list[str]]] = {k: {"told_by": [], "mentioned_by": []} for k in world}
    part_of: dict[str, str] = {k: "demo" for k in demo_texts}
    for rid, t in demo_tells.items():
        for w in t.get("tells", []):
            told_by[w]["told_by"].append(rid)
        for w in t.get("mentions", []):
            told_by[w]["mentioned_by"].append(rid)
    ids = set()
    for r in reports:
        assert r["id"] not in ids and r["id"] not in demo_texts, r["id"]
        ids.add(r["id"])
        text = f"{r['title']}\n\n{r['body']}"
        texts[r["id"]] = text
        part_of[r["id"]] = r["part"]
        rows[r["part"]].append({"id": r["id"], "published": r["published"], "title": r["title"], "text": text,
                                "source": "team"})
        for w in r.get("tells", []):
            told_by[w]["told_by"].append(r["id"])
        for w in r.get("mentions", []):
            told_by[w]["mentioned_by"].append(r["id"])

    in_record = {w for w, t in told_by.items()
                 if any(part_of[r] in ("record", "demo") for r in t["told_by"] + t["mentioned_by"])}
    checker = World(world, in_record)

    def record_reports(w: str) -> list[str]:
        t = told_by[w]
        primary = [r for r in t["told_by"] if part_of[r] in ("record", "demo")]
        return primary or [r for r in t["mentioned_by"] if part_of[r] in ("record", "demo")]

    out_claims, problems, counters = [], [], {}
    for source, items in (("demo", claims_src["demo"]), ("corpus", claims_src["claims"])):
        for c in items:
            rid = c["report"]
            text = texts[rid]
            counters[rid] = counters.get(rid, 0) + 1
            start = find(text, c["text"], c.get("nth", 1))
            end = start + len(c["text"])
            got, deciding = verdict(checker, c)
            if got != c["verdict"] or sorted(deciding) != sorted(c["deciding"]):
                problems.append(f"{rid}: {c['text']!r}: written {c['verdict']} {c['deciding']}, "
                                f"rules give {got} {deciding}")
            ref = dict(c.get("ref") or {})
            reference = {}
            if "event" in ref:
                reference["event"] = describe(ref["event"], world)
                reference["event"]["in_record"] = ref["event"] in in_record
            if "date" in ref:
                lo, hi = date_range(ref["date"])
                reference["date"] = {"value": ref["date"], "from": lo.isoformat(), "to": hi.isoformat()}
            for key in ("years", "qualifier", "relation"):
                if key in ref:
                    reference[key] = ref[key]
            if ref.get("period"):
                reference["period"] = True
            if "text" in ref:
                reference.update(span(text, ref["text"], start, end))
            if "date_text" in ref:
                reference["date_span"] = span(text, ref["date_text"], start, end)
            record = {
                "id": f"{rid}/{counters[rid]}",
                "report_id": rid,
                "source": source,
                "split": "demo" if source == "demo" else ("heldout" if heldout(rid) else "dev"),
                "kind": c["kind"],
                "text": c["text"], "start": start, "end": end,
                "subject": describe(c["subject"], world),
                "reference": reference,
            }
            for key in ("scope", "measure", "days", "n", "from", "like", "break"):
                if key in c:
                    record[key] = c[key]
            record["verdict"] = c["verdict"]
            record["deciding_events"] = c["deciding"]
            record["deciding_reports"] = sorted({r for w in c["deciding"] for r in record_reports(w)})
            record["hard"] = bool(c.get("hard"))
            if c.get("note"):
                record["note"] = c["note"]
            out_claims.append(record)
    if problems:
        raise SystemExit("verdicts that do not follow the rules:\n  " + "\n  ".join(problems))

    claims_reports = [r["id"] for r in rows["claims"]]
    split = {
        "rule": "a claims report is held out when int(sha1(report_id).hexdigest(), 16) % 5 == 0; "
                "its claims are held out with it; record reports and the demo reports are never held out",
        "heldout": sorted(r for r in claims_reports if heldout(r)),
        "dev": sorted(r for r in claims_reports if not heldout(r)),
    }
    world_out = {}
    for w in sorted(world):
        world_out[w] = dict(world[w]) | {"in_record": w in in_record,
                                             "told_by": told_by[w]["told_by"],
                                             "mentioned_by": told_by[w]["mentioned_by"]}
    expectations = {
        "about": "Claims planted in the claims-v1 reports (and the demo reports of examples/reports.jsonl), "
                 "with the verdict each must get against a store built from examples/reports.jsonl + "
                 "corpus/claims-v1/record.jsonl. Offsets are into the report's text (title, blank line, body). "
                 "The verdict rules are in corpus/claims-v1/README.md; verdicts.py implements them over world.json.",
        "store": ["examples/reports.jsonl", "corpus/claims-v1/record.jsonl"],
        "claims": out_claims,
    }

    def jsonl(items):
        return "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in items)

    return {
        "record.jsonl": jsonl(rows["record"]),
        "claims.jsonl": jsonl(rows["claims"]),
        "claims.json": json.dumps(expectations, ensure_ascii=False, indent=1) + "\n",
        "world.json": json.dumps(world_out, ensure_ascii=False, indent=1) + "\n",
        "split.json": json.dumps(split, ensure_ascii=False, indent=1) + "\n",
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if the committed files differ from a fresh build")
    args = ap.parse_args()
    return write_or_check(build(), CORPUS, "corpus/tools/build_claims.py", args.check)


if __name__ == "__main__":
    sys.exit(main())
