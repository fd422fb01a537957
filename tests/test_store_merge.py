"""The merge rule and the canonical-value rule, on records built by hand (no store, no coder)."""
from datetime import date

from store_factories import MACRON, PUTIN, TRUMP, country, day, document, event, person

from sanderling import ontology
from sanderling.store.merge import (
    StoredMention,
    build_canonical,
    canonical_id_for,
    choose,
    compare,
    mention_id_for,
)


def mention(doc, ev) -> StoredMention:
    record = ev.to_dict()
    return StoredMention(mention_id=mention_id_for(doc.content_hash, record), record=record, doc_id=doc.id,
                         content_hash=doc.content_hash, published=doc.published,
                         source=doc.source)


def features(doc, ev):
    return mention(doc, ev).features


CALL_A = document("a", "Macron and Putin spoke by phone on Tuesday for two hours about Ukraine.", "2025-07-01", "AFP")
CALL_B = document("b", "Putin told Macron in a phone call on Tuesday that Western policy caused the war in Ukraine.", "2025-07-02", "Reuters")


def call_a(**kw):
    return event(CALL_A, "CONSULT", CALL_A.text, [MACRON(), PUTIN()], date=kw.pop("date", day("2025-07-01")), mode=["phone"], **kw)


def call_b(actors=None, recipients=None, **kw):
    return event(CALL_B, "CONSULT", CALL_B.text, actors or [PUTIN()], recipients if recipients is not None else [MACRON()],
                 date=kw.pop("date", day("2025-07-01")), trigger="call", **kw)


def test_reports_of_one_call_merge_whoever_is_named_actor():
    match = compare(features(CALL_A, call_a()), features(CALL_B, call_b()))
    assert match.compatible
    assert match.explanation["participants"]["shared"] == ["FRA", "RUS"]
    assert match.explanation["people"] == ["emmanuel macron", "vladimir putin"]
    assert match.explanation["date"]["gap_days"] == 0
    assert 0 < match.explanation["text_similarity"] <= 100
    assert match.explanation["corroboration"] == "participants/people/place"


def test_calls_of_different_years_stay_separate():
    old = call_b(date=day("2022-09-11"))
    match = compare(features(CALL_A, call_a()), features(CALL_B, old))
    assert not match.compatible
    assert "days apart" in match.explanation["refused"]


def test_a_coarse_historical_mention_fits_the_day_it_covers():
    historical = call_b(date=day("2022-09", "September 2022", precision="month"), historical=True)
    assert compare(features(CALL_B, historical), features(CALL_A, call_a(date=day("2022-09-11")))).compatible
    assert not compare(features(CALL_B, historical), features(CALL_A, call_a())).compatible


def test_surname_only_and_full_name_are_the_same_person():
    short = call_b(actors=[person("Putin", "RUS")], recipients=[person("Macron", "FRA")])
    match = compare(features(CALL_A, call_a()), features(CALL_B, short))
    assert match.compatible and match.explanation["people"] == ["emmanuel macron", "vladimir putin"]


def test_different_partners_or_different_people_stay_separate():
    trump_call = call_b(actors=[PUTIN()], recipients=[TRUMP()])
    assert "participants differ" in compare(features(CALL_A, call_a()), features(CALL_B, trump_call)).explanation["refused"]
    ministers = call_b(actors=[person("Sergei Lavrov", "RUS")], recipients=[person("Jean-Noel Barrot", "FRA")])
    refused = compare(features(CALL_A, call_a()), features(CALL_B, ministers)).explanation["refused"]
    assert refused == "different people named for FRA, RUS"


def test_a_one_day_disagreement_needs_similar_evidence():
    near = compare(features(CALL_A, call_a()), features(CALL_B, call_b(date=day("2025-07-02"))))
    similar_text = near.explanation["text_similarity"] >= 55
    assert near.compatible == similar_text
    same = document("c", "Macron and Putin spoke by phone on Wednesday for two hours about Ukraine.", "2025-07-02")
    twin = event(same, "CONSULT", same.text, [MACRON(), PUTIN()], date=day("2025-07-02"), mode=["phone"])
    match = compare(features(CALL_A, call_a()), features(same, twin))
    assert match.compatible and match.explanation["date"]["near"] is True and match.explanation["date"]["gap_days"] == 1
    unrelated = document("d", "The two presidents held talks.", "2025-07-02")
    other = event(unrelated, "CONSULT", unrelated.text, [MACRON(), PUTIN()], date=day("2025-07-02"), trigger="held")
    assert "not similar" in compare(features(CALL_A, call_a()), features(unrelated, other)).explanation["refused"]


def test_places_must_agree_when_both_reports_have_one():
    doc = document("k", "Russia attacked Kyiv and Kharkiv with drones overnight.", "2025-07-04")
    kyiv = event(doc, "ASSAULT", doc.text, [country("Russia", "RUS")], [country("Ukraine", "UKR")], date=day("2025-07-04"), place="Kyiv")
    kharkiv = event(doc, "ASSAULT", doc.text, [country("Russia", "RUS")], [country("Ukraine", "UKR")], date=day("2025-07-04"), place="Kharkiv")
    ukraine = event(doc, "ASSAULT", doc.text, [country("Russia", "RUS")], [country("Ukraine", "UKR")], date=day("2025-07-04"), place="Ukraine")
    refused = compare(features(doc, kyiv), features(doc, kharkiv))
    assert not refused.compatible and refused.explanation["refused"] == "places differ: Kyiv vs Kharkiv"
    contained = compare(features(doc, kyiv), features(doc, ukraine))
    assert contained.compatible and contained.explanation["place"] == {"agree": True, "how": "Kyiv is in UKR"}


def test_direction_matters_for_directed_categories_and_flags_must_agree():
    doc = document("i", "India accused Pakistan and Pakistan accused India.", "2025-04-23")
    india = event(doc, "ACCUSE", doc.text, [country("India", "IND")], [country("Pakistan", "PAK")], date=day("2025-04-23"), trigger="accused")
    pakistan = event(doc, "ACCUSE", doc.text, [country("Pakistan", "PAK")], [country("India", "IND")], date=day("2025-04-23"), trigger="accused")
    assert not compare(features(doc, india), features(doc, pakistan)).compatible
    planned = call_b(future=True)
    assert compare(features(CALL_A, call_a()), features(CALL_B, planned)).explanation["refused"] == "one report is future, the other is not"


def test_an_undated_report_falls_back_to_the_week_before_publication():
    f = features(CALL_B, call_b(date=None))
    assert (f.dates.earliest, f.dates.latest, f.dates.precision) == (date(2025, 6, 25), date(2025, 7, 2), "published")
    assert compare(features(CALL_A, call_a()), f).compatible


def test_choose_most_frequent_then_most_recent_report_then_larger():
    m = lambda pub: StoredMention("m" + pub, {}, "d", "h", date.fromisoformat(pub))  # noqa: E731
    assert choose([(2, m("2025-07-04")), (2, m("2025-07-04")), (1, m("2025-07-05"))]) == 2
    assert choose([(2, m("2025-07-04")), (3, m("2025-07-05"))]) == 3
    assert choose([(3, m("2025-07-05")), (2, m("2025-07-05"))], finer=lambda v: v) == 3


def test_canonical_keeps_every_conflicting_value_with_its_sources():
    docs = [document(f"k{i}", f"Report {i}: Russia attacked Kyiv, killing people.", pub, src)
            for i, (pub, src) in enumerate([("2025-07-04", "KI"), ("2025-07-04", "BBC"), ("2025-07-05", "Reuters")])]
    deaths = [1, 2, 2]
    dates = ["2025-07-04", "2025-07-04", "2025-07-03"]
    mentions = [
        mention(d, event(d, "ASSAULT", d.text, [country("Russia", "RUS")], [country("Kyiv", "UKR")], date=day(dt),
                         place="Kyiv", dead=n, injured=23, mode=["drone"], trigger="attacked"))
        for d, n, dt in zip(docs, deaths, dates)
    ]
    c = build_canonical(mentions)
    assert (c.dead, c.injured, c.date_value) == (2, 23, "2025-07-04")
    assert c.record["conflicts"]["dead"] == {
        "chosen": 2,
        "values": [
            {"value": 1, "sources": [{"doc_id": "k0", "mention_id": mentions[0].mention_id, "source": "KI", "published": "2025-07-04"}]},
            {"value": 2, "sources": [{"doc_id": "k1", "mention_id": mentions[1].mention_id, "source": "BBC", "published": "2025-07-04"},
                                     {"doc_id": "k2", "mention_id": mentions[2].mention_id, "source": "Reuters", "published": "2025-07-05"}]},
        ],
    }
    assert [v["value"] for v in c.record["conflicts"]["date"]["values"]] == ["2025-07-03", "2025-07-04"]
    assert "injured" not in c.record["conflicts"]
    # the id comes from the first report (earliest published, then most precise date, then mention id)
    first = min(mentions[:2], key=lambda m: m.mention_id)
    assert c.event_id == canonical_id_for(first.mention_id)
    assert build_canonical(list(reversed(mentions))).event_id == c.event_id
    assert c.record["n_sources"] == 3
    assert sorted(s["doc_id"] for s in c.record["sources"]) == ["k0", "k1", "k2"]
    assert (c.quad_code, c.score) == (4, -9.5)


def test_canonical_date_prefers_the_finest_precision_reported():
    historical = mention(CALL_B, call_b(date=day("2022-09", "September 2022", precision="month"), historical=True))
    precise = mention(CALL_A, call_a(date=day("2022-09-11")))
    c = build_canonical([historical, historical, precise])
    assert (c.date_value, c.dates.precision) == ("2022-09-11", "day")
    assert c.historical is False
    assert c.record["date"]["doc_id"] == "a"


def test_canonical_quad_and_score_come_from_the_ontology():
    c = build_canonical([mention(CALL_A, call_a())])
    assert (c.quad_code, c.score) == (1, 1.5)  # CONSULT: phone
    doc = document("r", "France urged Russia to change course and to help.", "2025-07-01")
    request = event(doc, "REQUEST", doc.text, [country("France", "FRA")], [country("Russia", "RUS")],
                    date=day("2025-07-01"), mode=["assist", "change"], trigger="urged")
    assert (build_canonical([mention(doc, request)]).quad_code, build_canonical([mention(doc, request)]).score) == (3, -1.0)


def test_an_event_dated_only_by_its_publication_counts_on_that_day():
    c = build_canonical([mention(CALL_B, call_b(date=None))])
    assert (c.dates.precision, c.day, c.record["date"]["basis"]) == ("published", date(2025, 7, 2), "published")
    assert c.record["date"]["earliest"] == "2025-06-25" and c.record["date"]["latest"] == "2025-07-02"
