"""The store commands through the real CLI (typer.testing.CliRunner), with the corpus coded by hand
(ScriptedCoder) so they are tested before the real coder lands."""
import csv
import io
import json

import duckdb
import pytest
from store_factories import ScriptedCoder, corpus_documents, write_corpus_jsonl
from typer.testing import CliRunner

from sanderling.coder import pipeline
from sanderling.cli import app
from sanderling.store.export import CSV_COLUMNS

runner = CliRunner()


@pytest.fixture(autouse=True)
def scripted_coder(monkeypatch):
    monkeypatch.setattr(pipeline.Coder, "load", classmethod(lambda cls: ScriptedCoder()))


@pytest.fixture()
def corpus(tmp_path):
    return write_corpus_jsonl(tmp_path / "corpus.jsonl", corpus_documents())


@pytest.fixture()
def db(tmp_path, corpus):
    path = str(tmp_path / "store.duckdb")
    result = runner.invoke(app, ["ingest", str(corpus), "--db", path])
    assert result.exit_code == 0, result.output
    return path


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_ingest_reports_and_is_idempotent(tmp_path, corpus):
    path = str(tmp_path / "store.duckdb")
    first = run("ingest", corpus, "--db", path)
    assert first.exit_code == 0
    assert "17 documents: 17 ingested, 0 already in the store, 0 failed" in first.stderr
    assert "17 events coded -> 10 new canonical events, 7 merged into existing ones" in first.stderr
    second = run("ingest", corpus, "--db", path)
    assert second.exit_code == 0
    assert "17 documents: 0 ingested, 17 already in the store, 0 failed" in second.stderr
    stats = json.loads(run("stats", "--db", path, "--format", "json").stdout)
    assert (stats["documents"], stats["mentions"], stats["events"], stats["schema_version"]) == (17, 17, 10, 2)


def test_ingest_exit_1_when_documents_fail(tmp_path, corpus, monkeypatch):
    monkeypatch.setattr(pipeline.Coder, "load", classmethod(lambda cls: ScriptedCoder(fail_on=["kyiv-bbc-2025-07-04"])))
    path = str(tmp_path / "store.duckdb")
    with open(corpus, "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "empty-one", "text": "  "}) + "\n")
    result = run("ingest", corpus, "--db", path)
    assert result.exit_code == 1
    assert "18 documents: 16 ingested, 0 already in the store, 2 failed" in result.stderr
    assert "error: kyiv-bbc-2025-07-04: failed: the coder failed on it" in result.stderr
    assert "error: empty-one: empty:" in result.stderr
    listed = run("stats", "--db", path, "--errors", "--format", "json")
    assert {e["doc_id"] for e in json.loads(listed.stdout)["error_list"]} == {"kyiv-bbc-2025-07-04", "empty-one"}


def test_last_contact_json(db):
    result = run("last-contact", "FRA", "RUS", "--before", "2025-07-01", "--db", db, "--format", "json")
    assert result.exit_code == 0
    answer = json.loads(result.stdout)
    assert set(answer) == {"event", "previous", "gap_days"}
    assert answer["event"]["date"]["value"] == "2022-09-11" and answer["event"]["event_type"] == "CONSULT"
    assert answer["previous"] is None and answer["gap_days"] is None

    people = json.loads(run("last-contact", "Emmanuel Macron", "Vladimir Putin", "--db", db, "--format", "json").stdout)
    assert people["event"]["date"]["value"] == "2025-07-01"
    assert people["previous"]["date"]["value"] == "2022-09-11"
    assert people["gap_days"] == 1024
    assert {s["source"] for s in people["event"]["sources"]} == {"AFP", "Reuters", "The Guardian"}


def test_last_contact_table_and_csv(db):
    table = run("last-contact", "France", "Russia", "--db", db)
    assert table.exit_code == 0
    assert "2025-07-01" in table.stdout and "2022-09-11" in table.stdout
    assert "gap: 1024 days (~33.6 months)" in table.stdout
    assert "source: The Guardian 2025-07-04 call-guardian-2025-07-04" in table.stdout
    rows = list(csv.DictReader(io.StringIO(run("last-contact", "FRA", "RUS", "--db", db, "--format", "csv").stdout)))
    assert [(r["Role"], r["Event Date"], r["Gap Days"]) for r in rows] == [("event", "2025-07-01", "1024"), ("previous", "2022-09-11", "")]


def test_no_result_is_exit_0_with_an_empty_answer_and_a_note(db):
    nothing = run("last-contact", "FRA", "RUS", "--before", "2020-01-01", "--db", db, "--format", "json")
    assert nothing.exit_code == 0
    assert json.loads(nothing.stdout) == {"event": None, "previous": None, "gap_days": None}
    assert "no contact between FRA and RUS matches" in nothing.stderr
    unknown = run("events", "--actor", "Nobody Atall", "--db", db, "--format", "json")
    assert unknown.exit_code == 0 and json.loads(unknown.stdout) == []
    assert "no actor in the store matches 'Nobody Atall'" in unknown.stderr
    unknown_pair = run("last-contact", "Nobody Atall", "FRA", "--db", db, "--format", "json")
    assert unknown_pair.exit_code == 0 and json.loads(unknown_pair.stdout)["event"] is None
    empty_csv = run("events", "--type", "AID", "--db", db, "--format", "csv")
    assert empty_csv.exit_code == 0 and empty_csv.stdout.strip().split(",")[0] == "Event ID"
    assert "no events match" in empty_csv.stderr


def test_usage_errors_exit_2(db, tmp_path):
    assert run("events", "--since", "last week", "--db", db).exit_code == 2
    bad_type = run("events", "--type", "PHONECALL", "--db", db)
    assert bad_type.exit_code == 2 and "unknown event type PHONECALL" in bad_type.stderr
    assert run("timeline", "RUS", "--by", "day", "--db", db).exit_code == 2
    missing = run("events", "--db", tmp_path / "nope.duckdb")
    assert missing.exit_code == 2 and "no store at" in missing.stderr
    assert run("export", "--format", "parquet", "--db", db).exit_code == 2
    assert run("export", "--format", "xml", "--db", db).exit_code == 2


def test_events_formats(db):
    as_json = json.loads(run("events", "--actor", "RUS", "--type", "ASSAULT", "--db", db, "--format", "json").stdout)
    assert len(as_json) == 1 and as_json[0]["dead"] == 2 and len(as_json[0]["sources"]) == 3
    assert set(as_json[0]["conflicts"]) == {"dead", "injured"}
    rows = list(csv.DictReader(io.StringIO(run("events", "--involving", "Putin", "--db", db, "--format", "csv").stdout)))
    assert [r["Event Date"] for r in rows] == sorted((r["Event Date"] for r in rows), reverse=True)
    assert sorted((r["Event Date"], r["Event Type"]) for r in rows) == [
        ("2022-09-11", "ACCUSE"), ("2022-09-11", "CONSULT"), ("2025-07-01", "ACCUSE"), ("2025-07-01", "CONSULT"),
        ("2025-07-01", "REQUEST"), ("2025-07-03", "CONSULT")]
    assert list(rows[0]) == CSV_COLUMNS
    table = run("events", "--place", "Kyiv", "--db", db)
    assert table.exit_code == 0 and "ASSAULT" in table.stdout and "2*" in table.stdout and "3 from 3 docs" in table.stdout


def test_timeline_formats(db):
    rows = json.loads(run("timeline", "FRA", "RUS", "--type", "CONSULT", "--db", db, "--format", "json").stdout)
    assert rows[0] == {"period": "2022-09-01", "events": 1} and rows[-1] == {"period": "2025-07-01", "events": 1}
    with_quad = json.loads(run("timeline", "RUS", "--since", "2025-07-01", "--quad", "--db", db, "--format", "json").stdout)
    assert with_quad == [{"period": "2025-07-01", "events": 5, "quad1": 2, "quad2": 0, "quad3": 2, "quad4": 1,
                          "mean_score": -1.9}]
    weekly = list(csv.DictReader(io.StringIO(run("timeline", "Vladimir Putin", "--by", "week", "--since", "2025-06-01", "--quad",
                                                 "--db", db, "--format", "csv").stdout)))
    assert [(r["period"], r["events"], r["quad1"]) for r in weekly] == [("2025-06-30", "4", "2")]
    table = run("timeline", "UKR", "--quad", "--db", db)
    assert table.exit_code == 0 and "material conflict" in table.stdout and "2025-07-01" in table.stdout


def test_search_formats(db):
    hits = json.loads(run("search", "death toll", "--db", db, "--format", "json").stdout)
    assert [h["doc_id"] for h in hits] == ["kyiv-reuters-2025-07-05"]
    assert run("search", "death toll", "--db", db).exit_code == 0
    none = run("search", "zebra", "--db", db, "--format", "json")
    assert none.exit_code == 0 and json.loads(none.stdout) == [] and "no evidence sentence matches" in none.stderr


def test_export_plover_json_csv_parquet(db, tmp_path):
    lines = run("export", "--format", "plover-json", "--db", db).stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 10
    call = next(r for r in records if r["event"] == ["CONSULT"] and r["date"] == "2025-07-01")
    assert {"id", "date", "actor", "recipient", "event", "mode", "context", "event_loc", "event_text", "quad_code",
            "event_scale", "cite_info", "coder", "coded_date"} <= set(call)
    assert call["mode"] == ["phone"] and call["quad_code"] == 1 and call["event_scale"] == 1.5
    assert {a["code"] for a in call["actor"] + call["recipient"]} == {"FRA", "RUS"}
    assert {a.get("identifier_text") for a in call["actor"]} == {"Emmanuel Macron", "Vladimir Putin"}
    assert len(call["event_text"]) == 3 and {c["publication"] for c in call["cite_info"]} == {"AFP", "Reuters", "The Guardian"}
    attack = next(r for r in records if r["event"] == ["ASSAULT"])
    assert attack["event_loc"]["resolved_place"] == "Kyiv" and attack["dead"] == 2
    assert attack["comment"] == "reports disagree on: dead, injured"

    out = tmp_path / "events.csv"
    assert run("export", "--format", "csv", "--out", out, "--db", db).exit_code == 0
    rows = list(csv.DictReader(open(out, encoding="utf-8")))
    assert len(rows) == 10 and list(rows[0]) == CSV_COLUMNS
    kyiv = next(r for r in rows if r["Event Type"] == "ASSAULT")
    assert (kyiv["Actor Country"], kyiv["Recipient Country"], kyiv["Quad Code"], kyiv["Event Intensity"]) == ("RUS", "UKR", "4", "-9.5")
    assert (kyiv["Dead"], kyiv["Injured"], kyiv["Conflicts"], kyiv["Sources"]) == ("2", "23", "dead;injured", "3")

    parquet = tmp_path / "events.parquet"
    result = run("export", "--format", "parquet", "--out", parquet, "--db", db)
    assert result.exit_code == 0 and "exported 10 events" in result.stderr
    con = duckdb.connect()
    described = dict(con.execute(f"DESCRIBE SELECT * FROM '{parquet}'").fetchall()[i][:2] for i in range(len(CSV_COLUMNS)))
    assert described["Event Date"] == "DATE" and described["Dead"] == "INTEGER" and described["Event Intensity"] == "DOUBLE"
    assert con.execute(f"SELECT count(*), sum(\"Sources\") FROM '{parquet}'").fetchone() == (10, 17)


def test_ingest_usage_errors_exit_2(tmp_path, corpus):
    bad_date = run("ingest", corpus, "--published", "yesterday", "--db", tmp_path / "s.duckdb")
    assert bad_date.exit_code == 2
    directory = tmp_path / "not-a-store"
    directory.mkdir()
    assert run("ingest", corpus, "--db", directory).exit_code == 2


def test_ingest_reads_stdin(tmp_path):
    text = corpus_documents()[0].text
    result = runner.invoke(app, ["ingest", "-", "--published", "2025-07-01", "--db", str(tmp_path / "s.duckdb")], input=text)
    assert result.exit_code == 0, result.stderr
    assert "1 document: 1 ingested" in result.stderr


def test_ingest_warnings_are_not_failures(tmp_path):
    """Issue 11: a duplicate id or a row's unreadable date is a warning; the document is stored and ingest exits 0."""
    rows = [{"id": "dup", "text": "France condemned the attack on Kyiv on Monday.", "published": "2025-07-07"},
            {"id": "dup", "text": "Germany condemned the attack on Kyiv on Tuesday.", "published": "2025-07-08"},
            {"id": "undated", "text": "Japan protested to China on Friday.", "published": "yesterday"}]
    corpus = tmp_path / "warned.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    path = str(tmp_path / "store.duckdb")
    result = run("ingest", corpus, "--db", path)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("3 documents: 3 ingested, 0 already in the store, 0 failed;")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert [w.split(": ")[2] for w in warnings] == ["duplicate_id", "bad_published"]
    assert not any(line.startswith("error: ") for line in result.stderr.splitlines())
    stats = json.loads(run("stats", "--db", path, "--format", "json").stdout)
    assert (stats["documents"], stats["errors"], stats["warnings"]) == (3, {}, {"bad_published": 1, "duplicate_id": 1})
