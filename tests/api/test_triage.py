"""POST /v1/triage and /v1/triage/batch on the session's trained model."""

from __future__ import annotations

import logging
import math

import pytest
from fastapi.testclient import TestClient

from call_nlp.api.main import create_app
from call_nlp.api.settings import Settings
from call_nlp.labels import CRISIS_TYPES, RESPONSE_MODELS, UNARMED_RESPONSES, VIOLENCE_RISKS
from tests.api.conftest import LOOPBACK

KNIFE_NOTE = "SUBJ HAS A KNIFE IN HAND, THREATENING STAFF"
SUGGESTION_FIELDS = {
    "response_model", "needs_review", "crisis_type", "violence_risk", "cues", "reasons",
    "rule", "medical_needs", "model", "call_id", "suggestion_id", "record", "recorded",
}


def _assert_suggestion(body: dict) -> None:
    assert set(body) == SUGGESTION_FIELDS
    assert body["response_model"] in RESPONSE_MODELS
    assert isinstance(body["needs_review"], bool)
    for head, labels in (("crisis_type", CRISIS_TYPES), ("violence_risk", VIOLENCE_RISKS)):
        result = body[head]
        assert set(result) == {"label", "confidence", "probabilities", "overridden"}
        assert result["label"] in labels
        assert set(result["probabilities"]) <= set(labels)
        assert math.isclose(sum(result["probabilities"].values()), 1.0, abs_tol=1e-3)
        assert 0.0 <= result["confidence"] <= 1.0
    assert set(body["model"]) == {"version", "run_id", "sha256", "policy_version", "policy_digest", "lexicon_version", "lexicon_digest"}
    assert all(isinstance(r, str) for r in body["reasons"]) and body["reasons"]


def test_triage_returns_a_full_suggestion(client: TestClient) -> None:
    note = "RP STATES BROTHER HEARING VOICES, NO WEAPONS"
    response = client.post("/v1/triage", json={"text": note, "call_id": "C-1"})
    assert response.status_code == 200
    body = response.json()
    _assert_suggestion(body)
    assert body["call_id"] == "C-1"
    assert body["model"] == client.get("/readyz").json()["model"]
    negated = [c for c in body["cues"] if c["kind"] == "weapon"]
    assert negated and negated[0]["status"] == "negated"
    assert negated[0]["label"].startswith("negated weapon: ")
    assert negated[0]["text"] == note[negated[0]["start"] : negated[0]["end"]]


def test_triage_call_id_is_optional(client: TestClient) -> None:
    response = client.post("/v1/triage", json={"text": "ELDERLY FEMALE CONFUSED, DOESNT KNOW ADDRESS"})
    assert response.status_code == 200
    assert response.json()["call_id"] is None


@pytest.mark.parametrize(
    "text",
    [
        KNIFE_NOTE,
        "RP STATES SON OFF MEDS, HEARING VOICES. UPDATE: RP NOW STATES HE HAS A KNIFE",
        "crying, panic attack, holding a kitchen knife to her own wrist",
        "ELDERLY MALE CONFUSED, WANDERING, HOLDING A HAMMER",
    ],
)
def test_triage_weapon_present_never_gets_an_unarmed_response(client: TestClient, text: str) -> None:
    body = client.post("/v1/triage", json={"text": text}).json()
    assert body["response_model"] not in UNARMED_RESPONSES
    assert body["violence_risk"]["label"] == "imminent"
    assert any(c["kind"] == "weapon" and c["status"] == "affirmed" for c in body["cues"])


def test_triage_knife_note_is_co_response_with_the_knife_cue(client: TestClient) -> None:
    body = client.post("/v1/triage", json={"text": KNIFE_NOTE}).json()
    assert body["response_model"] in {"co_response", "standard_dispatch"}
    assert "weapon: knife" in [c["label"] for c in body["cues"]]
    knife = next(c for c in body["cues"] if c["label"] == "weapon: knife")
    assert [KNIFE_NOTE[s["start"]:s["end"]].lower() for s in knife["spans"]] == ["knife"]


def test_triage_repeated_cue_is_one_entry_with_every_span(client: TestClient) -> None:
    note = "NO WEAPONS PER RP, SON CRYING. UPD: NO WEAPONS SEEN"
    body = client.post("/v1/triage", json={"text": note}).json()
    weapons = [c for c in body["cues"] if c["kind"] == "weapon"]
    assert len(weapons) == 1 and weapons[0]["status"] == "negated"
    assert [note[s["start"]:s["end"]] for s in weapons[0]["spans"]] == ["WEAPONS", "WEAPONS"]
    record = client.get(f"/v1/suggestions/{body['suggestion_id']}").json()
    assert [c["spans"] for c in record["cues"] if c["kind"] == "weapon"] == [weapons[0]["spans"]]


@pytest.mark.parametrize(
    "text",
    ["!!!???...", "😀🙏🚑", "\x00\x07\x1b[31m", "a", "RP:", "\u200b\u00a0x", "NO", "🔪"],
    ids=["punctuation", "emoji", "control", "one-letter", "label-only", "zero-width", "negation-only", "knife-emoji"],
)
def test_triage_odd_text_still_gets_a_suggestion(client: TestClient, text: str) -> None:
    response = client.post("/v1/triage", json={"text": text})
    assert response.status_code == 200
    _assert_suggestion(response.json())


def test_triage_text_at_the_length_limit_is_accepted(client: TestClient, api_settings: Settings) -> None:
    text = ("RP STATES SUBJ HEARING VOICES. " * 400)[: api_settings.max_text_chars]
    response = client.post("/v1/triage", json={"text": text})
    assert response.status_code == 200
    _assert_suggestion(response.json())


def test_triage_batch_keeps_order_and_matches_single(client: TestClient) -> None:
    texts = [
        "RP STATES WIFE TOOK A BOTTLE OF PILLS, NOW UNRESPONSIVE",
        KNIFE_NOTE,
        "MOTHER AND ADULT SON YELLING, NO WEAPONS, NO THREATS MADE",
        "BURGLARY IN PROGRESS, 2 SUBJS IN BACKYARD",
        "MAN SLEEPING IN DOORWAY IN FREEZING TEMPS",
    ]
    notes = [{"text": t, "call_id": f"B-{i}"} for i, t in enumerate(texts)]
    notes.append({"text": "HEARING VOICES"})  # call_id omitted in one item
    response = client.post("/v1/triage/batch", json={"notes": notes})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["call_id"] for r in results] == [f"B-{i}" for i in range(len(texts))] + [None]
    assert len({r["suggestion_id"] for r in results}) == len(results)  # one record per note
    for note, result in zip(notes, results, strict=True):
        _assert_suggestion(result)
        single = client.post("/v1/triage", json=note).json()
        assert single["suggestion_id"] != result["suggestion_id"]
        assert {**result, "suggestion_id": None} == {**single, "suggestion_id": None}


def test_triage_batch_at_the_limit_is_accepted(client: TestClient, api_settings: Settings) -> None:
    notes = [{"text": f"RP STATES SUBJ CRYING, NOTE {i}", "call_id": str(i)} for i in range(api_settings.max_batch)]
    response = client.post("/v1/triage/batch", json={"notes": notes})
    assert response.status_code == 200
    assert [r["call_id"] for r in response.json()["results"]] == [str(i) for i in range(api_settings.max_batch)]


def test_triage_batch_over_its_character_budget_is_refused_before_any_work(api_settings: Settings) -> None:
    """A batch whose notes together exceed CALL_NLP_MAX_BATCH_CHARS gets 413, saying the limit and
    what to do, and nothing is triaged or recorded; at the budget it is served."""
    settings = api_settings.model_copy(update={"max_batch_chars": 100})
    at_budget = [{"text": "X" * 40, "call_id": "AT-1"}, {"text": "SUBJ HAS A KNIFE".ljust(60, ".")}]
    over = [*at_budget, {"text": "RP STATES SUBJ CRYING", "call_id": "OVER-1"}]
    with TestClient(create_app(settings), client=LOOPBACK) as client:
        refused = client.post("/v1/triage/batch", json={"notes": over})
        assert refused.status_code == 413
        assert "121 characters" in refused.json()["detail"] and "CALL_NLP_MAX_BATCH_CHARS" in refused.json()["detail"]
        assert client.get("/v1/calls/OVER-1").status_code == 404  # nothing was recorded
        assert client.post("/v1/triage/batch", json={"notes": at_budget}).status_code == 200
        assert client.get("/v1/calls/AT-1").status_code == 200
    assert Settings(model_path=api_settings.model_path).max_batch_chars >= api_settings.max_text_chars


def test_triage_logs_carry_no_note_text(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    secret = "JANE ROE AT 12 ELM ST SAYS SHE WILL HURT HERSELF"
    with caplog.at_level(logging.DEBUG):
        assert client.post("/v1/triage", json={"text": secret, "call_id": "LOG-1"}).status_code == 200
        batch = {"notes": [{"text": secret + " TONIGHT", "call_id": "LOG-2"}, {"text": KNIFE_NOTE}]}
        assert client.post("/v1/triage/batch", json=batch).status_code == 200
    logged = caplog.text
    assert "LOG-1" in logged and "LOG-2" in logged  # the requests were logged...
    assert f"chars={len(secret)}" in logged
    for fragment in ("JANE", "ELM ST", "HURT HERSELF", "KNIFE IN HAND"):  # ...without their text
        assert fragment not in logged


def test_triage_log_text_setting_logs_text(api_settings: Settings, caplog: pytest.LogCaptureFixture) -> None:
    settings = api_settings.model_copy(update={"log_text": True})
    with caplog.at_level(logging.INFO, logger="call_nlp"), TestClient(create_app(settings), client=LOOPBACK) as client:
        assert client.post("/v1/triage", json={"text": "DEBUG NOTE HEARING VOICES"}).status_code == 200
    assert "DEBUG NOTE HEARING VOICES" in caplog.text
    assert "CALL_NLP_LOG_TEXT is on" in caplog.text
