"""Record fixtures: records made without a model, and a store on each test database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from call_nlp.records.record import SuggestionRecord, new_suggestion_id, text_hmac
from call_nlp.records.store import RecordStore

T0 = datetime(2026, 11, 26, 22, 0, tzinfo=UTC)


def make_record(call_id: str | None = "C-1", seconds: float = 0.0, **overrides: Any) -> SuggestionRecord:
    values: dict[str, Any] = dict(
        suggestion_id=new_suggestion_id(),
        created_at=T0 + timedelta(seconds=seconds),
        call_id=call_id,
        model_version="3",
        model_run_id="run-abc",
        model_sha256="a" * 64,
        policy_version="2026.11",
        policy_digest="b" * 64,
        lexicon_version="2026.11-1",
        lexicon_digest="c" * 64,
        text_hmac=text_hmac(b"k", "SUBJ HAS A KNIFE"),
        text_chars=16,
        text_stored="redacted",
        text="SUBJ HAS A KNIFE",
        response_model="co_response",
        needs_review=True,
        rule="violence_risk",
        crisis_type="psychosis",
        crisis_type_confidence=0.61,
        crisis_type_overridden=False,
        violence_risk="imminent",
        violence_risk_confidence=0.4,
        violence_risk_overridden=True,
        probabilities={"crisis_type": {"psychosis": 0.61, "suicide_risk": 0.39}, "violence_risk": {"imminent": 0.4}},
        cues=[{"kind": "weapon", "concept": "knife", "status": "affirmed", "label": "weapon: knife", "start": 11, "end": 16}],
        reasons=["weapon stated present (knife): violence risk raised to imminent"],
        medical_needs=[],
    )
    values.update(overrides)
    return SuggestionRecord(**values)


@pytest.fixture
def store(database_url: str) -> Iterator[RecordStore]:
    store = RecordStore.from_url(database_url)
    store.migrate()
    yield store
    store.close()
