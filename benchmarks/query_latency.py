"""Query latency (p50, p95) of the query layer on a large store.

    python benchmarks/make_big_store.py --out /tmp/sanderling-big.duckdb     # once, ~1M events
    python benchmarks/query_latency.py --db /tmp/sanderling-big.duckdb

Each query kind runs on a fixed, seeded list of actors and pairs (frequent and rare ones alike), one
warm-up pass first; the figures are wall-clock milliseconds per call of the Python API, including
fetching and decoding the returned records.  Target: p50 < 50 ms.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sanderling.store import Query  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="/tmp/sanderling-big.duckdb")
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(4)
    with Query.open(args.db) as q:
        n_events = q.con.execute("SELECT count(*) FROM events").fetchone()[0]
        codes = [r[0] for r in q.con.execute("SELECT key FROM actors WHERE name IS NULL ORDER BY n_mentions DESC").fetchall()]
        people = [r[0] for r in q.con.execute("SELECT name FROM actors WHERE name IS NOT NULL ORDER BY key").fetchall()]
        pick = lambda pool: pool[min(len(pool) - 1, int(len(pool) * rng.random() ** 1.5))]  # noqa: E731
        queries = {
            "events --actor": lambda: q.events(actor=pick(codes), limit=50),
            "events --actor --recipient --type --since": lambda: q.events(
                actor=pick(codes), recipient=pick(codes), type="CONSULT", since="2020-01-01", limit=50),
            "events --place/--type (no actor)": lambda: q.events(type="ASSAULT", since="2024-01-01", limit=50),
            "last-contact CODE CODE": lambda: q.last_contact(pick(codes), pick(codes)),
            "last-contact PERSON PERSON --before": lambda: q.last_contact(
                rng.choice(people), rng.choice(people), before="2024-01-01", type="any"),
            "timeline CODE --by month": lambda: q.timeline(pick(codes), by="month"),
            "timeline CODE CODE --by week": lambda: q.timeline(pick(codes), pick(codes), by="week"),
        }
        results = {}
        for name, run in queries.items():
            for _ in range(10):
                run()
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                run()
                times.append((time.perf_counter() - started) * 1000)
            results[name] = {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(percentile(times, 95), 1)}
    print(json.dumps({"events_in_store": n_events, "runs_per_query": args.runs, "latency": results}, indent=2))


if __name__ == "__main__":
    main()
