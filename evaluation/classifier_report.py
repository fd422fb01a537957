"""Figures of the event classifier on the held-out real sentences, with baselines, ablations and calibration.

usage: python evaluation/classifier_report.py --model shipped=sanderling/data/models/event-classifier \
           [--model no-synthetic=DIR ...] [--out evaluation/results/classifier]

Held out (never trained or tuned on; evaluation/splits.json): PLV (root labels; top-1 category mapped to its root,
accuracy and macro-F1 over the 15 roots) and GSR (one gold event each; per-category P/R/F1 by
sanderling.eval.scoring.score with the classifier's events: every category with p >= 0.5, and the top one when
p(none) < 0.5). Baselines: TF-IDF + logistic regression on the same training material, and on PLV dev alone.
Also: a reliability table (10 bins) of the first model's category probabilities on the held-out sentences, mode
accuracy on GSR held-out, context micro-F1 on the team-corpus validation part, and predict() throughput.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sanderling.learn.classifier import EventClassifier, LabelLayout  # noqa: E402
from sanderling.eval.scoring import CATEGORY_ROOT, events_from_categories, format_table, root_scores, score  # noqa: E402
from sanderling.ontology import CATEGORIES  # noqa: E402
from sanderling.learn.training_data import TrainingSources, split_development  # noqa: E402


class TfidfBaseline:
    """TF-IDF (word 1-2-grams) + one-vs-rest logistic regression over the 16 categories and 'any event'."""

    def __init__(self, train):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
        X = self.vec.fit_transform([ex.text for ex in train])
        self.models = {}
        for label in list(CATEGORIES) + ["__event__"]:
            y = np.array([(bool(ex.categories) if label == "__event__" else label in ex.categories) for ex in train])
            if y.all() or not y.any():
                self.models[label] = float(y.mean())
                continue
            self.models[label] = LogisticRegression(C=10.0, max_iter=2000).fit(X, y)

    def predict(self, texts):
        X = self.vec.transform(texts)
        cols = {}
        for label, m in self.models.items():
            cols[label] = np.full(len(texts), m) if isinstance(m, float) else m.predict_proba(X)[:, 1]
        out = []
        for i in range(len(texts)):
            out.append(({c: float(cols[c][i]) for c in CATEGORIES}, float(1.0 - cols["__event__"][i])))
        return out


def classifier_outputs(clf: EventClassifier, texts):
    return [(p.categories, p.none) for p in clf.predict(texts)]


def evaluate(outputs_plv, plv, outputs_gsr, gsr) -> dict:
    plv_roots = root_scores([ex.root for ex in plv], [max(c, key=c.get) for c, _ in outputs_plv])
    gold = [ex.extra["gold"] | {"id": ex.id} for ex in gsr]
    events = [e for ex, (c, none) in zip(gsr, outputs_gsr) for e in events_from_categories(ex.id, c, none)]
    gsr_scores = score(gold, events)
    gsr_roots = root_scores([ex.root for ex in gsr], [max(c, key=c.get) for c, _ in outputs_gsr])
    return {"plv_roots": plv_roots, "gsr": gsr_scores, "gsr_roots": gsr_roots}


def reliability(outputs, examples, bins: int = 10) -> list[dict]:
    """Category probabilities against gold, over (sentence, category) cells whose gold is known: a PLV YIELD
    sentence leaves its CONCEDE and RETREAT cells out (the root does not say which)."""
    probs, ys = [], []
    for (cats, _), ex in zip(outputs, examples):
        for c, p in cats.items():
            if ex.root == "YIELD" and c in ("CONCEDE", "RETREAT"):
                continue
            probs.append(p)
            ys.append(1.0 if (c in ex.categories or (ex.source == "plv" and CATEGORY_ROOT[c] == ex.root)) else 0.0)
    probs, ys = np.array(probs), np.array(ys)
    edges = np.linspace(0, 1, bins + 1)
    rows = []
    for b in range(bins):
        sel = (probs >= edges[b]) & ((probs < edges[b + 1]) if b < bins - 1 else (probs <= 1.0))
        n = int(sel.sum())
        rows.append({"bin": f"{edges[b]:.1f}-{edges[b + 1]:.1f}", "count": n,
                     "mean_predicted": round(float(probs[sel].mean()), 4) if n else None,
                     "observed": round(float(ys[sel].mean()), 4) if n else None})
    ece = sum(r["count"] * abs(r["mean_predicted"] - r["observed"]) for r in rows if r["count"]) / len(probs)
    return rows, round(float(ece), 4)


def mode_accuracy(clf: EventClassifier, gsr) -> dict:
    """GSR held-out sentences whose gold has a mode: is the most probable mode of the gold category a gold mode."""
    preds = clf.predict([ex.text for ex in gsr])
    n = ok = 0
    for ex, p in zip(gsr, preds):
        (cat, modes), = ex.modes.items()
        if not modes or cat not in p.modes:
            continue
        n += 1
        ok += max(p.modes[cat], key=p.modes[cat].get) in modes
    return {"n": n, "top_mode_accuracy": ok / n if n else None}


def context_scores(clf: EventClassifier, val) -> dict:
    team = [ex for ex in val if ex.source == "team" and ex.categories]
    preds = clf.predict([ex.text for ex in team])
    tp = fp = fn = 0
    for ex, p in zip(team, preds):
        chosen = {c for c, v in p.contexts.items() if v >= 0.5}
        tp += len(chosen & ex.contexts)
        fp += len(chosen - ex.contexts)
        fn += len(ex.contexts - chosen)
    P = tp / (tp + fp) if tp + fp else 0.0
    R = tp / (tp + fn) if tp + fn else 0.0
    return {"n": len(team), "micro_p": P, "micro_r": R, "micro_f1": 2 * P * R / (P + R) if P + R else 0.0}


def throughput(model_dir: Path, texts, threads: int, repeats: int = 3) -> float:
    clf = EventClassifier(model_dir, threads=threads)
    clf.predict(texts[:64])
    best = 0.0
    for _ in range(repeats):
        t0 = time.perf_counter()
        clf.predict(texts)
        best = max(best, len(texts) / (time.perf_counter() - t0))
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", action="append", default=[], help="NAME=DIR; the first one gets the extra figures")
    ap.add_argument("--corpus-file", action="append", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=REPO / "evaluation" / "results" / "classifier")
    ap.add_argument("--no-throughput", action="store_true")
    a = ap.parse_args()
    sources = TrainingSources.default(REPO, corpus_files=a.corpus_file)
    plv, gsr = sources.heldout()
    train, val = split_development(sources.development())
    results: dict = {"heldout": {"plv": len(plv), "gsr": len(gsr)}, "train_examples": len(train),
                     "validation_examples": len(val), "models": {}}
    first = None
    for spec in a.model:
        name, path = spec.split("=", 1)
        clf = EventClassifier(Path(path))
        out_plv, out_gsr = classifier_outputs(clf, [ex.text for ex in plv]), classifier_outputs(clf, [ex.text for ex in gsr])
        results["models"][name] = evaluate(out_plv, plv, out_gsr, gsr)
        if first is None:
            first = name
            rows, ece = reliability(out_plv + out_gsr, plv + gsr)
            results["reliability"] = {"model": name, "rows": rows, "ece": ece}
            results["modes_gsr_heldout"] = mode_accuracy(clf, gsr)
            results["contexts_team_validation"] = context_scores(clf, val)
            if not a.no_throughput:
                texts = [ex.text for ex in plv] * 2
                results["throughput_sentences_per_s"] = {f"threads={t}": round(throughput(Path(path), texts, t), 1)
                                                         for t in (1, 2)}
    for name, material in (("tfidf-lr (same training data)", train),
                           ("tfidf-lr (PLV dev only)", [ex for ex in train + val if ex.source == "plv"])):
        base = TfidfBaseline(material)
        results["models"][name] = evaluate(base.predict([ex.text for ex in plv]), plv,
                                           base.predict([ex.text for ex in gsr]), gsr)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.with_suffix(".json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    a.out.with_suffix(".md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))


def markdown(res: dict) -> str:
    lines = ["# Event classifier: held-out figures", "",
             f"Held out: PLV {res['heldout']['plv']} sentences (15 roots), GSR {res['heldout']['gsr']} sentences "
             f"(16 categories). Training examples {res['train_examples']}, validation {res['validation_examples']}.", "",
             "| model | PLV root acc | PLV root macro-F1 | GSR macro-F1 (16) | GSR micro-F1 | GSR top-1 | GSR root macro-F1 |",
             "|---|---|---|---|---|---|---|"]
    for name, m in res["models"].items():
        lines.append(f"| {name} | {m['plv_roots']['accuracy']:.3f} | {m['plv_roots']['macro_f1']:.3f} | "
                     f"{m['gsr']['macro_f1']:.3f} | {m['gsr']['micro_f1']:.3f} | {m['gsr']['top1']:.3f} | "
                     f"{m['gsr_roots']['macro_f1']:.3f} |")
    for name, m in res["models"].items():
        lines += ["", f"## {name}", "", "PLV held-out, per root:", "```", format_table(m["plv_roots"]), "```",
                  "GSR held-out, per category:", "```", format_table(m["gsr"]), "```"]
    if "reliability" in res:
        r = res["reliability"]
        lines += ["", f"## Reliability of category probabilities ({r['model']}, held-out PLV + GSR; ECE {r['ece']})",
                  "", "| bin | count | mean predicted | observed |", "|---|---|---|---|"]
        for row in r["rows"]:
            mp = "-" if row["mean_predicted"] is None else f"{row['mean_predicted']:.3f}"
            ob = "-" if row["observed"] is None else f"{row['observed']:.3f}"
            lines.append(f"| {row['bin']} | {row['count']} | {mp} | {ob} |")
    for key in ("modes_gsr_heldout", "contexts_team_validation", "throughput_sentences_per_s"):
        if key in res:
            lines += ["", f"{key}: {json.dumps(res[key])}"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
