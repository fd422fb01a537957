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


PLV_WITH_SPANS = [
    {"id": "s1", "text": "Iran condemned the raid by Israeli forces on Tuesday.", "root": "ACCUSE",
     "pairs": [{"source": "Iran", "target": "Israeli forces",
                "marked": "<s>Iran</s> condemned the raid by <t>Israeli forces</t> on Tuesday."}]},
    {"id": "s2", "text": "President Macron met Chancellor Scholz in Berlin on Friday.", "root": "CONSULT",
     "pairs": [{"source": "President Macron", "target": "Chancellor Scholz",
                "marked": "<s>President Macron</s> met <t>Chancellor Scholz</t> in Berlin on Friday."}]},
]


def test_marked_spans_are_offsets_in_the_unmarked_sentence():
    from sanderling.eval.scoring import marked_spans

    row = PLV_WITH_SPANS[0]
    spans = marked_spans(row["pairs"][0]["marked"])
    assert spans == {"s": (0, 4), "t": (27, 41)}
    assert row["text"][slice(*spans["t"])] == "Israeli forces"


def test_span_scores_count_agreement_misses_and_reciprocal_actors():
    from sanderling.eval.scoring import span_scores

    events = [  # s1: actor right, recipient names other words; s2: both leaders as actors (PLOVER's reciprocal rule)
        {"doc_id": "s1", "event_type": "ACCUSE", "confidence": 0.9,
         "actor": [{"text": "Iran", "start": 0, "end": 4}], "recipient": [{"text": "raid", "start": 19, "end": 23}]},
        {"doc_id": "s1", "event_type": "ASSAULT", "confidence": 0.95,  # another root: not the event scored
         "actor": [{"text": "Israeli forces", "start": 27, "end": 41}], "recipient": []},
        {"doc_id": "s2", "event_type": "CONSULT", "confidence": 0.9, "recipient": [],
         "actor": [{"text": "Macron", "start": 10, "end": 16}, {"text": "Scholz", "start": 31, "end": 37}]},
    ]
    figures = span_scores(PLV_WITH_SPANS, events)
    assert figures["events_of_gold_root"] == 2
    assert figures["actor"]["agreement"] == 1.0 and figures["actor"]["n"] == 2
    assert figures["recipient"]["agreement"] == 0.5 and figures["recipient"]["other_words"] == 1
    assert figures["recipient"]["per_root"]["CONSULT"] == {"agreement": 1.0, "n": 1}


def test_eval_prints_span_agreement_for_marked_gold(tmp_path):
    gold = _write(tmp_path, "plv-spans.jsonl", PLV_WITH_SPANS)
    result = CliRunner().invoke(app, ["eval", str(gold)])
    assert result.exit_code == 0, result.output
    assert "actor words: agreement=1.000 over 2 events" in result.stdout
    assert "actor=- recipient=-" in result.stdout  # no codes in root-labelled gold
    figures = json.loads(CliRunner().invoke(app, ["eval", str(gold), "--json"]).stdout)
    assert figures["spans"]["recipient"]["n"] == 2


def test_confusion_counts_top_events_against_gold_roots():
    from sanderling.eval.scoring import ROOTS, confusion, format_confusion

    matrix = confusion(["YIELD", "YIELD", "AGREE"], ["RETREAT", None, "SUPPORT"], ROOTS, roots=True)
    assert matrix == {"AGREE": {"SUPPORT": 1}, "YIELD": {"YIELD": 1, "(none)": 1}}
    lines = format_confusion(matrix).splitlines()
    assert lines[0].split()[-3:] == ["YIEL", "SUPP", "none"] and lines[2].split() == ["YIELD", "1", ".", "1"]


def test_eval_prints_the_confusion_table(tmp_path):
    gold = _write(tmp_path, "plv.jsonl", PLV_STYLE)
    result = CliRunner().invoke(app, ["eval", str(gold), "--confusion"])
    assert result.exit_code == 0, result.output
    assert "PROTEST" in result.stdout and "rows gold" in result.stdout
    figures = json.loads(CliRunner().invoke(app, ["eval", str(gold), "--confusion", "--json"]).stdout)
    assert figures["confusion"] == {"PROTEST": {"PROTEST": 1}, "YIELD": {"YIELD": 1}}
