-- Write paths delete and rewrite a canonical event's index rows by event id: without an index
-- DuckDB scans the whole table for each (50 ms at a million events), with one it is a point lookup.
CREATE INDEX event_mentions_event ON event_mentions (event_id);
CREATE INDEX event_participants_event ON event_participants (event_id);
CREATE INDEX event_pairs_event ON event_pairs (event_id);

-- Every actor surface form seen, appended in each document's transaction (cheap); the `actors`
-- table is rebuilt from it at the end of an ingest (an upsert per entity costs more than the rest
-- of the document's writes together).
CREATE TABLE actor_forms (
    key     VARCHAR NOT NULL,
    code    VARCHAR,
    name    VARCHAR,
    kind    VARCHAR,
    sector  VARCHAR,
    form    VARCHAR,
    n       INTEGER NOT NULL
);

-- Bookkeeping of deferred work: how many rows a table had when it was last re-sorted by key
-- ("cluster:<table>", see EventStore.optimize) or when `actors` was last rebuilt ("actors").
CREATE TABLE maintenance (
    task    VARCHAR PRIMARY KEY,
    rows    BIGINT NOT NULL,
    done_at TIMESTAMP NOT NULL
);
