"""The review queue: unreviewed suggestions, least sure first, one per call, for labelers and auditors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from call_nlp.api.main import create_app
from call_nlp.api.settings import Settings
from call_nlp.uncertainty import margin
from tests.api.conftest import LOOPBACK
from tests.api.test_suggestions import AUD, CT, LAB, records_settings

NOTES = [  # (call_id, note): a call re-sent as it grew, ordinary calls, a crisis, one without a call id
    ("Q-1", "RP STATES NEIGHBOR ACTING STRANGE"),
    ("Q-1", "RP STATES NEIGHBOR ACTING STRANGE. UPD: YELLING AT CARS, UNK IF ARMED"),
    ("Q-2", "FIRE ALARM SOUNDING, NO SMOKE SEEN"),
    ("Q-3", "SUBJ ON BRIDGE RAILING SAYS WANTS TO END IT, HAS A KNIFE"),
    ("Q-4", "MALE SLUMPED AT BUS STOP, UNK IF BREATHING"),
    (None, "CALLER CRYING, JUST LOST JOB, WANTS SOMEONE TO TALK TO"),
]


@pytest.fixture
def queue_client(api_settings: Settings, database_url: str, tmp_path: Path) -> Iterator[tuple[TestClient, list[dict]]]:
    with TestClient(create_app(records_settings(api_settings, database_url, tmp_path)), client=LOOPBACK) as client:
        made = []
        for call_id, text in NOTES:
            response = client.post("/v1/triage", json={"text": text, "call_id": call_id}, headers=CT)
            assert response.status_code == 200, response.text
            made.append(response.json())
        yield client, made


def _queue(client: TestClient, headers: dict[str, str] = LAB, **params: object) -> list[dict]:
    response = client.get("/v1/review-queue", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_the_queue_holds_the_least_sure_suggestion_of_each_call_least_sure_first(
        queue_client: tuple[TestClient, list[dict]]) -> None:
    client, made = queue_client
    items = _queue(client)
    assert len(items) == 5  # six suggestions, five calls (the note without a call id is its own)
    margins = [item["margin"] for item in items]
    assert margins == sorted(margins)
    calls = [item["call_id"] for item in items]
    assert sorted(c or "" for c in calls) == ["", "Q-1", "Q-2", "Q-3", "Q-4"]
    for item in items:  # the margin is the record's, computed from the probabilities it shows
        record = client.get(f"/v1/suggestions/{item['suggestion_id']}", headers=LAB).json()
        probabilities = {h: record[h]["probabilities"] for h in ("crisis_type", "violence_risk")}
        assert item["margin"] == record["margin"] == margin(probabilities)
        assert item["created_at"] == record["created_at"]
    q1 = [s for (call, _), s in zip(NOTES, made, strict=True) if call == "Q-1"]
    q1_margins = {s["suggestion_id"]: margin({h: s[h]["probabilities"] for h in ("crisis_type", "violence_risk")})
                  for s in q1}
    chosen = next(item for item in items if item["call_id"] == "Q-1")
    assert chosen["margin"] == min(q1_margins.values()) and chosen["suggestion_id"] in q1_margins


def test_a_reviewed_call_leaves_the_queue_and_labelers_review_under_their_name(
        queue_client: tuple[TestClient, list[dict]]) -> None:
    client, made = queue_client
    first = made[0]["suggestion_id"]  # Q-1's first note, whichever of Q-1's notes the queue shows
    response = client.post(f"/v1/suggestions/{first}/review",
                           json={"decision": "overridden", "response_model": "co_response",
                                 "crisis_type": "psychosis", "violence_risk": "elevated"}, headers=LAB)
    assert response.status_code == 201, response.text
    assert response.json()["reviewer"] == "Sam Ito" and response.json()["reviewer_verified"] is True
    items = _queue(client, headers=AUD)
    assert len(items) == 4 and "Q-1" not in [item["call_id"] for item in items]


def test_limit_takes_the_least_sure_and_is_checked(queue_client: tuple[TestClient, list[dict]]) -> None:
    client, _ = queue_client
    everything = _queue(client)
    assert _queue(client, limit=2) == everything[:2]
    for bad in (0, 501, "many"):
        response = client.get("/v1/review-queue", params={"limit": bad}, headers=LAB)
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["query", "limit"]


def test_call_takers_may_not_read_the_queue(queue_client: tuple[TestClient, list[dict]]) -> None:
    client, _ = queue_client
    response = client.get("/v1/review-queue", headers=CT)
    assert response.status_code == 403 and "auditor or labeler" in response.json()["detail"]


def test_the_review_page_needs_no_key_ships_its_own_files_and_is_locked_down(client: TestClient) -> None:
    for path in ("/review", "/review/review.js", "/review/review.css"):
        response = client.get(path)  # no key: the page asks for one itself
        assert response.status_code == 200, path
        policy = response.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy and "form-action 'none'" in policy
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "://" not in response.text  # nothing from another origin: no CDN
    page = client.get("/review").text
    assert "<script>" not in page and 'src="/review/review.js"' in page  # no inline script
    assert '<option value="peer_response">peer_response</option>' in page
    assert client.get("/review/secrets.py").status_code == 404
