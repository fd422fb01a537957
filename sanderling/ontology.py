"""The PLOVER ontology, read from ``data/ontology/plover.yaml`` (categories, modes, scores, roots, contexts, and the
groupings of categories the coder, store and queries use)."""
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
    root: str  # the PLOVER root it is scored under in root-labelled gold (YIELD for CONCEDE and RETREAT)


@dataclass(frozen=True)
class Ontology:
    categories: dict[str, Category]
    contexts: tuple[str, ...]
    quads: dict[int, str]
    sectors: tuple[str, ...]
    nonstate_codes: dict[str, str]
    mode_adds_context: dict[str, str]
    groupings: dict[str, frozenset[str]]

    def group(self, name: str) -> frozenset[str]:
        """A named grouping of categories (plover.yaml, ``groupings``)."""
        return self.groupings[name]

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
                       {m: float(s) for m, s in (c.get("modes") or {}).items()}, c.get("root") or name)
        for name, c in raw["categories"].items()
    }
    groupings = {name: frozenset(members) for name, members in (raw.get("groupings") or {}).items()}
    unknown = {c for members in groupings.values() for c in members} - set(cats)
    if unknown:
        raise ValueError(f"plover.yaml groupings name unknown categories: {', '.join(sorted(unknown))}")
    return Ontology(
        categories=cats,
        contexts=tuple(raw["contexts"]),
        quads={int(k): v for k, v in raw["quads"].items()},
        sectors=tuple(raw["sectors"]),
        nonstate_codes=dict(raw["nonstate_codes"]),
        mode_adds_context=dict(raw.get("mode_adds_context") or {}),
        groupings=groupings,
    )


# The 16 categories in the codebook's order (plover.yaml's).
CATEGORIES = tuple(load().categories)
