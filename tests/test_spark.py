"""`call-nlp predict --engine spark`: a Parquet archive of 240 notes in 2 partitions scored on
Spark (local mode) through the registered model's spark_udf, row by row the same as the CLI.

Skipped, saying why, where pyspark or Java is missing (`make setup-spark` installs pyspark;
`.ci/run` installs both)."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pandas as pd
import pytest

from call_nlp.cli import PREDICT_COLUMNS, main
from call_nlp.config import TrainConfig

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("pyspark") is None or shutil.which("java") is None,
    reason="the Spark test needs pyspark (make setup-spark) and Java 17+ (apt install openjdk-17-jre-headless); "
           ".ci/run installs both",
)
NOTES = 240


@pytest.fixture(scope="module")
def archive(tiny_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(a Parquet folder of two files, one Parquet file): the same 240 notes, with odd ones added."""
    frame = pd.read_csv(tiny_corpus, dtype=str, keep_default_na=False)[["id", "text"]].head(NOTES - 3)
    odd = pd.DataFrame({"id": ["odd-1", "odd-2", " odd-3\t"],  # the last id is written as "odd-3"
                        "text": ["SUBJ HAS A K\u200bNIFE", "FIRE ALARM SOUNDING", "RP STATES   NO   WEAPONS, PT TALKING TO SELF"]})
    frame = pd.concat([frame, odd], ignore_index=True)
    root = tmp_path_factory.mktemp("spark")
    folder = root / "notes.parquet"
    folder.mkdir()
    half = len(frame) // 2
    frame.iloc[:half].to_parquet(folder / "part-0.parquet", index=False)
    frame.iloc[half:].to_parquet(folder / "part-1.parquet", index=False)
    single = root / "notes-one-file.parquet"
    frame.to_parquet(single, index=False)
    return folder, single


def test_spark_scores_the_archive_as_the_cli_does(archive: tuple[Path, Path], training_run: tuple[TrainConfig, str],
                                                  trained_model_dir: Path, policy_path: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    cfg, _ = training_run
    monkeypatch.setenv("MLFLOW_TRACKING_URI", cfg.mlflow.tracking_uri)
    folder, single = archive
    on_spark = tmp_path / "suggestions.parquet"
    assert main(["predict", str(folder), "-o", str(on_spark), "--engine", "spark", "--master", "local[2]",
                 "--partitions", "2", "--model", f"models:/{cfg.mlflow.registered_model}@{cfg.mlflow.alias}"]) == 0
    assert len(list(on_spark.glob("part-*.parquet"))) >= 2  # written by two tasks
    spark = pd.read_parquet(on_spark)
    local_csv = tmp_path / "local.csv"
    assert main(["predict", str(single), "-o", str(local_csv), "--model", str(trained_model_dir),
                 "--policy", str(policy_path), "--jobs", "1"]) == 0
    local = pd.read_csv(local_csv, dtype=str, keep_default_na=False)
    assert list(spark.columns) == list(PREDICT_COLUMNS) and len(spark) == len(local) == NOTES
    spark, local = spark.set_index("id").sort_index(), local.set_index("id").sort_index()
    assert list(spark.index) == list(local.index)
    for column in ("crisis_type", "violence_risk", "response_model", "cues"):
        assert spark[column].tolist() == local[column].tolist(), column
    assert spark["needs_review"].tolist() == [v == "True" for v in local["needs_review"]]
    for column in ("crisis_type_confidence", "violence_risk_confidence"):
        assert (spark[column] - local[column].astype(float)).abs().max() < 1e-6, column
    assert spark.loc["odd-1", "violence_risk"] == "imminent"  # the weapon guarantee ran on the executors


def test_spark_refuses_an_archive_without_text_with_an_id_twice_or_a_blank_note(archive: tuple[Path, Path], training_run: tuple[TrainConfig, str],
                                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    cfg, _ = training_run
    monkeypatch.setenv("MLFLOW_TRACKING_URI", cfg.mlflow.tracking_uri)
    wrong = tmp_path / "wrong.parquet"
    pd.DataFrame({"id": ["1"], "note": ["RP STATES X"]}).to_parquet(wrong, index=False)
    assert main(["predict", str(wrong), "-o", str(tmp_path / "out.parquet"), "--engine", "spark",
                 "--master", "local[1]"]) == 2
    assert "no column 'text'" in capsys.readouterr().err
    assert main(["predict", str(wrong), "-o", str(tmp_path / "o"), "--engine", "spark",
                 "--model", str(tmp_path)]) == 2  # a directory is no registered model
    twice = tmp_path / "twice.parquet"
    pd.DataFrame({"id": ["a", "b", " a "], "text": ["RP STATES X", "FIRE ALARM", "SUBJ HAS A KNIFE"]}).to_parquet(twice, index=False)
    assert main(["predict", str(twice), "-o", str(tmp_path / "twice-out.parquet"), "--engine", "spark",
                 "--master", "local[1]"]) == 2
    assert "field 'id': 1 id(s) appear on more than one row, e.g. 'a'" in capsys.readouterr().err
    assert not (tmp_path / "twice-out.parquet").exists()  # nothing half-written
    blank = tmp_path / "blank.parquet"
    pd.DataFrame({"id": ["a", "b"], "text": ["SUBJ HAS A KNIFE", "  "]}).to_parquet(blank, index=False)
    assert main(["predict", str(blank), "-o", str(tmp_path / "blank-out.parquet"), "--engine", "spark",
                 "--master", "local[1]"]) == 2
    assert "1 note(s) with an empty id or text, e.g. id 'b'" in capsys.readouterr().err
