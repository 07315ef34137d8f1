"""``call-nlp queue``: the notes to label first, as a training file with empty labels to fill in."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from call_nlp.cli import main as cli
from call_nlp.data import load_training_data
from call_nlp.label_queue import choose
from call_nlp.triage import Triager
from call_nlp.uncertainty import margin


def test_choose_takes_the_least_sure_of_each_call_then_fills_from_the_rest() -> None:
    margins = np.array([0.30, 0.10, 0.50, 0.10, 0.20])
    calls = ["call:A", "call:A", "call:B", "row:x", "call:C"]
    assert choose(margins, calls, 4) == [1, 3, 4, 2]  # a tie goes to the earlier row; A once
    assert choose(margins, calls, 5) == [1, 3, 4, 2, 0]  # only four calls: A's other note comes last
    assert choose(margins, calls, 2) == [1, 3]


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory, tiny_corpus: Path) -> Path:
    frame = pd.read_csv(tiny_corpus, dtype=str, keep_default_na=False).head(120)
    frame = frame[["id", "text", "district"]].assign(call_id=[f"C{i // 2}" for i in range(len(frame))],
                                                     crisis_type="not_behavioral")  # a stale label: dropped
    path = tmp_path_factory.mktemp("queue") / "notes.csv"
    frame.to_csv(path, index=False)
    return path


def _queue(notes: Path, out: Path, n: int, model: Path, policy: Path) -> int:
    return cli(["queue", "--from", str(notes), "-n", str(n), "-o", str(out), "--model", str(model),
                "--policy", str(policy)])


def test_queue_writes_exactly_n_notes_least_sure_first_one_per_call(
        notes: Path, tmp_path: Path, trained_model_dir: Path, policy_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "to_label.csv"
    assert _queue(notes, out, 40, trained_model_dir, policy_path) == 0
    written = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(written) == 40 and capsys.readouterr().err == ""
    assert list(written.columns[:6]) == ["id", "text", "crisis_type", "violence_risk", "response_model", "margin"]
    assert {"call_id", "district"} <= set(written.columns)
    assert (written[["crisis_type", "violence_risk", "response_model"]] == "").all().all()  # ready to fill
    assert written["call_id"].is_unique
    margins = written["margin"].astype(float).tolist()
    assert margins == sorted(margins)
    # they are the least sure of the 60 calls: every other call's notes are at least as sure
    source = pd.read_csv(notes, dtype=str, keep_default_na=False)
    triager = Triager.load(trained_model_dir, policy_path)
    every = [margin({"crisis_type": s.crisis_type.probabilities, "violence_risk": s.violence_risk.probabilities})
             for s in triager.triage_many(source["text"].tolist())]
    best = pd.Series(every).groupby(source["call_id"]).min()
    assert max(margins) <= best.drop(written["call_id"]).min()
    for row in written.itertuples():
        assert float(row.margin) == every[source.index[source["id"] == row.id][0]]


def test_the_queue_file_is_a_training_file_once_labeled(
        notes: Path, tmp_path: Path, trained_model_dir: Path, policy_path: Path) -> None:
    out = tmp_path / "to_label.csv"
    _queue(notes, out, 10, trained_model_dir, policy_path)
    filled = pd.read_csv(out, dtype=str, keep_default_na=False)
    filled["crisis_type"], filled["violence_risk"] = "psychosis", "low"
    filled.to_csv(out, index=False)
    assert len(load_training_data([out]).frame) == 10


def test_fewer_notes_or_calls_than_asked_are_said_on_stderr(
        notes: Path, tmp_path: Path, trained_model_dir: Path, policy_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    _queue(notes, tmp_path / "a.csv", 100, trained_model_dir, policy_path)  # 120 notes but 60 calls
    assert len(pd.read_csv(tmp_path / "a.csv")) == 100
    assert "has 60 calls, fewer than 100: 40 rows are further notes of calls already in the queue" in capsys.readouterr().err
    _queue(notes, tmp_path / "b.csv", 500, trained_model_dir, policy_path)
    assert len(pd.read_csv(tmp_path / "b.csv")) == 120
    assert "has 120 notes, fewer than 500: wrote all of them" in capsys.readouterr().err


def test_bad_input_is_a_clear_error(tmp_path: Path, trained_model_dir: Path, policy_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    pd.DataFrame({"id": ["1", "1"], "text": ["a", "b"]}).to_csv(bad, index=False)
    assert _queue(bad, tmp_path / "o.csv", 5, trained_model_dir, policy_path) == 2
    assert "row 2: field 'id' duplicates '1'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        _queue(bad, tmp_path / "o.csv", 0, trained_model_dir, policy_path)
    assert info.value.code == 2 and "must be at least 1" in capsys.readouterr().err
