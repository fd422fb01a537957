"""Fit the rule that combines the classifier with the rules (sanderling/combine.py) on development sentences
the classifier never trained on: the validation fifth of the real development sentences (PLV and GSR `dev`
parts, `sanderling.training_data.is_validation`). The held-out parts are not read here.

1. thresholds (drop / re-type / add) by a small grid search maximising root-level macro-F1 (YIELD =
   CONCEDE or RETREAT) of the sentence's event types, ties broken by top-1 accuracy;
2. the confidence model: logistic regression of "this event's type is one the gold gives the sentence" on
   (rule prior, classifier P(type), P(no event), classifier-only), so that confidence is a probability;
3. a reliability table of that confidence on the same sentences.

Writes sanderling/data/models/event-classifier/combination.json and prints what it found.
    python evaluation/fit_combination.py
"""
from __future__ import annotations

import itertools
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sanderling.combine import COMBINATION_FILE, CombinationRule, Combiner, features  # noqa: E402
from sanderling.model import Document  # noqa: E402
from sanderling.pipeline import Coder  # noqa: E402
from sanderling.training_data import is_validation  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
ROOTS = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}


def root(t: str) -> str:
    return ROOTS.get(t, t)


def corpus_validation_sentences() -> list[tuple[str, str, set[str]]]:
    """The team corpus's validation fifth: every event of a sentence is labelled, so a second, correct event
    is known to be correct (the PLV and GSR sets label one event per sentence)."""
    out = []
    for part in sorted((ROOT / "corpus" / "events-v1").glob("part-*.jsonl")):
        for line in part.open():
            r = json.loads(line)
            if is_validation(r["id"]):
                gold = {root(e["event_type"]) for e in r["events"] if not e.get("negated") and not e.get("hypothetical")}
                out.append((r["id"], r["text"], gold))
    return out


def validation_sentences() -> list[tuple[str, str, set[str]]]:
    splits = json.loads((ROOT / "evaluation" / "splits.json").read_text())
    out, seen = [], set()
    for name, path, label in (("plv", SHARED / "plv" / "plv_train.jsonl", "root"),
                              ("gsr", SHARED / "plover-gsr" / "gsr_dev.jsonl", "event_type")):
        dev = set(splits[name]["dev"])
        for line in path.open():
            r = json.loads(line)
            if r["id"] in dev and is_validation(r["id"]) and r["id"] not in seen:
                seen.add(r["id"])
                out.append((r["id"], r["text"], {root(r[label])}))
    return out


def run(coder: Coder, items):
    """Per sentence of each item: the rules' mentions and the classifier's prediction (computed once)."""
    prepared = []
    for doc_id, text, gold in items:
        from sanderling.textnorm import normalize

        norm = normalize(text)
        sdoc = next(coder.nlp.pipe([norm.text]))
        work = coder._find(Document(id=doc_id, text=text), sdoc)
        coder._classify([work])
        prepared.append((gold, work))
    return prepared


def decide_all(prepared, rule: CombinationRule, lex):
    combiner = Combiner(rule=rule)
    results = []
    for gold, work in prepared:
        events = []
        for sw in work.sentences:
            copies = [replace(m, modes=list(m.modes), contexts=list(m.contexts)) for m in sw.mentions]
            for m in combiner.decide(sw.sent, copies, sw.prediction, lex):
                p_type = sw.prediction.categories.get(m.event_type, 0.0) if sw.prediction else 0.0
                p_none = sw.prediction.none if sw.prediction else 0.5
                is_top = bool(sw.prediction) and m.event_type == max(sw.prediction.categories.items(), key=lambda kv: kv[1])[0]
                events.append((m.event_type, m.confidence, m.rule_prior or 0.0, p_type, p_none,
                               m.rule.startswith("classifier:"), is_top))
        results.append((gold, events))
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


def reliability(pairs, bins=10):
    rows = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        sel = [(c, y) for c, y in pairs if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if sel:
            rows.append((f"{lo:.1f}-{hi:.1f}", len(sel), sum(c for c, _ in sel) / len(sel), sum(y for _, y in sel) / len(sel)))
    return rows


def main() -> None:
    coder = Coder.load()
    if coder.classifier is None:
        sys.exit("the classifier model is missing; build it with `sanderling train` first")
    items = validation_sentences()
    prepared = run(coder, items)
    lex = coder.lexicon
    base = CombinationRule()
    print(f"{len(items)} validation sentences (never trained on by the classifier; held-out parts not read)")
    for round_ in (1, 2):  # the top-1 event depends on the confidence model: thresholds, weights, thresholds again
        rule, base = fit_round(prepared, corpus_prepared(coder), items, base, lex, round_)
    out = ROOT / "sanderling" / COMBINATION_FILE
    out.write_text(json.dumps(rule.to_dict(), indent=1) + "\n")
    print(f"written {out.relative_to(ROOT)}")


_CORPUS = None


def corpus_prepared(coder):
    global _CORPUS
    if _CORPUS is None:
        _CORPUS = run(coder, corpus_validation_sentences())
    return _CORPUS


def fit_round(prepared, corpus, items, base, lex, round_):
    from sklearn.linear_model import LogisticRegression

    grid = dict(drop_below=[0.02, 0.05, 0.1], rule_strong=[0.85, 0.95, 1.01], retype_below=[0.08, 0.2, 0.35],
                retype_above=[0.5, 0.65], add_above=[0.2, 0.35, 0.5, 0.65], add_none_below=[0.4, 0.6, 0.8],
                add_beside_rules=[False, True])
    best = None
    for values in itertools.product(*grid.values()):
        rule = replace(base, **dict(zip(grid, values)))
        f1, top1, root_f1 = score(decide_all(prepared, rule, lex))
        objective = (f1 + root_f1) / 2  # the two targets: categories (all events) and roots (top-1)
        if best is None or (objective, top1) > best[0]:
            best = ((objective, top1), rule, (f1, root_f1))
    (objective, top1), rule, (f1, root_f1) = best
    print(f"round {round_} thresholds: category macro-F1 {f1:.3f}, root macro-F1 (top-1) {root_f1:.3f}, top-1 {top1:.3f} with " +
          ", ".join(f"{k}={getattr(rule, k)}" for k in grid))
    # the confidence model: single-event gold (PLV, GSR) says only that its own event is right; the team
    # corpus labels every event of a sentence, so its other events are known right or wrong
    X, y = [], []
    for source, results in (("single", decide_all(prepared, rule, lex)), ("full", decide_all(corpus, rule, lex))):
        for gold, events in results:
            for etype, _, prior, p_type, p_none, clf_only, is_top in events:
                right = root(etype) in gold
                if source == "single" and not right and any(root(e[0]) in gold for e in events):
                    continue  # a second event beside the gold one: unknown, not wrong
                X.append(features(prior, p_type, p_none, clf_only, is_top)[1:])
                y.append(1 if right else 0)
    print(f"confidence model fitted on {len(y)} events ({sum(y)} right) from {len(items)} real and "
          f"{len(corpus)} team-corpus validation sentences")
    model = LogisticRegression(C=1.0, max_iter=1000).fit(np.array(X), np.array(y))
    weights = (float(model.intercept_[0]),) + tuple(float(w) for w in model.coef_[0])
    rule = replace(rule, weights=weights, fitted_on=f"{len(items)} validation sentences (PLV+GSR dev, validation fifth)")
    probs = model.predict_proba(np.array(X))[:, 1]
    print("confidence model weights (intercept, rule prior, P(type), P(none), classifier-only, classifier's top):",
          ", ".join(f"{w:.3f}" for w in weights))
    print("reliability on the fitting sentences (bin, events, mean confidence, share correct):")
    for row in reliability(list(zip(probs, y))):
        print(f"  {row[0]}  {row[1]:4d}  {row[2]:.2f}  {row[3]:.2f}")
    return rule, rule


if __name__ == "__main__":
    main()
