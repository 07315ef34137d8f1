"""Liveness, readiness and the 503s of an app whose model or policy did not load."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from call_nlp.api.main import create_app
from call_nlp.api.settings import Settings
from call_nlp.artifact import MANIFEST_FILE, MODEL_FILE, sha256_file
from call_nlp.signing import load_or_create_private_key
from tests.conftest import resign
from call_nlp.serving_file import ARRAYS_FILE, DATA_FILE
from tests.api.conftest import LOOPBACK

TRIAGE_CALLS = (
    ("POST", "/v1/triage", {"text": "RP STATES SUBJ HEARING VOICES"}),
    ("POST", "/v1/triage/batch", {"notes": [{"text": "RP STATES SUBJ HEARING VOICES"}]}),
    ("GET", "/v1/model", None),
)


def _assert_unavailable(client: TestClient, reason_part: str) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["status"] == "unavailable"
    assert reason_part in ready.json()["reason"]
    for method, url, body in TRIAGE_CALLS:
        response = client.request(method, url, json=body)
        assert response.status_code == 503, url
        assert response.json()["detail"].startswith("model not loaded: ")
        assert reason_part in response.json()["detail"]


def test_health_liveness_ok(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_ready_names_the_loaded_model(client: TestClient, trained_model_dir: Path) -> None:
    manifest = json.loads((trained_model_dir / MANIFEST_FILE).read_text())
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready" and body["reason"] is None
    assert body["model"]["sha256"] == manifest["model_sha256"]
    assert body["model"]["run_id"] == manifest["mlflow_run_id"]
    assert body["store"] == "ok" and body["spool_records"] == 0 and body["store_reason"] is None


def test_health_missing_model_dir_gives_503_not_crash(
    tmp_path: Path, policy_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    missing = tmp_path / "no-such-model"
    with caplog.at_level(logging.ERROR, logger="call_nlp"):
        with TestClient(create_app(Settings(model_path=missing, policy_path=policy_path)), client=LOOPBACK) as client:
            _assert_unavailable(client, "no-such-model: no manifest.json")  # the folder only in the log
    assert "model not loaded" in caplog.text and str(missing) in caplog.text


@pytest.mark.parametrize("name", [ARRAYS_FILE, DATA_FILE])
def test_health_tampered_serving_file_gives_503(model_copy: Path, policy_path: Path, name: str) -> None:
    with open(model_copy / name, "ab") as fh:
        fh.write(b"tampered")
    with TestClient(create_app(Settings(model_path=model_copy, policy_path=policy_path)), client=LOOPBACK) as client:
        _assert_unavailable(client, "does not match the manifest")


def test_health_unreadable_serving_file_gives_503(model_copy: Path, policy_path: Path, signing_key_path: Path) -> None:
    # a file that matches its signed manifest but is not an array archive: still a 503 that says so
    (model_copy / ARRAYS_FILE).write_bytes(b"not an npz archive")
    manifest = json.loads((model_copy / MANIFEST_FILE).read_text())
    manifest["serving"]["files"][ARRAYS_FILE] = sha256_file(model_copy / ARRAYS_FILE)
    (model_copy / MANIFEST_FILE).write_text(json.dumps(manifest))
    resign(model_copy, signing_key_path)
    with TestClient(create_app(Settings(model_path=model_copy, policy_path=policy_path)), client=LOOPBACK) as client:
        _assert_unavailable(client, "serving files unreadable")


def test_health_the_pickle_is_never_opened(model_copy: Path, policy_path: Path) -> None:
    (model_copy / MODEL_FILE).write_bytes(b"whatever an attacker put here is never unpickled")
    with TestClient(create_app(Settings(model_path=model_copy, policy_path=policy_path)), client=LOOPBACK) as client:
        assert client.get("/readyz").status_code == 200


def test_health_corrupt_manifest_gives_503(model_copy: Path, policy_path: Path, signing_key_path: Path) -> None:
    (model_copy / MANIFEST_FILE).write_text("{not json")
    resign(model_copy, signing_key_path)  # signed as it is: the JSON itself is refused
    with TestClient(create_app(Settings(model_path=model_copy, policy_path=policy_path)), client=LOOPBACK) as client:
        _assert_unavailable(client, "not valid JSON")


def test_health_bad_policy_gives_503(trained_model_dir: Path, tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: x\nrules:\n  - name: bad\n    response_model: send_everyone\n")
    with TestClient(create_app(Settings(model_path=trained_model_dir, policy_path=policy)), client=LOOPBACK) as client:
        _assert_unavailable(client, "send_everyone")


def test_health_missing_policy_gives_503(trained_model_dir: Path, tmp_path: Path) -> None:
    policy = tmp_path / "absent.yaml"
    with TestClient(create_app(Settings(model_path=trained_model_dir, policy_path=policy)), client=LOOPBACK) as client:
        _assert_unavailable(client, "absent.yaml")


def test_health_app_not_started_is_unavailable(api_settings: Settings) -> None:
    client = TestClient(create_app(api_settings), client=LOOPBACK)  # no `with`: lifespan has not run
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "not started" in response.json()["reason"]


def test_health_model_with_off_taxonomy_labels_gives_503(tmp_path: Path, policy_path: Path, signing_key_path: Path) -> None:
    # a model that would answer with labels the API contract does not have is refused at startup
    from call_nlp.artifact import save_model
    from call_nlp.config import ModelConfig
    from call_nlp.model import build_pipeline

    texts = [f"RP STATES SUBJ {w} NUMBER {i}" for i in range(12) for w in ("SAD", "ANGRY")]
    labels = [["sad_feelings", "low"] if "SAD" in t else ["psychosis", "elevated"] for t in texts]
    pipeline = build_pipeline(ModelConfig(min_df=1, calibration_cv=2, max_iter=200), seed=0).fit(texts, labels)
    save_model(pipeline, {"thresholds": {"crisis_type": 0.5, "violence_risk": 0.5}}, tmp_path / "model",
               load_or_create_private_key(signing_key_path))
    with TestClient(create_app(Settings(model_path=tmp_path / "model", policy_path=policy_path)), client=LOOPBACK) as client:
        _assert_unavailable(client, "outside the taxonomy: ['sad_feelings']")


@pytest.mark.parametrize(("change", "named"), [
    ({"thresholds": "high"}, "thresholds"),  # a section of the wrong shape
    ({"lexicon": {"version": "2026.12", "digest": ["not", "text"]}}, "lexicon.digest"),
    ({"data": {"train_rows": "many"}}, "data.train_rows"),
])
def test_health_malformed_manifest_section_gives_503_naming_it(model_copy: Path, policy_path: Path,
                                                               change: dict, named: str, signing_key_path: Path) -> None:
    """The manifest is validated once, at load: a wrong section stops the model, naming the field."""
    manifest = json.loads((model_copy / MANIFEST_FILE).read_text())
    (model_copy / MANIFEST_FILE).write_text(json.dumps({**manifest, **change}))
    resign(model_copy, signing_key_path)  # as a training bug would write it: signed
    with TestClient(create_app(Settings(model_path=model_copy, policy_path=policy_path)), client=LOOPBACK) as client:
        _assert_unavailable(client, named)


def test_a_started_app_keeps_its_model_out_of_the_collectors_reach(api_settings: Settings) -> None:
    """A full garbage collection walking the loaded model stalls every request in flight (about
    0.1 s): while the app runs, what it loaded is frozen (`gc.freeze`), and once it stops it is
    collectable again, so a process that starts apps in turn does not keep them all."""
    import gc

    app = create_app(api_settings)
    with TestClient(app, client=LOOPBACK) as client:
        assert client.post("/v1/triage", json={"text": "SUBJ HAS A KNIFE"}).status_code == 200
        triager = app.state.model.triager
        lexicon = triager.layer.lexicon.data  # a container the collector tracks
        assert gc.is_tracked(lexicon)
        assert not any(o is lexicon for o in gc.get_objects())
    assert any(o is lexicon for o in gc.get_objects())


def test_a_started_app_shortens_the_switch_interval_and_gives_it_back(api_settings: Settings) -> None:
    """Every triage waits for the record writer's commit, and the writer, a thread, waits for
    the GIL: while the app runs the interpreter switches threads every `SWITCH_INTERVAL_S`, and
    once it stops the process has its own interval back."""
    import sys

    from call_nlp.api.main import SWITCH_INTERVAL_S

    process_own = sys.getswitchinterval()  # another test's app may still be running
    sys.setswitchinterval(0.004)
    try:
        with TestClient(create_app(api_settings), client=LOOPBACK) as client:
            assert client.post("/v1/triage", json={"text": "SUBJ HAS A KNIFE"}).status_code == 200
            assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL_S)
        assert sys.getswitchinterval() == pytest.approx(0.004)
    finally:
        sys.setswitchinterval(process_own)


def test_readyz_names_the_file_but_shows_no_folder(policy_path: Path, tmp_path: Path) -> None:
    """/readyz answers anyone: a model that failed to load is named by its last path part; the
    full path stays in the log."""
    missing = tmp_path / "srv" / "call-nlp" / "model"
    with TestClient(create_app(Settings(model_path=missing, policy_path=policy_path)), client=LOOPBACK) as client:
        ready = client.get("/readyz")
    assert ready.status_code == 503
    reason = ready.json()["reason"]
    assert reason.startswith("model: ") and "manifest.json" in reason
    assert str(tmp_path) not in ready.text and "srv" not in reason


def test_readyz_reports_a_spool_it_cannot_read_instead_of_failing(api_settings: Settings, tmp_path: Path) -> None:
    """A spool that cannot be read (here its folder became a file) is reported, with null
    counts; the service stays ready (it answered 500 before)."""
    import shutil

    settings = api_settings.model_copy(update={"spool_dir": tmp_path / "spool"})
    with TestClient(create_app(settings), client=LOOPBACK) as client:
        assert client.get("/readyz").json()["spool_error"] is None
        shutil.rmtree(tmp_path / "spool", ignore_errors=True)
        (tmp_path / "spool").write_text("not a folder")
        ready = client.get("/readyz")
    assert ready.status_code == 200
    body = ready.json()
    assert body["status"] == "ready" and body["spool_error"] == "NotADirectoryError"
    assert body["spool_records"] is None and body["rejected_records"] is None
