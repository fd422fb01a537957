"""Writing to the event store: documents, their mentions, and the cross-document merge.

Documents are stored in groups, one transaction per group, and a document is never split across
transactions (its row, its mentions, the merge of each mention into canonical events, the actor
forms it names, the removal of its old errors), so a killed ingest leaves the store as it was after
the last committed group, and re-running the same ingest skips what is there (by content hash) and
completes the rest.  Within a group the merge works on an in-memory batch (:class:`_Batch`) written
set-wise at the end: DuckDB's cost is per statement, not per row.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from itertools import combinations
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence, Union

import duckdb

from ..errors import Code
from ..model import Document, ReadError
from . import db
from .merge import (
    NEAR_DATE_DAYS,
    Canonical,
    DateRange,
    EventPlace,
    Features,
    StoredMention,
    build_canonical,
    compare,
    entity_code_key,
    entity_person_name,
    mention_id_for,
    name_key,
)

# Index tables kept sorted (see optimize()): the sort order, when to re-sort.
CLUSTER_ORDER = {"event_participants": "key, date, event_id", "event_pairs": "key_a, key_b, date, event_id"}
CLUSTER_INDEXES = {"event_participants": "event_participants_event", "event_pairs": "event_pairs_event"}  # on event_id
CLUSTER_MIN_ROWS = 200_000  # below this a full scan is a few milliseconds anyway
CLUSTER_SLACK = 0.10  # re-sort once the rows appended since the last sort exceed 10% of it
MAX_SURFACE_FORMS = 50


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@dataclass
class DocumentOutcome:
    doc_id: str
    status: str  # ingested, skipped (already in the store), failed
    mentions: int = 0
    new_events: int = 0
    merged: int = 0
    errors: list[ReadError] = field(default_factory=list)


@dataclass
class IngestReport:
    documents: int = 0
    ingested: int = 0
    skipped: int = 0
    failed: int = 0
    mentions: int = 0
    new_events: int = 0
    merged: int = 0
    errors: list[ReadError] = field(default_factory=list)
    warnings: list[ReadError] = field(default_factory=list)
    optimized: dict[str, float] = field(default_factory=dict)  # tables re-sorted at the end, seconds each
    seconds: float = 0.0

    def add(self, outcome: DocumentOutcome) -> None:
        self.documents += 1
        setattr(self, outcome.status, getattr(self, outcome.status) + 1)
        self.mentions += outcome.mentions
        self.new_events += outcome.new_events
        self.merged += outcome.merged
        for error in outcome.errors:
            (self.warnings if error.is_warning else self.errors).append(error)

    @property
    def documents_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0


@dataclass
class _Batch:
    """The writes of one transaction, kept in memory and written set-wise by :meth:`EventStore._flush`.

    ``events`` holds the current state of every canonical event this batch created or changed; the
    committed rows of the ones it changed (``replaced``) are deleted at flush, so merge lookups
    ignore those rows and search ``events`` instead.
    """

    documents: list = field(default_factory=list)
    mentions: list = field(default_factory=list)
    actor_forms: dict = field(default_factory=dict)
    events: dict = field(default_factory=dict)  # event id -> Canonical
    replaced: set = field(default_factory=set)  # committed event ids to delete
    links: dict = field(default_factory=dict)  # mention id -> (score, explanation JSON)
    aliases: dict = field(default_factory=dict)  # committed old id -> (current id, reason)
    clear_errors: list = field(default_factory=list)  # (doc_id, origin) of documents stored now
    errors: list = field(default_factory=list)  # (ReadError, content_hash)
    stored_candidates: dict = field(default_factory=dict)  # mention id -> committed candidate event ids


class EventStore:
    """A writable event store.  Use :meth:`open`; one writer per file at a time (DuckDB's rule)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str):
        self.con = con
        self.path = path
        self._batch: Optional[_Batch] = None
        self._error_docs: Optional[set] = None

    @classmethod
    def open(cls, path: Union[str, Path, None] = None) -> "EventStore":
        path = str(path or db.DEFAULT_DB)
        return cls(db.connect(path), path)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "EventStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _insert_rows(self, table: str, rows: Sequence[Sequence]) -> None:
        """One multi-row INSERT per chunk: DuckDB runs ``executemany`` row by row, several times slower."""
        for start in range(0, len(rows), 200):
            chunk = rows[start:start + 200]
            marks = "(" + ", ".join("?" for _ in chunk[0]) + ")"
            self.con.execute(f"INSERT INTO {table} VALUES " + ", ".join(marks for _ in chunk),
                             [value for row in chunk for value in row])

    def _delete_where_in(self, table: str, column: str, values: Sequence) -> None:
        for start in range(0, len(values), 200):
            chunk = list(values[start:start + 200])
            self.con.execute(f"DELETE FROM {table} WHERE {column} IN ({', '.join('?' for _ in chunk)})", chunk)

    # --- documents and errors ---------------------------------------------------------------

    def has_document(self, content_hash: str) -> bool:
        return self.con.execute("SELECT 1 FROM documents WHERE content_hash = ?", [content_hash]).fetchone() is not None

    def record_error(self, error: ReadError, content_hash: Optional[str] = None) -> None:
        severity = "warning" if error.is_warning else "error"
        self.con.execute(
            "INSERT INTO errors VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (doc_id, origin, reason) DO UPDATE SET"
            " message = excluded.message, severity = excluded.severity, content_hash = excluded.content_hash,"
            " recorded_at = excluded.recorded_at",
            [error.doc_id, error.origin or "", error.reason, error.message, severity, content_hash, _now()],
        )
        if severity == "error" and self._error_docs is not None:
            self._error_docs.add((error.doc_id, error.origin or ""))

    def add_result(self, document: Document, events: Sequence, errors: Sequence[ReadError] = ()) -> DocumentOutcome:
        """Store one coded document and merge its events, in one transaction (see :meth:`add_results`)."""
        return self.add_results([(document, events, errors)])[0]

    def add_results(self, results: Sequence[tuple], known_new: bool = False) -> list[DocumentOutcome]:
        """Store coded documents, ``(document, events, errors)`` each, in ONE transaction.

        A document whose coding produced errors is not stored (its errors are, and a later ingest
        retries it).  If storing fails, the transaction is rolled back and the documents are stored
        one per transaction, so only the document at fault is reported (reason ``store_failed``) and
        the store is unchanged for it.  An interruption (KeyboardInterrupt, a kill) rolls back the
        whole transaction: the store keeps only whole documents.
        """
        try:
            self.con.begin()
            self._batch = _Batch()
            prepared = [self._prepare(*result, known_new=known_new) for result in results]
            self._batch.stored_candidates = self._stored_candidates([m for _, mentions, _ in prepared for m in mentions])
            outcomes = [self._add_to_batch(*item) for item in prepared]
            self._flush()
            self.con.commit()
            return outcomes
        except Exception as exc:  # one bad document must not stop the batch
            self.con.rollback()
            self._error_docs = None  # the cache may hold changes that were rolled back
            if len(results) > 1:
                return [outcome for result in results for outcome in self.add_results([result], known_new)]
            document = results[0][0]
            error = ReadError(
                doc_id=document.id,
                origin=document.origin or "",
                reason=Code.STORE_FAILED,
                message=f"could not be stored ({type(exc).__name__}: {exc}); the store is unchanged for it, re-run to retry",
            )
            self.record_error(error, document.content_hash)
            return [DocumentOutcome(doc_id=document.id, status="failed", errors=[error])]
        except BaseException:
            self.con.rollback()
            self._error_docs = None
            raise
        finally:
            self._batch = None

    def _documents_with_errors(self) -> set:
        if self._error_docs is None:
            self._error_docs = set(self.con.execute("SELECT doc_id, origin FROM errors WHERE severity = 'error'").fetchall())
        return self._error_docs

    def _prepare(self, document: Document, events: Sequence, errors: Sequence[ReadError], known_new: bool) -> tuple:
        """(outcome so far, the document's mentions, its event records); no mentions unless it is stored."""
        outcome = DocumentOutcome(doc_id=document.id, status="ingested", errors=list(errors))
        content_hash = document.content_hash
        self._batch.errors.extend((error, content_hash) for error in errors)
        if not all(e.is_warning for e in errors):
            outcome.status = "failed"
            return (outcome, document), [], []
        if any(row[0] == content_hash for row in self._batch.documents) or (not known_new and self.has_document(content_hash)):
            outcome.status = "skipped"
            return (outcome, document), [], []
        published = document.published
        records = [e.to_dict() if hasattr(e, "to_dict") else dict(e) for e in events]
        mentions: list[StoredMention] = []
        seen_ids: set[str] = set()
        for record in records:
            mention_id = mention_id_for(content_hash, record)
            ordinal = 1
            while mention_id in seen_ids:  # the coder gave two events the same trigger and actors
                ordinal += 1
                mention_id = mention_id_for(content_hash, dict(record, event_type=f"{record['event_type']}#{ordinal}"))
            seen_ids.add(mention_id)
            mentions.append(
                StoredMention(mention_id=mention_id, record=record, doc_id=document.id, content_hash=content_hash,
                              published=published, source=document.source, title=document.title, url=document.url)
            )
        self._batch.documents.append([content_hash, document.id, published, document.title, document.url,
                                      document.source, document.origin, len(document.text), len(mentions), _now()])
        return (outcome, document), mentions, records

    def _add_to_batch(self, head: tuple, mentions: list[StoredMention], records: list[dict]) -> DocumentOutcome:
        outcome, document = head
        if outcome.status != "ingested":
            return outcome
        self._batch.mentions.extend(self._mention_row(m) for m in mentions)
        for mention in mentions:
            if self._merge(mention):
                outcome.merged += 1
            else:
                outcome.new_events += 1
        outcome.mentions = len(mentions)
        self._append_actor_forms(records)
        if (document.id, document.origin or "") in self._documents_with_errors():
            self._batch.clear_errors.append((document.id, document.origin or ""))
        return outcome

    @staticmethod
    def _mention_row(m: StoredMention) -> list:
        f, r = m.features, m.record
        evidence = (r.get("evidence") or [{}])[0]
        return [
            m.mention_id, m.content_hash, m.doc_id, f.event_type, f.dates.value, f.dates.earliest, f.dates.latest,
            f.dates.precision, f.place.name, r.get("dead"), r.get("injured"), r.get("size"), evidence.get("sentence"),
            m.published, json.dumps(r, ensure_ascii=False),
        ]

    # --- merge --------------------------------------------------------------------------------

    @staticmethod
    def _lookup_keys(features: Features) -> Optional[tuple[list, list, date, date]]:
        """(key pairs, single keys with "single-key events only", low, high) to find merge candidates:
        same type, a shared pair of merge keys, or the one key of a single-key event, dated within
        the window around ``features``."""
        keys = features.merge_keys()
        if not keys or not features.dates.known:
            return None
        low = features.dates.earliest - timedelta(days=NEAR_DATE_DAYS)
        high = features.dates.latest + timedelta(days=NEAR_DATE_DAYS)
        if len(keys) == 1:
            return [], [(keys[0], False)], low, high
        return list(combinations(keys, 2)), [(k, True) for k in keys], low, high

    def _stored_candidates(self, mentions: Sequence[StoredMention]) -> dict[str, set]:
        """Committed candidate events of every mention of the batch, in one query joining the
        lookups with the pair and participant indexes (the batch writes nothing before its flush)."""
        pair_rows, single_rows = [], []
        for m in mentions:
            lookup = self._lookup_keys(m.features)
            if lookup is None:
                continue
            pairs, singles, low, high = lookup
            pair_rows += [(m.mention_id, m.features.event_type, a, b, low, high) for a, b in pairs]
            single_rows += [(m.mention_id, m.features.event_type, k, only, low, high) for k, only in singles]
        found: dict[str, set] = {m.mention_id: set() for m in mentions}
        parts, params = [], []
        if pair_rows:
            parts.append(
                "SELECT q.mid, p.event_id FROM (VALUES " + ", ".join("(?, ?, ?, ?, ?::DATE, ?::DATE)" for _ in pair_rows)
                + ") q(mid, type, a, b, low, high) JOIN event_pairs p ON p.event_type = q.type AND p.key_a = q.a"
                " AND p.key_b = q.b AND p.date_earliest <= q.high AND p.date_latest >= q.low"
            )
            params += [v for row in pair_rows for v in row]
        if single_rows:
            parts.append(
                "SELECT q.mid, e.event_id FROM (VALUES " + ", ".join("(?, ?, ?, ?, ?::DATE, ?::DATE)" for _ in single_rows)
                + ") q(mid, type, k, single_only, low, high) JOIN event_participants e ON e.event_type = q.type"
                " AND e.key = q.k AND e.date_earliest <= q.high AND e.date_latest >= q.low"
                " AND (NOT q.single_only OR e.n_merge_keys = 1)"
            )
            params += [v for row in single_rows for v in row]
        if parts:
            for mention_id, event_id in self.con.execute(" UNION ".join(parts), params).fetchall():
                found[mention_id].add(event_id)
        return found

    def _candidates(self, mention: StoredMention) -> list[str]:
        """Merge candidates of ``mention``: committed ones (prefetched) not replaced in this batch,
        and the batch's own events found the same way in memory."""
        batch = self._batch
        if mention.mention_id not in batch.stored_candidates:
            batch.stored_candidates.update(self._stored_candidates([mention]))
        found = batch.stored_candidates[mention.mention_id] - batch.replaced
        lookup = self._lookup_keys(mention.features)
        if lookup is None:
            return sorted(found)
        pairs, singles, low, high = lookup
        event_type = mention.features.event_type
        for event_id, c in batch.events.items():
            f = c.features
            if f.event_type != event_type or not f.dates.known or f.dates.earliest > high or f.dates.latest < low:
                continue
            indexed = set(f.participants) if f.participants else set(f.merge_keys())
            single_key_event = len(f.merge_keys()) == 1
            if any(a in indexed and b in indexed for a, b in pairs) or any(
                    k in indexed and (single_key_event or not only) for k, only in singles):
                found.add(event_id)
        return sorted(found)

    def _event_features(self, event_ids: Sequence[str]) -> dict[str, Features]:
        out = {e: self._batch.events[e].features for e in event_ids if e in self._batch.events}
        stored = [e for e in event_ids if e not in out]
        if not stored:
            return out
        rows = self.con.execute(
            "SELECT event_id, event_type, actor_keys, recipient_keys, people, date_earliest, date_latest,"
            " date_precision, date_value, place_name, place_country, place_feature, lat, lon, future, hypothetical,"
            f" negated, evidence_sample FROM events WHERE event_id IN ({', '.join('?' for _ in stored)})",
            stored,
        ).fetchall()
        for row in rows:
            out[row[0]] = Features(
                event_type=row[1],
                actor_keys=frozenset(row[2] or ()),
                recipient_keys=frozenset(row[3] or ()),
                people=frozenset(row[4] or ()),
                dates=DateRange(row[5], row[6], row[7] or "unknown", row[8]),
                place=EventPlace(row[9], row[10], row[11], row[12], row[13]),
                future=row[14],
                hypothetical=row[15],
                negated=row[16],
                evidence=tuple(row[17] or ()),
            )
        return out

    def _merge(self, mention: StoredMention) -> bool:
        """Attach the mention to a canonical event (merging events it shows to be one); True if it
        joined an existing event, False if it started a new one."""
        candidates = self._event_features(self._candidates(mention))
        matches = []
        refused = []
        for event_id, features in sorted(candidates.items()):
            match = compare(mention.features, features)
            (matches if match.compatible else refused).append((event_id, match))
        if not matches:
            explanation = {"decision": "new event",
                           "candidates_refused": [{"event_id": e, **m.explanation} for e, m in refused[:5]]}
            self._replace_events([], mention, None, explanation)
            return False
        matches.sort(key=lambda item: (-item[1].score, item[0]))
        target_id, target_match = matches[0]
        absorbed = []
        if len(matches) > 1:
            # The mention fits several events: the others are the same event if they fit the target
            # as it is once the mention has joined it (the mention may supply the missing actor).
            joined = build_canonical(self._members([target_id]) + [mention]).features
            for other_id, _ in matches[1:]:
                bridge = compare(joined, candidates[other_id])
                if bridge.compatible:
                    absorbed.append((other_id, bridge))
                    joined = build_canonical(self._members([target_id] + [e for e, _ in absorbed]) + [mention]).features
        explanation = {"decision": "merged", "into": target_id, **target_match.explanation}
        if absorbed:
            explanation["bridged"] = [{"event_id": e, **m.explanation} for e, m in absorbed]
        self._replace_events([target_id] + [e for e, _ in absorbed], mention, target_match.score, explanation)
        return True

    def _members(self, event_ids: Sequence[str]) -> list[StoredMention]:
        members = [m for e in event_ids if e in self._batch.events for m in self._batch.events[e].mentions]
        stored = [e for e in event_ids if e not in self._batch.events]
        if not stored:
            return members
        # Point lookups through the indexes, table by table: a join would scan `mentions` whole.
        links = self.con.execute(
            f"SELECT mention_id, score, explanation FROM event_mentions WHERE event_id IN ({', '.join('?' for _ in stored)})",
            stored).fetchall()
        if not links:
            return members
        for mention_id, score, explanation in links:
            self._batch.links.setdefault(mention_id, (score, explanation))
        mention_ids = [r[0] for r in links]
        rows = self.con.execute(
            "SELECT mention_id, record, doc_id, content_hash, published FROM mentions"
            f" WHERE mention_id IN ({', '.join('?' for _ in mention_ids)})", mention_ids).fetchall()
        hashes = sorted({r[3] for r in rows})
        documents = {r[0]: r[1:] for r in self.con.execute(
            f"SELECT content_hash, source, title, url FROM documents WHERE content_hash IN ({', '.join('?' for _ in hashes)})",
            hashes).fetchall()}
        return members + [
            StoredMention(mention_id=r[0], record=json.loads(r[1]), doc_id=r[2], content_hash=r[3], published=r[4],
                    source=documents[r[3]][0], title=documents[r[3]][1], url=documents[r[3]][2])
            for r in rows
        ]

    def _replace_events(self, old_ids: Sequence[str], mention: StoredMention, score: Optional[float], explanation: dict) -> None:
        """In the batch: the events ``old_ids`` and ``mention`` become one canonical event."""
        batch = self._batch
        canonical = build_canonical(self._members(old_ids) + [mention])
        new_id = canonical.event_id
        batch.links[mention.mention_id] = (score, json.dumps(explanation, ensure_ascii=False, default=str))
        reason = "merged into another event" if len(old_ids) > 1 else "an earlier report of the event was ingested"
        for old_id in old_ids:
            if old_id in batch.events:
                del batch.events[old_id]
            else:
                batch.replaced.add(old_id)
            if old_id != new_id:
                # committed ids that led to old_id now lead to new_id
                for alias, (target, why) in list(batch.aliases.items()):
                    if target == old_id:
                        batch.aliases[alias] = (new_id, why)
                if old_id in batch.replaced:
                    batch.aliases[old_id] = (new_id, reason)
        batch.aliases.pop(new_id, None)
        batch.events[new_id] = canonical

    def _flush(self) -> None:
        """Write the batch: a handful of set-wise statements whatever its size."""
        batch = self._batch
        if batch.documents:
            self._insert_rows("documents", batch.documents)
        if batch.mentions:
            self._insert_rows("mentions", batch.mentions)
        if batch.actor_forms:
            self._insert_rows("actor_forms", [[*row, n] for row, n in sorted(batch.actor_forms.items(), key=lambda kv: str(kv[0]))])
        replaced = sorted(batch.replaced)
        for table in ("events", "event_participants", "event_pairs", "event_mentions"):
            self._delete_where_in(table, "event_id", replaced)
        events, participants, pairs, links = [], [], [], []
        for c in batch.events.values():
            rows = self._event_rows(c)
            events.append(rows[0])
            participants.extend(rows[1])
            pairs.extend(rows[2])
            links.extend([m.mention_id, c.event_id, *batch.links[m.mention_id]] for m in c.mentions)
        for table, rows in (("events", events), ("event_participants", participants), ("event_pairs", pairs),
                            ("event_mentions", links)):
            if rows:
                self._insert_rows(table, rows)
        if batch.aliases:
            current = sorted(batch.aliases)
            self._delete_where_in("event_aliases", "old_id", current + sorted(batch.events))
            for old_id, (new_id, _) in sorted(batch.aliases.items()):
                self.con.execute("UPDATE event_aliases SET event_id = ? WHERE event_id = ?", [new_id, old_id])
            self._insert_rows("event_aliases", [[old, new, why] for old, (new, why) in sorted(batch.aliases.items())])
        for doc_id, origin in batch.clear_errors:
            self.con.execute("DELETE FROM errors WHERE doc_id = ? AND origin = ? AND severity = 'error'", [doc_id, origin])
            self._documents_with_errors().discard((doc_id, origin))
        for error, content_hash in batch.errors:
            self.record_error(error, content_hash)

    @staticmethod
    def _event_rows(c: Canonical) -> tuple[list, list, list]:
        f = c.features
        actor_keys, recipient_keys = sorted(f.actor_keys), sorted(f.recipient_keys)
        event = [
            c.event_id, f.event_type, c.day, c.date_value, c.dates.earliest, c.dates.latest,
            c.dates.precision, c.modes, c.contexts, actor_keys, recipient_keys, sorted(f.people),
            c.place.name, c.place.country, c.place.feature, c.place.lat, c.place.lon, c.dead, c.injured, c.size,
            f.future, f.hypothetical, f.negated, c.historical, c.quad_code, c.score, len(c.mentions), c.n_sources,
            c.first_published, c.last_published, list(f.evidence), json.dumps(c.record, ensure_ascii=False, default=str),
        ]
        merge_keys = f.merge_keys()
        factual = not (f.future or f.hypothetical or f.negated)
        common = [f.event_type, len(merge_keys), factual, c.quad_code, c.score, c.day, c.dates.earliest,
                  c.dates.latest]
        participants = [[c.event_id, "actor", k, *common] for k in actor_keys]
        participants += [[c.event_id, "recipient", k, *common] for k in recipient_keys]
        if not f.participants and merge_keys:
            participants += [[c.event_id, "place", k, *common] for k in merge_keys]
        pairs = [
            [c.event_id, a, b, f.event_type, c.modes, factual, c.quad_code, c.score, c.day,
             c.dates.earliest, c.dates.latest]
            for a, b in combinations(sorted(f.participants), 2)
        ]
        return event, participants, pairs

    # --- maintenance --------------------------------------------------------------------------

    def optimize(self, force: bool = False) -> dict[str, float]:
        """Re-sort the participant and pair tables by key and date when the part appended since the
        last sort exceeds ``CLUSTER_SLACK`` of it (or always with ``force``); returns the seconds
        spent per table.  Each table is rewritten in one transaction."""
        spent = {}
        for table, order in CLUSTER_ORDER.items():
            total = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            row = self.con.execute("SELECT rows FROM maintenance WHERE task = ?", [f"cluster:{table}"]).fetchone()
            clustered = row[0] if row else 0
            if not force and (total < CLUSTER_MIN_ROWS or total - clustered <= CLUSTER_SLACK * clustered):
                continue
            started = time.perf_counter()
            self.con.begin()
            try:
                # A sorted copy replaces the table (same definition, read from the catalog): deleting
                # and re-inserting every row instead makes the commit 30 times slower.
                ddl = self.con.execute("SELECT sql FROM duckdb_tables() WHERE table_name = ?", [table]).fetchone()[0]
                self.con.execute(ddl.replace(f"CREATE TABLE {table}(", f"CREATE TABLE {table}_sorted(", 1))
                self.con.execute(f"INSERT INTO {table}_sorted SELECT * FROM {table} ORDER BY {order}")
                self.con.execute(f"DROP TABLE {table}")
                self.con.execute(f"ALTER TABLE {table}_sorted RENAME TO {table}")
                self.con.execute(f"CREATE INDEX {CLUSTER_INDEXES[table]} ON {table} (event_id)")
                self._done(f"cluster:{table}", total)
                self.con.commit()
            except BaseException:
                self.con.rollback()
                raise
            spent[table] = round(time.perf_counter() - started, 2)
        if spent:
            self.con.execute("CHECKPOINT")
        return spent

    # --- actors -------------------------------------------------------------------------------

    def _append_actor_forms(self, records: Iterable[dict]) -> None:
        forms = self._batch.actor_forms
        for record in records:
            for role in ("actor", "recipient"):
                for entity in record.get(role) or []:
                    code = entity_code_key(entity)
                    person = entity_person_name(entity)
                    text = (entity.get("text") or "").strip() or None
                    if code:
                        # a person's words ("Macron") name the person, not the country
                        row = (code, code, None, None if person else entity.get("kind"),
                               None if person else entity.get("sector"), None if person else text)
                        forms[row] = forms.get(row, 0) + 1
                    if person:
                        row = (name_key(person), code, person, entity.get("kind"), entity.get("sector"), text)
                        forms[row] = forms.get(row, 0) + 1

    def refresh_actors(self, force: bool = False) -> bool:
        """Rebuild `actors` from `actor_forms` when forms were added since the last rebuild."""
        total = self.con.execute("SELECT count(*) FROM actor_forms").fetchone()[0]
        done = self.con.execute("SELECT rows FROM maintenance WHERE task = 'actors'").fetchone()
        if not force and done and done[0] == total:
            return False
        self.con.begin()
        try:
            self.con.execute("DELETE FROM actors")
            self.con.execute(
                "INSERT INTO actors SELECT key, min(code), min(name), mode(kind), mode(sector), sum(n)::INTEGER,"
                f" list_slice(list(DISTINCT form ORDER BY form) FILTER (form IS NOT NULL), 1, {MAX_SURFACE_FORMS})"
                " FROM actor_forms GROUP BY key"
            )
            self._done("actors", total)
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise
        return True

    def _done(self, task: str, rows: int) -> None:
        self.con.execute(
            "INSERT INTO maintenance VALUES (?, ?, ?) ON CONFLICT (task) DO UPDATE SET rows = excluded.rows,"
            " done_at = excluded.done_at",
            [task, rows, _now()],
        )


# --- the ingest loop ------------------------------------------------------------------------------


def ingest(
    store: EventStore,
    items: Iterable[Union[Document, ReadError]],
    coder=None,
    batch_size: int = 32,
    on_document: Optional[Callable[[DocumentOutcome], None]] = None,
    commit_every: int = 64,
    commit_seconds: float = 1.0,
) -> IngestReport:
    """Read -> code -> store.  ``items`` is what ``sanderling.read.read_inputs`` yields.

    Documents already in the store (same text) are counted as skipped before coding, so a re-run
    costs only the reading.  Read errors are recorded and reported; they never stop the batch.
    Coded documents are committed in groups (``commit_every`` documents or ``commit_seconds``,
    whichever comes first), each whole document inside one transaction: a kill loses at most the
    open group, and the next run stores it.
    """
    if coder is None:
        from ..coder.pipeline import Coder

        coder = Coder.load()
    report = IngestReport()
    started = time.perf_counter()
    pending_warnings: dict[str, list[ReadError]] = {}
    seen_this_run: set[str] = set()

    def emit(outcome: DocumentOutcome) -> None:
        report.add(outcome)
        if on_document:
            on_document(outcome)

    def documents_to_code() -> Iterator[Document]:
        for item in items:
            if isinstance(item, ReadError):
                store.record_error(item)
                if item.is_warning:
                    pending_warnings.setdefault(item.doc_id, []).append(item)
                else:
                    emit(DocumentOutcome(doc_id=item.doc_id, status="failed", errors=[item]))
                continue
            content_hash = item.content_hash
            if content_hash in seen_this_run or store.has_document(content_hash):
                emit(DocumentOutcome(doc_id=item.id, status="skipped", errors=pending_warnings.pop(item.id, [])))
                continue
            seen_this_run.add(content_hash)
            yield item

    group: list[tuple] = []
    group_started = time.perf_counter()

    def commit_group() -> None:
        for outcome in store.add_results(group, known_new=True):
            emit(outcome)
        group.clear()

    for result in coder.code(documents_to_code(), batch_size=batch_size):
        if not group:
            group_started = time.perf_counter()
        group.append((result.document, result.events, pending_warnings.pop(result.document.id, []) + list(result.errors)))
        if len(group) >= commit_every or time.perf_counter() - group_started >= commit_seconds:
            commit_group()
    if group:
        commit_group()
    store.refresh_actors()
    if report.ingested:
        report.optimized = store.optimize()
    report.seconds = time.perf_counter() - started
    return report
