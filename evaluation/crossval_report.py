"""Five-fold cross-validated figures of the event classifier on the development data, and out-of-fold predictions.

usage: python evaluation/crossval_report.py [--models /work/cv-models] [--out evaluation/results/crossval]
           [--oof /work/cv-models/oof.jsonl]

Fold K's model (``MODELS/fold-K``, built by ``sanderling train --validation-fold K``; fold 0 is the shipped model)
never trained on the development sentences of fold K (``sanderling.learn.training_data.fold_of``), so its predictions on
them are out of fold. Those sentences did choose its epoch and fit its temperatures: the figures are a little
optimistic for that, not for training on them. Only development material is read (PLV dev, GSR dev, the team
corpus); never the held-out parts of ``evaluation/splits.json``, never the synthetic stories (which never validate).

Per fold and pooled over the five folds: PLV root accuracy and macro-F1 (top-1 category mapped to its root),
GSR 16-category macro-F1 (events as in ``classifier_report.py``: every category with p >= 0.5, and the top one when
p(none) < 0.5), per-root F1 pooled. Writes ``OUT.md``, ``OUT.json``, and per development sentence the out-of-fold
category probabilities and p(none) (``--oof``, JSON lines) with the raw output rows beside them
(``oof_logits.npz``: ids and logits, for calibrating a model trained on all development data:
``sanderling train --all-development --calibration-logits MODELS/oof_logits.npz --out MODELS/all-dev``).

Out-of-fold ids are the training ids: the GSR sentence that repeats another's id is ``ID#2`` (its own fold).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "evaluation"))

from classifier_report import classifier_outputs, evaluate, reliability  # noqa: E402
from sanderling.learn.classifier import EventClassifier  # noqa: E402
from sanderling.eval.scoring import ROOTS, format_table, root_scores  # noqa: E402
from sanderling.ontology import CATEGORIES  # noqa: E402
from sanderling.learn.training_data import FOLDS, TrainingSources, split_development  # noqa: E402


def team_scores(outputs, team) -> dict:
    """Team corpus (multi-label, hard negatives): category micro/macro-F1 of the same events as GSR's."""
    from sanderling.eval.scoring import events_from_categories

    tp = {c: 0 for c in CATEGORIES}
    fp, fn = dict(tp), dict(tp)
    neg_ok = neg = 0
    for ex, (cats, none) in zip(team, outputs):
        chosen = {e["event_type"] for e in events_from_categories(ex.id, cats, none)}
        for c in CATEGORIES:
            tp[c] += c in chosen and c in ex.categories
            fp[c] += c in chosen and c not in ex.categories
            fn[c] += c not in chosen and c in ex.categories
        if not ex.categories:
            neg += 1
            neg_ok += not chosen

    def f1(t, p, n):
        return 2 * t / (2 * t + p + n) if t else 0.0

    macro = [f1(tp[c], fp[c], fn[c]) for c in CATEGORIES if tp[c] + fn[c]]
    return {"docs": len(team), "micro_f1": f1(sum(tp.values()), sum(fp.values()), sum(fn.values())),
            "macro_f1": sum(macro) / len(macro) if macro else 0.0,
            "negatives": neg, "negatives_without_event": neg_ok}


def summary(res: dict) -> dict:
    return {"plv_n": res["plv_roots"]["docs"], "plv_root_acc": res["plv_roots"]["accuracy"],
            "plv_root_macro_f1": res["plv_roots"]["macro_f1"], "gsr_n": res["gsr"]["docs"],
            "gsr_macro_f1": res["gsr"]["macro_f1"], "gsr_micro_f1": res["gsr"]["micro_f1"],
            "gsr_top1": res["gsr"]["top1"], "team_n": res["team"]["docs"], "team_macro_f1": res["team"]["macro_f1"],
            "team_micro_f1": res["team"]["micro_f1"]}


def fold_training(model_dir: Path) -> dict:
    spec = json.loads((model_dir / "classifier.json").read_text("utf-8"))
    tr = spec.get("training", {})
    hist = tr.get("history", [])
    best = max(hist, key=lambda h: h["val_root_macro_f1"]) if hist else None  # first best, as training keeps it
    out = {"train_examples": tr.get("train_examples"), "validation_examples": tr.get("validation_examples"),
           "validation_fold": tr.get("validation_fold", 0), "best_epoch": best and best["epoch"],
           "epochs": len(hist), "history": hist, "temperatures": spec.get("temperatures")}
    log = model_dir.parent / f"{model_dir.name}.log"
    if log.exists():  # `sanderling train` ends with a JSON line holding train_seconds
        for line in log.read_text("utf-8", errors="replace").splitlines()[::-1]:
            if line.startswith("{") and "train_seconds" in line:
                out["train_seconds"] = json.loads(line)["train_seconds"]
                break
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", type=Path, default=Path("/work/cv-models"), help="holds fold-0 ... fold-4")
    ap.add_argument("--out", type=Path, default=REPO / "evaluation" / "results" / "crossval")
    ap.add_argument("--oof", type=Path, default=None, help="default: MODELS/oof.jsonl")
    a = ap.parse_args()
    oof_path = a.oof or a.models / "oof.jsonl"
    dev = TrainingSources.default(REPO, use_synthetic=False).development()
    results: dict = {"models": str(a.models), "folds": {}, "missing_folds": []}
    pooled = {"plv": ([], []), "gsr": ([], []), "team": ([], [])}
    oof_rows, oof_ids, oof_logits = [], [], []
    for k in range(FOLDS):
        model_dir = a.models / f"fold-{k}"
        if not (model_dir / "model.onnx").exists() or not (model_dir / "classifier.json").exists():
            results["missing_folds"].append(k)
            continue
        _, val = split_development(dev, fold=k)
        info = fold_training(model_dir)
        if info["validation_fold"] != k or info["validation_examples"] != len(val):
            raise SystemExit(f"{model_dir} was not trained with fold {k} validating ({info['validation_fold']}, "
                             f"{info['validation_examples']} validation examples, expected {len(val)})")
        clf = EventClassifier.load(model_dir)
        outputs = classifier_outputs(clf, [ex.text for ex in val])
        logits = clf.logits([ex.text for ex in val])
        parts = {}
        for source in pooled:
            sel = [(ex, o) for ex, o in zip(val, outputs) if ex.source == source]
            parts[source] = ([ex for ex, _ in sel], [o for _, o in sel])
            pooled[source][0].extend(parts[source][0])
            pooled[source][1].extend(parts[source][1])
        res = evaluate(parts["plv"][1], parts["plv"][0], parts["gsr"][1], parts["gsr"][0])
        res["team"] = team_scores(parts["team"][1], parts["team"][0])
        results["folds"][k] = {"summary": summary(res), "training": info, "scores": res}
        for ex, (cats, none), row in zip(val, outputs, logits):
            oof_rows.append({"id": ex.id, "source": ex.source, "fold": k,
                             "categories": {c: round(cats[c], 6) for c in CATEGORIES}, "none": round(none, 6)})
            oof_ids.append(ex.id)
            oof_logits.append(row)
        print(f"fold {k}: {json.dumps({n: round(v, 3) for n, v in summary(res).items()})}", file=sys.stderr)
    if results["folds"]:
        res = evaluate(pooled["plv"][1], pooled["plv"][0], pooled["gsr"][1], pooled["gsr"][0])
        res["team"] = team_scores(pooled["team"][1], pooled["team"][0])
        real = pooled["plv"][0] + pooled["gsr"][0]
        res["real_roots"] = root_scores([ex.root for ex in real],
                                        [max(c, key=c.get) for c, _ in pooled["plv"][1] + pooled["gsr"][1]])
        rows, ece = reliability(pooled["plv"][1] + pooled["gsr"][1], real)
        results["pooled"] = {"summary": summary(res), "scores": res, "reliability": {"rows": rows, "ece": ece}}
        per = [f["summary"] for f in results["folds"].values()]
        results["fold_mean_sd"] = {key: [statistics.mean(s[key] for s in per),
                                         statistics.stdev(s[key] for s in per) if len(per) > 1 else 0.0]
                                   for key in per[0] if not key.endswith("_n")}
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.with_suffix(".json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    a.out.with_suffix(".md").write_text(markdown(results), encoding="utf-8")
    oof_path.parent.mkdir(parents=True, exist_ok=True)
    with oof_path.open("w", encoding="utf-8") as fh:
        for row in oof_rows:
            fh.write(json.dumps(row) + "\n")
    np.savez(oof_path.with_name("oof_logits.npz"), ids=np.array(oof_ids), logits=np.array(oof_logits, np.float32))
    print(markdown(results))


def markdown(res: dict) -> str:
    folds = res["folds"]
    lines = ["# Event classifier: 5-fold cross-validation on the development data", "",
             "Fold K's model is `sanderling train --validation-fold K` (the shipped model trains on all five folds); it is scored on "
             "the development sentences of fold K, which it did not train on but which chose its epoch and fitted "
             "its temperatures (slightly optimistic). PLV: top-1 category mapped to its root (YIELD = CONCEDE or "
             "RETREAT). GSR and team corpus: every category with p >= 0.5, and the top one when p(none) < 0.5. "
             "Held-out sentences are not read. Produced by `evaluation/crossval_report.py`.", ""]
    if any(f["training"].get("train_seconds") is None for f in folds.values()):
        lines += ["Training time is read from `MODELS/fold-K.log`; where it is missing (fold 0, the shipped model), "
                  "its model card gives 754-994 s.", ""]
    if res["missing_folds"]:
        lines += [f"**Incomplete: no model for fold(s) {res['missing_folds']}.**", ""]
    lines += ["| fold | PLV n | PLV root acc | PLV root macro-F1 | GSR n | GSR macro-F1 (16) | GSR micro-F1 | GSR top-1 "
              "| team n | team macro-F1 | best epoch | train s |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|"]

    def row(name, s, t=None):
        t = t or {}
        secs = t.get("train_seconds")
        return (f"| {name} | {s['plv_n']} | {s['plv_root_acc']:.3f} | {s['plv_root_macro_f1']:.3f} | {s['gsr_n']} | "
                f"{s['gsr_macro_f1']:.3f} | {s['gsr_micro_f1']:.3f} | {s['gsr_top1']:.3f} | {s['team_n']} | "
                f"{s['team_macro_f1']:.3f} | {t.get('best_epoch', '')}{'/' + str(t['epochs']) if t else ''} | "
                f"{'' if secs is None else round(secs)} |")

    for k, f in folds.items():
        lines.append(row(str(k), f["summary"], f["training"]))
    if "pooled" in res:
        lines.append(row("**pooled**", res["pooled"]["summary"]))
        ms = res["fold_mean_sd"]
        lines.append("| mean ± sd over folds | | " + " | ".join(
            f"{ms[k][0]:.3f} ± {ms[k][1]:.3f}" for k in ("plv_root_acc", "plv_root_macro_f1")) + " | | " + " | ".join(
            f"{ms[k][0]:.3f} ± {ms[k][1]:.3f}" for k in ("gsr_macro_f1", "gsr_micro_f1", "gsr_top1")) +
            f" | | {ms['team_macro_f1'][0]:.3f} ± {ms['team_macro_f1'][1]:.3f} | | |")
        p = res["pooled"]["scores"]
        lines += ["", "## Per root, pooled over the folds", "",
                  "PLV development sentences (root gold), and PLV + GSR together (GSR category mapped to its root).", "",
                  "| root | PLV P | PLV R | PLV F1 | PLV n | PLV+GSR F1 | PLV+GSR n |", "|---|---|---|---|---|---|---|"]
        for r in ROOTS:
            a, b = p["plv_roots"]["per_root"][r], p["real_roots"]["per_root"][r]
            lines.append(f"| {r} | {a['precision']:.2f} | {a['recall']:.2f} | {a['f1']:.2f} | {a['support']} | "
                         f"{b['f1']:.2f} | {b['support']} |")
        lines += ["", f"PLV + GSR root accuracy {p['real_roots']['accuracy']:.3f}, macro-F1 {p['real_roots']['macro_f1']:.3f}.",
                  "", "## GSR development, per category, pooled", "", "```", format_table(p["gsr"]), "```"]
        rel = res["pooled"]["reliability"]
        lines += ["", f"## Reliability of the out-of-fold category probabilities (PLV + GSR development; ECE "
                  f"{rel['ece']})", "", "| bin | count | mean predicted | observed |", "|---|---|---|---|"]
        for r in rel["rows"]:
            mp = "-" if r["mean_predicted"] is None else f"{r['mean_predicted']:.3f}"
            ob = "-" if r["observed"] is None else f"{r['observed']:.3f}"
            lines.append(f"| {r['bin']} | {r['count']} | {mp} | {ob} |")
    lines += ["", "## Validation root macro-F1 per epoch", "", "| fold | " + " | ".join(
        str(e) for e in range(1, 1 + max((f["training"]["epochs"] for f in folds.values()), default=0))) + " |",
        "|---|" + "---|" * max((f["training"]["epochs"] for f in folds.values()), default=0)]
    for k, f in folds.items():
        lines.append(f"| {k} | " + " | ".join(f"{h['val_root_macro_f1']:.3f}" for h in f["training"]["history"]) + " |")
    lines += ["", "Temperatures (categories / event / modes / contexts): " + "; ".join(
        f"fold {k}: " + "/".join(f"{v:.3f}" for v in f["training"]["temperatures"].values()) for k, f in folds.items())]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
