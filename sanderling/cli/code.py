"""``sanderling code``: documents in, PLOVER events out (JSON lines, JSON or a table).

Exit codes: 0 every document was read and coded (some may have no events); 1 at least one document
could not be read or coded (each is reported on stderr with its id; the others were still coded);
2 bad usage.
"""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Iterator, Optional

import typer

from .. import render
from ..model import Document, ReadError
from .common import PUBLISHED_OPTION, progress, published_option, report, say, show


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


def _documents(inputs: list[str], published: Optional[str], failures: list) -> Iterator[Document]:
    """Documents from the readers; read errors are reported as they come and the stream goes on."""
    from ..read import read_inputs

    for item in read_inputs(inputs, published, stdin=sys.stdin.buffer):
        if isinstance(item, ReadError):
            report(item)
            if not item.is_warning:
                failures.append(item)
            continue
        yield item


def code_command(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...", help="A .txt or .html file, a directory of them, '-' for stdin, or a .jsonl/.csv corpus (columns id, text or html, published, title, url, source)."),
    published: Optional[str] = PUBLISHED_OPTION,
    output_format: OutputFormat = typer.Option(OutputFormat.table, "--format", help="jsonl: one event per line (the output contract); json: one array; table: a readable summary."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write events here instead of stdout."),
    min_confidence: float = typer.Option(0.0, "--min-confidence", min=0.0, max=1.0, help="Leave out events whose confidence is below this."),
    batch_size: int = typer.Option(32, "--batch-size", min=1, help="Documents parsed together (spaCy nlp.pipe)."),
    show_progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Progress bar on stderr (default: when stderr is a terminal)."),
) -> None:
    """Code documents into PLOVER events: who did what to whom, when, where, how many, with evidence."""
    from ..coder.pipeline import Coder

    published = published_option(published)
    fmt = render.Format(output_format.value)
    failures: list = []
    coder = Coder.load()
    sink = out.open("w", encoding="utf-8") if out else sys.stdout
    collected: list[dict] = []
    n_events = 0
    try:
        with progress("coding", sys.stderr.isatty() if show_progress is None else show_progress) as advance:
            for result in coder.code(_documents(inputs, published, failures), batch_size=batch_size):
                for err in result.errors:
                    failures.append(err)
                    report(err)
                kept = [ev.to_dict() for ev in result.events if ev.confidence >= min_confidence]
                n_events += len(kept)
                advance(events=len(kept), failed=bool(result.errors))
                if fmt is render.Format.jsonl:  # streamed: a corpus never has to fit in memory
                    sink.writelines(render.json_line(ev) + "\n" for ev in kept)
                else:
                    collected.extend(kept)
        if fmt is not render.Format.jsonl:
            show(render.events(collected, empty="no events found"), fmt, sink)
    finally:
        if out:
            sink.close()
    if failures:
        say(f"{len(failures)} document(s) could not be coded; {n_events} events from the others")
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    app.command("code")(code_command)
