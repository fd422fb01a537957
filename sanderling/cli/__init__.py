"""The ``sanderling`` command line (Typer): one module per group of commands.

    code    `sanderling code`: documents in, events out
    store   `ingest`, `events`, `last-contact`, `timeline`, `search`, `export`, `stats`
    eval    `sanderling eval`: the coder against gold sentences
    train   `sanderling train`: rebuild the event classifier
"""
from __future__ import annotations

import typer

from . import code, eval, store, train

app = typer.Typer(
    help="Turn news reports into PLOVER event records, offline, with evidence for every field.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        from .. import __version__

        print(__version__)
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", help="Print the version and exit.", is_eager=True,
                                 callback=_print_version),
) -> None:
    """sanderling: news reports in, PLOVER event records out, with the words that prove every field."""


code.register(app)
store.register(app)
train.register(app)
eval.register(app)


def main() -> None:  # pragma: no cover - entry point
    app()
