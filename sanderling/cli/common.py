"""What every command shares: messages on stderr, usage errors (exit code 2), options read by one rule."""
from __future__ import annotations

import sys
from typing import NoReturn, Optional

import typer

from ..read.readers import PUBLISHED_FORMS, parse_published


def say(line: str) -> None:
    """One line on stderr (errors, warnings, summaries): stdout is for results only."""
    print(line, file=sys.stderr, flush=True)


def fail_usage(message: str) -> NoReturn:
    say(f"error: {message}")
    raise typer.Exit(code=2)


PUBLISHED_OPTION = typer.Option(
    None, "--published", metavar="DATE",
    help="Publication date (YYYY-MM-DD, ISO 8601 or RFC 2822) for documents that do not carry their own; relative"
         " dates ('on Wednesday', 'days after the call') are resolved against it.")


def published_option(value: Optional[str]) -> Optional[str]:
    """``--published`` as YYYY-MM-DD, read by the readers' one rule for publication dates (the same for `code`
    and `ingest`, and for a corpus row's own date)."""
    if value is None:
        return None
    parsed = parse_published(value)
    if parsed is None:
        fail_usage(f"--published {value!r} is not a date: give {PUBLISHED_FORMS}")
    return parsed
