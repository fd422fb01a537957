"""The coder's public entry points, where they have always been imported from.

The coder itself lives in :mod:`sanderling.coder.pipeline`; ``from sanderling.pipeline import Coder, code_batch``
keeps working.
"""
from .coder.pipeline import Coder, DocumentResult, code_batch

__all__ = ["Coder", "DocumentResult", "code_batch"]
