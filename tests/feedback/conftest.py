"""Feedback fixtures: a migrated store on each test database, and helpers to fill it with reviewed records."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from call_nlp.records.record import ReviewRecord, SuggestionRecord
from call_nlp.records.store import RecordStore
from tests.records.conftest import T0, make_record


@pytest.fixture
def store(database_url: str) -> Iterator[RecordStore]:
    store = RecordStore.from_url(database_url)
    store.migrate()
    yield store
    store.close()


def suggestion(
    call_id: str | None, seconds: float, response_model: str, *, district: str | None = None, **overrides: Any
) -> SuggestionRecord:
    """A record suggesting ``response_model`` (labels consistent with it unless overridden)."""
    labels = {
        "co_response": ("psychosis", "imminent"),
        "ems_clinician": ("suicide_risk", "low"),
        "peer_response": ("emotional_distress", "low"),
        "standard_dispatch": ("not_behavioral", "low"),
    }[response_model]
    values: dict[str, Any] = dict(
        response_model=response_model,
        crisis_type=labels[0],
        violence_risk=labels[1],
        needs_review=False,
        text=f"NOTE {call_id} AT {seconds}",
        district=district,
    )
    values.update(overrides)
    return make_record(call_id=call_id, seconds=seconds, **values)


def review(
    record: SuggestionRecord, response_model: str | None = None, *, minutes: float = 2, **overrides: Any
) -> ReviewRecord:
    """Accepted when ``response_model`` is None or the suggested one, else overridden to it."""
    final = response_model or record.response_model
    values: dict[str, Any] = dict(
        suggestion_id=record.suggestion_id,
        reviewed_at=record.created_at + timedelta(minutes=minutes),
        decision="accepted" if final == record.response_model else "overridden",
        response_model=final,
        crisis_type=None,
        violence_risk=None,
        reason=None,
        reviewer="ct-104",
        reviewer_verified=True,
        reviewer_role="call-taker",
    )
    values.update(overrides)
    return ReviewRecord(**values)


def fill(store: RecordStore, records: list[SuggestionRecord], reviews: list[ReviewRecord]) -> None:
    store.add(records)
    for r in reviews:
        store.add_review(r)


__all__ = ["T0", "fill", "review", "suggestion"]
