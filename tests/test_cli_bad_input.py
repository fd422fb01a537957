"""`sanderling code` on a batch mixing bad documents with good ones: every bad one is reported on stderr
with its id and reason, the good ones are still coded, the exit code says some failed."""
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sanderling.cli import app

REF = Path(__file__).parent / "data" / "reference" / "putin-macron-call.txt"
GOOD = "Russian forces shelled the Ukrainian city of Kharkiv on Monday, killing three civilians, officials said."
FRENCH = ("Le président de la République a rencontré mardi le chancelier allemand à Berlin pour discuter de la guerre "
          "en Ukraine et des relations entre les deux pays, a indiqué l'Élysée dans un communiqué.")


@pytest.fixture()
def batch(tmp_path):
    d = tmp_path / "batch"
    d.mkdir()
    shutil.copy(REF, d / "putin-macron-call.txt")
    (d / "empty.txt").write_text("")
    (d / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" + bytes(range(256)) * 4)
    (d / "cp1252.txt").write_bytes(b"The Polish president met his Lithuanian counterpart in Vilnius on Monday, "
                                   b"officials said \x93quietly\x94.")  # not UTF-8: decoded as Windows-1252, with a warning
    (d / "garbage.txt").write_bytes(b"\xff\xfe\xfa\x81\x8d" * 50)
    with (d / "huge.txt").open("wb") as f:  # 50 MB of text: refused from its size, never read
        f.seek(50 * 1024 * 1024 - 1)
        f.write(b"a")
    (d / "french.txt").write_text(FRENCH)
    (d / "nothing.html").write_text("<html><head><title>x</title></head><body><nav>Home</nav></body></html>")
    (d / "corpus.jsonl").write_text(
        json.dumps({"id": "good-1", "text": GOOD, "published": "2024-05-13"}) + "\n"
        + "{this is not json\n"
        + json.dumps({"id": "good-2", "text": GOOD.replace("Kharkiv", "Sumy"), "published": "2024-05-14"}) + "\n")
    return d


def test_bad_documents_are_reported_and_the_rest_is_coded(batch):
    result = CliRunner().invoke(app, ["code", str(batch), "--published", "2025-07-05", "--format", "jsonl"])
    assert result.exit_code == 1
    err = result.stderr
    for doc_id, reason in (("empty", "empty"), ("binary", "binary"), ("huge", "too_large"), ("french", "not_english"),
                           ("nothing", "no_text")):
        assert any(line.startswith(f"error: {doc_id}: {reason}:") for line in err.splitlines()), (doc_id, err)
    assert "corpus:2: malformed" in err
    assert any(line.startswith("error: garbage:") for line in err.splitlines())
    assert any(line.startswith("warning: cp1252: encoding_fallback:") for line in err.splitlines())
    events = [json.loads(l) for l in result.stdout.splitlines() if l.strip()]
    coded = {e["doc_id"] for e in events}
    assert {"putin-macron-call", "good-1", "good-2", "cp1252"} <= coded
    kharkiv = [e for e in events if e["doc_id"] == "good-1"]
    assert kharkiv[0]["event_type"] == "ASSAULT" and kharkiv[0]["dead"] == 3
    assert kharkiv[0]["location"]["name"] == "Kharkiv"


def test_all_good_exits_zero():
    result = CliRunner().invoke(app, ["code", str(REF), "--published", "2025-07-05", "--format", "json"])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) >= 9


def test_bad_published_date_is_a_usage_error():
    result = CliRunner().invoke(app, ["code", str(REF), "--published", "5 July"])
    assert result.exit_code == 2


@pytest.mark.parametrize("command", ["code", "ingest"])
def test_published_is_read_by_one_rule_in_code_and_ingest(command, tmp_path):
    """Issue 11: `code` took only YYYY-MM-DD where `ingest` also took ISO datetimes and RFC 2822 dates."""
    story = tmp_path / "story.txt"
    story.write_text(GOOD)
    extra = ["--db", str(tmp_path / "store.duckdb")] if command == "ingest" else ["--format", "jsonl"]
    for given in ("2024-05-14", "2024-05-14T09:30:00+02:00", "Tue, 14 May 2024 09:30:00 +0000"):
        result = CliRunner().invoke(app, [command, str(story), "--published", given, *extra])
        assert result.exit_code == 0, (given, result.stderr)
        if command == "code":
            assert json.loads(result.stdout.splitlines()[0])["date"]["value"] == "2024-05-13"  # "on Monday"
    bad = CliRunner().invoke(app, [command, str(story), "--published", "14/05/2024", *extra])
    assert bad.exit_code == 2
    assert bad.stderr == ("error: --published '14/05/2024' is not a date: give YYYY-MM-DD, an ISO 8601 date and time"
                          " or an RFC 2822 date\n")
