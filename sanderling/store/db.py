"""The DuckDB file behind the event store: opening it and applying versioned migrations.

Migrations are the files ``migrations/NNN_name.sql``, applied in numeric order, each in its own
transaction together with its ``schema_version`` row, so a store is always at a whole version.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Union

import duckdb

from ..errors import Code, UsageError

DEFAULT_DB = "sanderling.duckdb"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_MIGRATION_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


class StoreError(UsageError):
    """The store file cannot be used (missing, at another schema version, locked); ``code`` says which."""


def migrations() -> list[tuple[int, str, Path]]:
    found = []
    for path in MIGRATIONS_DIR.iterdir():
        match = _MIGRATION_NAME.match(path.name)
        if match:
            found.append((int(match.group(1)), match.group(2), path))
    found.sort()
    versions = [v for v, _, _ in found]
    if versions != list(range(1, len(versions) + 1)):
        raise RuntimeError(f"migrations must be numbered 001, 002, ... without gaps; found {versions}")
    return found


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Bring the schema to the newest version; returns the version reached."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMP NOT NULL)"
    )
    current = schema_version(con)
    available = migrations()
    if current > len(available):
        raise StoreError(
            Code.STORE_VERSION,
            f"the store is at schema version {current}, newer than this sanderling knows ({len(available)}); upgrade sanderling",
        )
    for version, name, path in available[current:]:
        con.begin()
        try:
            con.execute(path.read_text(encoding="utf-8"))
            con.execute(
                "INSERT INTO schema_version VALUES (?, ?, ?)",
                [version, name, datetime.now(timezone.utc).replace(tzinfo=None)],
            )
            con.commit()
        except Exception:
            con.rollback()
            raise
    return len(available)


def _quiet(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    con.execute("SET enable_progress_bar = false")  # DuckDB's own bar would mix into our output
    return con


def connect(path: Union[str, Path] = DEFAULT_DB, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating and migrating when writable) the store at ``path``."""
    path = str(path)
    if read_only:
        if path != ":memory:" and not Path(path).exists():
            raise StoreError(Code.NO_STORE, f"no store at {path}; create one with `sanderling ingest INPUT... --db {path}`")
        try:
            con = _quiet(duckdb.connect(path, read_only=True))
        except duckdb.IOException as exc:
            raise StoreError(Code.STORE_UNAVAILABLE, f"cannot open {path}: {exc}") from exc
        version, latest = schema_version(con), len(migrations())
        if version != latest:
            con.close()
            raise StoreError(
                Code.STORE_VERSION,
                f"the store {path} is at schema version {version}, this sanderling expects {latest};"
                " run any `sanderling ingest` on it once to migrate"
            )
        return con
    try:
        con = _quiet(duckdb.connect(path))
    except duckdb.IOException as exc:
        raise StoreError(Code.STORE_UNAVAILABLE, f"cannot open {path}: {exc}") from exc
    migrate(con)
    return con

