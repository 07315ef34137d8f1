"""The optional district: request field, record column (schema version 2), older records and spool lines."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect

from call_nlp.api.main import create_app
from call_nlp.api.settings import Settings
from call_nlp.records.migrations import LATEST, _v1_records_and_reviews
from call_nlp.records.models import schema_version, suggestions
from call_nlp.records.record import SuggestionRecord
from call_nlp.records.store import RecordStore
from tests.records.conftest import make_record

LOOPBACK = ("127.0.0.1", 50000)


def test_district_migration_keeps_version_1_records(database_url: str) -> None:
    store = RecordStore.from_url(database_url)
    old = make_record()
    row = {k: v for k, v in vars(old).items() if k not in ("district", "margin", "incident_type")}
    with store.engine.begin() as conn:  # a store as schema version 1 left it, with one record
        schema_version.create(conn)
        _v1_records_and_reviews(conn)
        conn.execute(schema_version.insert().values(version=1, description="v1", applied_at=datetime.now(UTC)))
        conn.execute(suggestions.insert().values(**row))
    assert "district" not in {c["name"] for c in inspect(store.engine).get_columns("suggestion_records")}
    assert store.migrate() == LATEST == 4
    stored = store.get(old.suggestion_id)
    assert stored is not None and stored.record == old and stored.record.district is None  # margin filled in
    new = make_record(seconds=10, district="Riverbend")
    store.add([new])
    assert [s.record.district for s in store.between()] == [None, "Riverbend"]
    store.close()


def test_district_spool_lines_written_before_it_still_read() -> None:
    record = make_record()
    data = record.to_json()
    del data["district"], data["margin"]  # a line spooled before schema versions 2 and 3
    again = SuggestionRecord.from_json(json.loads(json.dumps(data)))
    assert again.district is None and again.margin == record.margin == 0.22


@pytest.fixture
def app_client(trained_model_dir: Path, policy_path: Path, tmp_path: Path) -> TestClient:
    settings = Settings(
        model_path=trained_model_dir,
        policy_path=policy_path,
        database_url=f"sqlite:///{tmp_path / 'records.db'}",
        spool_dir=tmp_path / "spool",
    )
    with TestClient(create_app(settings), client=LOOPBACK) as client:
        yield client


def test_district_is_recorded_with_the_suggestion(app_client: TestClient) -> None:
    answer = app_client.post("/v1/triage", json={"text": "RP STATES SUBJ HEARING VOICES", "call_id": "D-1",
                                                 "district": "Riverbend"})
    assert answer.status_code == 200
    assert "district" not in answer.json()  # recorded, not echoed: the answer's shape is unchanged
    batch = app_client.post("/v1/triage/batch", json={"notes": [{"text": "PANIC ATTACK", "district": "Midtown"},
                                                                {"text": "PANIC ATTACK"}]})
    ids = [answer.json()["suggestion_id"], *(r["suggestion_id"] for r in batch.json()["results"])]
    districts = [app_client.get(f"/v1/suggestions/{i}").json()["district"] for i in ids]
    assert districts == ["Riverbend", "Midtown", None]


@pytest.mark.parametrize("district", ["", "X" * 129, 7])
def test_district_invalid_is_a_422(app_client: TestClient, district: object) -> None:
    answer = app_client.post("/v1/triage", json={"text": "PANIC ATTACK", "district": district})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "district"]
