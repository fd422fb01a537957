"""`sanderling eval` on small gold files of both formats."""
import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from sanderling.cli import app

SCORER = Path(__file__).resolve().parents[2] / "shared" / "tools" / "score_events.py"
GSR_STYLE = [
    {"id": "g1", "text": "Russian troops shelled the Ukrainian city of Kharkiv on Monday, killing three civilians.",
     "event_type": "ASSAULT", "actor": [{"code": "RUS"}], "recipient": [{"code": "UKR"}]},
    {"id": "g2", "text": "The United Nations Security Council demanded that Israel halt its offensive in Rafah.",
     "event_type": "REQUEST", "actor": [{"code": "IGO"}], "recipient": [{"code": "ISR"}]},
    {"id": "g3", "text": "Police in Nairobi arrested dozens of protesters on Tuesday.",
     "event_type": "COERCE", "actor": [{"code": "KEN"}], "recipient": [{"code": "KEN"}]},
]
PLV_STYLE = [
    {"id": "p1", "text": "Thousands of workers went on strike in Paris over pension reform.", "root": "PROTEST"},
    {"id": "p2", "text": "Israel released 30 Palestinian prisoners on Sunday.", "root": "YIELD"},
]


def _write(tmp_path, name, rows):
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_event_labelled_gold(tmp_path):
    gold = _write(tmp_path, "gold.jsonl", GSR_STYLE)
    preds = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(app, ["eval", str(gold), "--json", "--predictions", str(preds)])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["docs"] == 3 and figures["top1"] == 1.0 and figures["macro_f1"] == 1.0
    assert figures["per_category"]["ASSAULT"]["tp"] == 1
    if SCORER.exists():  # the same definitions as the shared scorer
        run = subprocess.run([sys.executable, str(SCORER), str(gold), str(preds), "--json"], capture_output=True, text=True)
        shared = json.loads(run.stdout)
        for key in ("macro_f1", "micro_f1", "top1", "actor_acc", "recipient_acc"):
            assert abs(shared[key] - figures[key]) < 1e-9, key


def test_root_labelled_gold_counts_concede_and_retreat_as_yield(tmp_path):
    gold = _write(tmp_path, "plv.jsonl", PLV_STYLE)
    result = CliRunner().invoke(app, ["eval", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["roots"]["accuracy"] == 1.0
    assert figures["per_category"]["YIELD"]["tp"] == 1


def test_bad_gold_is_a_usage_error(tmp_path):
    gold = tmp_path / "bad.jsonl"
    gold.write_text('{"id": "x", "text": "no label"}\n')
    assert CliRunner().invoke(app, ["eval", str(gold)]).exit_code == 2
