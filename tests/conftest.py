"""Shared fixtures: one small model trained once per test session, in a temporary MLflow store."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from call_nlp.config import TrainConfig, load_config

REPO = Path(__file__).resolve().parents[1]
TINY_CORPUS_NOTES = 2000


@pytest.fixture(scope="session")
def policy_path() -> Path:
    return REPO / "serve" / "policy.yaml"


@pytest.fixture(scope="session")
def base_config() -> TrainConfig:
    return load_config(REPO / "training" / "config.yaml")


@pytest.fixture(scope="session")
def tiny_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic corpus from the demo generator (labels follow the taxonomy)."""
    from call_nlp.demo import generate_corpus

    path = tmp_path_factory.mktemp("corpus") / "notes.csv"
    generate_corpus(n=TINY_CORPUS_NOTES, seed=7).to_csv(path, index=False)
    return path


@pytest.fixture(scope="session")
def training_run(
    tmp_path_factory: pytest.TempPathFactory, base_config: TrainConfig, tiny_corpus: Path, policy_path: Path
) -> Iterator[tuple[TrainConfig, str]]:
    """Train once on the tiny corpus into a temporary model dir and SQLite MLflow store."""
    from call_nlp import train

    root = tmp_path_factory.mktemp("run")
    cfg = base_config.model_copy(
        update={
            "output": base_config.output.model_copy(update={"model_dir": root / "model"}),
            "mlflow": base_config.mlflow.model_copy(
                update={"tracking_uri": f"sqlite:///{root / 'mlflow.db'}", "artifact_root": root / "mlartifacts"}
            ),
            "model": base_config.model.model_copy(update={"max_iter": 500, "n_jobs": 1}),
        }
    )
    saved = os.environ.pop("MLFLOW_TRACKING_URI", None)
    try:
        run_id = train.main(cfg, [tiny_corpus], policy_path=policy_path)
    finally:
        if saved is not None:
            os.environ["MLFLOW_TRACKING_URI"] = saved
    yield cfg, run_id


@pytest.fixture(scope="session")
def trained_model_dir(training_run: tuple[TrainConfig, str]) -> Path:
    """A model directory (model.joblib + manifest.json) trained once per test session."""
    return Path(training_run[0].output.model_dir)


@pytest.fixture(scope="session")
def triager(trained_model_dir: Path, policy_path: Path):  # noqa: ANN201 - Triager
    from call_nlp.triage import Triager

    return Triager.load(trained_model_dir, policy_path)


def write_csv(path: Path, rows: list[dict[str, object]]) -> Path:
    pd.DataFrame(rows).to_csv(path, index=False)
    return path
