"""The benchmark runs end to end on the session's model, with small counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from call_nlp import bench


def test_bench_synthetic_notes_are_seeded_and_varied() -> None:
    notes = bench.synthetic_notes(200, seed=3)
    assert notes == bench.synthetic_notes(200, seed=3)
    assert len(notes) == 200 and len(set(notes)) > 150
    assert all(note.strip() for note in notes)


def test_bench_main_prints_the_table(
    trained_model_dir: Path, policy_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--model", str(trained_model_dir), "--policy", str(policy_path),
            "--single", "20", "--http", "10", "--batch-size", "16", "--batches", "2"]
    assert bench.main(argv) == 0
    out = capsys.readouterr().out
    assert "in-process Triager.triage" in out and "HTTP POST /v1/triage" in out
    rows = {line.split()[0]: line.split() for line in out.splitlines()[2:5]}
    assert rows["language"][4] == "20" and float(rows["language"][5]) > 0
    assert rows["in-process"][2] == "20" and rows["HTTP"][3] == "10"
    assert rows["HTTP"][-1] == "0"  # no failed requests
    assert "triage_many, 16 per call" in out and out.splitlines()[-1].split()[-2] == "32"


def test_bench_main_fails_cleanly_without_a_model(tmp_path: Path, policy_path: Path) -> None:
    assert bench.main(["--model", str(tmp_path / "none"), "--policy", str(policy_path)]) == 2
