"""Document-level events: one event per real event in an article, with every mention as evidence."""
from pathlib import Path

import pytest

from sanderling.coder.pipeline import Coder

ARTICLE = """Erdogan and Putin Meet in Sochi

Turkish President Tayyip Erdogan met Russian President Vladimir Putin in Sochi on Monday, their first meeting since March 2023.

The talks focused on grain exports. Erdogan urged a resumption of the Black Sea grain deal.

Separately, Putin held a phone call with Chinese President Xi Jinping on Tuesday."""


@pytest.fixture(scope="module")
def events():
    return [e.to_dict() for e in Coder.load().code_text(ARTICLE, "sochi", "2023-09-06")]


def _consults(events):
    return [e for e in events if e["event_type"] == "CONSULT"]


def test_headline_body_and_reference_are_one_meeting(events):
    meetings = [e for e in _consults(events) if {"TUR", "RUS"} <= {a["code"] for a in e["actor"]} and not e["historical"]]
    assert len(meetings) == 1
    m = meetings[0]
    assert m["date"]["value"] == "2023-09-04"  # "on Monday" before publication on Wednesday 6 September
    assert m["location"]["name"] == "Sochi"
    triggers = [ev["trigger"] for ev in m["evidence"]]
    assert "Meet" in triggers and "met" in triggers and "talks" in triggers
    assert m["previous_contact"]["earliest"] == "2023-03-01"


def test_the_earlier_meeting_is_a_historical_event(events):
    earlier = [e for e in _consults(events) if e["historical"]]
    assert len(earlier) == 1
    assert earlier[0]["date"]["earliest"] == "2023-03-01" and earlier[0]["date"]["latest"] == "2023-03-31"


def test_a_separate_call_with_someone_else_stays_separate(events):
    calls = [e for e in _consults(events) if "CHN" in {a["code"] for a in e["actor"]}]
    assert len(calls) == 1
    assert calls[0]["mode"] == ["phone"] and calls[0]["date"]["value"] == "2023-09-05"
    assert {a["name"] for a in calls[0]["actor"]} == {"Vladimir Putin", "Xi Jinping"}


def test_a_demand_made_during_the_meeting_is_addressed_to_the_other_party(events):
    (req,) = [e for e in events if e["event_type"] == "REQUEST"]
    assert [a["code"] for a in req["actor"]] == ["TUR"]
    assert [r["code"] for r in req["recipient"]] == ["RUS"]
    assert req["date"]["value"] == "2023-09-04"


def test_upper_case_us_is_the_country_not_the_pronoun():
    events = [e.to_dict() for e in Coder.load().code_text(
        "Israeli Prime Minister Ehud Barak has agreed to US mediation in the talks with the Palestinians.")]
    (agree,) = [e for e in events if e["event_type"] == "AGREE"]
    assert [r["code"] for r in agree["recipient"]] == ["USA"]


def test_a_bare_event_noun_the_classifier_confirms_becomes_the_sentences_event():
    # "alert" has no verb of its own; the sentence's verb gives the participants
    events = [e.to_dict() for e in Coder.load().code_text("NATO troops remained on alert Sunday in Bosnian Serb territory.")]
    assert [(e["event_type"], [a["code"] for a in e["actor"]]) for e in events] == [("MOBILIZE", ["IGO"])]
    assert "classifier-confirmed-noun" in events[0]["rule"]


def test_the_one_who_died_under_torture_is_the_recipient():
    events = [e.to_dict() for e in Coder.load().code_text(
        "Political prisoner died in a captivity in Iran due to continued torture and poor treatment.")]
    (e,) = events
    assert e["event_type"] == "ASSAULT" and e["actor"] == []
    assert [r["code"] for r in e["recipient"]] == ["IRN"]  # the prisoner, coded by the place


def test_a_story_that_names_one_country_codes_its_uncoded_groups():
    events = [e.to_dict() for e in Coder.load().code_text(
        "Police arrested dozens of students on Saturday, Kenyan media reported.")]
    (e,) = events
    assert e["event_type"] == "COERCE"
    assert [a["code"] for a in e["actor"]] == ["KEN"] and [r["code"] for r in e["recipient"]] == ["KEN"]
    assert "actor-code-from-document" in e["rule"]


def test_an_attack_or_aid_with_no_named_recipient_is_for_its_place():
    events = [e.to_dict() for e in Coder.load().code_text(
        "Russian military planes carrying medical equipment and virologists landed in Rome.")]
    (aid,) = events
    assert aid["event_type"] == "AID" and [a["code"] for a in aid["actor"]] == ["RUS"]
    assert [r["code"] for r in aid["recipient"]] == ["ITA"] and "recipient-place" in aid["rule"]


def test_a_dateline_names_where_the_story_was_filed_not_who_acted():
    events = [e.to_dict() for e in Coder.load().code_text(
        "SEOUL, Dec 3 (Reuters) - South Korean President Yoon Suk Yeol declared emergency martial law on Tuesday "
        "night.")]
    (e,) = events
    assert e["event_type"] == "COERCE"
    assert [(a["text"], a["code"]) for a in e["actor"]] == [("South Korean President Yoon Suk Yeol", "KOR")]


def test_a_dateline_is_parsed_apart_from_the_sentence_it_heads():
    # parsed together, "GENEVA, June 16" became the subject of "held" and both leaders were lost
    events = [e.to_dict() for e in Coder.load().code_text(
        "GENEVA, June 16 (Reuters) - Joe Biden and Vladimir Putin held their first summit at a lakeside villa.",
        "d", "2021-06-17")]
    (e,) = [e for e in events if e["event_type"] == "CONSULT"]
    assert [(a["text"], a["code"]) for a in e["actor"]] == [("Joe Biden", "USA"), ("Vladimir Putin", "RUS")]
    assert (e["date"]["value"], e["date"]["text"]) == ("2021-06-16", "June 16")  # the dateline still dates it


def test_the_earlier_contact_takes_no_guessed_mode():
    text = (Path(__file__).resolve().parents[1] / "examples" / "putin-macron-call.txt").read_text()
    events = [e.to_dict() for e in Coder.load().code_text(text, "ref", "2025-07-05")]
    (earlier,) = [e for e in events if e["event_type"] == "CONSULT" and e["historical"]]
    assert earlier["mode"] == []  # how the September 2022 contact was held is not told


def test_a_dateline_after_a_headline_opens_the_story_too():
    events = [e.to_dict() for e in Coder.load().code_text(
        "Biden and Putin meet in Geneva\n\nGENEVA, June 16 (Reuters) - Joe Biden and Vladimir Putin held their "
        "first summit at a lakeside villa.", "d", "2021-06-17")]
    (e,) = [e for e in events if e["event_type"] == "CONSULT"]
    assert [a["code"] for a in e["actor"]] == ["USA", "RUS"]
    assert (e["date"]["value"], e["date"]["text"]) == ("2021-06-16", "June 16")
