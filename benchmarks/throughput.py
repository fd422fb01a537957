"""Throughput and memory of `sanderling code` next to bare spaCy parsing of the same text.

Prints sentences per second for (a) bare parsing with the same spaCy pipeline and batch size and (b) the whole
coder (parse + mentions + arguments + resolution + dates + places + magnitudes + document merge), the ratio
between them, and the peak resident memory of each, each measured in its own fresh process so that one does
not inherit the other's memory. A benchmark, not a test: nothing here asserts.

    python benchmarks/throughput.py [--sentences 2000] [--corpus PATH.csv] [--batch-size 32]

The corpus defaults to the synthetic stories in ../shared/data/ngec-synthetic/ (their text only), cut into
whole stories until at least --sentences sentences are reached.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "ngec-synthetic" / "gpt_synthetic_events_2023-10-19_19.csv"


def load_texts(path: Path, sentences: int) -> list[str]:
    """Whole stories until the sentence count is reached (sentences counted by the parser later; here by a
    cheap estimate so that both phases see exactly the same texts)."""
    csv.field_size_limit(10_000_000)
    texts, estimate = [], 0
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            text = (row.get("text") or "").strip()
            if not text:
                continue
            texts.append(text)
            estimate += len(SENTENCE_END.findall(text)) or 1
            if estimate >= sentences:
                break
    return texts


def phase(kind: str, corpus: str, sentences: int, batch_size: int) -> dict:
    sys.path.insert(0, str(ROOT))
    texts = load_texts(Path(corpus), sentences)
    from sanderling.coder import parse as nlp
    from sanderling.model import Document
    from sanderling.read.textnorm import normalize

    if kind == "parse":
        model = nlp.load()
        start = time.perf_counter()
        n_sents = sum(len(list(d.sents)) for d in model.pipe((normalize(t).text for t in texts), batch_size=batch_size))
        elapsed = time.perf_counter() - start
        n_events = 0
    else:
        from sanderling.coder.pipeline import Coder

        coder = Coder.load()  # loading is start-up cost, reported apart
        docs = [Document(id=f"bench-{i}", text=t, published="2023-10-19") for i, t in enumerate(texts)]
        coder.code(docs[:2])  # nothing lazily initialised inside the timed part
        list(coder.code(docs[:2]))
        start = time.perf_counter()
        n_events = 0
        for result in coder.code(docs, batch_size=batch_size):
            n_events += len(result.events)
        elapsed = time.perf_counter() - start
        model = nlp.load()
        n_sents = sum(len(list(d.sents)) for d in model.pipe((normalize(t).text for t in texts), batch_size=batch_size))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"kind": kind, "documents": len(texts), "sentences": n_sents, "seconds": elapsed,
            "sentences_per_second": n_sents / elapsed, "events": n_events, "peak_rss_mb": peak_mb}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sentences", type=int, default=2000)
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--phase", choices=["parse", "code"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase, args.corpus, args.sentences, args.batch_size)))
        return
    results = {}
    for kind in ("parse", "code"):
        out = subprocess.run([sys.executable, __file__, "--phase", kind, "--corpus", args.corpus, "--sentences",
                              str(args.sentences), "--batch-size", str(args.batch_size)],
                             capture_output=True, text=True, check=True)
        results[kind] = json.loads(out.stdout.strip().splitlines()[-1])
    p, c = results["parse"], results["code"]
    print(f"corpus: {p['documents']} documents, {p['sentences']} sentences ({Path(args.corpus).name})")
    print(f"bare spaCy parse : {p['sentences_per_second']:7.1f} sentences/s   peak RSS {p['peak_rss_mb']:6.0f} MB")
    print(f"sanderling code  : {c['sentences_per_second']:7.1f} sentences/s   peak RSS {c['peak_rss_mb']:6.0f} MB"
          f"   ({c['events']} events)")
    print(f"ratio            : {c['sentences_per_second'] / p['sentences_per_second']:.2f} of bare-parse throughput"
          f" (target >= 0.50); peak RSS target < 1024 MB")


if __name__ == "__main__":
    main()
