-- The event store, version 1.  Applied in one transaction by sanderling.store.db.migrate().
-- Identifiers: documents by the SHA-256 of their text; mentions by a hash of that and the event's
-- trigger; canonical events by a hash of their first-published mention (see docs/store.md).

CREATE TABLE documents (
    content_hash VARCHAR PRIMARY KEY,
    doc_id       VARCHAR NOT NULL,
    published    DATE,
    title        VARCHAR,
    url          VARCHAR,
    source       VARCHAR,
    origin       VARCHAR,
    n_chars      INTEGER NOT NULL,
    n_mentions   INTEGER NOT NULL,
    ingested_at  TIMESTAMP NOT NULL      -- bookkeeping only, never part of an id
);

-- Every event the coder produced, as it produced it (record = Event.to_dict()).
CREATE TABLE mentions (
    mention_id     VARCHAR PRIMARY KEY,
    content_hash   VARCHAR NOT NULL,
    doc_id         VARCHAR NOT NULL,
    event_type     VARCHAR NOT NULL,
    date_value     VARCHAR,
    date_earliest  DATE,
    date_latest    DATE,
    date_precision VARCHAR,
    place_name     VARCHAR,
    dead           INTEGER,
    injured        INTEGER,
    size           INTEGER,
    evidence_text  VARCHAR,
    published      DATE,
    record         JSON NOT NULL
);

-- Canonical (real-world) events.  The *_keys columns hold participant keys: a country or
-- organisation code ("FRA", "NATO") or "n:" + a normalised person/organisation name.
CREATE TABLE events (
    event_id        VARCHAR PRIMARY KEY,
    event_type      VARCHAR NOT NULL,
    date            DATE,                -- first day of the canonical date value
    date_value      VARCHAR,
    date_earliest   DATE,
    date_latest     DATE,
    date_precision  VARCHAR,
    modes           VARCHAR[],
    contexts        VARCHAR[],
    actor_keys      VARCHAR[],
    recipient_keys  VARCHAR[],
    people          VARCHAR[],           -- "CODE|normalised name" of the people taking part
    place_name      VARCHAR,
    place_country   VARCHAR,
    place_feature   VARCHAR,
    lat             DOUBLE,
    lon             DOUBLE,
    dead            INTEGER,
    injured         INTEGER,
    size            INTEGER,
    future          BOOLEAN NOT NULL,
    hypothetical    BOOLEAN NOT NULL,
    negated         BOOLEAN NOT NULL,
    historical      BOOLEAN NOT NULL,
    quad_code       TINYINT,
    score           DOUBLE,
    n_mentions      INTEGER NOT NULL,
    n_sources       INTEGER NOT NULL,
    first_published DATE,
    last_published  DATE,
    evidence_sample VARCHAR[],           -- a few evidence sentences, for text similarity when merging
    record          JSON NOT NULL        -- the canonical record: Event.to_dict() shape + sources, conflicts
);

-- Which mentions support which canonical event, and why they were merged.
CREATE TABLE event_mentions (
    mention_id  VARCHAR PRIMARY KEY,
    event_id    VARCHAR NOT NULL,
    score       DOUBLE,
    explanation JSON NOT NULL
);

-- One row per (event, role, participant key): the index for actor queries and merge candidates.
CREATE TABLE event_participants (
    event_id      VARCHAR NOT NULL,
    role          VARCHAR NOT NULL,      -- actor, recipient, place (only for events with no actor at all)
    key           VARCHAR NOT NULL,
    event_type    VARCHAR NOT NULL,
    n_merge_keys  INTEGER NOT NULL,      -- how many keys the event is indexed under for merging
    factual       BOOLEAN NOT NULL,      -- not future, hypothetical or negated: what queries count
    quad_code     TINYINT,
    score         DOUBLE,
    date          DATE,
    date_earliest DATE,
    date_latest   DATE
);

-- One row per unordered pair of participant keys (key_a < key_b): last-contact and merge lookups.
CREATE TABLE event_pairs (
    event_id      VARCHAR NOT NULL,
    key_a         VARCHAR NOT NULL,
    key_b         VARCHAR NOT NULL,
    event_type    VARCHAR NOT NULL,
    modes         VARCHAR[],
    factual       BOOLEAN NOT NULL,
    quad_code     TINYINT,
    score         DOUBLE,
    date          DATE,
    date_earliest DATE,
    date_latest   DATE
);

-- A canonical id that was replaced (its first report changed, or two events were found to be one).
CREATE TABLE event_aliases (
    old_id   VARCHAR PRIMARY KEY,
    event_id VARCHAR NOT NULL,
    reason   VARCHAR NOT NULL
);

-- Actors seen in coded events, for resolving query arguments ("France", "Emmanuel Macron").
CREATE TABLE actors (
    key           VARCHAR PRIMARY KEY,
    code          VARCHAR,
    name          VARCHAR,
    kind          VARCHAR,
    sector        VARCHAR,
    n_mentions    INTEGER NOT NULL,
    surface_forms VARCHAR[]
);

-- Documents that could not be read or coded, and warnings about documents that were.
CREATE TABLE errors (
    doc_id       VARCHAR NOT NULL,
    origin       VARCHAR NOT NULL,
    reason       VARCHAR NOT NULL,
    message      VARCHAR NOT NULL,
    severity     VARCHAR NOT NULL,       -- error, warning
    content_hash VARCHAR,
    recorded_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (doc_id, origin, reason)
);
