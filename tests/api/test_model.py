"""GET /v1/model and the OpenAPI document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from call_nlp.api.main import create_app
from call_nlp.api.settings import Settings
from call_nlp.artifact import MANIFEST_FILE
from call_nlp.config import TrainConfig
from call_nlp.labels import CRISIS_TYPES, RESPONSE_MODELS, VIOLENCE_RISKS
from call_nlp.policy import Policy
from tests.api.conftest import LOOPBACK
from tests.conftest import resign


def test_model_summarizes_the_manifest(client: TestClient, trained_model_dir: Path, policy_path: Path) -> None:
    manifest = json.loads((trained_model_dir / MANIFEST_FILE).read_text())
    response = client.get("/v1/model")
    assert response.status_code == 200
    body = response.json()
    assert body["sha256"] == manifest["model_sha256"]
    assert body["version"] == manifest["version"]
    assert body["run_id"] == manifest["mlflow_run_id"]
    assert body["trained_at"] == manifest["trained_at"]
    assert body["training_data"]["digest"] == manifest["data"]["digest"]
    assert body["training_data"]["train_rows"] == manifest["data"]["train_rows"]
    assert body["training_data"]["sources"] == manifest["data"]["sources"]
    assert body["training_data"]["heads"] == manifest["data"]["heads"]  # which rows trained each head
    assert body["training_data"]["call_types"] == manifest["data"]["call_types"]
    assert body["training_data"]["gate_set"]["sha256"] == manifest["data"]["gate_set"]["sha256"]
    assert body["promotion"] == {"alias": "champion", "decision": "promoted", "reason": manifest["gate"]["reason"]}
    assert body["labels"]["crisis_type"] == list(CRISIS_TYPES)
    assert body["thresholds"] == manifest["thresholds"]
    assert body["metrics"]["n"] == manifest["metrics"]["n"]
    policy = Policy.from_yaml(policy_path)
    assert body["policy"] == {"version": policy.version, "digest": policy.digest}
    assert body["policy_rules"] == [r.name for r in policy.rules]


def test_model_shows_the_call_mix_in_force(client: TestClient, trained_model_dir: Path, base_config: TrainConfig) -> None:
    manifest = json.loads((trained_model_dir / MANIFEST_FILE).read_text())
    prior = client.get("/v1/model").json()["prior"]
    assert prior == manifest["prior"]
    assert prior["target"]["source"] == "config" and prior["target"]["shares"] == base_config.prior.shares
    assert prior["training"]["source"] == "training" and set(prior["training"]["shares"]) == set(CRISIS_TYPES)
    assert prior["target"]["estimate"] is None


def test_model_tolerates_a_sparse_manifest(model_copy: Path, policy_path: Path, signing_key_path: Path) -> None:
    full = json.loads((model_copy / MANIFEST_FILE).read_text())
    sparse = {k: full[k] for k in ("model_file", "model_sha256", "thresholds", "serving")}
    sparse["metrics"] = {"imminent_recall": None, "note": "hand-made", "n": 3}
    (model_copy / MANIFEST_FILE).write_text(json.dumps(sparse))
    resign(model_copy, signing_key_path)
    with TestClient(create_app(Settings(model_path=model_copy, policy_path=policy_path)), client=LOOPBACK) as client:
        response = client.get("/v1/model")
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == "unversioned" and body["run_id"] is None
    assert body["trained_at"] is None and body["labels"] is None and body["training_policy"] is None
    assert body["training_data"] == {"digest": None, "train_rows": None, "test_rows": None, "sources": None,
                                     "gate_set": None, "heads": None, "base_heads": None, "call_types": None}
    assert body["promotion"] is None
    assert body["prior"] is None  # a model trained before call mixes: shown as none, not invented
    assert body["metrics"] == {"imminent_recall": None, "note": "hand-made", "n": 3}


def test_model_non_finite_metrics_become_null(model_copy: Path, policy_path: Path, signing_key_path: Path) -> None:
    manifest = json.loads((model_copy / MANIFEST_FILE).read_text())
    manifest["metrics"] = {"imminent_recall": float("nan"), "n": 5}
    (model_copy / MANIFEST_FILE).write_text(json.dumps(manifest))  # writes NaN, as save_model would
    resign(model_copy, signing_key_path)
    with TestClient(create_app(Settings(model_path=model_copy, policy_path=policy_path)), client=LOOPBACK) as client:
        response = client.get("/v1/model")
    assert response.status_code == 200
    assert response.json()["metrics"] == {"imminent_recall": None, "n": 5}


def test_model_openapi_documents_every_field(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    assert {"/healthz", "/readyz", "/v1/triage", "/v1/triage/batch", "/v1/model"} <= set(spec["paths"])
    schemas = spec["components"]["schemas"]
    response = schemas["TriageResponse"]["properties"]
    required = {"response_model", "needs_review", "crisis_type", "violence_risk", "cues", "reasons", "model", "call_id"}
    assert required <= set(response)
    assert response["response_model"]["enum"] == list(RESPONSE_MODELS)
    assert schemas["CrisisTypePrediction"]["properties"]["label"]["enum"] == list(CRISIS_TYPES)
    assert schemas["ViolenceRiskPrediction"]["properties"]["label"]["enum"] == list(VIOLENCE_RISKS)
    request = schemas["TriageRequest"]
    assert request["examples"][0]["text"]
    assert all(p.get("description") for p in request["properties"].values())
    triage = spec["paths"]["/v1/triage"]["post"]["responses"]
    assert {"200", "422", "503"} <= set(triage)


def test_model_openapi_describes_every_property(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    undocumented = [
        f"{name}.{prop}"
        for name, schema in schemas.items()
        for prop, spec in schema.get("properties", {}).items()
        if not spec.get("description")
    ]
    assert undocumented == []


class _Payload:
    """Unpickling it touches a file: what a planted ``__reduce__`` could do instead."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (Path.touch, (str(self.marker),))  # type: ignore[return-value]


@pytest.mark.parametrize("resigned", [False, True])
def test_a_model_file_that_would_run_code_is_never_loaded(model_copy: Path, policy_path: Path, tmp_path: Path,
                                                          signing_key_path: Path, resigned: bool) -> None:
    """Issue 11, point 3: a pickle with a payload and its digest recomputed in the manifest, the
    serving files removed so that only the pickle is left. As an attacker writes it (the
    manifest no longer matches its signature), every loader refuses it before reading anything
    else, evaluation too. Signed by the training key (a model from before the serving files), the
    service and predict still refuse it: they never unpickle. The payload never runs."""
    import hashlib

    import joblib

    from call_nlp.errors import ModelLoadError
    from call_nlp.triage import Triager

    marker = tmp_path / "payload-ran"
    joblib.dump(_Payload(marker), model_copy / "model.joblib")
    manifest = json.loads((model_copy / MANIFEST_FILE).read_text())
    manifest["model_sha256"] = hashlib.sha256((model_copy / "model.joblib").read_bytes()).hexdigest()
    manifest.pop("serving")
    (model_copy / MANIFEST_FILE).write_text(json.dumps(manifest))
    if resigned:
        resign(model_copy, signing_key_path)
    refusal = "never loads" if resigned else "signature does not verify"
    with TestClient(create_app(Settings(model_path=model_copy, policy_path=policy_path)), client=LOOPBACK) as client:
        ready = client.get("/readyz")
        triage = client.post("/v1/triage", json={"text": "SUBJ HAS A KNIFE"})
    assert ready.status_code == 503 and refusal in ready.json()["reason"]
    assert triage.status_code == 503
    with pytest.raises(ModelLoadError, match=refusal):
        Triager.load(model_copy, policy_path)
    if not resigned:  # the estimator of record is read only from a manifest its key signed
        with pytest.raises(ModelLoadError, match=refusal):
            Triager.load(model_copy, policy_path, use_estimator=True)
    assert not marker.exists()
