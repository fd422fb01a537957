"""The tables of ``--format table`` (rich): one events table for coded and canonical events alike."""
from __future__ import annotations

from typing import Sequence, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

# Off a terminal (a file, a pipe) tables are laid out this wide, the same on every machine.
FILE_WIDTH = 200
FLAGS = ("historical", "future", "hypothetical", "negated")
QUAD_NAMES = {"quad1": "verbal coop.", "quad2": "material coop.", "quad3": "verbal conflict",
              "quad4": "material conflict", "mean_score": "mean score"}


def console(out: TextIO) -> Console:
    return Console(file=out, width=None if out.isatty() else FILE_WIDTH, soft_wrap=False)


def _entities(entities: Sequence[dict]) -> str:
    """One line a party: its name and its code and sector ("Vladimir Putin (RUS/GOV)")."""
    lines = []
    for e in entities:
        name = e.get("name") or e.get("text") or ""
        code = "/".join(x for x in (e.get("code"), e.get("sector")) if x)
        lines.append(f"{name} ({code})" if code and name and name != e.get("code") else (code or name))
    return "\n".join(dict.fromkeys(lines)) or "-"


def _date(record: dict) -> str:
    d = record.get("date") or {}
    if d.get("earliest") and d.get("latest") and d["earliest"] != d["latest"]:
        return f"{d['earliest']}..{d['latest']}"
    return d.get("value") or "-"


def _numbers(record: dict) -> str:
    conflicts = record.get("conflicts") or {}
    out = []
    for k in ("dead", "injured", "size"):
        if record.get(k) is not None:
            at_least = "≥" if record.get(f"{k}_qualifier") == "at_least" else ""
            out.append(f"{k} {at_least}{record[k]}{'*' if k in conflicts else ''}")
    out += [f"{q['value']:g} {q['unit']}" for q in record.get("quantities") or []]
    if record.get("duration_minutes"):
        out.append(f"{record['duration_minutes']:g} min")
    return "\n".join(out) or "-"


def _evidence(record: dict) -> Text:
    """The evidence sentence to show, trigger in bold: the one holding the event's date words, else the first."""
    evidence = record.get("evidence") or []
    if not evidence:
        return Text("-")
    date = record.get("date") or {}
    own_date = date.get("start") is not None and date.get("doc_id", record.get("doc_id")) == record.get("doc_id")
    pick = next((e for e in evidence if own_date and e["start"] <= date["start"] < e["end"]), evidence[0])
    shown = Text(pick["sentence"])
    shown.stylize("bold", pick["trigger_start"] - pick["start"], pick["trigger_end"] - pick["start"])
    if len(evidence) > 1:
        shown.append(f"  (+{len(evidence) - 1} more)", style="dim")
    return shown


def events_table(records: Sequence[dict], title: str) -> Table:
    """Coded events (``sanderling code``) or canonical ones (the store: with their reports and ids)."""
    canonical = any("sources" in r for r in records)
    table = Table(title=title, title_justify="left", show_lines=True)
    for column, width in (("date", 12), ("type", 12), ("mode", 12), ("actor", 26), ("recipient", 24), ("place", 12),
                          ("numbers", 14), *((("reports", 13),) if canonical else ()), ("evidence (trigger in bold)", 64),
                          *((("id", 20),) if canonical else ())):
        table.add_column(column, overflow="fold", max_width=width)
    for r in records:
        flags = [f for f in FLAGS if r.get(f)]
        reports = f"{r.get('n_mentions')} from {r.get('n_sources')} doc{'s' if r.get('n_sources') != 1 else ''}"
        table.add_row(
            _date(r),
            r["event_type"] + (f"\n({', '.join(flags)})" if flags else ""),
            ", ".join(r.get("mode") or []) or "-",
            _entities(r.get("actor") or []),
            _entities(r.get("recipient") or []),
            (r.get("location") or {}).get("name") or "-",
            _numbers(r),
            *((reports,) if canonical else ()),
            _evidence(r),
            *((r["id"],) if canonical else ()),
        )
    return table


def last_contact_tables(answer) -> list:
    shown = [e.to_dict() for e in (answer.event, answer.previous) if e]
    out: list = [events_table(shown, f"last contact {answer.a.label} – {answer.b.label}")]
    if answer.gap_days is not None:
        since = answer.previous.date_value or answer.previous.date
        out.append(Text(f"gap: {answer.gap_days} days (~{answer.gap_days / 30.44:.1f} months) since {since}"))
    for s in answer.event.sources:
        out.append(Text(f"  source: {s.get('source') or '?'} {s.get('published') or ''} {s.get('doc_id')}: "
                        f"{s.get('evidence') or ''}"))
    return out


def timeline_table(answer, rows: list[dict]) -> Table:
    who = answer.a.label + (f" – {answer.b.label}" if answer.b else "")
    table = Table(title=f"{who}, events per {answer.by}", title_justify="left")
    for column in rows[0]:
        table.add_column(QUAD_NAMES.get(column, column), justify="left" if column == "period" else "right")
    for r in rows:
        table.add_row(*("" if v is None else str(v) for v in r.values()))
    return table


def search_table(rows: list[dict], text: str) -> Table:
    table = Table(title=f"{len(rows)} evidence sentences matching {text!r}", title_justify="left")
    for column in ("published", "source", "type", "sentence", "event_id"):
        table.add_column(column, overflow="fold")
    for r in rows:
        table.add_row(r["published"] or "", r["source"] or "", r["event_type"], r["sentence"], r["event_id"] or "")
    return table


def stats_lines(figures: dict) -> list[Text]:
    out = [Text(f"{name}: {value}") for name, value in figures.items() if name != "error_list"]
    out += [Text(f"{e['severity']}: {e['doc_id']}: {e['reason']}: {e['message']} ({e['origin']})")
            for e in figures.get("error_list", [])]
    return out
