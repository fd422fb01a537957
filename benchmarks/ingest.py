"""Ingest throughput on the 4,500 synthetic NGEC stories (../shared/data/ngec-synthetic/).

Two figures:

* ``end_to_end``: read -> ``Coder.load().code`` -> store, exactly what ``sanderling ingest`` does
  (whatever coder is installed: while the coder is the stub it codes no events, so this measures
  the document bookkeeping only);
* ``store_only``: the store and the cross-document merge alone, fed 1-3 synthetic events per story
  (its PLOVER label, actors drawn with a fixed seed from 25 countries with a news-like skew, a day in
  2023, the story's first sentence as evidence), so the merge has real work to do.

    python benchmarks/ingest.py [--limit N] [--into /tmp/sanderling-big.duckdb]

``--into`` runs ``store_only`` on a copy of an existing store (e.g. the million-event store of
make_big_store.py), to see what a large store costs each new document.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import re
import shutil
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sanderling.model import DateInfo, Document, Entity, Event, Evidence  # noqa: E402
from sanderling.coder.pipeline import Coder, DocumentResult  # noqa: E402
from sanderling import ontology  # noqa: E402
from sanderling.store import EventStore, ingest  # noqa: E402

STORIES = Path(__file__).resolve().parents[2] / "shared" / "data" / "ngec-synthetic" / "gpt_synthetic_events_2023-10-19_19.csv"
COUNTRIES = ["USA", "RUS", "CHN", "UKR", "ISR", "GBR", "FRA", "DEU", "IRN", "IND", "TUR", "PAK", "SYR", "JPN",
             "KOR", "SAU", "EGY", "NGA", "BRA", "MEX", "VEN", "SDN", "KEN", "ZAF", "PHL"]


def stories(path: Path, limit: int | None) -> tuple[list[Document], list[tuple[str, str]]]:
    """The stories as documents (id ngec-NNNN, the row number) and their (label, mode)."""
    if not path.exists():
        path = Path("/work/shared/data/ngec-synthetic") / path.name
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))[:limit]
    docs = [Document(id=f"ngec-{i:04d}", text=row["text"], title=row["title"], source="ngec-synthetic",
                     origin=f"{path.name}:{i + 2}") for i, row in enumerate(rows)]
    return docs, [(row["label"], row["mode"]) for row in rows]


class SyntheticCoder:
    """1-3 events per story from its label, with seeded actors and dates (see module docstring)."""

    def __init__(self, labels: dict[str, tuple[str, str]]):
        self.labels = labels
        self.modes = {name: set(cat.modes) for name, cat in ontology.load().categories.items()}

    def code(self, docs, batch_size: int = 32):
        for doc in docs:
            label, mode = self.labels[doc.id]
            rng = random.Random(doc.id)
            first = re.match(r".+?[.!?](\s|$)", doc.text, re.S)
            end = first.end() if first else min(len(doc.text), 200)
            sentence = doc.text[:end].strip()
            events = []
            for n in range(rng.choice((1, 1, 2, 3))):
                a, b = (COUNTRIES[min(len(COUNTRIES) - 1, int(len(COUNTRIES) * rng.random() ** 2))] for _ in range(2))
                day = (date(2023, 1, 1) + timedelta(days=rng.randrange(365))).isoformat()
                events.append(Event(
                    doc_id=doc.id, event_type=label,
                    mode=[mode.lower()] if mode.lower() in self.modes.get(label, ()) else [],
                    actor=[Entity(text=a, code=a, kind="country")],
                    recipient=[Entity(text=b, code=b, kind="country")] if b != a else [],
                    date=DateInfo(value=day, earliest=day, latest=day, precision="day"),
                    evidence=[Evidence(sentence=sentence, start=0, end=len(sentence), trigger_start=n, trigger_end=n + 1)],
                ))
            yield DocumentResult(doc, events)


def run(docs: list[Document], coder, store_path: Path) -> dict:
    with EventStore.open(store_path) as store:
        report = ingest(store, docs, coder=coder)
        events = store.con.execute("SELECT count(*) FROM events").fetchone()[0]
    return {
        "documents": report.documents,
        "seconds": round(report.seconds, 1),
        "documents_per_second": round(report.documents_per_second, 1),
        "events_coded": report.mentions,
        "events_per_second": round(report.mentions / report.seconds, 1) if report.seconds else None,
        "canonical_events": events,
        "merged_into_existing": report.merged,
        "optimize_seconds": report.optimized,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=Path, default=STORIES)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--into", type=Path, default=None, help="run store_only on a copy of this store")
    args = parser.parse_args()
    docs, labels = stories(args.stories, args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        store_only = Path(tmp) / "store_only.duckdb"
        if args.into:
            shutil.copy(args.into, store_only)
        figures = {
            "stories": len(docs),
            "end_to_end": run(docs, Coder.load(), Path(tmp) / "end_to_end.duckdb"),
            "store_only": run(docs, SyntheticCoder({d.id: lab for d, lab in zip(docs, labels)}), store_only),
        }
        if args.into:
            figures["store_only"]["into_existing_store"] = str(args.into)
        rerun = run(docs, SyntheticCoder({}), store_only)
        figures["reingest_same_stories"] = {"documents_per_second": rerun["documents_per_second"],
                                            "canonical_events": rerun["canonical_events"]}
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
