"""Resolving what a user types for an actor ("FRA", "France", "Emmanuel Macron", "the Kremlin")
into the participant keys the store indexes events by.

Order: an actor code the store or the knowledge base knows; a country name (the knowledge base's country
resolver, :meth:`sanderling.coder.kb.ActorKB.country_code`, the same names the coder reads); a person or
organisation name stored on coded entities (exact); a person, organisation or place the knowledge base knows
(:func:`sanderling.coder.kb.resolve_actor`: "Macron" -> Emmanuel Macron); a stored name again, fuzzy; a surface
form the coder resolved before ("protesters" -> KEN).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

import duckdb
from rapidfuzz import fuzz, process

from .merge import name_key, normalise_name

FUZZY_MIN = 90


@dataclass(frozen=True)
class ResolvedActor:
    query: str
    keys: tuple[str, ...]
    label: str  # what the query was understood as, for messages
    how: str  # code, country name, name, knowledge base, fuzzy name, surface form, unresolved
    suggestions: tuple[str, ...] = field(default=())

    @property
    def found(self) -> bool:
        return bool(self.keys)


@lru_cache(maxsize=1)
def _knowledge_base():
    from ..coder.kb import ActorKB

    return ActorKB.load()


def country_code(text: str) -> Optional[str]:
    return _knowledge_base().country_code(text)


class ActorLookup:
    """What a user types for an actor, looked up among the actors of one store (see the module docstring)."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self._names: Optional[dict[str, str]] = None

    def _stored_names(self) -> dict[str, str]:
        if self._names is None:  # in key order: equal fuzzy scores then rank the same way on every run
            rows = self.con.execute("SELECT key, name FROM actors WHERE name IS NOT NULL ORDER BY key").fetchall()
            self._names = {key: name for key, name in rows}
        return self._names

    def _has_key(self, key: str) -> bool:
        return self.con.execute("SELECT 1 FROM actors WHERE key = ?", [key]).fetchone() is not None

    def country(self, text: str) -> Optional[str]:
        """The ISO alpha-3 code ``text`` names (a code, in any case, or a country name), else None."""
        query = text.strip()
        return country_code(query.upper() if len(query) == 3 else query)

    def resolve(self, text: str) -> ResolvedActor:
        query = text.strip()
        if not query:
            return ResolvedActor(text, (), text, "unresolved")
        upper = query.upper()
        if upper == query and 2 <= len(query) <= 6 and (self._has_key(upper) or country_code(upper) == upper):
            return ResolvedActor(text, (upper,), upper, "code")
        normalised = normalise_name(query)
        code = country_code(query)
        if code is not None:
            return ResolvedActor(text, (code,), code, "country name")
        key = name_key(query)
        if self._has_key(key):
            return ResolvedActor(text, (key,), self._stored_names().get(key, query), "name")
        from ..coder.kb import resolve_actor

        found = resolve_actor(query)
        if found and (found["code"] or found["name"]):
            code, name = found["code"], found["name"]
            # a person is looked up by name (their country would match everyone from it)
            keys = (name_key(name),) if name else (code,)
            return ResolvedActor(text, keys, name or code, "knowledge base")
        names = self._stored_names()
        if names:
            choices = {k: normalise_name(v) for k, v in names.items()}
            hits = process.extract(normalised, choices, scorer=fuzz.WRatio, limit=5)
            good = [(k, score) for _, score, k in hits if score >= FUZZY_MIN]
            best = max((score for _, score in good), default=0)
            keys = tuple(sorted(k for k, score in good if score == best))
            if keys:
                return ResolvedActor(text, keys, " / ".join(names[k] for k in keys), "fuzzy name")
        rows = self.con.execute(
            "SELECT key FROM actors WHERE list_contains(list_transform(surface_forms, lambda s: lower(s)), ?)"
            " ORDER BY n_mentions DESC, key LIMIT 3",
            [query.lower()],
        ).fetchall()
        if rows:
            keys = tuple(r[0] for r in rows)
            return ResolvedActor(text, keys, ", ".join(keys), "surface form")
        suggestions = ()
        if names:
            suggestions = tuple(names[k] for _, _, k in process.extract(normalised, {k: normalise_name(v) for k, v in names.items()}, scorer=fuzz.WRatio, limit=3))
        return ResolvedActor(text, (), query, "unresolved", suggestions)
