"""Training on a tiny corpus: what lands in models/ and in MLflow, and that it round-trips."""

import json
import pickle
from pathlib import Path

import mlflow
import numpy as np
import pandas as pd
import pytest
import yaml
from mlflow import MlflowClient
from sklearn.base import clone

from call_nlp.artifact import MANIFEST_FILE, MODEL_FILE, ModelLoadError, load_model
from call_nlp.signing import SIGNATURE_FILE
from call_nlp.config import ConfigError, PriorConfig, TrainConfig, load_config
from call_nlp.data import DataValidationError
from call_nlp.labels import CRISIS_TYPES, VIOLENCE_RISKS
from call_nlp.model import build_pipeline, head_probabilities
from call_nlp.prior import from_manifest
from call_nlp.train import main
from call_nlp.training_inputs import split
from tests.conftest import own_tracking_store

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
    assert contexts == ["gate", "source", "test", "training"]
    paths = {a.path for a in client.list_artifacts(run_id, "evaluation")}
    assert {"evaluation/confusion_crisis_type.png", "evaluation/confusion_violence_risk.png",
            "evaluation/classification_report.txt"} <= paths
    assert {a.path for a in client.list_artifacts(run_id, "config")} >= {"config/policy.yaml", "config/train_config.json"}


def test_train_registers_champion(client: MlflowClient, training_run: tuple[TrainConfig, str]) -> None:
    cfg, run_id = training_run
    version = client.get_model_version_by_alias(cfg.mlflow.registered_model, cfg.mlflow.alias)
    assert version.run_id == run_id


def test_the_mlflow_model_is_the_whole_triager(training_run: tuple[TrainConfig, str], trained_model_dir: Path,
                                               policy_path: Path) -> None:
    """mlflow.pyfunc.load_model of the champion answers as the service does: response model,
    needs_review, both labels and confidences, the cues as JSON, the weapon guarantee included."""
    from call_nlp.mlflow_model import OUTPUT_COLUMNS
    from call_nlp.triage import Triager

    cfg, run_id = training_run
    with own_tracking_store():  # this session's store for both tracking and the registry, restored after
        mlflow.set_tracking_uri(cfg.mlflow.tracking_uri)
        mlflow.set_registry_uri(cfg.mlflow.tracking_uri)
        served = mlflow.pyfunc.load_model(f"models:/{cfg.mlflow.registered_model}@{cfg.mlflow.alias}")
        downloaded = Path(mlflow.artifacts.download_artifacts(f"models:/{cfg.mlflow.registered_model}@champion"))
    notes = [*NOTES, "RP STATES SON HAS A KNIFE, CALM NOW, NOT VIOLENT"]
    answered = served.predict(pd.DataFrame({"text": notes}))
    assert list(answered.columns) == list(OUTPUT_COLUMNS)
    service = Triager.load(trained_model_dir, policy_path)  # the serving form, as the service reads it
    for row, suggestion in zip(answered.to_dict("records"), service.triage_many(notes), strict=True):
        assert (row["response_model"], row["needs_review"], row["crisis_type"], row["violence_risk"]) == (
            suggestion.response_model, suggestion.needs_review, suggestion.crisis_type.label, suggestion.violence_risk.label)
        assert row["crisis_type_confidence"] == pytest.approx(suggestion.crisis_type.confidence, abs=1e-6)
        assert row["violence_risk_confidence"] == pytest.approx(suggestion.violence_risk.confidence, abs=1e-6)
        assert json.loads(row["cues"]) == [cue.to_json() for cue in suggestion.cues]
    assert answered.iloc[-1]["violence_risk"] == "imminent"  # the safety rules ran
    assert [c.name for c in served.metadata.get_input_schema().inputs] == ["text"]
    assert served.metadata.saved_input_example_info is not None and served.metadata.run_id == run_id
    from call_nlp.mlflow_model import model_dir_in  # one MLflow model holds the pickle, serving files, manifest

    inside = model_dir_in(downloaded)
    assert inside is not None and {MODEL_FILE, "serving.npz", "serving.json", MANIFEST_FILE, SIGNATURE_FILE} <= {
        p.name for p in inside.iterdir()}


def test_model_pickles_and_clones(trained_model_dir: Path) -> None:
    pipeline = load_model(trained_model_dir).pipeline
    again = pickle.loads(pickle.dumps(pipeline))
    a, b = head_probabilities(pipeline, NOTES), head_probabilities(again, NOTES)
    for head in a:
        assert np.allclose(a[head].to_numpy(), b[head].to_numpy())
    assert _regularization(clone(pipeline).get_params()) == _regularization(pipeline.get_params())


def test_model_probabilities_are_distributions_over_taxonomy_labels(trained_model_dir: Path) -> None:
    probas = head_probabilities(load_model(trained_model_dir).pipeline, NOTES)
    assert set(probas["crisis_type"].columns) == set(CRISIS_TYPES)
    assert set(probas["violence_risk"].columns) == set(VIOLENCE_RISKS)
    for frame in probas.values():
        assert np.allclose(frame.sum(axis=1), 1.0)


def test_model_load_refuses_a_changed_file(trained_model_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "m"
    copy.mkdir()
    for name in (MANIFEST_FILE, SIGNATURE_FILE):  # the manifest as training signed it
        (copy / name).write_bytes((trained_model_dir / name).read_bytes())
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


def _regularization(params: dict[str, object]) -> dict[str, object]:
    """The logistic regressions' C, whatever the heads' parameter paths are."""
    found = {k: v for k, v in params.items() if k.endswith("estimator__C")}
    assert found, "no logistic-regression C among the pipeline's parameters"
    return found


def test_build_pipeline_uses_config_hyperparameters(base_config: TrainConfig) -> None:
    params = build_pipeline(base_config.model, base_config.seed).get_params()
    assert set(_regularization(params).values()) == {base_config.model.C}
    chars = [v for k, v in params.items() if k.endswith("features__chars__ngram_range")]
    assert chars == [tuple(base_config.model.char_ngram_range)]


def test_build_pipeline_calibrates_each_head_as_configured(base_config: TrainConfig) -> None:
    """One method for both heads, or one per head: the crisis type's softmax can be kept whole
    (temperature) while violence risk keeps its own method."""
    per_head = base_config.model.model_copy(update={"calibration_method": {"crisis_type": "temperature", "violence_risk": "sigmoid"}})
    params = build_pipeline(per_head, base_config.seed).get_params()
    assert params["heads__crisis_type__classifier__method"] == "temperature"
    assert params["heads__violence_risk__classifier__method"] == "sigmoid"
    both = base_config.model.model_copy(update={"calibration_method": "isotonic"})
    params = build_pipeline(both, base_config.seed).get_params()
    assert {params[f"heads__{h}__classifier__method"] for h in ("crisis_type", "violence_risk")} == {"isotonic"}


def _artifacts(client: MlflowClient, run_id: str, path: str = "") -> set[str]:
    out: set[str] = set()
    for item in client.list_artifacts(run_id, path or None):
        out |= _artifacts(client, run_id, item.path) if item.is_dir else {item.path}
    return out


def test_train_logs_what_auditors_need(
    client: MlflowClient, training_run: tuple[TrainConfig, str], tiny_corpus: Path, gate_path: Path, tmp_path: Path
) -> None:
    cfg, run_id = training_run
    run = client.get_run(run_id)
    artifacts = _artifacts(client, run_id)
    assert {"environment/requirements.lock", "model_card.md", "calibration/reliability_crisis_type.png",
            "calibration/reliability_violence_risk.png", "evaluation/slices.csv", "evaluation/slices_skipped.json",
            "evaluation/misclassified/crisis_type.csv", "evaluation/misclassified/violence_risk.csv",
            "model_manifest.json"} <= artifacts
    assert not any(a.startswith("served_model/") for a in artifacts)  # the model directory is in the MLflow model
    tags, metrics = run.data.tags, run.data.metrics
    assert tags["git.commit"] and tags["git.dirty"] in ("true", "false", "unknown")
    assert len(tags["environment.lock.sha256"]) == 64
    for head in ("crisis_type", "violence_risk"):
        assert 0.0 <= metrics[f"calibration.{head}.ece"] <= 1.0
    # per district and per descriptor group: accuracy, macro-F1, unsafe count and n
    district = [k for k in metrics if k.startswith("slice.district.") and k.endswith(".n")]
    assert district and all(metrics[k] >= cfg.audit.slice_min_size for k in district)
    for key in ("n", "crisis_type.accuracy", "violence_risk.macro_f1", "response_model.accuracy", "unsafe_suggestions"):
        assert f"slice.gender.male.{key}" in metrics, key
    skipped = json.loads(Path(client.download_artifacts(run_id, "evaluation/slices_skipped.json", str(tmp_path))).read_text())
    assert skipped["min_size"] == cfg.audit.slice_min_size and all(n < skipped["min_size"] for n in skipped["skipped"].values())
    assert not any(k.startswith(tuple(f"slice.{name}." for name in skipped["skipped"])) for k in metrics)
    # each source file and the gate set recorded with its digest
    source_inputs = [{t.key: t.value for t in i.tags} for i in run.inputs.dataset_inputs]
    by_context = {t["mlflow.data.context"]: t for t in source_inputs}
    assert by_context["source"]["sha256"] == tags["data.source.0.sha256"] and by_context["source"]["path"] == str(tiny_corpus)
    assert by_context["gate"]["path"] == str(gate_path) and tags["gate.set.sha256"] == by_context["gate"]["sha256"]
    # the gate scored this (first) model and promoted it
    assert tags["gate.decision"] == "promoted" and "first model" in tags["gate.reason"]
    assert "gate.candidate.unsafe_suggestions" in metrics and "gate.candidate.response_model.accuracy" in metrics


def test_train_model_card_and_misclassified_notes(client: MlflowClient, training_run: tuple[TrainConfig, str],
                                                  tmp_path: Path) -> None:
    cfg, run_id = training_run
    local = Path(client.download_artifacts(run_id, "", str(tmp_path)))
    card = (local / "model_card.md").read_text()
    for section in ("## Intended use", "## Labels", "## Data", "## Held-out metrics", "## Slices", "## Known limits",
                    "calibration.crisis_type.ece", "gate set"):
        assert section in card, section
    assert client.get_run(run_id).data.tags["data.source.0.sha256"] in card
    for head in ("crisis_type", "violence_risk"):
        wrong = pd.read_csv(local / "evaluation" / "misclassified" / f"{head}.csv", dtype=str, keep_default_na=False)
        assert 0 < len(wrong) <= cfg.audit.misclassified_per_head
        assert (wrong["gold"] != wrong["predicted"]).all()
        assert not wrong["text"].str.contains(r"\d{3}[-. ]\d{4}").any()  # phone numbers redacted


def test_split_keeps_a_calls_notes_together(tiny_corpus: Path) -> None:
    frame = pd.read_csv(tiny_corpus, dtype=str, keep_default_na=False)
    frame["call_id"] = [f"C{i // 3}" for i in range(len(frame))]  # three notes (updates) per call
    frame.loc[frame.index[:10], "call_id"] = ""  # a note without a call id is a call of its own
    train_a, test_a = split(frame, 0.2, 1)
    train_b, test_b = split(frame, 0.2, 1)
    assert list(test_a["id"]) == list(test_b["id"])
    assert not set(train_a["call_id"].replace("", None).dropna()) & set(test_a["call_id"].replace("", None).dropna())
    assert len(train_a) + len(test_a) == len(frame) and not set(train_a["id"]) & set(test_a["id"])
    assert 0.15 < len(test_a) / len(frame) < 0.25
    assert list(split(frame, 0.2, 2)[1]["id"]) != list(test_a["id"])


def test_train_records_the_call_mix(client: MlflowClient, training_run: tuple[TrainConfig, str],
                                    trained_model_dir: Path, tiny_corpus: Path, tmp_path: Path) -> None:
    cfg, run_id = training_run
    manifest = json.loads((trained_model_dir / MANIFEST_FILE).read_text())
    mix = from_manifest(load_model(trained_model_dir).manifest)
    assert mix is not None
    assert mix.target.source == "config" and mix.target.shares == cfg.prior.shares
    # the training prior is the crisis-type mix of the notes the head was fitted on
    train, _ = split(pd.read_csv(tiny_corpus, dtype=str, keep_default_na=False), cfg.split.test_size, cfg.seed)
    assert manifest["data"]["train_rows"] == len(train)
    expected = train["crisis_type"].value_counts(normalize=True)
    assert mix.training.shares == pytest.approx({k: float(expected.get(k, 0.0)) for k in CRISIS_TYPES})
    run = client.get_run(run_id)
    assert run.data.tags["prior.source"] == "config"
    assert {k: float(run.data.params[f"prior.{k}"]) for k in CRISIS_TYPES} == cfg.prior.shares
    logged = json.loads(Path(client.download_artifacts(run_id, "config/prior.json", str(tmp_path))).read_text())
    assert logged == manifest["prior"]
    card = Path(client.download_artifacts(run_id, "model_card.md", str(tmp_path))).read_text()
    assert "## Call mix (prior)" in card and "| not_behavioral | " in card and "0.9680 |" in card


def test_train_stops_before_fitting_when_the_call_mix_file_is_missing(
    training_run: tuple[TrainConfig, str], tiny_corpus: Path, policy_path: Path, tmp_path: Path
) -> None:
    cfg, _ = training_run
    missing = tmp_path / "agency_unlabeled.csv"
    broken = cfg.model_copy(update={
        "prior": PriorConfig(estimate=missing),
        "mlflow": cfg.mlflow.model_copy(update={"tracking_uri": f"sqlite:///{tmp_path / 'mlflow.db'}"}),
    })
    with own_tracking_store(), pytest.raises(DataValidationError, match="agency_unlabeled.csv: file not found"):
        main(broken, [tiny_corpus], policy_path=policy_path)
    assert not (tmp_path / "mlflow.db").exists()  # no run was started


@pytest.mark.parametrize(("thresholds", "message"), [
    ({"crisis_type": 0.55, "violence_risk": 0.6, "behavioural": 0.04}, r"thresholds: unknown \['behavioural'\]"),
    ({"crisis_type": 0.55, "violence_risk": 1.6}, r"thresholds: \['violence_risk'\] must be between 0 and 1"),
    ({"crisis_type": 0.55}, r"thresholds: missing a threshold for \['violence_risk'\]"),
])
def test_config_thresholds_errors_name_the_threshold(tmp_path: Path, thresholds: dict[str, float], message: str) -> None:
    """A misspelled threshold must not be silently ignored (the model would run without it)."""
    doc = yaml.safe_load((Path(__file__).parents[1] / "training" / "config.yaml").read_text())
    doc["thresholds"] = thresholds
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(doc))
    with pytest.raises(ConfigError, match=message):
        load_config(tmp_path / "config.yaml")


def test_mlflow_models_serve_answers_as_the_service_does(training_run: tuple[TrainConfig, str], trained_model_dir: Path,
                                                         policy_path: Path) -> None:
    """`mlflow models serve` of the registered champion: the same suggestion as the service."""
    import os

    import httpx

    from call_nlp import bench_servers
    from call_nlp.triage import Triager

    cfg, _ = training_run
    env = {**os.environ, "MLFLOW_TRACKING_URI": cfg.mlflow.tracking_uri}
    server = bench_servers.mlflow(f"models:/{cfg.mlflow.registered_model}@{cfg.mlflow.alias}", [], [], env)
    notes = [*NOTES, "CALLER SAYS HE HAS A GUN AND WILL USE IT"]
    with bench_servers.started(server) as (base, _):
        answer = httpx.post(f"{base}/invocations", json={"dataframe_split": {"columns": ["text"], "data": [[n] for n in notes]}},
                            timeout=120)
    assert answer.status_code == 200, answer.text
    rows = answer.json()["predictions"]
    for row, suggestion in zip(rows, Triager.load(trained_model_dir, policy_path).triage_many(notes), strict=True):
        assert (row["response_model"], row["needs_review"], row["crisis_type"], row["violence_risk"]) == (
            suggestion.response_model, suggestion.needs_review, suggestion.crisis_type.label, suggestion.violence_risk.label)
        assert row["violence_risk_confidence"] == pytest.approx(suggestion.violence_risk.confidence, abs=1e-6)
        assert json.loads(row["cues"]) == [cue.to_json() for cue in suggestion.cues]
    assert rows[-1]["violence_risk"] == "imminent" and rows[-1]["response_model"] == "co_response"
