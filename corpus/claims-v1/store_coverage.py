"""How much of the claims-v1 record a store holds: the baseline for claim checking.

    sanderling ingest examples/reports.jsonl corpus/claims-v1/record.jsonl --db /tmp/claims.duckdb
    python corpus/claims-v1/store_coverage.py --db /tmp/claims.duckdb [--verbose]

For every world event of the record (world.json, in_record) it looks for canonical events in the store of the
same PLOVER type whose parties include the event's codes and whose date range overlaps the event's (widened by
a day), and prints: found / missing (UNCODED: only an event of that type and date without party codes), how many canonical events matched (more than one = a real event split in
two), and whether the counts the claims compare (drones, missiles, dead, size) came through.  Then, for each
claim, whether the store holds every event that decides it (a checker cannot do better than that).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE", "PROTEST"}  # PROTEST: the protesters and the government are often one country


def codes(entities) -> set[str]:
    return {str(e.get("code")) for e in entities or [] if isinstance(e, dict) and e.get("code")}


def store_measures(record: dict) -> dict:
    """The counts of the canonical record and, where it has none, the largest any source mention gives."""
    out = {}
    for q in record.get("quantities") or []:
        unit = str(q.get("unit") or "")
        for name in ("drone", "missile"):
            if unit.startswith(name):
                out[name + "s"] = out.get(name + "s", 0) + int(q.get("value") or 0)
    for name in ("dead", "size"):
        if record.get(name) is not None:
            out[name] = record[name]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    from sanderling.store import Query

    world = json.loads((HERE / "world.json").read_text(encoding="utf-8"))
    claims = json.loads((HERE / "claims.json").read_text(encoding="utf-8"))["claims"]
    found: dict[str, list] = {}
    with Query.open(args.db) as q:
        for wid, e in sorted(world.items()):
            if not e["in_record"] or e["type"] == "OTHER":
                continue
            lo = dt.date.fromisoformat(_first(e["date"])) - dt.timedelta(days=1)
            hi = dt.date.fromisoformat(_last(e.get("date_to") or e["date"])) + dt.timedelta(days=1)
            actors, recipients = set(e.get("actors", [])), set(e.get("recipients", []))
            hits = []
            for row in q.events(type=e["type"], since=lo.isoformat(), until=hi.isoformat(), limit=None):
                a, r = codes(row.record.get("actor")), codes(row.record.get("recipient"))
                if e["type"] in SYMMETRIC:      # reciprocal: every party may be listed as actor
                    ok = actors | recipients <= a | r
                else:                           # directed: each side on its own side
                    ok = actors <= a and recipients <= r
                if ok:
                    hits.append(row)
            found[wid] = hits
            status = "ok     " if len(hits) == 1 else ("MISSING" if not hits else f"SPLIT x{len(hits)}")
            if not hits and any(not codes(row.record.get("actor")) and not codes(row.record.get("recipient"))
                                for row in q.events(type=e["type"], since=lo.isoformat(), until=hi.isoformat(),
                                                    limit=None)):
                status = "UNCODED"              # an event of the type and date, with no party codes
            line = f"{status} {wid:36} {e['type']:8} {e['date']:10}"
            if e.get("measures"):
                got = []
                for h in hits:
                    m = store_measures(h.record)
                    rows = q.con.execute("SELECT m.record FROM mentions m JOIN event_mentions em USING (mention_id) "
                                         "WHERE em.event_id = ?", [h.event_id]).fetchall()
                    for (rec,) in rows:
                        for k, v in store_measures(json.loads(rec) if isinstance(rec, str) else rec).items():
                            if k not in m:
                                m[k + " (a source)"] = max(v, m.get(k + " (a source)", v))
                    got.append(m)
                line += f"  measures {e['measures']} store {got}"
            print(line)
            if args.verbose:
                for h in hits:
                    print(f"          {h.event_id} {h.date_value} {h.actors}->{h.recipients} n={h.n_mentions} {h.evidence!r:.90}")
    n = len(found)
    ok = sum(1 for v in found.values() if len(v) == 1)
    miss = sum(1 for v in found.values() if not v)
    print(f"\n{n} record events: {ok} found once, {miss} missing, {n - ok - miss} split into several")
    decidable = 0
    for c in claims:
        need = [w for w in c["deciding_events"] if w in found]
        if all(found.get(w) for w in need):
            decidable += 1
        elif args.verbose:
            print(f"  {c['id']}: deciding event(s) missing from the store: {[w for w in need if not found.get(w)]}")
    print(f"{decidable}/{len(claims)} claims have every deciding event in the store (type, codes, date)")
    return 0


def _first(value: str) -> str:
    return value if len(value) == 10 else (value + "-01" if len(value) == 7 else value + "-01-01")


def _last(value: str) -> str:
    if len(value) == 10:
        return value
    if len(value) == 4:
        return value + "-12-31"
    y, m = int(value[:4]), int(value[5:7])
    return (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()


if __name__ == "__main__":
    sys.exit(main())
