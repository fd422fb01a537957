"""Issue 4's acceptance, end to end: the store corpus read by the real reader, coded by the real
coder, ingested and queried through the CLI; every part they exercise is also tested on hand-coded events in
test_store.py and test_store_cli.py."""
import json
from datetime import date
from pathlib import Path

import pytest
from store_factories import CORPUS_DIR, corpus_documents, write_corpus_jsonl
from typer.testing import CliRunner

from sanderling.cli import app

EXPECTED = json.loads((CORPUS_DIR / "expected.json").read_text(encoding="utf-8"))["real_events"]
runner = CliRunner()


def cli(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("acceptance")
    corpus = write_corpus_jsonl(tmp / "corpus.jsonl", corpus_documents())
    db = tmp / "store.duckdb"
    result = cli("ingest", corpus, "--db", db)
    assert result.exit_code == 0, result.stderr
    return db


def canonical_events(db) -> list[dict]:
    result = cli("events", "--limit", 100000, "--db", db, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def matches(record: dict, expected: dict) -> bool:
    codes = {e.get("code") for e in record["actor"] + record["recipient"]}
    when = (record.get("date") or {}).get("earliest") or ""
    return (record["event_type"] == expected["event_type"] and set(expected["codes"]) <= codes
            and expected["date_from"] <= when[:10] <= expected["date_to"])


@pytest.mark.parametrize("expected", EXPECTED, ids=[e["what"][:40] for e in EXPECTED])
def test_exactly_one_canonical_event_per_real_event(store, expected):
    found = [r for r in canonical_events(store) if matches(r, expected)]
    assert len(found) == 1, [(r["id"], r["date"], [s["doc_id"] for s in r["sources"]]) for r in found]
    assert set(expected["documents"]) <= {s["doc_id"] for s in found[0]["sources"]}
    for field, values in expected.get("conflicting", {}).items():
        kept = {str(v["value"]): {s["doc_id"] for s in v["sources"]} for v in found[0]["conflicts"][field]["values"]}
        for value, docs in values.items():
            assert set(docs) <= kept[value], (field, value, kept)


def test_last_contact_before_the_call_is_september_2022(store):
    result = cli("last-contact", "FRA", "RUS", "--before", "2025-07-01", "--db", store, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["event"]["date"]["earliest"].startswith("2022-09")


def test_last_contact_between_the_presidents_is_1_july_2025_after_34_months(store):
    result = cli("last-contact", "Emmanuel Macron", "Vladimir Putin", "--db", store, "--format", "json")
    answer = json.loads(result.stdout)
    assert answer["event"]["date"]["earliest"] == "2025-07-01"
    assert answer["previous"]["date"]["earliest"].startswith("2022-09")
    assert round(answer["gap_days"] / 30.44) == 34
    previous = date.fromisoformat(answer["previous"]["date"]["earliest"])
    assert answer["gap_days"] == (date(2025, 7, 1) - previous).days


def test_reingest_changes_nothing(store):
    before_stats = json.loads(cli("stats", "--db", store, "--format", "json").stdout)
    before_ids = sorted(r["id"] for r in canonical_events(store))
    corpus = write_corpus_jsonl(Path(store).parent / "again.jsonl", corpus_documents())
    result = cli("ingest", corpus, "--db", store)
    assert result.exit_code == 0 and "0 ingested, 17 already in the store" in result.stderr
    assert json.loads(cli("stats", "--db", store, "--format", "json").stdout) == before_stats
    assert sorted(r["id"] for r in canonical_events(store)) == before_ids
