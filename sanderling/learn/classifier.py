"""The learned sentence classifier: PLOVER category, mode and context probabilities for a sentence.

A fine-tuned all-MiniLM-L6-v2 encoder (see ``data/models/event-classifier/MODEL_CARD.md``), run as an int8
ONNX graph with onnxruntime and the HF ``tokenizers`` library: no torch at run time, nothing downloaded.
Every output is an independent sigmoid, temperature-scaled per output group on held-aside development
sentences, so ``categories[c]`` reads as "probability that the sentence reports a ``c`` event".
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from ..ontology import CATEGORIES
from ..ontology import load as load_ontology

DEFAULT_MODEL_DIR = "data/models/event-classifier"


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


@dataclass(frozen=True)
class LabelLayout:
    """Where each label sits in the model's single output row: 16 categories, 'any event', (category, mode)
    slots for the categories that have modes, then the contexts."""
    categories: tuple[str, ...]
    mode_slots: tuple[tuple[str, str], ...]
    contexts: tuple[str, ...]

    @classmethod
    def from_ontology(cls) -> "LabelLayout":
        onto = load_ontology()
        slots = tuple((c, m) for c in CATEGORIES for m in onto.categories[c].modes)
        return cls(tuple(CATEGORIES), slots, tuple(onto.contexts))

    @classmethod
    def from_dict(cls, d: dict) -> "LabelLayout":
        return cls(tuple(d["categories"]), tuple(tuple(s) for s in d["mode_slots"]), tuple(d["contexts"]))

    def to_dict(self) -> dict:
        return {"categories": list(self.categories), "mode_slots": [list(s) for s in self.mode_slots],
                "contexts": list(self.contexts)}

    @property
    def width(self) -> int:
        return len(self.categories) + 1 + len(self.mode_slots) + len(self.contexts)

    @property
    def category_slice(self) -> slice:
        return slice(0, len(self.categories))

    @property
    def event_index(self) -> int:
        return len(self.categories)

    @property
    def mode_slice(self) -> slice:
        start = len(self.categories) + 1
        return slice(start, start + len(self.mode_slots))

    @property
    def context_slice(self) -> slice:
        start = self.mode_slice.stop
        return slice(start, start + len(self.contexts))

    @property
    def category_index(self) -> dict[str, int]:
        return {c: i for i, c in enumerate(self.categories)}

    @property
    def context_index(self) -> dict[str, int]:
        return {c: self.context_slice.start + i for i, c in enumerate(self.contexts)}

    def mode_slots_of(self, category: str) -> list[tuple[str, int]]:
        start = self.mode_slice.start
        return [(m, start + i) for i, (c, m) in enumerate(self.mode_slots) if c == category]

    def groups(self) -> dict[str, slice]:
        """The output groups that get one temperature each."""
        e = self.event_index
        return {"categories": self.category_slice, "event": slice(e, e + 1), "modes": self.mode_slice,
                "contexts": self.context_slice}


@dataclass
class Prediction:
    categories: dict[str, float]          # the 16 PLOVER 2.0 categories → probability the sentence reports one
    modes: dict[str, dict[str, float]]    # category → mode → probability (categories that have modes)
    contexts: dict[str, float]            # context → probability
    none: float                           # probability the sentence reports no event at all

    def top(self) -> tuple[str, float]:
        """The most probable category and its probability."""
        cat = max(self.categories, key=lambda c: self.categories[c])
        return cat, self.categories[cat]


class EventClassifier:
    """Load once per process (:meth:`load` caches) and call :meth:`predict` on batches of sentences."""

    def __init__(self, model_dir: Path, threads: int = 1):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.model_dir = Path(model_dir)
        spec = json.loads((self.model_dir / "classifier.json").read_text("utf-8"))
        self.spec = spec
        self.layout = LabelLayout.from_dict(spec["layout"])
        self.temperatures = {g: float(t) for g, t in spec["temperatures"].items()}
        self.max_length = int(spec["max_length"])
        self._tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(self.max_length)
        self._tokenizer.no_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        self._session = ort.InferenceSession(str(self.model_dir / "model.onnx"), options,
                                             providers=["CPUExecutionProvider"])
        # one Tokenizer object is shared by the threads that may call predict
        self._lock = threading.Lock()
        temps = np.ones(self.layout.width, dtype=np.float32)
        for group, sl in self.layout.groups().items():
            temps[sl] = self.temperatures.get(group, 1.0)
        self._temps = temps

    @classmethod
    def load(cls, model_dir: Optional[Path] = None, threads: int = 1) -> "EventClassifier":
        """The classifier in ``model_dir`` (default: the shipped model), built once per process."""
        if model_dir is None:
            model_dir = Path(str(resources.files("sanderling").joinpath(DEFAULT_MODEL_DIR)))
        return _cached(str(Path(model_dir).resolve()), threads)

    def logits(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Raw (uncalibrated) output rows, in the order of ``texts``.

        Each sentence runs through the graph alone: int8 activation scales are computed per input tensor, so in a
        padded batch a sentence's scores would depend on its batch-mates (by up to ~0.09 in probability). Alone,
        a sentence always gets the same scores, and with no padding to compute it is as fast on one core.
        ``batch_size`` only sets how many sentences are tokenised at a time."""
        out = np.zeros((len(texts), self.layout.width), dtype=np.float32)
        for b in range(0, len(texts), batch_size):
            chunk = [t or " " for t in texts[b:b + batch_size]]
            with self._lock:
                encodings = self._tokenizer.encode_batch(chunk)
            for i, enc in enumerate(encodings):
                ids = np.array([enc.ids], dtype=np.int64)
                mask = np.ones_like(ids)
                out[b + i] = self._session.run(None, {"input_ids": ids, "attention_mask": mask})[0][0]
        return out

    def probabilities(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Calibrated probabilities, one row per text, columns as in :attr:`layout`."""
        return sigmoid(self.logits(texts, batch_size) / self._temps)

    def predict(self, texts: Sequence[str], batch_size: int = 64) -> list[Prediction]:
        lay = self.layout
        probs = self.probabilities(texts, batch_size).astype(float)
        cats = list(enumerate(lay.categories))
        modes_by_cat: dict[str, list[tuple[str, int]]] = {}
        for c in lay.categories:
            slots = lay.mode_slots_of(c)
            if slots:
                modes_by_cat[c] = slots
        ctx = list(lay.context_index.items())
        out = []
        for row in probs:
            out.append(Prediction(
                categories={c: float(row[i]) for i, c in cats},
                modes={c: {m: float(row[j]) for m, j in slots} for c, slots in modes_by_cat.items()},
                contexts={c: float(row[j]) for c, j in ctx},
                none=float(1.0 - row[lay.event_index]),
            ))
        return out


@lru_cache(maxsize=4)
def _cached(model_dir: str, threads: int) -> EventClassifier:
    return EventClassifier(Path(model_dir), threads=threads)
