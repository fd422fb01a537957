"""Snapshot the coder's output on every development set, and compare two snapshots byte for byte.

A refactoring that must not change behaviour is checked by taking a snapshot before it and one after it:

    python scripts/snapshot_outputs.py write /tmp/before      # on the old commit
    python scripts/snapshot_outputs.py write /tmp/after       # on the new one
    python scripts/snapshot_outputs.py compare /tmp/before /tmp/after

``write`` codes each set with the shipped coder (rules + classifier) and writes one canonical JSONL file per set,
one line per document: ``{"doc_id", "errors", "events"}`` with the events in the output contract
(``Event.to_dict``), in the coder's order. The sets:

- ``gsr_dev``, ``plv_train``: ../shared/data gold sentences, each sentence a document (as ``sanderling eval``);
- ``corpus_a``, ``corpus_b``: the team corpus (corpus/events-v1/part-*.jsonl), each row a document;
- ``team_sentences``: tests/data/team_sentences.jsonl, each row a document;
- ``reports``, ``reference``: examples/reports.jsonl and the reference article through the readers, as ``sanderling
  code`` reads them (the reference with --published 2025-07-05);
- ``store``: examples/reports.jsonl ingested into a fresh store, its canonical events exported (PLOVER JSON lines
  without the export date);
- ``cli``: what the CLI prints (stdout, stderr, exit code) for `code`, `ingest` and every query command in every
  format on that store, and for a directory of bad inputs. Run times and temporary paths are masked.

``compare`` prints, per set, ``same`` or the first differing line, and exits 1 when any set differs. ``--sets``
limits either mode to some sets.
"""
from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REFERENCE = ROOT / "examples" / "putin-macron-call.txt"
REPORTS = ROOT / "examples" / "reports.jsonl"
ROW_SETS = {
    "gsr_dev": SHARED / "data" / "plover-gsr" / "gsr_dev.jsonl",
    "plv_train": SHARED / "data" / "plv" / "plv_train.jsonl",
    "corpus_a": ROOT / "corpus" / "events-v1" / "part-a.jsonl",
    "corpus_b": ROOT / "corpus" / "events-v1" / "part-b.jsonl",
    "team_sentences": ROOT / "tests" / "data" / "team_sentences.jsonl",
}
SETS = (*ROW_SETS, "reports", "reference", "store", "cli")
NEWLINE = b"\n"


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _read_inputs():
    try:  # the readers moved into sanderling.read with the layout of issue 11
        from sanderling.read import read_inputs
    except ImportError:
        from sanderling.readers import read_inputs
    return read_inputs


def _result_line(result) -> str:
    return _dumps({"doc_id": result.document.id, "errors": [str(e) for e in result.errors],
                   "events": [e.to_dict() for e in result.events]})


def _code_rows(coder, path: Path) -> list[str]:
    """Each row a document (id, text, published), as `sanderling eval` builds them."""
    from sanderling.model import Document

    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    docs = [Document(id=r["id"], text=r["text"], published=r.get("published")) for r in rows]
    return [_result_line(r) for r in coder.code(docs)]


def _code_read(coder, inputs: list[str], published) -> list[str]:
    """Through the readers, as `sanderling code` reads its inputs: read errors and warnings are lines too."""
    from sanderling.model import ReadError

    lines, docs = [], []
    for item in _read_inputs()(inputs, published):
        if isinstance(item, ReadError):
            lines.append(_dumps({"read_error": str(item)}))
        else:
            docs.append(item)
    return lines + [_result_line(r) for r in coder.code(docs)]


def _store(tmp: Path) -> list[str]:
    from sanderling.store import EventStore, Query, ingest
    from sanderling.store.export import iter_records

    path = tmp / "snapshot-store.duckdb"
    with EventStore.open(str(path)) as store:
        ingest(store, _read_inputs()([str(REPORTS)]))
    with Query.open(str(path)) as q:
        records = list(iter_records(q.con))
    lines = []
    for r in records:
        r.pop("coded_date", None)
        lines.append(_dumps(r))
    return lines


_MASKS = (
    (re.compile(r"\d+\.\d s \(\d+\.\d docs/s\)"), "<seconds>"),
    (re.compile(r'"coded_date": "\d{4}-\d{2}-\d{2}"'), '"coded_date": "<today>"'),
    (re.compile(r'"(first_ingested|last_ingested|ingested_at|updated_at|created_at)": "[^"]*"'), r'"\1": "<time>"'),
)


def _bad_inputs(tmp: Path) -> Path:
    """A directory of inputs the readers must reject or warn about, one reason each."""
    bad = tmp / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (bad / "latin1.txt").write_bytes("Le président a rencontré le ministre à Genève mercredi.".encode("latin-1"))
    (bad / "russian-short.txt").write_text("Путин позвонил Макрону.", "utf-8")
    (bad / "russian-long.txt").write_text(
        "Президент России Владимир Путин провел телефонный разговор с президентом Франции Эммануэлем Макроном. "
        "Стороны обсудили ситуацию на Украине и на Ближнем Востоке, а также вопросы двусторонних отношений.", "utf-8")
    (bad / "no-text.html").write_text("<html><body><script>var a = 1;</script></body></html>", "utf-8")
    rows = [
        {"id": "dup", "text": "France condemned the attack on Kyiv on Monday.", "published": "2025-07-07"},
        {"id": "dup", "text": "Germany condemned the attack on Kyiv on Tuesday.", "published": "2025-07-08"},
        {"id": "bad-date", "text": "Japan protested to China on Friday.", "published": "yesterday"},
        {"id": "rfc-date", "text": "Japan protested to China on Friday.", "published": "Sat, 05 Jul 2025 10:00:00 +0000"},
        {"id": "no-text", "title": "a title alone"},
    ]
    (bad / "rows.jsonl").write_text("".join(_dumps(r) + "\n" for r in rows) + "{not json\n", "utf-8")
    return bad


def _cli(tmp: Path) -> list[str]:
    from typer.testing import CliRunner

    from sanderling.cli import app

    runner = CliRunner()
    db = str(tmp / "cli-store.duckdb")
    bad = _bad_inputs(tmp)
    out_file = tmp / "export.out"
    ref = str(REFERENCE)
    commands: list[list[str]] = [
        ["code", ref, "--published", "2025-07-05", "--format", "table"],
        ["code", ref, "--published", "2025-07-05", "--format", "json"],
        ["code", ref, "--published", "2025-07-05", "--format", "jsonl", "--min-confidence", "0.8"],
        ["code", ref, "--published", "05/07/2025"],
        ["code", ref, "--published", "2025-07-05T10:00:00"],
        ["code", str(bad), "--format", "jsonl"],
        ["ingest", str(REPORTS), "--db", db],
        ["ingest", str(REPORTS), "--db", db],
        ["ingest", str(bad), "--db", str(tmp / "bad-store.duckdb")],
        ["ingest", str(REPORTS), "--db", str(tmp / "other.duckdb"), "--published", "not-a-date"],
        ["ingest", str(REPORTS), "--db", str(tmp / "other2.duckdb"), "--published", "Sat, 05 Jul 2025 10:00:00 +0000"],
    ]
    for fmt in ("table", "json", "csv"):
        commands += [
            ["events", "--db", db, "--format", fmt],
            ["events", "--actor", "FRA", "--type", "CONSULT", "--since", "2025-01-01", "--db", db, "--format", fmt],
            ["events", "--involving", "Ukraine", "--place", "Kyiv", "--db", db, "--format", fmt],
            ["events", "--actor", "Nobody Atall", "--db", db, "--format", fmt],
            ["last-contact", "Emmanuel Macron", "Vladimir Putin", "--db", db, "--format", fmt],
            ["last-contact", "FRA", "RUS", "--before", "2025-07-01", "--db", db, "--format", fmt],
            ["last-contact", "FRA", "BRA", "--db", db, "--format", fmt],
            ["timeline", "RUS", "UKR", "--by", "week", "--quad", "--db", db, "--format", fmt],
            ["timeline", "RUS", "--db", db, "--format", fmt],
            ["search", "drone attack Kyiv", "--db", db, "--format", fmt],
            ["search", "no such words here", "--db", db, "--format", fmt],
            ["stats", "--db", db, "--errors", "--format", fmt],
        ]
    commands += [
        ["events", "--type", "NOSUCH", "--db", db],
        ["events", "--since", "July", "--db", db],
        ["events", "--db", str(tmp / "missing" / "none.duckdb")],
        ["export", "--format", "plover-json", "--db", db],
        ["export", "--format", "csv", "--db", db],
        ["export", "--format", "csv", "--out", str(out_file), "--db", db],
        ["export", "--format", "parquet", "--db", db],
    ]
    lines = []
    for args in commands:
        result = runner.invoke(app, args)
        record = {"args": args, "exit": result.exit_code, "stdout": result.stdout, "stderr": result.stderr}
        if args[0] == "export" and "--out" in args:
            record["file"] = out_file.read_text("utf-8")
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            record["exception"] = f"{type(result.exception).__name__}: {result.exception}"
        text = _dumps(record).replace(str(tmp), "<tmp>").replace(str(ROOT), "<repo>")
        for pattern, mask in _MASKS:
            text = pattern.sub(mask, text)
        lines.append(text)
    return lines


def write(folder: Path, sets: list[str]) -> None:
    os.environ.setdefault("COLUMNS", "200")  # rich tables: the same width everywhere
    try:  # the coder moved into sanderling.coder with the layout of issue 11
        from sanderling.coder.pipeline import Coder
    except ImportError:
        from sanderling.pipeline import Coder

    folder.mkdir(parents=True, exist_ok=True)
    coder = Coder.load()
    with tempfile.TemporaryDirectory(prefix="sanderling-snapshot-") as name:
        tmp = Path(name)
        for s in sets:
            if s in ROW_SETS:
                lines = _code_rows(coder, ROW_SETS[s])
            elif s == "reports":
                lines = _code_read(coder, [str(REPORTS)], None)
            elif s == "reference":
                lines = _code_read(coder, [str(REFERENCE)], "2025-07-05")
            elif s == "store":
                lines = _store(tmp)
            else:
                lines = _cli(tmp)
            (folder / f"{s}.jsonl").write_text("".join(line + "\n" for line in lines), "utf-8")
            print(f"{s}: {len(lines)} lines", file=sys.stderr)


def compare(a: Path, b: Path, sets: list[str]) -> int:
    differing = 0
    for s in sets:
        fa, fb = a / f"{s}.jsonl", b / f"{s}.jsonl"
        if not fa.exists() or not fb.exists():
            print(f"{s}: missing in {a if not fa.exists() else b}")
            differing += 1
            continue
        da, db = fa.read_bytes(), fb.read_bytes()
        if da == db:
            print(f"{s}: same ({da.count(NEWLINE)} lines, {len(da)} bytes)")
            continue
        differing += 1
        la, lb = da.decode("utf-8").splitlines(), db.decode("utf-8").splitlines()
        changed = sum(1 for x, y in zip(la, lb) if x != y) + abs(len(la) - len(lb))
        print(f"{s}: DIFFERENT ({changed} of {len(la)} lines)")
        for line in list(difflib.unified_diff(la, lb, str(fa), str(fb), n=0, lineterm=""))[:8]:
            print("   " + (line if len(line) < 600 else line[:600] + " …"))
    return 1 if differing else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="mode", required=True)
    w = sub.add_parser("write", help="code every set and write one JSONL file per set into FOLDER")
    w.add_argument("folder", type=Path)
    c = sub.add_parser("compare", help="compare two snapshot folders byte for byte")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    for p in (w, c):
        p.add_argument("--sets", default=",".join(SETS), help=f"comma-separated, of: {', '.join(SETS)}")
    args = ap.parse_args()
    sets = [s for s in args.sets.split(",") if s]
    unknown = set(sets) - set(SETS)
    if unknown:
        ap.error(f"unknown sets: {', '.join(sorted(unknown))}")
    if args.mode == "write":
        write(args.folder, sets)
    else:
        sys.exit(compare(args.a, args.b, sets))


if __name__ == "__main__":
    main()
