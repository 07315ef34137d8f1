"""The record writer in a process of its own (`writer_process`): the service's records are
committed there, each request still returns once its record is committed, and no failure of
that process loses a record or holds a suggestion back past the budget.

The process is real in every test (started as the service starts it), on SQLite and on
PostgreSQL; failures are real too: the process killed, frozen (SIGSTOP), or its database
locked by another process.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest

from call_nlp.records import writer_process
from call_nlp.records.record import SuggestionRecord
from call_nlp.records.recorder import Recorder
from call_nlp.records.secret import sqlite_path
from call_nlp.records.spool import Spool
from call_nlp.records.store import RecordStore
from call_nlp.records.write_lock import WriteLock
from call_nlp.records.writer_process import ProtocolError, decode, encode
from tests.records.conftest import make_record

BUDGET_S = 0.5
#: The longest a test waits for something that should take a fraction of a second.
PATIENCE_S = 30.0

T = TypeVar("T")


class _Counting(RecordStore):
    """This process's store, counting the records its own writer thread adds."""

    def __init__(self, url: str) -> None:
        super().__init__(RecordStore.from_url(url).engine)
        self.added = 0

    def add(self, records: Sequence[SuggestionRecord]) -> int:
        self.added += len(records)
        return super().add(records)


def _serving(database_url: str, tmp_path: Path, scenario: Callable[[Recorder, _Counting], Awaitable[T]]) -> T:
    """Run ``scenario`` on an event loop, as the service runs: the recorder started, its writer
    process started from the loop and attached; stopped afterwards."""
    store = _Counting(database_url)
    recorder = Recorder(store, Spool(tmp_path / "spool"), retry_seconds=3600, budget_seconds=BUDGET_S)
    recorder.start()

    async def run() -> T:
        recorder.start_process()
        try:
            await _until(lambda: recorder.status().writer == "process")
            return await scenario(recorder, store)
        finally:
            await recorder.stop_process()

    try:
        return asyncio.run(run())
    finally:
        recorder.stop()


async def _until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + PATIENCE_S
    while not condition():
        assert time.monotonic() < deadline, "not within the test's patience"
        await asyncio.sleep(0.02)


def _child_pid(recorder: Recorder) -> int:
    child = recorder._process._child  # type: ignore[union-attr]
    assert child is not None
    return child.process.pid


def test_a_record_round_trips_the_wire_exactly() -> None:
    record = make_record(call_id="W-1", text="RP: «ÉLAN» \u2028 SUBJ \U0001f52a \\ \" \n NEXT LINE",
                         crisis_type_confidence=0.1 + 0.2, probabilities={"crisis_type": {"psychosis": 1e-300}},
                         model_run_id=None, district="NORTH")
    line = encode(7, [record, make_record(call_id=None)])
    assert line.endswith(b"\n") and line.count(b"\n") == 1  # one message, one line, whatever the note holds
    seq, records = decode(line[:-1])
    assert seq == 7 and records[0] == record and records[1].call_id is None


@pytest.mark.parametrize("line", [
    b"not json",
    b'{"url": "sqlite://"}',
    b'[1, [["too", "few", "fields"]]]',
    b'["one", []]',
    json.dumps([1, [[None] * 29]]).encode(),  # no date
    json.dumps({"__class__": "os.system", "args": ["true"]}).encode(),
])
def test_a_line_that_is_not_a_message_is_refused_by_name(line: bytes) -> None:
    with pytest.raises(ProtocolError):
        decode(line)


def test_the_process_commits_the_service_records_and_each_returns_once_committed(
        database_url: str, tmp_path: Path) -> None:
    records = [make_record(call_id=f"P-{i}") for i in range(8)]

    async def scenario(recorder: Recorder, store: _Counting) -> list[bool]:
        return list(await asyncio.gather(*(recorder.record_async([r]) for r in records)))

    store = RecordStore.from_url(database_url)
    results = _serving(database_url, tmp_path, scenario)
    assert results == [True] * len(records)
    assert [store.get(r.suggestion_id) is not None for r in records] == [True] * len(records)
    assert store.get(records[3].suggestion_id).record == records[3]  # type: ignore[union-attr]
    store.close()


def test_once_the_process_is_attached_the_thread_writes_nothing(
        database_url: str, tmp_path: Path) -> None:
    async def scenario(recorder: Recorder, store: _Counting) -> tuple[int, bool]:
        ok = await recorder.record_async([make_record(call_id="P-after")])
        return store.added, ok

    assert _serving(database_url, tmp_path, scenario) == (0, True)  # the process stored it, not the thread


def test_a_refused_request_is_spooled_and_the_others_are_still_stored(database_url: str, tmp_path: Path) -> None:
    good = [make_record(call_id=f"R-{i}") for i in range(4)]
    bad = make_record(call_id="R-bad", model_version=None)  # the database refuses it: NOT NULL

    async def scenario(recorder: Recorder, store: _Counting) -> list[bool]:
        return list(await asyncio.gather(*(recorder.record_async([r]) for r in [*good[:2], bad, *good[2:]])))

    assert _serving(database_url, tmp_path, scenario) == [True, True, False, True, True]
    store = RecordStore.from_url(database_url)
    assert [store.get(r.suggestion_id) is not None for r in good] == [True] * 4
    assert Spool(tmp_path / "spool").size() == 1  # kept, not lost
    store.close()


def test_a_killed_process_loses_no_record_and_another_one_is_attached(
        database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer_process, "RESTART_AFTER_S", 0.1)
    before, during, after = make_record(call_id="K-1"), make_record(call_id="K-2"), make_record(call_id="K-3")

    async def scenario(recorder: Recorder, store: _Counting) -> list[Any]:
        first = _child_pid(recorder)
        stored = [await recorder.record_async([before])]
        os.kill(first, signal.SIGKILL)
        await _until(lambda: recorder.status().writer == "thread")
        stored.append(await recorder.record_async([during]))  # the thread stands in
        await _until(lambda: recorder.status().writer == "process")
        stored.append(await recorder.record_async([after]))
        return [stored, _child_pid(recorder) != first, recorder.status().store, store.added]

    stored, new_process, health, by_thread = _serving(database_url, tmp_path, scenario)
    assert stored == [True, True, True] and new_process and health == "ok"
    assert by_thread == 1  # only the one made while no process was attached
    store = RecordStore.from_url(database_url)
    assert all(store.get(r.suggestion_id) is not None for r in (before, during, after))
    store.close()


def test_a_frozen_process_holds_a_suggestion_back_by_the_budget_at_most(
        database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The process stops answering (SIGSTOP): the request returns within the budget with its
    record spooled, the frozen process is killed, and records are stored again afterwards."""
    monkeypatch.setattr(writer_process, "RESTART_AFTER_S", 0.1)
    frozen_one, later = make_record(call_id="F-1"), make_record(call_id="F-2")

    async def scenario(recorder: Recorder, store: _Counting) -> list[Any]:
        pid = _child_pid(recorder)
        os.kill(pid, signal.SIGSTOP)
        started = time.monotonic()
        spooled = await recorder.record_async([frozen_one])
        took = time.monotonic() - started
        status = recorder.status()
        recorder.replay()  # as the replay thread does every retry_seconds: the store itself is fine
        await _until(lambda: recorder.status().writer == "process")
        return [spooled, took, status.store, status.reason, _child_pid(recorder) != pid,
                await recorder.record_async([later])]

    spooled, took, health, reason, replaced, stored_later = _serving(database_url, tmp_path, scenario)
    assert spooled is False and took < BUDGET_S + 1.0
    assert (health, reason) == ("degraded", "StoreTimeout") and replaced and stored_later is True
    store = RecordStore.from_url(database_url)
    assert all(store.get(r.suggestion_id) is not None for r in (frozen_one, later))  # the spool replayed
    store.close()


def test_a_locked_database_holds_a_suggestion_back_by_the_budget_at_most(tmp_path: Path) -> None:
    """SQLite's write lock held by another process: the writer process waits for it, the request
    does not."""
    url = f"sqlite:///{tmp_path / 'records.db'}"
    record = make_record(call_id="L-1")

    async def scenario(recorder: Recorder, store: _Counting) -> tuple[bool, float]:
        with WriteLock(Path(sqlite_path(url) or "")).held():
            started = time.monotonic()
            ok = await recorder.record_async([record])
            return ok, time.monotonic() - started

    ok, took = _serving(url, tmp_path, scenario)
    assert ok is False and took < BUDGET_S + 1.0 and Spool(tmp_path / "spool").size() == 1


def test_the_process_ends_with_the_service(database_url: str, tmp_path: Path) -> None:
    """Stopped with the service, and gone by itself when the service dies (its socket closes)."""
    async def scenario(recorder: Recorder, store: _Counting) -> list[Any]:
        child = recorder._process._child  # type: ignore[union-attr]
        assert child is not None and child.transport is not None
        child.transport.abort()  # as the kernel closes it when the service dies
        code = await asyncio.to_thread(child.process.wait, PATIENCE_S)
        return [code]

    assert _serving(database_url, tmp_path, scenario) == [0]

    async def stopped(recorder: Recorder, store: _Counting) -> Any:
        return recorder._process._child.process  # type: ignore[union-attr]

    process = _serving(database_url, tmp_path, stopped)
    assert process.poll() is not None


def test_the_process_is_given_no_secret_of_the_service(
        database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither its environment nor its command line holds the API keys, the HMAC secret or the
    store's URL (which may hold a password): the URL comes over the socket."""
    monkeypatch.setenv("CALL_NLP_API_KEYS", "k-secret-1:call-taker")
    monkeypatch.setenv("CALL_NLP_HMAC_SECRET", "h-secret-2")

    async def scenario(recorder: Recorder, store: _Counting) -> tuple[bytes, bytes]:
        pid = _child_pid(recorder)
        return Path(f"/proc/{pid}/environ").read_bytes(), Path(f"/proc/{pid}/cmdline").read_bytes()

    environ, cmdline = _serving(database_url, tmp_path, scenario)
    for secret in (b"k-secret-1", b"h-secret-2", database_url.encode(), b"CALL_NLP_"):
        assert secret not in environ and secret not in cmdline


def test_a_process_that_cannot_start_leaves_the_thread_writing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(writer_process.sys, "executable", str(tmp_path / "no-such-python"))
    url = f"sqlite:///{tmp_path / 'records.db'}"
    store = _Counting(url)
    recorder = Recorder(store, Spool(tmp_path / "spool"), retry_seconds=3600, budget_seconds=BUDGET_S)
    recorder.start()
    record = make_record(call_id="N-1")

    async def run() -> bool:
        recorder.start_process()
        try:
            return await recorder.record_async([record])
        finally:
            await recorder.stop_process()

    try:
        assert asyncio.run(run()) is True
    finally:
        recorder.stop()
    assert store.added == 1 and recorder.status().writer == "thread"
    assert "record writer process could not be started (FileNotFoundError)" in caplog.text


def test_a_service_stopping_as_its_process_gets_ready_stops(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The stop begins in the very loop iteration in which the process says it is ready. With
    asyncio.wait_for on Python 3.11, the cancellation was swallowed and the stop waited for ever
    (found by the test suite: an app's shutdown hung)."""
    url = f"sqlite:///{tmp_path / 'records.db'}"
    RecordStore.from_url(url).migrate()
    writer = writer_process.ProcessWriter(url)
    closing: list[asyncio.Task[None]] = []
    answer = writer_process._Child._answer

    def greeted_then_stopped(child: Any, message: Any) -> None:
        answer(child, message)
        if isinstance(message, dict):
            closing.append(asyncio.ensure_future(writer.close()))

    monkeypatch.setattr(writer_process._Child, "_answer", greeted_then_stopped)

    async def run() -> bool:
        writer.start()
        await _until(lambda: bool(closing))
        done, _ = await asyncio.wait(closing, timeout=PATIENCE_S)
        return bool(done)

    assert asyncio.run(run()) is True
