"""sanderling: news reports in, PLOVER event records out, with evidence for every field.

The package is laid out in the order the data flows (README, "How it works"):

    read/    documents from files, HTML, corpora and stdin; text normalisation; document structure
    coder/   parse (spaCy) -> mentions -> arguments -> resolution, dates, places, magnitudes -> document events
    learn/   the sentence classifier, its combination with the rules, and how both are trained
    store/   the DuckDB event store: merge across documents, the query layer, exports
    cli/     the `sanderling` command line
    server/  the HTTP API
    eval/    accuracy against gold sentences

Shared by all of them: ``model`` (the typed records between stages, and the output contract) and ``ontology``
(PLOVER, from ``data/ontology/plover.yaml``). ``data/`` holds every data file.

The public API: ``Coder`` and ``code_batch`` (also importable from ``sanderling.pipeline``) and ``Query`` (from
``sanderling.store``). They are loaded on first use, so ``import sanderling`` stays cheap.
"""
from pathlib import Path

__version__ = "0.3.2"

DATA_DIR = Path(__file__).resolve().parent / "data"

__all__ = ["Coder", "DATA_DIR", "DocumentResult", "Query", "__version__", "code_batch"]


def __getattr__(name: str):
    if name in ("Coder", "DocumentResult", "code_batch"):
        from .coder import pipeline

        return getattr(pipeline, name)
    if name == "Query":
        from .store import Query

        return Query
    raise AttributeError(f"module 'sanderling' has no attribute {name!r}")
