"""Property-based tests (Hypothesis) where a bug would hide: offsets, parsers on odd input, readers on any bytes,
and the store's independence from the order of ingest.

Reproducible in CI: every test is derandomized (the same examples on every run), has a bounded number of examples
and no deadline (the CPU is shared; time is for benchmarks/, not tests).
"""
from __future__ import annotations

import io
import json
import random
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_factories import ScriptedCoder
from test_store import snapshot

from sanderling.coder import magnitudes
from sanderling.coder import parse as nlp
from sanderling.coder.dates import DateFinder
from sanderling.coder.numbers import digits_value, word_value
from sanderling.coder.pipeline import DocumentResult
from sanderling.model import Document, ReadError
from sanderling.read import document_from_text, read_inputs
from sanderling.read.textnorm import normalize
from sanderling.store import EventStore, ingest

REPO = Path(__file__).resolve().parents[1]
PROPERTY = settings(derandomize=True, deadline=None, max_examples=60, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
SLOW = settings(PROPERTY, max_examples=12)

# ------------------------------------------------------------------------------------------------ text normaliser

TEXT = st.lists(st.sampled_from(list("ab Z.,é\u00a0\t\n\r\u2003") + ["\n\n", "  ", "word"]), max_size=40).map("".join)


@PROPERTY
@given(TEXT)
def test_normalised_offsets_map_back_to_the_same_characters(original):
    norm = normalize(original)
    mapped = [norm.to_original(i) for i in range(len(norm.text) + 1)]
    assert mapped == sorted(mapped) and all(0 <= m <= len(original) for m in mapped)
    for i, ch in enumerate(norm.text):
        if not ch.isspace():
            assert original[norm.to_original(i)] == ch
    words = norm.text.split()
    assert words == original.split()  # only whitespace changes
    start = 0
    for w in words:  # every word's span maps back onto the same word
        s = norm.text.index(w, start)
        start = s + len(w)
        os_, oe = norm.span_to_original(s, start)
        assert original[os_:oe] == w


# ------------------------------------------------------------------------------------------------ numbers, dates

NUMBER_WORDS = ["two", "twenty-five", "a", "hundred", "dozens", "of", "thousands", "1,200", "3bn", "1.5", "million",
                "at", "least", "more", "than", "about", "some", "no", "one", "half", "0", "-7", "1e9", "seven", "IV"]
DATE_WORDS = ["on", "Monday", "last", "week", "July", "1", "2025", "in", "March", "days", "after", "the", "call",
              "since", "September", "2022", "two", "years", "ago", "early", "summer", "next", "Friday", "12/31",
              "1999", "mid-2024", "this", "month", "earlier", "31", "February", "29", "2023", "hours", "before"]
EVENT_WORDS = ["killed", "people", "were", "injured", "protesters", "rallied", "drones", "missiles", "fired", "troops",
               "police", "said", ",", "."]


def sentence(words):
    return st.lists(st.sampled_from(words + EVENT_WORDS), min_size=1, max_size=14).map(" ".join)


@PROPERTY
@given(st.text(max_size=30))
def test_number_readers_take_any_text(text):
    for value in (digits_value(text), word_value(text)):
        assert value is None or isinstance(value, float)


@pytest.fixture(scope="module")
def finder():
    return DateFinder()


@SLOW
@given(sentence(DATE_WORDS + NUMBER_WORDS), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)))
def test_dates_never_crash_and_stay_inside_the_text(finder, text, published):
    doc = next(nlp.parse([text]))
    for m in finder.find(doc, published):
        assert 0 <= m.start < m.end <= len(doc.text) and doc.text[m.start:m.end] == m.text
        if m.info is not None and m.info.earliest and m.info.latest and len(m.info.earliest) == 10:
            assert m.info.earliest <= m.info.latest


@SLOW
@given(sentence(NUMBER_WORDS))
def test_magnitudes_never_crash_and_stay_inside_the_text(text):
    doc = next(nlp.parse([text]))
    for sent in doc.sents:
        found = list(magnitudes.casualties(sent).values()) + magnitudes.quantities(sent)
        found += [c for c in (magnitudes.crowd_size(sent),) if c is not None]
        for c in found:
            assert 0 <= c.start < c.end <= len(doc.text) and doc.text[c.start:c.end] == c.text
            assert c.value >= 0


# ------------------------------------------------------------------------------------------------ readers


@PROPERTY
@given(st.binary(max_size=600), st.sampled_from([".txt", ".html", ".jsonl", ".csv", ".htm", ".pdf"]))
def test_readers_report_an_error_for_any_bytes_instead_of_raising(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        items = list(read_inputs([str(path)], "2025-07-05"))
        stdin = list(read_inputs(["-"], stdin=io.BytesIO(data)))
    for item in items + stdin:
        assert isinstance(item, (Document, ReadError))
        if isinstance(item, ReadError):
            assert item.reason and item.message and item.doc_id
        else:
            assert item.text.strip() and (item.published is None or isinstance(item.published, date))


@PROPERTY
@given(st.text(max_size=200))
def test_a_text_is_a_document_or_says_why_not(text):
    item = document_from_text(text, "t")
    assert isinstance(item, ReadError) or item.text.strip()


# ------------------------------------------------------------------------------------------------ the store


class ReplayCoder:
    """The real coder's results, coded once, handed back whatever order the documents come in."""

    def __init__(self, results: dict[str, DocumentResult]):
        self.results = results

    def code(self, docs, batch_size=32):
        for doc in docs:
            yield self.results[doc.id]


def _coded(docs: list[Document]) -> ReplayCoder:
    from sanderling.coder.pipeline import Coder

    return ReplayCoder({r.document.id: r for r in Coder.load().code(docs)})


@pytest.fixture(scope="module")
def reports():
    docs = [d for d in read_inputs([str(REPO / "examples" / "reports.jsonl")]) if isinstance(d, Document)]
    return docs, _coded(docs)


@pytest.fixture(scope="module")
def corpus_sample():
    """60 stories of the team corpus, a document each, several of them about the same events."""
    rows = [json.loads(line) for line in (REPO / "corpus" / "events-v1" / "part-b.jsonl").read_text("utf-8").splitlines()]
    rows = random.Random(11).sample(rows, 60)
    docs = [Document(id=r["id"], text=r["text"], published=r.get("published"), source="team") for r in rows]
    return docs, _coded(docs)


def _store_of(docs, coder, tmp) -> dict:
    path = Path(tmp) / "store.duckdb"
    with EventStore.open(path) as store:
        ingest(store, docs, coder=coder, commit_every=7)
    return snapshot(path)


def _same_store_whatever_the_order(docs, coder, order):
    with tempfile.TemporaryDirectory() as tmp_a, tempfile.TemporaryDirectory() as tmp_b:
        assert _store_of([docs[i] for i in order], coder, tmp_a) == _store_of(docs, coder, tmp_b)


@settings(PROPERTY, max_examples=6)
@given(st.data())
def test_the_reports_make_the_same_store_in_any_order(reports, data):
    docs, coder = reports
    _same_store_whatever_the_order(docs, coder, data.draw(st.permutations(range(len(docs)))))


@settings(PROPERTY, max_examples=4)
@given(st.data())
def test_a_corpus_sample_makes_the_same_store_in_any_order(corpus_sample, data):
    docs, coder = corpus_sample
    _same_store_whatever_the_order(docs, coder, data.draw(st.permutations(range(len(docs)))))


def test_the_replayed_scripted_corpus_is_order_free_too():
    """The same check on the hand-coded store corpus, so the property test's helper is itself tested."""
    from store_factories import corpus_documents

    docs = corpus_documents()
    coder = ReplayCoder({r.document.id: r for r in ScriptedCoder().code(docs)})
    _same_store_whatever_the_order(docs, coder, list(reversed(range(len(docs)))))
