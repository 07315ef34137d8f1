"""Training on a tiny corpus: what lands in models/ and in MLflow, and that it round-trips."""

import json
import pickle
from pathlib import Path

import mlflow
import numpy as np
import pandas as pd
import pytest
from mlflow import MlflowClient
from sklearn.base import clone

from call_nlp.artifact import MANIFEST_FILE, MODEL_FILE, ModelLoadError, load_model
from call_nlp.config import TrainConfig
from call_nlp.labels import CRISIS_TYPES, VIOLENCE_RISKS
from call_nlp.model import build_pipeline, head_probabilities
from call_nlp.train import split

NOTES = [
    "RP STATES SON HEARING VOICES, OFF MEDS. NEG WEAPONS",
    "very drunk male cant stand at bus stop",
    "SUBJ ON BRIDGE RAILING SAYS WANTS TO END IT",
]


@pytest.fixture(scope="module")
def client(training_run: tuple[TrainConfig, str]) -> MlflowClient:
    cfg, _ = training_run
    return MlflowClient(tracking_uri=cfg.mlflow.tracking_uri, registry_uri=cfg.mlflow.tracking_uri)


def test_train_writes_model_and_manifest(trained_model_dir: Path, training_run: tuple[TrainConfig, str]) -> None:
    manifest = json.loads((trained_model_dir / MANIFEST_FILE).read_text())
    assert (trained_model_dir / MODEL_FILE).is_file()
    assert manifest["mlflow_run_id"] == training_run[1]
    assert manifest["version"] == "1"
    assert manifest["labels"]["crisis_type"] == list(CRISIS_TYPES)
    assert len(manifest["data"]["digest"]) == 64 and manifest["data"]["test_rows"] > 0
    assert manifest["packages"]["scikit-learn"] != "not installed"
    assert 0.0 <= manifest["metrics"]["crisis_type.macro_f1"] <= 1.0
    assert "unsafe_suggestions" in manifest["metrics"]


def test_train_logs_config_metrics_artifacts_inputs(client: MlflowClient, training_run: tuple[TrainConfig, str]) -> None:
    cfg, run_id = training_run
    run = client.get_run(run_id)
    assert float(run.data.params["model.C"]) == cfg.model.C
    assert run.data.params["seed"] == str(cfg.seed)
    for key in ("crisis_type.macro_f1", "violence_risk.macro_f1", "response_model.accuracy",
                "unsafe_suggestions", "imminent_recall", "violence_risk.imminent.recall"):
        assert key in run.data.metrics, key
    assert len(run.data.tags["data.digest"]) == 64
    contexts = sorted(t.value for i in run.inputs.dataset_inputs for t in i.tags if t.key == "mlflow.data.context")
    assert contexts == ["test", "training"]
    paths = {a.path for a in client.list_artifacts(run_id, "evaluation")}
    assert {"evaluation/confusion_crisis_type.png", "evaluation/confusion_violence_risk.png",
            "evaluation/classification_report.txt"} <= paths
    assert {a.path for a in client.list_artifacts(run_id, "config")} >= {"config/policy.yaml", "config/train_config.json"}


def test_train_registers_champion(client: MlflowClient, training_run: tuple[TrainConfig, str]) -> None:
    cfg, run_id = training_run
    version = client.get_model_version_by_alias(cfg.mlflow.registered_model, cfg.mlflow.alias)
    assert version.run_id == run_id


def test_train_mlflow_model_answers_like_the_joblib_model(
    training_run: tuple[TrainConfig, str], trained_model_dir: Path
) -> None:
    cfg, _ = training_run
    mlflow.set_tracking_uri(cfg.mlflow.tracking_uri)
    served = mlflow.pyfunc.load_model(f"models:/{cfg.mlflow.registered_model}@{cfg.mlflow.alias}")
    local = load_model(trained_model_dir).pipeline
    frame = pd.DataFrame({"text": NOTES})
    assert np.array_equal(np.asarray(served.predict(frame)), local.predict(frame))


def test_model_pickles_and_clones(trained_model_dir: Path) -> None:
    pipeline = load_model(trained_model_dir).pipeline
    again = pickle.loads(pickle.dumps(pipeline))
    a, b = head_probabilities(pipeline, NOTES), head_probabilities(again, NOTES)
    for head in a:
        assert np.allclose(a[head].to_numpy(), b[head].to_numpy())
    assert clone(pipeline).get_params()["heads__estimator__estimator__C"] == pipeline.get_params()["heads__estimator__estimator__C"]


def test_model_probabilities_are_distributions_over_taxonomy_labels(trained_model_dir: Path) -> None:
    probas = head_probabilities(load_model(trained_model_dir).pipeline, NOTES)
    assert set(probas["crisis_type"].columns) == set(CRISIS_TYPES)
    assert set(probas["violence_risk"].columns) == set(VIOLENCE_RISKS)
    for frame in probas.values():
        assert np.allclose(frame.sum(axis=1), 1.0)


def test_model_load_refuses_a_changed_file(trained_model_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "m"
    copy.mkdir()
    (copy / MANIFEST_FILE).write_text((trained_model_dir / MANIFEST_FILE).read_text())
    (copy / MODEL_FILE).write_bytes((trained_model_dir / MODEL_FILE).read_bytes() + b"x")
    with pytest.raises(ModelLoadError, match="does not match the manifest"):
        load_model(copy)
    with pytest.raises(ModelLoadError, match="no manifest.json"):
        load_model(tmp_path / "absent")


def test_split_is_seeded_and_stratified(base_config: TrainConfig, tiny_corpus: Path) -> None:
    frame = pd.read_csv(tiny_corpus, dtype=str, keep_default_na=False)
    train_a, test_a = split(frame, 0.2, 1)
    train_b, test_b = split(frame, 0.2, 1)
    assert list(test_a["id"]) == list(test_b["id"])
    assert not set(train_a["id"]) & set(test_a["id"])
    assert len(train_a) + len(test_a) == len(frame)
    shares = frame["crisis_type"].value_counts(normalize=True)
    test_shares = test_a["crisis_type"].value_counts(normalize=True)
    assert (shares - test_shares).abs().max() < 0.02


def test_build_pipeline_uses_config_hyperparameters(base_config: TrainConfig) -> None:
    params = build_pipeline(base_config.model, base_config.seed).get_params()
    assert params["heads__estimator__estimator__C"] == base_config.model.C
    assert params["features__chars__ngram_range"] == tuple(base_config.model.char_ngram_range)
