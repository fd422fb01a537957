"""Checks on corpus/events-v1/part-a.jsonl, part a of the classifier training corpus.

The corpus is built from hand-written sources (corpus/events-v1/src-a/) by corpus/tools/build_a.py and
checked by corpus/tools/validate_a.py; these tests keep the committed file, its sources and the brief's
coverage promises in step (see corpus/events-v1/DATASHEET-a.md).
"""
from __future__ import annotations

import collections
import datetime as dt
import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "events-v1" / "part-a.jsonl"
TEAM_TEST_SENTENCES = ROOT / "tests" / "data" / "team_sentences.jsonl"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "corpus" / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


validate_a = _load("validate_a")
build_a = _load("build_a")


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]


def test_every_record_passes_the_validator(records):
    countries = validate_a.country_codes()
    problems = {r["id"]: validate_a.check_record(r, countries) for r in records}
    assert {rid: errs for rid, errs in problems.items() if errs} == {}
    assert [r["id"] for r in records] == [f"sc-a-{i:04d}" for i in range(1, len(records) + 1)]


def test_committed_file_is_exactly_what_the_sources_build(records):
    assert build_a.build() == records


def test_spans_are_the_words_they_claim(records):
    first = records[0]
    assert first["text"].startswith("China and the United States agreed on Saturday")
    trigger = first["events"][0]["trigger"]
    assert (trigger["text"], trigger["start"], trigger["end"]) == ("agreed", 28, 34)
    assert first["events"][0]["date"] == {"text": "on Saturday", "start": 35, "end": 46, "value": "2019-06-29"}
    for record in records:
        for event in record["events"]:
            for role in ("actor", "recipient"):
                for entity in event[role]:
                    assert record["text"][entity["start"]:entity["end"]] == entity["text"]


@pytest.mark.parametrize("words, published, future, expected", [
    ("on Monday", "2015-03-04", False, "2015-03-02"),   # most recent Monday before a Wednesday
    ("on Wednesday", "2015-03-04", False, "2015-03-04"),
    ("on Friday", "2015-03-04", True, "2015-03-06"),   # future events look forward
    ("yesterday", "2015-03-01", False, "2015-02-28"),
    ("last month", "2015-01-10", False, "2014-12"),
    ("on December 30", "2015-01-02", False, "2014-12-30"),
    ("in 1994", "2015-01-02", False, "1994"),
    ("next week", "2021-10-13", False, "2021-10-18"),
])
def test_date_phrases_resolve_against_the_publication_date(words, published, future, expected):
    assert build_a.resolve_date(words, dt.date.fromisoformat(published), future) == expected


def test_coverage_promised_by_the_brief(records):
    events = [e for r in records for e in r["events"]]
    per_category = collections.Counter(e["event_type"] for e in events)
    for category in ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST"):
        assert per_category[category] >= 100, category
    modes = collections.Counter((e["event_type"], m) for e in events for m in e["mode"])
    for category in ("CONSULT", "RETREAT", "REQUEST"):
        for mode in validate_a.MODES[category]:
            assert modes[(category, mode)] >= 12, (category, mode)
    assert len(records) >= 1050
    negatives = [r for r in records if r["negative_kind"]]
    assert len(negatives) / len(records) >= 0.15
    assert set(r["negative_kind"] for r in negatives) == validate_a.NEGATIVE_KINDS
    framed = [r for r in records if len(r["events"]) >= 2 or (r["events"] and validate_a.ATTRIBUTION.search(r["text"]))]
    assert len(framed) / len(records) >= 0.25
    for flag in validate_a.FLAGS:
        assert sum(1 for e in events if e[flag]) >= 10, flag


def _content_words(text: str) -> set[str]:
    stop = {"the", "a", "an", "of", "in", "on", "to", "and", "for", "with", "by", "at", "from", "as",
            "its", "his", "her", "their", "was", "were", "is", "are", "has", "had", "have", "that", "said"}
    return set(re.findall(r"[a-z0-9]+", text.lower())) - stop


def test_no_sentence_paraphrases_a_team_test_sentence(records):
    # The team's hand-coded test sentences measure the coder; a near copy here would leak them into
    # training.  The file lives on main; on a branch without it there is nothing to compare against.
    if not TEAM_TEST_SENTENCES.exists():
        pytest.skip("tests/data/team_sentences.jsonl not on this branch")
    team = [_content_words(json.loads(l)["text"]) for l in TEAM_TEST_SENTENCES.read_text().splitlines()]
    for record in records:
        mine = _content_words(record["text"])
        for words in team:
            overlap = len(mine & words) / max(1, min(len(mine), len(words)))
            assert overlap < 0.8, record["id"]
