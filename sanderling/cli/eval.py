"""`sanderling eval GOLD.jsonl`: the coder on a gold sentence set, scored as ../shared/tools/score_events.py does.

Reads both gold formats of ../shared/data: event-labelled sentences (`event_type`, `actor`, `recipient`, as in
plover-gsr/gsr_dev.jsonl) and root-labelled ones (`root`, 15 PLOVER roots with YIELD = CONCEDE or RETREAT, as
in plv/plv_train.jsonl). For root-labelled sets it also prints accuracy and macro-F1 over the roots, the top-1
event of each sentence (highest confidence) standing for the sentence, and, where the gold marks the source and
target words (`pairs` with `marked`), how often the coder's actor and recipient are those words.
"""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .. import render
from ..errors import UsageError
from .common import fail_usage, report


class Split(str, Enum):
    all = "all"
    dev = "dev"
    heldout = "heldout"


def eval_command(
    gold_path: Path = typer.Argument(..., metavar="GOLD.jsonl", exists=True, dir_okay=False,
                                     help="Gold sentences: id, text and event_type (+ actor/recipient) or root."),
    by_category: bool = typer.Option(False, "--by-category", help="Print the per-category (and per-root) table."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    split: Split = typer.Option(Split.all, "--split", help="Only the fixed dev or held-out part (evaluation/splits.json) of the shared sets."),
    rules_only: bool = typer.Option(False, "--rules-only", help="Leave the learned classifier out (the rules alone)."),
    predictions: Optional[Path] = typer.Option(None, "--predictions", help="Also write the coded events (JSONL) here."),
    show_confusion: bool = typer.Option(False, "--confusion", help="Print which category (root, for root-labelled sets) "
                                        "the top event had for each gold one."),
) -> None:
    """Score the coder on a gold sentence set (per-category P/R/F1, macro/micro-F1, top-1, actor and
    recipient code accuracy; accuracy and macro-F1 over the PLOVER roots for root-labelled sets)."""
    from ..coder.pipeline import Coder
    from ..eval.gold import documents, load_gold, restrict
    from ..eval.scoring import (
        ROOTS,
        as_roots,
        confusion,
        format_confusion,
        format_span_scores,
        format_table,
        root_scores,
        score,
        span_scores,
        top_events,
    )
    from ..ontology import CATEGORIES

    try:
        rows, by_root = load_gold(gold_path)
        rows = restrict(rows, split.value)
    except UsageError as exc:
        fail_usage(str(exc))
    coder = Coder.load(use_classifier=not rules_only)
    events = []
    for result in coder.code(documents(rows)):
        for err in result.errors:
            report(err)
        events.extend(e.to_dict() for e in result.events)
    if predictions:
        predictions.write_text("".join(render.json_line(e) + "\n" for e in events), "utf-8")
    # one gold label and the top event's category per sentence (a repeated id counts once, the last)
    top, unique = top_events(events), {r["id"]: r for r in rows}
    gold_labels = [r["event_type"] for r in unique.values()]
    top_labels = [top[i]["event_type"] if i in top else None for i in unique]
    if by_root:  # the roots' YIELD stands for CONCEDE and RETREAT
        figures = score(rows, as_roots(events), categories=ROOTS)
        figures["roots"] = root_scores(gold_labels, top_labels)
        if any(r.get("pairs") for r in rows):
            figures["spans"] = span_scores(rows, events)
    else:
        figures = score(rows, events)
    if show_confusion:
        figures["confusion"] = confusion(gold_labels, top_labels, ROOTS if by_root else CATEGORIES, roots=by_root)
    if as_json:
        print(render.json_text(figures))
        return
    print(f"{gold_path.name}: {figures['docs']} sentences ({split.value}), coder: "
          f"{'rules only' if rules_only or coder.classifier is None else 'rules + classifier'}")
    if by_category:
        print(format_table(figures))
    else:
        print(format_table(figures).splitlines()[-1])
    if by_root:
        roots = figures["roots"]
        if by_category:
            print(format_table(roots))
        else:
            print(f"roots: accuracy={roots['accuracy']:.3f} macroF1={roots['macro_f1']:.3f} over {roots['docs']} sentences")
        if "spans" in figures:
            print(format_span_scores(figures["spans"]))
    if show_confusion:
        print("top event against gold (rows gold, columns the top event's " + ("root" if by_root else "category") + "):")
        print(format_confusion(figures["confusion"]))


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_command)
