"""API keys and roles on every endpoint; the open mode without keys serves loopback only."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr, ValidationError

from call_nlp.api.main import create_app
from call_nlp.api.security import is_loopback, parse_api_keys
from call_nlp.api.settings import Settings
from tests.api.conftest import LOOPBACK
from tests.api.test_suggestions import (
    AUD,
    AUDITOR,
    CALL_TAKER,
    CT,
    LAB,
    LABELER,
    NAMED,
    NAMED_CALL_TAKER,
    records_settings,
)

ANYONE, CALL_TAKERS, AUDITORS, LABELERS = "any", "call-taker", "auditor", "labeler"
NO_KEY: dict[str, str] = {}
WRONG = {"X-API-Key": "not-a-key-0000000000000"}


@pytest.fixture(scope="module")
def secured(api_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str]]:
    tmp = tmp_path_factory.mktemp("secured")
    settings = records_settings(api_settings, f"sqlite:///{tmp / 'r.db'}", tmp)
    with TestClient(create_app(settings), client=LOOPBACK) as client:
        sid = client.post("/v1/triage", json={"text": "SUBJ HAS A KNIFE", "call_id": "S-1"}, headers=CT).json()
        yield client, sid["suggestion_id"]


def _endpoints(sid: str) -> list[tuple[str, str, dict | None, set[str], set[int]]]:
    """(method, url, body, roles allowed, success statuses)."""
    return [
        ("POST", "/v1/triage", {"text": "RP STATES SUBJ CRYING"}, {CALL_TAKERS}, {200}),
        ("POST", "/v1/triage/batch", {"notes": [{"text": "RP STATES SUBJ CRYING"}]}, {CALL_TAKERS}, {200}),
        ("GET", "/v1/model", None, {ANYONE}, {200}),
        ("GET", f"/v1/suggestions/{sid}", None, {AUDITORS, LABELERS}, {200}),
        ("GET", "/v1/calls/S-1", None, {AUDITORS}, {200}),
        ("GET", "/v1/review-queue", None, {AUDITORS, LABELERS}, {200}),
        # a review is stored once: whoever comes second is told so (409), not refused for their role
        ("POST", f"/v1/suggestions/{sid}/review", {"decision": "accepted"}, {CALL_TAKERS, LABELERS}, {201, 409}),
    ]


def test_security_roles_on_every_endpoint(secured: tuple[TestClient, str]) -> None:
    client, sid = secured
    for method, url, body, allowed, ok in _endpoints(sid):
        for headers in (NO_KEY, WRONG):
            response = client.request(method, url, json=body, headers=headers)
            assert response.status_code == 401, (url, headers)
            assert response.headers["www-authenticate"] == "APIKey"
        for role, headers in ((CALL_TAKERS, NAMED), (AUDITORS, AUD), (LABELERS, LAB)):
            status = client.request(method, url, json=body, headers=headers).status_code
            assert status in (ok if allowed & {ANYONE, role} else {403}), (url, role, status)


def test_security_probes_and_docs_need_no_key(secured: tuple[TestClient, str]) -> None:
    client, _ = secured
    for url in ("/healthz", "/readyz", "/openapi.json"):
        assert client.get(url).status_code == 200, url
    assert "X-API-Key" in str(client.get("/openapi.json").json()["components"]["securitySchemes"])


def test_security_keys_are_never_logged(
    api_settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = records_settings(api_settings, f"sqlite:///{tmp_path / 'r.db'}", tmp_path)
    with caplog.at_level(logging.DEBUG), TestClient(create_app(settings), client=LOOPBACK) as client:
        client.post("/v1/triage", json={"text": "SUBJ HAS A KNIFE"}, headers=CT)
        client.post("/v1/triage", json={"text": "SUBJ HAS A KNIFE"}, headers=WRONG)
    assert "API keys configured: 2 call-taker, 1 auditor, 1 labeler" in caplog.text
    for key in (CALL_TAKER, NAMED_CALL_TAKER, AUDITOR, LABELER, WRONG["X-API-Key"]):
        assert key not in caplog.text
    assert CALL_TAKER not in repr(settings) and CALL_TAKER not in repr(parse_api_keys(settings.api_keys.get_secret_value()))


def test_security_open_mode_serves_loopback_clients_only(
    api_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="call_nlp"):
        with TestClient(create_app(api_settings), client=("10.1.2.3", 40000)) as remote:
            response = remote.post("/v1/triage", json={"text": "SUBJ HAS A KNIFE"})
            assert response.status_code == 403 and "loopback" in response.json()["detail"]
            assert remote.get("/readyz").status_code == 200
    assert "CALL_NLP_API_KEYS is not set" in caplog.text
    with TestClient(create_app(api_settings), client=("::1", 40000)) as local:
        assert local.post("/v1/triage", json={"text": "SUBJ HAS A KNIFE"}).status_code == 200


def test_security_open_mode_refuses_to_start_on_a_public_interface(api_settings: Settings) -> None:
    app = create_app(api_settings.model_copy(update={"host": "0.0.0.0"}))
    with pytest.raises(RuntimeError, match="CALL_NLP_API_KEYS is not set"), TestClient(app):
        pass


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("secret-key-0000000001:admin", "unknown role"),
        ("secret-key-0000000001", "expected key:role"),
        ("short:auditor", "shorter than 16"),
        ("secret-key-0000000001:auditor,secret-key-0000000001:call-taker", "listed twice"),
    ],
)
def test_security_bad_key_configuration_is_refused_without_echoing_keys(raw: str, problem: str) -> None:
    with pytest.raises(ValidationError, match=problem) as error:
        Settings(api_keys=SecretStr(raw))
    assert "secret-key" not in str(error.value)


def test_security_loopback_addresses() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.8.0.1", "::1", "localhost", None))
    assert not any(is_loopback(h) for h in ("10.0.0.1", "0.0.0.0", "testclient", "192.168.1.1"))
