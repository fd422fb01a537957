"""Fit the rule that combines the classifier with the rules (sanderling/learn/combine.py) on development sentences
the classifier never trained on. The held-out parts are not read here.

With ``--fold-models DIR`` (five models ``DIR/fold-K`` built by ``sanderling train --validation-fold K``; fold 0 is
the shipped model) every development sentence — the PLV and GSR `dev` parts and the whole team corpus — is
classified by the model that left its fold out (cross-fitting). Without it, only the shipped model's validation
fifth (fold 0) is used.

1. the stacked score ``S(c)``: a logistic regression, over (sentence, category) pairs, of "the sentence reports a
   ``c`` event" on the features of ``sanderling.learn.combine.category_features`` plus a bias per category. The PLV and
   GSR sets label one event per sentence: a category the rules found beside the gold one is unknown there, not
   wrong, and is left out; the team corpus labels every event;
2. the thresholds (keep / add / re-type) by a grid search maximising the mean of category macro-F1 (all events)
   and root macro-F1 of the top event (YIELD = CONCEDE or RETREAT) on the real sentences;
3. a reliability table of the top event's confidence, and — with fold models — a cross-validated estimate: steps
   1-2 fitted on four folds and scored on the fifth, pooled.

Writes sanderling/data/models/event-classifier/combination.json and prints what it found.
    python evaluation/fit_combination.py --fold-models /path/to/cv-models
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Optional

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sanderling.learn.classifier import EventClassifier  # noqa: E402
from sanderling.learn.combine import COMBINATION_FILE, CombinationRule, Combiner, category_features, rule_evidence  # noqa: E402
from sanderling.eval.scoring import CATEGORIES  # noqa: E402
from sanderling.model import Document  # noqa: E402
from sanderling.coder.pipeline import Coder  # noqa: E402
from sanderling.read.textnorm import normalize  # noqa: E402
from sanderling.learn.training_data import FOLDS, fold_of, is_validation  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
ROOTS = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}


def root(t: str) -> str:
    return ROOTS.get(t, t)


@dataclass
class Item:
    id: str
    text: str
    gold: set[str]            # gold categories (YIELD left as is when the split into CONCEDE/RETREAT is unknown)
    complete: bool            # every event of the sentence is labelled (team corpus), not one (PLV, GSR)
    work: object = None       # the coder's per-sentence work: rule mentions and the classifier's prediction


def team_corpus_items(all_folds: bool) -> list[Item]:
    out = []
    for part in sorted((ROOT / "corpus" / "events-v1").glob("part-*.jsonl")):
        for line in part.open():
            r = json.loads(line)
            if all_folds or is_validation(r["id"]):
                gold = {e["event_type"] for e in r["events"] if not e.get("negated") and not e.get("hypothetical")}
                out.append(Item(r["id"], r["text"], gold, True))
    return out


def real_items(all_folds: bool) -> list[Item]:
    splits = json.loads((ROOT / "evaluation" / "splits.json").read_text())
    yield_split = json.loads((ROOT / "evaluation" / "data" / "plv_yield_split.json").read_text())["labels"]
    out, seen = [], set()
    for name, path, label in (("plv", SHARED / "plv" / "plv_train.jsonl", "root"),
                              ("gsr", SHARED / "plover-gsr" / "gsr_dev.jsonl", "event_type")):
        dev = set(splits[name]["dev"])
        for line in path.open():
            r = json.loads(line)
            if r["id"] in dev and (all_folds or is_validation(r["id"])) and r["id"] not in seen:
                seen.add(r["id"])
                gold = {r[label]}
                if gold == {"YIELD"} and r["id"] in yield_split:
                    gold = set(yield_split[r["id"]])
                out.append(Item(r["id"], r["text"], gold, False))
    return out


def prepare(coder: Coder, items: list[Item], fold_models: Optional[list[EventClassifier]]) -> None:
    """The rules' mentions and the classifier's prediction of each sentence, computed once (by the fold model that
    never saw the item when ``fold_models`` is given)."""
    for it in items:
        if fold_models is not None:
            coder.classifier = fold_models[fold_of(it.id)]
        sdoc = next(coder.nlp.pipe([normalize(it.text).text]))
        it.work = coder._find(Document(id=it.id, text=it.text), sdoc)
        coder._classify([it.work])
        for sw in it.work.sentences:  # what the rules say does not depend on the fitted weights: computed once
            sw.evidence = rule_evidence(sw.mentions)


# ------------------------------------------------------------------------------------------- the stacked score

def training_rows(items: list[Item]):
    X, y, cats, complete = [], [], [], []
    for it in items:
        for sw in it.work.sentences:
            if sw.prediction is None:
                continue
            priors, main, named = sw.evidence
            for c in CATEGORIES:
                if "YIELD" in it.gold and c in ("CONCEDE", "RETREAT"):
                    continue  # one of the two, unknown which
                right = c in it.gold
                if not right and not it.complete and c in priors:
                    continue  # a second event beside the one gold event: unknown, not wrong
                X.append(category_features(c, sw.prediction, priors, main, named))
                y.append(1 if right else 0)
                cats.append(c)
                complete.append(it.complete)
    return np.array(X), np.array(y), cats, np.array(complete)


def fit_scores(items: list[Item], base: CombinationRule, corpus_weight: float) -> CombinationRule:
    """``corpus_weight``: the weight of a team-corpus row against a real sentence's (the team corpus is written to
    exercise the rules' constructions and has three times as many sentences as the real development parts)."""
    from sklearn.linear_model import LogisticRegression

    X, y, cats, complete = training_rows(items)
    onehot = np.array([[1.0 if c == k else 0.0 for k in CATEGORIES] for c in cats])
    weights = np.where(complete, corpus_weight, 1.0)
    model = LogisticRegression(C=1.0, max_iter=2000).fit(np.hstack([X, onehot]), y, sample_weight=weights)
    w = model.coef_[0]
    n = X.shape[1]
    return replace(base, weights=tuple(float(v) for v in w[:n]), intercept=float(model.intercept_[0]),
                   category_bias={k: float(v) for k, v in zip(CATEGORIES, w[n:])})


# ------------------------------------------------------------------------------------------------- decisions

def decide_all(items: list[Item], rule: CombinationRule, lex):
    combiner = Combiner(rule=rule)
    results = []
    for it in items:
        events = []
        for sw in it.work.sentences:
            copies = [replace(m, modes=list(m.modes), contexts=list(m.contexts), rule_prior=None) for m in sw.mentions]
            for m in combiner.decide(sw.sent, copies, sw.prediction, lex, sw.evidence):
                events.append((m.event_type, m.confidence))
        results.append(({root(g) for g in it.gold}, events))
    return results


def score(results) -> tuple[float, float, float]:
    """(macro-F1 over the roots of all predicted events, top-1 accuracy, macro-F1 of the top-1 root)."""
    tp, fp, fn = {}, {}, {}
    top1 = 0
    ttp, tfp, tfn = {}, {}, {}
    for gold, events in results:
        types = {root(e[0]) for e in events}
        for t in types:
            (tp if t in gold else fp)[t] = (tp if t in gold else fp).get(t, 0) + 1
        for g in gold - types:
            fn[g] = fn.get(g, 0) + 1
        best = root(max(events, key=lambda e: e[1])[0]) if events else None
        g0 = next(iter(gold)) if len(gold) == 1 else None
        if best in gold:
            top1 += 1
        if g0 is not None:
            if best == g0:
                ttp[g0] = ttp.get(g0, 0) + 1
            else:
                tfn[g0] = tfn.get(g0, 0) + 1
                if best is not None:
                    tfp[best] = tfp.get(best, 0) + 1
    f1s = []
    for c in {g for gold, _ in results for g in gold}:
        p = tp.get(c, 0) / (tp.get(c, 0) + fp.get(c, 0)) if tp.get(c, 0) + fp.get(c, 0) else 0.0
        r = tp.get(c, 0) / (tp.get(c, 0) + fn.get(c, 0)) if tp.get(c, 0) + fn.get(c, 0) else 0.0
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    rf1s = []
    for c in set(ttp) | set(tfn):
        p = ttp.get(c, 0) / (ttp.get(c, 0) + tfp.get(c, 0)) if ttp.get(c, 0) + tfp.get(c, 0) else 0.0
        r = ttp.get(c, 0) / (ttp.get(c, 0) + tfn.get(c, 0)) if ttp.get(c, 0) + tfn.get(c, 0) else 0.0
        rf1s.append(2 * p * r / (p + r) if p + r else 0.0)
    return sum(f1s) / len(f1s), top1 / len(results), sum(rf1s) / len(rf1s)


GRID = dict(keep_above=[0.2, 0.3, 0.4, 0.5, 0.6, 0.7], add_above=[0.3, 0.4, 0.5, 0.6],
            retype_below=[0.1, 0.2, 0.4, 0.6, 0.8])


def fit_thresholds(real: list[Item], corpus: list[Item], rule: CombinationRule, lex, verbose: bool = True) -> CombinationRule:
    """The issue's two targets on the real sentences — macro-F1 of all events (categories) and of the top event
    (roots) — and, so that a real second event is not counted only as an error (the real sets label one event
    per sentence), macro-F1 of all events on the team corpus, which labels every event."""
    best = None
    for values in itertools.product(*GRID.values()):
        candidate = replace(rule, **dict(zip(GRID, values)))
        f1, top1, root_f1 = score(decide_all(real, candidate, lex))
        corpus_f1 = score(decide_all(corpus, candidate, lex))[0] if corpus else f1
        objective = (f1 + root_f1 + corpus_f1) / 3
        if best is None or (objective, top1) > best[0]:
            best = ((objective, top1), candidate, (f1, root_f1, corpus_f1))
    (objective, top1), chosen, (f1, root_f1, corpus_f1) = best
    if verbose:
        print(f"thresholds: real sentences: root macro-F1 of all events {f1:.3f}, of the top event {root_f1:.3f}, "
              f"top-1 {top1:.3f}; team corpus: macro-F1 of all events {corpus_f1:.3f}; with "
              + ", ".join(f"{k}={getattr(chosen, k)}" for k in GRID))
    return chosen


CORPUS_WEIGHT = 0.5


def fit_confidence_scale(real: list[Item], rule: CombinationRule, lex) -> CombinationRule:
    """Platt scaling of the top event's score on the real sentences: "confidence 0.8" then means that eight top
    events in ten have the right type (a second event cannot be judged against one-event gold)."""
    from sklearn.linear_model import LogisticRegression

    from sanderling.learn.combine import logit

    raw = replace(rule, confidence_scale=(1.0, 0.0))
    x, y = [], []
    for gold, events in decide_all(real, raw, lex):
        if events:
            t, s = max(events, key=lambda e: e[1])
            x.append([logit(s)])
            y.append(1 if root(t) in gold else 0)
    model = LogisticRegression(C=1.0).fit(np.array(x), np.array(y))
    return replace(rule, confidence_scale=(float(model.coef_[0][0]), float(model.intercept_[0])))


def fit(real: list[Item], corpus: list[Item], lex, verbose: bool = True, corpus_weight: float = CORPUS_WEIGHT) -> CombinationRule:
    rule = fit_scores(real + corpus, CombinationRule(), corpus_weight)
    rule = fit_thresholds(real, corpus, rule, lex, verbose)
    return fit_confidence_scale(real, rule, lex)


def classifier_alone(items: list[Item]):
    results = []
    for it in items:
        events = []
        for sw in it.work.sentences:
            if sw.prediction is not None:
                events.append(max(sw.prediction.categories.items(), key=lambda kv: kv[1]))
        results.append(({root(g) for g in it.gold}, events))
    return results


def reliability(pairs, bins=10):
    rows = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        sel = [(c, y) for c, y in pairs if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if sel:
            rows.append((f"{lo:.1f}-{hi:.1f}", len(sel), sum(c for c, _ in sel) / len(sel), sum(y for _, y in sel) / len(sel)))
    return rows


def top_event_reliability(results):
    pairs = []
    for gold, events in results:
        if events:
            t, c = max(events, key=lambda e: e[1])
            pairs.append((c, 1 if root(t) in gold else 0))
    return reliability(pairs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fold-models", type=Path, help="directory with fold-0 .. fold-4 models (cross-fitting)")
    args = ap.parse_args()
    coder = Coder.load()
    if coder.classifier is None:
        sys.exit("the classifier model is missing; build it with `sanderling train` first")
    fold_models = None
    if args.fold_models is not None:
        fold_models = [EventClassifier.load(args.fold_models / f"fold-{k}") for k in range(FOLDS)]
    cross = fold_models is not None
    real, corpus = real_items(cross), team_corpus_items(cross)
    prepare(coder, real + corpus, fold_models)
    lex = coder.lexicon
    what = ("development sentences, each classified by the fold model that left it out" if cross
            else "validation-fifth sentences")
    print(f"{len(real)} real and {len(corpus)} team-corpus {what} (held-out parts not read)")

    f1, top1, root_f1 = score(classifier_alone(real))
    print(f"for comparison, the classifier alone on these sentences (its top category per sentence): root macro-F1 "
          f"{f1:.3f}, top-1 {top1:.3f}")
    if cross:  # an honest estimate of the whole procedure: fit on four folds, score the fifth
        pooled = []
        for k in range(FOLDS):
            rule_k = fit([i for i in real if fold_of(i.id) != k], [i for i in corpus if fold_of(i.id) != k], lex, False)
            pooled += decide_all([i for i in real if fold_of(i.id) == k], rule_k, lex)
        f1, top1, root_f1 = score(pooled)
        print(f"cross-validated (fit on 4 folds, scored on the 5th, pooled over {len(pooled)} real sentences): "
              f"root macro-F1 of all events {f1:.3f}, of the top event {root_f1:.3f}, top-1 {top1:.3f}")
        print("cross-validated reliability of the top event's confidence (bin, events, mean confidence, share right):")
        for row in top_event_reliability(pooled):
            print(f"  {row[0]}  {row[1]:4d}  {row[2]:.2f}  {row[3]:.2f}")

    rule = fit(real, corpus, lex)
    rule = replace(rule, fitted_on=f"{len(real)} real and {len(corpus)} team-corpus {what}")
    print("score weights:", ", ".join(f"{w:.3f}" for w in rule.weights), f"intercept {rule.intercept:.3f}",
          "confidence scale", ", ".join(f"{v:.3f}" for v in rule.confidence_scale))
    print("reliability of the top event's confidence on the fitting sentences (bin, events, mean confidence, share right):")
    for row in top_event_reliability(decide_all(real, rule, lex)):
        print(f"  {row[0]}  {row[1]:4d}  {row[2]:.2f}  {row[3]:.2f}")
    out = ROOT / "sanderling" / COMBINATION_FILE
    out.write_text(json.dumps(rule.to_dict(), indent=1) + "\n")
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
