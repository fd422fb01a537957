"""Exports of canonical events: PLOVER JSON (JSON lines), a flat CSV with POLECAT's column names,
and Parquet with the same columns.  Column meanings are in docs/export.md."""
from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Iterable, Iterator, Optional

import duckdb

from .. import __version__

CODER = f"sanderling {__version__}"
CODEBOOK = "PLOVER 2.0"

# POLECAT's column names where POLECAT has the field, in POLECAT's order; sanderling's additions last.
CSV_COLUMNS = [
    "Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code", "Contexts",
    "Actor Name", "Actor Country", "Primary Actor Sector", "Actor Title", "Actor Name Raw",
    "Recipient Name", "Recipient Country", "Primary Recipient Sector", "Recipient Title", "Recipient Name Raw",
    "Placename", "Country", "Latitude", "Longitude", "Raw Placename", "Feature Type",
    "Source", "Publication Date", "Headline", "Language", "Version",
    # sanderling additions
    "Date Precision", "End Date", "Dead", "Injured", "Size", "Mentions", "Sources", "Document IDs",
    "Evidence", "Conflicts", "Historical", "Future", "Hypothetical", "Negated",
]
CSV_TYPES = {
    "Event Date": "DATE", "End Date": "DATE", "Publication Date": "DATE", "Event Intensity": "DOUBLE",
    "Quad Code": "TINYINT", "Latitude": "DOUBLE", "Longitude": "DOUBLE", "Dead": "INTEGER", "Injured": "INTEGER",
    "Size": "INTEGER", "Mentions": "INTEGER", "Sources": "INTEGER", "Historical": "BOOLEAN", "Future": "BOOLEAN",
    "Hypothetical": "BOOLEAN", "Negated": "BOOLEAN",
}
MULTI = ";"  # POLECAT separates multiple values in one cell with a semicolon


def _names(entities: list[dict]) -> str:
    return MULTI.join(e.get("name") or e.get("text") or "" for e in entities)


def _join(values: Iterable) -> str:
    return MULTI.join(str(v) for v in values if v not in (None, ""))


def flat_row(record: dict) -> dict:
    """One canonical record as a flat CSV row (values are str, numbers or None)."""
    actors, recipients = record.get("actor") or [], record.get("recipient") or []
    location = record.get("location") or {}
    sources = record.get("sources") or []
    first = min(sources, key=lambda s: (s.get("published") or "9999", s.get("doc_id") or "")) if sources else {}
    dates = record.get("date") or {}
    evidence = record.get("evidence") or []
    return {
        "Event ID": record["id"],
        "Event Date": dates.get("earliest"),
        "Event Type": record["event_type"],
        "Event Mode": _join(record.get("mode") or []),
        "Event Intensity": record.get("score"),
        "Quad Code": record.get("quad_code"),
        "Contexts": _join(record.get("context") or []),
        "Actor Name": _names(actors),
        "Actor Country": _join(e.get("code") for e in actors),
        "Primary Actor Sector": next((e.get("sector") for e in actors if e.get("sector")), None),
        "Actor Title": _join(e.get("role") for e in actors),
        "Actor Name Raw": _join(e.get("text") for e in actors),
        "Recipient Name": _names(recipients),
        "Recipient Country": _join(e.get("code") for e in recipients),
        "Primary Recipient Sector": next((e.get("sector") for e in recipients if e.get("sector")), None),
        "Recipient Title": _join(e.get("role") for e in recipients),
        "Recipient Name Raw": _join(e.get("text") for e in recipients),
        "Placename": location.get("name"),
        "Country": location.get("country"),
        "Latitude": location.get("lat"),
        "Longitude": location.get("lon"),
        "Raw Placename": location.get("text"),
        "Feature Type": location.get("feature"),
        "Source": _join(dict.fromkeys(s.get("source") for s in sources)),
        "Publication Date": first.get("published"),
        "Headline": first.get("title"),
        "Language": "en",
        "Version": CODER,
        "Date Precision": dates.get("precision"),
        "End Date": dates.get("latest"),
        "Dead": record.get("dead"),
        "Injured": record.get("injured"),
        "Size": record.get("size"),
        "Mentions": record.get("n_mentions"),
        "Sources": record.get("n_sources"),
        "Document IDs": _join(dict.fromkeys(s.get("doc_id") for s in sources)),
        "Evidence": evidence[0]["sentence"] if evidence else None,
        "Conflicts": _join(sorted((record.get("conflicts") or {}).keys())),
        "Historical": record.get("historical"),
        "Future": record.get("future"),
        "Hypothetical": record.get("hypothetical"),
        "Negated": record.get("negated"),
    }


def _plover_entity(entity: dict) -> dict:
    out = {"code": entity.get("code"), "sector": entity.get("sector"), "entity_text": entity.get("text")}
    if entity.get("name"):
        out["identifier_text"] = entity["name"]
    if entity.get("role"):
        out["office"] = entity["role"]
    return out


def plover_record(record: dict, coded_date: Optional[str] = None) -> dict:
    """One canonical record with the PLOVER codebook's JSON field names (chapter "Data Fields")."""
    dates = record.get("date") or {}
    location = record.get("location")
    out = {
        "id": record["id"],
        "has_event": True,
        "date": dates.get("earliest"),
    }
    if dates.get("latest") and dates.get("latest") != dates.get("earliest"):
        out["enddate"] = dates["latest"]
    out.update(
        {
            "actor": [_plover_entity(e) for e in record.get("actor") or []],
            "recipient": [_plover_entity(e) for e in record.get("recipient") or []],
            "event": [record["event_type"]],
            "mode": list(record.get("mode") or []),
            "context": list(record.get("context") or []),
            "event_loc": {
                "extracted_place": location.get("text"),
                "resolved_place": location.get("name"),
                "lat": location.get("lat"),
                "lon": location.get("lon"),
                "country_code": location.get("country"),
                "feature_code": location.get("feature"),
            } if location else None,
            "event_text": [s["evidence"] for s in record.get("sources") or [] if s.get("evidence")],
            "quad_code": record.get("quad_code"),
            "event_scale": record.get("score"),
            "dead": record.get("dead"),
            "injured": record.get("injured"),
            "size": record.get("size"),
            "text_info": [
                {"doc_id": s["doc_id"], "start": s.get("evidence_start"), "end": s.get("evidence_end")}
                for s in record.get("sources") or []
            ],
            "cite_info": [
                {"corpus": s.get("source"), "citation": s.get("doc_id"), "url": s.get("url"), "title": s.get("title"),
                 "publication": s.get("source"), "language": "en", "coder": CODER, "codebook": CODEBOOK,
                 "published": s.get("published")}
                for s in record.get("sources") or []
            ],
            "coder": CODER,
            "coded_date": coded_date or datetime.now(timezone.utc).date().isoformat(),
        }
    )
    if record.get("conflicts"):
        out["comment"] = "reports disagree on: " + ", ".join(sorted(record["conflicts"]))
        out["conflicts"] = record["conflicts"]
    return out


def iter_records(con: duckdb.DuckDBPyConnection, chunk: int = 10_000) -> Iterator[dict]:
    """Canonical records in a stable order (date, then id), read in chunks."""
    cursor = con.execute("SELECT record FROM events ORDER BY date NULLS LAST, event_id")
    while True:
        rows = cursor.fetchmany(chunk)
        if not rows:
            return
        for (record,) in rows:
            yield json.loads(record) if isinstance(record, str) else record


def write_csv(records: Iterable[dict], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for record in records:
        writer.writerow(flat_row(record))
        n += 1
    return n


def write_plover_json(records: Iterable[dict], out: IO[str]) -> int:
    coded_date = datetime.now(timezone.utc).date().isoformat()
    n = 0
    for record in records:
        out.write(json.dumps(plover_record(record, coded_date), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_parquet(records: Iterable[dict], path: Path) -> int:
    """Parquet with the CSV's columns and types, written by DuckDB (no pandas/pyarrow needed)."""
    fd, tmp = tempfile.mkstemp(suffix=".csv")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            n = write_csv(records, handle)
        types = {c: CSV_TYPES.get(c, "VARCHAR") for c in CSV_COLUMNS}
        con = duckdb.connect()
        try:
            con.execute(
                "COPY (SELECT * FROM read_csv(?, header = true, columns = ?)) TO '"
                + str(path).replace("'", "''") + "' (FORMAT parquet)",
                [tmp, types],
            )
        finally:
            con.close()
        return n
    finally:
        os.unlink(tmp)


def csv_text(records: Iterable[dict]) -> str:
    buffer = io.StringIO()
    write_csv(records, buffer)
    return buffer.getvalue()
