"""The store, the merge across documents and the query layer, through the Python API, on the store
corpus coded by hand (tests/store_factories.py) so every part is tested without the real coder."""
import json
from datetime import date

import pytest
from store_factories import MACRON, PUTIN, ScriptedCoder, corpus_documents, day, document, event

from sanderling.model import ReadError
from sanderling.store import EventStore, Query, StoreError, UnknownActor, ingest
from sanderling.store import db as store_db

CALL_DOCS = {"call-afp-2025-07-01", "call-reuters-2025-07-02", "call-guardian-2025-07-04"}
KYIV_DOCS = {"kyiv-kyivindependent-2025-07-04", "kyiv-bbc-2025-07-04", "kyiv-reuters-2025-07-05"}


def build(path, docs=None, coder=None, commit_every=64):
    with EventStore.open(path) as store:
        return ingest(store, docs if docs is not None else corpus_documents(), coder=coder or ScriptedCoder(),
                      commit_every=commit_every)


def snapshot(path) -> dict:
    """Everything that must not depend on ingest order or on re-runs (ingested_at excluded)."""
    con = store_db.connect(path, read_only=True)
    try:
        q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
        return {
            "documents": q("SELECT content_hash, doc_id, n_mentions FROM documents ORDER BY content_hash"),
            "mentions": q("SELECT mention_id, content_hash FROM mentions ORDER BY mention_id"),
            "events": q("SELECT event_id, event_type, date_value, dead, injured, n_mentions, n_sources FROM events ORDER BY event_id"),
            "links": q("SELECT mention_id, event_id FROM event_mentions ORDER BY mention_id"),
            "participants": q("SELECT event_id, role, key FROM event_participants ORDER BY ALL"),
            "pairs": q("SELECT event_id, key_a, key_b FROM event_pairs ORDER BY ALL"),
            "actors": q("SELECT key, n_mentions FROM actors ORDER BY key"),
        }
    finally:
        con.close()


@pytest.fixture()
def corpus_db(tmp_path):
    path = tmp_path / "store.duckdb"
    build(path)
    return path


@pytest.fixture()
def q(corpus_db):
    with Query.open(corpus_db) as query:
        yield query


def events_of(q, event_type, *codes, since=None, until=None):
    found = q.events(type=event_type, limit=None, since=since, until=until)
    return [e for e in found if set(codes) <= set(e.actors) | set(e.recipients)]


def test_one_canonical_event_per_real_event(q):
    calls_2025 = events_of(q, "CONSULT", "FRA", "RUS", since="2025-07-01", until="2025-07-01")
    assert len(calls_2025) == 1
    call = calls_2025[0]
    assert {s["doc_id"] for s in call.sources} == CALL_DOCS
    assert (call.date, call.date_precision, call.modes, call.n_mentions, call.n_sources) == (date(2025, 7, 1), "day", ["phone"], 3, 3)

    calls_2022 = events_of(q, "CONSULT", "FRA", "RUS", since="2022-09-01", until="2022-09-30")
    assert len(calls_2022) == 1
    old = calls_2022[0]
    assert old.date == date(2022, 9, 11)  # the day-precise report wins over "September 2022"
    assert {s["doc_id"] for s in old.sources} == {"call-ap-2022-09-11", "call-afp-2025-07-01", "call-reuters-2025-07-02"}
    assert old.historical is False

    attacks = events_of(q, "ASSAULT", "RUS", "UKR")
    assert len(attacks) == 1 and {s["doc_id"] for s in attacks[0].sources} == KYIV_DOCS

    # the Trump call two days later, also with Putin, is its own event
    trump = events_of(q, "CONSULT", "RUS", "USA")
    assert len(trump) == 1 and trump[0].date == date(2025, 7, 3) and trump[0].n_sources == 1

    requests = events_of(q, "REQUEST", "FRA", "RUS")
    assert len(requests) == 1 and requests[0].n_sources == 2
    # every other hand-coded event is alone: one canonical event per real event, nothing more
    assert sorted((e.event_type, e.date.isoformat(), e.n_sources) for e in q.events(limit=None)) == [
        ("ACCUSE", "2022-09-11", 1), ("ACCUSE", "2025-04-23", 1), ("ACCUSE", "2025-07-01", 1),
        ("ASSAULT", "2025-07-04", 3), ("CONSULT", "2022-09-11", 3), ("CONSULT", "2025-07-01", 3),
        ("CONSULT", "2025-07-03", 1), ("PROTEST", "2024-06-25", 1), ("REQUEST", "2025-07-01", 2),
        ("SANCTION", "2024-10-14", 1),
    ]


def test_conflicting_casualty_figures_are_kept_with_their_sources(q):
    attack = events_of(q, "ASSAULT", "RUS", "UKR")[0]
    conflicts = attack.record["conflicts"]
    dead = {v["value"]: sorted(s["doc_id"] for s in v["sources"]) for v in conflicts["dead"]["values"]}
    assert dead == {1: ["kyiv-kyivindependent-2025-07-04"], 2: ["kyiv-bbc-2025-07-04", "kyiv-reuters-2025-07-05"]}
    injured = {v["value"]: sorted(s["doc_id"] for s in v["sources"]) for v in conflicts["injured"]["values"]}
    assert injured == {23: ["kyiv-bbc-2025-07-04", "kyiv-kyivindependent-2025-07-04"], 26: ["kyiv-reuters-2025-07-05"]}
    # canonical value: most frequent (2 dead: two reports; 23 injured: two reports)
    assert (attack.dead, attack.injured, conflicts["dead"]["chosen"]) == (2, 23, 2)
    assert attack.place == "Kyiv" and attack.record["location"]["lat"] == pytest.approx(50.45, abs=0.01)
    assert {s["doc_id"]: s["dead"] for s in attack.sources} == {
        "kyiv-kyivindependent-2025-07-04": 1, "kyiv-bbc-2025-07-04": 2, "kyiv-reuters-2025-07-05": 2}
    assert attack.record["magnitude_evidence"]["dead"]["doc_id"] in KYIV_DOCS - {"kyiv-kyivindependent-2025-07-04"}


def test_last_contact_before_a_date_answers_september_2022(q):
    answer = q.last_contact("FRA", "RUS", before="2025-07-01")
    assert answer.event.date == date(2022, 9, 11) and answer.event.event_type == "CONSULT"
    assert answer.previous is None and answer.gap_days is None
    assert answer.to_dict()["event"]["id"] == answer.event.event_id


def test_last_contact_between_people_answers_1_july_2025_with_the_gap(q):
    answer = q.last_contact("Emmanuel Macron", "Vladimir Putin")
    assert answer.event.date == date(2025, 7, 1)
    assert answer.previous.date == date(2022, 9, 11)
    assert answer.gap_days == 1024 and round(answer.gap_days / 30.44) == 34
    assert {s["doc_id"] for s in answer.event.sources} == CALL_DOCS
    assert answer.a.how == "name" and answer.a.keys == ("n:emmanuel macron",)
    # same answer by country names, codes in either order, a surname, and with --mode phone
    for a, b in (("France", "Russia"), ("RUS", "FRA"), ("Macron", "Putin")):
        assert q.last_contact(a, b).event.event_id == answer.event.event_id
    assert q.last_contact("FRA", "RUS", mode="phone").event.event_id == answer.event.event_id
    assert q.last_contact("FRA", "RUS", mode="visit").event is None
    # any type: the REQUEST of the same day is also a contact
    assert q.last_contact("FRA", "RUS", type="any").event.date == date(2025, 7, 1)
    assert q.last_contact("Vladimir Putin", "Donald Trump").event.date == date(2025, 7, 3)


def test_events_filters(q):
    by_actor = q.events(actor="FRA", type="REQUEST")
    assert [(e.event_type, e.actors, e.recipients) for e in by_actor] == [
        ("REQUEST", ["FRA", "Emmanuel Macron"], ["RUS", "Vladimir Putin"])]
    assert {e.event_type for e in q.events(recipient="Iran")} == {"SANCTION"}
    assert [e.event_type for e in q.events(place="Kyiv")] == ["ASSAULT"]
    assert [e.event_type for e in q.events(place="Ukraine")] == ["ASSAULT"]
    assert [e.date for e in q.events(involving="Vladimir Putin", type="CONSULT")] == [
        date(2025, 7, 3), date(2025, 7, 1), date(2022, 9, 11)]
    assert [e.date for e in q.events(type="consult", since="2025-01-01", until="2025-07-02")] == [date(2025, 7, 1)]
    assert len(q.events(limit=2)) == 2
    with pytest.raises(ValueError, match="unknown event type"):
        q.events(type="PHONECALL")
    with pytest.raises(ValueError, match="must be a date"):
        q.events(since="July 2025")
    with pytest.raises(UnknownActor, match="Nobody Known"):
        q.events(actor="Nobody Known")


def test_events_json_is_the_code_contract_plus_sources(q):
    from sanderling.model import Event

    record = events_of(q, "CONSULT", "FRA", "RUS", since="2025-07-01")[0].to_dict()
    contract_keys = set(Event(doc_id="x", event_type="CONSULT").to_dict())
    assert contract_keys <= set(record)
    assert {"sources", "conflicts", "n_mentions", "n_sources", "quad_code", "score", "mention_ids"} <= set(record)
    assert record["id"].startswith("ev-") and record["quad_code"] == 1 and record["score"] == 1.5
    doc = next(d for d in corpus_documents() if d.id == record["doc_id"])
    evidence = record["evidence"][0]
    assert doc.text[evidence["start"]:evidence["end"]] == evidence["sentence"]
    for source in record["sources"]:
        text = next(d for d in corpus_documents() if d.id == source["doc_id"]).text
        assert text[source["evidence_start"]:source["evidence_end"]] == source["evidence"]


def test_timeline_counts_quads_and_scores(q):
    months = q.timeline("RUS", by="month", since="2025-07-01")
    assert [(r.period, r.events, r.quad, r.mean_score) for r in months.rows] == [
        (date(2025, 7, 1), 5, {1: 2, 2: 0, 3: 2, 4: 1}, pytest.approx((1.5 + 1.5 + 0 - 3 - 9.5) / 5, abs=1e-3))]
    pair = q.timeline("FRA", "RUS", by="month", type="CONSULT")
    assert pair.rows[0].period == date(2022, 9, 1) and pair.rows[-1].period == date(2025, 7, 1)
    assert len(pair.rows) == 35 and sum(r.events for r in pair.rows) == 2
    assert pair.rows[1].events == 0 and pair.rows[1].mean_score is None
    weeks = q.timeline("Vladimir Putin", by="week", since="2025-06-30", type="CONSULT")
    assert [(r.period, r.events) for r in weeks.rows] == [(date(2025, 6, 30), 2)]
    with pytest.raises(ValueError):
        q.timeline("RUS", by="day")


def test_search_evidence_sentences(q):
    hits = q.search("drones Kyiv")
    assert [h.doc_id for h in hits] == ["kyiv-kyivindependent-2025-07-04", "kyiv-bbc-2025-07-04"]
    assert hits[0].score >= hits[1].score
    assert {h.event_id for h in hits} == {events_of(q, "ASSAULT", "RUS")[0].event_id}
    assert {h.doc_id for h in q.search("phone call", type="CONSULT")} == {"call-reuters-2025-07-02"}
    assert q.search("nothing like this") == []


def test_reingest_changes_nothing(tmp_path):
    path = tmp_path / "store.duckdb"
    first = build(path)
    before = snapshot(path)
    again = build(path)
    assert (first.ingested, first.skipped, again.ingested, again.skipped) == (17, 0, 0, 17)
    assert snapshot(path) == before


def test_ingest_order_does_not_change_events_or_ids(tmp_path):
    build(tmp_path / "forward.duckdb")
    build(tmp_path / "backward.duckdb", list(reversed(corpus_documents())))
    forward, backward = snapshot(tmp_path / "forward.duckdb"), snapshot(tmp_path / "backward.duckdb")
    for table in ("documents", "mentions", "events", "links", "participants", "pairs", "actors"):
        assert forward[table] == backward[table], table


def test_an_earlier_report_ingested_later_renames_the_event_and_keeps_an_alias(tmp_path):
    path = tmp_path / "store.duckdb"
    docs = {d.id: d for d in corpus_documents()}
    build(path, [docs["call-reuters-2025-07-02"]])
    with Query.open(path) as q:
        old_id = q.events(type="CONSULT", since="2025-07-01")[0].event_id
    build(path, [docs["call-afp-2025-07-01"]])
    with Query.open(path) as q:
        new = q.events(type="CONSULT", since="2025-07-01")
        assert len(new) == 1 and new[0].event_id != old_id
        assert q.event(old_id).event_id == new[0].event_id
        assert q.con.execute("SELECT reason FROM event_aliases WHERE old_id = ?", [old_id]).fetchone()[0] == \
            "an earlier report of the event was ingested"


class ListCoder:
    """Codes each document into the events listed for its id."""

    def __init__(self, events):
        self.events = events

    def code(self, items, batch_size=32):
        from sanderling.coder.pipeline import DocumentResult

        for d in items:
            yield DocumentResult(d, self.events[d.id])


def test_a_report_that_completes_two_partial_events_merges_them(tmp_path):
    """One report names only the attacker, one only the victim (no shared actor: kept apart); a
    third names both and fits each, so the three are one attack, in any ingest order."""
    from store_factories import country

    texts = {
        "attacker": "Russia launched drones at Kyiv overnight, officials said.",
        "victim": "Kyiv came under a massive drone attack overnight, officials said.",
        "both": "Russia launched a massive drone attack on Kyiv overnight, Ukrainian officials said.",
    }
    docs = {k: document(k, t, "2025-07-04") for k, t in texts.items()}
    sides = {"attacker": ([country("Russia", "RUS")], []), "victim": ([], [country("Kyiv", "UKR")]),
             "both": ([country("Russia", "RUS")], [country("Kyiv", "UKR")])}
    events = {k: [event(docs[k], "ASSAULT", docs[k].text, *sides[k], date=day("2025-07-04"), place="Kyiv",
                        mode=["drone"], trigger="Kyiv")] for k in texts}
    path = tmp_path / "partial.duckdb"
    build(path, [docs["attacker"], docs["victim"]], ListCoder(events))
    with Query.open(path) as q:
        assert len(q.events()) == 2
    build(path, [docs["both"]], ListCoder(events))
    with Query.open(path) as q:
        merged = q.events()
        assert len(merged) == 1 and merged[0].n_mentions == 3
        assert (merged[0].actors, merged[0].recipients) == (["RUS"], ["UKR"])
        explanation = json.loads(q.con.execute(
            "SELECT explanation FROM event_mentions em JOIN mentions m USING (mention_id) WHERE m.doc_id = 'both'").fetchone()[0])
        assert explanation["decision"] == "merged" and len(explanation["bridged"]) == 1
        for (old_id,) in q.con.execute("SELECT old_id FROM event_aliases").fetchall():
            assert q.event(old_id).event_id == merged[0].event_id
    other = tmp_path / "other-order.duckdb"
    build(other, [docs["both"], docs["victim"], docs["attacker"]], ListCoder(events))
    assert snapshot(other)["events"] == snapshot(path)["events"]


def test_a_coarse_report_fitting_two_events_does_not_chain_them(tmp_path):
    """Two calls in September 2022 (the 3rd and the 20th); "their call in September 2022" fits
    each, joins one, and the two calls stay two events."""
    texts = {
        "early": ("Macron and Putin spoke by phone on Saturday about the nuclear plant.", day("2022-09-03")),
        "late": ("Macron and Putin spoke by phone again on Tuesday about grain exports.", day("2022-09-20")),
        "vague": ("Macron and Putin last spoke by phone in September 2022.", day("2022-09", "September 2022", precision="month")),
    }
    docs = {k: document(k, t, "2025-07-04") for k, (t, _) in texts.items()}
    events = {k: [event(docs[k], "CONSULT", docs[k].text, [MACRON(), PUTIN()], date=dt, mode=["phone"])]
              for k, (_, dt) in texts.items()}
    path = tmp_path / "store.duckdb"
    build(path, list(docs.values()), ListCoder(events))
    with Query.open(path) as q:
        found = sorted((e.date.isoformat(), e.n_mentions) for e in q.events())
        assert [d for d, _ in found] == ["2022-09-03", "2022-09-20"]
        assert sorted(n for _, n in found) == [1, 2]


def test_merge_explanations_are_recorded(q):
    rows = q.con.execute(
        "SELECT m.doc_id, em.score, em.explanation FROM event_mentions em JOIN mentions m USING (mention_id)"
        " WHERE m.event_type = 'ASSAULT' ORDER BY m.published, m.doc_id").fetchall()
    decisions = [json.loads(r[2])["decision"] for r in rows]
    assert decisions.count("new event") == 1 and decisions.count("merged") == 2
    merged = [json.loads(r[2]) for r in rows if json.loads(r[2])["decision"] == "merged"]
    for explanation in merged:
        assert explanation["participants"]["shared"] == ["RUS", "UKR"]
        assert explanation["place"] == {"agree": True, "how": "same name"}
        assert explanation["date"]["gap_days"] == 0 and "text_similarity" in explanation and explanation["score"] > 0.5


def test_same_countries_same_day_but_other_people_is_another_event(corpus_db):
    from store_factories import person

    doc = document("ministers", "Sergei Lavrov and Jean-Noel Barrot spoke by phone on Tuesday about Ukraine.", "2025-07-01")
    call = event(doc, "CONSULT", doc.text, [person("Sergei Lavrov", "RUS"), person("Jean-Noel Barrot", "FRA")],
                 date=day("2025-07-01"), mode=["phone"])
    report = build(corpus_db, [doc], ListCoder({"ministers": [call]}))
    assert (report.new_events, report.merged) == (1, 0)
    with Query.open(corpus_db) as q:
        explanation = json.loads(q.con.execute(
            "SELECT explanation FROM event_mentions em JOIN mentions m USING (mention_id) WHERE m.doc_id = 'ministers'").fetchone()[0])
        assert explanation["decision"] == "new event"
        assert [c["refused"] for c in explanation["candidates_refused"]] == ["different people named for FRA, RUS"]
        assert q.last_contact("Emmanuel Macron", "Vladimir Putin").event.n_sources == 3
        assert q.last_contact("Sergei Lavrov", "FRA").event.record["doc_id"] == "ministers"


@pytest.mark.parametrize("commit_every", [1, 64])
def test_a_killed_ingest_leaves_a_consistent_store_and_a_rerun_completes_it(tmp_path, monkeypatch, commit_every):
    """Killed in the middle of a document: with one document per transaction the documents before
    it are stored, with groups the open group is lost whole; either way no document is half there."""
    path = tmp_path / "store.duckdb"
    calls = {"n": 0}
    real_merge = EventStore._merge

    def merge_then_die(self, mention):
        calls["n"] += 1
        if calls["n"] == 9:  # in the middle of a document with several mentions
            raise KeyboardInterrupt
        return real_merge(self, mention)

    monkeypatch.setattr(EventStore, "_merge", merge_then_die)
    with pytest.raises(KeyboardInterrupt):
        build(path, commit_every=commit_every)
    monkeypatch.setattr(EventStore, "_merge", real_merge)

    con = store_db.connect(path, read_only=True)
    one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    stored_docs = one("SELECT count(*) FROM documents")
    assert (0 < stored_docs < 17) if commit_every == 1 else stored_docs == 0
    assert one("SELECT count(*) FROM mentions") == one("SELECT coalesce(sum(n_mentions), 0) FROM documents")
    assert one("SELECT count(*) FROM mentions WHERE mention_id NOT IN (SELECT mention_id FROM event_mentions)") == 0
    assert one("SELECT count(*) FROM events e WHERE n_mentions != (SELECT count(*) FROM event_mentions em WHERE em.event_id = e.event_id)") == 0
    assert one("SELECT count(*) FROM event_mentions WHERE event_id NOT IN (SELECT event_id FROM events)") == 0
    con.close()

    report = build(path)
    assert report.skipped == stored_docs and report.ingested == 17 - stored_docs
    build(tmp_path / "clean.duckdb")
    assert snapshot(path) == snapshot(tmp_path / "clean.duckdb")


def test_a_document_that_fails_to_store_is_reported_and_the_batch_goes_on(tmp_path, monkeypatch):
    path = tmp_path / "store.duckdb"
    real = EventStore._append_actor_forms

    def broken(self, records):
        if any(r["doc_id"] == "kyiv-bbc-2025-07-04" for r in records):
            raise RuntimeError("disk on fire")
        return real(self, records)

    monkeypatch.setattr(EventStore, "_append_actor_forms", broken)
    report = build(path)
    assert (report.ingested, report.failed) == (16, 1)
    assert [(e.doc_id, e.reason) for e in report.errors] == [("kyiv-bbc-2025-07-04", "store_failed")]
    with Query.open(path) as q:
        assert q.stats()["errors"] == {"store_failed": 1}
        assert "kyiv-bbc-2025-07-04" not in {s["doc_id"] for s in events_of(q, "ASSAULT", "RUS")[0].sources}
    monkeypatch.setattr(EventStore, "_append_actor_forms", real)
    again = build(path)
    assert (again.ingested, again.skipped, again.failed) == (1, 16, 0)
    with Query.open(path) as q:
        assert q.stats()["errors"] == {}  # fixed documents lose their old errors
        assert {s["doc_id"] for s in events_of(q, "ASSAULT", "RUS")[0].sources} == KYIV_DOCS


def test_read_and_coding_errors_are_recorded_and_warnings_do_not_block(tmp_path):
    path = tmp_path / "store.duckdb"
    docs = corpus_documents()[:3]
    items = [ReadError("broken.bin", "inbox/broken.bin", "binary", "the file is not text; skip it or convert it"),
             ReadError(docs[0].id, docs[0].origin, "encoding_fallback", "read as cp1252"), *docs]
    with EventStore.open(path) as store:
        report = ingest(store, items, coder=ScriptedCoder(fail_on=[docs[1].id]))
    assert (report.documents, report.ingested, report.failed) == (4, 2, 2)
    assert sorted(e.reason for e in report.errors) == ["binary", "failed"]
    assert [w.reason for w in report.warnings] == ["encoding_fallback"]
    with Query.open(path) as q:
        assert q.stats()["errors"] == {"binary": 1, "failed": 1}
        assert q.stats()["warnings"] == {"encoding_fallback": 1}
        assert q.stats()["documents"] == 2


def test_candidates_come_from_the_index_by_type_keys_and_date_window(tmp_path):
    path = tmp_path / "store.duckdb"
    build(path)
    with EventStore.open(path) as store:
        doc = document("probe", "Macron and Putin spoke by phone on Tuesday.", "2025-07-02")
        probe = event(doc, "CONSULT", doc.text, [MACRON(), PUTIN()], date=day("2025-07-01"))
        from sanderling.store.merge import StoredMention, mention_id_for

        record = probe.to_dict()
        m = StoredMention(mention_id_for(doc.content_hash, record), record, doc.id, doc.content_hash, date(2025, 7, 2))
        candidates = sorted(store._stored_candidates([m])[m.mention_id])
        rows = store.con.execute(
            f"SELECT event_type, date FROM events WHERE event_id IN ({', '.join('?' for _ in candidates)})", candidates).fetchall()
        assert rows == [("CONSULT", date(2025, 7, 1))]


def test_migrations_are_versioned_and_applied_once(tmp_path):
    path = tmp_path / "store.duckdb"
    con = store_db.connect(path)
    versions = con.execute("SELECT version, name FROM schema_version ORDER BY version").fetchall()
    assert versions == [(1, "initial"), (2, "maintenance")]
    assert store_db.migrate(con) == 2
    assert con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == 2
    con.execute("INSERT INTO schema_version VALUES (99, 'from_the_future', now())")
    con.close()
    with pytest.raises(StoreError, match="newer than this sanderling"):
        store_db.connect(path)
    with pytest.raises(StoreError, match="no store at"):
        store_db.connect(tmp_path / "missing.duckdb", read_only=True)


def test_actor_resolution(q):
    resolve = q.resolve
    assert (resolve("FRA").keys, resolve("FRA").how) == (("FRA",), "code")
    assert (resolve("France").keys, resolve("France").how) == (("FRA",), "country name")
    assert (resolve("the Russian Federation").keys, q.resolver.country("ukr")) == (("RUS",), "UKR")
    assert (resolve("emmanuel macron").keys, resolve("emmanuel macron").how) == (("n:emmanuel macron",), "name")
    assert (resolve("Macron").keys, resolve("Macron").how) == (("n:emmanuel macron",), "knowledge base")
    assert resolve("protesters").keys == ("KEN",)  # a surface form the coder resolved
    with pytest.raises(UnknownActor) as info:
        resolve("Emanuel Macronn Jr")
    assert "Emmanuel Macron" in info.value.resolved.suggestions
