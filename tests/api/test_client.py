"""call_nlp.client against a real service (uvicorn on a loopback port), and its retries against a
scripted transport; its types carry every field of the API's answers; it imports nothing heavy."""

from __future__ import annotations

import dataclasses
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pydantic import BaseModel, SecretStr

from call_nlp import client as api_client
from call_nlp.api.settings import Settings
from tests.api.conftest import served
from tests.api.test_suggestions import AUDITOR, CALL_TAKER, KEYS, NAMED_CALL_TAKER
from tests.test_eido import document, incident, note

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def service(api_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("client")
    settings = api_settings.model_copy(update={
        "database_url": f"sqlite:///{tmp / 'r.db'}", "spool_dir": tmp / "spool", "model_poll_seconds": 0,
        "hmac_secret": SecretStr("test-secret"), "api_keys": SecretStr(KEYS)})
    with served(settings) as url:
        yield url


def test_triage_review_and_read_back(service: str) -> None:
    with api_client.Client(service, api_key=NAMED_CALL_TAKER) as taker, api_client.Client(service, AUDITOR) as auditor:
        suggestion = taker.triage("CALLER SAYS HE HAS A GUN AND WILL USE IT", call_id="CL-1", district="North")
        assert suggestion.violence_risk.label == "imminent" and suggestion.response_model == "co_response"
        assert suggestion.recorded and any(c.kind == "weapon" for c in suggestion.cues)
        batch = taker.triage_batch(["FIRE ALARM SOUNDING", {"text": "RP STATES FRIEND TALKING ABOUT SUICIDE", "call_id": "CL-2"}])
        assert [s.call_id for s in batch] == [None, "CL-2"] and batch[0].response_model == "standard_dispatch"
        review = taker.review(suggestion.suggestion_id, "accepted")
        assert review.reviewer == "Dana Reyes" and review.reviewer_verified
        record = auditor.record(suggestion.suggestion_id)
        assert record.review == review and record.district == "North" and record.model == suggestion.model
        assert [r.suggestion_id for r in auditor.call("CL-1")] == [suggestion.suggestion_id]
        eido = taker.triage_eido(document(note("a", "2026-12-04T21:02:00-05:00", "<p>RP STATES NEIGHBOR TALKING TO HIMSELF</p>"),
                                          incident=incident("Psychiatric", "MNTL")))
        assert eido.notes_read == 1 and eido.incident_type["internal_code"] == "MNTL"
        assert eido.eido["cautionComponent"][0]["cautionSeverity"] in ("highest", "high", "low")


def test_errors_are_typed_and_say_why(service: str) -> None:
    with api_client.Client(service, api_key=CALL_TAKER) as taker:
        with pytest.raises(api_client.Invalid) as invalid:
            taker.triage("   ")
        assert invalid.value.status == 422 and invalid.value.problems[0]["loc"] == ["body", "text"]
        with pytest.raises(api_client.Refused) as refused:
            taker.record("anything")  # a call-taker may not read records
        assert refused.value.status == 403
        with pytest.raises(api_client.ApiError) as missing:
            api_client.Client(service, AUDITOR).record("no-such-id/../../x")  # escaped: stays one path segment
        assert missing.value.status == 404
    with pytest.raises(api_client.Refused):
        api_client.Client(service, api_key="not-a-known-key-000").triage("RP STATES X")


def _scripted(*statuses: int) -> tuple[httpx.MockTransport, list[int]]:
    """A transport answering each request with the next status (200 with a triage body at the end)."""
    seen: list[int] = []
    body = {"results": []}

    def answer(request: httpx.Request) -> httpx.Response:
        status = statuses[min(len(seen), len(statuses) - 1)]
        seen.append(status)
        return httpx.Response(status, json=body if status == 200 else {"detail": "model not loaded: starting"},
                              headers={"Retry-After": "0"} if status == 503 else {})

    return httpx.MockTransport(answer), seen


def test_a_503_is_retried_then_answered() -> None:
    transport, seen = _scripted(503, 503, 200)
    with api_client.Client("http://triage.test", transport=transport, backoff=0) as api:
        assert api.triage_batch([]) == []
    assert seen == [503, 503, 200]


def test_503_on_every_attempt_is_unavailable_and_nothing_else_is_retried() -> None:
    transport, seen = _scripted(503)
    with api_client.Client("http://triage.test", transport=transport, retries=2, backoff=0) as api, \
            pytest.raises(api_client.Unavailable, match="model not loaded"):
        api.triage_batch([])
    assert seen == [503, 503, 503]
    transport, seen = _scripted(500)
    with api_client.Client("http://triage.test", transport=transport, backoff=0) as api, pytest.raises(api_client.ApiError):
        api.triage_batch([])
    assert seen == [500]  # not a 503: a triage may have been recorded, so no second one


def test_a_service_that_cannot_be_reached_is_unavailable() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed when the block ends: nothing listens there
    with api_client.Client(f"http://127.0.0.1:{port}", retries=1, backoff=0) as api, \
            pytest.raises(api_client.Unavailable, match="could not reach"):
        api.triage("RP STATES X")


@pytest.mark.parametrize(("typed", "model"), [
    ("Suggestion", "call_nlp.api.schemas:TriageResponse"), ("Head", "call_nlp.api.schemas:CrisisTypePrediction"),
    ("Cue", "call_nlp.api.schemas:CuePublic"), ("ModelInfo", "call_nlp.api.schemas:ModelInfoPublic"),
    ("Review", "call_nlp.api.record_schemas:ReviewPublic"),
    ("Record", "call_nlp.api.record_schemas:SuggestionRecordResponse"),
    ("EidoSuggestion", "call_nlp.api.routes.eido:EidoTriageResponse"),
])
def test_the_client_types_carry_every_field_of_the_answers(typed: str, model: str) -> None:
    import importlib

    module, name = model.split(":")
    schema: type[BaseModel] = getattr(importlib.import_module(module), name)
    assert {f.name for f in dataclasses.fields(getattr(api_client, typed))} == set(schema.model_fields)


def test_the_client_imports_no_model_code() -> None:
    loaded = subprocess.run([sys.executable, "-c", "import sys, call_nlp.client; print(sorted(m for m in "
                             "('spacy', 'sklearn', 'numpy', 'pandas', 'mlflow', 'call_nlp.triage') if m in sys.modules))"],
                            capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"


def test_the_cad_example_runs(service: str, capsys: pytest.CaptureFixture[str]) -> None:
    sys.path.insert(0, str(REPO / "examples"))
    try:
        import cad_integration
    finally:
        sys.path.remove(str(REPO / "examples"))
    assert cad_integration.main(["--url", service, "--key", CALL_TAKER]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("[") and "risk imminent" in lines[1] and "knife (affirmed)" in lines[1]
    assert lines[-1] == "recorded: accepted co_response by example call-taker"
