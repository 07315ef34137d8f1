"""POST /v1/triage/eido: a NENA EIDO document in (call-taker role), the suggestion, the incident
type echoed, the record, and a fragment out; a malformed document is a 422 naming its JSON path."""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from call_nlp import eido
from call_nlp.api.main import create_app
from call_nlp.api.routes.eido import EXAMPLE
from call_nlp.api.settings import Settings
from tests.api.conftest import LOOPBACK
from tests.api.test_suggestions import AUD, CT, KEYS
from tests.test_eido import document, incident, note


@pytest.fixture(scope="module")
def keyed(api_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    tmp = tmp_path_factory.mktemp("eido")
    settings = api_settings.model_copy(update={
        "database_url": f"sqlite:///{tmp / 'r.db'}", "spool_dir": tmp / "spool", "api_keys": SecretStr(KEYS),
        "hmac_secret": SecretStr("test-secret"), "model_poll_seconds": 0})
    with TestClient(create_app(settings), client=LOOPBACK) as client:
        yield client


def test_an_eido_gets_a_suggestion_a_record_and_a_fragment(keyed: TestClient) -> None:
    answer = keyed.post("/v1/triage/eido", json=EXAMPLE, headers=CT)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    suggestion = body["suggestion"]
    plain = keyed.post("/v1/triage", json={"text": "RP STATES ADULT SON HEARING VOICES, OFF MEDS & PACING\n"
                                                   "UPDATE 2116 RP NOW STATES NO WEAPONS SEEN"}, headers=CT).json()
    for field in ("response_model", "needs_review", "crisis_type", "violence_risk"):  # the notes, read as one note
        assert suggestion[field] == plain[field]
    assert body["notes_read"] == 2 and body["incident_type"] == {
        "common_registry_text": "Psychiatric", "internal_text": None, "internal_code": "MNTL"}
    assert eido.problems(body["eido"], "fragment") == []
    record = keyed.get(f"/v1/suggestions/{suggestion['suggestion_id']}", headers=AUD).json()
    assert record["incident_type"] == "Psychiatric | MNTL" and record["call_id"] == EXAMPLE["incidentComponent"]["$id"]
    assert record["text"].endswith("UPDATE 2116 RP NOW STATES NO WEAPONS SEEN")


def test_only_a_call_taker_may_send_one(keyed: TestClient) -> None:
    assert keyed.post("/v1/triage/eido", json=EXAMPLE).status_code == 401
    assert keyed.post("/v1/triage/eido", json=EXAMPLE, headers=AUD).status_code == 403


@pytest.mark.parametrize(("doc", "loc"), [
    (document(note("a", "2026-12-04T21:02:00", "RP STATES X")), ["body", "notesComponent", 0, "lastUpdateTimeStamp"]),
    (document(note("a", "2026-12-04T21:02:00Z", "RP STATES X"), incident={"$id": "i"}),
     ["body", "incidentComponent", "incidentTypeCommonRegistryText"]),
    (document(), ["body", "notesComponent"]),
    (document(note("a", "2026-12-04T21:02:00Z", "<p></p>")), ["body", "notesComponent"]),
    (["not", "an", "object"], ["body"]),
])
def test_a_malformed_document_is_a_422_naming_the_json_path(keyed: TestClient, doc: object, loc: list[object]) -> None:
    refused = keyed.post("/v1/triage/eido", json=doc, headers=CT)
    assert refused.status_code == 422
    assert loc in [problem["loc"] for problem in refused.json()["detail"]], refused.json()


def test_a_key_given_twice_and_notes_too_long_are_refused(keyed: TestClient) -> None:
    twice = b'{"$id": "a", "$id": "b"}'
    refused = keyed.post("/v1/triage/eido", content=twice, headers={**CT, "content-type": "application/json"})
    assert refused.status_code == 422 and refused.json()["detail"][0]["type"] == "duplicate_key"
    long_notes = [note(f"n{i}", f"2026-12-04T21:{i:02d}:00Z", "RP STATES " + "X" * 4000) for i in range(3)]
    refused = keyed.post("/v1/triage/eido", json=document(*long_notes), headers=CT)
    assert refused.status_code == 422 and "CALL_NLP_MAX_TEXT_CHARS" in refused.json()["detail"][0]["msg"]


def test_an_incident_array_of_the_older_layout_is_read(keyed: TestClient) -> None:
    doc = document(note("a", "2026-12-04T21:02:00Z", "FIRE ALARM SOUNDING, NO SMOKE"),
                   incident=[incident("Fire", ident="old"), {**incident("Fire Alarm", "FA", "new"),
                                                             "lastUpdateTimeStamp": "2026-12-04T21:05:00-05:00"}])
    body = keyed.post("/v1/triage/eido", json=copy.deepcopy(doc), headers=CT).json()
    assert body["incident_type"]["common_registry_text"] == "Fire Alarm" and body["suggestion"]["call_id"] == "new"


def test_the_endpoint_is_documented_and_its_code_example_is_a_valid_eido(keyed: TestClient) -> None:
    operation = keyed.get("/openapi.json").json()["paths"]["/v1/triage/eido"]["post"]
    assert "422" in operation["responses"] and operation["summary"].startswith("Suggest a response for a NENA EIDO")
    assert eido.problems(EXAMPLE) == []
