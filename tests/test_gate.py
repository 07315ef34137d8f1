"""The promotion gate end to end, in its own MLflow store: a first model is promoted, a better
one replaces it, a worse one is kept as challenger and never reaches the serving directory;
models load by registry URI, verified.

The worse model is the one the gate exists for: it sends unarmed responders to more armed
calls. Since the safety rules, not the classifier, catch a stated weapon, what makes a model
less safe is the lexicon it carries: this one was trained (on a small subset) with an agency
lexicon whose shorthand rewrites the words for knives and guns, so it no longer sees them.
(A model trained on shuffled labels is no test of the unsafe count: it rarely suggests an
unarmed response at all, and is refused for its accuracy instead.)"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import yaml
from fastapi.testclient import TestClient
from mlflow import MlflowClient

from call_nlp import registry, train
from call_nlp.artifact import MANIFEST_FILE, MODEL_FILE, ModelLoadError
from call_nlp.serving_file import DATA_FILE
from call_nlp.signing import SIGNATURE_FILE
from call_nlp.config import TrainConfig
from tests.conftest import own_tracking_store, resign, tiny_config

WORSE_NOTES = 600  # a small subset: cheap to train


def _blind_to_weapons() -> str:
    """An agency lexicon edit that hides weapons: "not a cue" senses that swallow the usual
    ways a note names one ("a knife", "w/ a bat": the longest match wins, so no weapon)."""
    from call_nlp.language import load_lexicon

    terms = [t for concept in load_lexicon().data["cues"]["weapon"].values() for t in concept]
    phrases = [f"{det} {t}" for det in ("a", "an", "the", "his", "her", "with", "w/", "holding", "has") for t in terms]
    return yaml.safe_dump({"version": "blind", "not_cues": phrases})


@dataclass(frozen=True)
class GateRuns:
    cfg: TrainConfig
    worse_first: str
    better: str
    worse_again: str
    serving_after_better: dict[str, bytes]


@pytest.fixture(scope="module")
def gate_runs(tmp_path_factory: pytest.TempPathFactory, base_config: TrainConfig, tiny_corpus: Path,
              gate_path: Path, policy_path: Path, signing_key_path: Path) -> GateRuns:
    root = tmp_path_factory.mktemp("gate-runs")
    cfg = tiny_config(base_config, root, tiny_corpus, gate_path, signing_key_path)
    frame = pd.read_csv(tiny_corpus, dtype=str, keep_default_na=False).sample(n=WORSE_NOTES, random_state=3)
    worse = root / "subset.csv"
    frame.to_csv(worse, index=False)
    blind = root / "blind_lexicon.yaml"
    blind.write_text(_blind_to_weapons())
    blind_cfg = cfg.model_copy(update={"language": cfg.language.model_copy(update={"lexicon_paths": [blind]})})
    with own_tracking_store():
        worse_first = train.main(blind_cfg, [worse], policy_path=policy_path)
        better = train.main(cfg, [tiny_corpus], policy_path=policy_path)
        serving = {name: (cfg.output.model_dir / name).read_bytes() for name in (MODEL_FILE, MANIFEST_FILE)}
        worse_again = train.main(blind_cfg, [worse], policy_path=policy_path)
    return GateRuns(cfg, worse_first, better, worse_again, serving)


@pytest.fixture(scope="module")
def mlflow_client(gate_runs: GateRuns) -> MlflowClient:
    uri = gate_runs.cfg.mlflow.tracking_uri
    return MlflowClient(tracking_uri=uri, registry_uri=uri)


@pytest.fixture
def registry_store(gate_runs: GateRuns, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("MLFLOW_TRACKING_URI", gate_runs.cfg.mlflow.tracking_uri)
    yield gate_runs.cfg.mlflow.tracking_uri


def _alias_run(client: MlflowClient, cfg: TrainConfig, alias: str) -> str:
    return client.get_model_version_by_alias(cfg.mlflow.registered_model, alias).run_id


def test_gate_promotes_the_first_model(gate_runs: GateRuns, mlflow_client: MlflowClient) -> None:
    tags = mlflow_client.get_run(gate_runs.worse_first).data.tags
    assert tags["gate.decision"] == "promoted" and tags["gate.champion_version"] == "none"
    assert "first model" in tags["gate.reason"]


def test_gate_promotes_a_better_model(gate_runs: GateRuns, mlflow_client: MlflowClient) -> None:
    run = mlflow_client.get_run(gate_runs.better)
    metrics = run.data.metrics
    assert run.data.tags["gate.decision"] == "promoted" and run.data.tags["registry.alias"] == "champion"
    assert run.data.tags["gate.champion_version"] == "1"
    assert metrics["gate.candidate.unsafe_suggestions"] <= metrics["gate.champion.unsafe_suggestions"]
    assert metrics["gate.candidate.response_model.accuracy"] > metrics["gate.champion.response_model.accuracy"]
    served = json.loads(gate_runs.serving_after_better[MANIFEST_FILE])
    assert served["mlflow_run_id"] == gate_runs.better and served["version"] == "2"


def test_gate_refuses_a_worse_model(gate_runs: GateRuns, mlflow_client: MlflowClient) -> None:
    cfg = gate_runs.cfg
    run = mlflow_client.get_run(gate_runs.worse_again)
    tags, metrics = run.data.tags, run.data.metrics
    assert tags["gate.decision"] == "challenger" and tags["registry.alias"] == "challenger"
    assert tags["gate.reason"].startswith(f"more unsafe suggestions on the pinned gate set {cfg.gate.path} (")
    assert "than champion v2" in tags["gate.reason"] and tags["gate.set"] in tags["gate.reason"]
    assert metrics["gate.candidate.unsafe_suggestions"] > metrics["gate.champion.unsafe_suggestions"]
    assert {"gate.candidate.unsafe_suggestions", "gate.champion.unsafe_suggestions",
            "gate.candidate.response_model.accuracy", "gate.champion.response_model.accuracy"} <= set(metrics)
    assert _alias_run(mlflow_client, cfg, "champion") == gate_runs.better
    assert _alias_run(mlflow_client, cfg, "challenger") == gate_runs.worse_again
    version = mlflow_client.get_model_version_by_alias(cfg.mlflow.registered_model, "challenger")
    assert version.tags["gate.decision"] == "challenger"
    for name, content in gate_runs.serving_after_better.items():  # the serving copy is untouched
        assert (cfg.output.model_dir / name).read_bytes() == content
    challenger = json.loads((cfg.output.challenger_dir / MANIFEST_FILE).read_text())
    assert challenger["mlflow_run_id"] == gate_runs.worse_again and challenger["alias"] == "challenger"


def test_registry_loads_exactly_the_champion(gate_runs: GateRuns, registry_store: str) -> None:
    loaded = registry.load("models:/call-nlp@champion")
    assert loaded.manifest.mlflow_run_id == gate_runs.better
    assert loaded.manifest.model_sha256 == json.loads(gate_runs.serving_after_better[MANIFEST_FILE])["model_sha256"]
    assert registry.load("models:/call-nlp/1").manifest.mlflow_run_id == gate_runs.worse_first
    with pytest.raises(ModelLoadError, match="not in the registry"):
        registry.load("models:/call-nlp@nonexistent")


def test_cli_and_api_accept_a_registry_uri(gate_runs: GateRuns, registry_store: str, policy_path: Path,
                                          tiny_corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from call_nlp.api.main import create_app
    from call_nlp.api.settings import Settings
    from call_nlp.cli import main
    from tests.api.conftest import LOOPBACK

    labeled = tmp_path / "labeled.csv"
    pd.read_csv(tiny_corpus, dtype=str, keep_default_na=False).head(20).to_csv(labeled, index=False)
    assert main(["evaluate", str(labeled), "--model", "models:/call-nlp@champion", "--policy", str(policy_path)]) == 0
    assert f"model 2 (run {gate_runs.better})" in capsys.readouterr().out
    settings = Settings(model_path="models:/call-nlp@champion", policy_path=policy_path,
                        database_url=f"sqlite:///{tmp_path / 'records.db'}", spool_dir=tmp_path / "spool")
    with TestClient(create_app(settings), client=LOOPBACK) as client:
        body = client.get("/v1/model").json()
    assert body["version"] == "2" and body["run_id"] == gate_runs.better
    assert body["training_data"]["sources"][0]["sha256"] and body["policy"]["version"]
    assert body["promotion"]["decision"] == "promoted"


def _stored_model_dir(client: MlflowClient, cfg: TrainConfig, version: str) -> Path:
    """Where the store keeps a version's model directory: inside its one MLflow model."""
    logged = client.get_logged_model(client.get_model_version(cfg.mlflow.registered_model, version).source.removeprefix("models:/"))
    return Path(logged.artifact_location.removeprefix("file://")) / "artifacts" / "model_dir"


def test_registry_refuses_a_tampered_artifact(gate_runs: GateRuns, registry_store: str,
                                             mlflow_client: MlflowClient, signing_key_path: Path) -> None:
    stored = _stored_model_dir(mlflow_client, gate_runs.cfg, "3")  # the challenger's, in its MLflow model
    model_file = stored / MODEL_FILE
    original = model_file.read_bytes()
    model_file.write_bytes(original + b"tampered")
    try:
        with pytest.raises(ModelLoadError, match="does not match the manifest"):
            registry.load("models:/call-nlp@challenger")
    finally:
        model_file.write_bytes(original)
    data_file = stored / DATA_FILE  # what the service reads
    original = data_file.read_bytes()
    data_file.write_bytes(original + b" ")
    try:
        with pytest.raises(ModelLoadError, match="does not match the manifest"):
            registry.load("models:/call-nlp@challenger", estimator=False)
    finally:
        data_file.write_bytes(original)
    assert registry.load("models:/call-nlp@challenger", estimator=False).served is not None
    manifest_file = stored / MANIFEST_FILE
    manifest = manifest_file.read_text()
    forged = json.loads(manifest)
    forged["mlflow_run_id"] = gate_runs.better  # a copied manifest no longer matches the registry entry
    manifest_file.write_text(json.dumps(forged))
    signature_file = manifest_file.with_name(SIGNATURE_FILE)
    signature = signature_file.read_bytes()
    try:
        with pytest.raises(ModelLoadError, match="signature does not verify"):  # without the training key
            registry.load("models:/call-nlp@challenger")
        resign(manifest_file.parent, signing_key_path)  # with it (a leaked key): the registry still refuses
        with pytest.raises(ModelLoadError, match="does not match the registry"):
            registry.load("models:/call-nlp@challenger")
    finally:
        manifest_file.write_text(manifest)
        signature_file.write_bytes(signature)


def test_gate_never_promotes_a_model_below_the_accuracy_floor(base_config) -> None:  # noqa: ANN001
    from call_nlp.gate import decide

    cfg = base_config.gate.model_copy(update={"min_response_accuracy": 0.6})
    useless = {"unsafe_suggestions": 0, "response_model.accuracy": 0.26}
    first = decide(useless, None, cfg)
    assert not first.promoted and "below the floor" in first.reason
    good = {"unsafe_suggestions": 9, "response_model.accuracy": 0.76}
    assert decide(good, None, cfg).promoted


def test_the_service_follows_the_champion_alias(gate_runs: GateRuns, registry_store: str, mlflow_client: MlflowClient,
                                                policy_path: Path, tmp_path: Path) -> None:
    """Serving models:/call-nlp@champion: when the alias moves (by hand here, as after a review),
    GET /v1/model says so and a reload swaps that version in."""
    from call_nlp.api.main import create_app
    from call_nlp.api.settings import Settings
    from tests.api.conftest import LOOPBACK

    name = gate_runs.cfg.mlflow.registered_model
    settings = Settings(model_path="models:/call-nlp@champion", policy_path=policy_path, model_poll_seconds=0,
                        database_url=f"sqlite:///{tmp_path / 'records.db'}", spool_dir=tmp_path / "spool")
    note = {"text": "CALLER STATES HE HAS A KNIFE AND WANTS TO DIE", "call_id": "26-7"}
    with TestClient(create_app(settings), client=LOOPBACK) as client:
        assert client.get("/v1/model").json()["champion"] | {"checked_at": None} == {
            "source": "models:/call-nlp@champion", "newer": False, "checked_at": None, "error": None, "poll_seconds": 0,
            "available": {"version": "2", "sha256": json.loads(gate_runs.serving_after_better[MANIFEST_FILE])["model_sha256"]}}
        mlflow_client.set_registered_model_alias(name, "champion", "3")
        try:
            champion = client.get("/v1/model").json()["champion"]
            assert champion["newer"] is True and champion["available"]["version"] == "3"
            reloaded = client.post("/v1/model/reload").json()
            assert reloaded["swapped"] is True and reloaded["model"]["run_id"] == gate_runs.worse_again
            assert client.post("/v1/triage", json=note).json()["model"]["version"] == "3"
        finally:
            mlflow_client.set_registered_model_alias(name, "champion", "2")
        assert client.get("/v1/model").json()["champion"]["newer"] is True  # the rollback is named too
        assert client.post("/v1/model/reload").json()["model"]["version"] == "2"


def test_the_service_reads_its_mlflow_store_from_its_settings(gate_runs: GateRuns, policy_path: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """CALL_NLP_MLFLOW_TRACKING_URI names the store a models:/ URI is resolved and polled in."""
    from call_nlp.api.main import create_app
    from call_nlp.api.settings import Settings
    from tests.api.conftest import LOOPBACK

    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    monkeypatch.setenv("CALL_NLP_MLFLOW_TRACKING_URI", gate_runs.cfg.mlflow.tracking_uri)
    monkeypatch.setenv("CALL_NLP_MODEL_PATH", "models:/call-nlp@champion")
    settings = Settings(policy_path=policy_path, model_poll_seconds=0, database_url=f"sqlite:///{tmp_path / 'r.db'}",
                        spool_dir=tmp_path / "spool")
    with TestClient(create_app(settings), client=LOOPBACK) as client:
        body = client.get("/v1/model").json()
    assert body["version"] == "2" and body["champion"]["available"]["version"] == "2"
    assert body["champion"]["error"] is None
