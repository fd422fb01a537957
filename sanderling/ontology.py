"""The PLOVER ontology, read from ``data/ontology/plover.yaml`` (categories, modes, scores, contexts)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Optional

import yaml


@dataclass(frozen=True)
class Category:
    name: str
    quad: int
    score: float
    requires_recipient: bool
    modes: dict[str, float]


@dataclass(frozen=True)
class Ontology:
    categories: dict[str, Category]
    contexts: tuple[str, ...]
    quads: dict[int, str]
    sectors: tuple[str, ...]
    nonstate_codes: dict[str, str]
    mode_adds_context: dict[str, str]

    def valid_modes(self, category: str) -> set[str]:
        return set(self.categories[category].modes)

    def score(self, category: str, modes: list[str] | tuple[str, ...] = ()) -> Optional[float]:
        """The codebook's score: the most extreme of the event's modes, else the category's own."""
        cat = self.categories.get(category)
        if cat is None:
            return None
        scores = [cat.modes[m] for m in modes if m in cat.modes]
        if not scores:
            return cat.score
        return max(scores, key=abs)


@lru_cache(maxsize=1)
def load() -> Ontology:
    raw = yaml.safe_load(resources.files("sanderling").joinpath("data/ontology/plover.yaml").read_text("utf-8"))
    cats = {
        name: Category(name, int(c["quad"]), float(c["score"]), bool(c["requires_recipient"]),
                       {m: float(s) for m, s in (c.get("modes") or {}).items()})
        for name, c in raw["categories"].items()
    }
    return Ontology(
        categories=cats,
        contexts=tuple(raw["contexts"]),
        quads={int(k): v for k, v in raw["quads"].items()},
        sectors=tuple(raw["sectors"]),
        nonstate_codes=dict(raw["nonstate_codes"]),
        mode_adds_context=dict(raw.get("mode_adds_context") or {}),
    )


CATEGORIES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
              "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
