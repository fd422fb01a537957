"""Build corpus/calls-v1 from its hand-written source (src/calls.yaml).

    python corpus/tools/build_calls.py          # writes reports.jsonl, expected/<id>.expected.json,
                                                # calls.expected.json, split.json
    python corpus/tools/build_calls.py --check  # fails if the committed files differ from a fresh build

Per-report expectations are written in the format of ../shared/examples/putin-macron-call.expected.json (so
../shared/tools/score_acceptance.py reads them), with each expected event's call filled in (codes, people, day)
and the offsets of its evidence words added.  The store-level expectations (one canonical CONSULT per call,
the answers of last-contact) are derived from which reports tell which call, for all reports and for the
development part alone, and the hand-written answers are checked against that derivation.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus" / "calls-v1"
SRC = CORPUS / "src" / "calls.yaml"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from team_corpora import heldout, str_dates, write_or_check  # noqa: E402




def contacts(src: dict) -> dict[str, dict]:
    out = {}
    for cid, c in src["calls"].items():
        out[cid] = {"id": cid, "what": c["what"], "event_type": "CONSULT", "mode": "phone", "people": c["people"],
                    "codes": c["codes"], "date_from": c["date"], "date_to": c["date"], "kind": "call"}
    for oid, o in src["others"].items():
        out[oid] = {"id": oid, "what": o["what"], "event_type": o["event_type"], "people": o["people"],
                    "codes": o["codes"], "date_from": o["date_from"], "date_to": o["date_to"], "kind": "other"}
    return out


def matches_arg(contact: dict, arg: str) -> bool:
    """A last-contact argument: a code, a full name, or a word of one name (as the store resolves 'Lula')."""
    if arg in contact["codes"]:
        return True
    return any(arg == p or arg.lower() in p.lower().split() for p in contact["people"])


def answer(all_contacts: dict, told: set[str], args: list[str], before: str | None) -> tuple[str | None, str | None]:
    pool = [c for cid, c in all_contacts.items() if cid in told
            and all(matches_arg(c, a) for a in args)
            and (before is None or c["date_to"] < before)]
    pool.sort(key=lambda c: (c["date_to"], c["id"]), reverse=True)
    return (pool[0]["id"] if pool else None, pool[1]["id"] if len(pool) > 1 else None)


def build() -> dict[str, str]:
    src = str_dates(yaml.safe_load(SRC.read_text(encoding="utf-8")))
    every = contacts(src)
    files: dict[str, str] = {}
    rows, told_all, told_dev, problems = [], {}, {}, []
    for r in src["reports"]:
        text = f"{r['title']}\n\n{r['body']}"
        rows.append({"id": r["id"], "published": r["published"], "title": r["title"], "text": text, "source": "team"})
        for cid in r.get("calls", []) + r.get("others", []) + r.get("mentions", []):
            told_all.setdefault(cid, []).append(r["id"])
            if not heldout(r["id"]):
                told_dev.setdefault(cid, []).append(r["id"])
        expected = []
        for e in r["expected_events"]:
            e = dict(e)
            link = e.get("call") or e.get("other")
            out = {"what": e.pop("what"), "event_type": e.pop("event_type")}
            if "mode" in e:
                out["mode"] = e.pop("mode")
            if link:
                c = every[link]
                out["actor_codes_include"] = c["codes"]
                out["named_people_include"] = c["people"]
                out["date_from"], out["date_to"] = c["date_from"], c["date_to"]
            out.update(e)                       # explicit keys (a month for a historical mention) win
            words = out["evidence_contains"]
            at = text.find(words)
            if at < 0:
                problems.append(f"{r['id']}: evidence {words!r} not in the text")
            out["evidence_start"], out["evidence_end"] = at, at + len(words)
            expected.append(out)
        doc = {
            "about": "Expected events of one calls-v1 report, in the format of "
                     "../shared/examples/putin-macron-call.expected.json. `call`/`other` name the contact in "
                     "corpus/calls-v1/calls.expected.json; evidence_start/evidence_end are the offsets of "
                     "evidence_contains in the text. must_not entries with event_type, actor_text_any_of, "
                     "date_from/date_to, factual, sentence_contains/trigger_any_of or named_people_include are read by corpus/calls-v1/score.py "
                     "only (the shared scorer reads evidence_contains and duplicate_of).",
            "document": {"id": r["id"], "published": r["published"], "source": "team", "language": "en",
                         "split": "heldout" if heldout(r["id"]) else "dev"},
            "expected_events": expected,
            "must_not": r.get("must_not", []),
        }
        files[f"expected/{r['id']}.expected.json"] = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"

    queries = []
    for q in src["last_contact"]:
        want = (q["answer"], q.get("previous"))
        got = answer(every, set(told_all), q["args"], q.get("before"))
        if got != want:
            problems.append(f"last-contact {q['args']} --before {q.get('before')}: written {want}, derived {got}")
        dev = answer(every, set(told_dev), q["args"], q.get("before"))
        entry = {"args": q["args"], "before": q.get("before")}
        for label, (a, p) in (("expect", got), ("expect_dev", dev)):
            res = {"event": a, "date_from": every[a]["date_from"] if a else None,
                   "date_to": every[a]["date_to"] if a else None,
                   "previous": p, "previous_date_from": every[p]["date_from"] if p else None,
                   "previous_date_to": every[p]["date_to"] if p else None}
            if a and p and every[a]["date_from"] == every[a]["date_to"] and every[p]["date_from"] == every[p]["date_to"]:
                res["gap_days"] = (dt.date.fromisoformat(every[a]["date_from"])
                                   - dt.date.fromisoformat(every[p]["date_from"])).days
            entry[label] = res
        if q.get("note"):
            entry["note"] = q["note"]
        queries.append(entry)
    if problems:
        raise SystemExit("calls-v1 problems:\n  " + "\n  ".join(problems))

    store = {
        "about": "Store-level expectations of calls-v1: ingest reports.jsonl (or its development part, split.json) "
                 "into an empty store. Each call must be exactly one canonical factual CONSULT (mode phone) whose "
                 "people include both leaders, dated on the call's day, holding every report that tells it "
                 "(`reports`; historical mentions in `mentioned_by` must join it, not make a new event); no other "
                 "canonical CONSULT may name both leaders. `others` must stay apart from the calls. "
                 "`last_contact` gives the answer of `sanderling last-contact A B [--before D]`: the contact whose "
                 "date range holds the answer's day (`expect` for all reports, `expect_dev` for the development "
                 "part), and the one before it.",
        "calls": [every[c] | {"reports": [r for r in told_all.get(c, []) if c in _calls_of(src, r)],
                              "mentioned_by": [r for r in told_all.get(c, []) if c in _mentions_of(src, r)]}
                  for c in src["calls"]],
        "others": [every[o] | {"reports": told_all.get(o, [])} for o in src["others"]],
        "last_contact": queries,
        "must_not": [
            {"what": "a call split into several canonical events, or a historical mention made a new one",
             "rule": "per pair of leaders: canonical factual CONSULT events naming both == the calls, one each"},
            {"what": "an event whose actor is the sayer (the Kremlin, a ministry, a presidency, a spokesman)",
             "rule": "per report must_not actor_text_any_of"},
            {"what": "a call dated by the day it was reported", "rule": "per report must_not date ranges"},
        ],
    }
    files["calls.expected.json"] = json.dumps(store, ensure_ascii=False, indent=1) + "\n"
    files["reports.jsonl"] = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in rows)
    ids = [r["id"] for r in rows]
    files["split.json"] = json.dumps({
        "rule": "a report is held out when int(sha1(id).hexdigest(), 16) % 5 == 0",
        "heldout": sorted(i for i in ids if heldout(i)),
        "dev": sorted(i for i in ids if not heldout(i)),
    }, ensure_ascii=False, indent=1) + "\n"
    return files


def _calls_of(src: dict, rid: str) -> list[str]:
    r = next(x for x in src["reports"] if x["id"] == rid)
    return r.get("calls", [])


def _mentions_of(src: dict, rid: str) -> list[str]:
    r = next(x for x in src["reports"] if x["id"] == rid)
    return r.get("mentions", [])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if the committed files differ from a fresh build")
    args = ap.parse_args()
    return write_or_check(build(), CORPUS, "corpus/tools/build_calls.py", args.check, subdir="expected")


if __name__ == "__main__":
    sys.exit(main())
