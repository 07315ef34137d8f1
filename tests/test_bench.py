"""The benchmark runs end to end on the session's model, with small counts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from call_nlp import bench
from call_nlp.config import TrainConfig


def test_bench_synthetic_notes_are_seeded_and_varied() -> None:
    notes = bench.synthetic_notes(200, seed=3)
    assert notes == bench.synthetic_notes(200, seed=3)
    assert len(notes) == 200 and len(set(notes)) > 150
    assert all(note.strip() for note in notes)


def test_bench_main_prints_the_table(
    training_run: tuple[TrainConfig, str], trained_model_dir: Path, policy_path: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)  # where a default record store would appear
    for name in ("MLFLOW_TRACKING_URI", "MLFLOW_REGISTRY_URI"):  # the config below names the store, as it says
        monkeypatch.delenv(name, raising=False)
    config = tmp_path / "config.yaml"  # names the session's MLflow store, where the model is champion
    config.write_text(yaml.safe_dump(training_run[0].model_dump(mode="json")))
    argv = ["--model", str(trained_model_dir), "--policy", str(policy_path), "--config", str(config),
            "--single", "20", "--http", "10", "--warm-up", "4", "--batch-size", "16", "--batches", "2",
            "--cli-runs", "2", "--predict-notes", "40", "--jobs", "1"]
    assert bench.main(argv) == 0
    assert not (tmp_path / "records").exists()  # every server had a scratch record store
    lines = capsys.readouterr().out.splitlines()

    def row(prefix: str) -> list[str]:
        return next(line for line in lines if line.startswith(prefix)).split()

    assert row("language")[4] == "20" and float(row("language")[5]) > 0
    assert row("in-process")[2] == "20" and row("in-process")[-1] == "2"  # its target: p50 <= 1, p99 <= 2
    assert row("HTTP POST")[3] == "10" and row("HTTP POST")[7] == "0"  # n, then no failed requests
    for served in ("HTTP, 1 worker, 4 conn.", "HTTP, 2 workers, 4 conn."):  # fresh `call-nlp serve` processes
        assert row(served)[6] == "10" and row(served)[10] == "0", served  # ... <req>/s n p50 p99 mean errors
    ratio = row("  call-nlp serve / mlflow models serve")  # both served the registered champion
    assert ratio[-1] == "5x" and float(ratio[-3].rstrip("x")) > 0
    assert row("call-nlp --help")[3] == "2" and row("call-nlp --help")[7] == "0"
    assert row("triage_many, 16 per call")[-2] == "32"
    predict = row("call-nlp predict, 40 notes")  # ... <rate> notes/s >= 8,000 notes/s
    assert predict[-4] == "notes/s" and float(predict[-5].replace(",", "")) > 0
    peak = row("  its start-up (one note) / peak RSS")  # ... <seconds> s / <MB> MB
    assert peak[-1] == "MB" and float(peak[-2].replace(",", "")) > 0
    cold = row("cold start")  # ... <seconds> s <= 3 s
    assert cold[-4] == "s" and float(cold[-5]) > 0


def test_bench_main_fails_cleanly_without_a_model(tmp_path: Path, policy_path: Path) -> None:
    assert bench.main(["--model", str(tmp_path / "none"), "--policy", str(policy_path)]) == 2
