"""The ``sanderling`` command line (Typer).

Exit codes: 0 all documents were read and coded (some may have produced no events);
1 at least one document could not be read or coded (each reported on stderr with its id,
the others were still coded); 2 bad usage.
"""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(
    help="Turn news reports into PLOVER event records, offline, with evidence for every field.",
    no_args_is_help=True,
    add_completion=False,
)


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


@app.command("code")
def code_command(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...", help="A .txt or .html file, a directory of them, '-' for stdin, or a .jsonl/.csv corpus (columns id, text or html, published, title, url, source)."),
    published: Optional[str] = typer.Option(None, "--published", metavar="YYYY-MM-DD", help="Publication date for documents that do not carry their own; relative dates ('on Wednesday') are resolved against it."),
    output_format: OutputFormat = typer.Option(OutputFormat.table, "--format", help="jsonl: one event per line; json: one array; table: a readable summary."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write events here instead of stdout."),
) -> None:
    """Code documents into PLOVER events."""
    raise typer.Exit(code=0)


from .cli_store import register as register_store_commands; register_store_commands(app)  # noqa: E402,E702


def main() -> None:  # pragma: no cover - entry point
    app()
