"""Group commit: concurrent requests share one transaction, each returns once its records are
stored, and one refused request never costs another its record."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from call_nlp.records.record import SuggestionRecord
from call_nlp.records.recorder import Recorder
from call_nlp.records.spool import Spool
from call_nlp.records.store import RecordStore
from tests.records.conftest import make_record

REQUESTS = 6


class _Gated(RecordStore):
    """A store whose first write waits until every other request is queued behind it, so the
    grouping is deterministic; it counts transactions and can refuse one record."""

    def __init__(self, url: str, recorder: list[Recorder], refuse: str | None = None) -> None:
        super().__init__(RecordStore.from_url(url).engine)
        self.recorder = recorder
        self.refuse = refuse
        self.batches: list[int] = []

    def add(self, records: Sequence[SuggestionRecord]) -> int:
        if self.recorder and not self.batches:
            deadline = time.monotonic() + 10
            while len(self.recorder[0]._queue) < REQUESTS - 1 and time.monotonic() < deadline:
                time.sleep(0.005)
        self.batches.append(len(records))
        if self.refuse in {r.suggestion_id for r in records}:
            raise IntegrityError("INSERT", {}, Exception("refused"))
        return super().add(records)


def _concurrent(recorder: Recorder, records: list[SuggestionRecord]) -> list[bool]:
    results: list[bool] = [False] * len(records)

    def one(i: int) -> None:
        results[i] = recorder.record([records[i]])

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(records))]
    for t in threads:
        t.start()
        time.sleep(0.01)  # the first request reaches the writer before the others queue
    for t in threads:
        t.join(timeout=30)
    return results


@pytest.fixture
def gated(database_url: str, tmp_path: Path) -> tuple[_Gated, Recorder, list[Recorder]]:
    holder: list[Recorder] = []
    store = _Gated(database_url, holder)
    recorder = Recorder(store, Spool(tmp_path / "spool"), retry_seconds=3600)
    recorder.start()
    holder.append(recorder)
    yield store, recorder, holder
    recorder.stop()


def test_concurrent_requests_share_one_commit_and_return_stored(gated: tuple[_Gated, Recorder, list[Recorder]]) -> None:
    store, recorder, _ = gated
    records = [make_record(call_id=f"G-{i}") for i in range(REQUESTS)]
    assert _concurrent(recorder, records) == [True] * REQUESTS
    assert store.batches == [1, REQUESTS - 1]  # the first alone, then everyone who queued meanwhile
    for record in records:  # "recorded: true" means it is in the store when the request returns
        assert store.get(record.suggestion_id) is not None


def test_a_refused_request_is_spooled_and_the_others_are_still_stored(
    gated: tuple[_Gated, Recorder, list[Recorder]],
) -> None:
    store, recorder, _ = gated
    records = [make_record(call_id=f"R-{i}") for i in range(REQUESTS)]
    store.refuse = records[-1].suggestion_id
    results = _concurrent(recorder, records)
    assert results == [True] * (REQUESTS - 1) + [False]
    assert [store.get(r.suggestion_id) is not None for r in records] == [True] * (REQUESTS - 1) + [False]
    assert recorder.spool.size() == 1  # kept, not lost


def test_records_after_stop_are_still_stored(database_url: str, tmp_path: Path) -> None:
    store = RecordStore.from_url(database_url)
    recorder = Recorder(store, Spool(tmp_path / "spool"), retry_seconds=3600)
    recorder.start()
    recorder.stop()
    store.engine = RecordStore.from_url(database_url).engine  # stop closed the old pool
    record = make_record(call_id="late")
    assert recorder.record([record]) is True and store.get(record.suggestion_id) is not None


def test_coroutines_share_one_commit_and_a_cancelled_one_costs_no_other(
    gated: tuple[_Gated, Recorder, list[Recorder]],
) -> None:
    """The service's path (`record_async`): every coroutine returns once its record is stored,
    one transaction serves all that queued meanwhile, and a request cancelled while it waits (its
    client went away) neither loses its record nor holds up the rest."""
    import asyncio

    store, recorder, _ = gated
    records = [make_record(call_id=f"A-{i}") for i in range(REQUESTS)]
    store.refuse = records[2].suggestion_id

    async def main() -> list[bool | BaseException]:
        first = asyncio.create_task(recorder.record_async([records[0]]))
        await asyncio.sleep(0.01)  # the first reaches the writer before the others queue
        tasks = [asyncio.create_task(recorder.record_async([r])) for r in records[1:]]
        await asyncio.sleep(0)  # each has queued its records
        tasks[0].cancel()
        return await asyncio.gather(first, *tasks, return_exceptions=True)

    results = asyncio.run(main())
    assert isinstance(results[1], asyncio.CancelledError)
    assert results[0] is True and results[2] is False and results[3:] == [True] * (REQUESTS - 3)
    assert store.batches[0] == 1 and sum(store.batches) >= REQUESTS
    stored = [store.get(r.suggestion_id) is not None for r in records]
    assert stored == [True, True, False] + [True] * (REQUESTS - 3)  # the cancelled one's record too
    assert recorder.spool.size() == 1  # the refused one, kept
