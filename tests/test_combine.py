"""The combination of rules and classifier (sanderling/learn/combine.py), with hand-set weights so that each decision
is forced: keep, drop, keep the best category's rule mention, re-type, add."""
from __future__ import annotations

import pytest

from sanderling.coder import lexicon
from sanderling.coder import parse as nlp
from sanderling.learn.classifier import Prediction
from sanderling.learn.combine import FEATURES, CombinationRule, Combiner, category_features, classifier_mention, rule_evidence
from sanderling.coder.mentions import find_mentions
from sanderling.ontology import CATEGORIES

# S(c) = sigmoid(-2 + 1 * logit P(c) + 3 * [rules found c]): the classifier decides unless the rules found c
RULE = CombinationRule(keep_above=0.5, add_above=0.6, retype_below=0.1, rule_strong=0.99,
                       weights=(1.0, 0.0, 0.0, 3.0) + (0.0,) * (len(FEATURES) - 4), intercept=-2.0)


@pytest.fixture(scope="module")
def lex():
    return lexicon.load()


def sentence(text):
    return next(iter(next(nlp.parse([text])).sents))


def prediction(**p) -> Prediction:
    cats = {c: 0.001 for c in CATEGORIES}
    cats.update(p)
    return Prediction(categories=cats, modes={}, contexts={}, none=0.05)


def decide(text, pred, lex):
    sent = sentence(text)
    return Combiner(rule=RULE).decide(sent, find_mentions(sent, lex), pred, lex)


def test_features_follow_their_names(lex):
    sent = sentence("Russia threatened Ukraine over the border dispute.")
    priors, main, named = rule_evidence(find_mentions(sent, lex))
    assert main == "THREATEN" and named == {"THREATEN"} and priors["THREATEN"] > 0.5
    x = dict(zip(FEATURES, category_features("THREATEN", prediction(THREATEN=0.5), priors, main, named)))
    assert x["logit P(c)"] == pytest.approx(0.0) and x["rules found c"] == 1.0
    assert x["c is the classifier's top"] == 1.0 and x["rules' main mention is c"] == 1.0


def test_rule_mention_the_classifier_supports_is_kept_with_the_score_as_confidence(lex):
    (m,) = decide("Russia threatened Ukraine over the border dispute.", prediction(THREATEN=0.5), lex)
    assert m.event_type == "THREATEN"
    assert m.confidence == pytest.approx(1 / (1 + 2.718281828 ** -1.0), abs=1e-3)  # -2 + 0 + 3
    assert m.rule_prior is not None and m.classifier_p == pytest.approx(0.5)


def test_best_category_without_a_mention_retypes_a_rejected_main_mention(lex):
    # the rules read THREATEN; the classifier is sure of ACCUSE and gives THREATEN no chance
    (m,) = decide("Russia threatened Ukraine over the border dispute.", prediction(THREATEN=1e-4, ACCUSE=0.999), lex)
    assert m.event_type == "ACCUSE" and "classifier-retype:ACCUSE" in m.rule
    assert m.trigger_text == "threatened"  # the trigger and the arguments stay


def test_classifier_event_is_added_on_the_carrier_verb_when_the_rules_found_nothing(lex):
    (m,) = decide("The ministry said that troops had flattened the village.", prediction(ASSAULT=0.999), lex) or [None]
    assert m is not None and m.event_type == "ASSAULT" and m.rule == "classifier:ASSAULT"
    assert m.head.text == "flattened"  # past the reporting verb


def test_nothing_is_added_below_the_threshold(lex):
    assert decide("The weather was mild in Paris on Tuesday.", prediction(CONSULT=0.3), lex) == []


def test_a_copula_sentence_carries_the_added_event_on_the_verb_below(lex):
    ms = decide("The rebels and the army are guilty of violating the ceasefire agreement.", prediction(ASSAULT=0.999), lex)
    added = [m for m in ms if m.event_type == "ASSAULT"]
    assert [m.head.text for m in added] == ["violating"]
    # "the ceasefire agreement" names another event: it is not re-typed into the violation
    assert all(m.event_type != "ASSAULT" for m in ms if m.head.text in ("agreement", "ceasefire"))


def test_a_demand_in_a_reported_clause_is_the_speakers():
    from sanderling.coder.arguments import find_arguments
    from sanderling.coder.pipeline import _classifier_participants

    sent = sentence("The EU says military intervention in Venezuela must be avoided.")
    m = classifier_mention(sent, "REQUEST", 0.9, lexicon.load())
    assert m.head.text == "avoided"
    actors, recipients = _classifier_participants("REQUEST", m.head, *find_arguments(m))
    assert [a.text for a in actors] == ["EU"] and recipients == []
    # an event that is not a statement keeps the clause's own participants
    assert _classifier_participants("ASSAULT", m.head, *find_arguments(m))[0] == find_arguments(m)[0]
