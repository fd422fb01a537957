"""``sanderling train``: rebuild the event classifier from the repository's training material.

Needs the ``[train]`` extra (``pip install -r requirements-train.lock``) and ``../shared/data`` beside the repository.
Deterministic: the same seed and the same data give the same int8 ONNX file.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .. import DATA_DIR, render
from ..eval.gold import REPOSITORY
from .common import fail_usage, say

SHIPPED = DATA_DIR / "models" / "event-classifier"


def train_command(
    out: Path = typer.Option(SHIPPED, "--out", help="Model directory to write (default: the shipped model)."),
    seed: int = typer.Option(13, "--seed", help="Random seed of initialisation and batch order."),
    repo: Path = typer.Option(REPOSITORY, "--repo", help="Repository root: evaluation/splits.json, corpus/events-v1/."),
    shared: Optional[Path] = typer.Option(None, "--shared", help="The shared data folder (default: REPO/../shared)."),
    synthetic: bool = typer.Option(True, "--synthetic/--no-synthetic", help="Use the NGEC synthetic story leads."),
    team_corpus: bool = typer.Option(True, "--team-corpus/--no-team-corpus", help="Use corpus/events-v1/part-*.jsonl."),
    epochs: Optional[int] = typer.Option(None, "--epochs", min=1, help="Override the number of epochs."),
    validation_fold: int = typer.Option(0, "--validation-fold", min=0, max=4,
                                        help="Which fifth of the development data validates (0: the shipped "
                                             "model's; 1-4: cross-validation folds)."),
    all_development: bool = typer.Option(False, "--all-development",
                                         help="Train on all development data, no validation part: the configured "
                                              "epochs (no epoch selection), temperatures fitted on the out-of-fold "
                                              "logits of --calibration-logits."),
    calibration_logits: Optional[Path] = typer.Option(
        None, "--calibration-logits",
        help="With --all-development: oof_logits.npz (ids, logits) of the fold models, from "
             "evaluation/crossval_report.py."),
) -> None:
    """Fine-tune the event classifier on the development data and write model.onnx, tokenizer.json, classifier.json."""
    try:
        from ..learn.training import TrainConfig, build
    except ImportError as err:  # pragma: no cover - depends on the environment
        fail_usage(f"training needs the [train] extra ({err})")
    from ..learn.training_data import TrainingSources, split_development

    sources = TrainingSources.default(repo, shared=shared, use_synthetic=synthetic, use_team_corpus=team_corpus)
    if team_corpus and not sources.corpus_files:
        fail_usage(f"no corpus files under {repo / 'corpus' / 'events-v1'}")
    config = TrainConfig(seed=seed, **({"epochs": epochs} if epochs else {}))
    meta = {"corpus_files": [str(p.relative_to(repo)) for p in sources.corpus_files] if team_corpus else [],
            "synthetic": synthetic}
    calibration = None
    if all_development:
        if validation_fold != 0:
            fail_usage("--all-development has no validation fold")
        if calibration_logits is None:
            fail_usage("--all-development needs --calibration-logits (the fold models' out-of-fold logits)")
        import numpy as np

        train, val = sources.development(), []
        saved = np.load(calibration_logits)
        row_of = {str(i): n for n, i in enumerate(saved["ids"])}
        real = [ex for ex in train if ex.source != "synthetic"]
        missing = [ex.id for ex in real if ex.id not in row_of]
        if missing:
            fail_usage(f"{len(missing)} development sentences have no out-of-fold logits (e.g. {missing[:3]})")
        calibration = (saved["logits"][[row_of[ex.id] for ex in real]], real)
        meta |= {"validation_fold": None, "calibration": f"out-of-fold logits of {len(real)} development "
                                                         f"sentences ({calibration_logits.name})"}
    else:
        train, val = split_development(sources.development(), fold=validation_fold)
        if validation_fold != 0:  # absent means fold 0: the default rebuild writes the shipped classifier.json as is
            meta["validation_fold"] = validation_fold
    spec = build(out, train, val, config, metadata=meta, log=say, calibration=calibration)
    print(render.json_line({"out": str(out), "temperatures": spec["temperatures"],
                            "train_seconds": round(spec["train_seconds"], 1)}))


def register(app: typer.Typer) -> None:
    app.command("train")(train_command)
