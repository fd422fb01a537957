"""The English word lists of the coder's rules, from one data file (``data/language/words.yaml``).

A rule asks for a list by name (``words("speech_verbs")``); the file says what each list is for and which
module reads it, so a user can extend one without touching code.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Union

import yaml

from .. import DATA_DIR

WORDS_FILE = DATA_DIR / "language" / "words.yaml"

WordList = Union[frozenset, dict]


@lru_cache(maxsize=1)
def _lists() -> dict[str, WordList]:
    raw = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    out: dict[str, WordList] = {}
    for name, value in raw.items():
        if isinstance(value, dict):  # a list per key ("recipient_prepositions": one per category)
            out[name] = {key: frozenset(items or ()) for key, items in value.items()}
        else:
            out[name] = frozenset(value)
    return out


def words(name: str) -> WordList:
    """The named list: a frozenset of words, or a dict of them for a list kept per key."""
    try:
        return _lists()[name]
    except KeyError:
        raise KeyError(f"no word list {name!r} in {WORDS_FILE}") from None
