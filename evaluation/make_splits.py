"""Fix, once, which real gold sentences we may look at while developing and which stay held out.

A sentence is held out when sha1(id) mod 10 < 3 (30%): deterministic, independent of file order and
of anything we learn from the data. Rules and models are developed on the `dev` part only; figures on
the `heldout` part are the ones reported as held out. Run: python evaluation/make_splits.py
"""
import hashlib
import json
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SETS = {"gsr": SHARED / "plover-gsr" / "gsr_dev.jsonl", "plv": SHARED / "plv" / "plv_train.jsonl"}


def is_heldout(doc_id: str) -> bool:
    return int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest(), 16) % 10 < 3


def main() -> None:
    out = {}
    for name, path in SETS.items():
        ids = [json.loads(l)["id"] for l in path.open() if l.strip()]
        out[name] = {"dev": sorted(i for i in ids if not is_heldout(i)), "heldout": sorted(i for i in ids if is_heldout(i))}
        print(name, {k: len(v) for k, v in out[name].items()}, file=sys.stderr)
    Path(__file__).with_name("splits.json").write_text(json.dumps(out, indent=0) + "\n")


if __name__ == "__main__":
    main()
