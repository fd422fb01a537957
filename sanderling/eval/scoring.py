"""Accuracy figures of coded events against gold sentences, with the definitions of ``../shared/tools/score_events.py``.

``score(gold, predicted)``: gold = one record per sentence (``id``, ``event_type``, ``actor``/``recipient`` lists of
``{code}``); predicted = event records with ``doc_id`` (= gold id), ``event_type``, ``actor``/``recipient`` lists of
``{code|country}``, optional ``confidence``. Figures: per-category P/R/F1 over (doc, type) pairs, macro-F1 over the
categories present in gold, micro P/R/F1, top-1 (the highest-confidence event's type), actor/recipient code accuracy
on docs whose gold type was found. ``root_scores`` gives accuracy and macro-F1 over the 15 PLOVER roots (PLV sets).
``span_scores`` checks the actor and recipient *words* against gold spans (PLV sets mark them: ``<s>…</s>``,
``<t>…</t>``), which needs no country code and so also covers companies, courts and people nobody has coded.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable, Sequence

from ..ontology import CATEGORIES
from ..ontology import load as load_ontology

# CAMEO country codes that differ from ISO 3166 alpha-3 (as in score_events.py)
CAMEO2ISO = {"JAP": "JPN", "GER": "DEU", "SPN": "ESP", "ROM": "ROU", "ZAI": "COD", "BUR": "MMR", "SER": "SRB",
             "YUG": "SRB", "UK": "GBR", "HOL": "NLD", "SUD": "SDN", "PSE": "PSE", "PAL": "PSE", "DEN": "DNK",
             "MOR": "MAR", "ALG": "DZA", "CAM": "KHM", "CAO": "KHM", "KOS": "XKX", "TMP": "TLS", "BHU": "BTN"}
NON_COUNTRY_CODES = frozenset({"IGO", "NGO", "UNO", "NAT", "EUR", "WST", "AFR", "ASA", "MEA"})
# The PLOVER root of each category (plover.yaml: YIELD for CONCEDE and RETREAT, every other its own).
CATEGORY_ROOT = {name: c.root for name, c in load_ontology().categories.items()}
ROOTS = tuple(dict.fromkeys(CATEGORY_ROOT.values()))


def entity_codes(entities) -> set[str]:
    out = set()
    for e in entities or []:
        if isinstance(e, dict):
            c = e.get("code") or e.get("country")
            if c:
                c = str(c).upper()
                out.add(CAMEO2ISO.get(c, c))
    return out


def is_country(code: str) -> bool:
    return len(code) == 3 and code.isalpha() and code not in NON_COUNTRY_CODES


def codes_satisfied(gold: set[str], pred: set[str]) -> bool:
    """Every ISO country in gold is predicted; an organisation-only gold is met by any non-country code."""
    need_countries = {c for c in gold if is_country(c)}
    need_org = any(not is_country(c) for c in gold)
    if not need_countries <= pred:
        return False
    if need_org and not any(not is_country(c) for c in pred) and not need_countries:
        return False
    return True


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold: list[dict], predicted: list[dict], categories: Sequence[str] = CATEGORIES) -> dict:
    """The figures of score_events.py. Gold records with a repeated id count once (the last one), as there.
    ``categories``: the classes of the per-category table and of macro-F1 (``ROOTS`` for root-labelled gold, whose
    predictions are first mapped with :func:`as_roots`)."""
    by_id = {g["id"]: g for g in gold}
    pred = defaultdict(list)
    for e in predicted:
        pred[str(e.get("doc_id"))].append(e)
    tp: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    fn: dict[str, int] = defaultdict(int)
    top1 = a_ok = a_n = r_ok = r_n = 0
    for gid, g in by_id.items():
        gt = g["event_type"]
        evs = pred.get(gid, [])
        ptypes = {e.get("event_type") for e in evs}
        for t in ptypes:
            if t == gt:
                tp[t] += 1
            else:
                fp[t] += 1
        if gt not in ptypes:
            fn[gt] += 1
        if evs:
            best = max(evs, key=lambda e: float(e.get("confidence") or 0))
            top1 += best.get("event_type") == gt
        same = [e for e in evs if e.get("event_type") == gt]
        if same:
            ga, gr = entity_codes(g.get("actor")), entity_codes(g.get("recipient"))
            if ga:
                a_n += 1
                a_ok += any(codes_satisfied(ga, entity_codes(e.get("actor")) |
                                            (entity_codes(e.get("recipient")) if not gr else set())) for e in same)
            if gr:
                r_n += 1
                mirror = g.get("actor") and entity_codes(g.get("actor")) == gr
                r_ok += any(codes_satisfied(gr, entity_codes(e.get("recipient")) |
                                            (entity_codes(e.get("actor")) if mirror else set())) for e in same)
    per_category = {}
    f1s = []
    for c in categories:
        p, r, f = _prf(tp[c], fp[c], fn[c])
        if tp[c] + fn[c]:
            f1s.append(f)
        per_category[c] = {"tp": tp[c], "fp": fp[c], "fn": fn[c], "precision": p, "recall": r, "f1": f,
                           "support": tp[c] + fn[c]}
    TP, FP, FN = sum(tp.values()), sum(fp.values()), sum(fn.values())
    P, R, F = _prf(TP, FP, FN)
    return {"docs": len(by_id), "micro_p": P, "micro_r": R, "micro_f1": F,
            "macro_f1": sum(f1s) / len(f1s) if f1s else 0.0, "top1": top1 / len(by_id) if by_id else 0.0,
            "actor_acc": a_ok / a_n if a_n else 0.0, "actor_n": a_n,
            "recipient_acc": r_ok / r_n if r_n else 0.0, "recipient_n": r_n,
            "docs_with_no_event": sum(1 for g in by_id if not pred.get(g)),
            "per_category": per_category}


def as_roots(events: Iterable[dict]) -> list[dict]:
    """Events with CONCEDE and RETREAT relabelled YIELD, to score against root-labelled gold."""
    return [dict(e, event_type=CATEGORY_ROOT.get(e["event_type"], e["event_type"])) for e in events]


def top_events(events: Iterable[dict]) -> dict[str, dict]:
    """The highest-confidence event of each document (the first on ties), keyed by ``doc_id``."""
    best: dict[str, dict] = {}
    for e in events:
        key = str(e.get("doc_id"))
        if key not in best or float(e.get("confidence") or 0) > float(best[key].get("confidence") or 0):
            best[key] = e
    return best


def root_scores(gold_roots: Sequence[str], predicted_roots: Sequence[str]) -> dict:
    """Single-label accuracy and macro-F1 over the PLOVER roots present in gold (YIELD = CONCEDE or RETREAT).
    A predicted category is mapped to its root; a missing prediction (None) counts as wrong."""
    gold = [CATEGORY_ROOT.get(g, g) for g in gold_roots]
    pred = [CATEGORY_ROOT.get(p, p) if p else None for p in predicted_roots]
    tp: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    fn: dict[str, int] = defaultdict(int)
    for g, p in zip(gold, pred):
        if g == p:
            tp[g] += 1
        else:
            fn[g] += 1
            if p is not None:
                fp[p] += 1
    per_root = {}
    f1s = []
    for r in ROOTS:
        p, rc, f = _prf(tp[r], fp[r], fn[r])
        per_root[r] = {"tp": tp[r], "fp": fp[r], "fn": fn[r], "precision": p, "recall": rc, "f1": f,
                       "support": tp[r] + fn[r]}
        if tp[r] + fn[r]:
            f1s.append(f)
    n = len(gold)
    return {"docs": n, "accuracy": sum(tp.values()) / n if n else 0.0,
            "macro_f1": sum(f1s) / len(f1s) if f1s else 0.0, "per_root": per_root}


MARK = re.compile(r"</?[st]>")


def marked_spans(marked: str) -> dict[str, tuple[int, int]]:
    """Character offsets, in the unmarked sentence, of the ``<s>`` (source = actor) and ``<t>`` (target = recipient)
    spans of a PLV ``marked`` copy."""
    out = {}
    for tag in ("s", "t"):
        i, j = marked.find(f"<{tag}>"), marked.find(f"</{tag}>")
        if i < 0 or j < i:
            continue
        start = len(MARK.sub("", marked[:i]))
        out[tag] = (start, start + len(MARK.sub("", marked[i + 3:j])))
    return out


def _overlaps(entity: dict, span: tuple[int, int]) -> bool:
    start, end = entity.get("start"), entity.get("end")
    return start is not None and end is not None and start < span[1] and span[0] < end


def _gold_root(g: dict) -> str:
    label = g.get("root") or g["event_type"]
    return CATEGORY_ROOT.get(label, label)


def span_scores(gold: list[dict], predicted: list[dict]) -> dict:
    """Actor and recipient agreement with the gold source/target spans of root-labelled sentences (``pairs`` with a
    ``marked`` copy, as in plv_train.jsonl). Per sentence whose gold root the coder found, its highest-confidence
    event of that root: the actor agrees when one of its actors overlaps a gold source span; the recipient when one
    of its recipients overlaps a gold target span, or, for an event with two or more actors, one of those does
    (PLOVER lists every party to a reciprocal event as actor, where the gold names one of them target). Also counts
    how a miss looks: no actor/recipient at all, the gold span in the other role, or other words."""
    by_id = {g["id"]: g for g in gold if g.get("pairs")}

    def of_gold_root(e: dict) -> bool:
        g = by_id.get(str(e.get("doc_id")))
        return g is not None and CATEGORY_ROOT.get(e["event_type"], e["event_type"]) == _gold_root(g)

    best = top_events(e for e in predicted if of_gold_root(e))
    counts = {role: defaultdict(int) for role in ("actor", "recipient")}
    per_root = {role: defaultdict(lambda: [0, 0]) for role in ("actor", "recipient")}
    for doc, e in best.items():
        g = by_id[doc]
        spans = [marked_spans(p.get("marked") or "") for p in g["pairs"]]
        root = _gold_root(g)
        for role, tag, other in (("actor", "s", "recipient"), ("recipient", "t", "actor")):
            gold_spans = [sp[tag] for sp in spans if tag in sp]
            if not gold_spans:
                continue
            mine = e.get(role) or []
            ok = any(_overlaps(x, sp) for x in mine for sp in gold_spans)
            if not ok and role == "recipient" and len(e.get("actor") or []) >= 2:
                ok = any(_overlaps(x, sp) for x in e["actor"] for sp in gold_spans)
            c = counts[role]
            c["n"] += 1
            per_root[role][root][1] += 1
            if ok:
                c["agree"] += 1
                per_root[role][root][0] += 1
            elif not mine:
                c["missing"] += 1
            elif any(_overlaps(x, sp) for x in e.get(other) or [] for sp in gold_spans):
                c["swapped"] += 1
            else:
                c["other_words"] += 1
    out: dict = {"docs": len(by_id), "events_of_gold_root": len(best)}
    for role in ("actor", "recipient"):
        c = counts[role]
        out[role] = {"agreement": c["agree"] / c["n"] if c["n"] else 0.0, "n": c["n"], "missing": c["missing"],
                     "swapped": c["swapped"], "other_words": c["other_words"],
                     "per_root": {r: {"agreement": a / n if n else 0.0, "n": n} for r, (a, n) in sorted(per_root[role].items())}}
    return out


def format_span_scores(result: dict) -> str:
    lines = []
    for role in ("actor", "recipient"):
        r = result[role]
        lines.append(f"{role} words: agreement={r['agreement']:.3f} over {r['n']} events of the gold root "
                     f"(missing {r['missing']}, swapped {r['swapped']}, other words {r['other_words']})")
    return "\n".join(lines)


def confusion(gold_labels: Sequence[str], predicted_labels: Sequence, labels: Sequence[str],
              roots: bool = False) -> dict[str, dict[str, int]]:
    """Counts of (gold, predicted) for single-label figures: ``confusion[gold][predicted]``, rows in the order of
    ``labels``; a missing prediction counts under ``"(none)"``; with ``roots`` categories count as their roots."""
    to_label = (lambda c: CATEGORY_ROOT.get(c, c)) if roots else (lambda c: c)
    out: dict[str, dict[str, int]] = {g: defaultdict(int) for g in labels}
    for g, p in zip(gold_labels, predicted_labels):
        out.setdefault(to_label(g), defaultdict(int))[to_label(p) if p else "(none)"] += 1
    return {g: dict(row) for g, row in out.items() if row}


def format_confusion(matrix: dict[str, dict[str, int]]) -> str:
    """Rows: gold; columns: predicted (only those that occur), abbreviated to four letters."""
    cols = [c for c in list(dict.fromkeys([*matrix, *(p for row in matrix.values() for p in row)]))
            if any(c in row for row in matrix.values())]
    lines = ["gold \\ pred " + " ".join(f"{c.strip('()')[:4]:>4}" for c in cols)]
    for g, row in matrix.items():
        lines.append(f"{g:12} " + " ".join(f"{row.get(c, 0) or '.':>4}" for c in cols))
    return "\n".join(lines)


def format_table(result: dict) -> str:
    """A plain-text table of :func:`score` (per category) or :func:`root_scores` (per root) output."""
    rows = result.get("per_category") or result.get("per_root") or {}
    lines = [f"{'type':10} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>5} {'R':>5} {'F1':>5}"]
    for name, r in rows.items():
        lines.append(f"{name:10} {r['tp']:4} {r['fp']:4} {r['fn']:4} {r['precision']:5.2f} {r['recall']:5.2f} "
                     f"{r['f1']:5.2f}")
    if "per_category" in result:
        lines.append(f"docs={result['docs']} no_event={result['docs_with_no_event']} microP={result['micro_p']:.3f} "
                     f"microR={result['micro_r']:.3f} actor_n={result['actor_n']} "
                     f"recipient_n={result['recipient_n']}")
        actor = f"{result['actor_acc']:.3f}" if result["actor_n"] else "-"  # root-labelled gold has no codes
        recipient = f"{result['recipient_acc']:.3f}" if result["recipient_n"] else "-"
        lines.append(f"macroF1={result['macro_f1']:.3f} microF1={result['micro_f1']:.3f} top1={result['top1']:.3f} "
                     f"actor={actor} recipient={recipient}")
    else:
        lines.append(f"docs={result['docs']} accuracy={result['accuracy']:.3f} macroF1={result['macro_f1']:.3f}")
    return "\n".join(lines)


def events_from_categories(doc_id: str, categories: dict[str, float], none: float,
                           threshold: float = 0.5) -> list[dict]:
    """Classifier output as scoreable events: every category at or above ``threshold``, and the most probable
    one whenever the sentence is more likely than not to report an event."""
    top = max(categories, key=lambda c: categories[c])
    chosen = {c for c, p in categories.items() if p >= threshold}
    if none < 0.5:
        chosen.add(top)
    return [{"doc_id": doc_id, "event_type": c, "confidence": categories[c]}
            for c in sorted(chosen, key=lambda c: -categories[c])]

