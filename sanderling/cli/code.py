"""``sanderling code``: documents in, PLOVER events out (JSON lines, JSON or a table).

Exit codes: 0 every document was read and coded (some may have no events); 1 at least one document
could not be read or coded (each is reported on stderr with its id; the others were still coded);
2 bad usage.
"""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Iterable, Iterator, Optional, TextIO

import typer

from .common import PUBLISHED_OPTION, published_option


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _documents(inputs: list[str], published: Optional[str], failures: list) -> Iterator:
    """Documents from the readers; read errors are reported as they come and the stream goes on."""
    from ..model import ReadError
    from ..read.readers import is_warning, read_inputs

    for item in read_inputs(inputs, published, stdin=sys.stdin.buffer):
        if isinstance(item, ReadError):
            if is_warning(item):
                _stderr(f"warning: {item}")
            else:
                failures.append(item)
                _stderr(f"error: {item}")
            continue
        yield item


def _progress(items: Iterable, enabled: bool) -> Iterator:
    if not enabled:
        yield from items
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("coding"), BarColumn(), TextColumn("{task.completed} documents"),
                  TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), transient=True,
                  console=__import__("rich.console", fromlist=["Console"]).Console(stderr=True)) as bar:
        task = bar.add_task("coding", total=None, rate="")
        for n, item in enumerate(items, 1):
            yield item
            elapsed = bar.tasks[0].elapsed or 0
            bar.update(task, completed=n, rate=f"{n / elapsed:.1f} docs/s" if elapsed else "")


def _display_evidence(ev: dict) -> tuple[str, int, int]:
    """The evidence sentence to show: the one holding the event's date words, else the first; with the
    trigger's position inside it."""
    evidence = ev.get("evidence") or []
    if not evidence:
        return "", 0, 0
    date = ev.get("date") or {}
    pick = next((e for e in evidence if date.get("start") is not None and e["start"] <= date["start"] < e["end"]), evidence[0])
    return pick["sentence"], pick["trigger_start"] - pick["start"], pick["trigger_end"] - pick["start"]


def _table(events: list, out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{len(events)} events", show_lines=True, expand=False)
    for col, width in (("date", 12), ("type", 12), ("mode", 10), ("actor", 24), ("recipient", 22), ("where", 10),
                       ("numbers", 16), ("evidence (trigger in bold)", 70)):
        table.add_column(col, overflow="fold", max_width=width)

    def who(ents):
        return "\n".join(
            f"{e.get('name') or e.get('text')} [{e.get('code') or '?'}{'/' + e['sector'] if e.get('sector') else ''}]"
            for e in ents) or "-"

    for ev in events:
        d = ev.get("date") or {}
        date = d.get("value") or "-"
        if d.get("earliest") and d.get("latest") and d["earliest"] != d["latest"]:
            date = f"{d['earliest']}..{d['latest']}"
        flags = [f for f in ("historical", "future", "hypothetical", "negated") if ev.get(f)]
        numbers = []
        for k in ("dead", "injured", "size"):
            if ev.get(k) is not None:
                q = ev.get(f"{k}_qualifier")
                numbers.append(f"{k} {'≥' if q == 'at_least' else ''}{ev[k]}")
        numbers += [f"{q['value']:g} {q['unit']}" for q in ev.get("quantities") or []]
        if ev.get("duration_minutes"):
            numbers.append(f"{ev['duration_minutes']:g} min")
        loc = ev.get("location") or {}
        sentence, ts, te = _display_evidence(ev)
        shown = Text(sentence)
        shown.stylize("bold", ts, te)
        more = len(ev.get("evidence") or []) - 1
        if more > 0:
            shown.append(f"  (+{more} more)", style="dim")
        table.add_row(date, ev["event_type"] + (f"\n({', '.join(flags)})" if flags else ""),
                      ", ".join(ev.get("mode") or []) or "-", who(ev.get("actor") or []), who(ev.get("recipient") or []),
                      loc.get("name") or "-", "\n".join(numbers) or "-", shown)
    console = Console(file=out, width=None if out.isatty() else 200)
    console.print(table)


def code_command(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...", help="A .txt or .html file, a directory of them, '-' for stdin, or a .jsonl/.csv corpus (columns id, text or html, published, title, url, source)."),
    published: Optional[str] = PUBLISHED_OPTION,
    output_format: OutputFormat = typer.Option(OutputFormat.table, "--format", help="jsonl: one event per line (the output contract); json: one array; table: a readable summary."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write events here instead of stdout."),
    min_confidence: float = typer.Option(0.0, "--min-confidence", min=0.0, max=1.0, help="Leave out events whose confidence is below this."),
    batch_size: int = typer.Option(32, "--batch-size", min=1, help="Documents parsed together (spaCy nlp.pipe)."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Progress bar on stderr (default: when stderr is a terminal)."),
) -> None:
    """Code documents into PLOVER events: who did what to whom, when, where, how many, with evidence."""
    from ..coder.pipeline import Coder

    published = published_option(published)
    failures: list = []
    coder = Coder.load()
    sink = out.open("w", encoding="utf-8") if out else sys.stdout
    collected: list[dict] = []
    n_events = 0
    show = sys.stderr.isatty() if progress is None else progress
    try:
        for result in _progress(coder.code(_documents(inputs, published, failures), batch_size=batch_size), show):
            for err in result.errors:
                failures.append(err)
                _stderr(f"error: {err}")
            for ev in result.events:
                if ev.confidence < min_confidence:
                    continue
                n_events += 1
                if output_format is OutputFormat.jsonl:
                    sink.write(ev.to_json() + "\n")
                else:
                    collected.append(ev.to_dict())
        if output_format is OutputFormat.json:
            json.dump(collected, sink, ensure_ascii=False, indent=1)
            sink.write("\n")
        elif output_format is OutputFormat.table:
            _table(collected, sink)
    finally:
        if out:
            sink.close()
    if failures:
        _stderr(f"{len(failures)} document(s) could not be coded; {n_events} events from the others")
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    app.command("code")(code_command)
