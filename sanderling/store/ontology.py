"""PLOVER quad categories and conflict/cooperation scores, read from ``data/ontology/scores.yaml``."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

import yaml

SCORES_FILE = Path(__file__).resolve().parent.parent / "data" / "ontology" / "scores.yaml"


@dataclass(frozen=True)
class Category:
    name: str
    quad: int
    score: float
    symmetric: bool
    mode_scores: dict


@dataclass(frozen=True)
class Ontology:
    categories: dict[str, Category]
    quad_names: dict[int, str]

    def category(self, event_type: str) -> Optional[Category]:
        return self.categories.get(event_type.upper())

    def quad_code(self, event_type: str) -> Optional[int]:
        cat = self.category(event_type)
        return cat.quad if cat else None

    def score(self, event_type: str, modes: Iterable[str] = ()) -> Optional[float]:
        """The codebook score of the category, or the mean of its listed modes' scores when the
        event has modes the table scores (an event coded with two modes sits between them)."""
        cat = self.category(event_type)
        if cat is None:
            return None
        mode_values = [cat.mode_scores[m.lower()] for m in modes if m.lower() in cat.mode_scores]
        if mode_values:
            return round(sum(mode_values) / len(mode_values), 3)
        return cat.score

    def is_symmetric(self, event_type: str) -> bool:
        cat = self.category(event_type)
        return bool(cat and cat.symmetric)


@lru_cache(maxsize=1)
def load() -> Ontology:
    raw = yaml.safe_load(SCORES_FILE.read_text(encoding="utf-8"))
    categories = {}
    for name, spec in raw["categories"].items():
        categories[name] = Category(
            name=name,
            quad=int(spec["quad"]),
            score=float(spec["score"]),
            symmetric=bool(spec.get("symmetric", False)),
            mode_scores={str(k).lower(): float(v) for k, v in (spec.get("modes") or {}).items()},
        )
    return Ontology(categories=categories, quad_names={int(k): v for k, v in raw["quad_codes"].items()})
