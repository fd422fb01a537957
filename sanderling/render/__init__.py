"""Rendering: coded events and query answers as a table (for people), JSON or CSV (for programs).

Every command of the CLI, and the HTTP API, turns its result into a :class:`Rendered` with one of the builders
here (:func:`events`, :func:`last_contact`, :func:`timeline`, :func:`search`, :func:`stats`) and writes it with
:func:`write` (or takes ``rendered.data`` as its JSON body and :func:`csv_text` as its CSV one), so each result has
one JSON shape, one set of CSV columns and one table whatever shows it. Nothing here queries or codes anything.

JSON is the output contract (``Event.to_dict``; canonical events add ``sources``, ``conflicts``, ``n_mentions``
...); CSV rows of events use the POLECAT-style columns of :mod:`sanderling.store.export` (docs/export.md).
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Callable, Optional, Sequence, TextIO

from ..store.export import CSV_COLUMNS, flat_row


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    jsonl = "jsonl"  # events only: one JSON object a line, written as they come


@dataclass
class Rendered:
    """One result, ready for every format."""

    data: Any  # the JSON value
    columns: Sequence[str]  # CSV header
    rows: Sequence[dict] = ()  # CSV rows, keyed by column
    tables: Callable[[], list] = list  # the rich renderables of --format table (built only when asked for)
    empty: Optional[str] = None  # what to tell the user when there is nothing to show


def json_text(value: Any) -> str:
    """The one JSON style of every output: UTF-8 as it is, two-space indent."""
    return json.dumps(value, ensure_ascii=False, indent=2)


def json_line(value: Any) -> str:
    """One value on one line (JSON lines: ``--format jsonl``, streamed as results come)."""
    return json.dumps(value, ensure_ascii=False)


def csv_text(columns: Sequence[str], rows: Sequence[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write(rendered: Rendered, fmt: Format, out: TextIO) -> None:
    """Write ``rendered`` to ``out`` in ``fmt``; an empty table prints nothing (``rendered.empty`` says why)."""
    if fmt is Format.json:
        out.write(json_text(rendered.data) + "\n")
    elif fmt is Format.jsonl:
        values = rendered.data if isinstance(rendered.data, list) else [rendered.data]
        out.writelines(json_line(value) + "\n" for value in values)
    elif fmt is Format.csv:
        out.write(csv_text(rendered.columns, rendered.rows))
    else:
        from .tables import console

        screen = console(out)
        for renderable in rendered.tables():
            screen.print(renderable, highlight=False)


# ------------------------------------------------------------------------------------------------ builders


def events(records: Sequence[dict], title: Optional[str] = None, empty: str = "no events match") -> Rendered:
    """Event records (the output contract: coded events, or canonical events with their sources)."""
    from .tables import events_table

    records = list(records)
    return Rendered(
        data=records,
        columns=CSV_COLUMNS,
        rows=[flat_row(r) for r in records],
        tables=lambda: [events_table(records, title or f"{len(records)} event{'s' if len(records) != 1 else ''}")]
        if records else [],
        empty=None if records else empty,
    )


def last_contact(answer) -> Rendered:
    """A :class:`~sanderling.store.query.LastContact`: the last event between two actors and the one before."""
    from .tables import last_contact_tables

    found = [(role, e) for role, e in (("event", answer.event), ("previous", answer.previous)) if e]
    empty = None
    if answer.event is None and answer.a is not None:
        empty = f"no contact between {answer.a.label} and {answer.b.label} matches"
    return Rendered(
        data=answer.to_dict(),
        columns=["Role", "Gap Days", *CSV_COLUMNS],
        rows=[{"Role": role, "Gap Days": answer.gap_days if role == "event" else None, **flat_row(e.to_dict())}
              for role, e in found],
        tables=lambda: last_contact_tables(answer) if answer.event else [],
        empty=empty,
    )


QUAD_COLUMNS = ("quad1", "quad2", "quad3", "quad4", "mean_score")


def timeline(answer) -> Rendered:
    """A :class:`~sanderling.store.query.Timeline`: events per period (and per quad when it was asked for)."""
    from .tables import timeline_table

    rows = answer.to_dict()
    return Rendered(
        data=rows,
        columns=["period", "events", *(QUAD_COLUMNS if answer.quad else ())],
        rows=rows,
        tables=lambda: [timeline_table(answer, rows)] if rows else [],
        empty=None if rows or answer.a is None else "no events match",
    )


SEARCH_COLUMNS = ("mention_id", "event_id", "doc_id", "source", "published", "event_type", "sentence", "score")


def search(hits: Sequence, text: str) -> Rendered:
    """Search hits (:class:`~sanderling.store.query.SearchHit`): evidence sentences holding every word."""
    from .tables import search_table

    rows = [h.to_dict() for h in hits]
    return Rendered(
        data=rows,
        columns=SEARCH_COLUMNS,
        rows=rows,
        tables=lambda: [search_table(rows, text)] if rows else [],
        empty=None if rows else "no evidence sentence matches",
    )


def stats(figures: dict) -> Rendered:
    """What a store holds (``Query.stats()``, with ``error_list`` when the errors were asked for)."""
    from .tables import stats_lines

    rows = [{"name": name, "value": value} for name, value in figures.items() if not isinstance(value, (dict, list))]
    rows += [{"name": f"{kind}.{reason}", "value": n} for kind in ("errors", "warnings")
             for reason, n in figures.get(kind, {}).items()]
    return Rendered(data=figures, columns=("name", "value"), rows=rows, tables=lambda: stats_lines(figures))
