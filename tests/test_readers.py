"""Reading input documents: every bad input is generated here, reported once, and never costs a good
neighbour its place."""
from __future__ import annotations

import io
from datetime import date
import json
import random
import tracemalloc
from pathlib import Path

import pytest

from sanderling.model import Document, ReadError
from sanderling.read.readers import (
    MAX_DOCUMENT_CHARS,
    detect_non_english,
    document_from_html,
    document_from_text,
    is_warning,
    parse_published,
    read_inputs,
)

REFERENCE = Path(__file__).parent / "data" / "reference" / "putin-macron-call.txt"

ENGLISH = (
    "Russian President Vladimir Putin and French President Emmanuel Macron spoke by phone on Tuesday, "
    "their first conversation in almost three years, the Kremlin said.\n\n"
    "The two leaders discussed the war in Ukraine and the situation in the Middle East.\n"
)
FRENCH = (
    "Le président russe Vladimir Poutine et le président français Emmanuel Macron se sont entretenus mardi "
    "par téléphone, pour la première fois depuis près de trois ans, a annoncé le Kremlin.\n\n"
    "Les deux dirigeants ont évoqué la guerre en Ukraine et la situation au Proche-Orient lors d'un appel "
    "qui a duré plus de deux heures. Selon l'Élysée, M. Macron a appelé à un cessez-le-feu en Ukraine.\n"
)
GERMAN = (
    "Der russische Präsident Wladimir Putin und der französische Präsident Emmanuel Macron haben am Dienstag "
    "zum ersten Mal seit fast drei Jahren miteinander telefoniert, wie der Kreml mitteilte.\n\n"
    "Die beiden Staatschefs sprachen über den Krieg in der Ukraine und die Lage im Nahen Osten. Das Gespräch "
    "dauerte mehr als zwei Stunden.\n"
)
ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Putin and Macron speak by phone | Example News</title>
<meta property="og:title" content="Putin and Macron speak by phone">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2025-07-01T14:05:00+02:00">
<link rel="canonical" href="https://news.example.org/world/putin-macron-call">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Putin and Macron speak for the first time in three years</h1>
<figure><img src="kremlin.jpg"><figcaption>Vladimir Putin in the Kremlin on Monday. Photo: Reuters</figcaption></figure>
<p>Russian President Vladimir Putin and French President Emmanuel Macron spoke by phone on Tuesday,
   their first conversation in almost three years, the Kremlin said.</p>
<p>The two leaders discussed the war in Ukraine and the situation in the Middle East during a call
   that lasted more than two hours.</p>
<p>Macron urged a ceasefire in Ukraine "as soon as possible", according to the Elysee Palace.</p>
</article>
<footer>Copyright 2025 Example News. All rights reserved.</footer>
</body></html>
"""
ARTICLE_TEXT = (
    "Putin and Macron speak for the first time in three years\n\n"
    "Russian President Vladimir Putin and French President Emmanuel Macron spoke by phone on Tuesday, "
    "their first conversation in almost three years, the Kremlin said.\n\n"
    "The two leaders discussed the war in Ukraine and the situation in the Middle East during a call "
    "that lasted more than two hours.\n\n"
    'Macron urged a ceasefire in Ukraine "as soon as possible", according to the Elysee Palace.'
)
NAV_ONLY_HTML = """<html><head><title>Example News</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<footer><a href="/privacy">Privacy</a></footer></body></html>"""


def summary(items):
    """(kind, id, reason) for each item, in order: what a test of the batch asserts."""
    return [("doc", x.id, None) if isinstance(x, Document) else ("err", x.doc_id, x.reason) for x in items]


def read(*inputs, **kwargs):
    return list(read_inputs([str(i) for i in inputs], **kwargs))


# ---------------------------------------------------------------------------------------- plain text


def test_single_text_file_keeps_text_and_takes_the_file_stem_as_id(tmp_path):
    path = tmp_path / "putin-macron-call.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ENGLISH.replace("\n", "\r\n").encode("utf-8"))
    [doc] = read(path, published="2025-07-05")
    assert doc == Document(id="putin-macron-call", text=ENGLISH, published=date(2025, 7, 5), origin=str(path))


def test_reference_article_is_read_verbatim():
    [doc] = read(REFERENCE)
    assert doc.id == "putin-macron-call"
    assert doc.text == REFERENCE.read_text(encoding="utf-8").replace("\r\n", "\n")
    assert doc.published is None


def test_empty_and_whitespace_only_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\r\n\t \n")
    items = read(tmp_path / "empty.txt", tmp_path / "blank.txt")
    assert summary(items) == [("err", "empty", "empty"), ("err", "blank", "empty")]
    assert str(items[0]) == f"empty: empty: the file is empty; nothing to code ({tmp_path / 'empty.txt'})"


def test_binary_files(tmp_path):
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    rng = random.Random(3)
    controls = bytes(rng.choice(b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x1b\x7f") for _ in range(300))
    (tmp_path / "noise.txt").write_bytes(b"header line\n" + controls + b" more words here " * 20)
    items = read(tmp_path / "image.txt", tmp_path / "noise.txt")
    assert summary(items) == [("err", "image", "binary"), ("err", "noise", "binary")]
    assert "NUL bytes" in items[0].message and "byte offset 8" in items[0].message
    assert "control characters" in items[1].message


def test_cp1252_text_is_decoded_with_a_warning_naming_the_first_invalid_byte(tmp_path):
    text = "The minister\u2019s statement \u2014 issued in Paris \u2014 said caf\u00e9 owners were \u201cconcerned\u201d.\n"
    path = tmp_path / "windows.txt"
    path.write_bytes(text.encode("cp1252"))
    warning, doc = read(path)
    assert is_warning(warning) and warning.reason == "encoding_fallback" and warning.doc_id == "windows"
    assert "first invalid byte at byte offset 12" in warning.message  # the right single quote, 0x92
    assert "Windows-1252" in warning.message
    assert isinstance(doc, Document) and doc.id == "windows" and doc.text == text


def test_random_high_bytes_are_an_encoding_error(tmp_path):
    rng = random.Random(11)
    path = tmp_path / "garbage.txt"
    path.write_bytes(b"Dateline: " + bytes(rng.randrange(0xA0, 0x100) for _ in range(3000)))
    [err] = read(path)
    assert (err.doc_id, err.reason) == ("garbage", "encoding")
    assert "first invalid byte at byte offset 10" in err.message and "re-save it as UTF-8" in err.message


def test_random_bytes_are_binary(tmp_path):
    rng = random.Random(5)
    path = tmp_path / "random.txt"
    path.write_bytes(bytes(rng.randrange(256) for _ in range(5000)))
    assert summary(read(path)) == [("err", "random", "binary")]


def test_utf8_with_one_damaged_byte_keeps_utf8_and_marks_the_byte(tmp_path):
    good = "Putin\u2019s call \u2014 the Kremlin said. " * 5
    path = tmp_path / "damaged.txt"
    path.write_bytes(good.encode("utf-8") + b"\xff" + b" The end.")
    warning, doc = read(path)
    assert warning.reason == "encoding_fallback"
    assert f"byte offset {len(good.encode('utf-8'))}" in warning.message
    assert doc.text == good + "\ufffd The end."


def test_utf16_with_bom_is_text_not_binary(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes(ENGLISH.encode("utf-16"))
    [doc] = read(path)
    assert doc.text == ENGLISH


def test_huge_text_file_is_rejected_from_its_size_without_being_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.write(b"Protesters marched through the capital. " * (50 * 2**20 // 40))
    size = path.stat().st_size
    opened = []
    for name in ("read_bytes", "read_text", "open"):
        original = getattr(Path, name)
        monkeypatch.setattr(Path, name, lambda self, *a, _orig=original, **k: (opened.append(self), _orig(self, *a, **k))[1])
    tracemalloc.start()
    try:
        [err] = read(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert opened == []
    assert peak < 2 * 2**20
    assert (err.doc_id, err.reason) == ("huge", "too_large")
    assert f"{size:,} bytes" in err.message and f"{MAX_DOCUMENT_CHARS:,} characters" in err.message
    assert "split it into documents, e.g. as JSONL rows" in err.message


def test_text_over_the_character_limit(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("word " * 60, encoding="utf-8")  # 300 characters: read, then counted
    [err] = read(path, max_chars=100)
    assert err.reason == "too_large"
    assert err.message.startswith("text has 300 characters, over the limit of 100; split it into documents")


# ---------------------------------------------------------------------------------------- JSONL


def test_50_mb_jsonl_of_small_rows_is_streamed_and_fully_read(tmp_path):
    body = ENGLISH * 8
    path = tmp_path / "corpus.jsonl"
    rows, written = 0, 0
    with path.open("w", encoding="utf-8") as f:
        while written < 50 * 2**20:
            chunk = "".join(json.dumps({"id": f"row-{rows + i}", "text": body}) + "\n" for i in range(1000))
            written += f.write(chunk)
            rows += 1000
    tracemalloc.start()
    try:
        count, first, last = 0, None, None
        for item in read_inputs([str(path)], check_language=False):
            assert isinstance(item, Document)
            first = first or item.id
            last = item.id
            count += 1
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (count, first, last) == (rows, "row-0", f"row-{rows - 1}")
    assert peak < 16 * 2**20  # the ids seen so far and one row, never the 50 MB file


def test_jsonl_bad_lines_are_reported_with_their_line_and_good_lines_kept(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a", "text": ENGLISH, "published": "2025-07-01T09:30:00+03:00", "title": "Call", "url": "https://x.example/a", "source": "Wire"}),
        '{"id": "broken", "text": "no closing brace"',
        json.dumps({"id": "b", "text": "Macron urged a ceasefire."}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "c", "body": "the text is under another name"}),
        "",
        json.dumps({"text": "A row without an id."}),
        json.dumps({"id": "a", "text": "A second row with the id a."}),
        json.dumps({"id": "d", "text": "Dated badly.", "published": "last Tuesday"}),
        json.dumps({"id": "e", "text": 42}),
        json.dumps({"id": "f", "text": "   "}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read(path, published="2025-07-05")
    assert summary(items) == [
        ("doc", "a", None),
        ("err", "feed:2", "malformed"),
        ("doc", "b", None),
        ("err", "feed:4", "malformed"),
        ("err", "c", "malformed"),
        ("doc", "feed:7", None),
        ("err", "feed:8", "duplicate_id"),
        ("doc", "feed:8", None),
        ("err", "d", "bad_published"),
        ("doc", "d", None),
        ("err", "e", "malformed"),
        ("err", "f", "empty"),
    ]
    a = items[0]
    assert (a.text, a.published, a.title, a.url, a.source, a.origin) == (ENGLISH, date(2025, 7, 1), "Call", "https://x.example/a", "Wire", f"{path}:1")
    assert items[1].message.startswith("line 2 is not valid JSON (")
    assert items[1].origin == f"{path}:2"
    assert "line 4 is a JSON list" in items[3].message
    assert "no 'text' or 'html' field (fields: id, body)" in items[4].message
    assert items[5].text == "A row without an id." and items[5].published == date(2025, 7, 5)
    assert items[6].message == f"the id 'a' is already used by {path}:1; this document is 'feed:8'"
    assert items[7].text == "A second row with the id a."
    assert "'last Tuesday' on line 9 is not a date" in items[8].message and "used 2025-07-05 instead" in items[8].message
    assert items[9].published == date(2025, 7, 5)
    assert "'text' field of line 10 is a int" in items[10].message


def test_jsonl_line_too_long_is_skipped_unread(tmp_path):
    path = tmp_path / "rows.jsonl"
    long_row = json.dumps({"id": "long", "text": "word " * 40_000})  # 200 KB, over 6 bytes x 100 chars + 64 KB
    path.write_text("\n".join([json.dumps({"id": "x", "text": "One."}), long_row, json.dumps({"id": "y", "text": "Two."})]) + "\n")
    items = read(path, max_chars=100)
    assert summary(items) == [("doc", "x", None), ("err", "rows:2", "too_large"), ("doc", "y", None)]
    assert items[1].message.startswith(f"line 2 is {len(long_row) + 1:,} bytes long")


def test_jsonl_row_in_cp1252_is_decoded_with_a_warning(tmp_path):
    path = tmp_path / "mixed.jsonl"
    good = json.dumps({"id": "u", "text": "Plain UTF-8 row."}).encode()
    latin = '{"id": "w", "text": "Caf\u00e9 owners protested."}'.encode("cp1252")
    path.write_bytes(good + b"\n" + latin + b"\n")
    items = read(path)
    assert summary(items) == [("doc", "u", None), ("err", "w", "encoding_fallback"), ("doc", "w", None)]
    offset = latin.index(b"\xe9")  # within the line
    assert items[1].message.startswith(f"line 2 is not valid UTF-8 (first invalid byte at byte offset {offset})")
    assert items[2].text == "Caf\u00e9 owners protested."


def test_jsonl_html_rows_use_their_own_date_then_the_page_date_then_the_default(tmp_path):
    path = tmp_path / "pages.jsonl"
    rows = [
        {"id": "own-date", "html": ARTICLE_HTML, "published": "2025-06-30"},
        {"id": "page-date", "html": ARTICLE_HTML},
        {"id": "default", "html": ARTICLE_HTML.replace('content="2025-07-01T14:05:00+02:00"', ""), "title": "Row title"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    own, page, default = read(path, published="2025-07-05")
    assert (own.published, page.published, default.published) == (date(2025, 6, 30), date(2025, 7, 1), date(2025, 7, 5))
    assert own.text == ARTICLE_TEXT
    assert (page.title, default.title) == ("Putin and Macron speak by phone", "Row title")


# ---------------------------------------------------------------------------------------- CSV


def test_csv_corpus(tmp_path):
    path = tmp_path / "wire.csv"
    content = (
        'id,published,title,text\r\n'
        'r1,2025-07-01,Call,"Putin and Macron spoke by phone.\r\n\r\nThe call lasted two hours, the Kremlin said."\r\n'
        'r2,2025-07-02T08:00:00Z,,"Macron urged a ceasefire, his office said."\r\n'
        'r3,yesterday,,Dated badly.\r\n'
        'r4,2025-07-03,,too,many,fields\r\n'
        ',,,A row without an id.\r\n'
        '\r\n'
        'r5,2025-07-04,,\r\n'
    ).encode("utf-8")
    latin = 'r6,2025-07-04,,Caf\u00e9 owners protested.\r\n'.encode("cp1252")
    path.write_bytes(content + latin)
    items = read(path, published="2025-07-05")
    assert summary(items) == [
        ("doc", "r1", None),
        ("doc", "r2", None),
        ("err", "r3", "bad_published"),
        ("doc", "r3", None),
        ("err", "wire:7", "malformed"),
        ("doc", "wire:8", None),
        ("err", "r5", "empty"),
        ("err", "r6", "encoding_fallback"),
        ("doc", "r6", None),
    ]
    r1 = items[0]
    assert (r1.text, r1.published, r1.title, r1.origin) == (
        "Putin and Macron spoke by phone.\n\nThe call lasted two hours, the Kremlin said.", date(2025, 7, 1), "Call", f"{path}:2")
    assert (items[1].published, items[1].title) == (date(2025, 7, 2), None)
    assert items[3].published == date(2025, 7, 5)
    assert "has 6 fields but the header names 4" in items[4].message
    assert items[5].text == "A row without an id."
    assert items[7].message.startswith("the 'text' field of the row at line 11 is not valid UTF-8 (first invalid byte at byte offset 3)")
    assert items[8].text == "Caf\u00e9 owners protested."


def test_csv_without_a_text_column_is_one_error(tmp_path):
    path = tmp_path / "table.csv"
    path.write_text("id,body\n1,Some words.\n")
    [err] = read(path)
    assert (err.doc_id, err.reason) == ("table", "malformed")
    assert "no 'text' or 'html' column (columns: id, body)" in err.message


def test_bad_corpus_files_are_one_error_each_under_their_file_id(tmp_path):
    import gzip

    root = tmp_path / "corpora"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "table.csv").write_text("id,body\n1,Some words.\n")
    (root / "sub" / "header-only.csv").write_text("id,text\n")
    (root / "packed.jsonl").write_bytes(gzip.compress(json.dumps({"id": "z", "text": "Packed."}).encode(), mtime=0))
    (root / "blank.jsonl").write_text("\n\n")
    assert summary(read(root)) == [
        ("err", "blank", "empty"),
        ("err", "packed", "binary"),
        ("err", "sub/header-only", "empty"),
        ("err", "sub/table", "malformed"),
    ]


def test_csv_rows_over_the_limit(tmp_path):
    path = tmp_path / "big.csv"
    long_line = "word " * 20_000  # 100 KB, over 6 bytes x 100 characters + 64 KB: skipped unread
    path.write_text(f'id,text\na,"{"word " * 200}"\nlong,{long_line}\nb,Fine.\n')
    items = read(path, max_chars=100)
    assert summary(items) == [("err", "a", "too_large"), ("err", "big:3", "too_large"), ("doc", "b", None)]
    assert items[0].message.startswith("text has 1,000 characters, over the limit of 100")
    assert items[1].message.startswith(f"line 3 is {len(long_line) + 6:,} characters long")


# ---------------------------------------------------------------------------------------- HTML


def test_html_article_main_text_with_paragraphs_title_date_url_source(tmp_path):
    path = tmp_path / "article.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    [doc] = read(path, published="2025-07-05")
    assert doc.text == ARTICLE_TEXT  # no menu, caption or footer; blank lines between the blocks
    assert doc.title == "Putin and Macron speak by phone"
    assert doc.published == date(2025, 7, 1)  # the page's own date beats the default
    assert doc.url == "https://news.example.org/world/putin-macron-call"
    assert doc.source == "Example News"
    assert doc.id == "article"


def test_html_headline_is_its_own_sentence_for_the_parser():
    from sanderling.coder import parse as nlp

    doc = document_from_html(ARTICLE_HTML, "article")
    sentences = [s.text.strip() for s in next(nlp.parse([doc.text])).sents]
    assert sentences[0] == "Putin and Macron speak for the first time in three years"
    assert sentences[1].startswith("Russian President Vladimir Putin")


def test_html_line_breaks_and_lists(tmp_path):
    html = ("<html><body><article><h2>Talks in Geneva</h2><p>GENEVA, July 4<br>Negotiators met for a third day of talks "
            "on the ceasefire agreement, officials from both delegations said on Friday evening.</p>"
            "<ul><li>Prisoner exchanges were agreed in principle by both delegations</li>"
            "<li>Humanitarian corridors will open next week in the eastern region</li></ul></article></body></html>")
    doc = document_from_html(html, "geneva")
    assert doc.text == (
        "Talks in Geneva\n\nGENEVA, July 4\nNegotiators met for a third day of talks on the ceasefire agreement, "
        "officials from both delegations said on Friday evening.\n\n"
        "Prisoner exchanges were agreed in principle by both delegations\n\n"
        "Humanitarian corridors will open next week in the eastern region"
    )


def test_html_without_main_text(tmp_path):
    path = tmp_path / "menu.html"
    path.write_text(NAV_ONLY_HTML)
    [err] = read(path)
    assert (err.doc_id, err.reason) == ("menu", "no_text")


def test_html_in_declared_latin1_is_read_without_warning(tmp_path):
    path = tmp_path / "old.htm"
    html = ARTICLE_HTML.replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">')
    html = html.replace("Elysee", "\u00c9lys\u00e9e")
    path.write_bytes(html.encode("cp1252"))
    [doc] = read(path)
    assert doc.text == ARTICLE_TEXT.replace("Elysee", "\u00c9lys\u00e9e")


def test_xhtml_with_xml_declaration_and_unparseable_html():
    xhtml = ("<?xml version='1.0' encoding='utf-8'?><html><body><p>Police arrested 12 protesters in Minsk on Sunday, "
             "a rights group said.</p></body></html>")
    assert document_from_html(xhtml, "x").text == "Police arrested 12 protesters in Minsk on Sunday, a rights group said."
    err = document_from_html("<!-- only a comment -->", "c")
    assert (err.reason, err.message) == ("malformed", "the HTML could not be parsed; check that it is an HTML page")


def test_document_from_html_deterministic_and_meta_override():
    first = document_from_html(ARTICLE_HTML.encode("utf-8"), "x", url="https://mirror.example/x", source="Mirror")
    second = document_from_html(ARTICLE_HTML.encode("utf-8"), "x", url="https://mirror.example/x", source="Mirror")
    assert first == second
    assert (first.url, first.source, first.origin) == ("https://mirror.example/x", "Mirror", "x")
    assert document_from_html("", "blank").reason == "empty"


# ---------------------------------------------------------------------------------------- language


def test_french_and_german_articles_are_not_english(tmp_path):
    (tmp_path / "fr.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "de.txt").write_text(GERMAN, encoding="utf-8")
    fr, de = read(tmp_path / "fr.txt", tmp_path / "de.txt")
    assert (fr.doc_id, fr.reason) == ("fr", "not_english") and fr.message.startswith("looks like French (")
    assert (de.doc_id, de.reason) == ("de", "not_english") and de.message.startswith("looks like German (")
    assert fr.message.endswith("only English is supported for now")


def test_language_check_keeps_short_and_english_texts():
    assert detect_non_english("Poutine et Macron se parlent au téléphone") is None  # a headline: too short
    assert detect_non_english(ENGLISH) is None
    assert detect_non_english(REFERENCE.read_text(encoding="utf-8")) is None
    quote = ('Macron told reporters: "Nous sommes prêts à discuter." The French president said the talks with the '
             "Russian leader had been frank and that he would call again if there was progress on a ceasefire.")
    assert detect_non_english(quote) is None
    assert detect_non_english("俄罗斯总统普京和法国总统马克龙周二通电话，这是两人近三年来首次通话。克里姆林宫表示，双方讨论了乌克兰冲突和中东局势。").name == "Chinese or Japanese"
    assert document_from_text(FRENCH, "fr", check_language=False).text == FRENCH


# ---------------------------------------------------------------------------------------- paths, stdin


def test_missing_path_unsupported_type_and_empty_directory(tmp_path):
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "nothing").mkdir()
    items = read(tmp_path / "missing.txt", tmp_path / "report.pdf", tmp_path / "nothing")
    assert summary(items) == [("err", "missing", "not_found"), ("err", "report", "unsupported"), ("err", "nothing", "empty")]
    assert str(items[0]) == f"missing: not_found: no such file or directory ({tmp_path / 'missing.txt'})"
    assert summary(read_inputs(tmp_path / "missing.txt")) == [("err", "missing", "not_found")]  # one path, not a list


def _fill_mixed_directory(root: Path) -> None:
    (root / "2025" / "07").mkdir(parents=True)
    (root / "2025" / "07" / "report-1.txt").write_text(ENGLISH)
    (root / "2025" / "07" / "report-1.html").write_text(ARTICLE_HTML)
    (root / "2025" / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (root / "windows.txt").write_bytes("Caf\u00e9 owners protested on Monday.".encode("cp1252"))
    rng = random.Random(2)
    (root / "garbage.txt").write_bytes(bytes(rng.randrange(0xA0, 0x100) for _ in range(500)))
    (root / "huge.txt").write_bytes(b"x" * (4 * MAX_DOCUMENT_CHARS + 1))
    (root / "fr.txt").write_text(FRENCH)
    (root / "de.txt").write_text(GERMAN)
    (root / "menu.htm").write_text(NAV_ONLY_HTML)
    (root / "notes.pdf").write_bytes(b"%PDF-1.4")
    (root / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / "feed.jsonl").write_text(json.dumps({"id": "f1", "text": "Troops withdrew."}) + "\n{oops\n" + json.dumps({"id": "f2", "text": "Talks resumed."}) + "\n")
    (root / "wire.csv").write_text("id,text\nc1,Police arrested dozens of protesters.\n")


MIXED_EXPECTED = [
    ("doc", "2025/07/report-1", None),  # the .html sorts before the .txt
    ("err", "2025/07/report-1.txt", "duplicate_id"),
    ("doc", "2025/07/report-1.txt", None),
    ("err", "2025/empty", "empty"),
    ("err", "binary", "binary"),
    ("err", "de", "not_english"),
    ("doc", "f1", None),
    ("err", "feed:2", "malformed"),
    ("doc", "f2", None),
    ("err", "fr", "not_english"),
    ("err", "garbage", "encoding"),
    ("err", "huge", "too_large"),
    ("err", "menu", "no_text"),
    ("err", "notes", "unsupported"),
    ("err", "windows", "encoding_fallback"),
    ("doc", "windows", None),
    ("doc", "c1", None),
]


def test_directory_mixing_good_and_bad_inputs(tmp_path):
    root = tmp_path / "inbox"
    _fill_mixed_directory(root)
    items = read(root, published="2025-07-05")
    assert summary(items) == MIXED_EXPECTED
    docs = {x.id: x for x in items if isinstance(x, Document)}
    assert docs["2025/07/report-1"].text == ARTICLE_TEXT and docs["2025/07/report-1"].published == date(2025, 7, 1)
    assert docs["2025/07/report-1.txt"].text == ENGLISH and docs["2025/07/report-1.txt"].published == date(2025, 7, 5)
    assert docs["windows"].text == "Caf\u00e9 owners protested on Monday."
    assert docs["c1"].origin == f"{root / 'wire.csv'}:2"
    assert read(root, published=date(2025, 7, 5)) == items  # same input, same output


def test_stdin_text_html_and_jsonl():
    [doc] = read("-", stdin=io.BytesIO(ENGLISH.encode("utf-8")), published="2025-07-05")
    assert (doc.id, doc.text, doc.published, doc.origin) == ("stdin", ENGLISH, date(2025, 7, 5), "<stdin>")
    [page] = read("-", stdin=io.BytesIO(ARTICLE_HTML.encode("utf-8")))
    assert (page.id, page.text, page.published) == ("stdin", ARTICLE_TEXT, date(2025, 7, 1))
    rows = json.dumps({"id": "s1", "text": "Troops withdrew."}) + "\nnot json\n" + json.dumps({"text": "Talks resumed."}) + "\n"
    assert summary(read("-", stdin=io.BytesIO(rows.encode()))) == [("doc", "s1", None), ("err", "stdin:2", "malformed"), ("doc", "stdin:3", None)]
    assert summary(read("-", stdin=io.BytesIO(b""))) == [("err", "stdin", "empty")]
    deep = b'{"id": "ok", "text": "Fine."}\n' + b"[" * 100_000 + b"]" * 100_000 + b"\n"
    assert summary(read("-", stdin=io.BytesIO(deep))) == [("doc", "ok", None), ("err", "stdin:2", "malformed")]


def test_duplicate_file_ids_across_inputs(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(ENGLISH)
    items = read(tmp_path / "a" / "story.txt", tmp_path / "b" / "story.txt")
    assert summary(items) == [("doc", "story", None), ("err", "story.txt", "duplicate_id"), ("doc", "story.txt", None)]


# ---------------------------------------------------------------------------------------- dates, API


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-07-05", "2025-07-05"),
        (" 2025-07-05 ", "2025-07-05"),
        ("2025-07-05T23:30:00-05:00", "2025-07-05"),  # the date as written, not moved to UTC
        ("2025-07-05T10:00:00Z", "2025-07-05"),
        ("2025-07-05 10:00", "2025-07-05"),
        ("Sat, 05 Jul 2025 10:00:00 GMT", "2025-07-05"),
        ("05/07/2025", None),
        ("last Tuesday", None),
        ("", None),
        (20250705, None),
    ],
)
def test_parse_published(value, expected):
    assert parse_published(value) == (date.fromisoformat(expected) if expected else None)


def test_bad_arguments_raise_at_once():
    with pytest.raises(ValueError, match="not a date"):
        read_inputs(["whatever.txt"], published="July 5")
    with pytest.raises(TypeError, match="unknown document field"):
        document_from_text("Text.", "t", author="someone")


def test_document_from_text():
    doc = document_from_text("Line one.\r\nLine two.", "t1", "2025-07-05T08:00:00", title="T", origin="here")
    assert doc == Document(id="t1", text="Line one.\nLine two.", published=date(2025, 7, 5), title="T", origin="here")
    assert document_from_text(" \n", "t2").reason == "empty"
    assert document_from_text("x" * 11, "t3", max_chars=10).reason == "too_large"
    assert document_from_text("ok\x00\x00", "t4").reason == "binary"


@pytest.mark.parametrize("text, dateline", [
    ("SINGAPORE, Nov 7 (AP) — Chinese President Xi", "SINGAPORE, Nov 7 (AP) — "),
    ("MOSUL, Iraq, Oct 18 (AP) — Iraqi troops", "MOSUL, Iraq, Oct 18 (AP) — "),
    ("JERUSALEM (AP) -- An Israeli court", "JERUSALEM (AP) -- "),
    ("ISLAMABAD -- Pakistan's prime minister said", "ISLAMABAD -- "),
    ("Tehran, March 15, IRNA - The speaker of", "Tehran, March 15, IRNA - "),
    ("Washington - US President Donald Trump", "Washington - "),
    ("Kyiv — Ukraine said", "Kyiv — "),
    ("US - China talks resume", ""),
    ("U.S. - China talks resume", ""),
    ("UN: Iran must comply", ""),
    ("NATO, EU - leaders meet", ""),
])
def test_wire_datelines_are_recognised(text, dateline):
    from sanderling.read.structure import dateline as read_dateline
    end, place = read_dateline(text)
    assert text[:end] == dateline
    assert (place is None) == (dateline == "") and (place is None or dateline.startswith(place))


def test_a_short_text_in_another_script_is_not_english():
    """Issue 11: a short Cyrillic text was silently coded (no events, exit 0) where a long one was reported."""
    short = document_from_text("Путин позвонил Макрону.", "ru-short")
    assert (short.reason, short.doc_id) == ("not_english", "ru-short")
    assert short.message.startswith("looks like a Cyrillic-script language")
    assert "(100% of its letters are in Cyrillic script); only English is supported" in short.message
    assert document_from_text("Кремль", "one-word").reason == "not_english"
    # a foreign name or quotation inside an English sentence keeps it English
    assert isinstance(document_from_text("Putin («Путин») called Macron on Tuesday.", "mixed"), Document)
