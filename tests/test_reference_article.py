"""The acceptance check of the coder: the reference article, scored by the shared acceptance script
(a copy lives in tests/data/reference/ so the suite runs without ../shared)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sanderling.cli import app

REF = Path(__file__).parent / "data" / "reference"


@pytest.fixture(scope="module")
def events_file(tmp_path_factory):
    out = tmp_path_factory.mktemp("ref") / "events.jsonl"
    result = CliRunner().invoke(app, ["code", str(REF / "putin-macron-call.txt"), "--published", "2025-07-05",
                                      "--format", "jsonl", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def events(events_file):
    return [json.loads(l) for l in events_file.read_text().splitlines() if l.strip()]


def test_all_nine_expectations_and_no_violation(events_file):
    run = subprocess.run([sys.executable, str(REF / "score_acceptance.py"), str(REF / "putin-macron-call.expected.json"),
                          str(events_file)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout
    assert "9/9 expected events matched, 0 must_not violated" in run.stdout


def test_the_call_is_one_event_with_every_mention_as_evidence(events):
    calls = [e for e in events if e["event_type"] == "CONSULT" and e["date"]["value"] == "2025-07-01"
             and {"FRA", "RUS"} <= {a["code"] for a in e["actor"]}]
    assert len(calls) == 1
    call = calls[0]
    triggers = {ev["trigger"] for ev in call["evidence"]}
    assert {"two-hour phone call", "phone call"} & triggers or "conversation" in triggers
    assert "exchange" in " ".join(triggers) and "dialogue" in triggers
    assert call["duration_minutes"] == 120
    assert call["initiator"]["code"] == "FRA"
    assert call["previous_contact"]["earliest"] == "2022-09-01" and call["previous_contact"]["latest"] == "2022-09-30"
    assert sorted(a["name"] for a in call["actor"]) == ["Emmanuel Macron", "Vladimir Putin"]


def test_evidence_offsets_point_at_the_words(events):
    text = (REF / "putin-macron-call.txt").read_text()
    for e in events:
        for ev in e["evidence"]:
            assert text[ev["start"]:ev["end"]] == ev["sentence"]
            assert text[ev["trigger_start"]:ev["trigger_end"]] == ev["trigger"]
            assert ev["start"] <= ev["trigger_start"] < ev["trigger_end"] <= ev["end"]
        for ent in e["actor"] + e["recipient"]:
            assert text[ent["start"]:ent["end"]] == ent["text"]


def test_the_attack_on_kyiv(events):
    (attack,) = [e for e in events if e["event_type"] == "ASSAULT" and not e["historical"]]
    assert attack["location"]["name"] == "Kyiv" and attack["location"]["country"] == "UKR"
    assert (attack["dead"], attack["dead_qualifier"]) == (1, "at_least")
    assert attack["injured"] >= 12
    assert {(q["value"], q["unit"]) for q in attack["quantities"]} >= {(539, "drone"), (11, "missile")}
    assert attack["date"]["earliest"] == "2025-07-02" and attack["date"]["latest"] == "2025-07-05"


def test_same_input_same_ids(events, tmp_path):
    out = tmp_path / "again.jsonl"
    CliRunner().invoke(app, ["code", str(REF / "putin-macron-call.txt"), "--published", "2025-07-05", "--format",
                             "jsonl", "--out", str(out)])
    again = [json.loads(l) for l in out.read_text().splitlines() if l.strip()]
    assert [e["id"] for e in again] == [e["id"] for e in events]
    assert again == events
