"""The part-b training corpus: it validates, it is what its sources build, and it covers the brief."""
from __future__ import annotations

import collections
import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "events-v1" / "part-b.jsonl"
PART_B = ["ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]


def _load_tool(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "corpus" / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _records() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]


def test_corpus_passes_its_validator():
    validator = _load_tool("validate_b")
    assert validator.validate(_records()) == []


def test_jsonl_is_exactly_what_the_sources_build():
    builder = _load_tool("build_b")
    built = builder.read_sources()
    shipped = _records()
    assert len(built) == len(shipped)
    for i, (b, s) in enumerate(zip(built, shipped), 1):
        b = {k: v for k, v in b.items() if k != "_where"}
        b["id"] = f"sc-b-{i:04d}"
        assert b == s, s["id"]


def test_first_record_offsets_and_codes():
    first = _records()[0]
    assert first["id"] == "sc-b-0001"
    event = first["events"][0]
    assert (event["event_type"], event["mode"]) == ("ASSAULT", ["suicide-attack", "explosives"])
    assert first["text"][event["trigger"]["start"]:event["trigger"]["end"]] == "A suicide car bomb"
    assert [(a["text"], a["code"], a["sector"]) for a in event["actor"]] == [("Islamic State", "IMG", "REB")]
    assert event["date"]["value"] == "2016-07-03"
    assert event["dead"] == {"text": "at least 115", "value": 115, "qualifier": "at_least",
                             "start": first["text"].index("at least 115"),
                             "end": first["text"].index("at least 115") + len("at least 115")}


def test_coverage_meets_the_brief():
    records = _records()
    assert len(records) >= 1050
    negatives = [r for r in records if not r["events"]]
    assert len(negatives) >= 150
    modes = collections.Counter((e["event_type"], m) for r in records for e in r["events"] for m in e["mode"])
    validator = _load_tool("validate_b")
    for category in PART_B:
        for mode in validator.MODES[category]:
            assert modes[(category, mode)] >= 8, (category, mode)
    flags = collections.Counter(f for r in records for e in r["events"]
                                for f in ("negated", "hypothetical", "future", "historical") if e[f])
    assert min(flags.values()) >= 10
