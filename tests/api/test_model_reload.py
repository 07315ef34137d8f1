"""A promoted model reaches the running service: /readyz and GET /v1/model say when the model
source names a newer model, POST /v1/model/reload (operator) swaps it in, the poll does it by
itself in every worker, no request is dropped, and every record carries the version that made it.

The "newer" model is the session's model with another registry version in its manifest, signed
again with the training key: to the service, a different signed model (the registry-URI case,
with really different models, is in tests/test_gate.py)."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr
from fastapi.testclient import TestClient

from call_nlp.api.main import create_app
from call_nlp.api.settings import Settings
from call_nlp.artifact import MANIFEST_FILE
from call_nlp.serving_file import DATA_FILE
from tests.api.conftest import LOOPBACK
from tests.conftest import resign

NOTE = {"text": "RP STATES SON HEARING VOICES, OFF MEDS. NEG WEAPONS", "call_id": "26-100"}
OPERATOR_KEY, CALL_TAKER_KEY, AUDITOR_KEY = "o" * 20, "c" * 20, "a" * 20
#: How long a test waits for a poll to swap a model in (it takes well under a second here).
DEADLINE_S = 60.0


def _promote(model_dir: Path, version: str, signing_key_path: Path) -> None:
    """What a promotion does to a served directory, as far as the service can tell: another signed model."""
    manifest = json.loads((model_dir / MANIFEST_FILE).read_text())
    manifest["version"] = version
    (model_dir / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    resign(model_dir, signing_key_path)


def _settings(model_dir: Path, policy_path: Path, tmp_path: Path, **extra: object) -> Settings:
    return Settings(model_path=model_dir, policy_path=policy_path, database_url=f"sqlite:///{tmp_path / 'records.db'}",
                    spool_dir=tmp_path / "spool", **extra)


def _wait_for(condition, what: str) -> None:  # noqa: ANN001 - a callable returning bool
    deadline = time.monotonic() + DEADLINE_S
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def test_model_says_when_the_source_names_a_newer_model_and_reload_swaps_it_in(
        model_copy: Path, policy_path: Path, tmp_path: Path, signing_key_path: Path) -> None:
    served = json.loads((model_copy / MANIFEST_FILE).read_text())["version"]
    with TestClient(create_app(_settings(model_copy, policy_path, tmp_path, model_poll_seconds=0)),
                    client=LOOPBACK) as client:
        assert client.get("/v1/model").json()["champion"]["newer"] is False
        before = client.post("/v1/triage", json=NOTE).json()
        _promote(model_copy, "99", signing_key_path)

        champion = client.get("/v1/model").json()["champion"]  # looks at the source now
        assert champion["newer"] is True and champion["available"]["version"] == "99"
        assert champion["source"] == str(model_copy) and champion["poll_seconds"] == 0
        ready = client.get("/readyz").json()  # the last look, with paths cut to their last part
        assert ready["champion"]["newer"] is True and ready["champion"]["source"] == "model"
        assert ready["model"]["version"] == served  # still the old one: polling is off

        reloaded = client.post("/v1/model/reload")
        assert reloaded.status_code == 200, reloaded.text
        body = reloaded.json()
        assert body["swapped"] is True and body["previous"]["version"] == served and body["model"]["version"] == "99"
        after = client.post("/v1/triage", json=NOTE).json()
        assert after["model"]["version"] == "99" and after["response_model"] == before["response_model"]
        assert client.get("/readyz").json()["champion"]["newer"] is False
        again = client.post("/v1/model/reload").json()
        assert again["swapped"] is False and "already served" in again["reason"]
        records = {s: client.get(f"/v1/suggestions/{s}").json() for s in (before["suggestion_id"], after["suggestion_id"])}
    assert records[before["suggestion_id"]]["model"]["version"] == served
    assert records[after["suggestion_id"]]["model"]["version"] == "99"


def test_a_model_that_fails_to_load_is_never_swapped_in(model_copy: Path, policy_path: Path, tmp_path: Path,
                                                        signing_key_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    served = json.loads((model_copy / MANIFEST_FILE).read_text())["version"]
    with TestClient(create_app(_settings(model_copy, policy_path, tmp_path, model_poll_seconds=0.05)),
                    client=LOOPBACK) as client:
        data = (model_copy / DATA_FILE).read_bytes()
        (model_copy / DATA_FILE).write_bytes(data + b" ")  # what the service reads no longer matches its sha256
        _promote(model_copy, "99", signing_key_path)
        _wait_for(lambda: client.get("/readyz").json()["champion"]["error"] is not None, "the poll to report the failure")
        time.sleep(0.5)  # ten more polls: none loads the refused model again
        ready = client.get("/readyz").json()
        assert ready["status"] == "ready" and ready["model"]["version"] == served
        assert ready["champion"]["newer"] is True and ready["champion"]["available"]["version"] == "99"
        assert "does not match the manifest" in ready["champion"]["error"]
        assert sum("model reload failed" in r.getMessage() for r in caplog.records) == 1
        assert client.post("/v1/triage", json=NOTE).json()["model"]["version"] == served

        refused = client.post("/v1/model/reload")  # an operator's reload tries again, and says why it failed
        assert refused.status_code == 409
        assert "does not match the manifest" in refused.json()["detail"] and f"still serving version {served}" in refused.json()["detail"]

        (model_copy / DATA_FILE).write_bytes(data)  # a fixed model: the poll takes it by itself
        _promote(model_copy, "100", signing_key_path)
        _wait_for(lambda: client.post("/v1/triage", json=NOTE).json()["model"]["version"] == "100", "the fixed model")
        assert client.get("/readyz").json()["champion"]["error"] is None


def test_the_poll_swaps_a_promoted_model_in(model_copy: Path, policy_path: Path, tmp_path: Path,
                                            signing_key_path: Path) -> None:
    with TestClient(create_app(_settings(model_copy, policy_path, tmp_path, model_poll_seconds=0.05)),
                    client=LOOPBACK) as client:
        _promote(model_copy, "99", signing_key_path)
        _wait_for(lambda: client.post("/v1/triage", json=NOTE).json()["model"]["version"] == "99", "the swap")
        ready = client.get("/readyz").json()
        assert ready["model"]["version"] == "99" and ready["champion"]["newer"] is False
        assert ready["champion"]["error"] is None


def test_only_an_operator_may_reload(api_settings: Settings) -> None:
    keys = f"{OPERATOR_KEY}:operator,{CALL_TAKER_KEY}:call-taker,{AUDITOR_KEY}:auditor"
    with TestClient(create_app(api_settings.model_copy(update={"api_keys": SecretStr(keys), "model_poll_seconds": 0})),
                    client=LOOPBACK) as keyed:
        assert keyed.post("/v1/model/reload").status_code == 401
        for key in (CALL_TAKER_KEY, AUDITOR_KEY):
            refused = keyed.post("/v1/model/reload", headers={"X-API-Key": key})
            assert refused.status_code == 403 and "operator" in refused.json()["detail"]
        done = keyed.post("/v1/model/reload", headers={"X-API-Key": OPERATOR_KEY})
        assert done.status_code == 200 and done.json()["swapped"] is False
        assert keyed.get("/v1/model", headers={"X-API-Key": OPERATOR_KEY}).status_code == 200
        assert keyed.post("/v1/triage", json=NOTE, headers={"X-API-Key": OPERATOR_KEY}).status_code == 403


# --- several workers, a real server --------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def two_workers(model_copy: Path, policy_path: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`call-nlp serve --workers 2` on the model copy, polling every 0.2 s; (base URL, its stderr file)."""
    port, errors = _free_port(), tmp_path / "server.err"
    env = {**os.environ, "CALL_NLP_MODEL_PATH": str(model_copy), "CALL_NLP_POLICY_PATH": str(policy_path),
           "CALL_NLP_DATABASE_URL": f"sqlite:///{tmp_path / 'records.db'}", "CALL_NLP_SPOOL_DIR": str(tmp_path / "spool"),
           "CALL_NLP_MODEL_POLL_SECONDS": "0.2", "CALL_NLP_RECORD_WRITER": "thread"}
    command = [sys.executable, "-m", "call_nlp.cli", "serve", "--workers", "2", "--port", str(port)]
    with errors.open("wb") as err:
        server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=err)
    base = f"http://127.0.0.1:{port}"
    def ready() -> bool:
        if server.poll() is not None:  # it stopped: say why
            pytest.fail(f"the server exited: {errors.read_text()[-2000:]}")
        return _status(f"{base}/readyz") == 200

    try:
        _wait_for(ready, "the server to start")
        yield base, errors
    finally:
        server.terminate()
        server.wait(timeout=30)


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def _triage(base: str) -> tuple[int, dict[str, object]]:
    """One triage on a new connection (so that both workers take some)."""
    request = urllib.request.Request(f"{base}/v1/triage", data=json.dumps(NOTE).encode(),
                                     headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status), json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, {}


def test_every_worker_swaps_and_no_request_is_dropped(two_workers: tuple[str, Path], model_copy: Path,
                                                      signing_key_path: Path, tmp_path: Path) -> None:
    base, errors = two_workers
    served = json.loads((model_copy / MANIFEST_FILE).read_text())["version"]
    answers: list[tuple[int, dict[str, object]]] = []
    stop = threading.Event()

    def hammer() -> None:
        while not stop.is_set():
            answers.append(_triage(base))

    clients = [threading.Thread(target=hammer) for _ in range(4)]
    for thread in clients:
        thread.start()
    try:
        _wait_for(lambda: len(answers) >= 20, "requests before the promotion")
        _promote(model_copy, "99", signing_key_path)
        _wait_for(lambda: len(set(re.findall(r"worker pid (\d+)\): version 99", errors.read_text()))) == 2,
                  "both workers to swap")
        seen = len(answers)
        _wait_for(lambda: len(answers) >= seen + 20, "requests after the swaps")
    finally:
        stop.set()
        for thread in clients:
            thread.join()
    assert {status for status, _ in answers} == {200}, "a request failed during the swap"
    versions = [body["model"]["version"] for _, body in answers]  # type: ignore[index]
    assert versions[0] == served and set(versions[-20:]) == {"99"}
    from call_nlp.records.spool import Spool
    from call_nlp.records.store import RecordStore

    store = RecordStore.from_url(f"sqlite:///{tmp_path / 'records.db'}")
    Spool(tmp_path / "spool").replay(store.add)  # records spooled while the store was busy, as the service replays them
    assert {body["record"] for _, body in answers} <= {"stored", "spooled"}
    for _, body in answers:
        assert store.get(str(body["suggestion_id"])).record.model_version == body["model"]["version"]  # type: ignore[index]
