"""What every command shares: messages on stderr, usage errors (exit code 2), the progress line, the options
read by one rule, and writing a rendered result.

Exit codes of every command: 0 done (a query with no answer included: the empty answer is printed in the chosen
format and a note goes to stderr); 1 some documents could not be read, coded or stored (each is listed on stderr
as ``error: <doc id>: <code>: <message> (<where>)``; the others were); 2 bad usage (``error: <message>``).
The codes are those of :mod:`sanderling.errors`.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager
from datetime import date
from typing import Callable, Iterator, NoReturn, Optional

import typer

from .. import render
from ..model import PUBLISHED_FORMS, ReadError, parse_published

PUBLISHED_OPTION = typer.Option(
    None, "--published", metavar="DATE",
    help="Publication date (YYYY-MM-DD, ISO 8601 or RFC 2822) for documents that do not carry their own; relative"
         " dates ('on Wednesday', 'days after the call') are resolved against it.")


def say(line: str) -> None:
    """One line on stderr (errors, warnings, notes, summaries): stdout is for results only."""
    print(line, file=sys.stderr, flush=True)


def report(problem: ReadError) -> None:
    """A document that could not be read, coded or stored, or a warning about one: ``error: …``/``warning: …``."""
    say(f"{'warning' if problem.is_warning else 'error'}: {problem}")


def fail_usage(message: str) -> NoReturn:
    say(f"error: {message}")
    raise typer.Exit(code=2)


def published_option(value: Optional[str]) -> Optional[date]:
    """``--published`` as a day, read by the one rule for publication dates (model.parse_published (the same for `code`
    and `ingest`, and for a corpus row's own date)."""
    if value is None:
        return None
    parsed = parse_published(value)
    if parsed is None:
        fail_usage(f"--published {value!r} is not a date: give {PUBLISHED_FORMS}")
    return parsed


def show(rendered: render.Rendered, fmt: render.Format, out=None) -> None:
    """Write a result to stdout (or ``out``) in the chosen format, and say on stderr when it is empty."""
    render.write(rendered, fmt, out or sys.stdout)
    if rendered.empty:
        say(rendered.empty)


@contextmanager
def progress(label: str, enabled: bool) -> Iterator[Callable[..., None]]:
    """A progress line on stderr (documents done, their rate, events, failures); ``advance(events=, failed=)``
    after each document. Shown only when ``enabled`` (by default: when stderr is a terminal)."""
    if not enabled:
        yield lambda events=0, failed=0: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    bar = Progress(SpinnerColumn(), TextColumn(label), BarColumn(bar_width=None), TextColumn("{task.completed} docs"),
                   TextColumn("{task.fields[rate]}"), TextColumn("{task.fields[events]} events, {task.fields[failed]} failed"),
                   TimeElapsedColumn(), console=Console(stderr=True), transient=True)
    with bar:
        task = bar.add_task(label, total=None, rate="", events=0, failed=0)
        counts = {"events": 0, "failed": 0}

        def advance(events: int = 0, failed: int = 0) -> None:
            counts["events"] += events
            counts["failed"] += failed
            done = bar.tasks[0].completed + 1
            elapsed = bar.tasks[0].elapsed or 0
            bar.update(task, advance=1, rate=f"{done / elapsed:.1f} docs/s" if elapsed else "", **counts)

        yield advance
