"""Bundle the example articles into examples/reports.jsonl, the corpus `make demo` ingests.

The reference article (examples/putin-macron-call.txt, published 2025-07-05) and the team-written store test
articles (tests/data/store_corpus/, listed with their publication dates in corpus.jsonl) become one JSONL row
each: id, text, published, title, source. Run: python scripts/make_example_reports.py
"""
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    rows = [{"id": "putin-macron-call", "text": (ROOT / "examples" / "putin-macron-call.txt").read_text("utf-8"),
             "published": "2025-07-05", "title": "Putin and Macron Talk After 3 Years", "source": "example"}]
    corpus = ROOT / "tests" / "data" / "store_corpus"
    for line in (corpus / "corpus.jsonl").read_text("utf-8").splitlines():
        if not line.strip():
            continue
        meta = json.loads(line)
        rows.append({"id": meta["id"], "text": (corpus / meta["file"]).read_text("utf-8"),
                     "published": meta["published"], "title": meta.get("title"), "source": meta.get("source")})
    out = ROOT / "examples" / "reports.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    print(f"{len(rows)} documents -> {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
