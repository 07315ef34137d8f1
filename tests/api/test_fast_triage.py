"""The direct route of POST /v1/triage (`fast_triage`): it answers ordinary requests as the
FastAPI route would, and hands everything else to FastAPI with the body intact."""

from __future__ import annotations

import asyncio
import logging
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr

from call_nlp.api import fast_triage
from call_nlp.api.main import create_app
from call_nlp.api.settings import Settings
from tests.api.conftest import LOOPBACK

NOTE = "RP STATES SON HEARING VOICES, HAS A KNIFE IN HAND. UPD: NO OTHER WEAPONS"
KEY = "fast-path-test-key-0001"


class Counting:
    """Wraps the FastAPI app's middleware stack: how many requests reached the framework."""

    def __init__(self, app: FastAPI) -> None:
        self.calls = 0
        stack = app.middleware_stack or app.build_middleware_stack()

        async def counted(scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] == "http":
                self.calls += 1
            await stack(scope, receive, send)

        app.middleware_stack = counted


@pytest.fixture(scope="module")
def app_client(api_settings: Settings) -> Iterator[tuple[TestClient, Counting]]:
    app = create_app(api_settings)
    with TestClient(app, client=LOOPBACK) as client:
        yield client, Counting(app)


def _decode_error_at(body: bytes) -> int:
    try:
        json.loads(body)
    except json.JSONDecodeError as exc:
        return exc.pos
    raise AssertionError("valid JSON")


def _without_id(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != "suggestion_id"}


def test_an_ordinary_request_is_answered_before_the_framework_and_as_the_route_answers_it(
    app_client: tuple[TestClient, Counting],
) -> None:
    client, counting = app_client
    before = counting.calls
    direct = client.post("/v1/triage", json={"text": NOTE, "call_id": "F-1", "district": "D4"})
    assert direct.status_code == 200 and direct.headers["content-type"] == "application/json"
    assert counting.calls == before
    # a content type with parameters is the framework's to read: the same answer from the route
    routed = client.post("/v1/triage", content=json.dumps({"text": NOTE, "call_id": "F-1", "district": "D4"}),
                         headers={"Content-Type": "application/json; charset=utf-8"})
    assert routed.status_code == 200 and counting.calls == before + 1
    assert _without_id(direct.json()) == _without_id(routed.json())
    assert direct.json()["violence_risk"]["label"] == "imminent"
    assert direct.json()["suggestion_id"] != routed.json()["suggestion_id"]
    stored = client.get(f"/v1/suggestions/{direct.json()['suggestion_id']}")
    assert stored.status_code == 200 and stored.json()["district"] == "D4"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b'{"text": "RP STATES", "extra": 1}', ("extra_forbidden", ["body", "extra"])),
        (b'{"text": "   "}', ("value_error", ["body", "text"])),
        (b'{"text": "RP STATES", ', ("json_invalid", ["body", _decode_error_at(b'{"text": "RP STATES", ')])),
        (b'["RP STATES"]', ("model_attributes_type", ["body"])),
        (b'{"text": "' + b"A" * 10_001 + b'"}', ("string_too_long", ["body", "text"])),
    ],
)
def test_a_body_it_does_not_accept_gets_the_frameworks_422(
    app_client: tuple[TestClient, Counting], content: bytes, problem: tuple[str, list[Any]]
) -> None:
    client, counting = app_client
    before = counting.calls
    response = client.post("/v1/triage", content=content, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert counting.calls == before + 1
    assert [(p["type"], p["loc"]) for p in response.json()["detail"]] == [problem]


def test_a_caller_it_cannot_authorize_gets_the_frameworks_401_and_403(api_settings: Settings) -> None:
    """No key: 401 before the body is read (`body_guard`), as the framework words it; a key of
    another role: the framework's 403."""
    app = create_app(api_settings.model_copy(update={"api_keys": SecretStr(f"{KEY}:auditor")}))
    with TestClient(app, client=LOOPBACK) as client:
        counting = Counting(app)
        missing = client.post("/v1/triage", json={"text": NOTE})
        assert counting.calls == 0
        wrong_role = client.post("/v1/triage", json={"text": NOTE}, headers={"X-API-Key": KEY})
    assert missing.status_code == 401 and missing.json() == {"detail": "missing X-API-Key header"}
    assert missing.headers["www-authenticate"] == "APIKey"
    assert wrong_role.status_code == 403
    assert counting.calls == 1


def test_a_model_that_failed_to_load_is_the_frameworks_503(api_settings: Settings, tmp_path: Any) -> None:
    app = create_app(api_settings.model_copy(update={"model_path": tmp_path / "no-model"}))
    with TestClient(app, client=LOOPBACK) as client:
        response = client.post("/v1/triage", json={"text": NOTE})
    assert response.status_code == 503 and response.json()["detail"].startswith("model not loaded")


def _call(app: FastAPI, messages: list[dict[str, Any]], sent: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """One POST /v1/triage straight through ASGI: ``messages`` are what the client sends; what
    the app sends back is appended to ``sent``, and returned."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": "/v1/triage", "raw_path": b"/v1/triage", "query_string": b"", "root_path": "",
        "headers": [(b"content-type", b"application/json")], "client": LOOPBACK, "server": ("127.0.0.1", 8000),
    }
    incoming = list(messages)
    sent = [] if sent is None else sent

    async def receive() -> dict[str, Any]:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent


@pytest.fixture(scope="module")
def started_app(api_settings: Settings) -> Iterator[FastAPI]:
    app = create_app(api_settings)
    with TestClient(app, client=LOOPBACK):
        yield app


def test_a_body_sent_in_pieces_is_read_whole(started_app: FastAPI) -> None:
    body = json.dumps({"text": NOTE}).encode()
    pieces = [body[:7], body[7:30], body[30:]]
    sent = _call(started_app, [{"type": "http.request", "body": p, "more_body": i < 2} for i, p in enumerate(pieces)])
    assert sent[0]["status"] == 200
    assert json.loads(sent[1]["body"])["violence_risk"]["label"] == "imminent"


def test_a_body_too_large_for_it_reaches_the_framework_whole(started_app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fast_triage, "MAX_BODY_BYTES", 16)
    body = json.dumps({"text": NOTE, "call_id": "F-2"}).encode()
    sent = _call(started_app, [{"type": "http.request", "body": body[i:i + 10], "more_body": i + 10 < len(body)}
                               for i in range(0, len(body), 10)])
    assert sent[0]["status"] == 200
    assert json.loads(sent[1]["body"])["call_id"] == "F-2"


def test_a_client_that_leaves_before_its_note_gets_nothing(started_app: FastAPI) -> None:
    assert _call(started_app, [{"type": "http.request", "body": b'{"text": ', "more_body": True}]) == []


def test_a_failure_while_triaging_is_a_500_and_is_raised_for_the_server_to_log(
    started_app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_: Any) -> bytes:
        raise RuntimeError("boom")

    monkeypatch.setattr(fast_triage, "suggest_one", broken)
    sent: list[dict[str, Any]] = []
    with pytest.raises(RuntimeError, match="boom"):
        _call(started_app, [{"type": "http.request", "body": json.dumps({"text": NOTE}).encode()}], sent)
    assert sent[0]["status"] == 500 and sent[1]["body"] == b"Internal Server Error"


def _access(method: str, path: str, status: int) -> logging.LogRecord:
    """An access-log record as uvicorn writes it."""
    return logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                             ("127.0.0.1:5000", method, path, "1.1", status), None)


@pytest.mark.parametrize("quiet", [True, False])
def test_the_access_line_of_an_answered_triage_is_left_to_the_services_own_log(
    api_settings: Settings, quiet: bool
) -> None:
    access = logging.getLogger(fast_triage.ACCESS_LOGGER)
    app = create_app(api_settings.model_copy(update={"access_log_triage": not quiet}))
    with TestClient(app, client=LOOPBACK):
        kept = [r for r in (_access("POST", "/v1/triage", 200), _access("POST", "/v1/triage", 422),
                            _access("POST", "/v1/triage/batch", 200), _access("GET", "/v1/triage", 405),
                            _access("POST", "/v1/suggestions/x/review", 200)) if access.filter(r)]
    lines = {(r.args[1], r.args[2], r.args[4]) for r in kept}  # type: ignore[index]
    answered = ("POST", "/v1/triage", 200)
    assert (answered in lines) is not quiet
    assert lines - {answered} == {("POST", "/v1/triage", 422), ("POST", "/v1/triage/batch", 200),
                                  ("GET", "/v1/triage", 405), ("POST", "/v1/suggestions/x/review", 200)}
    fast_triage.quiet_triage_access(False)  # leave the process's logger as it was
