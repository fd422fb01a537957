"""The event-store commands: ingest, events, last-contact, timeline, search, export, stats.

Each query command asks the query layer (:class:`sanderling.store.Query`) and shows its answer with the render
layer (:mod:`sanderling.render`): nothing is filtered or formatted here. Exit codes as for every command
(:mod:`sanderling.cli.common`): a query with no result exits 0, its empty answer printed in the chosen format and a
note on stderr; an actor the store does not know is such an empty answer, with the closest names on stderr.
"""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Callable, Optional

import typer

from .. import render
from ..errors import UsageError
from ..store import EventStore, LastContact, Query, Timeline, UnknownActor, ingest
from ..store import export as exporting
from ..store.db import DEFAULT_DB
from ..store.query import DEFAULT_CONTACT_TYPES
from .common import (
    PUBLISHED_OPTION,
    fail_usage,
    progress,
    published_option,
    report,
    say,
    show,
)

MAX_ERRORS_LISTED = 20


class QueryFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(str, Enum):
    plover_json = "plover-json"
    csv = "csv"
    parquet = "parquet"


class Period(str, Enum):
    week = "week"
    month = "month"


DB_OPTION = typer.Option(DEFAULT_DB, "--db", metavar="PATH", help="The store (a DuckDB file).")
FORMAT_OPTION = typer.Option(QueryFormat.table, "--format", help="table: readable; json: the event contract plus sources; csv: flat, POLECAT-style columns.")
TYPE_HELP = "PLOVER event type(s), comma-separated (e.g. CONSULT or ACCUSE,THREATEN); 'any' for all."
SINCE_OPTION = typer.Option(None, "--since", metavar="YYYY-MM-DD", help="Events on or after this date.")
UNTIL_OPTION = typer.Option(None, "--until", metavar="YYYY-MM-DD", help="Events on or before this date.")


def _answer(db: str, output_format: QueryFormat, ask: Callable[[Query], render.Rendered],
            unknown: Optional[Callable[[], render.Rendered]] = None) -> None:
    """Open the store read-only, ask, and show the answer; the query layer's errors become exit codes. An
    actor the store does not know gives ``unknown()``, the empty answer, in the chosen format."""
    fmt = render.Format(output_format.value)
    try:
        query = Query.open(db)
    except UsageError as exc:
        fail_usage(str(exc))
    try:
        rendered = ask(query)
    except UnknownActor as exc:
        if unknown is not None:
            render.write(unknown(), fmt, sys.stdout)
        say(f"no result: {exc}")
        return
    except UsageError as exc:
        fail_usage(str(exc))
    finally:
        query.close()
    show(rendered, fmt)


def ingest_command(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...", help="Same inputs as `sanderling code`: files, directories, '-' for stdin, .jsonl/.csv corpora."),
    db: str = DB_OPTION,
    published: Optional[str] = PUBLISHED_OPTION,
    batch_size: int = typer.Option(32, "--batch-size", min=1, help="Documents coded per batch."),
) -> None:
    """Code documents and add them to the store, merging reports of the same event.

    Idempotent: a document whose text is already in the store is skipped.  Errors are recorded
    per document and listed at the end; they never stop the batch.
    """
    from ..read import read_inputs

    published = published_option(published)
    try:
        store = EventStore.open(db)
    except UsageError as exc:
        fail_usage(str(exc))
    with store, progress("ingesting", sys.stderr.isatty()) as advance:
        try:
            result = ingest(store, read_inputs(inputs, published, stdin=sys.stdin.buffer), batch_size=batch_size,
                            on_document=lambda o: advance(events=o.mentions, failed=o.status == "failed"))
        except (FileNotFoundError, ValueError) as exc:
            fail_usage(str(exc))
    say(f"{result.documents} document{'s' if result.documents != 1 else ''}: {result.ingested} ingested, "
        f"{result.skipped} already in the store, {result.failed} failed; {result.mentions} events coded -> "
        f"{result.new_events} new canonical events, {result.merged} merged into existing ones; "
        f"{result.seconds:.1f} s ({result.documents_per_second:.1f} docs/s)")
    for problem in result.warnings[:MAX_ERRORS_LISTED] + result.errors[:MAX_ERRORS_LISTED]:
        report(problem)
    if len(result.errors) > MAX_ERRORS_LISTED:
        say(f"... and {len(result.errors) - MAX_ERRORS_LISTED} more errors: `sanderling stats --db {db}`")
    raise typer.Exit(code=1 if result.errors else 0)


def events_command(
    actor: Optional[str] = typer.Option(None, "--actor", help="Actor: a code (FRA), a country name or a person/organisation name."),
    recipient: Optional[str] = typer.Option(None, "--recipient", help="Recipient, same forms as --actor."),
    involving: Optional[str] = typer.Option(None, "--involving", help="Actor or recipient, either role."),
    event_type: Optional[str] = typer.Option(None, "--type", help=TYPE_HELP),
    since: Optional[str] = SINCE_OPTION,
    until: Optional[str] = UNTIL_OPTION,
    place: Optional[str] = typer.Option(None, "--place", help="A place name (Kyiv) or a country (UKR, Ukraine)."),
    limit: int = typer.Option(100, "--limit", min=1, help="At most this many events, newest first."),
    db: str = DB_OPTION,
    output_format: QueryFormat = FORMAT_OPTION,
) -> None:
    """List canonical events, newest first."""

    def ask(q: Query) -> render.Rendered:
        found = q.events(actor=actor, recipient=recipient, involving=involving, type=event_type, since=since,
                         until=until, place=place, limit=limit)
        return render.events([e.to_dict() for e in found])

    _answer(db, output_format, ask, lambda: render.events([]))


def last_contact_command(
    a: str = typer.Argument(..., help="First actor: code, country name or person name."),
    b: str = typer.Argument(..., help="Second actor."),
    before: Optional[str] = typer.Option(None, "--before", metavar="YYYY-MM-DD", help="Only events strictly before this date."),
    event_type: str = typer.Option(",".join(DEFAULT_CONTACT_TYPES), "--type", help=TYPE_HELP + " Default: what the ontology counts as contact (CONSULT: calls, meetings, visits)."),
    mode: Optional[str] = typer.Option(None, "--mode", help="Only events with this mode (phone, visit, ...)."),
    db: str = DB_OPTION,
    output_format: QueryFormat = FORMAT_OPTION,
) -> None:
    """The last event between A and B (either direction), and the gap to the one before it."""
    _answer(db, output_format,
            lambda q: render.last_contact(q.last_contact(a, b, before=before, type=event_type, mode=mode)),
            lambda: render.last_contact(LastContact.none()))


def timeline_command(
    a: str = typer.Argument(..., help="Actor: code, country name or person name."),
    b: Optional[str] = typer.Argument(None, help="Optional second actor: only events between A and B."),
    by: Period = typer.Option(Period.month, "--by", help="Period length."),
    event_type: Optional[str] = typer.Option(None, "--type", help=TYPE_HELP),
    since: Optional[str] = SINCE_OPTION,
    until: Optional[str] = UNTIL_OPTION,
    quad: bool = typer.Option(False, "--quad", help="Add counts per PLOVER quad category and the mean PLOVER score."),
    db: str = DB_OPTION,
    output_format: QueryFormat = FORMAT_OPTION,
) -> None:
    """Events per week or month involving A (and B)."""
    _answer(db, output_format,
            lambda q: render.timeline(q.timeline(a, b, by=by.value, type=event_type, since=since, until=until, quad=quad)),
            lambda: render.timeline(Timeline.none(by.value, quad)))


def search_command(
    text: str = typer.Argument(..., help="Words that must all occur in the evidence sentence."),
    event_type: Optional[str] = typer.Option(None, "--type", help=TYPE_HELP),
    limit: int = typer.Option(20, "--limit", min=1),
    db: str = DB_OPTION,
    output_format: QueryFormat = FORMAT_OPTION,
) -> None:
    """Search the evidence sentences of every coded event."""
    _answer(db, output_format, lambda q: render.search(q.search(text, limit=limit, type=event_type), text))


def export_command(
    output_format: ExportFormat = typer.Option(..., "--format", help="plover-json: PLOVER JSON lines; csv: POLECAT-style columns; parquet: the same columns, typed."),
    out: Optional[Path] = typer.Option(None, "--out", help="Output file (required for parquet; default stdout)."),
    db: str = DB_OPTION,
) -> None:
    """Export every canonical event (columns documented in docs/export.md)."""
    if output_format is ExportFormat.parquet and out is None:
        fail_usage("--format parquet needs --out FILE")
    try:
        query = Query.open(db)
    except UsageError as exc:
        fail_usage(str(exc))
    with query:
        records = exporting.iter_records(query.con)
        if output_format is ExportFormat.parquet:
            n = exporting.write_parquet(records, out)
        else:
            writer = exporting.write_csv if output_format is ExportFormat.csv else exporting.write_plover_json
            if out is None:
                n = writer(records, sys.stdout)
            else:
                with open(out, "w", encoding="utf-8", newline="") as handle:
                    n = writer(records, handle)
    say(f"exported {n} events" + (f" to {out}" if out else ""))


def stats_command(
    db: str = DB_OPTION,
    output_format: QueryFormat = FORMAT_OPTION,
    list_errors: bool = typer.Option(False, "--errors", help="Also list every recorded error and warning."),
) -> None:
    """What the store holds: documents, mentions, canonical events, actors, errors."""

    def ask(q: Query) -> render.Rendered:
        figures = q.stats()
        if list_errors:
            figures["error_list"] = q.errors()
        return render.stats(figures)

    _answer(db, output_format, ask)


def register(app: typer.Typer) -> None:
    """Add the store commands to the ``sanderling`` app."""
    app.command("ingest")(ingest_command)
    app.command("events")(events_command)
    app.command("last-contact")(last_contact_command)
    app.command("timeline")(timeline_command)
    app.command("search")(search_command)
    app.command("export")(export_command)
    app.command("stats")(stats_command)
