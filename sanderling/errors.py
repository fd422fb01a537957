"""One catalogue of what sanderling reports, with stable codes (as spaCy keeps its errors in one place).

A code is the ``reason`` of a :class:`~sanderling.model.ReadError` (a document that could not be read, coded or
stored, or a warning about one that was), the ``code`` of a :class:`UsageError` (a command's argument that cannot
be used: the CLI exits 2, the HTTP API answers 400), and the ``reason`` column of the store's ``errors`` table.
Codes never change once released; messages may. Readers, coder, store, CLI and HTTP API all take their codes
from here, so what is a warning and what is an error is decided once.

Severity: an *error* means the document was not coded (it is listed, and ``code``/``ingest`` exit 1); a
*warning* means it was coded but something about it is worth knowing (``ingest`` still exits 0).
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Code(StrEnum):
    # reading a document (sanderling.read)
    NOT_FOUND = "not_found"
    UNREADABLE = "unreadable"
    EMPTY = "empty"
    BINARY = "binary"
    ENCODING = "encoding"
    TOO_LARGE = "too_large"
    MALFORMED = "malformed"
    NO_TEXT = "no_text"
    NOT_ENGLISH = "not_english"
    UNSUPPORTED = "unsupported"
    ENCODING_FALLBACK = "encoding_fallback"
    DUPLICATE_ID = "duplicate_id"
    BAD_PUBLISHED = "bad_published"
    # coding it (sanderling.coder)
    FAILED = "failed"
    # storing it (sanderling.store)
    STORE_FAILED = "store_failed"
    # a command's arguments (CLI exit code 2, HTTP 400)
    BAD_DATE = "bad_date"
    UNKNOWN_TYPE = "unknown_type"
    BAD_PERIOD = "bad_period"
    EMPTY_SEARCH = "empty_search"
    UNKNOWN_ACTOR = "unknown_actor"
    NO_STORE = "no_store"
    STORE_VERSION = "store_version"
    STORE_UNAVAILABLE = "store_unavailable"


@dataclass(frozen=True)
class Entry:
    code: Code
    severity: Severity
    meaning: str


_E, _W = Severity.ERROR, Severity.WARNING
CATALOGUE: dict[Code, Entry] = {e.code: e for e in (
    Entry(Code.NOT_FOUND, _E, "no such file or directory, or no standard input to read"),
    Entry(Code.UNREADABLE, _E, "the operating system refused to read or list it"),
    Entry(Code.EMPTY, _E, "an empty file, directory, corpus or document: nothing to code"),
    Entry(Code.BINARY, _E, "looks like a binary file, not text"),
    Entry(Code.ENCODING, _E, "the bytes are not text in any encoding that can be read safely"),
    Entry(Code.TOO_LARGE, _E, "over the size limit (1,000,000 characters a document); split it into documents"),
    Entry(Code.MALFORMED, _E, "a bad JSONL line or CSV row, no text column, or HTML that cannot be parsed"),
    Entry(Code.NO_TEXT, _E, "an HTML page with no main text"),
    Entry(Code.NOT_ENGLISH, _E, "not in English, the only language coded for now"),
    Entry(Code.UNSUPPORTED, _E, "a file type that is not .txt, .html, .jsonl or .csv"),
    Entry(Code.ENCODING_FALLBACK, _W, "not valid UTF-8; decoded another way (the message says how)"),
    Entry(Code.DUPLICATE_ID, _W, "the id was already used in the same run; the document got another one"),
    Entry(Code.BAD_PUBLISHED, _W, "a row's own publication date is not a date; the default was used"),
    Entry(Code.FAILED, _E, "the coder failed on this document; the others were coded"),
    Entry(Code.STORE_FAILED, _E, "the document could not be stored; the store is unchanged for it"),
    Entry(Code.BAD_DATE, _E, "a date argument that is not a date"),
    Entry(Code.UNKNOWN_TYPE, _E, "an event type that is not a PLOVER category"),
    Entry(Code.BAD_PERIOD, _E, "a timeline period that is not week or month"),
    Entry(Code.EMPTY_SEARCH, _E, "a search with no words"),
    Entry(Code.UNKNOWN_ACTOR, _W, "no actor in the store matches the name given: the answer is empty"),
    Entry(Code.NO_STORE, _E, "no store file at the path given"),
    Entry(Code.STORE_VERSION, _E, "the store's schema version differs from this sanderling's"),
    Entry(Code.STORE_UNAVAILABLE, _E, "the store file cannot be opened (locked by a writer, or not a store)"),
)}

WARNINGS = frozenset(code for code, entry in CATALOGUE.items() if entry.severity is Severity.WARNING)


def severity(code: str) -> Severity:
    """The severity of a code; an unknown code counts as an error."""
    entry = CATALOGUE.get(code)  # a Code is its string, so plain strings look up too
    return entry.severity if entry else Severity.ERROR


def is_warning(code: str) -> bool:
    return severity(code) is Severity.WARNING


class UsageError(ValueError):
    """An argument a command cannot use: its code says which kind, its text what to give instead."""

    def __init__(self, code: Code, message: str):
        super().__init__(message)
        self.code = code
