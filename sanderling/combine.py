"""How the learned classifier and the rules decide together.

The rules (``mentions.py``) know *where* an event is said — the trigger words, the frame around them, the
arguments — and are precise on the constructions they cover; the classifier (``classifier.py``) knows
*what kind* of event a sentence reports far more robustly (it learned from real news) but not where or by
whom. Per sentence, the documented combination rule is:

1. **keep** every rule mention — always those pointing back at an event ("the call") — unless the classifier is sure the sentence reports no event of that kind
   (``P(type) < drop_below`` and ``P(no event) > drop_none_above``) and the rule itself is not strong
   (prior below ``rule_strong``): sports "attacks", company "agreements";
2. **re-type** the sentence's main rule mention when the classifier gives its type almost no chance
   (``< retype_below``), is confident of another (``> retype_above``) and the rule is not strong; the
   trigger and arguments stay, the category changes;
3. **add** an event when the rules found none, or only ones the classifier rejects (or, with
   ``add_beside_rules``, whatever they found), and the classifier is
   confident of a category (``> add_above``, ``P(no event) < add_none_below``): its trigger is the clause
   verb that carries the sentence (past a reporting verb: "X said that Y …" → Y's verb), its arguments come
   from the parse like any other mention's;
4. **modes and contexts**: the classifier's modes fill an empty mode list (``> mode_above``) and its contexts
   are added (``> context_above``);
5. **confidence**: a logistic model of (rule prior, classifier P(type), P(no event), classifier-only, type is
   the classifier's first choice) fitted on
   development sentences the classifier never trained on (its validation fifth), so that ``confidence``
   reads as the probability that the event's type is right (reliability table in the model card).

The thresholds and the logistic weights live in ``data/models/event-classifier/combination.json`` (written by
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

from .lexicon import Lexicon, TriggerEntry
from .mentions import SPEECH_VERBS, Mention, finish_mention, lemma

COMBINATION_FILE = "data/models/event-classifier/combination.json"
RECIPROCAL = {"CONSULT", "COOPERATE"}
# Nouns with these point back at an event told before: evidence for it, whatever the sentence is about.
POINTING_DETERMINERS = {"the", "this", "that", "these", "those", "its", "their", "his", "her"}


@dataclass(frozen=True)
class CombinationRule:
    drop_below: float = 0.05
    drop_none_above: float = 0.85
    rule_strong: float = 0.8
    retype_below: float = 0.08
    retype_above: float = 0.6
    add_above: float = 0.6
    add_none_below: float = 0.4
    add_beside_rules: bool = False  # add the classifier's category even beside rule events of other types
    mode_above: float = 0.7
    context_above: float = 0.5
    # logistic weights over (1, rule prior, P(type), P(no event), classifier-only, type is the classifier's top)
    weights: tuple[float, ...] = (-2.0, 2.0, 3.0, -1.0, -0.5, 0.5)
    fitted_on: str = "defaults (not fitted)"

    @classmethod
    def load(cls, path: Optional[Path] = None) -> "CombinationRule":
        if path is None:
            path = Path(str(resources.files("sanderling").joinpath(COMBINATION_FILE)))
        if not path.exists():
            return cls()
        raw = json.loads(path.read_text("utf-8"))
        raw["weights"] = tuple(raw.get("weights", cls.weights))
        return cls(**{k: v for k, v in raw.items() if k in cls.__dataclass_fields__})

    def to_dict(self) -> dict:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__}
        d["weights"] = list(self.weights)
        return d


def features(rule_prior: float, p_type: float, p_none: float, classifier_only: bool, is_top: bool) -> tuple[float, ...]:
    return (1.0, rule_prior, p_type, p_none, 1.0 if classifier_only else 0.0, 1.0 if is_top else 0.0)


def calibrated(rule: CombinationRule, x: tuple[float, ...]) -> float:
    z = sum(w * v for w, v in zip(rule.weights, x))
    return 1.0 / (1.0 + math.exp(-z))


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
    if root.pos_ == "AUX":
        return None
    return root


def classifier_mention(sent: Span, category: str, probability: float, lex: Lexicon) -> Optional[Mention]:
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

    def decide(self, sent: Span, mentions: list[Mention], pred, lex: Lexicon) -> list[Mention]:
        """The sentence's final mentions (see the module docstring for the rule)."""
        if pred is None:
            return mentions
        r = self.rule
        p = pred.categories
        top, p_top = max(p.items(), key=lambda kv: kv[1])
        kept = []
        for m in mentions:
            m.rule_prior = m.confidence
            pointing = m.is_nominal and m.determiner in POINTING_DETERMINERS  # "the call", "this exchange"
            if (not pointing and p.get(m.event_type, 0.0) < r.drop_below and pred.none > r.drop_none_above
                    and m.confidence < r.rule_strong):
                continue
            kept.append(m)
        if kept:
            main = max(kept, key=lambda m: m.confidence)
            if (top != main.event_type and p.get(main.event_type, 0.0) < r.retype_below and p_top > r.retype_above
                    and main.confidence < r.rule_strong and top not in {m.event_type for m in kept}):
                main.event_type, main.modes = top, []
                main.rule += f"+classifier-retype:{top}"
        rejected = all(p.get(m.event_type, 0.0) < r.retype_below for m in kept)
        if top not in {m.event_type for m in kept} and p_top > r.add_above and pred.none < r.add_none_below and (
                not kept or rejected or r.add_beside_rules):
            added = classifier_mention(sent, top, p_top, lex)
            if added is not None and all(added.head.i != m.head.i for m in kept):
                added.rule_prior = 0.0
                kept.append(added)
        for m in kept:
            modes = pred.modes.get(m.event_type) or {}
            if not m.modes and modes:
                best, pb = max(modes.items(), key=lambda kv: kv[1])
                if pb > r.mode_above:
                    m.modes = [best]
            for ctx, pc in sorted(pred.contexts.items(), key=lambda kv: -kv[1]):
                if pc > r.context_above and ctx not in m.contexts:
                    m.contexts.append(ctx)
            x = features(m.rule_prior if m.rule_prior is not None else m.confidence, p.get(m.event_type, 0.0), pred.none,
                         m.rule.startswith("classifier:"), m.event_type == top)
            m.confidence = calibrated(r, x)
            m.classifier_p = p.get(m.event_type, 0.0)
        return kept
