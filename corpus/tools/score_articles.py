"""Article-level recall and precision of a coder's events on corpus/articles-v1.

    python corpus/tools/score_articles.py EVENTS.jsonl [--split dev|heldout|all] [--ids ID ...] [--verbose] [--json]

EVENTS.jsonl holds the coder's events for the corpus (`sanderling code corpus/articles-v1/articles.jsonl
--format jsonl`), one per line with its `doc_id`. The default split is `dev`: the held-out fifth
(corpus/articles-v1/splits.json) is scored only when asked for by name, and never developed on.

Per article, an expected event matches an emitted one by the shared scorer's own rule
(../shared/tools/score_acceptance.py `matches`: type, listed actor/recipient codes, date inside the range, place
name and box, dead/injured at least the minimum, quantities, evidence words) plus the corpus's extensions:
location_country equal to the place's country, dead/injured at most *_max (so "the parts" keep their own counts),
size (a crowd) between size_min and size_max,
and for actor_unknown no actor carrying a code. Emitted events are paired one-to-one with expected events (a
maximum matching that first pairs the required events, then the also_acceptable ones):

  recall     = required events paired / required events
  precision  = emitted events paired (with a required or an also_acceptable event) / emitted events

so a second event for one attack, a rescue operation coded as AID or an attack with the wrong place all cost
precision. --core matches on the fields the issue's target names only (type, actor and recipient codes, place,
dead and injured), leaving out date, mode, people, evidence words and the rest. Events flagged negated are left out (PLOVER: "negated events can be excluded"); --keep-negated counts
them. must_not: evidence_contains (no event may cite the words) and duplicate_of as the shared scorer;
extra_citing: an event citing the words (of the given type, if any) that is left unpaired. The last columns say
how many articles pass the shared scorer outright (every expected event matched, no must_not violated).
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus" / "articles-v1"
_SA = None


def scorer_path(explicit: str | None = None) -> Path:
    """../shared/tools/score_acceptance.py, or the copy the test suite keeps in tests/data/reference/."""
    cands = [explicit, os.environ.get("SANDERLING_SHARED"), ROOT.parent / "shared"]
    try:  # a git worktree: the main checkout's sibling
        common = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--path-format=absolute", "--git-common-dir"],
                                capture_output=True, text=True, check=True).stdout.strip()
        cands.append(Path(common).parent.parent / "shared")
    except (OSError, subprocess.CalledProcessError):
        pass
    for c in cands:
        if c and (Path(c) / "tools" / "score_acceptance.py").exists():
            return Path(c) / "tools" / "score_acceptance.py"
    copy = ROOT / "tests" / "data" / "reference" / "score_acceptance.py"
    if copy.exists():
        return copy
    raise SystemExit("cannot find ../shared/tools/score_acceptance.py: pass --shared or set SANDERLING_SHARED")


def sa(explicit: str | None = None):
    """The shared scorer, imported from ../shared/tools/score_acceptance.py (its rules are the definition)."""
    global _SA
    if _SA is None:
        path = scorer_path(explicit)
        spec = importlib.util.spec_from_file_location("score_acceptance", path)
        _SA = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(_SA)
    return _SA


def ext_matches(exp: dict, ev: dict) -> tuple[bool, list[str]]:
    ok, why = sa().matches(exp, ev)
    if why == ["type"]:
        return False, why
    why = list(why)
    loc = ev.get("location") or {}
    if "location_country" in exp and str(loc.get("country") or "").upper() != exp["location_country"]:
        why.append(f"country {loc.get('country')}")
    for f in ("dead", "injured", "size"):
        n = sa().num(ev.get(f))
        if f == "size" and "size_min" in exp and (n or 0) < exp["size_min"]:
            why.append(f"size {ev.get('size')}")
        if f"{f}_max" in exp and n is not None and n > exp[f"{f}_max"]:
            why.append(f"{f} {n} > {exp[f'{f}_max']}")
    if exp.get("actor_unknown") and sa().codes(ev.get("actor")):
        why.append(f"actor should be unknown, is {sorted(sa().codes(ev.get('actor')))}")
    return not why, why


CORE_KEYS = {"what", "event_type", "actor_codes_include", "recipient_codes_include", "actor_unknown", "location_name",
             "location_lat_from", "location_lat_to", "location_lon_from", "location_lon_to", "location_country",
             "dead_min", "dead_max", "injured_min", "injured_max"}


def core(e: dict) -> dict:
    """Only what the issue's target names: type, actor and recipient codes, place, dead and injured."""
    return {k: v for k, v in e.items() if k in CORE_KEYS}


def _pair(left: list[dict], events: list[dict]) -> dict[int, int]:
    """Maximum one-to-one matching (Kuhn): left nodes in order, so required events are paired first."""
    adj = [[j for j, ev in enumerate(events) if ext_matches(e, ev)[0]] for e in left]
    owner: dict[int, int] = {}

    def augment(i, seen):
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(left)):
        augment(i, set())
    return {i: j for j, i in owner.items()}


def cites(ev: dict, words: str) -> bool:
    return words.lower() in sa().evidence_text(ev).lower()


def score_article(exp: dict, events: list[dict], keep_negated: bool = False, core_only: bool = False) -> dict:
    if not keep_negated:
        events = [ev for ev in events if not ev.get("negated")]
    req, also = exp["expected_events"], exp.get("also_acceptable", [])
    left = req + also
    pairs = _pair([core(e) for e in left] if core_only else left, events)
    paired_events = set(pairs.values())
    matched = sum(1 for i in pairs if i < len(req))
    violations = []
    for m in exp.get("must_not", []):
        if "evidence_contains" in m:
            if any(cites(ev, m["evidence_contains"]) for ev in events):
                violations.append(m["what"])
        elif "duplicate_of" in m:
            target = next(x for x in req if x["what"] == m["duplicate_of"])
            n = sum(1 for ev in events if _shared_duplicate(target, ev))
            if n > 1:
                violations.append(f"{m['what']} ({n} events)")
        elif "extra_citing" in m:
            bad = [j for j, ev in enumerate(events) if j not in paired_events and cites(ev, m["extra_citing"])
                   and ev.get("event_type") == m.get("event_type", ev.get("event_type"))]
            if bad:
                violations.append(m["what"])
    misses = []
    for i, e in enumerate(req):
        if i in pairs:
            continue
        best = None
        for ev in events:
            ok, why = ext_matches(e, ev)
            if why != ["type"] and (best is None or len(why) < len(best)):
                best = why
        misses.append((e["what"], e["event_type"], "no event of that type" if best is None else "; ".join(best)))
    unpaired = [(ev.get("event_type"), _brief(ev)) for j, ev in enumerate(events) if j not in paired_events]
    return {"required": len(req), "matched": matched, "emitted": len(events), "paired": len(paired_events),
            "violations": violations, "misses": misses, "unpaired": unpaired,
            "matched_types": [req[i]["event_type"] for i in pairs if i < len(req)]}


def _shared_duplicate(target: dict, ev: dict) -> bool:
    s = sa()
    return s.matches(target, ev)[0] or (
        ev.get("event_type") == target["event_type"]
        and set(target["actor_codes_include"]) <= (s.codes(ev.get("actor")) | s.codes(ev.get("recipient")))
        and (s.date_range(ev) or (None, None))[0] == dt.date.fromisoformat(target["date_from"]))


def shared_verdict(exp: dict, events: list[dict]) -> dict:
    """What ../shared/tools/score_acceptance.py says of the article (extensions ignored, negated events kept)."""
    s = sa()
    ok = sum(1 for e in exp["expected_events"] if any(s.matches(e, ev)[0] for ev in events))
    bad = 0
    for m in exp.get("must_not", []):
        if "evidence_contains" in m and any(m["evidence_contains"].lower() in s.evidence_text(ev).lower()
                                            for ev in events):
            bad += 1
        if "duplicate_of" in m:
            target = next(x for x in exp["expected_events"] if x["what"] == m["duplicate_of"])
            if sum(1 for ev in events if _shared_duplicate(target, ev)) > 1:
                bad += 1
    return {"total": len(exp["expected_events"]), "matched": ok, "violated": bad}


def _brief(ev: dict) -> str:
    s = sa()
    loc = ev.get("location") or {}
    return (f"actor {sorted(s.codes(ev.get('actor')))} recipient {sorted(s.codes(ev.get('recipient')))} "
            f"at {loc.get('name')} dead {ev.get('dead')} | {s.evidence_text(ev)[:90]}")


def load_expected(ids=None) -> dict[str, dict]:
    out = {}
    for p in sorted((CORPUS / "expected").glob("*.expected.json")):
        exp = json.loads(p.read_text(encoding="utf-8"))
        if ids is None or exp["document"]["id"] in ids:
            out[exp["document"]["id"]] = exp
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("events", help="the coder's events (JSONL with doc_id)")
    ap.add_argument("--split", choices=["dev", "heldout", "all"], default="dev")
    ap.add_argument("--ids", nargs="*", help="score only these articles (within the split)")
    ap.add_argument("--shared", help="the shared folder (default ../shared)")
    ap.add_argument("--keep-negated", action="store_true")
    ap.add_argument("--verbose", "-v", action="store_true", help="list misses, extras and violations per article")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--core", action="store_true",
                    help="match on type, actor/recipient codes, place and dead/injured only (no date, mode, evidence)")
    args = ap.parse_args()
    sa(args.shared)
    splits = json.loads((CORPUS / "splits.json").read_text())
    ids = set(splits["dev"] + splits["heldout"]) if args.split == "all" else set(splits[args.split])
    if args.ids:
        ids &= set(args.ids)
    expected = load_expected(ids)
    events = collections.defaultdict(list)
    for line in open(args.events, encoding="utf-8"):
        if line.strip():
            ev = json.loads(line)
            events[ev.get("doc_id")].append(ev)
    kinds = {r["id"]: r["kind"] for r in map(json.loads, open(CORPUS / "articles.jsonl", encoding="utf-8"))}
    tot = collections.Counter()
    by_kind = collections.defaultdict(collections.Counter)
    by_type = collections.defaultdict(collections.Counter)
    for doc_id, exp in sorted(expected.items()):
        r = score_article(exp, events.get(doc_id, []), args.keep_negated, args.core)
        sh = shared_verdict(exp, events.get(doc_id, []))
        passed = int(sh["matched"] == sh["total"] and not sh["violated"])
        for c in (tot, by_kind[kinds.get(doc_id, "?")]):
            c.update(articles=1, required=r["required"], matched=r["matched"], emitted=r["emitted"],
                     paired=r["paired"], violations=len(r["violations"]), shared_pass=passed)
        for e in exp["expected_events"]:
            by_type[e["event_type"]]["required"] += 1
        for t in r["matched_types"]:
            by_type[t]["matched"] += 1
        for t, _ in r["unpaired"]:
            by_type[t]["extra"] += 1
        if args.verbose:
            print(f"== {doc_id} ({kinds.get(doc_id)}): {r['matched']}/{r['required']} matched, "
                  f"{r['paired']}/{r['emitted']} emitted paired, {len(r['violations'])} must_not violated")
            for what, t, why in r["misses"]:
                print(f"  MISS  {t:9} {what[:70]}: {why}")
            for t, brief in r["unpaired"]:
                print(f"  EXTRA {t:9} {brief}")
            for v in r["violations"]:
                print(f"  BAD   {v}")

    def fig(c):
        rec = c["matched"] / c["required"] if c["required"] else 0.0
        prec = c["paired"] / c["emitted"] if c["emitted"] else 0.0
        f1 = 2 * rec * prec / (rec + prec) if rec + prec else 0.0
        return {"articles": c["articles"], "expected": c["required"], "matched": c["matched"], "emitted": c["emitted"],
                "paired": c["paired"], "recall": round(rec, 3), "precision": round(prec, 3), "f1": round(f1, 3),
                "must_not_violated": c["violations"], "articles_passing_shared_scorer": c["shared_pass"]}

    result = {"split": args.split, "core": args.core, "all": fig(tot), "by_kind": {k: fig(v) for k, v in sorted(by_kind.items())},
              "by_type": {t: {"expected": c["required"], "matched": c["matched"], "extra": c["extra"],
                              "recall": round(c["matched"] / c["required"], 3) if c["required"] else None}
                          for t, c in sorted(by_type.items())}}
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(f"split {args.split}{' (core fields)' if args.core else ''}: {fig(tot)}")
    print(f"{'kind':10} {'art':>4} {'exp':>4} {'match':>5} {'emit':>5} {'pair':>5} {'recall':>6} {'prec':>6} "
          f"{'bad':>4} {'pass':>4}")
    for k, v in list(result["by_kind"].items()) + [("ALL", result["all"])]:
        print(f"{k:10} {v['articles']:>4} {v['expected']:>4} {v['matched']:>5} {v['emitted']:>5} {v['paired']:>5} "
              f"{v['recall']:>6.3f} {v['precision']:>6.3f} {v['must_not_violated']:>4} "
              f"{v['articles_passing_shared_scorer']:>4}")
    print(f"{'type':10} {'exp':>4} {'match':>5} {'extra':>5} {'recall':>6}")
    for t, v in result["by_type"].items():
        print(f"{t:10} {v['expected']:>4} {v['matched']:>5} {v['extra']:>5} "
              f"{'' if v['recall'] is None else format(v['recall'], '.3f'):>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
