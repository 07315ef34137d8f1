"""Bad requests get a 422 whose message names the field and the problem; never a 500."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from call_nlp.api.main import create_app
from call_nlp.api.settings import Settings
from tests.api.conftest import LOOPBACK


def _problems(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert detail and all(set(p) == {"type", "loc", "msg"} for p in detail)  # input is not echoed back
    return detail


@pytest.mark.parametrize(
    ("body", "loc", "message"),
    [
        ({"text": ""}, ["body", "text"], "text: String should have at least 1 character"),
        ({"text": "   \n\t "}, ["body", "text"], "text: empty or whitespace only"),
        ({"text": 42}, ["body", "text"], "text: Input should be a valid string"),
        ({"text": ["SUBJ", "HEARING VOICES"]}, ["body", "text"], "text: Input should be a valid string"),
        ({"text": None}, ["body", "text"], "text: Input should be a valid string"),
        ({"text": {"note": "x"}}, ["body", "text"], "text: Input should be a valid string"),
        ({}, ["body", "text"], "text: Field required"),
        ({"call_id": "X"}, ["body", "text"], "text: Field required"),
        ({"text": "ok", "call_id": 7}, ["body", "call_id"], "call_id: Input should be a valid string"),
        ({"text": "ok", "call_id": "x" * 129}, ["body", "call_id"], "call_id: String should have at most 128"),
        ({"text": "ok", "priority": 1}, ["body", "priority"], "priority: Extra inputs are not permitted"),
    ],
    ids=["empty", "whitespace", "number", "list", "null", "object", "missing", "missing-with-call-id",
         "call-id-number", "call-id-too-long", "unknown-field"],
)
def test_validation_single_note(client: TestClient, body: dict[str, Any], loc: list[Any], message: str) -> None:
    problems = _problems(client.post("/v1/triage", json=body))
    assert any(p["loc"] == loc and p["msg"].startswith(message) for p in problems), problems


def test_validation_text_over_the_limit(client: TestClient, api_settings: Settings) -> None:
    limit = api_settings.max_text_chars
    (problem,) = _problems(client.post("/v1/triage", json={"text": "A" * (limit + 1)}))
    assert problem["loc"] == ["body", "text"] and problem["type"] == "string_too_long"
    assert problem["msg"] == f"text: {limit + 1} characters; at most {limit} are accepted (CALL_NLP_MAX_TEXT_CHARS)"


@pytest.mark.parametrize(
    ("content", "headers", "message"),
    [
        (b'{"text": "RP STATES', {"content-type": "application/json"}, "body: not valid JSON"),
        (b"{'text': 'single quotes'}", {"content-type": "application/json"}, "body: not valid JSON"),
        (b'["a list"]', {"content-type": "application/json"}, "body: must be a JSON object"),
        (b'"just a string"', {"content-type": "application/json"}, "body: must be a JSON object"),
        (b"text=hello", {"content-type": "application/x-www-form-urlencoded"}, "body: must be a JSON object"),
        (b"", {"content-type": "application/json"}, "body: missing"),
        (b'{"text": "\\ud800 lone"}', {"content-type": "application/json"}, "text: Input should be a valid string"),
    ],
    ids=["truncated", "single-quotes", "list", "string", "form", "empty-body", "lone-surrogate"],
)
def test_validation_malformed_body(client: TestClient, content: bytes, headers: dict[str, str], message: str) -> None:
    for url in ("/v1/triage", "/v1/triage/batch"):
        problems = _problems(client.post(url, content=content, headers=headers))
        if url.endswith("batch") and message.startswith("text:"):
            message = "notes: Field required"
        assert any(p["msg"].startswith(message) for p in problems), problems


@pytest.mark.parametrize(
    ("body", "loc", "message"),
    [
        ({"notes": []}, ["body", "notes"], "notes: List should have at least 1 item"),
        ({}, ["body", "notes"], "notes: Field required"),
        ({"notes": "RP STATES"}, ["body", "notes"], "notes: Input should be a valid list"),
        ({"notes": ["RP STATES"]}, ["body", "notes", 0], "notes[0]: Input should be a valid dictionary"),
        ({"notes": [{"text": "ok"}, {"text": "  "}]}, ["body", "notes", 1, "text"], "notes[1].text: empty or"),
        ({"notes": [{"text": "ok"}, {"call_id": "2"}]}, ["body", "notes", 1, "text"], "notes[1].text: Field required"),
        ({"notes": [{"text": 1.5}]}, ["body", "notes", 0, "text"], "notes[0].text: Input should be a valid string"),
    ],
    ids=["empty", "missing", "string", "list-of-strings", "blank-item", "item-without-text", "number-item"],
)
def test_validation_batch(client: TestClient, body: dict[str, Any], loc: list[Any], message: str) -> None:
    problems = _problems(client.post("/v1/triage/batch", json=body))
    assert any(p["loc"] == loc and p["msg"].startswith(message) for p in problems), problems


def test_validation_batch_over_the_limit(client: TestClient, api_settings: Settings) -> None:
    size = api_settings.max_batch + 1
    (problem,) = _problems(client.post("/v1/triage/batch", json={"notes": [{"text": "ok"}] * size}))
    assert problem["loc"] == ["body", "notes"] and problem["type"] == "too_long"
    limit = api_settings.max_batch
    assert problem["msg"] == f"notes: {size} notes; at most {limit} are accepted per request (CALL_NLP_MAX_BATCH)"


def test_validation_batch_item_over_the_text_limit(client: TestClient, api_settings: Settings) -> None:
    limit = api_settings.max_text_chars
    notes = [{"text": "ok"}, {"text": "A" * (limit + 5)}, {"text": "fine"}]
    (problem,) = _problems(client.post("/v1/triage/batch", json={"notes": notes}))
    assert problem["loc"] == ["body", "notes", 1, "text"]
    assert problem["msg"].startswith(f"notes[1].text: {limit + 5} characters; at most {limit}")


@pytest.fixture(scope="module")
def small_limits_client(api_settings: Settings) -> Iterator[TestClient]:
    settings = api_settings.model_copy(update={"max_text_chars": 20, "max_batch": 2})
    with TestClient(create_app(settings), client=LOOPBACK) as client:
        yield client


def test_validation_limits_come_from_settings(small_limits_client: TestClient) -> None:
    assert small_limits_client.post("/v1/triage", json={"text": "A" * 20}).status_code == 200
    (problem,) = _problems(small_limits_client.post("/v1/triage", json={"text": "A" * 21}))
    assert problem["msg"].startswith("text: 21 characters; at most 20")
    ok = small_limits_client.post("/v1/triage/batch", json={"notes": [{"text": "a"}, {"text": "b"}]})
    assert ok.status_code == 200 and len(ok.json()["results"]) == 2
    (problem,) = _problems(small_limits_client.post("/v1/triage/batch", json={"notes": [{"text": "a"}] * 3}))
    assert problem["msg"].startswith("notes: 3 notes; at most 2")


def test_validation_no_odd_body_causes_a_500(client: TestClient) -> None:
    bodies: list[Any] = [
        None, 0, True, [], {"text": True}, {"text": "x", "call_id": None}, {"text": "\u0000"},
        {"text": "x" * 3, "call_id": ""}, {"notes": [{}]}, {"notes": None}, {"notes": [{"text": "🔪"}] * 2},
        {"text": "\ufeff\u202e RTL override"}, {"text": "RP STATES\r\n\r\nUPD: ** UPD ** 0315 HRS"},
    ]
    for body in bodies:
        for url in ("/v1/triage", "/v1/triage/batch"):
            response = client.post(url, json=body)
            assert response.status_code in (200, 422), (url, body, response.text)
            assert response.headers["content-type"].startswith("application/json")
