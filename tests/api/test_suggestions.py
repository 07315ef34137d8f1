"""Suggestion records, reviews and call sequences through the API, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import create_engine

from call_nlp.api.main import create_app
from call_nlp.api.settings import Settings
from tests.api.conftest import LOOPBACK

CALL_TAKER = "ct-key-0000000000000001"
NAMED_CALL_TAKER = "ct-key-0000000000000002"
AUDITOR = "au-key-0000000000000003"
LABELER = "lb-key-0000000000000004"
KEYS = f"{CALL_TAKER}:call-taker, {NAMED_CALL_TAKER}:call-taker:Dana Reyes, {AUDITOR}:auditor, {LABELER}:labeler:Sam Ito"
CT = {"X-API-Key": CALL_TAKER}
NAMED = {"X-API-Key": NAMED_CALL_TAKER}
AUD = {"X-API-Key": AUDITOR}
LAB = {"X-API-Key": LABELER}
DEAD_URL = "postgresql+psycopg://postgres@127.0.0.1:1/none"  # nothing listens on port 1
NOTE = "RP MARIA LOPEZ STATES SON HAS A KNIFE, HEARING VOICES. CB (555) 010-0100"


def records_settings(api_settings: Settings, database_url: str, tmp_path: Path, **update: object) -> Settings:
    return api_settings.model_copy(
        update={
            "database_url": database_url,
            "spool_dir": tmp_path / "spool",
            "hmac_secret": SecretStr("test-secret"),
            "api_keys": SecretStr(KEYS),
            "store_retry_seconds": 0.05,
            **update,
        }
    )


@pytest.fixture
def app_client(api_settings: Settings, database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(records_settings(api_settings, database_url, tmp_path)), client=LOOPBACK) as client:
        yield client


def _triage(client: TestClient, text: str = NOTE, call_id: str | None = "24-001") -> dict:
    response = client.post("/v1/triage", json={"text": text, "call_id": call_id}, headers=CT)
    assert response.status_code == 200, response.text
    return response.json()


def test_suggestions_triage_is_recorded_and_readable(app_client: TestClient) -> None:
    answer = _triage(app_client)
    assert answer["recorded"] is True and answer["suggestion_id"]
    response = app_client.get(f"/v1/suggestions/{answer['suggestion_id']}", headers=AUD)
    assert response.status_code == 200
    record = response.json()
    assert record["suggestion_id"] == answer["suggestion_id"] and record["call_id"] == "24-001"
    assert record["review"] is None
    model = app_client.get("/readyz").json()["model"]
    assert {k: record["model"][k] for k in model} == model
    assert record["model"]["lexicon_digest"]
    assert record["text_stored"] == "redacted"
    assert record["text"] == "RP [NAME] STATES SON HAS A KNIFE, HEARING VOICES. CB [PHONE]"
    assert record["text_hmac"] != hashlib.sha256(NOTE.encode()).hexdigest() and len(record["text_hmac"]) == 64
    assert record["text_chars"] == len(NOTE)
    assert record["response_model"] == answer["response_model"] and record["needs_review"] == answer["needs_review"]
    for head in ("crisis_type", "violence_risk"):
        assert record[head] == answer[head]  # the same head, read back whole
    # the same cues, read back whole, but for the matched words (the record keeps no note words
    # outside its redacted or full text)
    assert record["cues"] == [{k: v for k, v in c.items() if k != "text"} for c in answer["cues"]]
    assert record["reasons"] == answer["reasons"]


def test_a_record_is_documented_with_the_suggestions_own_head_and_cue_schemas(app_client: TestClient) -> None:
    """One schema per concept in the OpenAPI document: a recorded suggestion's heads are the
    triage response's, and its cues are the triage response's cue without the matched words."""
    schemas = app_client.get("/openapi.json").json()["components"]["schemas"]
    record, answer = schemas["SuggestionRecordResponse"]["properties"], schemas["TriageResponse"]["properties"]
    for head in ("crisis_type", "violence_risk"):
        assert record[head]["$ref"] == answer[head]["$ref"]
    assert record["cues"]["items"]["$ref"].endswith("/CueRecorded")
    cue, recorded = schemas["CuePublic"]["properties"], schemas["CueRecorded"]["properties"]
    assert set(cue) - set(recorded) == {"text"} and all(cue[k] == recorded[k] for k in recorded)


def test_suggestions_batch_results_each_get_a_record(app_client: TestClient) -> None:
    notes = [{"text": "SUBJ HAS A GUN", "call_id": "B-1"}, {"text": "MAN SLEEPING IN DOORWAY"}]
    results = app_client.post("/v1/triage/batch", json={"notes": notes}, headers=CT).json()["results"]
    assert all(r["recorded"] for r in results)
    for note, result in zip(notes, results, strict=True):
        record = app_client.get(f"/v1/suggestions/{result['suggestion_id']}", headers=AUD).json()
        assert record["call_id"] == note.get("call_id") and record["response_model"] == result["response_model"]


def test_suggestions_review_is_recorded_once_then_409(app_client: TestClient) -> None:
    answer = _triage(app_client)
    review = {
        "decision": "overridden",
        "response_model": "standard_dispatch",
        "violence_risk": "elevated",
        "reason": "caller Tom Reed says the knife is locked away",
        "reviewer": "someone else",
    }
    url = f"/v1/suggestions/{answer['suggestion_id']}/review"
    first = app_client.post(url, json=review, headers=NAMED)
    assert first.status_code == 201
    body = first.json()
    assert body["reviewer"] == "Dana Reyes" and body["reviewer_verified"] is True  # the key's name, not the claim
    assert body["decision"] == "overridden" and body["response_model"] == "standard_dispatch"
    assert body["reason"] == "caller [NAME] says the knife is locked away"
    again = app_client.post(url, json={"decision": "accepted", "reviewer": "x"}, headers=CT)
    assert again.status_code == 409
    stored = app_client.get(f"/v1/suggestions/{answer['suggestion_id']}", headers=AUD).json()
    assert stored["review"] == body


def test_suggestions_accepting_records_the_suggested_response(app_client: TestClient) -> None:
    answer = _triage(app_client)
    response = app_client.post(
        f"/v1/suggestions/{answer['suggestion_id']}/review", json={"decision": "accepted", "reviewer": "ct-7"}, headers=CT
    )
    assert response.status_code == 201
    assert response.json()["response_model"] == answer["response_model"]
    assert response.json()["reviewer"] == "ct-7" and response.json()["reviewer_verified"] is False


def test_suggestions_unknown_id_is_404(app_client: TestClient) -> None:
    assert app_client.get("/v1/suggestions/no-such-id", headers=AUD).status_code == 404
    response = app_client.post("/v1/suggestions/no-such-id/review", json={"decision": "accepted"}, headers=NAMED)
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("review", "field"),
    [
        ({"response_model": "co_response", "reviewer": "x"}, "decision"),
        ({"decision": "maybe", "reviewer": "x"}, "decision"),
        ({"decision": "overridden", "response_model": "send_everyone", "reviewer": "x"}, "response_model"),
        ({"decision": "overridden", "response_model": "co_response", "crisis_type": "sad", "reviewer": "x"}, "crisis_type"),
        ({"decision": "overridden", "reviewer": "x"}, "response_model"),
        ({"decision": "accepted"}, "reviewer"),
        ({"decision": "accepted", "reviewer": "x", "comment": "?"}, "comment"),
    ],
)
def test_suggestions_review_validation_422(app_client: TestClient, review: dict, field: str) -> None:
    answer = _triage(app_client)
    response = app_client.post(f"/v1/suggestions/{answer['suggestion_id']}/review", json=review, headers=CT)
    assert response.status_code == 422
    assert field in [p["loc"][-1] for p in response.json()["detail"]]


def test_suggestions_accepted_with_another_response_is_422(app_client: TestClient) -> None:
    answer = _triage(app_client, "SUBJ HAS A KNIFE IN HAND")
    other = "peer_response" if answer["response_model"] != "peer_response" else "co_response"
    response = app_client.post(
        f"/v1/suggestions/{answer['suggestion_id']}/review",
        json={"decision": "accepted", "response_model": other},
        headers=NAMED,
    )
    assert response.status_code == 422 and "overridden" in response.json()["detail"][0]["msg"]


def test_calls_sequence_is_ordered_by_time(app_client: TestClient) -> None:
    texts = ["RP STATES SON HEARING VOICES", "RP STATES SON HEARING VOICES. UPDATE: NOW HAS A KNIFE"]
    texts.append(texts[-1] + ". UPDATE: KNIFE DROPPED, SUBJ CALM")
    ids = [_triage(app_client, t, call_id="CALL-7")["suggestion_id"] for t in texts]
    _triage(app_client, "OTHER CALL", call_id="CALL-8")
    app_client.post(f"/v1/suggestions/{ids[1]}/review", json={"decision": "accepted"}, headers=NAMED)
    response = app_client.get("/v1/calls/CALL-7", headers=AUD)
    assert response.status_code == 200
    sequence = response.json()["suggestions"]
    assert [s["suggestion_id"] for s in sequence] == ids
    assert [s["created_at"] for s in sequence] == sorted(s["created_at"] for s in sequence)
    assert [s["review"] is not None for s in sequence] == [False, True, False]
    assert app_client.get("/v1/calls/NO-SUCH-CALL", headers=AUD).status_code == 404


def test_suggestions_store_text_none_keeps_no_text(api_settings: Settings, database_url: str, tmp_path: Path) -> None:
    settings = records_settings(api_settings, database_url, tmp_path, store_text="none")
    with TestClient(create_app(settings), client=LOOPBACK) as client:
        record = client.get(f"/v1/suggestions/{_triage(client)['suggestion_id']}", headers=AUD).json()
    assert record["text"] is None and record["text_stored"] == "none" and record["text_hmac"]


@pytest.fixture
def thread_client(api_settings: Settings, database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    """The records written by the writer thread: the outage tests below break this process's
    store, which the thread writes with (a writer process has a store of its own: its outages
    are tested in tests/records/test_writer_process.py)."""
    settings = records_settings(api_settings, database_url, tmp_path, record_writer="thread")
    with TestClient(create_app(settings), client=LOOPBACK) as client:
        yield client


def test_suggestions_store_outage_spools_then_replays_without_loss_or_duplicates(thread_client: TestClient) -> None:
    app_client = thread_client
    before = _triage(app_client, call_id="OUT-1")
    store = app_client.app.state.recording.recorder.store  # type: ignore[attr-defined]
    working, store.engine = store.engine, create_engine(DEAD_URL)  # the store goes away
    during = [_triage(app_client, "SUBJ HAS A KNIFE IN HAND, THREATENING STAFF", call_id="OUT-1") for _ in range(3)]
    for answer in during:  # the weapon warning still reaches the call-taker
        assert answer["recorded"] is False and answer["record"] == "spooled"
        assert answer["violence_risk"]["label"] == "imminent"
        assert answer["response_model"] in ("co_response", "standard_dispatch")  # police either way
    ready = app_client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready" and ready.json()["store"] == "degraded"
    assert ready.json()["spool_records"] == 3
    metrics = app_client.get("/metrics").text
    assert [_metric(metrics, f'call_nlp_records_total{{outcome="{o}"}}') for o in ("stored", "spooled", "lost")] \
        == [1, 3, 0]
    assert (_metric(metrics, "call_nlp_record_store_degraded"), _metric(metrics, "call_nlp_spool_records")) == (1, 3)
    assert app_client.get(f"/v1/suggestions/{during[0]['suggestion_id']}", headers=AUD).status_code == 503
    store.engine = working  # it comes back; the background check replays the spool
    deadline = time.monotonic() + 10
    while app_client.get("/readyz").json()["store"] != "ok" and time.monotonic() < deadline:
        time.sleep(0.05)
    ready = app_client.get("/readyz").json()
    assert ready["store"] == "ok" and ready["spool_records"] == 0
    sequence = app_client.get("/v1/calls/OUT-1", headers=AUD).json()["suggestions"]
    assert [s["suggestion_id"] for s in sequence] == [before["suggestion_id"]] + [a["suggestion_id"] for a in during]
    assert _triage(app_client, call_id="OUT-1")["recorded"] is True


@pytest.mark.parametrize("fail_on_loss", [False, True])
def test_a_record_neither_stored_nor_spooled_is_said_lost_and_counted(
        api_settings: Settings, tmp_path: Path, fail_on_loss: bool) -> None:
    """Store gone and spool unwritable: the suggestion is still answered, with `record: lost`;
    /readyz counts it and stays 200, or answers 503 when CALL_NLP_READYZ_FAIL_ON_RECORD_LOSS."""
    import shutil

    settings = records_settings(api_settings, f"sqlite:///{tmp_path / 'r.db'}", tmp_path,
                                readyz_fail_on_record_loss=fail_on_loss, record_writer="thread")  # as above
    with TestClient(create_app(settings), client=LOOPBACK) as client:
        assert _triage(client)["record"] == "stored"
        client.app.state.recording.recorder.store.engine = create_engine(DEAD_URL)  # type: ignore[attr-defined]
        shutil.rmtree(tmp_path / "spool", ignore_errors=True)
        (tmp_path / "spool").write_text("not a folder")  # and the spool cannot be written either
        answer = _triage(client, "SUBJ HAS A KNIFE IN HAND, THREATENING STAFF")
        ready = client.get("/readyz")
        metrics = client.get("/metrics")
    assert answer["record"] == "lost" and answer["recorded"] is False
    assert answer["violence_risk"]["label"] == "imminent"
    assert ready.json()["lost_records"] == 1
    assert [_metric(metrics.text, f'call_nlp_records_total{{outcome="{o}"}}') for o in ("stored", "spooled", "lost")] \
        == [1, 0, 1]  # and in the metrics (issue 11)
    assert _metric(metrics.text, "call_nlp_spool_readable") == 0
    assert ready.status_code == (503 if fail_on_loss else 200)


def test_suggestions_no_note_text_or_key_in_the_logs(app_client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        answer = _triage(app_client)
        app_client.post(
            f"/v1/suggestions/{answer['suggestion_id']}/review",
            json={"decision": "accepted", "reason": "caller Tom Reed"},
            headers=NAMED,
        )
        app_client.get(f"/v1/suggestions/{answer['suggestion_id']}", headers=AUD)
    assert answer["suggestion_id"] in caplog.text
    for secret in (NOTE, "MARIA", "010-0100", "Tom Reed", CALL_TAKER, NAMED_CALL_TAKER, AUDITOR, "test-secret"):
        assert secret not in caplog.text


def test_suggestions_are_committed_by_a_writer_process_that_ends_with_the_app(
        api_settings: Settings, database_url: str, tmp_path: Path) -> None:
    """CALL_NLP_RECORD_WRITER's default: /readyz says which writer commits records; once the
    process is attached, a triage is `stored` by it; stopping the app stops the process."""
    with TestClient(create_app(records_settings(api_settings, database_url, tmp_path)), client=LOOPBACK) as client:
        deadline = time.monotonic() + 30
        while client.get("/readyz").json()["record_writer"] != "process":
            assert time.monotonic() < deadline
            time.sleep(0.02)
        process = client.app.state.recording.recorder._process._child.process  # type: ignore[attr-defined]
        answer = _triage(client, "SUBJ HAS A KNIFE IN HAND", call_id="WP-1")
        assert answer["record"] == "stored"
        stored = client.get(f"/v1/suggestions/{answer['suggestion_id']}", headers=AUD).json()
        assert stored["call_id"] == "WP-1" and stored["violence_risk"]["label"] == "imminent"
        metrics = client.get("/metrics").text
    assert (_metric(metrics, "call_nlp_record_writer_process"), _metric(metrics, 'call_nlp_records_total{outcome="stored"}')) \
        == (1, 1)
    assert process.poll() is not None


def _metric(exposition: str, name: str) -> float:
    """One sample's value in a Prometheus text exposition (GET /metrics)."""
    [value] = [line.rsplit(" ", 1)[1] for line in exposition.splitlines() if line.rsplit(" ", 1)[0] == name]
    return float(value)
