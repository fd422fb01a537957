"""How the learned classifier and the rules decide together.

The rules (``mentions.py``) know *where* an event is said — the trigger words, the frame around them, the
arguments — and are precise on the constructions they cover; the classifier (``classifier.py``) knows
*what kind* of event a sentence reports far more robustly (it learned from real news) but not where or by
whom. Per sentence the combination is a small stacked model:

1. **score every category**: ``S(c)`` is a logistic model of what the two sources say about ``c`` — the
   classifier's P(c) and P(no event) (as logits), whether ``c`` is the classifier's first choice, whether the
   rules found a ``c`` mention and how sure they are (their prior), whether one of those names a participant,
   whether the rules' main mention is a ``c``, and how sure the rules are of some other category — plus a bias
   per category (``FEATURES``). It is fitted on development
   sentences each classified by a model that never trained on them (cross-fitting), so ``S(c)`` reads as the
   probability that the sentence reports a ``c`` event;
2. **keep** a rule mention when ``S(its type) >= keep_above``, and always one pointing back at an event
   ("the call") or a contact the rules are sure of between named participants (``keep_named``);
3. **re-type or add**: when the best-scored category ``t`` has no kept mention and ``S(t) >= add_above``, the
   rules' mentions of ``t`` are kept if there are any; otherwise the main rule mention takes type ``t`` if its own
   score is below ``retype_below`` (its trigger and arguments stay); otherwise an event of type ``t`` is added on
   the clause verb that carries the sentence (past a reporting verb: "X said that Y …" → Y's verb), its arguments
   read from the parse like any other mention's;
4. **modes and contexts**: the classifier's modes fill an empty mode list (``> mode_above``) and its contexts
   are added (``> context_above``);
5. **confidence** of an event is ``S(its type)``, rescaled (``confidence_scale``, monotone) so that on the real
   development sentences the top event's confidence is the share of such events whose type is right; the
   sentence's top event is its best-scored category.

The weights and thresholds live in ``data/models/event-classifier/combination.json`` (written by
``evaluation/fit_combination.py``), not in code.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Optional

from spacy.tokens import Span, Token

from ..coder.arguments import find_arguments, is_entityish, names_its_people
from ..coder.lexicon import TriggerEntry, TriggerLexicon
from ..coder.mentions import SPEECH_VERBS, Mention, finish_mention, lemma
from ..coder.vocabulary import words
from ..ontology import load as load_ontology

COMBINATION_FILE = "data/models/event-classifier/combination.json"
RECIPROCAL = load_ontology().group("reciprocal_by_classifier")
POINTING_DETERMINERS = words("pointing_determiners")


FEATURES = ("logit P(c)", "logit P(no event)", "c is the classifier's top", "rules found c", "rules' prior for c",
            "rules' main mention is c", "rules' prior for another category", "rules found c x logit P(c)",
            "rules found c with a named participant")


@dataclass(frozen=True)
class CombinationRule:
    keep_above: float = 0.2
    add_above: float = 0.5
    retype_below: float = 0.1
    rule_strong: float = 0.95  # a rule mention this sure is never re-typed
    # contacts the rules find between named participants are kept whatever the sentence classifier says: it reads
    # the sentence's main news and misses a call told in passing ("the strike came hours after a phone call
    # between Putin and Trump"), and the store's last-contact questions depend on them
    keep_named: tuple[str, ...] = ("CONSULT",)
    keep_named_prior: float = 0.8
    mode_above: float = 0.7
    context_above: float = 0.5
    weights: tuple[float, ...] = (1.0, -0.5, 0.5, 1.0, 2.0, 0.5, -0.5, 0.0, 0.5)  # over FEATURES
    intercept: float = -2.0
    category_bias: dict = field(default_factory=dict)  # category -> added to the intercept
    # confidence = sigmoid(a * logit(S) + b): S recalibrated on the top events of real sentences
    confidence_scale: tuple[float, float] = (1.0, 0.0)
    fitted_on: str = "defaults (not fitted)"

    @classmethod
    def load(cls, path: Optional[Path] = None) -> "CombinationRule":
        if path is None:
            path = Path(str(resources.files("sanderling").joinpath(COMBINATION_FILE)))
        if not path.exists():
            return cls()
        raw = json.loads(path.read_text("utf-8"))
        raw["weights"] = tuple(raw.get("weights", cls.weights))
        raw["confidence_scale"] = tuple(raw.get("confidence_scale", (1.0, 0.0)))
        raw["keep_named"] = tuple(raw.get("keep_named", cls.keep_named))
        return cls(**{k: v for k, v in raw.items() if k in cls.__dataclass_fields__})

    def to_dict(self) -> dict:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__}
        d["weights"] = list(self.weights)
        d["confidence_scale"] = list(self.confidence_scale)
        d["keep_named"] = list(self.keep_named)
        d["features"] = list(FEATURES)
        return d

    def score(self, category: str, x: tuple[float, ...]) -> float:
        z = self.intercept + self.category_bias.get(category, 0.0) + sum(w * v for w, v in zip(self.weights, x))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def confidence(self, s: float) -> float:
        a, b = self.confidence_scale
        z = a * logit(s) + b
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def category_features(category: str, pred, priors: dict[str, float], main_type: Optional[str],
                      named: frozenset[str] = frozenset()) -> tuple[float, ...]:
    """What the classifier (``pred``) and the rules (``priors``: category -> the rules' best prior in the
    sentence; ``main_type``: the category of their most confident mention; ``named``: the categories of their
    mentions with a named actor or recipient) say about ``category``."""
    p = pred.categories.get(category, 0.0)
    top = max(pred.categories, key=lambda c: pred.categories[c])
    found = category in priors
    other = max((v for c, v in priors.items() if c != category), default=0.0)
    return (logit(p), logit(pred.none), 1.0 if category == top else 0.0, 1.0 if found else 0.0,
            priors.get(category, 0.0), 1.0 if main_type == category else 0.0, other,
            logit(p) if found else 0.0, 1.0 if category in named else 0.0)


def rule_evidence(mentions: list[Mention]) -> tuple[dict[str, float], Optional[str], frozenset[str]]:
    """The rules' side of :func:`category_features`: best prior per category, the main mention's category, and
    the categories of mentions that name a participant ("a phone call between Putin and Trump")."""
    priors: dict[str, float] = {}
    named = set()
    for m in mentions:
        prior = m.rule_prior if m.rule_prior is not None else m.confidence
        priors[m.event_type] = max(priors.get(m.event_type, 0.0), prior)
        if m.event_type not in named:
            actors, recipients = find_arguments(m)
            if any((is_entityish(a.head) or names_its_people(a.head)) and a.head.pos_ != "PRON" for a in actors + recipients):
                named.add(m.event_type)
    main = max(mentions, key=lambda m: m.rule_prior if m.rule_prior is not None else m.confidence).event_type if mentions else None
    return priors, main, frozenset(named)


def sentence_scores(rule: CombinationRule, pred, mentions: list[Mention], evidence=None) -> dict[str, float]:
    """``S(c)`` for every category of the classifier's layout (``evidence``: :func:`rule_evidence` of the
    mentions, when already computed)."""
    priors, main, named = evidence if evidence is not None else rule_evidence(mentions)
    return {c: rule.score(c, category_features(c, pred, priors, main, named)) for c in pred.categories}


def _points_back(m: Mention) -> bool:
    return m.is_nominal and m.determiner in POINTING_DETERMINERS


def _carrier_verb(sent: Span) -> Optional[Token]:
    """The verb that carries the sentence's news: its root, or past a reporting verb the verb of what is
    reported ("the ministry said that troops had shelled …" → "shelled")."""
    root = sent.root
    if root.pos_ not in ("VERB", "AUX"):
        return None
    seen = 0
    while lemma(root) in SPEECH_VERBS and seen < 3:
        inner = next((c for c in root.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), None)
        if inner is None:
            break
        root, seen = inner, seen + 1
    if root.pos_ == "AUX":  # a copula ("both sides are guilty of violating the ceasefire"): the nearest verb below
        return next((t for t in _breadth_first(root) if t.pos_ == "VERB"), None)
    return root


def _breadth_first(token: Token):
    todo = list(token.children)
    while todo:
        t = todo.pop(0)
        yield t
        todo.extend(t.children)


def classifier_mention(sent: Span, category: str, probability: float, lex: TriggerLexicon) -> Optional[Mention]:
    verb = _carrier_verb(sent)
    if verb is None:
        return None
    entry = TriggerEntry(words=(lemma(verb),), pos="V", type=category, reciprocal=category in RECIPROCAL,
                         confidence=probability)
    m = Mention(sent=sent, head=verb, trigger_start=verb.idx, trigger_end=verb.idx + len(verb.text), entry=entry,
                event_type=category, confidence=probability, rule=f"classifier:{category}")
    finish_mention(m, lex)
    return m


@dataclass
class Combiner:
    rule: CombinationRule = field(default_factory=CombinationRule.load)

    def decide(self, sent: Span, mentions: list[Mention], pred, lex: TriggerLexicon, evidence=None) -> list[Mention]:
        """The sentence's final mentions (see the module docstring for the rule)."""
        if pred is None:
            return mentions
        r = self.rule
        for m in mentions:
            if m.rule_prior is None:
                m.rule_prior = m.confidence
        if evidence is None:
            evidence = rule_evidence(mentions)
        named = evidence[2]
        scores = sentence_scores(r, pred, mentions, evidence)
        kept = [m for m in mentions
                if scores.get(m.event_type, 0.0) >= r.keep_above
                or _points_back(m)  # "the call", "this exchange"
                or (m.event_type in r.keep_named and m.event_type in named and m.rule_prior >= r.keep_named_prior)]
        best, s_best = max(scores.items(), key=lambda kv: kv[1])
        if best not in {m.event_type for m in kept} and s_best >= r.add_above:
            # only a mention that reports an event by itself is re-typed: not a bare noun naming another event
            # ("violating the ceasefire agreement"), which would only point back at it
            main = max((m for m in mentions if not m.is_nominal or m.support_verb is not None),
                       key=lambda m: m.rule_prior, default=None)
            same = [m for m in mentions if m.event_type == best]
            if same:  # the sentence's best category, found by the rules: their mention, with its trigger and arguments
                kept.extend(same)
            elif main is not None and scores.get(main.event_type, 0.0) < r.retype_below and main.rule_prior < r.rule_strong:
                if main not in kept:
                    kept.append(main)
                main.event_type, main.modes = best, []
                main.rule += f"+classifier-retype:{best}"
            else:
                added = classifier_mention(sent, best, pred.categories.get(best, 0.0), lex)
                if added is not None and all(added.head.i != m.head.i for m in kept):
                    added.rule_prior = 0.0
                    kept.append(added)
        for m in kept:
            modes = pred.modes.get(m.event_type) or {}
            if not m.modes and modes and not _points_back(m):  # "the last direct talk": another event
                mode, pm = max(modes.items(), key=lambda kv: kv[1])
                if pm > r.mode_above:
                    m.modes = [mode]
            for ctx, pc in sorted(pred.contexts.items(), key=lambda kv: -kv[1]):
                if pc > r.context_above and ctx not in m.contexts:
                    m.contexts.append(ctx)
            m.confidence = r.confidence(scores.get(m.event_type, 0.0))
            m.classifier_p = pred.categories.get(m.event_type, 0.0)
        return kept
