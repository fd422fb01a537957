"""The article corpus (corpus/articles-v1): it validates, it is what its sources build, its held-out fifth is the
hash rule's, and its scorer counts what it says it counts."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / "corpus" / "tools"
CORPUS = ROOT / "corpus" / "articles-v1"


def _load(name: str):
    sys.path.insert(0, str(TOOLS))
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built():
    builder = _load("build_articles")
    return builder, builder.build(builder.load_sources())


def test_corpus_passes_its_validator(built):
    validator = _load("validate_articles")
    _, (rows, expected, splits) = built
    errors, _ = validator.check(rows, expected, splits)
    assert errors == []


def test_committed_files_are_what_the_sources_build(built):
    builder, (rows, expected, splits) = built
    files = builder.render(rows, expected, splits)
    for path, text in files.items():
        assert path.read_text(encoding="utf-8") == text, path.name
    assert set((CORPUS / "expected").glob("*.expected.json")) == {p for p in files if p.parent.name == "expected"}


def test_size_mix_and_format(built):
    _, (rows, expected, _) = built
    assert len(rows) >= 80
    kinds = [r["kind"] for r in rows]
    assert kinds.count("violence") / len(rows) >= 0.35
    for kind in ("diplomacy", "protest", "sanctions", "aid", "mixed"):
        assert kinds.count(kind) >= 8, kind
    for r in rows:
        assert r["source"] == "team" and r["text"].count("\n\n") >= 3
        exp = expected[r["id"]]
        assert exp["document"]["published"] == r["published"]
        assert {"about", "expected_events", "must_not"} <= set(exp)


def test_heldout_fifth_follows_the_hash_rule(built):
    builder, (rows, _, _) = built
    splits = json.loads((CORPUS / "splits.json").read_text())
    ids = sorted(r["id"] for r in rows)
    assert sorted(splits["dev"] + splits["heldout"]) == ids
    assert splits["heldout"] == [i for i in ids if builder.is_heldout(i)]
    assert 0.1 <= len(splits["heldout"]) / len(ids) <= 0.3


def test_scorer_pairs_one_to_one_and_reads_the_extensions():
    scorer = _load("score_articles")
    exp = {
        "expected_events": [{"what": "strike", "event_type": "ASSAULT", "recipient_codes_include": ["UKR"],
                             "dead_min": 2, "dead_max": 2, "location_country": "UKR", "actor_unknown": True,
                             "evidence_contains": "a drone hit"}],
        "also_acceptable": [],
        "must_not": [{"what": "rescue", "extra_citing": "rescuers were sent"}],
    }
    good = {"event_type": "ASSAULT", "actor": [{"text": "a drone", "code": None}], "recipient": [{"code": "UKR"}],
            "dead": 2, "location": {"country": "UKR"}, "evidence": [{"sentence": "Two died when a drone hit a car."}]}
    assert scorer.score_article(exp, [good])["matched"] == 1
    # the victim's country given to the attacker, a part given the total, a second event for one strike
    assert scorer.score_article(exp, [dict(good, actor=[{"code": "UKR"}])])["matched"] == 0
    assert scorer.score_article(exp, [dict(good, dead=3)])["matched"] == 0
    twice = scorer.score_article(exp, [good, good])
    assert (twice["matched"], twice["paired"], twice["emitted"]) == (1, 1, 2)
    # rescue talk: fine as evidence of the paired event, a violation as an event of its own
    cited = dict(good, evidence=[{"sentence": "Two died when a drone hit a car."}, {"sentence": "100 rescuers were sent."}])
    assert scorer.score_article(exp, [cited])["violations"] == []
    aid = {"event_type": "AID", "actor": [], "recipient": [], "evidence": [{"sentence": "100 rescuers were sent."}]}
    assert scorer.score_article(exp, [good, aid])["violations"] == ["rescue"]
