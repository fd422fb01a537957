"""Numbers written in digits or words, read off spaCy tokens.

Shared by the date and magnitude extractors.  The words and the values of vague amounts ("dozens"
means at least 24) live in ``data/magnitudes/number_words.tsv`` so they can be tuned without code.
A tiny table is enough here: news numbers are short ("539", "1,200", "1.5 million", "twenty-five",
"tens of thousands"), and no maintained number-word library reads spaCy tokens with offsets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

from spacy.tokens import Token

from .. import DATA_DIR

DATA = DATA_DIR / "magnitudes" / "number_words.tsv"

# "3bn", "5m", "20k": digits glued to a scale abbreviation form one spaCy token.
_DIGITS = re.compile(r"^(\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)(bn|b|m|mn|mln|k)?$", re.I)
_SUFFIX_SCALE = {"bn": 1e9, "b": 1e9, "m": 1e6, "mn": 1e6, "mln": 1e6, "k": 1e3}


@dataclass(frozen=True)
class Word:
    value: float
    kind: str  # unit, scale, article, vague, none
    qualifier: str


@dataclass
class NumberPhrase:
    value: float
    qualifier: str  # exact, at_least, at_most, about, more_than, vague (see magnitudes.py)
    start: int  # token index of the first token (qualifier words included)
    end: int  # token index after the last number token
    last: int  # token index of the last number token: the one the counted noun hangs from or governs
    vague: bool = False  # "dozens", "several": a word, not a figure


@dataclass(frozen=True)
class Table:
    words: dict[str, Word]
    longest: int  # words in the longest phrase


@lru_cache(maxsize=1)
def table() -> Table:
    words: dict[str, Word] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        phrase, value, kind, qualifier = line.split("\t")
        words[phrase] = Word(float(value), kind, qualifier)
    return Table(words, max(len(p.split()) for p in words))


def digits_value(text: str) -> Optional[float]:
    """ "1,200" -> 1200, "1.5" -> 1.5, "3bn" -> 3e9; None for anything else (ordinals, years with letters)."""
    m = _DIGITS.match(text)
    if not m:
        return None
    value = float(m.group(1).replace(",", ""))
    if m.group(2):
        value *= _SUFFIX_SCALE[m.group(2).lower()]
    return value


def word_value(text: str) -> Optional[float]:
    """Value of a single number word or digit string: "two" -> 2, "539" -> 539, "dozen" -> 12."""
    v = digits_value(text)
    if v is not None:
        return v
    w = table().words.get(text.lower())
    return w.value if w and w.kind in ("unit", "scale", "article") else None


def _match_phrase(lower: Sequence[str], i: int, kinds: tuple[str, ...]) -> tuple[Optional[Word], int]:
    """Longest table phrase of one of ``kinds`` starting at token i; returns (word, tokens used)."""
    t = table()
    for n in range(min(t.longest, len(lower) - i), 0, -1):
        w = t.words.get(" ".join(lower[i : i + n]))
        if w is not None and w.kind in kinds:
            return w, n
    return None, 0


def read_number(tokens: Sequence[Token], i: int, lower: Optional[Sequence[str]] = None) -> Optional[NumberPhrase]:
    """The number starting at tokens[i], without qualifier words: "1.5 million", "twenty-five",
    "a hundred", "tens of thousands of", "dozens", "no".  ``lower`` are the tokens' lower-case texts
    (pass them when scanning many positions of the same sentence)."""
    if lower is None:
        lower = [t.lower_ for t in tokens]
    n = len(tokens)
    if i >= n:
        return None
    # a vague or zero amount is a phrase of its own ("tens of thousands of", "no one")
    w, used = _match_phrase(lower, i, ("vague", "none"))
    if w is not None:
        # "no" only counts as zero before a noun, not in "no longer" or "said no"
        if w.kind == "none" and lower[i] == "no" and (i + 1 >= n or tokens[i + 1].pos_ not in ("NOUN", "PROPN", "ADJ")):
            return None
        if lower[i + used - 1] == "of" and i + used < n and tokens[i + used].like_num:
            return None  # "a couple of 100-metre ..." is rare; "hundreds of 1,000s" is not ours
        value, end = w.value, i + used
        # "several thousand", "a few hundred": a small vague count times a scale word
        if w.kind == "vague" and lower[end - 1] != "of" and end < n:
            scale, scale_used = _match_phrase(lower, end, ("scale",))
            if scale is not None and scale.value >= 100:
                value, end = w.value * scale.value, end + scale_used
                if end < n and lower[end] == "of":
                    end += 1
                used = end - i
        last = i + used - 1
        while last > i and lower[last] == "of":
            last -= 1  # "dozens of injuries": the noun hangs from "dozens", not from "of"
        return NumberPhrase(value, w.qualifier, i, i + used, last, vague=w.kind == "vague")
    total = 0.0
    current = 0.0
    last_added = 0.0  # the last unit word added, to tell "twenty five" (one number) from "two three"
    seen = False
    j = i
    while j < n:
        if lower[j][:1].isdigit():
            d = digits_value(tokens[j].text)
            if d is None or seen:
                break
            current, last_added, seen = d, d, True
            j += 1
            continue
        w, used = _match_phrase(lower, j, ("unit", "scale", "article"))
        if w is None:
            # "twenty-five", "one hundred and twenty": a hyphen or "and" between number words
            if seen and lower[j] in ("-", "and") and j + 1 < n:
                nxt, _ = _match_phrase(lower, j + 1, ("unit", "scale"))
                if nxt is not None and (lower[j] == "-" or nxt.kind == "unit"):
                    j += 1
                    continue
            break
        if w.kind == "article":
            # "a hundred", "a thousand": the article counts one; alone it is not a number
            nxt, _ = _match_phrase(lower, j + 1, ("scale",))
            if seen or nxt is None:
                break
            current, last_added, seen = 1.0, 1.0, True
        elif w.kind == "scale":
            if not seen:
                break  # "million" without a count in front is not read
            if w.value >= 1000:
                total += current * w.value
                current = 0.0
            else:
                current *= w.value
            last_added = w.value
        else:
            if seen and not (last_added >= 100 or (last_added >= 20 and last_added % 10 == 0 and w.value < 10)):
                break
            if seen and last_added >= 100 and w.value >= last_added:
                break
            current += w.value
            last_added, seen = w.value, True
        j += used
    if not seen:
        return None
    while j > i and lower[j - 1] in ("-", "and"):
        j -= 1
    return NumberPhrase(total + current, "exact", i, j, j - 1)


def _is_scale(lower: str) -> bool:
    w = table().words.get(lower)
    return w is not None and w.kind == "scale"
