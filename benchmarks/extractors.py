"""CPU cost per sentence of the date, place and magnitude extractors, next to spaCy's parse.

    python benchmarks/extractors.py [copies]      # the reference article, 100 copies by default
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from sanderling.coder import dates, magnitudes
from sanderling.coder import parse as nlp
from sanderling.coder.places import gazetteer

REFERENCE = Path(__file__).resolve().parent.parent / "tests" / "data" / "reference" / "putin-macron-call.txt"
PUBLISHED = "2025-07-05"


def best_of(runs: int, fn) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def main(copies: int = 100) -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    t = time.process_time()
    docs = list(nlp.parse([text] * copies))
    parse = time.process_time() - t
    sentences = sum(1 for d in docs for _ in d.sents)
    t = time.process_time()
    finder = dates.DateFinder()
    gaz = gazetteer()
    print(f"build DateFinder + Gazetteer: {time.process_time() - t:.2f} s CPU")
    print(f"{'spaCy parse':34s} {1000 * parse / sentences:.3f} ms/sentence ({sentences} sentences)")

    def each_sentence(fn):
        def run():
            for d in docs:
                d.user_data.clear()  # the magnitude functions share per-sentence work through user_data
                for s in d.sents:
                    fn(s)
        return run

    def all_magnitudes(s):
        magnitudes.casualties(s), magnitudes.crowd_size(s), magnitudes.quantities(s)
        magnitudes.duration(s), magnitudes.initiator(s)

    def dates_uncached():
        for d in docs:
            dates._dateparser.cache_clear()
            finder.find(d, PUBLISHED)

    rows = [
        ("dates.find (dateparser cached)", lambda: [finder.find(d, PUBLISHED) for d in docs]),
        ("dates.find (dateparser uncached)", dates_uncached),
        ("places.find", lambda: [gaz.find(d) for d in docs]),
        ("casualties", each_sentence(magnitudes.casualties)),
        ("crowd_size", each_sentence(magnitudes.crowd_size)),
        ("quantities", each_sentence(magnitudes.quantities)),
        ("duration", each_sentence(magnitudes.duration)),
        ("initiator", each_sentence(magnitudes.initiator)),
        ("all five magnitude functions", each_sentence(all_magnitudes)),
    ]
    for name, fn in rows:
        print(f"{name:34s} {1000 * best_of(3, fn) / sentences:.3f} ms/sentence")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
