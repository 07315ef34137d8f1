"""Issue 11, point 5: a body is read only from a known caller, and never past the limit.

Before: a 200 MB body was read and parsed before its 422, and a body without a key before
its 401. Requests here go straight through ASGI, so the tests see how much of each body the
app asked for.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr

from call_nlp.api.body_guard import body_limit
from call_nlp.api.main import create_app
from call_nlp.api.settings import Settings
from tests.api.conftest import LOOPBACK

KEY = "body-guard-test-key-0001"
CHUNK = 64 * 1024


@pytest.fixture(scope="module")
def app(api_settings: Settings) -> Iterator[FastAPI]:
    """A started app with a call-taker key and a small body limit (2 notes, 100 characters)."""
    settings = api_settings.model_copy(update={"api_keys": SecretStr(f"{KEY}:call-taker"), "max_batch": 2,
                                               "max_batch_chars": 100})
    started = create_app(settings)
    with TestClient(started, client=LOOPBACK):
        yield started


class Client:
    """Sends the body in ``chunks`` as the app asks for them, and counts what it read."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks
        self.read = 0
        self.sent: list[dict[str, Any]] = []

    async def receive(self) -> dict[str, Any]:
        chunk = next(self.chunks, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        self.read += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(self, message: dict[str, Any]) -> None:
        self.sent.append(message)

    @property
    def status(self) -> int:
        return int(self.sent[0]["status"])

    @property
    def detail(self) -> str:
        return str(json.loads(self.sent[1]["body"])["detail"])


def _post(app: FastAPI, path: str, client: Client, headers: dict[str, str]) -> Client:
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in {"content-type": "application/json", **headers}.items()],
        "client": LOOPBACK, "server": ("127.0.0.1", 8000),
    }
    asyncio.run(app(scope, client.receive, client.send))
    return client


def _endless() -> Iterator[bytes]:
    """4 MB, far past the test app's limit (68,784 bytes): a body an app would read to the end."""
    for _ in range(64):
        yield b"x" * CHUNK


@pytest.mark.parametrize("path", ["/v1/triage", "/v1/triage/batch", "/v1/suggestions/some-id/review"])
def test_a_caller_without_a_key_is_refused_before_the_body_is_read(app: FastAPI, path: str) -> None:
    client = _post(app, path, Client(_endless()), {"content-length": str(200 * 1024 * 1024)})
    assert client.status == 401 and client.read == 0
    assert client.detail == "missing X-API-Key header"


@pytest.mark.parametrize("path", ["/v1/triage", "/v1/triage/batch"])
def test_a_declared_length_over_the_limit_is_refused_unread(app: FastAPI, path: str) -> None:
    limit = body_limit(app.state.settings)
    client = _post(app, path, Client(_endless()), {"x-api-key": KEY, "content-length": str(limit + 1)})
    assert client.status == 413 and client.read == 0
    assert f"{limit:,} bytes" in client.detail and "CALL_NLP_MAX_BATCH_CHARS" in client.detail


@pytest.mark.parametrize("path", ["/v1/triage", "/v1/triage/batch"])
def test_a_body_without_a_length_is_cut_off_at_the_limit(app: FastAPI, path: str) -> None:
    limit = body_limit(app.state.settings)
    client = _post(app, path, Client(_endless()), {"x-api-key": KEY})
    assert client.status == 413
    assert limit < client.read <= limit + CHUNK


def test_a_body_within_the_limit_is_served(app: FastAPI) -> None:
    body = json.dumps({"notes": [{"text": "SUBJ HAS A KNIFE"}, {"text": "FIRE ALARM"}]}).encode()
    client = _post(app, "/v1/triage/batch", Client(iter([body])), {"x-api-key": KEY, "content-length": str(len(body))})
    assert client.status == 200 and len(json.loads(client.sent[1]["body"])["results"]) == 2


def test_the_limit_holds_the_largest_batch_of_escaped_characters(api_settings: Settings) -> None:
    """The limit never refuses a batch the other limits accept: every note as long as allowed,
    every character sent as a 12-byte surrogate-pair escape, with a call id and a district."""
    settings = api_settings.model_copy(update={"max_batch": 3, "max_batch_chars": 30})
    note = {"text": "\U0001F52A" * 10, "call_id": "C" * 64, "district": "D" * 64}
    body = json.dumps({"notes": [note] * 3})  # json.dumps escapes every non-ASCII character
    assert len(body.encode()) <= body_limit(settings)


@pytest.mark.parametrize(("path", "body"), [
    ("/v1/triage", '{"text": "SUBJ HAS A KNIFE", "text": "FIRE ALARM"}'),
    ("/v1/triage/batch", '{"notes": [{"text": "SUBJ HAS A GUN", "call_id": "1", "text": "FIRE ALARM"}]}'),
    ("/v1/suggestions/some-id/review", '{"decision": "accepted", "decision": "overridden"}'),
])
def test_a_key_given_twice_is_refused_not_read_last_wins(app: FastAPI, path: str, body: str) -> None:
    """{"text": "...KNIFE", "text": "FIRE ALARM"} was read as the fire alarm, without a word."""
    client = _post(app, path, Client(iter([body.encode()])), {"x-api-key": KEY, "content-length": str(len(body))})
    assert client.status == 422
    [problem] = json.loads(client.sent[1]["body"])["detail"]
    assert problem["type"] == "duplicate_key" and problem["loc"] == ["body"]
    key = "decision" if "review" in path else "text"
    assert problem["msg"] == f"body: the key '{key}' is given more than once in one object; send each key once"


def test_the_openapi_document_lists_the_413_of_every_body_route(app: FastAPI) -> None:
    paths = app.openapi()["paths"]
    for path in ("/v1/triage", "/v1/triage/batch", "/v1/suggestions/{suggestion_id}/review"):
        assert "413" in paths[path]["post"]["responses"], path
        assert "422" in paths[path]["post"]["responses"], path
