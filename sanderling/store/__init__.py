"""The event store: one DuckDB file of documents, event mentions, canonical (merged) events and actors.

    from sanderling.store import EventStore, Query, ingest
    with EventStore.open("sanderling.duckdb") as store:
        report = ingest(store, read_inputs(["articles/"]))
    with Query.open("sanderling.duckdb") as q:
        q.last_contact("Emmanuel Macron", "Vladimir Putin")

See docs/store.md for the schema, the merge rule and the canonical-value rule.
"""
from .db import DEFAULT_DB, StoreError, connect, schema_version
from .query import (
    EventRow,
    LastContact,
    Query,
    QueryError,
    SearchHit,
    Timeline,
    TimelineRow,
    UnknownActor,
)
from .writer import DocumentOutcome, EventStore, IngestReport, ingest

__all__ = [
    "DEFAULT_DB", "StoreError", "connect", "schema_version",
    "EventRow", "LastContact", "Query", "QueryError", "SearchHit", "Timeline", "TimelineRow", "UnknownActor",
    "DocumentOutcome", "EventStore", "IngestReport", "ingest",
]
