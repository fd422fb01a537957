"""Reading documents: files, directories, stdin, JSONL/CSV corpora and HTML pages become
:class:`~sanderling.model.Document` records (or a :class:`~sanderling.model.ReadError` saying why not).

    readers     files, directories, stdin, corpora; HTML main text; encoding, size and language checks
    textnorm    tidy whitespace, keeping a map back to the original offsets
    structure   headline, photo captions, body and the wire dateline of a document's text
"""
from .readers import (
                      PUBLISHED_FORMS,
                      document_from_html,
                      document_from_text,
                      is_warning,
                      parse_published,
                      read_inputs,
)

__all__ = ["PUBLISHED_FORMS", "document_from_html", "document_from_text", "is_warning", "parse_published",
           "read_inputs"]
