"""Whitespace normalisation that never loses the way back to the original offsets.

News text arrives with stray spaces before full stops, hard-wrapped lines and blank-line runs.
The parser does better on tidy text, but evidence must point into the text as it was read, so
normalisation keeps, for each normalised character, the index of the original character.
"""
from __future__ import annotations

import re
from array import array
from dataclasses import dataclass

# A run of whitespace holding two or more line breaks is a paragraph break; any other run is a space.
_WS = re.compile(r"\s+")


@dataclass
class NormalizedText:
    text: str
    original: str
    _to_original: array  # index in text -> index in original; one extra entry for the end

    def to_original(self, offset: int) -> int:
        """Map an offset into ``text`` (start or end of a span) to the same place in ``original``."""
        if offset <= 0:
            return self._to_original[0] if len(self._to_original) else 0
        if offset >= len(self.text):
            return len(self.original) if offset > len(self.text) else self._to_original[len(self.text)]
        return self._to_original[offset]

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            s = self.to_original(start)
            return s, s
        # the end maps through the last character so that trailing collapsed space is not included
        return self.to_original(start), self._to_original[end - 1] + 1


def normalize(original: str) -> NormalizedText:
    out: list[str] = []
    idx = array("l")
    pos = 0
    for m in _WS.finditer(original):
        s, e = m.span()
        if s > pos:
            out.append(original[pos:s])
            idx.extend(range(pos, s))
        run = m.group()
        if s == 0 or e == len(original):
            pos = e  # leading and trailing whitespace is dropped
            continue
        if run.count("\n") >= 2:
            out.append("\n\n")
            idx.extend((s, s))
        else:
            out.append(" ")
            idx.append(s)
        pos = e
    if pos < len(original):
        out.append(original[pos:])
        idx.extend(range(pos, len(original)))
    text = "".join(out)
    idx.append(len(original) if not text else idx[-1] + 1)
    return NormalizedText(text=text, original=original, _to_original=idx)
