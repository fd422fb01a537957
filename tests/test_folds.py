"""The cross-validation folds of the development data: fold 0 is the shipped model's validation fifth."""
from __future__ import annotations

import hashlib

import pytest

from sanderling.learn.training_data import Example, fold_of, is_validation, split_development

IDS = ["PLV_train-0", "PLV_train-1", "PLV_train-2", "PLV_train-3", "sc-a-0001", "sc-a-0002", "sc-b-0001",
       "gsr-17", "gsr-17#2", "synthetic-3"] + [f"x-{i}" for i in range(200)]


def _old_is_validation(example_id: str) -> bool:
    """The rule the shipped model was trained with, before folds existed."""
    return int(hashlib.sha1(f"validation:{example_id}".encode("utf-8")).hexdigest(), 16) % 5 == 0


def test_fold_zero_is_the_old_validation_fifth():
    for i in IDS:
        assert (fold_of(i) == 0) == _old_is_validation(i) == is_validation(i) == is_validation(i, 0)
    assert {i: fold_of(i) for i in ["PLV_train-0", "PLV_train-2", "PLV_train-3", "sc-a-0001", "sc-b-0001"]} == {
        "PLV_train-0": 2, "PLV_train-2": 0, "PLV_train-3": 1, "sc-a-0001": 4, "sc-b-0001": 0}


def test_folds_partition_the_ids():
    for i in IDS:
        assert 0 <= fold_of(i) < 5
        assert sum(is_validation(i, k) for k in range(5)) == 1
    assert {fold_of(i) for i in IDS} == set(range(5))


def _example(i: str, source: str) -> Example:
    return Example(i, "text", source, frozenset(), None, None)


def test_split_development_by_fold_keeps_synthetic_in_training():
    examples = [_example(i, "synthetic" if i.startswith("synthetic") else "team") for i in IDS]
    vals = []
    for k in range(5):
        train, val = split_development(examples, fold=k)
        assert len(train) + len(val) == len(examples)
        assert all(ex.source != "synthetic" and fold_of(ex.id) == k for ex in val)
        assert not {ex.id for ex in train} & {ex.id for ex in val}
        vals += [ex.id for ex in val]
    assert sorted(vals) == sorted(ex.id for ex in examples if ex.source != "synthetic")
    assert split_development(examples) == split_development(examples, fold=0)
    with pytest.raises(ValueError):
        split_development(examples, fold=5)


def test_train_refuses_a_fold_out_of_range_and_all_development_without_calibration(tmp_path):
    pytest.importorskip("torch")
    from typer.testing import CliRunner

    from sanderling.cli import app

    result = CliRunner().invoke(app, ["train", "--validation-fold", "5", "--out", str(tmp_path / "m")])
    assert result.exit_code == 2
    result = CliRunner().invoke(app, ["train", "--all-development", "--out", str(tmp_path / "m")])
    assert result.exit_code == 2 and "--calibration-logits" in result.output
    result = CliRunner().invoke(app, ["train", "--all-development", "--validation-fold", "2",
                                      "--calibration-logits", str(tmp_path / "x.npz"), "--out", str(tmp_path / "m")])
    assert result.exit_code == 2
    assert not (tmp_path / "m").exists()
