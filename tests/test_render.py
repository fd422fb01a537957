"""The render layer: each answer has one JSON shape, one set of CSV columns and one table, whatever shows it."""
import csv
import io
import json
from datetime import date

import pytest
from store_factories import ScriptedCoder, corpus_documents

from sanderling import errors, render
from sanderling.model import ReadError
from sanderling.store import EventStore, Query, QueryError, StoreError, ingest
from sanderling.store.export import CSV_COLUMNS


@pytest.fixture(scope="module")
def q(tmp_path_factory):
    path = tmp_path_factory.mktemp("render") / "store.duckdb"
    with EventStore.open(path) as store:
        ingest(store, corpus_documents(), coder=ScriptedCoder())
    with Query.open(path) as query:
        yield query


def text(rendered, fmt) -> str:
    out = io.StringIO()
    render.write(rendered, render.Format(fmt), out)
    return out.getvalue()


def test_events_in_every_format(q):
    found = [e.to_dict() for e in q.events(place="Kyiv")]
    shown = render.events(found)
    assert json.loads(text(shown, "json")) == found and shown.empty is None
    assert [json.loads(line) for line in text(shown, "jsonl").splitlines()] == found
    rows = list(csv.DictReader(io.StringIO(text(shown, "csv"))))
    assert list(rows[0]) == CSV_COLUMNS and rows[0]["Event Type"] == "ASSAULT" and rows[0]["Dead"] == "2"
    table = text(shown, "table")
    assert table.startswith("1 event ") and "dead 2*" in table and "3 from 3 docs" in table and found[0]["id"] in table
    assert render.events([]).empty == "no events match" and text(render.events([]), "table") == ""


def test_a_coded_event_table_has_no_store_columns():
    record = {"id": "ev-1", "doc_id": "d", "event_type": "CONSULT", "mode": ["phone"], "actor": [
        {"text": "Macron", "name": "Emmanuel Macron", "code": "FRA", "sector": "GOV"}], "recipient": [],
        "date": {"value": "2025-07-01", "earliest": "2025-07-01", "latest": "2025-07-01", "start": 14},
        "evidence": [{"sentence": "Macron called Putin on 1 July.", "start": 0, "end": 30, "trigger_start": 7,
                      "trigger_end": 13}], "historical": True}
    table = text(render.events([record]), "table")
    assert "Emmanuel Macron (FRA/GOV)" in table and "(historical)" in table and "Macron called Putin" in table
    assert "reports" not in table and "ev-1" not in table


def test_timeline_quad_columns_come_from_the_query_layer(q):
    plain = render.timeline(q.timeline("RUS", since="2025-07-01"))
    assert json.loads(text(plain, "json")) == [{"period": "2025-07-01", "events": 5}]
    assert text(plain, "csv") == "period,events\n2025-07-01,5\n"
    quad = render.timeline(q.timeline("RUS", since="2025-07-01", quad=True))
    assert json.loads(text(quad, "json")) == [{"period": "2025-07-01", "events": 5, "quad1": 2, "quad2": 0, "quad3": 2,
                                               "quad4": 1, "mean_score": pytest.approx(-1.9, abs=1e-3)}]
    assert text(quad, "csv").splitlines()[0] == "period,events,quad1,quad2,quad3,quad4,mean_score"
    assert "material conflict" in text(quad, "table")


def test_last_contact_search_and_stats(q):
    answer = render.last_contact(q.last_contact("France", "Russia"))
    rows = list(csv.DictReader(io.StringIO(text(answer, "csv"))))
    assert [(r["Role"], r["Gap Days"], r["Event Date"]) for r in rows] == [("event", "1024", "2025-07-01"),
                                                                            ("previous", "", "2022-09-11")]
    assert "gap: 1024 days (~33.6 months) since 2022-09-11" in text(answer, "table")
    hits = render.search(q.search("drones Kyiv"), "drones Kyiv")
    assert all("drones" in h["sentence"] for h in json.loads(text(hits, "json")))
    assert render.search([], "x").empty == "no evidence sentence matches"
    stats = render.stats(q.stats())
    figures = dict(csv.reader(io.StringIO(text(stats, "csv"))))
    assert (figures["name"], figures["documents"], figures["events"]) == ("value", "17", str(q.stats()["events"]))
    assert "documents: 17" in text(stats, "table")


def test_the_catalogue_decides_what_is_a_warning():
    assert errors.WARNINGS == {"encoding_fallback", "duplicate_id", "bad_published", "unknown_actor"}
    assert ReadError("d", "o", errors.Code.DUPLICATE_ID, "m").is_warning
    assert not ReadError("d", "o", "not_english", "m").is_warning and not ReadError("d", "o", "nonsense", "m").is_warning
    stored = ReadError("d", "o", errors.Code.EMPTY, "m")
    assert type(stored.reason) is str and str(stored) == "d: empty: m (o)"


def test_usage_errors_carry_their_code(q, tmp_path):
    with pytest.raises(QueryError) as bad_type:
        q.events(type="NOSUCH")
    with pytest.raises(QueryError) as bad_date:
        q.events(since="July")
    with pytest.raises(StoreError) as no_store:
        Query.open(tmp_path / "none.duckdb")
    assert (bad_type.value.code, bad_date.value.code, no_store.value.code) == ("unknown_type", "bad_date", "no_store")
    assert all(isinstance(e.value, errors.UsageError) for e in (bad_type, bad_date, no_store))
    assert date(2025, 7, 1) == q.timeline("RUS", since="2025-07-01").rows[0].period
