"""The event-store commands: ingest, events, last-contact, timeline, search, export, stats.

Exit codes: 0 success, including a query with no result (the empty result is printed, in the
chosen format, and a one-line note goes to stderr); 1 ``ingest`` could not read or code some
documents (each listed on stderr; the others were stored); 2 bad usage: unknown option value,
bad date, unknown event type, or no store at --db.  An actor the store does not know is not a
usage error: the answer is empty, and stderr says so with the closest names.
"""
from __future__ import annotations

import csv
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Callable, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..store import EventStore, LastContact, Query, QueryError, StoreError, UnknownActor, ingest
from ..store import export as exporting
from ..store.db import DEFAULT_DB
from .common import PUBLISHED_OPTION, published_option

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


def _stderr() -> Console:
    return Console(stderr=True, soft_wrap=True)


def _stdout() -> Console:
    return Console(soft_wrap=False, width=max(Console().width, 140))


def _fail_usage(message: str) -> None:
    _stderr().print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code=2)


def _run_query(db: str, action: Callable[[Query], None], empty: Optional[Callable[[], None]] = None) -> None:
    """Open the store read-only, run the action, and map the query layer's errors to exit codes.
    An unknown actor is an empty answer (``empty`` prints it in the chosen format), not an error."""
    try:
        query = Query.open(db)
    except StoreError as exc:
        _fail_usage(str(exc))
    try:
        action(query)
    except UnknownActor as exc:
        if empty:
            empty()
        _stderr().print(f"no result: {exc}", highlight=False)
        raise typer.Exit(code=0)
    except QueryError as exc:
        _fail_usage(str(exc))
    finally:
        query.close()


def _entities(entities: list[dict]) -> str:
    parts = []
    for e in entities:
        name = e.get("name") or e.get("text") or ""
        code = e.get("code")
        parts.append(f"{name} ({code})" if code and name and name != code else (code or name))
    return ", ".join(dict.fromkeys(parts))


def _events_table(events, title: str) -> Table:
    table = Table(title=title, show_lines=False, title_justify="left")
    for column in ("date", "type", "mode", "actor", "recipient", "place", "dead", "injured", "reports", "evidence", "id"):
        table.add_column(column, overflow="fold")
    for e in events:
        r = e.record
        date_text = e.date_value or (e.date.isoformat() if e.date else "")
        flags = [f for f in ("future", "hypothetical", "negated", "historical") if getattr(e, f)]
        conflicts = sorted((r.get("conflicts") or {}).keys())
        table.add_row(
            date_text + (f" [{', '.join(flags)}]" if flags else ""),
            e.event_type,
            ", ".join(e.modes),
            _entities(r.get("actor") or []),
            _entities(r.get("recipient") or []),
            e.place or "",
            "" if e.dead is None else str(e.dead) + ("*" if "dead" in conflicts else ""),
            "" if e.injured is None else str(e.injured) + ("*" if "injured" in conflicts else ""),
            f"{e.n_mentions} from {e.n_sources} doc{'s' if e.n_sources != 1 else ''}",
            (e.evidence or "")[:160],
            e.event_id,
        )
    return table


def _print_events(events, output_format: QueryFormat, title: str, quiet: bool = False) -> None:
    if output_format is QueryFormat.json:
        typer.echo(json.dumps([e.to_dict() for e in events], ensure_ascii=False, indent=2))
    elif output_format is QueryFormat.csv:
        exporting.write_csv((e.to_dict() for e in events), sys.stdout)
    else:
        if events:
            _stdout().print(_events_table(events, title))
    if not events and not quiet:
        _stderr().print("no events match", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the store commands to the ``sanderling`` app."""

    @app.command("ingest")
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
        errors = _stderr()
        try:
            store = EventStore.open(db)
        except StoreError as exc:
            _fail_usage(str(exc))
        progress = Progress(
            SpinnerColumn(),
            TextColumn("ingesting"),
            BarColumn(bar_width=None),
            TextColumn("{task.completed} docs"),
            TextColumn("{task.fields[rate]:.1f} docs/s"),
            TextColumn("{task.fields[events]} events, {task.fields[failed]} failed"),
            TimeElapsedColumn(),
            console=errors,
            disable=not errors.is_terminal,
        )
        with store, progress:
            task = progress.add_task("ingest", total=None, rate=0.0, events=0, failed=0)
            counts = {"events": 0, "failed": 0}

            def on_document(outcome) -> None:
                counts["events"] += outcome.mentions
                counts["failed"] += outcome.status == "failed"
                elapsed = progress.tasks[0].elapsed or 0
                done = progress.tasks[0].completed + 1
                progress.update(task, advance=1, rate=done / elapsed if elapsed else 0.0, **counts)

            try:
                report = ingest(store, read_inputs(inputs, published, stdin=sys.stdin.buffer), batch_size=batch_size, on_document=on_document)
            except (FileNotFoundError, ValueError) as exc:
                _fail_usage(str(exc))
        errors.print(
            f"{report.documents} document{'s' if report.documents != 1 else ''}: {report.ingested} ingested, {report.skipped} already in the store,"
            f" {report.failed} failed; {report.mentions} events coded -> {report.new_events} new canonical events,"
            f" {report.merged} merged into existing ones; {report.seconds:.1f} s ({report.documents_per_second:.1f} docs/s)",
            highlight=False,
        )
        for warning in report.warnings[:MAX_ERRORS_LISTED]:
            errors.print(f"warning: {warning}", highlight=False, markup=False)
        for error in report.errors[:MAX_ERRORS_LISTED]:
            errors.print(f"error: {error}", highlight=False, markup=False)
        if len(report.errors) > MAX_ERRORS_LISTED:
            errors.print(f"... and {len(report.errors) - MAX_ERRORS_LISTED} more errors: `sanderling stats --db {db}`", highlight=False)
        raise typer.Exit(code=1 if report.errors else 0)

    @app.command("events")
    def events_command(
        actor: Optional[str] = typer.Option(None, "--actor", help="Actor: a code (FRA), a country name or a person/organisation name."),
        recipient: Optional[str] = typer.Option(None, "--recipient", help="Recipient, same forms as --actor."),
        involving: Optional[str] = typer.Option(None, "--involving", help="Actor or recipient, either role."),
        event_type: Optional[str] = typer.Option(None, "--type", help=TYPE_HELP),
        since: Optional[str] = typer.Option(None, "--since", metavar="YYYY-MM-DD", help="Events on or after this date."),
        until: Optional[str] = typer.Option(None, "--until", metavar="YYYY-MM-DD", help="Events on or before this date."),
        place: Optional[str] = typer.Option(None, "--place", help="A place name (Kyiv) or a country (UKR, Ukraine)."),
        limit: int = typer.Option(100, "--limit", min=1, help="At most this many events, newest first."),
        db: str = DB_OPTION,
        output_format: QueryFormat = FORMAT_OPTION,
    ) -> None:
        """List canonical events, newest first."""

        def run(q: Query) -> None:
            found = q.events(actor=actor, recipient=recipient, involving=involving, type=event_type, since=since,
                             until=until, place=place, limit=limit)
            _print_events(found, output_format, f"{len(found)} events")

        _run_query(db, run, lambda: _print_events([], output_format, "", quiet=True))

    @app.command("last-contact")
    def last_contact_command(
        a: str = typer.Argument(..., help="First actor: code, country name or person name."),
        b: str = typer.Argument(..., help="Second actor."),
        before: Optional[str] = typer.Option(None, "--before", metavar="YYYY-MM-DD", help="Only events strictly before this date."),
        event_type: str = typer.Option("CONSULT", "--type", help=TYPE_HELP + " Default: CONSULT (calls, meetings, visits)."),
        mode: Optional[str] = typer.Option(None, "--mode", help="Only events with this mode (phone, visit, ...)."),
        db: str = DB_OPTION,
        output_format: QueryFormat = FORMAT_OPTION,
    ) -> None:
        """The last event between A and B (either direction), and the gap to the one before it."""

        def run(q: Query) -> None:
            show(q.last_contact(a, b, before=before, type=event_type, mode=mode))

        def show(answer) -> None:
            if output_format is QueryFormat.json:
                typer.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
            elif output_format is QueryFormat.csv:
                rows = [(role, e) for role, e in (("event", answer.event), ("previous", answer.previous)) if e]
                writer = csv.DictWriter(sys.stdout, fieldnames=["Role", "Gap Days", *exporting.CSV_COLUMNS], lineterminator="\n")
                writer.writeheader()
                for role, e in rows:
                    writer.writerow({"Role": role, "Gap Days": answer.gap_days if role == "event" else None,
                                     **exporting.flat_row(e.to_dict())})
            elif answer.event:
                out = _stdout()
                out.print(_events_table([e for e in (answer.event, answer.previous) if e],
                                        f"last contact {answer.a.label} – {answer.b.label}"))
                if answer.gap_days is not None:
                    out.print(f"gap: {answer.gap_days} days (~{answer.gap_days / 30.44:.1f} months) since {answer.previous.date_value or answer.previous.date}",
                              highlight=False)
                for s in answer.event.sources:
                    out.print(f"  source: {s.get('source') or '?'} {s.get('published') or ''} {s.get('doc_id')}: {s.get('evidence') or ''}",
                              highlight=False, markup=False)
            if answer.event is None and answer.a is not None:
                _stderr().print(f"no contact between {answer.a.label} and {answer.b.label} matches", highlight=False)

        _run_query(db, run, lambda: show(LastContact(None, None, None, None, None)))

    @app.command("timeline")
    def timeline_command(
        a: str = typer.Argument(..., help="Actor: code, country name or person name."),
        b: Optional[str] = typer.Argument(None, help="Optional second actor: only events between A and B."),
        by: Period = typer.Option(Period.month, "--by", help="Period length."),
        event_type: Optional[str] = typer.Option(None, "--type", help=TYPE_HELP),
        since: Optional[str] = typer.Option(None, "--since", metavar="YYYY-MM-DD"),
        until: Optional[str] = typer.Option(None, "--until", metavar="YYYY-MM-DD"),
        quad: bool = typer.Option(False, "--quad", help="Add counts per PLOVER quad category and the mean PLOVER score."),
        db: str = DB_OPTION,
        output_format: QueryFormat = FORMAT_OPTION,
    ) -> None:
        """Events per week or month involving A (and B)."""

        def run(q: Query) -> None:
            timeline = q.timeline(a, b, by=by.value, type=event_type, since=since, until=until)
            show(timeline.to_dict(), f"{timeline.a.label}" + (f" – {timeline.b.label}" if timeline.b else ""))

        def show(rows: list, who: str) -> None:
            if not quad:
                rows = [{"period": r["period"], "events": r["events"]} for r in rows]
            if output_format is QueryFormat.json:
                typer.echo(json.dumps(rows, indent=2))
            elif output_format is QueryFormat.csv:
                fields = ["period", "events"] + (["quad1", "quad2", "quad3", "quad4", "mean_score"] if quad else [])
                writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
                writer.writeheader()
                writer.writerows(rows)
            elif rows:
                table = Table(title=f"{who}, events per {by.value}", title_justify="left")
                names = {"quad1": "verbal coop.", "quad2": "material coop.", "quad3": "verbal conflict",
                         "quad4": "material conflict", "mean_score": "mean score"}
                for column in rows[0]:
                    table.add_column(names.get(column, column), justify="left" if column == "period" else "right")
                for r in rows:
                    table.add_row(*("" if v is None else str(v) for v in r.values()))
                _stdout().print(table)
            if not rows and who:
                _stderr().print("no events match", highlight=False)

        _run_query(db, run, lambda: show([], ""))

    @app.command("search")
    def search_command(
        text: str = typer.Argument(..., help="Words that must all occur in the evidence sentence."),
        event_type: Optional[str] = typer.Option(None, "--type", help=TYPE_HELP),
        limit: int = typer.Option(20, "--limit", min=1),
        db: str = DB_OPTION,
        output_format: QueryFormat = FORMAT_OPTION,
    ) -> None:
        """Search the evidence sentences of every coded event."""

        def run(q: Query) -> None:
            hits = q.search(text, limit=limit, type=event_type)
            rows = [h.to_dict() for h in hits]
            if output_format is QueryFormat.json:
                typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            elif output_format is QueryFormat.csv:
                writer = csv.DictWriter(sys.stdout, fieldnames=list(SEARCH_FIELDS), lineterminator="\n")
                writer.writeheader()
                writer.writerows(rows)
            elif rows:
                table = Table(title=f"{len(rows)} evidence sentences matching {text!r}", title_justify="left")
                for column in ("published", "source", "type", "sentence", "event_id"):
                    table.add_column(column, overflow="fold")
                for r in rows:
                    table.add_row(r["published"] or "", r["source"] or "", r["event_type"], r["sentence"], r["event_id"] or "")
                _stdout().print(table)
            if not rows:
                _stderr().print("no evidence sentence matches", highlight=False)

        _run_query(db, run)

    @app.command("export")
    def export_command(
        output_format: ExportFormat = typer.Option(..., "--format", help="plover-json: PLOVER JSON lines; csv: POLECAT-style columns; parquet: the same columns, typed."),
        out: Optional[Path] = typer.Option(None, "--out", help="Output file (required for parquet; default stdout)."),
        db: str = DB_OPTION,
    ) -> None:
        """Export every canonical event (columns documented in docs/export.md)."""
        if output_format is ExportFormat.parquet and out is None:
            _fail_usage("--format parquet needs --out FILE")

        def run(q: Query) -> None:
            records = exporting.iter_records(q.con)
            if output_format is ExportFormat.parquet:
                n = exporting.write_parquet(records, out)
            else:
                writer = exporting.write_csv if output_format is ExportFormat.csv else exporting.write_plover_json
                if out is None:
                    n = writer(records, sys.stdout)
                else:
                    with open(out, "w", encoding="utf-8", newline="") as handle:
                        n = writer(records, handle)
            _stderr().print(f"exported {n} events" + (f" to {out}" if out else ""), highlight=False)

        _run_query(db, run)

    @app.command("stats")
    def stats_command(
        db: str = DB_OPTION,
        output_format: QueryFormat = FORMAT_OPTION,
        list_errors: bool = typer.Option(False, "--errors", help="Also list every recorded error and warning."),
    ) -> None:
        """What the store holds: documents, mentions, canonical events, actors, errors."""

        def run(q: Query) -> None:
            stats = q.stats()
            if list_errors:
                stats["error_list"] = q.errors()
            if output_format is QueryFormat.json:
                typer.echo(json.dumps(stats, indent=2, ensure_ascii=False))
                return
            if output_format is QueryFormat.csv:
                typer.echo("name,value")
                for name, value in stats.items():
                    if not isinstance(value, (dict, list)):
                        typer.echo(f"{name},{'' if value is None else value}")
                for kind in ("errors", "warnings"):
                    for reason, n in stats[kind].items():
                        typer.echo(f"{kind}.{reason},{n}")
                return
            out = _stdout()
            for name, value in stats.items():
                if name != "error_list":
                    out.print(f"{name}: {value}", highlight=False, markup=False)
            for e in stats.get("error_list", []):
                out.print(f"{e['severity']}: {e['doc_id']}: {e['reason']}: {e['message']} ({e['origin']})", highlight=False, markup=False)

        _run_query(db, run)


SEARCH_FIELDS = ("mention_id", "event_id", "doc_id", "source", "published", "event_type", "sentence", "score")
