"""Score the coder and the store on corpus/calls-v1.

    .venv/bin/python corpus/calls-v1/score.py [--all] [--db PATH] [--verbose]

Development part only unless --all (split.json).  Three checks, each printed line by line:
  1. per report: the expected events of expected/<id>.expected.json are coded, and no must_not holds
     (the shared format plus the keys listed in src/calls.yaml and README.md);
  2. the store (a fresh DuckDB file, or --db): each call is exactly one canonical factual CONSULT naming both
     leaders, on the call's day, holding every report that tells it; no other canonical CONSULT names both;
  3. `last-contact A B [--before D]` gives the expected contact (its date inside the contact's range) and the
     one before it.
Prints the failures and a summary; exit 0 only when everything holds.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _reference_scorer():
    """The matcher of the shared acceptance scorer (a copy lives in tests/data/reference/): one reading of the
    expected-events format for the reference article and for this corpus."""
    path = HERE.parents[1] / "tests" / "data" / "reference" / "score_acceptance.py"
    spec = importlib.util.spec_from_file_location("score_acceptance", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ref = _reference_scorer()
as_list, codes, date_range, evidence = ref.as_list, ref.codes, ref.date_range, ref.evidence_text


def has_person(ev: dict, person: str) -> bool:
    """A canonical event names the person (by surname; "Lula" for Luiz Inacio Lula da Silva)."""
    last = person.lower().split()[-1]
    if last == "silva":
        last = "lula"
    return any(last in n for n in ref.names(ev.get("actor")) | ref.names(ev.get("recipient")))


def matches(exp: dict, ev: dict) -> list[str]:
    """Reasons the coded event is not the expected one ([] = it is), as the reference scorer gives them."""
    return ref.matches(exp, ev)[1]


def violates(m: dict, ev: dict) -> bool:
    """Does the coded event hold every condition of a must_not entry (other than duplicate_of)?"""
    if "event_type" in m and ev.get("event_type") != m["event_type"]:
        return False
    if "evidence_contains" in m and m["evidence_contains"].lower() not in evidence(ev).lower():
        return False
    if "sentence_contains" in m:
        words, triggers = m["sentence_contains"].lower(), [t.lower() for t in m.get("trigger_any_of", [])]
        if not any(words in str(e.get("sentence", "")).lower()
                   and (not triggers or str(e.get("trigger", "")).lower() in triggers)
                   for e in as_list(ev.get("evidence")) if isinstance(e, dict)):
            return False
    if "actor_text_any_of" in m:
        texts = [str(e.get("text", "")).lower() for e in as_list(ev.get("actor")) if isinstance(e, dict)]
        if not any(w.lower() in t for w in m["actor_text_any_of"] for t in texts):
            return False
    if "date_from" in m:
        r = date_range(ev)
        if not r or r[0] < dt.date.fromisoformat(m["date_from"]) or r[1] > dt.date.fromisoformat(m["date_to"]):
            return False
    if m.get("factual") and any(ev.get(k) for k in ("future", "hypothetical", "negated")):
        return False
    for p in m.get("named_people_include", []):
        if not has_person(ev, p):
            return False
    return True


def score_report(exp: dict, events: list[dict], verbose: bool) -> tuple[int, int, int, list[str]]:
    lines, ok = [], 0
    for e in exp["expected_events"]:
        best = None
        for ev in events:
            why = matches(e, ev)
            if not why:
                best = []
                break
            if why != ["type"] and (best is None or len(why) < len(best)):
                best = why
        if best == []:
            ok += 1
            if verbose:
                lines.append(f"  ok    {e['what']}")
        else:
            lines.append(f"  MISS  {e['what']}: " + ("no event of that type" if best is None else "; ".join(best)))
    bad = 0
    for m in exp["must_not"]:
        if "duplicate_of" in m:
            target = next(x for x in exp["expected_events"] if x["what"] == m["duplicate_of"])
            n = sum(1 for ev in events if not matches(target, ev) or (
                ev.get("event_type") == target["event_type"]
                and ("mode" not in target or target["mode"] in as_list(ev.get("mode")))
                and set(target.get("actor_codes_include", [])) <= codes(ev.get("actor")) | codes(ev.get("recipient"))
                and (date_range(ev) or (None,))[0] == dt.date.fromisoformat(target["date_from"])))
            if n > 1:
                bad += 1
                lines.append(f"  BAD   {m['what']} ({n} events)")
            continue
        hits = [ev for ev in events if violates(m, ev)]
        if hits:
            bad += 1
            h = hits[0]
            lines.append(f"  BAD   {m['what']}: {h.get('event_type')} {sorted(codes(h.get('actor')))}->"
                         f"{sorted(codes(h.get('recipient')))} {(h.get('date') or {}).get('value')} "
                         f"{[a.get('text') for a in as_list(h.get('actor'))]}")
    return ok, len(exp["expected_events"]), bad, lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--all", action="store_true", help="include the held-out reports")
    ap.add_argument("--db", help="store to build (default: a temporary file)")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    from sanderling.pipeline import Coder
    from sanderling.readers import read_inputs
    from sanderling.store import EventStore, Query, ingest

    split = json.loads((HERE / "split.json").read_text(encoding="utf-8"))
    keep = set(split["dev"]) | (set(split["heldout"]) if args.all else set())
    rows = [json.loads(l) for l in (HERE / "reports.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    rows = [r for r in rows if r["id"] in keep]
    store_exp = json.loads((HERE / "calls.expected.json").read_text(encoding="utf-8"))
    coder = Coder.load()
    failures = 0

    print(f"== per report ({len(rows)} reports, {'all' if args.all else 'development part'})")
    tot_ok = tot = tot_bad = 0
    for r in rows:
        exp = json.loads((HERE / "expected" / f"{r['id']}.expected.json").read_text(encoding="utf-8"))
        events = [e.to_dict() for e in coder.code_text(r["text"], r["id"], r["published"])]
        ok, n, bad, lines = score_report(exp, events, args.verbose)
        tot_ok, tot, tot_bad = tot_ok + ok, tot + n, tot_bad + bad
        if lines:
            print(f"{r['id']}: {ok}/{n} expected, {bad} must_not violated")
            print("\n".join(lines))
    print(f"per report: {tot_ok}/{tot} expected events matched, {tot_bad} must_not violated")
    failures += (tot - tot_ok) + tot_bad

    print("== store")
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "calls.duckdb")
        jsonl = Path(tmp) / "reports.jsonl"
        jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        with EventStore.open(db) as store:
            ingest(store, read_inputs([str(jsonl)]), coder=coder)
        with Query.open(db) as q:
            consults = [e for e in q.events(type="CONSULT", limit=None)
                        if not (e.future or e.hypothetical or e.negated)]
            calls_ok = 0
            for c in store_exp["calls"]:
                both = [e for e in consults if all(has_person(e.record, p) for p in c["people"])]
                same_day = [e for e in both if e.date and e.date.isoformat() == c["date_from"]]
                want = [x for x in c["reports"] + c["mentioned_by"] if x in keep]
                ok = len(same_day) == 1
                missing = []
                if ok:
                    docs = {s.get("doc_id") for s in same_day[0].sources}
                    missing = [x for x in want if x not in docs]
                    ok = not missing
                calls_ok += ok
                if not ok or args.verbose:
                    print(f"  {'ok  ' if ok else 'FAIL'}  {c['id']} {c['date_from']}: {len(same_day)} canonical "
                          f"CONSULT on the day" + (f", reports not merged in: {missing}" if missing else ""))
            pairs = {tuple(sorted(c["people"])): [x["date_from"] for x in store_exp["calls"]
                                                  if tuple(sorted(x["people"])) == tuple(sorted(c["people"]))]
                     for c in store_exp["calls"]}
            spurious = 0
            for people, days in pairs.items():
                for e in consults:
                    if all(has_person(e.record, p) for p in people) and (not e.date or e.date.isoformat() not in days):
                        spurious += 1
                        print(f"  EXTRA {people}: canonical CONSULT {e.date_value} ({e.date_precision}) "
                              f"from {[s.get('doc_id') for s in e.sources]}: {e.evidence!r:.80}")
            print(f"store: {calls_ok}/{len(store_exp['calls'])} calls are exactly one canonical CONSULT on their day "
                  f"with all their reports; {spurious} extra canonical CONSULT(s) between the same leaders")
            failures += (len(store_exp["calls"]) - calls_ok) + spurious

            print("== last-contact")
            contacts = {c["id"]: c for c in store_exp["calls"] + store_exp["others"]}
            lc_ok = 0
            for item in store_exp["last_contact"]:
                want = item["expect" if args.all else "expect_dev"]
                try:
                    res = q.last_contact(*item["args"], before=item["before"])
                    day = res.event.date if res.event else None
                    prev = res.previous.date if res.previous else None
                except ValueError as exc:
                    day = prev = None
                    print(f"  error {item['args']}: {exc}")

                def inside(d, cid):
                    if cid is None:
                        return d is None
                    c = contacts[cid]
                    return d is not None and c["date_from"] <= d.isoformat() <= c["date_to"]

                ok = inside(day, want["event"]) and inside(prev, want["previous"])
                lc_ok += ok
                if not ok or args.verbose:
                    before = f" --before {item['before']}" if item["before"] else ""
                    print(f"  {'ok  ' if ok else 'FAIL'}  last-contact {' / '.join(item['args'])}{before}: "
                          f"got {day} (previous {prev}), want {want['event']} {want['date_from']} "
                          f"(previous {want['previous']} {want['previous_date_from']})")
            print(f"last-contact: {lc_ok}/{len(store_exp['last_contact'])} answers right")
            failures += len(store_exp["last_contact"]) - lc_ok
    print(f"== {failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
