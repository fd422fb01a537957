"""Reading input documents robustly: text and HTML files, directories, stdin and JSONL/CSV corpora.

Bad input gets a clear error and loses nothing: every problem is reported for the one document (file,
corpus line, CSV row) it concerns, and the rest of the batch is still read.  Nothing here raises for a
bad document or a bad path; :func:`read_inputs` yields a :class:`~sanderling.model.ReadError` instead.

What :func:`read_inputs` yields, in a stable order (inputs in the order given, directory contents
sorted by relative path, corpus rows in file order):

* a :class:`Document` for each document read;
* a :class:`ReadError` for each document that was not read.  ``reason`` is one of ``not_found``,
  ``unreadable`` (the OS refused to read it), ``empty``, ``binary``, ``encoding``, ``too_large``,
  ``malformed`` (bad JSONL line or CSV row, no text column, unparseable HTML), ``no_text`` (HTML
  with no main text), ``not_english``, ``unsupported`` (unknown file type);
* **warnings**: a ``ReadError`` whose reason is a warning in :mod:`sanderling.errors` does not stop the document.
  It is always followed directly by the Document it concerns, with the same ``doc_id``: print the
  warning and code the document.  The warnings are ``encoding_fallback`` (not valid UTF-8, decoded
  another way), ``duplicate_id`` (the id was taken, the document got another one) and
  ``bad_published`` (a row's own date could not be parsed, the default was used).  Use
  :func:`is_warning` to tell them apart.

Document ids: a single file is its file name stem (``putin-macron-call``); a file found in a
directory is its path relative to that directory without the extension (``2025/07/report-1``); a
corpus row is its ``id`` (missing: ``<file stem>:<line>``); stdin is ``stdin``.  An id already used
in the same call becomes ``<file stem>:<line>`` for rows, the relative path with its extension for
files, with ``~2``, ``~3`` ... added if even that is taken.

Publication dates (``Document.published``, a ``datetime.date``): a row's own ``published`` (YYYY-MM-DD,
an ISO 8601 datetime, or an RFC 2822 date as in RSS feeds; the date as written, not converted to
another time zone), else the date in the HTML metadata (trafilatura/htmldate, markup only), else the
``published`` argument.

Text is what all offsets point into, so plain text is altered only by dropping a UTF-8 byte order mark
and turning ``\\r\\n`` into ``\\n``.  HTML is reduced to its main text with trafilatura; paragraphs,
headings, list items and table rows are separated by blank lines (the coder starts a new sentence at a
blank line, so a headline never runs into the first sentence); a ``<br>`` stays a single line break.
Figures with their captions are pruned before extraction, reader comments are left out, and
trafilatura runs with ``favor_precision``: a menu line or "Sign up" box coded as an event is worse
than a lost marginal paragraph.  Extraction is deterministic (no date guessed from "today").

Encodings: UTF-8 (with or without BOM) and BOM-marked UTF-16/32 are read as they are.  Bytes that are
not valid UTF-8 are decoded only where that is safe, with an ``encoding_fallback`` warning that gives
the byte offset of the first invalid byte: mostly-UTF-8 text with a few damaged bytes keeps its UTF-8
and gets U+FFFD for the damaged bytes; other text is decoded as Windows-1252 when charset_normalizer
finds that decoding clean (printable, not mojibake), else as the encoding charset_normalizer is
confident of (e.g. cp1251 for Russian, which the language check then reports).  Anything else is an
``encoding`` error.  NUL bytes or a high share of control characters in the first 8 KB mean
``binary``.

Size: a text over ``max_chars`` characters is ``too_large``.  Files are measured with ``stat`` before
they are read, so a huge file is rejected without being read; JSONL and CSV corpora are streamed line
by line whatever their size, and only each row is limited.

Language (English only for now): a function-word share test, chosen over a statistical identifier.
It is transparent (the message says which share of the words are common French and English words),
deterministic, needs no new dependency and takes 0.05 ms for a sentence, about 1 ms for a long
article (it looks at the first 20,000 characters).  It calls none of the 10,208 English texts and
titles in shared/data non-English.  py3langid 0.4.0 was tried: it called 7 of 5,708 of those texts
Nigerian Pidgin, Portuguese or Bikol, and costs 0.8 s to load and a 4.6 MB download.  The word lists
live in ``sanderling/data/language/function_words.yaml``, where users can add languages.  Texts of
fewer than 20 words (a headline) are not judged by their words: too little to judge.  Text mostly in a
non-Latin script (Chinese has no spaces to find words by) is named by its script, however short ("Путин
позвонил Макрону."); judging short texts by their script too calls none more of the 46,997 English texts,
titles and headlines in shared/data (UCDP included), the team corpus and the examples non-English.  A
Latin-script language without a word list passes as English: when in doubt, a document is kept.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Iterator, Optional, Sequence, Union

import yaml

from .. import DATA_DIR
from ..errors import Code, UsageError
from ..model import PUBLISHED_FORMS, Document, ReadError, parse_published

__all__ = [
    "MAX_DOCUMENT_CHARS",
    "LanguageGuess",
    "detect_non_english",
    "document_from_html",
    "document_from_text",
    "is_warning",
    "parse_published",
    "read_inputs",
]

MAX_DOCUMENT_CHARS = 1_000_000  # spaCy's own limit (nlp.max_length)


TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
CORPUS_SUFFIXES = frozenset({".jsonl", ".csv"})

SPLIT_HINT = "split it into documents, e.g. as JSONL rows (one article per line)"

# A UTF-8 character takes at most 4 bytes, so a file under max_chars bytes cannot be too large and one
# over 4 * max_chars bytes certainly is; only files in between are read to count their characters.
_MAX_BYTES_PER_CHAR = 4
# Raw HTML carries markup, scripts and styles around the text: allow this many bytes per text character.
_HTML_BYTES_PER_CHAR = 10
# A JSONL line holds the text as a JSON string (\uXXXX escapes take 6 bytes a character) plus the
# other fields; longer lines are skipped unread.
_JSON_BYTES_PER_CHAR = 6
_ROW_OVERHEAD = 1 << 16

_SNIFF_BYTES = 8192
# Share of control characters (other than tab, line breaks, form feed) above which the first 8 KB look
# binary.  Text has practically none; random bytes have about 12%.
_MAX_CONTROL_SHARE = 0.05
_CONTROL_BYTES = bytes([b for b in range(32) if b not in (9, 10, 11, 12, 13)] + [127])
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")

_UTF_BOMS = (  # longest first: the UTF-32-LE mark begins with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# charset_normalizer's "chaos" (share of odd character sequences) up to which a detected encoding is
# believed when neither UTF-8 nor Windows-1252 fits.
_MAX_DETECTION_CHAOS = 0.1

Outcome = Union[Document, ReadError]
_Warnings = list  # of (reason, message) pairs, turned into ReadErrors once the final doc id is known


# --------------------------------------------------------------------------------------------------
# Public interface


def is_warning(item: object) -> bool:
    """True for a ReadError that does not stop its document (the Document follows it)."""
    return isinstance(item, ReadError) and item.is_warning


def read_inputs(
    inputs: Sequence[str],
    published: Union[str, date, None] = None,
    *,
    stdin: Optional[BinaryIO] = None,
    max_chars: int = MAX_DOCUMENT_CHARS,
    check_language: bool = True,
) -> Iterator[Document | ReadError]:
    """Stream documents in a stable order (inputs in the order given; directory contents sorted by
    relative path; corpus rows in file order).  Never raises for a bad document or a bad path: yields a
    ReadError instead.  ``published`` is the default publication date; a value that is not a date is a
    usage error and raises ValueError at once (before anything is read)."""
    default = _published_argument(published)
    if max_chars < 1:
        raise ValueError(f"max_chars must be positive, not {max_chars}")
    if isinstance(inputs, (str, bytes, os.PathLike)):
        inputs = [inputs]  # one path, not a sequence of characters
    reader = _Reader(default, stdin, max_chars, check_language)
    return reader.read([os.fsdecode(i) for i in inputs])


def document_from_text(
    text: str,
    doc_id: str,
    published: Union[str, date, None] = None,
    *,
    max_chars: int = MAX_DOCUMENT_CHARS,
    check_language: bool = True,
    **meta: Optional[str],
) -> Document | ReadError:
    """A Document from plain text (BOM dropped, CRLF made LF, nothing else changed), or the ReadError
    saying why not.  ``meta``: title, url, source, origin.  A ``published`` that is not a date raises
    ValueError (it is the caller's value, not the document's)."""
    return _from_text(text, doc_id, _published_argument(published), max_chars, check_language, **_meta(meta, doc_id))


def document_from_html(
    html: str | bytes,
    doc_id: str,
    published: Union[str, date, None] = None,
    *,
    max_chars: int = MAX_DOCUMENT_CHARS,
    check_language: bool = True,
    **meta: Optional[str],
) -> Document | ReadError:
    """A Document from the main text of an HTML page, or the ReadError saying why not.  ``published``
    is used when the page's metadata has no date; ``meta`` (title, url, source, origin) overrides
    what the page says.  Warnings (an encoding fallback for bytes) are only reported by read_inputs."""
    _, outcome = _from_html(html, doc_id, _published_argument(published), max_chars, check_language, **_meta(meta, doc_id))
    return outcome


@dataclass(frozen=True)
class LanguageGuess:
    code: str  # ISO 639-1 code, or the Unicode script name (e.g. "CJK") when only the script is known
    name: str
    evidence: str  # why, for the message


def detect_non_english(text: str) -> Optional[LanguageGuess]:
    """The language a text is in when it is confidently not English, else None (English, too short to
    judge, or unknown: when in doubt a document is kept)."""
    english, word_languages, names, scripts = _language_data()
    sample = text[:_LANGUAGE_SAMPLE_CHARS]
    # all-capital words are mostly acronyms ("UN", "US"), which would count as French "un" or Dutch "us"
    words = Counter(w.lower() for w in _WORD.findall(sample) if len(w) == 1 or not w.isupper())
    total = sum(words.values())
    if total >= MIN_WORDS_FOR_LANGUAGE:
        english_hits = 0
        hits: Counter = Counter()
        for word, count in words.items():
            if word in english:
                english_hits += count
            else:
                for code in word_languages.get(word, ()):
                    hits[code] += count
        english_share = english_hits / total
        if hits:
            code = max(names, key=lambda c: hits[c])  # ties go to the first language in the data file
            share = hits[code] / total
            if share >= MIN_FOREIGN_SHARE and share >= FOREIGN_TO_ENGLISH_RATIO * english_share:
                return LanguageGuess(
                    code,
                    names[code],
                    f"{share:.0%} of its words are common {names[code]} words, {english_share:.0%} common English ones",
                )
        if english_share >= MIN_FOREIGN_SHARE:
            return None
    return _non_latin_script(sample, scripts)


# --------------------------------------------------------------------------------------------------
# Language check

_LANGUAGE_DATA = DATA_DIR / "language" / "function_words.yaml"
_LANGUAGE_SAMPLE_CHARS = 20_000
MIN_WORDS_FOR_LANGUAGE = 20  # fewer words (a headline, a caption): too little to judge, kept
MIN_FOREIGN_SHARE = 0.12  # share of another language's function words needed to call a text that language
FOREIGN_TO_ENGLISH_RATIO = 2.0
_MAX_FOREIGN_SCRIPT_SHARE = 0.5
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@lru_cache(maxsize=1)
def _language_data() -> tuple[frozenset, dict[str, tuple[str, ...]], dict[str, str], dict[str, str]]:
    data = yaml.safe_load(_LANGUAGE_DATA.read_text(encoding="utf-8"))
    languages = data["languages"]
    english = frozenset(languages["en"]["words"].split())
    names: dict[str, str] = {}
    word_languages: dict[str, list[str]] = {}
    for code, entry in languages.items():
        if code == "en":
            continue
        names[code] = entry["name"]
        for word in set(entry["words"].split()) - english:
            word_languages.setdefault(word, []).append(code)
    return english, {w: tuple(c) for w, c in word_languages.items()}, names, dict(data.get("scripts") or {})


def _non_latin_script(sample: str, scripts: dict[str, str]) -> Optional[LanguageGuess]:
    letters = 0
    by_script: Counter = Counter()
    for ch in sample:
        if not ch.isalpha():
            continue
        letters += 1
        if ord(ch) >= 0x250:  # beyond Latin Extended-B; the first word of the name is the script
            by_script[unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]] += 1
    if not by_script:  # however short: a text mostly in another script is not English ("Путин позвонил Макрону.")
        return None
    script, count = by_script.most_common(1)[0]
    if script == "LATIN" or sum(n for s, n in by_script.items() if s != "LATIN") / letters <= _MAX_FOREIGN_SCRIPT_SHARE:
        return None
    label = script if len(script) <= 3 else script.title()  # CJK, but Cyrillic
    name = scripts.get(script, f"a language in {label} script")
    return LanguageGuess(script, name, f"{count / letters:.0%} of its letters are in {label} script")


# --------------------------------------------------------------------------------------------------
# Bytes to text


@dataclass
class _Decoded:
    text: Optional[str] = None
    warning: Optional[str] = None  # message of an encoding_fallback warning
    error: Optional[str] = None  # message of an encoding error


def _binary_reason(head: bytes) -> Optional[str]:
    """Why the first bytes of a file look binary, or None."""
    if not head or any(head.startswith(bom) for bom, enc in _UTF_BOMS if enc != "utf-8-sig"):
        return None  # UTF-16/32 text is full of NUL bytes
    if b"\x00" in head:
        return f"NUL bytes in the first {len(head):,} bytes (first at byte offset {head.index(0)})"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls / len(head) > _MAX_CONTROL_SHARE:
        return f"{controls / len(head):.0%} of the first {len(head):,} bytes are control characters"
    return None


def _binary_text_reason(text: str) -> Optional[str]:
    head = text[:_SNIFF_BYTES]
    if "\x00" in head:
        return f"NUL characters (first at character {head.index(chr(0))})"
    controls = len(_CONTROL_CHARS.findall(head))
    if head and controls / len(head) > _MAX_CONTROL_SHARE:
        return f"{controls / len(head):.0%} of the first {len(head):,} characters are control characters"
    return None


def _decode(data: bytes, declared: Optional[str] = None) -> _Decoded:
    for bom, encoding in _UTF_BOMS:
        if data.startswith(bom):
            try:
                return _Decoded(text=data.decode(encoding))
            except UnicodeDecodeError as e:
                if encoding != "utf-8-sig":
                    return _Decoded(error=f"starts with a {encoding.upper()} byte order mark but is not valid {encoding.upper()} (byte offset {e.start}); re-save it as UTF-8")
            break
    try:
        return _Decoded(text=data.decode("utf-8"))
    except UnicodeDecodeError as e:
        first_bad = e.start
    if declared:  # an HTML page's own charset, when it decodes cleanly
        text = _decode_declared(data, declared)
        if text is not None:
            return _Decoded(text=text)
    not_utf8 = f"not valid UTF-8 (first invalid byte at byte offset {first_bad})"

    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    good_non_ascii = len(replaced) - len(replaced.encode("ascii", errors="ignore")) - bad
    if good_non_ascii > bad:  # UTF-8 with a few damaged bytes, not another encoding
        return _Decoded(
            text=replaced,
            warning=f"{not_utf8}: {bad} invalid byte sequence(s) in otherwise UTF-8 text, replaced with U+FFFD; re-save it as UTF-8 to keep those characters",
        )

    import charset_normalizer  # imported here: only non-UTF-8 input needs it

    if charset_normalizer.from_bytes(data, cp_isolation=["cp1252"]).best() is not None:
        text = data.decode("cp1252", errors="strict")
        if not _CONTROL_CHARS.search(text):
            return _Decoded(text=text, warning=f"{not_utf8}; decoded as Windows-1252 (cp1252); if characters look wrong, re-save it as UTF-8")
    best = charset_normalizer.from_bytes(data).best()
    if best is not None and best.chaos <= _MAX_DETECTION_CHAOS:
        text = str(best)
        if not _CONTROL_CHARS.search(text):
            return _Decoded(text=text, warning=f"{not_utf8}; decoded as {best.encoding}, the encoding charset_normalizer detected; re-save it as UTF-8 if that is wrong")
    return _Decoded(error=f"{not_utf8}, and no other encoding decodes it cleanly; re-save it as UTF-8")


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# As browsers do (WHATWG Encoding Standard): pages labelled Latin-1 or ASCII are read as Windows-1252.
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}


def _declared_charset(data: bytes) -> Optional[str]:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    label = match.group(1).decode("ascii", errors="ignore").lower()
    return _CHARSET_ALIASES.get(label, label)


def _decode_declared(data: bytes, encoding: str) -> Optional[str]:
    try:
        text = data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None
    return None if _CONTROL_CHARS.search(text) else text


# --------------------------------------------------------------------------------------------------
# Building documents


def _meta(meta: dict, doc_id: str) -> dict:
    unknown = set(meta) - {"title", "url", "source", "origin"}
    if unknown:
        raise TypeError(f"unknown document field(s): {', '.join(sorted(unknown))}")
    return {"title": meta.get("title"), "url": meta.get("url"), "source": meta.get("source"), "origin": meta.get("origin") or doc_id}


def _published_argument(published: Union[str, date, None]) -> Optional[date]:
    if published is None:
        return None
    parsed = parse_published(published)
    if parsed is None:
        raise UsageError(Code.BAD_DATE, f"published {published!r} is not a date: give {PUBLISHED_FORMS}")
    return parsed


def _from_text(
    text: str,
    doc_id: str,
    published: Optional[date],
    max_chars: int,
    check_language: bool,
    *,
    title: Optional[str] = None,
    url: Optional[str] = None,
    source: Optional[str] = None,
    origin: str,
) -> Outcome:
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n")
    if not text.strip():
        return ReadError(doc_id, origin, Code.EMPTY, "the document is empty or only whitespace; nothing to code")
    if len(text) > max_chars:
        return ReadError(doc_id, origin, Code.TOO_LARGE, f"text has {len(text):,} characters, over the limit of {max_chars:,}; {SPLIT_HINT}")
    binary = _binary_text_reason(text)
    if binary:
        return ReadError(doc_id, origin, Code.BINARY, f"the text looks binary: {binary}; give plain text")
    if check_language:
        guess = detect_non_english(text)
        if guess is not None:
            return ReadError(doc_id, origin, Code.NOT_ENGLISH, f"looks like {guess.name} ({guess.evidence}); only English is supported for now")
    return Document(id=doc_id, text=text, published=published, title=title, url=url, source=source, origin=origin)


# Figures hold images and their captions; a caption is not part of the story and must not run into it.
_PRUNE_XPATH = ["//figure", "//figcaption"]
# Only the page's markup (meta tags, time elements, structured data), never dates guessed from the
# text; a fixed upper bound instead of "today" keeps the result independent of when it runs.
_DATE_PARAMS = {"original_date": True, "extensive_search": False, "max_date": "2099-12-31"}
_BLOCK_TAGS = frozenset({"p", "head", "list", "item", "quote", "table", "row", "cell", "code", "div"})
_SPACES = re.compile(r"[^\S\n]+")
_LINE_BREAKS = re.compile(r" *\n[\n ]*")
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")


def _from_html(
    html: str | bytes, doc_id: str, published: Optional[date], max_chars: int, check_language: bool, **meta: Optional[str]
) -> tuple[_Warnings, Outcome]:
    """As _from_text, for a page: ``meta`` (title, url, source, origin) beats what the page says."""
    origin = meta["origin"]
    warnings: _Warnings = []
    if isinstance(html, bytes):
        if not html.strip():
            return warnings, ReadError(doc_id, origin, Code.EMPTY, "the HTML is empty; nothing to code")
        binary = _binary_reason(html[:_SNIFF_BYTES])
        if binary:
            return warnings, ReadError(doc_id, origin, Code.BINARY, f"looks like a binary file, not HTML: {binary}")
        decoded = _decode(html, declared=_declared_charset(html))
        if decoded.error:
            return warnings, ReadError(doc_id, origin, Code.ENCODING, decoded.error)
        if decoded.warning:
            warnings.append((Code.ENCODING_FALLBACK, decoded.warning))
        html = decoded.text
    if html.startswith("\ufeff"):
        html = html[1:]
    if not html.strip():
        return warnings, ReadError(doc_id, origin, Code.EMPTY, "the HTML is empty; nothing to code")

    try:
        tree = _parse_html(html)
        if tree is None:
            return warnings, ReadError(doc_id, origin, Code.MALFORMED, "the HTML could not be parsed; check that it is an HTML page")
        extracted = _extract(tree)
    except Exception as e:  # lxml and trafilatura raise assorted errors on pathological pages; one page must not stop the batch
        return warnings, ReadError(doc_id, origin, Code.MALFORMED, f"the HTML could not be processed ({type(e).__name__}: {e}); check that it is an HTML page")
    paragraphs: list[str] = []
    if extracted is not None and extracted.body is not None:
        for element in extracted.body:
            _collect_paragraphs(element, paragraphs)
    if not paragraphs:
        return warnings, ReadError(doc_id, origin, Code.NO_TEXT, "no main text found in the HTML (only navigation, boilerplate or nothing); give the article text as .txt instead")
    outcome = _from_text(
        "\n\n".join(paragraphs),
        doc_id,
        parse_published(extracted.date) or published,
        max_chars,
        check_language,
        title=meta.get("title") or _clean(extracted.title),
        url=meta.get("url") or _clean(extracted.url),
        source=meta.get("source") or _clean(extracted.sitename) or _clean(extracted.hostname),
        origin=origin,
    )
    return warnings, outcome


def _extract(tree):
    import trafilatura  # imported here: plain-text runs need not pay for it

    return trafilatura.bare_extraction(
        tree,
        favor_precision=True,  # a stray "Sign up" or menu line coded as an event is worse than a lost one
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_formatting=False,
        include_links=False,
        with_metadata=True,
        prune_xpath=_PRUNE_XPATH,
        date_extraction_params=_DATE_PARAMS,
    )


def _parse_html(html: str):
    import lxml.html
    from lxml import etree
    from trafilatura import load_html

    # the text is already decoded, so the declaration's encoding is spent; left in, it trips the parser
    html = _XML_DECLARATION.sub("", html, count=1)
    tree = load_html(html)
    if tree is not None:
        return tree
    # trafilatura declines short fragments ("<p>One paragraph.</p>"); lxml takes them
    try:
        return lxml.html.document_fromstring(html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def _clean(value: Optional[str]) -> Optional[str]:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _collect_paragraphs(element, out: list[str]) -> None:
    """Blocks of trafilatura's output tree as paragraphs: a container gives its blocks, a table row its
    cells on one line, anything else its text."""
    if element.tag == "graphic":
        return
    if element.tag == "row":
        cells = [_inline_text(cell) for cell in element if cell.tag == "cell"]
        _add_paragraph(" | ".join(c for c in cells if c), out)
        return
    if not any(child.tag in _BLOCK_TAGS for child in element):
        _add_paragraph(_inline_text(element), out)
        return
    pending = [element.text or ""]
    for child in element:
        if child.tag in _BLOCK_TAGS:
            _add_paragraph("".join(pending), out)
            _collect_paragraphs(child, out)
            pending = [child.tail or ""]
        else:
            pending.append(_inline_text(child) + (child.tail or ""))
    _add_paragraph("".join(pending), out)


def _inline_text(element) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag == "graphic":
            pass
        else:
            inner = _inline_text(child)
            parts.append(f" {inner} " if child.tag in _BLOCK_TAGS else inner)
        parts.append(child.tail or "")
    return "".join(parts)


def _add_paragraph(text: str, out: list[str]) -> None:
    # HTML whitespace carries no meaning: runs become one space; a <br> stays a line break (not a blank
    # line, which would split the paragraph)
    text = _LINE_BREAKS.sub("\n", _SPACES.sub(" ", text)).strip()
    if text:
        out.append(text)


# --------------------------------------------------------------------------------------------------
# Streams


class _LineTooLong(Exception):
    def __init__(self, length: int):
        super().__init__(length)
        self.length = length


class _CappedLines:
    """Lines of a stream, each read only up to ``cap``: a longer line is skipped in chunks without
    being held, and reported by raising _LineTooLong from __next__ (iteration may go on after it)."""

    def __init__(self, stream, cap: int):
        self.stream = stream
        self.cap = cap
        self.count = 0  # lines produced or skipped so far: the number of the last one

    def __iter__(self):
        return self

    def __next__(self):
        line = self.stream.readline(self.cap + 1)
        if not line:
            raise StopIteration
        self.count += 1
        newline = "\n" if isinstance(line, str) else b"\n"
        if len(line) <= self.cap or line.endswith(newline):
            return line
        length = len(line)
        while not line.endswith(newline):
            line = self.stream.readline(1 << 20)
            if not line:
                break
            length += len(line)
        raise _LineTooLong(length)


_SURROGATES = re.compile("[\udc80-\udcff]")
_HTML_START = re.compile(rb"\s*(<!doctype\s+html|<html|<\?xml)", re.IGNORECASE)


class _Reader:
    def __init__(self, default_published: Optional[date], stdin: Optional[BinaryIO], max_chars: int, check_language: bool):
        self.default_published = default_published
        self.stdin = stdin
        self.max_chars = max_chars
        self.check_language = check_language
        self.seen: dict[str, str] = {}  # doc id -> origin of the document that has it

    # ---- dispatch

    def read(self, inputs: list[str]) -> Iterator[Outcome]:
        for raw in inputs:
            if raw == "-":
                yield from self._stdin()
            else:
                yield from self._path(raw)

    def _path(self, raw: str) -> Iterator[Outcome]:
        path = Path(raw)
        doc_id = path.stem or raw
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
        except (OSError, ValueError) as e:  # ValueError: a NUL character in the path
            yield ReadError(doc_id, raw, Code.UNREADABLE, f"cannot look at it: {getattr(e, 'strerror', None) or e}")
            return
        if not exists:
            yield ReadError(doc_id, raw, Code.NOT_FOUND, "no such file or directory")
        elif is_dir:
            yield from self._directory(path, raw)
        else:
            yield from self._file(path, doc_id, raw, fallback_id=path.name)

    def _directory(self, root: Path, raw: str) -> Iterator[Outcome]:
        files: list[tuple[str, Path]] = []
        problems: list[ReadError] = []

        def walk_error(e: OSError) -> None:
            where = e.filename or raw
            problems.append(ReadError(Path(where).name, str(where), Code.UNREADABLE, f"cannot list the directory: {e.strerror or e}"))

        for dirpath, dirnames, filenames in os.walk(root, onerror=walk_error):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]  # .git, .ipynb_checkpoints ...
            for name in filenames:
                if not name.startswith("."):  # .DS_Store and other hidden files are not documents
                    path = Path(dirpath) / name
                    files.append((path.relative_to(root).as_posix(), path))
        yield from problems
        if not files and not problems:
            yield ReadError(root.name or raw, raw, Code.EMPTY, "the directory holds no files; give .txt, .html, .jsonl or .csv files")
        for relative, path in sorted(files, key=lambda f: f[0]):
            doc_id = relative[: -len(path.suffix)] if path.suffix else relative
            yield from self._file(path, doc_id, str(path), fallback_id=relative)

    def _file(self, path: Path, doc_id: str, origin: str, fallback_id: str) -> Iterator[Outcome]:
        suffix = path.suffix.lower()
        if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | CORPUS_SUFFIXES:
            kind = f"'{path.suffix}'" if path.suffix else "without an extension"
            yield ReadError(doc_id, origin, Code.UNSUPPORTED, f"unsupported file type {kind}; give .txt, .html/.htm, .jsonl or .csv files")
            return
        try:
            if suffix in CORPUS_SUFFIXES:
                yield from self._corpus_file(path, doc_id, origin)
                return
            size = path.stat().st_size
            is_html = suffix in HTML_SUFFIXES
            limit = self.max_chars * (_HTML_BYTES_PER_CHAR if is_html else _MAX_BYTES_PER_CHAR)
            if size == 0:
                yield ReadError(doc_id, origin, Code.EMPTY, "the file is empty; nothing to code")
                return
            if size > limit:
                what = f"{self.max_chars * _HTML_BYTES_PER_CHAR:,} bytes of HTML" if is_html else f"{self.max_chars:,} characters"
                yield ReadError(doc_id, origin, Code.TOO_LARGE, f"the file is {size:,} bytes, more than the limit of {what}; {SPLIT_HINT}")
                return
            data = path.read_bytes()
        except OSError as e:
            yield ReadError(doc_id, origin, Code.UNREADABLE, f"cannot read it: {e.strerror or e}")
            return
        yield from self._bytes_document(data, doc_id, origin, fallback_id, is_html)

    def _bytes_document(self, data: bytes, doc_id: str, origin: str, fallback_id: str, is_html: bool) -> Iterator[Outcome]:
        if is_html:
            warnings, outcome = _from_html(data, doc_id, self.default_published, self.max_chars, self.check_language, origin=origin)
            yield from self._emit(warnings, outcome, fallback_id)
            return
        if not data.strip():
            yield ReadError(doc_id, origin, Code.EMPTY, "the document is empty or only whitespace; nothing to code")
            return
        binary = _binary_reason(data[:_SNIFF_BYTES])
        if binary:
            yield ReadError(doc_id, origin, Code.BINARY, f"looks like a binary file, not text: {binary}; give .txt, .html, .jsonl or .csv")
            return
        decoded = _decode(data)
        if decoded.error:
            yield ReadError(doc_id, origin, Code.ENCODING, decoded.error)
            return
        warnings = [(Code.ENCODING_FALLBACK, decoded.warning)] if decoded.warning else []
        outcome = _from_text(decoded.text, doc_id, self.default_published, self.max_chars, self.check_language, origin=origin)
        yield from self._emit(warnings, outcome, fallback_id)

    def _stdin(self) -> Iterator[Outcome]:
        stream = self.stdin if self.stdin is not None else getattr(sys.stdin, "buffer", None)
        if stream is None:
            yield ReadError("stdin", "<stdin>", Code.NOT_FOUND, "there is no standard input to read")
            return
        lines = _CappedLines(stream, self._line_cap())
        try:
            first = next(lines, b"")
        except _LineTooLong as e:
            yield ReadError("stdin", "<stdin>", Code.TOO_LARGE, f"standard input has a line of {e.length:,} bytes; {SPLIT_HINT}")
            return
        if _looks_like_jsonl_row(first):
            yield from self._jsonl_rows(lines, "stdin", "stdin", "<stdin>", first)
            return
        limit = self.max_chars * _HTML_BYTES_PER_CHAR
        data = first + stream.read(limit + 1 - len(first))
        is_html = bool(_HTML_START.match(data[:1024].lstrip(codecs.BOM_UTF8)))
        if len(data) > limit or (not is_html and len(data) > self.max_chars * _MAX_BYTES_PER_CHAR):
            size = f"more than {limit:,}" if len(data) > limit else f"{len(data):,}"
            yield ReadError("stdin", "<stdin>", Code.TOO_LARGE, f"standard input is {size} bytes, more than a text of at most {self.max_chars:,} characters; {SPLIT_HINT}")
            return
        yield from self._bytes_document(data, "stdin", "<stdin>", "stdin", is_html)

    # ---- corpora

    def _line_cap(self) -> int:
        return self.max_chars * _JSON_BYTES_PER_CHAR + _ROW_OVERHEAD

    def _corpus_file(self, path: Path, file_id: str, origin: str) -> Iterator[Outcome]:
        """Rows of a JSONL or CSV corpus; a row without an id is <file stem>:<line>, and problems with
        the file as a whole are reported under ``file_id``."""
        is_jsonl = path.suffix.lower() == ".jsonl"
        with path.open("rb") as stream:
            binary = _binary_reason(stream.read(_SNIFF_BYTES))
            if binary:
                kind = "JSONL" if is_jsonl else "CSV"
                yield ReadError(file_id, origin, Code.BINARY, f"looks like a binary file, not {kind}: {binary}")
                return
            stream.seek(0)
            if is_jsonl:
                yield from self._jsonl_rows(_CappedLines(stream, self._line_cap()), path.stem, file_id, origin)
            else:
                yield from self._csv_rows(stream, path.stem, file_id, origin)

    def _jsonl_rows(self, lines: _CappedLines, stem: str, file_id: str, origin: str, first: Optional[bytes] = None) -> Iterator[Outcome]:
        any_rows = False
        pending = [first] if first is not None else []
        while True:
            try:
                line = pending.pop() if pending else next(lines)
            except StopIteration:
                break
            except _LineTooLong as e:
                any_rows = True
                n = lines.count
                yield ReadError(f"{stem}:{n}", f"{origin}:{n}", Code.TOO_LARGE, f"line {n} is {e.length:,} bytes long, too long for a text of at most {self.max_chars:,} characters; {SPLIT_HINT}")
                continue
            n = lines.count
            if n == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8):]
            if not line.strip():
                continue
            any_rows = True
            row_origin = f"{origin}:{n}"
            decoded = _decode(line)
            if decoded.error:
                yield ReadError(f"{stem}:{n}", row_origin, Code.ENCODING, f"line {n} is {decoded.error}")
                continue
            try:
                row = json.loads(decoded.text)
            except json.JSONDecodeError as e:
                yield ReadError(f"{stem}:{n}", row_origin, Code.MALFORMED, f"line {n} is not valid JSON ({e.msg} at column {e.colno}); fix or remove that line")
                continue
            except RecursionError:
                yield ReadError(f"{stem}:{n}", row_origin, Code.MALFORMED, f"line {n} is JSON nested too deeply to read; fix or remove that line")
                continue
            if not isinstance(row, dict):
                yield ReadError(f"{stem}:{n}", row_origin, Code.MALFORMED, f"line {n} is a JSON {type(row).__name__}, not an object with an id and a text; fix or remove that line")
                continue
            warnings = [(Code.ENCODING_FALLBACK, f"line {n} is {decoded.warning}")] if decoded.warning else []
            yield from self._row(row, n, stem, row_origin, warnings)
        if not any_rows:
            yield ReadError(file_id, origin, Code.EMPTY, "the corpus has no rows; nothing to code")

    def _csv_rows(self, raw: BinaryIO, stem: str, file_id: str, origin: str) -> Iterator[Outcome]:
        # surrogateescape keeps undecodable bytes, so each row's text can be decoded on its own
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape", newline="")
        lines = _CappedLines(text, self._line_cap())
        field_limit = max(self.max_chars, MAX_DOCUMENT_CHARS) * _MAX_BYTES_PER_CHAR
        if csv.field_size_limit() < field_limit:  # a process-wide setting: only ever raised
            csv.field_size_limit(field_limit)  # the default 128 KB is less than one long article
        reader = csv.reader(lines)
        try:
            header = next(reader, None)
        except (csv.Error, _LineTooLong) as e:
            problem = "is too long" if isinstance(e, _LineTooLong) else f"could not be parsed ({e})"
            yield ReadError(file_id, origin, Code.MALFORMED, f"the header line {problem}; the first line must name the columns")
            return
        if header is None:
            yield ReadError(file_id, origin, Code.EMPTY, "the CSV file is empty; nothing to code")
            return
        columns = [_SURROGATES.sub("?", name).strip().lower() for name in header]
        if "text" not in columns and "html" not in columns:
            yield ReadError(file_id, origin, Code.MALFORMED, f"no 'text' or 'html' column (columns: {', '.join(columns) or 'none'}); name the column holding the documents 'text'")
            return
        any_rows = False
        while True:
            n = lines.count + 1  # the line where the row starts
            try:
                values = next(reader)
            except StopIteration:
                break
            except _LineTooLong as e:
                any_rows = True
                yield ReadError(f"{stem}:{n}", f"{origin}:{n}", Code.TOO_LARGE, f"line {n} is {e.length:,} characters long, too long for a text of at most {self.max_chars:,} characters; {SPLIT_HINT}")
                continue
            except csv.Error as e:
                any_rows = True
                too_big = "field larger than field limit" in str(e)
                yield ReadError(
                    f"{stem}:{n}",
                    f"{origin}:{n}",
                    Code.TOO_LARGE if too_big else Code.MALFORMED,
                    f"a field of the row at line {n} is over the limit of {self.max_chars:,} characters; {SPLIT_HINT}"
                    if too_big
                    else f"the row at line {n} could not be parsed ({e}); check its quoting",
                )
                continue
            if not any(v.strip() for v in values):
                continue
            any_rows = True
            yield from self._csv_row(values, columns, n, stem, f"{origin}:{n}")
        if not any_rows:
            yield ReadError(file_id, origin, Code.EMPTY, "the CSV file has a header but no rows; nothing to code")

    def _csv_row(self, values: list[str], columns: list[str], n: int, stem: str, row_origin: str) -> Iterator[Outcome]:
        if len(values) != len(columns):
            yield ReadError(f"{stem}:{n}", row_origin, Code.MALFORMED, f"the row at line {n} has {len(values)} fields but the header names {len(columns)}; check its quoting and commas")
            return
        warnings: _Warnings = []
        fixed = []
        for column, value in zip(columns, values):
            if _SURROGATES.search(value):
                decoded = _decode(value.encode("utf-8", errors="surrogateescape"))
                where = f"the '{column}' field of the row at line {n}"
                if decoded.error:
                    yield ReadError(f"{stem}:{n}", row_origin, Code.ENCODING, f"{where} is {decoded.error}")
                    return
                if not warnings:
                    warnings.append((Code.ENCODING_FALLBACK, f"{where} is {decoded.warning}"))
                value = decoded.text
            fixed.append(value)
        yield from self._row(dict(zip(columns, fixed)), n, stem, row_origin, warnings)

    def _row(self, row: dict, n: int, stem: str, origin: str, warnings: _Warnings) -> Iterator[Outcome]:
        fallback_id = f"{stem}:{n}"
        raw_id = row.get("id")
        doc_id = str(raw_id).strip() if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) else ""
        doc_id = doc_id or fallback_id
        text, html = row.get("text"), row.get("html")
        for name, value in (("text", text), ("html", html)):
            if value is not None and not isinstance(value, str):
                yield ReadError(doc_id, origin, Code.MALFORMED, f"the '{name}' field of line {n} is a {type(value).__name__}, not a string")
                return
        if text is None and html is None:
            fields = ", ".join(str(k) for k in row) or "none"
            yield ReadError(doc_id, origin, Code.MALFORMED, f"line {n} has no 'text' or 'html' field (fields: {fields}); give the document under 'text'")
            return

        row_published = None
        raw_published = row.get("published")
        if raw_published not in (None, ""):
            row_published = parse_published(raw_published)
            if row_published is None:
                default = self.default_published or "no date"
                warnings.append((Code.BAD_PUBLISHED, f"published {raw_published!r} on line {n} is not a date ({PUBLISHED_FORMS}); used {default} instead"))
        meta = {key: _clean(row.get(key)) for key in ("title", "url", "source")}

        if html is not None and not (text or "").strip():
            html_warnings, outcome = _from_html(html, doc_id, self.default_published, self.max_chars, self.check_language, origin=origin, **meta)
            warnings.extend(html_warnings)
            if row_published and isinstance(outcome, Document):
                outcome.published = row_published  # the row's own date beats the page's metadata
        else:
            published = row_published or self.default_published
            outcome = _from_text(text, doc_id, published, self.max_chars, self.check_language, origin=origin, **meta)
        yield from self._emit(warnings, outcome, fallback_id)

    # ---- ids and warnings

    def _emit(self, warnings: _Warnings, outcome: Outcome, fallback_id: str) -> Iterator[Outcome]:
        """Warnings then the document, under an id not used before in this call; an error alone."""
        if isinstance(outcome, ReadError):
            yield outcome
            return
        doc = outcome
        if doc.id in self.seen:
            new_id, k = fallback_id, 2
            while new_id in self.seen:
                new_id, k = f"{fallback_id}~{k}", k + 1
            warnings = [(Code.DUPLICATE_ID, f"the id '{doc.id}' is already used by {self.seen[doc.id]}; this document is '{new_id}'")] + warnings
            doc.id = new_id
        self.seen[doc.id] = doc.origin or doc.id
        for reason, message in warnings:
            yield ReadError(doc.id, doc.origin or doc.id, reason, message)
        yield doc


def _looks_like_jsonl_row(line: bytes) -> bool:
    """Whether stdin's first line is a corpus row ({"id": ..., "text": ...}) rather than text."""
    if not line.lstrip(codecs.BOM_UTF8).lstrip().startswith(b"{"):
        return False
    try:
        row = json.loads(line.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(row, dict) and ("text" in row or "html" in row)
