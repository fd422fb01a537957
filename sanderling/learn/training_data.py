"""Labelled sentences for the event classifier, read from the gold sets, the team corpus and the synthetic stories.

Every source becomes a list of :class:`Example` with the same label layout. A label group that a source does not
annotate is ``None`` (its loss is masked), not "empty": PLV carries only a root, GSR only one event type with a mode,
the team corpus carries everything, the synthetic stories a category and sometimes a mode.

The split is fixed by hashes of the ids: ``evaluation/splits.json`` says which real sentences are held out (never
trained or tuned on); of the rest, :func:`is_validation` sets aside a fifth (one of five folds, :func:`fold_of`) for early stopping and
calibration.
"""
from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..eval.gold import load_splits
from ..eval.scoring import CATEGORY_ROOT
from ..ontology import CATEGORIES
from ..ontology import load as load_ontology

# PLOVER 0.5 sub-modes in the GSR records and spellings in the synthetic stories → PLOVER 2.0 modes.
MODE_ALIASES = {"demo-org": "demo", "demo-spon": "demo", "riot-spon": "riot", "riot-org": "riot",
                "strike-gen": "strike", "primative": "primitive", "sieze": "seize"}


@dataclass
class Example:
    id: str
    text: str
    source: str                                   # plv | gsr | team | synthetic
    categories: frozenset[str]                    # empty: the sentence reports no event
    modes: Optional[dict[str, frozenset[str]]]    # per category; None: modes not annotated
    contexts: Optional[frozenset[str]]            # None: contexts not annotated
    root: Optional[str] = None                    # the PLV root (15 classes) where the gold has one
    weight: float = 1.0
    extra: dict = field(default_factory=dict)


FOLDS = 5


def fold_of(example_id: str) -> int:
    """The cross-validation fold (0..4) of a development sentence, by hash of its id."""
    return int(hashlib.sha1(f"validation:{example_id}".encode("utf-8")).hexdigest(), 16) % FOLDS


def is_validation(example_id: str, fold: int = 0) -> bool:
    """A fixed fifth of the training material, by hash, for early stopping and calibration. Fold 0 is the
    validation part of the shipped model; folds 1-4 give the other fifths for cross-validation."""
    return fold_of(example_id) == fold


def _valid_modes(category: str, modes) -> frozenset[str]:
    allowed = load_ontology().valid_modes(category)
    out = set()
    for m in modes or []:
        m = MODE_ALIASES.get(str(m).lower(), str(m).lower())
        if m in allowed:
            out.add(m)
    return frozenset(out)


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_plv(path: Path, ids: set[str], yield_split: dict[str, list[str]]) -> list[Example]:
    """PLV sentences with the given ids. YIELD becomes CONCEDE/RETREAT where ``yield_split`` labels it;
    an unlabelled YIELD sentence (held-out ones) keeps empty categories and is only usable at root level."""
    out = []
    for r in _read_jsonl(path):
        if r["id"] not in ids:
            continue
        root = r["root"]
        if root == "YIELD":
            cats = frozenset(yield_split.get(r["id"], ()))
        else:
            cats = frozenset([root])
        out.append(Example(r["id"], r["text"], "plv", cats, None, None, root=root))
    return out


def load_gsr(path: Path, ids: set[str]) -> list[Example]:
    out = []
    seen: dict[str, int] = {}
    for r in _read_jsonl(path):
        if r["id"] not in ids:
            continue
        # the GSR file repeats one id for two sentences; keep both, apart
        n = seen[r["id"]] = seen.get(r["id"], 0) + 1
        ex_id = r["id"] if n == 1 else f"{r['id']}#{n}"
        cat = r["event_type"]
        # GSR contexts use another vocabulary than PLOVER 2.0's; they are not used for training
        out.append(Example(ex_id, r["text"], "gsr", frozenset([cat]), {cat: _valid_modes(cat, r.get("mode"))}, None,
                           root=CATEGORY_ROOT[cat], extra={"gold": r}))
    return out


def load_team_corpus(paths: list[Path]) -> list[Example]:
    contexts = set(load_ontology().contexts)
    out = []
    for path in paths:
        for r in _read_jsonl(path):
            cats: set[str] = set()
            modes: dict[str, set[str]] = {}
            ctx: set[str] = set()
            for ev in r.get("events") or []:
                cat = ev["event_type"]
                if cat not in CATEGORIES:
                    continue
                cats.add(cat)
                modes.setdefault(cat, set()).update(_valid_modes(cat, ev.get("mode")))
                ctx.update(c for c in ev.get("context") or [] if c in contexts)
            out.append(Example(r["id"], r["text"], "team", frozenset(cats),
                               {c: frozenset(m) for c, m in modes.items()}, frozenset(ctx), extra={"record": r}))
    return out


def load_synthetic(path: Path, limit: Optional[int] = None) -> list[Example]:
    """The NGEC synthetic stories: the first paragraph of each (the lead, which carries the headline's event).
    With ``limit``, a fixed sample: the stories whose id hashes lowest."""
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for n, r in enumerate(csv.DictReader(fh)):
            cat = (r.get("label") or "").strip().upper()
            if cat not in CATEGORIES:
                continue
            lead = next((p.strip() for p in (r.get("text") or "").split("\n") if p.strip()), "")
            if not lead:
                continue
            mode = (r.get("mode") or "").strip()
            out.append(Example(f"synthetic-{n}", lead, "synthetic", frozenset([cat]),
                               {cat: _valid_modes(cat, [mode] if mode else [])}, None))
    if limit is not None:
        keep = set(sorted((ex.id for ex in out), key=lambda i: hashlib.sha1(i.encode("utf-8")).hexdigest())[:limit])
        out = [ex for ex in out if ex.id in keep]
    return out


@dataclass
class TrainingSources:
    repo: Path
    shared: Path
    corpus_files: list[Path]
    use_synthetic: bool = True
    use_team_corpus: bool = True
    synthetic_limit: Optional[int] = 1000   # a weak supplement: a sample, not the bulk of the training data

    @classmethod
    def default(cls, repo: Path, shared: Optional[Path] = None, corpus_files: Optional[list[Path]] = None,
                **kw) -> "TrainingSources":
        repo = repo.resolve()
        shared = shared or repo.parent / "shared"
        if corpus_files is None:
            corpus_files = sorted((repo / "corpus" / "events-v1").glob("part-*.jsonl"))
        return cls(repo, shared, corpus_files, **kw)

    def plv_path(self) -> Path:
        return self.shared / "data" / "plv" / "plv_train.jsonl"

    def gsr_path(self) -> Path:
        return self.shared / "data" / "plover-gsr" / "gsr_dev.jsonl"

    def synthetic_path(self) -> Path:
        return self.shared / "data" / "ngec-synthetic" / "gpt_synthetic_events_2023-10-19_19.csv"

    def yield_split(self) -> dict[str, list[str]]:
        return json.loads((self.repo / "evaluation" / "data" / "plv_yield_split.json").read_text("utf-8"))["labels"]

    def development(self) -> list[Example]:
        """Everything we may train and tune on: the dev parts of PLV and GSR, the team corpus, the stories."""
        splits = load_splits(self.repo)
        data = load_plv(self.plv_path(), set(splits["plv"]["dev"]), self.yield_split())
        data += load_gsr(self.gsr_path(), set(splits["gsr"]["dev"]))
        if self.use_team_corpus:
            data += load_team_corpus(self.corpus_files)
        if self.use_synthetic:
            data += load_synthetic(self.synthetic_path(), self.synthetic_limit)
        return data

    def heldout(self) -> tuple[list[Example], list[Example]]:
        """The held-out PLV and GSR sentences: reported once, never trained or tuned on."""
        splits = load_splits(self.repo)
        plv = load_plv(self.plv_path(), set(splits["plv"]["heldout"]), {})
        gsr = load_gsr(self.gsr_path(), set(splits["gsr"]["heldout"]))
        return plv, gsr


def split_development(examples: list[Example], fold: int = 0) -> tuple[list[Example], list[Example]]:
    """(train, validation), validation being the fifth ``fold`` (0: the shipped model's). Synthetic stories never
    enter validation: it must measure real-looking text."""
    if not 0 <= fold < FOLDS:
        raise ValueError(f"fold must be in 0..{FOLDS - 1}, not {fold}")
    train, val = [], []
    for ex in examples:
        (val if ex.source != "synthetic" and is_validation(ex.id, fold) else train).append(ex)
    return train, val
