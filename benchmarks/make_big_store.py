"""Build a large synthetic event store (default 1,000,000 canonical events) for query benchmarks.

Everything is generated inside DuckDB with set-based INSERT ... SELECT over range(), so the build
takes seconds, not hours.  Values are deterministic (hashes of the row number, no RNG): the same
command builds the same store.  Actors are skewed like real news (a few countries in most events),
30% of events name the two heads of state, dates span 2015-2025.

    python benchmarks/make_big_store.py --out /tmp/big.duckdb --events 1000000
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sanderling import ontology  # noqa: E402
from sanderling.store import EventStore, db  # noqa: E402

# The most reported countries first: the generator picks from the start of this list most often.
COUNTRIES = [
    "USA", "RUS", "CHN", "UKR", "ISR", "GBR", "FRA", "DEU", "IRN", "IND", "TUR", "PAK", "SYR", "PSE", "JPN",
    "KOR", "PRK", "SAU", "EGY", "AFG", "IRQ", "NGA", "BRA", "MEX", "CAN", "ITA", "ESP", "POL", "BLR", "VEN",
    "SDN", "ETH", "KEN", "ZAF", "YEM", "LBN", "QAT", "ARE", "AUS", "IDN", "PHL", "VNM", "THA", "MMR", "BGD",
    "COL", "ARG", "CHL", "PER", "CUB",
]
LEADERS = {"USA": "donald trump", "RUS": "vladimir putin", "CHN": "xi jinping", "UKR": "volodymyr zelensky",
           "FRA": "emmanuel macron", "GBR": "keir starmer", "DEU": "friedrich merz", "ISR": "benjamin netanyahu",
           "IRN": "masoud pezeshkian", "IND": "narendra modi", "TUR": "recep tayyip erdogan"}


def sql_list(values) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def build(path: str, n_events: int, optimize: bool = True) -> dict:
    if os.path.exists(path):
        os.remove(path)
    con = db.connect(path)
    ont = ontology.load()
    types = list(ont.categories)
    quads = [ont.categories[t].quad for t in types]
    scores = [ont.categories[t].score for t in types]
    leaders = [LEADERS.get(c, "") for c in COUNTRIES]
    started = time.perf_counter()
    # u(i, salt): a uniform number in [0, 1) from the row number, so the build is reproducible.
    con.execute("CREATE MACRO u(i, salt) AS (hash(i * 7919 + salt) % 1000003) / 1000003.0")
    con.execute(f"CREATE MACRO country(x) AS {sql_list(COUNTRIES)}[1 + floor({len(COUNTRIES)} * pow(x, 2.2))::INT]")
    con.execute(f"""
        CREATE TEMP TABLE gen AS
        SELECT i,
               'ev-' || lpad(i::VARCHAR, 16, '0') AS event_id,
               {sql_list(types)}[1 + floor(16 * u(i, 1))::INT] AS event_type,
               {quads}[1 + floor(16 * u(i, 1))::INT] AS quad_code,
               {scores}[1 + floor(16 * u(i, 1))::INT] AS score,
               DATE '2015-01-01' + floor(3990 * u(i, 2))::INT AS date,
               country(u(i, 3)) AS a,
               country(u(i, 4)) AS b0,
               u(i, 5) < 0.3 AS named,
               u(i, 6) < 0.03 AS future
        FROM range({n_events}) t(i)
    """)
    con.execute("UPDATE gen SET b0 = country(u(i, 8)) WHERE b0 = a")
    con.execute("UPDATE gen SET b0 = 'UKR' WHERE b0 = a")
    con.execute(f"""
        CREATE TEMP TABLE gen2 AS
        SELECT g.*, g.b0 AS b,
               CASE WHEN named AND {sql_list(leaders)}[list_position({sql_list(COUNTRIES)}, a)] != ''
                    THEN 'n:' || {sql_list(leaders)}[list_position({sql_list(COUNTRIES)}, a)] END AS pa,
               CASE WHEN named AND {sql_list(leaders)}[list_position({sql_list(COUNTRIES)}, b0)] != ''
                    THEN 'n:' || {sql_list(leaders)}[list_position({sql_list(COUNTRIES)}, b0)] END AS pb
        FROM gen g
    """)
    # The canonical record, in the shape the writer produces (Event.to_dict() + sources).
    con.execute("""
        INSERT INTO events
        SELECT event_id, event_type, date, strftime(date, '%Y-%m-%d'), date, date, 'day', [], [],
               list_filter([a, pa], lambda x: x IS NOT NULL), list_filter([b, pb], lambda x: x IS NOT NULL),
               list_filter([a || '|' || substr(pa, 3), b || '|' || substr(pb, 3)], lambda x: x IS NOT NULL),
               NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, future, false, false, false, quad_code, score, 1, 1,
               date, date, ['Synthetic evidence sentence ' || i::VARCHAR || ': ' || a || ' and ' || b || ' ' || lower(event_type) || '.'],
               json_object(
                   'id', event_id, 'doc_id', 'doc-' || i::VARCHAR, 'event_type', event_type, 'mode', [], 'context', [],
                   'actor', [json_object('text', a, 'code', a, 'sector', 'GOV', 'name', substr(pa, 3), 'kind', 'country')],
                   'recipient', [json_object('text', b, 'code', b, 'sector', 'GOV', 'name', substr(pb, 3), 'kind', 'country')],
                   'date', json_object('value', strftime(date, '%Y-%m-%d'), 'earliest', strftime(date, '%Y-%m-%d'),
                                       'latest', strftime(date, '%Y-%m-%d'), 'precision', 'day', 'basis', 'explicit'),
                   'location', NULL, 'dead', NULL, 'injured', NULL, 'future', future, 'hypothetical', false, 'negated', false,
                   'historical', false, 'confidence', 0.8, 'rule', 'synthetic',
                   'evidence', [json_object('sentence', 'Synthetic evidence sentence ' || i::VARCHAR || '.', 'start', 0, 'end', 40,
                                            'trigger_start', 0, 'trigger_end', 9, 'trigger', 'Synthetic')],
                   'quad_code', quad_code, 'score', score, 'n_mentions', 1, 'n_sources', 1,
                   'mention_ids', ['m-' || i::VARCHAR], 'conflicts', json_object(),
                   'sources', [json_object('doc_id', 'doc-' || i::VARCHAR, 'mention_id', 'm-' || i::VARCHAR, 'source', 'synthetic',
                                           'published', strftime(date, '%Y-%m-%d'), 'evidence', 'Synthetic evidence sentence.')]
               )
        FROM gen2 ORDER BY i
    """)
    # Index tables in event order, as ingests append them (optimize() below sorts them by key).
    con.execute(f"""
        INSERT INTO event_participants
        SELECT event_id, role, key, event_type, 2, NOT future, quad_code, score, date, date, date FROM (
            SELECT event_id, 'actor' AS role, a AS key, * FROM gen2
            UNION ALL SELECT event_id, 'recipient', b, * FROM gen2
            UNION ALL SELECT event_id, 'actor', pa, * FROM gen2 WHERE pa IS NOT NULL
            UNION ALL SELECT event_id, 'recipient', pb, * FROM gen2 WHERE pb IS NOT NULL
        ) ORDER BY event_id
    """)
    con.execute(f"""
        INSERT INTO event_pairs
        SELECT event_id, least(x, y), greatest(x, y), event_type, [], NOT future, quad_code, score, date, date, date FROM (
            SELECT event_id, a AS x, b AS y, * FROM gen2
            UNION ALL SELECT event_id, pa, pb, * FROM gen2 WHERE pa IS NOT NULL AND pb IS NOT NULL
            UNION ALL SELECT event_id, a, pb, * FROM gen2 WHERE pb IS NOT NULL
            UNION ALL SELECT event_id, pa, b, * FROM gen2 WHERE pa IS NOT NULL
            UNION ALL SELECT event_id, a, pa, * FROM gen2 WHERE pa IS NOT NULL
            UNION ALL SELECT event_id, b, pb, * FROM gen2 WHERE pb IS NOT NULL
        ) ORDER BY event_id
    """)
    con.execute("""
        INSERT INTO event_mentions SELECT 'm-' || i::VARCHAR, event_id, NULL, '{"decision": "synthetic"}' FROM gen2
    """)
    con.execute("""
        INSERT INTO actor_forms
        SELECT key, any_value(code), any_value(name), any_value(kind), 'GOV', form, count(*) FROM (
            SELECT a AS key, a AS code, NULL AS name, 'country' AS kind, a AS form FROM gen2
            UNION ALL SELECT b, b, NULL, 'country', b FROM gen2
            UNION ALL SELECT pa, a, substr(pa, 3), 'person', substr(pa, 3) FROM gen2 WHERE pa IS NOT NULL
            UNION ALL SELECT pb, b, substr(pb, 3), 'person', substr(pb, 3) FROM gen2 WHERE pb IS NOT NULL
        ) GROUP BY key, form
    """)
    con.execute("CHECKPOINT")
    con.close()
    counts = {"build_seconds": round(time.perf_counter() - started, 1)}
    # What the end of an ingest does: rebuild `actors`, re-sort the index tables by key.
    with EventStore.open(path) as store:
        store.refresh_actors()
        counts["optimize_seconds"] = store.optimize() if optimize else {}
        counts.update({t: store.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                       for t in ("events", "event_participants", "event_pairs", "actors")})
    counts["megabytes"] = round(os.path.getsize(path) / 1e6)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="/tmp/sanderling-big.duckdb")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--no-optimize", action="store_true", help="leave the index tables unsorted")
    args = parser.parse_args()
    print(json.dumps({"store": args.out, **build(args.out, args.events, not args.no_optimize)}))


if __name__ == "__main__":
    main()
