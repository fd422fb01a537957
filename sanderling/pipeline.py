"""The coder: a batch of documents in, PLOVER events out.

``Coder.load()`` builds every model and table once per process; ``Coder.code(docs)`` is then a pure
function of its input (no global state is mutated), so a distributed engine (Ray Data, Spark,
multiprocessing) can map :func:`code_batch` over millions of articles without a rewrite.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Iterator

from .model import Document, Event, ReadError


@dataclass
class DocumentResult:
    document: Document
    events: list[Event] = field(default_factory=list)
    errors: list[ReadError] = field(default_factory=list)


class Coder:
    """Holds the loaded models; build with :meth:`load`."""

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "Coder":
        return cls()

    def code(self, docs: Iterable[Document], batch_size: int = 32) -> Iterator[DocumentResult]:
        for doc in docs:
            yield DocumentResult(document=doc)


def code_batch(docs: list[Document]) -> list[DocumentResult]:
    """A pure function from a batch of documents to their results (models loaded once per process)."""
    return list(Coder.load().code(docs))
