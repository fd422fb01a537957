"""Writing to the event store: documents, their mentions, and the cross-document merge.

Each document is stored in ONE transaction (document row, its mentions, the merge of every mention
into canonical events, the actors it names, the removal of its old errors), so a killed ingest
leaves the store exactly as it was after the last whole document, and re-running the same
ingest skips what is there (by content hash) and completes the rest.
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

from ..model import Document, ReadError
from . import db
from .merge import (
    NEAR_DATE_DAYS,
    Canonical,
    DateRange,
    Features,
    Mention,
    Place,
    build_canonical,
    compare,
    entity_code_key,
    entity_person_name,
    mention_id_for,
    name_key,
)

WARNING_REASONS = frozenset({"encoding_fallback"})
MAX_SURFACE_FORMS = 50


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _day(text: Optional[str]) -> Optional[date]:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


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
    seconds: float = 0.0

    def add(self, outcome: DocumentOutcome) -> None:
        self.documents += 1
        setattr(self, outcome.status, getattr(self, outcome.status) + 1)
        self.mentions += outcome.mentions
        self.new_events += outcome.new_events
        self.merged += outcome.merged
        for error in outcome.errors:
            (self.warnings if error.reason in WARNING_REASONS else self.errors).append(error)

    @property
    def documents_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0


class EventStore:
    """A writable event store.  Use :meth:`open`; one writer per file at a time (DuckDB's rule)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str):
        self.con = con
        self.path = path

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

    # --- documents and errors ---------------------------------------------------------------

    def has_document(self, content_hash: str) -> bool:
        return self.con.execute("SELECT 1 FROM documents WHERE content_hash = ?", [content_hash]).fetchone() is not None

    def record_error(self, error: ReadError, content_hash: Optional[str] = None) -> None:
        severity = "warning" if error.reason in WARNING_REASONS else "error"
        self.con.execute(
            "INSERT INTO errors VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (doc_id, origin, reason) DO UPDATE SET"
            " message = excluded.message, severity = excluded.severity, content_hash = excluded.content_hash,"
            " recorded_at = excluded.recorded_at",
            [error.doc_id, error.origin or "", error.reason, error.message, severity, content_hash, _now()],
        )

    def add_result(self, document: Document, events: Sequence, errors: Sequence[ReadError] = ()) -> DocumentOutcome:
        """Store one coded document and merge its events, in one transaction.

        A document whose coding produced errors is not stored (its errors are, and a later ingest
        retries it); an exception while storing rolls the document back and is reported as its error.
        """
        outcome = DocumentOutcome(doc_id=document.id, status="ingested")
        content_hash = document.content_hash
        fatal = [e for e in errors if e.reason not in WARNING_REASONS]
        if fatal:
            for error in errors:
                self.record_error(error, content_hash)
            outcome.status, outcome.errors = "failed", list(errors)
            return outcome
        if self.has_document(content_hash):
            outcome.status = "skipped"
            return outcome
        self.con.begin()
        try:
            outcome.mentions, outcome.new_events, outcome.merged = self._store_document(document, events)
            self.con.execute(
                "DELETE FROM errors WHERE doc_id = ? AND origin = ? AND severity = 'error'",
                [document.id, document.origin or ""],
            )
            for error in errors:
                self.record_error(error, content_hash)
            self.con.commit()
        except Exception as exc:  # one bad document must not stop the batch
            self.con.rollback()
            error = ReadError(
                doc_id=document.id,
                origin=document.origin or "",
                reason="store_failed",
                message=f"could not be stored ({type(exc).__name__}: {exc}); the store is unchanged for it, re-run to retry",
            )
            self.record_error(error, content_hash)
            outcome.status, outcome.errors = "failed", [error]
        except BaseException:  # interrupted: leave the store as it was before this document
            self.con.rollback()
            raise
        outcome.errors = outcome.errors or [e for e in errors]
        return outcome

    def _store_document(self, document: Document, events: Sequence) -> tuple[int, int, int]:
        published = _day(document.published)
        records = [e.to_dict() if hasattr(e, "to_dict") else dict(e) for e in events]
        mentions: list[Mention] = []
        seen_ids: set[str] = set()
        for record in records:
            mention_id = mention_id_for(document.content_hash, record)
            ordinal = 1
            while mention_id in seen_ids:  # the coder gave two events the same trigger and actors
                ordinal += 1
                mention_id = mention_id_for(document.content_hash, dict(record, event_type=f"{record['event_type']}#{ordinal}"))
            seen_ids.add(mention_id)
            mentions.append(
                Mention(mention_id=mention_id, record=record, doc_id=document.id, content_hash=document.content_hash,
                        published=published, source=document.source, title=document.title, url=document.url)
            )
        self.con.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [document.content_hash, document.id, published, document.title, document.url, document.source,
             document.origin, len(document.text), len(mentions), _now()],
        )
        if mentions:
            self.con.executemany(
                "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [self._mention_row(m) for m in mentions],
            )
        new_events = merged = 0
        for mention in mentions:
            if self._merge(mention):
                merged += 1
            else:
                new_events += 1
        self._upsert_actors(records)
        return len(mentions), new_events, merged

    @staticmethod
    def _mention_row(m: Mention) -> list:
        f, r = m.features, m.record
        evidence = (r.get("evidence") or [{}])[0]
        return [
            m.mention_id, m.content_hash, m.doc_id, f.event_type, f.dates.value, f.dates.earliest, f.dates.latest,
            f.dates.precision, f.place.name, r.get("dead"), r.get("injured"), r.get("size"), evidence.get("sentence"),
            m.published, json.dumps(r, ensure_ascii=False),
        ]

    # --- merge --------------------------------------------------------------------------------

    def _candidates(self, features: Features) -> list[str]:
        keys = features.merge_keys()
        if not keys or not features.dates.known:
            return []
        low = features.dates.earliest - timedelta(days=NEAR_DATE_DAYS)
        high = features.dates.latest + timedelta(days=NEAR_DATE_DAYS)
        window = "date_earliest <= ? AND date_latest >= ?"
        if len(keys) == 1:
            rows = self.con.execute(
                f"SELECT DISTINCT event_id FROM event_participants WHERE event_type = ? AND key = ? AND {window}",
                [features.event_type, keys[0], high, low],
            ).fetchall()
        else:
            pairs = list(combinations(keys, 2))
            pair_sql = " OR ".join("(key_a = ? AND key_b = ?)" for _ in pairs)
            key_sql = ", ".join("?" for _ in keys)
            rows = self.con.execute(
                f"SELECT event_id FROM event_pairs WHERE event_type = ? AND ({pair_sql}) AND {window}"
                f" UNION SELECT event_id FROM event_participants WHERE event_type = ? AND key IN ({key_sql})"
                f" AND n_merge_keys = 1 AND {window}",
                [features.event_type, *[k for p in pairs for k in p], high, low, features.event_type, *keys, high, low],
            ).fetchall()
        return sorted(r[0] for r in rows)

    def _event_features(self, event_ids: Sequence[str]) -> dict[str, Features]:
        if not event_ids:
            return {}
        rows = self.con.execute(
            "SELECT event_id, event_type, actor_keys, recipient_keys, people, date_earliest, date_latest,"
            " date_precision, date_value, place_name, place_country, place_feature, lat, lon, future, hypothetical,"
            f" negated, evidence_sample FROM events WHERE event_id IN ({', '.join('?' for _ in event_ids)})",
            list(event_ids),
        ).fetchall()
        out = {}
        for row in rows:
            out[row[0]] = Features(
                event_type=row[1],
                actor_keys=frozenset(row[2] or ()),
                recipient_keys=frozenset(row[3] or ()),
                people=frozenset(row[4] or ()),
                dates=DateRange(row[5], row[6], row[7] or "unknown", row[8]),
                place=Place(row[9], row[10], row[11], row[12], row[13]),
                future=row[14],
                hypothetical=row[15],
                negated=row[16],
                evidence=tuple(row[17] or ()),
            )
        return out

    def _merge(self, mention: Mention) -> bool:
        """Attach the mention to a canonical event (merging events it shows to be one); True if it
        joined an existing event, False if it started a new one."""
        candidates = self._event_features(self._candidates(mention.features))
        matches = []
        refused = []
        for event_id, features in sorted(candidates.items()):
            match = compare(mention.features, features)
            (matches if match.compatible else refused).append((event_id, match))
        if not matches:
            explanation = {"decision": "new event",
                           "candidates_refused": [{"event_id": e, **m.explanation} for e, m in refused[:5]]}
            self._write_cluster([], [mention], {mention.mention_id: (None, explanation)})
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
        self._write_cluster([target_id] + [e for e, _ in absorbed], [mention],
                            {mention.mention_id: (target_match.score, explanation)})
        return True

    def _members(self, event_ids: Sequence[str]) -> list[Mention]:
        if not event_ids:
            return []
        rows = self.con.execute(
            "SELECT m.mention_id, m.record, d.doc_id, d.content_hash, d.published, d.source, d.title, d.url"
            " FROM event_mentions em JOIN mentions m ON m.mention_id = em.mention_id"
            " JOIN documents d ON d.content_hash = m.content_hash"
            f" WHERE em.event_id IN ({', '.join('?' for _ in event_ids)})",
            list(event_ids),
        ).fetchall()
        return [
            Mention(mention_id=r[0], record=json.loads(r[1]), doc_id=r[2], content_hash=r[3], published=r[4],
                    source=r[5], title=r[6], url=r[7])
            for r in rows
        ]

    def _write_cluster(self, old_ids: Sequence[str], new_mentions: Sequence[Mention], explanations: dict) -> Canonical:
        """Replace the canonical events ``old_ids`` by one event built from their mentions plus ``new_mentions``."""
        canonical = build_canonical(self._members(old_ids) + list(new_mentions))
        new_id = canonical.event_id
        if old_ids:
            placeholders = ", ".join("?" for _ in old_ids)
            for table in ("events", "event_participants", "event_pairs"):
                self.con.execute(f"DELETE FROM {table} WHERE event_id IN ({placeholders})", list(old_ids))
            self.con.execute(f"UPDATE event_mentions SET event_id = ? WHERE event_id IN ({placeholders})", [new_id, *old_ids])
            for old_id in old_ids:
                if old_id != new_id:
                    reason = "merged into another event" if len(old_ids) > 1 else "an earlier report of the event was ingested"
                    self.con.execute("UPDATE event_aliases SET event_id = ? WHERE event_id = ?", [new_id, old_id])
                    self.con.execute(
                        "INSERT INTO event_aliases VALUES (?, ?, ?) ON CONFLICT (old_id) DO UPDATE SET"
                        " event_id = excluded.event_id, reason = excluded.reason",
                        [old_id, new_id, reason],
                    )
        self.con.execute("DELETE FROM event_aliases WHERE old_id = ?", [new_id])
        self.con.executemany(
            "INSERT INTO event_mentions VALUES (?, ?, ?, ?)",
            [[m.mention_id, new_id, explanations[m.mention_id][0], json.dumps(explanations[m.mention_id][1], ensure_ascii=False, default=str)]
             for m in new_mentions],
        )
        self._insert_event(canonical)
        return canonical

    def _insert_event(self, c: Canonical) -> None:
        f = c.features
        actor_keys, recipient_keys = sorted(f.actor_keys), sorted(f.recipient_keys)
        self._insert_event_row(c, actor_keys, recipient_keys)
        merge_keys = f.merge_keys()
        factual = not (f.future or f.hypothetical or f.negated)
        common = [f.event_type, len(merge_keys), factual, c.quad_code, c.score, c.dates.earliest, c.dates.earliest,
                  c.dates.latest]
        participant_rows = [[c.event_id, "actor", k, *common] for k in actor_keys]
        participant_rows += [[c.event_id, "recipient", k, *common] for k in recipient_keys]
        if not f.participants and merge_keys:
            participant_rows += [[c.event_id, "place", k, *common] for k in merge_keys]
        if participant_rows:
            self.con.executemany("INSERT INTO event_participants VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", participant_rows)
        pair_rows = [
            [c.event_id, a, b, f.event_type, c.modes, factual, c.quad_code, c.score, c.dates.earliest,
             c.dates.earliest, c.dates.latest]
            for a, b in combinations(sorted(f.participants), 2)
        ]
        if pair_rows:
            self.con.executemany("INSERT INTO event_pairs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", pair_rows)

    def _insert_event_row(self, c: Canonical, actor_keys: list, recipient_keys: list) -> None:
        f = c.features
        row = [
            c.event_id, f.event_type, c.dates.earliest, c.date_value, c.dates.earliest, c.dates.latest,
            c.dates.precision, c.modes, c.contexts, actor_keys, recipient_keys, sorted(f.people),
            c.place.name, c.place.country, c.place.feature, c.place.lat, c.place.lon, c.dead, c.injured, c.size,
            f.future, f.hypothetical, f.negated, c.historical, c.quad_code, c.score, len(c.mentions), c.n_sources,
            c.first_published, c.last_published, list(f.evidence), json.dumps(c.record, ensure_ascii=False, default=str),
        ]
        self.con.execute(f"INSERT INTO events VALUES ({', '.join('?' for _ in row)})", row)

    # --- actors -------------------------------------------------------------------------------

    def _upsert_actors(self, records: Iterable[dict]) -> None:
        rows: dict[str, dict] = {}
        for record in records:
            for role in ("actor", "recipient"):
                for entity in record.get(role) or []:
                    code = entity_code_key(entity)
                    person = entity_person_name(entity)
                    text = (entity.get("text") or "").strip()
                    if code:
                        row = rows.setdefault(code, {"code": code, "name": None, "kind": None, "sector": None, "n": 0, "forms": []})
                        row["n"] += 1
                        if not person:
                            row["kind"] = row["kind"] or entity.get("kind")
                            row["sector"] = row["sector"] or entity.get("sector")
                            if text and text not in row["forms"]:
                                row["forms"].append(text)
                    if person:
                        key = name_key(person)
                        row = rows.setdefault(key, {"code": code, "name": person, "kind": entity.get("kind"),
                                                    "sector": entity.get("sector"), "n": 0, "forms": []})
                        row["n"] += 1
                        row["code"] = row["code"] or code
                        for form in (text, person):
                            if form and form not in row["forms"]:
                                row["forms"].append(form)
        if not rows:
            return
        self.con.executemany(
            "INSERT INTO actors VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET"
            " code = coalesce(actors.code, excluded.code), name = coalesce(actors.name, excluded.name),"
            " kind = coalesce(actors.kind, excluded.kind), sector = coalesce(actors.sector, excluded.sector),"
            " n_mentions = actors.n_mentions + excluded.n_mentions,"
            f" surface_forms = list_slice(list_distinct(list_concat(actors.surface_forms, excluded.surface_forms)), 1, {MAX_SURFACE_FORMS})",
            [[k, r["code"], r["name"], r["kind"], r["sector"], r["n"], r["forms"][:MAX_SURFACE_FORMS]] for k, r in sorted(rows.items())],
        )


# --- the ingest loop ------------------------------------------------------------------------------


def ingest(
    store: EventStore,
    items: Iterable[Union[Document, ReadError]],
    coder=None,
    batch_size: int = 32,
    on_document: Optional[Callable[[DocumentOutcome], None]] = None,
) -> IngestReport:
    """Read -> code -> store.  ``items`` is what ``sanderling.readers.read_inputs`` yields.

    Documents already in the store (same text) are counted as skipped before coding, so a re-run
    costs only the reading.  Read errors are recorded and reported; they never stop the batch.
    """
    if coder is None:
        from ..pipeline import Coder

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
                if item.reason in WARNING_REASONS:
                    store.record_error(item)
                    pending_warnings.setdefault(item.doc_id, []).append(item)
                    continue
                store.record_error(item)
                emit(DocumentOutcome(doc_id=item.doc_id, status="failed", errors=[item]))
                continue
            content_hash = item.content_hash
            if content_hash in seen_this_run or store.has_document(content_hash):
                emit(DocumentOutcome(doc_id=item.id, status="skipped", errors=pending_warnings.pop(item.id, [])))
                continue
            seen_this_run.add(content_hash)
            yield item

    for result in coder.code(documents_to_code(), batch_size=batch_size):
        errors = pending_warnings.pop(result.document.id, []) + list(result.errors)
        emit(store.add_result(result.document, result.events, errors))
    report.seconds = time.perf_counter() - started
    return report
