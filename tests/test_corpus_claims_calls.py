"""Checks on the team's test corpora for claim checking (corpus/claims-v1) and leader calls (corpus/calls-v1).

Both are built from hand-written sources by corpus/tools/build_claims.py and build_calls.py; these tests keep
the committed files equal to a fresh build, run the two validators, and pin the cases the issues name (the
reference article's claims, the held-out lists).  No coder is loaded.
"""
from __future__ import annotations

import copy
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLAIMS = ROOT / "corpus" / "claims-v1"
CALLS = ROOT / "corpus" / "calls-v1"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module                  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


build_claims = _load("build_claims", ROOT / "corpus" / "tools" / "build_claims.py")
build_calls = _load("build_calls", ROOT / "corpus" / "tools" / "build_calls.py")
validate_claims = _load("validate_claims", CLAIMS / "validate.py")
validate_calls = _load("validate_calls", CALLS / "validate.py")
verdicts = _load("claims_verdicts", CLAIMS / "verdicts.py")


def _claims() -> list[dict]:
    return json.loads((CLAIMS / "claims.json").read_text(encoding="utf-8"))["claims"]


def test_claims_files_are_what_the_sources_build():
    for name, body in build_claims.build().items():
        assert (CLAIMS / name).read_text(encoding="utf-8") == body, name


def test_calls_files_are_what_the_sources_build():
    files = build_calls.build()
    for name, body in files.items():
        assert (CALLS / name).read_text(encoding="utf-8") == body, name
    assert sorted(p.name for p in (CALLS / "expected").glob("*.json")) == sorted(
        n.split("/")[1] for n in files if n.startswith("expected/"))


def test_both_validators_pass(capsys):
    assert validate_claims.main([]) == 0
    assert validate_calls.main() == 0
    out = capsys.readouterr().out
    assert "claims-v1: 29 record reports, 42 claims reports, 83 claims; 0 errors" in out
    assert "calls-v1: 18 reports, 6 calls between 3 pairs" in out


def test_reference_article_claims_and_their_evidence():
    by_text = {(c["report_id"], c["text"]): c for c in _claims()}
    first = by_text[("putin-macron-call", "their first direct conversation since September 2022")]
    assert (first["verdict"], first["deciding_reports"]) == ("supported", ["call-ap-2022-09-11"])
    text = (ROOT / "examples" / "putin-macron-call.txt").read_text(encoding="utf-8")
    assert (first["start"], first["end"]) == (226, 278) and text[226:278] == first["text"]
    order = by_text[("putin-macron-call", "September 2022—preceding Russia's full-scale invasion of Ukraine")]
    assert (order["kind"], order["verdict"]) == ("temporal_order", "contradicted")
    assert order["deciding_reports"] == ["r-invasion-2022-02-24"]
    assert order["reference"]["event"]["date_from"] == "2022-02-24"
    largest = by_text[("putin-macron-call", "its largest aerial attack on Kyiv to date")]
    assert largest["verdict"] == "supported" and largest["measure"] == "aerial"


def test_every_contradicted_claim_cites_record_reports():
    record = {json.loads(l)["id"] for l in (CLAIMS / "record.jsonl").read_text().splitlines()}
    demo = {json.loads(l)["id"] for l in (ROOT / "examples" / "reports.jsonl").read_text().splitlines()}
    contradicted = [c for c in _claims() if c["verdict"] == "contradicted"]
    assert len(contradicted) == 27
    for c in contradicted:
        assert c["deciding_reports"] and set(c["deciding_reports"]) <= record | demo, c["id"]


def test_the_rules_decide_the_verdicts():
    """Move the invasion into October 2022 and the reference article's date claim stops being contradicted."""
    world = json.loads((CLAIMS / "world.json").read_text(encoding="utf-8"))
    order = next(c for c in _claims() if c["kind"] == "temporal_order")
    src = {"kind": "temporal_order", "subject": order["subject"]["event"],
           "ref": {"event": "w-invasion", "date": "2022-09", "relation": "before"}}

    def judge(w):
        raw = {k: {x: y for x, y in v.items() if x not in ("in_record", "told_by", "mentioned_by")} for k, v in w.items()}
        return verdicts.verdict(verdicts.World(raw, {k for k, v in w.items() if v["in_record"]}), src)

    assert judge(world) == ("contradicted", ["w-invasion"])
    moved = copy.deepcopy(world)
    moved["w-invasion"]["date"] = "2022-10-01"
    assert judge(moved) == ("supported", ["w-invasion"])
    gone = copy.deepcopy(world)
    gone["w-invasion"]["in_record"] = False
    assert judge(gone) == ("unverifiable", [])


def test_held_out_parts_are_fixed():
    claims_split = json.loads((CLAIMS / "split.json").read_text(encoding="utf-8"))
    assert claims_split["heldout"] == [
        "c-india-pakistan-2025-05-10", "c-india-strikes-2025-05-08", "c-kyiv-2022-12-20", "c-kyiv-2025-04-24",
        "c-pahalgam-2025-04-23", "c-scholz-putin-2022-12-03", "c-scholz-putin-2024-11-15",
        "c-trump-putin-2025-07-03", "c-ukraine-2025-07-09"]
    calls_split = json.loads((CALLS / "split.json").read_text(encoding="utf-8"))
    assert calls_split["heldout"] == ["scholz-erdogan-2025-03-27-c", "xi-lula-2023-05-26-b"]


def test_each_call_has_several_reports_and_a_last_contact_answer():
    store = json.loads((CALLS / "calls.expected.json").read_text(encoding="utf-8"))
    assert [len(c["reports"]) for c in store["calls"]] == [3, 4, 3, 3, 2, 3]
    answers = {(tuple(q["args"]), q["before"]): q["expect"] for q in store["last_contact"]}
    scholz_erdogan = answers[(("Olaf Scholz", "Recep Tayyip Erdogan"), None)]
    assert (scholz_erdogan["date_from"], scholz_erdogan["previous_date_from"], scholz_erdogan["gap_days"]) == (
        "2025-03-25", "2023-02-08", 776)
    assert answers[(("CHN", "BRA"), "2025-11-13")]["event"] == "wang-vieira"
